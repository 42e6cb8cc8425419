"""``jdib bench``: how fast jdib is on this machine, against its targets.

Four measurements, each a median over several runs (the machine is shared and
noisy), each compared with a target:

1. cold build vs floor: ``jdib build --force`` of every report into an empty
   folder, against the same pipeline (papermill, nbconvert, Chromium) running
   as many trivial notebooks that only import pandas and matplotlib.pyplot;
   the ratio of the medians counts.
2. no-change rebuild: ``jdib build`` again into the same folder, as a command
   (interpreter start included) and as a function call; every report must be
   up to date and no kernel may start.
3. tables at scale: ``jdib tables``' work (load, build, write) on synthetic
   corpora (:mod:`jdib.checks.synth`) of 10 to 10,000 documents, each in a child
   process that reports its own peak memory; documents per second, and the
   exponent of time against documents on a log-log fit.
4. import time: ``python -c "import jdib"`` minus ``python -c "pass"``.

Builds and corpora go to temporary folders; only the JSON report is written
where the caller says (``outputs/bench.json`` by default).
"""

from __future__ import annotations

import contextlib
import io
import json
import math
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from jdib import __version__, paths
from jdib.store import atomic

SIZES = (10, 100, 1_000, 10_000)
QUICK_SIZES = (10, 100)
TARGETS = {
    "cold_build_ratio": 1.3,      # cold build / floor, at most
    "rebuild_s": 0.5,             # no-change rebuild, at most
    "docs_per_s": 2_000,          # at the largest corpus, at least
    "scaling_exponent": 1.1,      # log-log slope of time vs documents, at most
    "peak_memory_mb": 500,        # below
    "import_s": 0.3,              # at most
    "read_ms_per_page": 250,      # reading one page (PDF) or one document (other formats), at most
    "store_docs_per_s": 2_000,    # jdib tables into an empty store, largest corpus, at least
    "store_peak_memory_mb": 1_000,  # below, workers included
    "add_one_s": 2.0,             # one document added to the largest store, at most
    "reports_at_scale_s": 90,     # every report, HTML and PDF, largest corpus, empty store
    "largest_html_mb": 3,         # at most
    "most_pdf_pages": 40,         # at most
}
STORE_SIZE, QUICK_STORE_SIZE = 10_000, 100
#: The published-format samples timed by :func:`reader_speed` (made by their make_fixtures.py).
FORMAT_SAMPLES = paths.ROOT / "tests" / "data" / "formats"
_UP_TO_DATE = re.compile(r"^\S+\s+up to date$")


def _say(message: str) -> None:
    print(f"jdib bench: {message}", file=sys.stderr, flush=True)


def _jdib(*args: str, check: bool = True) -> tuple[float, subprocess.CompletedProcess]:
    """Run the jdib command in a fresh interpreter; its wall time and result."""
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "jdib", *args], capture_output=True, text=True,
                          stdin=subprocess.DEVNULL)
    seconds = time.perf_counter() - started
    if check and done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["no message"])[-1]
        raise RuntimeError(f"`jdib {' '.join(args)}` exited {done.returncode}: {last}")
    return seconds, done


# -- 1. cold build vs floor ----------------------------------------------------

def floor_notebooks(folder: Path, n: int) -> Path:
    """Write ``n`` trivial report notebooks: a title, a parameter, two imports.

    They go through the same build as the reports, so what they cost is the
    floor any report pays: a kernel, pandas and matplotlib, nbconvert, Chromium.
    """
    import nbformat
    from nbformat import v4

    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        params = v4.new_code_cell('lang = "en"  # language of the page')
        params.metadata["tags"] = ["parameters"]
        nb = v4.new_notebook(cells=[
            v4.new_markdown_cell(f"# Floor {i:02d}"), params,
            v4.new_code_cell("import pandas as pd\nimport matplotlib.pyplot as plt")])
        nb.metadata["kernelspec"] = {"name": "jdib", "display_name": "Python (jdib)", "language": "python"}
        nbformat.write(nb, folder / f"{i:02d}_floor.ipynb")
    return folder


def _build(notebooks: Path, out: Path, formats: str) -> float:
    seconds, _ = _jdib("-q", "build", "--notebooks", str(notebooks), "--out", str(out),
                       "--formats", formats, "--force")
    return seconds


def cold_build(notebooks: Path, formats: str, runs: int, tmp: Path) -> dict:
    """Median wall time of a cold build of the reports, of the floor, and their ratio.

    Real and floor builds alternate, so a slow spell of the machine hits both.
    The last real build's folder is kept for :func:`rebuild`.
    """
    from jdib.render.runner import discover

    n = len(discover(notebooks))
    floor_dir = floor_notebooks(tmp / "floor-notebooks", n)
    reports, floors = [], []
    for run in range(1, runs + 1):
        floors.append(_build(floor_dir, tmp / f"floor-{run}", formats))
        _say(f"floor build {run}/{runs}: {floors[-1]:.1f} s ({n} trivial notebooks, {formats})")
        reports.append(_build(notebooks, tmp / f"cold-{run}", formats))
        _say(f"cold build {run}/{runs}: {reports[-1]:.1f} s ({n} reports, {formats})")
    report, floor = statistics.median(reports), statistics.median(floors)
    return {"notebooks": n, "formats": formats, "report_s": reports, "floor_s": floors,
            "report_median_s": report, "floor_median_s": floor, "ratio": report / floor,
            "out": str(tmp / f"cold-{runs}")}


# -- 2. no-change rebuild --------------------------------------------------------

def _all_up_to_date(stdout: str, n: int) -> bool:
    lines = [line for line in stdout.splitlines() if line.strip()]
    return sum(bool(_UP_TO_DATE.match(line)) for line in lines) == n and f"{n} up to date" in stdout


def rebuild(notebooks: Path, out: Path, formats: str, runs: int) -> dict:
    """Time ``jdib build`` with nothing changed, as a command and as a function call.

    No kernel started when every report says ``up to date``, no output file
    changed, and this process never imported papermill.
    """
    from jdib.render import runner as build

    n = len(build.discover(notebooks))
    before = {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()}
    commands, calls, fresh = [], [], True
    for _ in range(runs):
        seconds, done = _jdib("build", "--notebooks", str(notebooks), "--out", str(out),
                              "--formats", formats)
        commands.append(seconds)
        fresh &= _all_up_to_date(done.stdout, n)
        printed = io.StringIO()
        started = time.perf_counter()
        with contextlib.redirect_stdout(printed):
            status = build.run(build.Options(notebooks=notebooks, out=out,
                                             formats=tuple(formats.split(","))))
        calls.append(time.perf_counter() - started)
        fresh &= status == 0 and _all_up_to_date(printed.getvalue(), n)
    after = {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()}
    kernels = 0 if fresh and before == after and "papermill" not in sys.modules else None
    _say(f"no-change rebuild: command {statistics.median(commands):.2f} s, "
         f"call {statistics.median(calls):.3f} s, all up to date: {fresh}")
    return {"command_s": commands, "call_s": calls, "command_median_s": statistics.median(commands),
            "call_median_s": statistics.median(calls), "all_up_to_date": fresh,
            "outputs_unchanged": before == after, "kernels_started": kernels}


# -- 3. tables at scale ----------------------------------------------------------

_CHILD = """\
import json, resource, sys, time
started = time.perf_counter()
from jdib.ingest import corpus
from jdib.store import tables, writers
imported = time.perf_counter()
docs = corpus.load_corpus(sys.argv[1])
loaded = time.perf_counter()
built = tables.build(docs)
assembled = time.perf_counter()
writers.write_tables(built, sys.argv[2])
written = time.perf_counter()
print(json.dumps({"documents": len(docs), "import_s": imported - started,
                  "load_s": loaded - imported, "build_s": assembled - loaded,
                  "write_s": written - assembled, "seconds": written - imported,
                  "rows": {k: len(v) for k, v in built.items()},
                  "peak_memory_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def tables_run(seeds_dir: Path, out: Path) -> dict:
    """One ``jdib tables`` run in a fresh process: its stage times and peak memory."""
    done = subprocess.run([sys.executable, "-c", _CHILD, str(seeds_dir), str(out)],
                          capture_output=True, text=True, stdin=subprocess.DEVNULL)
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["no message"])[-1]
        raise RuntimeError(f"jdib tables on {seeds_dir} failed: {last}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def scaling_exponent(sizes: list[int], seconds: list[float]) -> float:
    """The slope of log(seconds) against log(documents), least squares.

    Example:
        >>> round(scaling_exponent([10, 100, 1000], [0.1, 1.0, 10.0]), 2)
        1.0
    """
    xs, ys = [math.log(n) for n in sizes], [math.log(s) for s in seconds]
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)


def tables_at_scale(seeds_dir: Path, sizes: tuple[int, ...], runs: int, tmp: Path) -> dict:
    """Documents per second and peak memory of ``jdib tables`` on synthetic corpora.

    The exponent is fitted on the corpora of 100 documents and more when there
    are two of them: at 10 documents fixed costs dominate and would hide a
    super-linear stage.
    """
    from jdib.checks import synth

    per_size = []
    for n in sizes:
        corpus_dir = synth.make_corpus(seeds_dir, tmp / f"synth-{n}", n)
        results = []
        for run in range(1, runs + 1):
            results.append(tables_run(corpus_dir, tmp / f"tables-{n}"))
            _say(f"tables {n} documents, run {run}/{runs}: {results[-1]['seconds']:.2f} s, "
                 f"{results[-1]['peak_memory_mb']:.0f} MB")
        seconds = statistics.median(r["seconds"] for r in results)
        per_size.append({
            "documents": n, "runs": results, "median_s": seconds, "docs_per_s": n / seconds,
            **{f"median_{stage}_s": statistics.median(r[f"{stage}_s"] for r in results)
               for stage in ("load", "build", "write")},
            "peak_memory_mb": max(r["peak_memory_mb"] for r in results),
        })
    fitted = [s for s in per_size if s["documents"] >= 100]
    fitted = fitted if len(fitted) >= 2 else per_size
    exponent = scaling_exponent([s["documents"] for s in fitted], [s["median_s"] for s in fitted])
    return {"sizes": per_size, "largest": per_size[-1]["documents"],
            "docs_per_s": per_size[-1]["docs_per_s"], "scaling_exponent": exponent,
            "exponent_fitted_on": [s["documents"] for s in fitted],
            "peak_memory_mb": max(s["peak_memory_mb"] for s in per_size)}


# -- 4. import time --------------------------------------------------------------

def _wall(code: str, repeats: int) -> list[float]:
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True, stdin=subprocess.DEVNULL)
        times.append(time.perf_counter() - started)
    return times


def _importtime_us(module: str) -> int:
    """``-X importtime``'s cumulative microseconds for a module."""
    done = subprocess.run([sys.executable, "-X", "importtime", "-c", f"import {module}"],
                          capture_output=True, text=True, check=True)
    for line in done.stderr.splitlines():
        parts = [p.strip() for p in line.split("|")]
        if len(parts) == 3 and parts[2] == module:
            return int(parts[1])
    return 0


def reader_speed(runs: int, samples: Path = FORMAT_SAMPLES) -> dict:
    """Milliseconds per page (PDF) or per document (text, HTML, DOCX) to read and clean a file.

    Times :func:`jdib.ingest.corpus.load_corpus` on a folder holding one sample,
    so the figure covers the reader, the cleaning and the paragraph ids.
    """
    import logging
    import shutil

    from jdib.ingest.corpus import load_corpus

    found = {"text": next(paths.SEEDS.glob("000_*.txt"), None),
             **{fmt: samples / f"press_release.{fmt}" for fmt in ("html", "pdf", "docx")}}
    out: dict = {}
    with tempfile.TemporaryDirectory(prefix="jdib-read-") as tmp:
        for fmt, sample in found.items():
            if sample is None or not sample.exists():
                continue
            folder = Path(tmp) / fmt
            folder.mkdir()
            shutil.copy(sample, folder / sample.name)
            logging.disable(logging.WARNING)  # "not in catalog.csv" is expected here
            try:
                load_corpus(folder)  # warm: imports and vocabularies
                times = []
                for _ in range(max(runs, 5)):
                    start = time.perf_counter()
                    doc = load_corpus(folder).documents[0]
                    times.append(time.perf_counter() - start)
            finally:
                logging.disable(logging.NOTSET)
            per = max(doc.pages, 1)
            out[fmt] = {"file": sample.name, "pages": doc.pages, "paragraphs": len(doc.paragraphs),
                        "ms_per_page": statistics.median(times) * 1000 / per}
    return out


def import_time(repeats: int) -> dict:
    """``import jdib`` in a fresh interpreter, its start-up subtracted; ``jdib.cli`` too."""
    empty = _wall("pass", repeats)
    jdib = _wall("import jdib", repeats)
    cli = _wall("import jdib.cli", repeats)
    base = statistics.median(empty)
    result = {
        "interpreter_s": empty, "import_jdib_wall_s": jdib, "import_jdib_cli_wall_s": cli,
        "seconds": max(statistics.median(jdib) - base, 0.0),
        "cli_seconds": max(statistics.median(cli) - base, 0.0),
        "importtime_jdib_us": statistics.median(_importtime_us("jdib") for _ in range(repeats)),
        "importtime_jdib_cli_us": statistics.median(_importtime_us("jdib.cli") for _ in range(repeats)),
    }
    _say(f"import jdib: {result['seconds'] * 1000:.0f} ms (jdib.cli {result['cli_seconds'] * 1000:.0f} ms)")
    return result


# -- report ----------------------------------------------------------------------

def summary(results: dict) -> list[dict]:
    """One row per target: metric, target, what was measured, and whether it passed."""
    t = TARGETS
    rows = []
    cold = results.get("cold_build")
    if cold:
        rows.append(("cold build / floor", f"<= {t['cold_build_ratio']}",
                     f"{cold['ratio']:.2f} ({cold['report_median_s']:.1f} s / "
                     f"{cold['floor_median_s']:.1f} s, {cold['formats']})",
                     cold["ratio"] <= t["cold_build_ratio"]))
    again = results.get("rebuild")
    if again:
        rows.append(("no-change rebuild", f"<= {t['rebuild_s']} s, no kernel",
                     f"{again['command_median_s']:.2f} s command, {again['call_median_s']:.3f} s call, "
                     + ("no kernel" if again["kernels_started"] == 0 else "reports rebuilt"),
                     again["command_median_s"] <= t["rebuild_s"] and again["kernels_started"] == 0))
    tab = results.get("tables")
    if tab:
        rows += [
            (f"tables docs/s at {tab['largest']:,} docs", f">= {t['docs_per_s']:,}",
             f"{tab['docs_per_s']:,.0f}", tab["docs_per_s"] >= t["docs_per_s"]),
            ("tables scaling exponent", f"<= {t['scaling_exponent']}",
             f"{tab['scaling_exponent']:.2f} (fit on {', '.join(map(str, tab['exponent_fitted_on']))})",
             tab["scaling_exponent"] <= t["scaling_exponent"]),
            ("tables peak memory", f"< {t['peak_memory_mb']} MB", f"{tab['peak_memory_mb']:.0f} MB",
             tab["peak_memory_mb"] < t["peak_memory_mb"]),
        ]
    store = results.get("store")
    if store:
        n = f"{store['documents']:,} docs"
        rows += [
            (f"store cold docs/s at {n}", f">= {t['store_docs_per_s']:,}",
             f"{store['docs_per_s']:,.0f} ({store['cold_s']:.1f} s)", store["docs_per_s"] >= t["store_docs_per_s"]),
            (f"store cold peak memory at {n}", f"< {t['store_peak_memory_mb']:,} MB",
             f"{store['peak_memory_mb']:.0f} MB", store["peak_memory_mb"] < t["store_peak_memory_mb"]),
            (f"add one document to {n}", f"<= {t['add_one_s']} s",
             f"{store['add_one_s']:.2f} s ({store['add_one_extracted']} read)",
             store["add_one_s"] <= t["add_one_s"]),
        ]
    scale = results.get("reports_at_scale")
    if scale:
        n = f"{scale['documents']:,} docs"
        rows += [
            (f"build every report at {n}, cold", f"<= {t['reports_at_scale_s']} s",
             f"{scale['seconds']:.1f} s ({scale['formats']})", scale["seconds"] <= t["reports_at_scale_s"]),
            (f"largest report HTML at {n}", f"<= {t['largest_html_mb']} MB",
             f"{scale['largest_html_mb']:.2f} MB", scale["largest_html_mb"] <= t["largest_html_mb"]),
        ]
        if scale["pdf_pages"]:
            rows.append((f"largest report PDF at {n}", f"<= {t['most_pdf_pages']} pages",
                         f"{scale['most_pdf_pages']} pages", scale["most_pdf_pages"] <= t["most_pdf_pages"]))
    imp = results.get("import")
    if imp:
        rows.append(("import jdib", f"<= {t['import_s']} s",
                     f"{imp['seconds']:.3f} s (-X importtime {imp['importtime_jdib_us'] / 1000:.1f} ms)",
                     imp["seconds"] <= t["import_s"]))
    for fmt, r in (results.get("readers") or {}).items():
        unit = "page" if r["pages"] else "document"
        rows.append((f"read {fmt} ({r['file']})", f"<= {t['read_ms_per_page']} ms/{unit}",
                     f"{r['ms_per_page']:.1f} ms/{unit}, {r['paragraphs']} paragraphs",
                     r["ms_per_page"] <= t["read_ms_per_page"]))
    return [{"metric": m, "target": tg, "measured": v, "passed": ok} for m, tg, v, ok in rows]


def format_table(rows: list[dict], results: dict) -> str:
    """The summary as a plain-text table, with the tables' per-size figures under it."""
    head = ("metric", "target", "measured", "result")
    cells = [head] + [(r["metric"], r["target"], r["measured"], "pass" if r["passed"] else "MISS")
                      for r in rows]
    widths = [max(len(c[i]) for c in cells) for i in range(4)]
    lines = ["  ".join(c[i].ljust(widths[i]) for i in range(4)).rstrip() for c in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    if results.get("tables"):
        lines += ["", "documents   seconds   docs/s   load s  build s  write s  peak MB"]
        for s in results["tables"]["sizes"]:
            lines.append(f"{s['documents']:>9,}  {s['median_s']:>8.2f}  {s['docs_per_s']:>7,.0f}"
                         f"  {s['median_load_s']:>7.2f}  {s['median_build_s']:>7.2f}"
                         f"  {s['median_write_s']:>7.2f}  {s['peak_memory_mb']:>7.0f}")
    return "\n".join(lines)


def run(out: Path, runs: int = 3, quick: bool = False, formats: str | None = None,
        notebooks: Path = paths.NOTEBOOKS, seeds_dir: Path = paths.SEEDS) -> dict:
    """Measure everything, print the table, write the JSON; the ``jdib bench`` command.

    Args:
        out: Where to write the JSON report.
        runs: Runs per measurement; medians are reported (``quick`` makes it 1).
        quick: One run, corpora of 10 and 100 documents, HTML only unless
            ``formats`` says otherwise: a check that everything runs, in well under a minute.
        formats: Formats of the builds (default ``html,pdf``; ``html`` when quick).
        notebooks: The report notebooks.
        seeds_dir: The documents the synthetic corpora are made from.

    Returns:
        Every raw number, as written to ``out``.
    """
    runs = 1 if quick else max(runs, 1)
    formats = formats or ("html" if quick else "html,pdf")
    results: dict = {
        "jdib_version": __version__, "python": platform.python_version(),
        "platform": platform.platform(), "cpu_count": os.cpu_count(),
        "started": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "quick": quick, "runs": runs,
        "targets": TARGETS,
    }
    with tempfile.TemporaryDirectory(prefix="jdib-bench-") as tmp_name:
        tmp = Path(tmp_name)
        results["import"] = import_time(5 if quick else 9)
        results["readers"] = reader_speed(runs)
        results["cold_build"] = cold_build(notebooks.resolve(), formats, runs, tmp)
        results["rebuild"] = rebuild(notebooks.resolve(), Path(results["cold_build"].pop("out")),
                                     formats, max(runs, 3))
        results["tables"] = tables_at_scale(seeds_dir, QUICK_SIZES if quick else SIZES, runs, tmp)
        from jdib.checks import scale, synth

        size = QUICK_STORE_SIZE if quick else STORE_SIZE
        corpus_dir = tmp / f"synth-{size}"
        if not corpus_dir.is_dir():
            corpus_dir = synth.make_corpus(seeds_dir, corpus_dir, size)
        results["store"] = scale.store_at_scale(corpus_dir, tmp)
        _say(f"store cold at {size:,} documents: {results['store']['cold_s']:.1f} s, "
             f"{results['store']['peak_memory_mb']:.0f} MB; add one: {results['store']['add_one_s']:.2f} s")
        if not quick:  # a build at scale takes minutes: --quick only checks the store rows run
            results["reports_at_scale"] = scale.reports_at_scale(corpus_dir, notebooks.resolve(), formats, tmp)
            _say(f"reports at {size:,} documents: {results['reports_at_scale']['seconds']:.1f} s")
    results["summary"] = summary(results)
    atomic.write_text(out, json.dumps(results, indent=1, ensure_ascii=False) + "\n")
    print(format_table(results["summary"], results))
    print(f"-> {out}")
    return results
