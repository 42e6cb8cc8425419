from jdib.cli import main

raise SystemExit(main())
