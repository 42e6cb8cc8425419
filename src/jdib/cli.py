"""The ``jdib`` command line."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from jdib import __version__, paths
from jdib.errors import InputError

DESCRIPTION = """\
Turn Japanese defence-industry documents into cited tables and reports.

Typical use:
  jdib tables                      read seeds/ and write data/tables/*.csv
  jdib tables --seeds DIR --out DIR
"""


def _tables(args: argparse.Namespace) -> int:
    from jdib import corpus, tables, writers

    docs = corpus.load_corpus(args.seeds, progress=sys.stderr.isatty())
    built = tables.build(docs)
    writers.write_tables(built, args.out)
    for name, frame in built.items():
        print(f"{name:<12} {len(frame):>6} rows  -> {Path(args.out) / (name + '.csv')}")
    return 0


def parser() -> argparse.ArgumentParser:
    """The argument parser, with one sub-command per job."""
    top = argparse.ArgumentParser(prog="jdib", description=DESCRIPTION,
                                  formatter_class=argparse.RawDescriptionHelpFormatter)
    top.add_argument("--version", action="version", version=f"jdib {__version__}")
    top.add_argument("-q", "--quiet", action="store_true", help="only print errors")
    sub = top.add_subparsers(dest="command", metavar="COMMAND")

    t = sub.add_parser("tables", help="parse the documents and write every table as CSV",
                       description="Parse every document in SEEDS and write one CSV per "
                                   "table (UTF-8, ISO dates) to OUT. OUT is replaced only "
                                   "when every document parsed.")
    t.add_argument("--seeds", type=Path, default=paths.SEEDS,
                   help="folder of documents and catalog.csv (default: %(default)s)")
    t.add_argument("--out", type=Path, default=paths.TABLES,
                   help="folder for the CSV files (default: %(default)s)")
    t.set_defaults(func=_tables)
    return top


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit status.

    Exit status: 0 on success, 1 when a check finds a difference or a report
    fails, 2 on bad input (a document, a parameter, a folder).
    """
    args = parser().parse_args(argv)
    logging.basicConfig(level=logging.ERROR if args.quiet else logging.WARNING,
                        format="jdib: warning: %(message)s")
    if not getattr(args, "func", None):
        parser().print_help()
        return 2
    try:
        return args.func(args)
    except InputError as err:
        print(f"jdib: error: {err}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("jdib: interrupted; earlier outputs are unchanged", file=sys.stderr)
        return 130
