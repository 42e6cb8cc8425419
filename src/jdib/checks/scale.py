"""``jdib bench`` rows for the store and the reports at scale.

- store cold: ``jdib tables`` into an empty store on a synthetic corpus
  (documents per second, peak memory of the process and its workers);
- add one document: the refresh after one new file lands in that store;
- reports at scale: ``jdib build --force`` of every report on that corpus with
  an empty store, and the size of the largest HTML and PDF it writes.

Each run is a fresh ``python`` process whose store lives in a temporary folder
(``JDIB_STORE``), so nothing of the user's ``data/`` is touched.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

_CHILD = """\
import json, resource, sys, time
started = time.perf_counter()
from jdib.store import warehouse
info = warehouse.refresh(sys.argv[1], sys.argv[2], csv_dir=sys.argv[3])
seconds = time.perf_counter() - started
peak = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
           resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024
print(json.dumps({"seconds": seconds, "peak_memory_mb": peak, **info}, default=str))
"""


def _refresh(seeds: Path, store: Path) -> dict:
    done = subprocess.run([sys.executable, "-c", _CHILD, str(seeds), str(store), str(store / "tables")],
                          capture_output=True, text=True, stdin=subprocess.DEVNULL)
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["no message"])[-1]
        raise RuntimeError(f"store refresh on {seeds} failed: {last}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def store_at_scale(corpus_dir: Path, tmp: Path) -> dict:
    """A cold store of a corpus, then one document added to it."""
    store = tmp / "store"
    shutil.rmtree(store, ignore_errors=True)
    cold = _refresh(corpus_dir, store)
    first = sorted(p for p in corpus_dir.iterdir() if p.suffix == ".txt")[0]
    added = corpus_dir / "zz-bench-added.txt"
    shutil.copy(first, added)
    try:
        one = _refresh(corpus_dir, store)
    finally:
        added.unlink(missing_ok=True)
    return {"documents": cold["documents"], "cold_s": cold["seconds"],
            "docs_per_s": cold["documents"] / cold["seconds"], "peak_memory_mb": cold["peak_memory_mb"],
            "add_one_s": one["seconds"], "add_one_extracted": one["extracted"]}


def _pdf_pages(path: Path) -> int:
    try:
        from pypdf import PdfReader

        return len(PdfReader(str(path)).pages)
    except ImportError:
        done = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True)
        return next(int(line.split()[-1]) for line in done.stdout.splitlines() if line.startswith("Pages:"))


def reports_at_scale(corpus_dir: Path, notebooks: Path, formats: str, tmp: Path) -> dict:
    """A cold build of every report on a corpus (empty store), and its largest outputs."""
    store, out = tmp / "report-store", tmp / "report-out"
    shutil.rmtree(store, ignore_errors=True)
    env = {**os.environ, "JDIB_STORE": str(store)}
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "jdib", "-q", "build", "--notebooks", str(notebooks),
                           "--out", str(out), "--formats", formats, "--force",
                           "-p", "seeds_dir", str(corpus_dir)],
                          capture_output=True, text=True, stdin=subprocess.DEVNULL, env=env)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["no message"])[-1]
        raise RuntimeError(f"build on {corpus_dir} failed: {last}")
    html = {p.name: p.stat().st_size for p in out.rglob("*.html") if p.name != "index.html"}
    pdf = {p.name: _pdf_pages(p) for p in out.rglob("*.pdf")}
    return {"documents": sum(1 for p in corpus_dir.iterdir() if p.suffix == ".txt"), "formats": formats,
            "seconds": seconds, "html_bytes": html, "pdf_pages": pdf,
            "largest_html_mb": max(html.values(), default=0) / 1e6,
            "most_pdf_pages": max(pdf.values(), default=0)}
