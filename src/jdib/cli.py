"""The ``jdib`` command line."""

from __future__ import annotations

import argparse
import contextlib
import logging
import signal
import sys
import threading
from pathlib import Path

from jdib import __version__, paths
from jdib.errors import InputError, Interrupted, ReportFailed

DESCRIPTION = """\
Turn Japanese defence-industry documents into cited tables and reports.

Typical use:
  jdib tables                      read seeds/ and write data/jdib.duckdb, data/parquet/, data/tables/*.csv
  jdib tables --seeds DIR --store STORE --out DIR
  jdib build                       run notebooks/ and write outputs/*.html, *.pdf
  jdib add URL-or-FILE...          save documents into seeds/ and list them in seeds/catalog.csv
  jdib review                      list the rows that need an analyst's eye; record decisions on them
"""

BUILD_DESCRIPTION = """\
Run every notebooks/NN_name.ipynb with papermill (in parallel) and write, for each,
OUT/NAME.ipynb (executed), OUT/NAME.html and OUT/NAME.pdf, plus OUT/index.html
listing the reports, their parameters and the source documents with checksums.

Parameters: each notebook's cell tagged `parameters` declares them and their
defaults. -p NAME VALUE (values read as YAML scalars, as papermill does) and
--params FILE.yaml override them; they are checked before any notebook runs
(as_of YYYY-MM-DD or latest, lang en or ja, seeds_dir an existing folder). A run whose
parameters differ from the defaults goes to OUT/runs/<slug>/, for example
outputs/runs/as_of-2026-02-01_lang-ja/, and never replaces the default reports.

Cache: a report whose notebook, parameters, jdib source, seed files and formats
are unchanged since it was built is not run again ("up to date"); the record is
OUT/.jdib-cache.json. --force runs everything.

Safety: files are written to a staging folder and moved into place only when a
report is complete, so an interrupted or failed build leaves earlier outputs
intact; jdib replaces only files it wrote (listed in OUT/.jdib-owned) and refuses
an OUT that is the notebooks or seeds folder. A format not built this time is
removed if an earlier build wrote it. --cell-timeout stops a stuck cell.
A failing notebook does not stop the others; its executed notebook is kept in
OUT/failed/ and the exit status is 1. HTML output is sanitized: text
quoted from documents cannot inject markup or scripts.

Exit status: 0 built or up to date, 1 a report failed, 2 bad input.
"""

BUILD_EXAMPLES = """\
examples:
  jdib build                                  every report, default parameters
  jdib build -p as_of 2026-02-01 -p lang ja   -> outputs/runs/as_of-2026-02-01_lang-ja/
  jdib build --only 01 --formats html         one report, HTML only
  jdib build --params run.yaml --out /tmp/r   parameters from a YAML file
"""


def _tables(args: argparse.Namespace) -> int:
    from jdib.store import warehouse

    if args.docs:
        _write_dictionary(args.docs, args.seeds)
        return 0
    if args.jobs is not None and args.jobs < 1:
        raise InputError(f"--jobs {args.jobs}", "must be at least 1")
    protected = [(args.seeds, "the seeds folder"), (paths.NOTEBOOKS, "the notebooks folder")]
    from jdib.store import generation
    from jdib.store.atomic import check_out_folder

    if args.out:
        check_out_folder(args.out, protected=protected)  # before the slow part
    if args.store:
        generation.check_folder(args.store, protected=protected)
    info = warehouse.refresh(args.seeds, args.store, csv_dir=args.out, jobs=args.jobs, force=args.force,
                             progress=sys.stderr.isatty() and not args.quiet, strict=args.strict,
                             protected=protected)
    if args.quiet:
        return 0
    for name, rows in info["rows"].items():
        print(f"{name:<12} {rows:>6} rows  -> {info['csv'] / (name + '.csv')}")
    skipped = f"; {len(info['skipped'])} file(s) skipped" if info["skipped"] else ""
    state = (f"{info['read']} of {info['documents']} documents read{skipped}"
             if info["written"] else f"up to date ({info['documents']} documents{skipped})")
    store = info["store"]
    print(f"{state}; database {store / 'jdib.duckdb'}, Parquet {store / 'parquet'}")
    return 0


def _add(args: argparse.Namespace) -> int:
    from jdib.store import add

    for got in add.add(args.sources, args.seeds):
        if got.new:
            print(f"added {got.file} as {got.doc_id}")
        else:
            print(f"{got.source}: already there as {got.file} ({got.doc_id})")
    return 0


def _review(args: argparse.Namespace) -> int:
    from jdib.store import decide

    action = getattr(args, "action", None) or "queue"
    if action == "queue":
        if args.limit is not None and args.limit < 1:
            raise InputError(f"--limit {args.limit}", "must be at least 1")
        found, text = decide.write_queue(args.seeds, args.store, args.out, limit=args.limit)
        if args.out is None:
            print(text, end="")
        else:
            kinds = found["doubts"].str.split(";").explode().value_counts() if len(found) else {}
            print(f"{len(found)} doubtful row(s) -> {args.out}"
                  + "".join(f"; {n} {k}" for k, n in dict(kinds).items()))
        return 0
    if action == "apply":
        done = decide.apply_sheet(args.seeds, args.store, args.sheet, args.by or decide.analyst())
        print(f"{len(done)} decision(s) recorded from {args.sheet}" if done
              else f"{args.sheet}: no row has a decision; nothing was recorded")
        return 0
    entry: dict = {"decision": action, "by": args.by or decide.analyst(), "why": args.why}
    if action == "add":
        entry |= {"table": args.table, "set": decide.assignments(args.fields)}
    else:
        entry |= {"row": args.row, "table": args.table}
    if action == "correct":
        entry["set"] = decide.assignments(args.fields)
    if action == "merge":
        entry["rows"] = args.rows
    if action in ("correct", "add"):
        entry |= {"cite": args.cite, "quote": args.quote}
    d, path = decide.decide(args.seeds, args.store, {k: v for k, v in entry.items() if v is not None})
    print(f"recorded {d.label()} in {path}; the next `jdib tables` or `jdib build` applies it")
    return 0


def _write_dictionary(path: Path, seeds: Path) -> None:
    """Write the generated data dictionary into its section of a Markdown file, keeping the rest."""
    from jdib.store import atomic, schema

    atomic.check_out_folder(path.parent, option="--docs", protected=[
        (seeds, "the seeds folder"), (paths.NOTEBOOKS, "the notebooks folder")])
    if path.suffix.lower() != ".md":
        raise InputError(path, "--docs writes a Markdown file (README.md); jdib will not write into this one")
    if path.is_dir():
        raise InputError(path, "--docs names a folder, not a Markdown file")
    text = path.read_text(encoding="utf-8") if path.exists() else "# data/\n\n"
    atomic.write_text(path, schema.with_dictionary(text, path))
    print(f"data dictionary -> {path}")


def _build(args: argparse.Namespace) -> int:
    from jdib.render import runner as build, params

    given: dict[str, object] = {}
    if args.params:
        given |= params.load_file(args.params)
    declared: dict[str, object] = {}
    for nb in build.discover(args.notebooks, tuple(args.only)):
        declared = params.declared(nb) | declared
    here = paths.here("seeds")
    if "seeds_dir" in declared and "seeds_dir" not in given and here.resolve() != paths.SEEDS.resolve():
        given["seeds_dir"] = str(here)  # a working folder with its own documents reports on them
    for name, value in args.p or []:
        given[name] = params.parse_cli_value(value, declared.get(name))
    if args.strict:
        from jdib.ingest import corpus

        corpus.load_corpus(given.get("seeds_dir") or paths.SEEDS, strict=True)
    formats = tuple(f.strip() for f in args.formats.split(",") if f.strip())
    return build.run(build.Options(
        notebooks=args.notebooks, out=args.out, given=given, only=tuple(args.only),
        formats=formats, force=args.force, jobs=args.jobs, quiet=args.quiet,
        cell_timeout=args.cell_timeout))


def _check(args: argparse.Namespace) -> int:
    from jdib.checks import regress

    say = (lambda name: print(f"running {name} ...", file=sys.stderr)) if not args.quiet else None
    tables = regress.check_tables(args.seeds, args.golden)
    notebooks = [] if args.tables_only else regress.check_notebooks(args.notebooks, progress=say)
    summary = regress.describe(tables, notebooks)
    if summary:
        print(summary)
        print("jdib check: differences found; `jdib accept` makes them the baseline")
        return 1
    print(f"jdib check: {len(tables)} tables and {len(notebooks)} reports match the baseline")
    return 0


def _accept(args: argparse.Namespace) -> int:
    from jdib.checks import regress

    say = (lambda name: print(f"executing {name} ...", file=sys.stderr)) if not args.quiet else None
    # The golden tables go neither among the documents, nor the notebooks, nor the built reports.
    protected = [(paths.here("seeds"), "the seeds folder"),
                 (args.notebooks, "the notebooks folder"), (paths.NOTEBOOKS, "the notebooks folder"),
                 (paths.here("outputs"), "the outputs folder"), (paths.OUTPUTS, "the outputs folder")]
    notebooks, table_diffs = regress.accept(args.seeds, args.golden,
                                            None if args.tables_only else args.notebooks, progress=say,
                                            protected=protected)
    for name, changed in notebooks:
        print(f"report {name}: outputs stored ({changed} cell(s) changed)")
    for d in table_diffs:
        print(f"table {d.name}: accepted ({len(d.added)} added, {len(d.removed)} removed, "
              f"{len(d.changed)} changed)")
    return 0


def _regression_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--seeds", type=Path, default=paths.SEEDS,
                   help="documents whose tables are compared (default: %(default)s)")
    p.add_argument("--golden", type=Path, default=paths.GOLDEN,
                   help="folder of accepted table CSVs (default: %(default)s)")
    p.add_argument("--notebooks", type=Path, default=paths.NOTEBOOKS,
                   help="notebooks stored with their accepted outputs (default: %(default)s); "
                        "they read the seeds folder their parameters name")
    p.add_argument("--tables-only", action="store_true", help="leave the notebooks alone")


def _bench(args: argparse.Namespace) -> int:
    import contextlib
    import io

    from jdib.checks import bench

    if args.runs < 1:
        raise InputError(f"--runs {args.runs}", "must be at least 1")
    if args.formats and not set(args.formats.split(",")) <= {"html", "pdf"}:
        raise InputError(f"--formats {args.formats}", "expected html, pdf or html,pdf")
    progress = io.StringIO() if args.quiet else sys.stderr
    try:
        with contextlib.redirect_stderr(progress):
            results = bench.run(args.out, runs=args.runs, quick=args.quick, formats=args.formats)
    except RuntimeError as err:  # a build or a tables run failed: nothing to compare
        print(f"jdib: error: bench: {err}", file=sys.stderr)
        return 1
    missed = [row["metric"] for row in results["summary"] if not row["passed"]]
    return 1 if args.check and missed else 0


REVIEW_DESCRIPTION = """\
The analyst has the last word. Decisions live in STORE/review.yaml (data/review.yaml
for the project's seeds), a file you own and commit; every build applies them
after the extraction: rejected rows go, corrected and added rows carry
review = corrected/added and a note, and the decisions table lists them all.
A decision whose row vanished or whose quote left its paragraph is reported on
every build and in the overview report.

Without an action, jdib review prints the queue of doubtful rows, most
doubtful first, as a sheet to fill in (--out SHEET.csv or SHEET.md writes it);
jdib review apply SHEET records the rows given a decision.
"""

REVIEW_EXAMPLES = """\
examples:
  jdib review --out queue.csv
  jdib review apply queue.csv
  jdib review reject ministerial-2025-03-29 --why "the minister only said he sought talks"
  jdib review correct 2plus2-2024-07-28 venue_en=Tokyo --cite mofa-20240728-2plus2:p2 \\
      --quote 東京で --why "the release names the city"
  jdib review add events date=2024-07-28 kind=contract status=held series=contract \\
      --cite news-kyodo-20240728-pac3:p3 --quote 署名 --why "three pages tell the signing"
"""


#: The tables decisions apply to (jdib.store.review.TABLES, which imports pandas: a test keeps them equal).
REVIEWED = ("events", "programs", "figures")


def _review_parser(sub) -> None:
    r = sub.add_parser("review", help="list doubtful rows; confirm, reject, correct or add rows",
                       description=REVIEW_DESCRIPTION, epilog=REVIEW_EXAMPLES,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    where = argparse.ArgumentParser(add_help=False)
    where.add_argument("--seeds", type=Path, default=paths.here("seeds"),
                       help="folder of documents and catalog.csv (default: %(default)s)")
    where.add_argument("--store", type=Path, metavar="STORE",
                       help="the store folder, as for jdib tables; its review.yaml holds the decisions")
    where.add_argument("--by", metavar="NAME", help="who decides (default: $JDIB_ANALYST, else your login)")
    r.add_argument("--seeds", type=Path, default=paths.here("seeds"),
                   help="folder of documents and catalog.csv (default: %(default)s)")
    r.add_argument("--store", type=Path, metavar="STORE", help="the store folder, as for jdib tables")
    r.add_argument("--out", type=Path, metavar="SHEET",
                   help="write the queue as a sheet to fill in: SHEET.csv or SHEET.md (default: print it)")
    r.add_argument("--limit", type=int, metavar="N", help="only the N most doubtful rows")
    r.set_defaults(func=_review)
    acts = r.add_subparsers(dest="action", metavar="ACTION")
    why = argparse.ArgumentParser(add_help=False)
    why.add_argument("--why", required=True, metavar="TEXT", help="why: kept with the decision")
    cite = argparse.ArgumentParser(add_help=False)
    cite.add_argument("--cite", required=True, metavar="DOC_ID:pN", help="the paragraph that says so")
    cite.add_argument("--quote", required=True, metavar="TEXT",
                      help="the words of that paragraph that say so (checked to stand in it)")
    a = acts.add_parser("apply", parents=[where], help="record the decisions of a filled sheet")
    a.add_argument("sheet", type=Path, metavar="SHEET", help="a sheet written by jdib review --out, filled in")
    for name, text in (("confirm", "confirm a row as the documents tell it"),
                       ("reject", "take a row out of the tables")):
        p = acts.add_parser(name, parents=[where, why], help=text)
        p.add_argument("row", metavar="ROW", help="the row's key in its table (event_id for events)")
        p.add_argument("--table", choices=list(REVIEWED), help="the row's table, when its key is in several")
    c = acts.add_parser("correct", parents=[where, why, cite], help="correct fields of a row")
    c.add_argument("row", metavar="ROW", help="the row's key in its table (event_id for events)")
    c.add_argument("fields", nargs="+", metavar="FIELD=VALUE", help="the corrected fields")
    c.add_argument("--table", choices=list(REVIEWED), help="the row's table, when its key is in several")
    m = acts.add_parser("merge", parents=[where, why], help="fold events told twice into one row")
    m.add_argument("row", metavar="ROW", help="the event_id kept")
    m.add_argument("rows", nargs="+", metavar="OTHER", help="the event_ids folded into it")
    m.set_defaults(table="events")
    d = acts.add_parser("add", parents=[where, why, cite], help="add a row the documents tell and jdib missed")
    d.add_argument("table", choices=list(REVIEWED), metavar="TABLE", help=", ".join(REVIEWED))
    d.add_argument("fields", nargs="+", metavar="FIELD=VALUE", help="the row's fields")


def _global_options(p: argparse.ArgumentParser, default: object = False) -> None:
    p.add_argument("-q", "--quiet", action="store_true", default=default, help="only print errors")
    p.add_argument("-v", "--verbose", action="store_true", default=default,
                   help="also print what each step does")


def parser() -> argparse.ArgumentParser:
    """The argument parser, with one sub-command per job."""
    top = argparse.ArgumentParser(prog="jdib", description=DESCRIPTION,
                                  formatter_class=argparse.RawDescriptionHelpFormatter)
    top.add_argument("--version", action="version", version=f"jdib {__version__}")
    _global_options(top)
    # The same options after the sub-command (`jdib build -q`); SUPPRESS keeps a
    # value given before it.
    common = argparse.ArgumentParser(add_help=False)
    _global_options(common, default=argparse.SUPPRESS)
    sub = top.add_subparsers(dest="command", metavar="COMMAND")
    add_parser = sub.add_parser
    sub.add_parser = lambda *a, **k: add_parser(*a, parents=[common], **k)  # type: ignore[method-assign]

    t = sub.add_parser("tables", help="parse the documents and write every table to the store",
                       description="Parse every document in SEEDS and write every table to the store "
                                   "folder (--store): STORE/jdib.duckdb, a DuckDB database, and "
                                   "STORE/parquet/NAME.parquet, written together and made current in "
                                   "one step; then one CSV per table (UTF-8 with BOM, ISO dates) in OUT "
                                   "(default STORE/tables), beside any other files there. Only new or "
                                   "changed documents are read again. Nothing is replaced unless every "
                                   "document parsed and every table fits its schema, and only files jdib "
                                   "wrote are ever replaced. Neither STORE nor OUT may be or lie in the "
                                   "seeds or notebooks folder.")
    t.add_argument("--seeds", type=Path, default=paths.here("seeds"),
                   help="folder of documents and catalog.csv (default: %(default)s)")
    t.add_argument("--out", type=Path, metavar="OUT",
                   help="folder for the CSV files, UTF-8 with BOM (default: STORE/tables)")
    t.add_argument("--strict", action="store_true",
                   help="stop (exit 2) at a file that is skipped: not a document, an encrypted "
                        "or scanned PDF, a page without article text, a link leaving the folder")
    t.add_argument("--store", type=Path, metavar="STORE",
                   help="folder of jdib.duckdb, parquet/ and the per-document cache (.jdib-store/); "
                        "default: $JDIB_STORE, else data/ beside the project's or a working folder's "
                        "seeds/, else a folder in ~/.cache/jdib/stores")
    t.add_argument("--jobs", type=int, metavar="N",
                   help="processes extracting documents at once (default: the number of CPU cores)")
    t.add_argument("--force", action="store_true", help="rewrite the tables even when nothing changed")
    t.add_argument("--docs", type=Path, nargs="?", const=paths.ROOT / "data" / "README.md",
                   metavar="README",
                   help="only write the data dictionary into its section of README, a Markdown "
                        "file (default: data/README.md)")
    t.set_defaults(func=_tables)

    d = sub.add_parser(
        "add", help="save documents (URLs or files) into the seeds folder and catalog them",
        description="Save each document into SEEDS as it was published: for an http(s) URL the "
                    "server's bytes, with the suffix its content type and content call for "
                    "(.html, .pdf, .docx, .txt); for a file, a copy. Each gets a row in "
                    "SEEDS/catalog.csv with file, doc_id (from the URL's host and path or the file "
                    "name), url and retrieved (today); titles and dates are read from the document. "
                    "Refused: other URL schemes (file:, javascript:, data:), more than 5 redirects, "
                    "a download slower than 20 s or past the document size limits, a content type "
                    "or a file no reader takes. A document already there (same bytes or URL) is not "
                    "added twice. Nothing is written unless every document can be added.")
    d.add_argument("sources", nargs="+", metavar="URL-or-FILE", help="an http(s) URL or a local file")
    d.add_argument("--seeds", type=Path, default=paths.here("seeds"),
                   help="folder of documents and catalog.csv (default: %(default)s)")
    d.set_defaults(func=_add)
    _review_parser(sub)

    b = sub.add_parser("build", help="run the report notebooks and write HTML and PDF reports",
                       description=BUILD_DESCRIPTION, epilog=BUILD_EXAMPLES,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    b.add_argument("-p", nargs=2, action="append", metavar=("NAME", "VALUE"),
                   help="set a parameter (repeatable), e.g. -p lang ja")
    b.add_argument("--params", type=Path, metavar="FILE.yaml",
                   help="read parameters from a YAML mapping; -p wins over it")
    b.add_argument("--only", action="append", default=[], metavar="NAME",
                   help="build only this report (repeatable): 01, 01_name or name")
    b.add_argument("--formats", default="html,pdf", metavar="LIST",
                   help="comma-separated: html, pdf or html,pdf (default: %(default)s)")
    b.add_argument("--out", type=Path, default=paths.here("outputs"),
                   help="root folder of the outputs (default: %(default)s)")
    b.add_argument("--notebooks", type=Path, default=paths.NOTEBOOKS,
                   help="folder of the NN_name.ipynb notebooks (default: %(default)s)")
    b.add_argument("--force", action="store_true", help="rebuild reports that are up to date")
    b.add_argument("--cell-timeout", type=float, default=600, metavar="SECONDS",
                   help="stop a notebook whose cell runs longer than this many whole seconds, "
                        "1 to 86400 (default: %(default)g)")
    b.add_argument("--jobs", type=int, metavar="N",
                   help="notebooks to run at once (default: the number of CPU cores)")
    b.add_argument("--strict", action="store_true",
                   help="stop (exit 2) before building when a file of the documents folder is skipped")
    b.set_defaults(func=_build)
    c = sub.add_parser(
        "check", help="say what changed in the tables and reports against the accepted baseline",
        description="Rebuild the tables and re-execute every notebook with its defaults, then "
                    "compare with the accepted baseline (golden CSVs, stored notebook outputs). "
                    "Prints rows added, removed and changed per table and the sentences that "
                    "differ per report. Exit 0 when nothing changed, 1 when something did.")
    _regression_options(c)
    c.set_defaults(func=_check)
    a = sub.add_parser(
        "accept", help="make the current tables and report outputs the accepted baseline",
        description="Re-execute every notebook with its defaults and store its outputs in the "
                    "notebook, and rewrite the golden table CSVs. Prints what it accepted.")
    _regression_options(a)
    a.set_defaults(func=_accept)
    n = sub.add_parser("bench", help="time builds, rebuilds, tables at scale and import against targets",
                       description="Measure on this machine, as medians over several runs: a cold "
                                   "build against a floor of trivial notebooks, a no-change rebuild, "
                                   "jdib tables on synthetic corpora of 10 to 10,000 documents, the "
                                   "store at 10,000 documents (cold, peak memory, one document added), "
                                   "every report built at 10,000 documents (time, largest HTML and PDF), "
                                   "reading each format, and the import time. Prints a table against the "
                                   "targets and writes every raw number as JSON. Takes about twenty "
                                   "minutes; --quick takes seconds.")
    n.add_argument("--out", type=Path, default=paths.here("outputs") / "bench.json",
                   help="the JSON report (default: %(default)s)")
    n.add_argument("--runs", type=int, default=3, metavar="N",
                   help="runs per measurement, medians reported (default: %(default)s)")
    n.add_argument("--quick", action="store_true",
                   help="one run, HTML only, 10 and 100 documents: checks that it works")
    n.add_argument("--formats", metavar="LIST",
                   help="formats of the builds (default: html,pdf; html with --quick)")
    n.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    n.set_defaults(func=_bench)
    return top


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit status.

    Exit status: 0 on success, 1 when a check finds a difference or a report
    fails, 2 on bad input (a document, a parameter, a folder).
    """
    args = parser().parse_args(argv)
    level = logging.ERROR if args.quiet else logging.INFO if args.verbose else logging.WARNING
    for number in (logging.INFO, logging.WARNING, logging.ERROR):
        logging.addLevelName(number, logging.getLevelName(number).lower())
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):  # a path that is not UTF-8 is printed, never a crash
            stream.reconfigure(errors="backslashreplace")
    handler = logging.StreamHandler()
    handler.setFormatter(_Shown("jdib: %(levelname)s: %(message)s"))
    logging.basicConfig(level=level, handlers=[handler])
    if not getattr(args, "func", None):
        parser().print_help()
        return 2
    with _interrupts() as stopped:
        try:
            _check_folder_names(args)
            status = args.func(args)
        except InputError as err:
            print(f"jdib: error: {_shown(str(err))}", file=sys.stderr)
            return 2
        except ReportFailed as err:
            print(f"jdib: error: {_shown(str(err))}", file=sys.stderr)
            return 1
        except Interrupted as err:
            print(f"jdib: interrupted; {err.detail}", file=sys.stderr)
            return 130
        except KeyboardInterrupt:
            print("jdib: interrupted; nothing was changed", file=sys.stderr)
            return 130
        except OSError as err:  # a folder or file the system refused: one line, not a traceback
            if stopped:
                return _interrupted_by(err)
            where = err.filename or "jdib"
            print(f"jdib: error: {_shown(str(where))}: {err.strerror or err}", file=sys.stderr)
            return 2
        except MemoryError:
            print(f"jdib: error: {_out_of_memory('the process')}", file=sys.stderr)
            return 2
        except Exception as err:
            if stopped:  # a library turned the interrupt into an error of its own
                return _interrupted_by(err)
            if type(err).__name__ == "OutOfMemoryException":  # DuckDB's, without importing it here
                print(f"jdib: error: {_out_of_memory('DuckDB')}", file=sys.stderr)
                return 2
            raise
    if stopped:
        # Something below caught the interrupt and carried on (a notebook
        # reported as failed, say): the result is not an answer.
        print("jdib: interrupted; the result above is incomplete", file=sys.stderr)
        return 130
    return status


def _check_folder_names(args: argparse.Namespace) -> None:
    """Refuse a folder or file named on the command line (or the working folder it is
    relative to) whose name is not valid UTF-8: paths go into tables, manifests and
    notebooks, which hold UTF-8 only."""
    import os

    named = [(f"--{key.replace('_', '-')}", value) for key, value in vars(args).items() if isinstance(value, Path)]
    if os.environ.get("JDIB_STORE"):
        named.append(("JDIB_STORE", Path(os.environ["JDIB_STORE"])))
    try:
        cwd = Path.cwd()
    except OSError:  # the working folder was removed: every path given is then absolute or refused later
        cwd = None
    for option, path in named:
        full = path.absolute()
        if _shown(str(full)) == str(full):
            continue
        if cwd and _shown(str(cwd)) != str(cwd) and full.is_relative_to(cwd):
            raise InputError(_shown(str(cwd)), f"the working folder's name is not valid UTF-8, and {option} "
                                               "lies in it (jdib writes its paths as UTF-8); rename it or "
                                               "run jdib elsewhere")
        raise InputError(_shown(str(full)), f"{option} names a path that is not valid UTF-8 "
                                            "(jdib writes its paths as UTF-8); rename it or choose another")


def _out_of_memory(what: str) -> str:
    from jdib.store.database import MEMORY_VARIABLE

    return (f"out of memory: {what} could not get the memory it asked for. Run with --jobs 1 "
            f"(fewer processes at once), cap DuckDB's memory ({MEMORY_VARIABLE}=1GB), "
            "or allow jdib more memory (ulimit -v)")


def _interrupted_by(err: BaseException) -> int:
    """Ctrl-C or SIGTERM that a library turned into an error of its own (DuckDB's
    "Query interrupted", a kernel that died of it): an interrupt all the same."""
    print(f"jdib: interrupted; the command stopped before it finished ({type(err).__name__})", file=sys.stderr)
    return 130


def _shown(text: str) -> str:
    from jdib.ingest.files import shown

    return shown(text)


class _Shown(logging.Formatter):
    """Log lines with file names that are not UTF-8 shown as their bytes (``\\xff``)."""

    def format(self, record: logging.LogRecord) -> str:
        return _shown(super().format(record))


@contextlib.contextmanager
def _interrupts():
    """Turn SIGTERM into KeyboardInterrupt, as Ctrl-C is, so clean-up runs either way.

    Yields a list that is non-empty once a signal arrived, even when code
    below swallowed the KeyboardInterrupt it raised.
    """
    stopped: list[int] = []
    if threading.current_thread() is not threading.main_thread():
        yield stopped
        return

    def handler(signum, frame):
        stopped.append(signum)
        raise KeyboardInterrupt

    old = {sig: signal.signal(sig, handler) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield stopped
    finally:
        for sig, previous in old.items():
            signal.signal(sig, previous)
