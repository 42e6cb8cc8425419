"""``jdib build``: run the report notebooks and write HTML and PDF, safely and cached.

Three steps, in the order they happen:

1. plan: find ``NN_name.ipynb``, read each ``parameters`` cell, check what the
   user passed (no kernel has started yet), and skip reports whose inputs are
   unchanged since the last build (``<out>/.jdib-cache.json``).
2. run: papermill executes the rest in threads, one report each, writing the
   executed notebook, HTML and PDF into a staging folder next to the outputs.
3. commit: a finished report's files replace the old ones; a failed one's
   executed notebook is kept in ``failed/`` and its earlier outputs stay.

Only the standard library is imported until something must run, so a build
with nothing to do takes a fraction of a second.
"""

from __future__ import annotations

import contextlib
import dataclasses
import errno
import hashlib
import json
import logging
import math
import os
import re
import shutil
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path

from jdib.ingest import vocab
from jdib.store import atomic
from jdib.render import params as parameters
from jdib.render.index import SOURCES_CSV
from jdib.errors import InputError, Interrupted

NOTEBOOK = re.compile(r"^(\d+)_.+\.ipynb$")
FORMATS = ("html", "pdf")
MANIFEST = ".jdib-cache.json"
KERNEL = "jdib"  # registered by `make setup`; another Jupyter cannot mistake it for its own python3
SRC = Path(__file__).resolve().parents[1]  # the whole jdib package: any source change reruns reports
CACHE_VERSION = 1
CELL_TIMEOUT_S = 600  # a cell running longer than this is stuck, not slow
CELL_TIMEOUT_MAX_S = 86_400  # a day: longer is no timeout at all
_MEMORY_ADDRESS = re.compile(r"\bat 0x[0-9a-fA-F]{6,}\b")


@dataclasses.dataclass(frozen=True)
class Options:
    """What ``jdib build`` was asked to do (see ``jdib build --help``)."""

    notebooks: Path
    out: Path
    given: dict = dataclasses.field(default_factory=dict)
    only: tuple[str, ...] = ()
    formats: tuple[str, ...] = FORMATS
    force: bool = False
    jobs: int | None = None
    quiet: bool = False
    cell_timeout: float = CELL_TIMEOUT_S


@dataclasses.dataclass(frozen=True)
class Job:
    """One report to build: a notebook, its parameters and where it goes."""

    name: str
    notebook: Path
    params: dict
    out_dir: Path
    key: str
    cache_id: str


@dataclasses.dataclass
class Outcome:
    """What became of one report."""

    name: str
    status: str  # "built", "up to date" or "failed"
    seconds: float = 0.0
    title: str = ""
    error: str = ""
    files: list[Path] = dataclasses.field(default_factory=list)


# -- plan ------------------------------------------------------------------

def discover(folder: Path, only: tuple[str, ...] = ()) -> list[Path]:
    """The report notebooks ``NN_name.ipynb`` of a folder, in name order.

    Args:
        folder: The notebooks folder.
        only: Names to keep: a stem (``01_ukraine_lessons``), the name without
            its number (``ukraine_lessons``) or the number (``01`` or ``1``).

    Raises:
        InputError: The folder has no such notebook, or ``only`` names none.
    """
    if not folder.is_dir():
        raise InputError(folder, "the notebooks folder does not exist")
    found = sorted(p for p in folder.iterdir() if p.is_file() and NOTEBOOK.match(p.name))
    if not found:
        raise InputError(folder, "no report notebooks (NN_name.ipynb) to build")
    if not only:
        return found
    keep = []
    for want in only:
        hits = [p for p in found if _matches(p.stem, want)]
        if not hits:
            names = ", ".join(p.stem for p in found)
            raise InputError(f"--only {want}", f"matches no notebook; the notebooks are {names}")
        keep += [p for p in hits if p not in keep]
    return sorted(keep)


def _matches(stem: str, want: str) -> bool:
    number, _, rest = stem.partition("_")
    if want.isdigit():
        return int(want) == int(number)
    return want in (stem, rest, f"{stem}.ipynb")


def plan(opts: Options) -> list[Job]:
    """Turn the options into one :class:`Job` per report, checking every parameter.

    A run whose parameters differ from the notebooks' defaults writes to
    ``<out>/runs/<slug>/`` so that it never replaces the default reports.

    Raises:
        InputError: An unknown parameter, a bad value, a missing folder.
    """
    notebooks = [p.resolve() for p in discover(opts.notebooks, opts.only)]
    declared = {p.stem: parameters.declared(p) for p in notebooks}
    parameters.check_names(opts.given, declared)
    changed: dict[str, object] = {}
    resolved = {}
    for nb in notebooks:
        defaults = declared[nb.stem]
        given = {k: v for k, v in opts.given.items() if k in defaults}
        resolved[nb] = parameters.effective(given, defaults, nb.parent)
        parameters.check(resolved[nb])
        default_values = parameters.effective({}, defaults, nb.parent)
        changed |= {k: resolved[nb][k] for k in given if resolved[nb][k] != default_values[k]}
    protected = [(opts.notebooks, "the notebooks folder")]
    protected += [(Path(str(p["seeds_dir"])), "the seeds folder")
                  for p in resolved.values() if p.get("seeds_dir")]
    out_root = atomic.check_out_folder(opts.out, protected=protected)
    out_dir = out_root / "runs" / parameters.slug(changed) if changed else out_root
    code = source_fingerprint()
    glossaries = vocab.user_glossaries()  # the English names of every report come from them too
    jobs = []
    for nb in notebooks:
        key = _digest({
            "cache": CACHE_VERSION, "kernel": KERNEL, "notebook": _file_digest(nb),
            "params": resolved[nb], "src": code, "formats": sorted(opts.formats),
            "seeds": seeds_fingerprint(resolved[nb].get("seeds_dir")), "glossaries": glossaries,
            "review": decisions_fingerprint(resolved[nb].get("seeds_dir")),
        })
        cache_id = (out_dir / nb.stem).relative_to(out_root).as_posix()
        jobs.append(Job(nb.stem, nb, resolved[nb], out_dir, key, cache_id))
    return jobs


def _digest(data: object) -> str:
    return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()


def _file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _tree_digest(root: Path, skip=lambda p: False) -> str:
    h = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file() and not skip(p)):
        h.update(path.relative_to(root).as_posix().encode() + b"\0" + _file_digest(path).encode())
    return h.hexdigest()


def source_fingerprint() -> str:
    """A hash of every file of the jdib package (code, vocabularies, templates)."""
    return _tree_digest(SRC, lambda p: "__pycache__" in p.parts or p.suffix == ".pyc")


def seeds_fingerprint(seeds_dir: str | None) -> str:
    """A hash of exactly the files the loader reads: the catalog and the documents.

    The document list comes from :func:`jdib.ingest.corpus.document_files`
    itself, so the cache follows whatever the loader reads (a hidden
    document included) and nothing it ignores.
    """
    if not seeds_dir:
        return ""
    from jdib.ingest import files
    from jdib.ingest.corpus import document_files

    root = Path(seeds_dir)
    if not root.is_dir():
        return ""
    h = hashlib.sha256()
    for path in [*document_files(root), root / "catalog.csv"]:
        # Hashed as the loader reads: never through a link leaving the folder, a pipe or a device.
        digest = (files.digest(path, root) or "-") if path.exists() or path.is_symlink() else "-"
        h.update(os.fsencode(os.path.relpath(path, root)) + b"\0" + digest.encode() + b"\n")
    return h.hexdigest()


def decisions_fingerprint(seeds_dir: str | None) -> str:
    """A hash of the analyst's decisions the reports of a seeds folder show.

    The decisions live in ``review.yaml`` of the seeds' store. Which folder that
    is takes the store's code (and pandas) to say, which an up-to-date build
    never imports; so every folder it may be is hashed: a change in any of them
    rebuilds, and none is missed.
    """
    if not seeds_dir or not Path(seeds_dir).is_dir():
        return ""
    from jdib import paths

    seeds = Path(seeds_dir).resolve()
    cache_home = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    stores = [Path(os.environ["JDIB_STORE"])] if os.environ.get("JDIB_STORE") else []
    stores += [paths.ROOT / "data", paths.here("data"), seeds.parent / "data",
               cache_home / "jdib" / "stores" / hashlib.sha256(str(seeds).encode()).hexdigest()[:16]]
    h = hashlib.sha256()
    for store in dict.fromkeys(stores):
        path = store / "review.yaml"
        h.update(str(path).encode() + b"\0" + (_file_digest(path) if path.is_file() else "-").encode())
    return h.hexdigest()


# -- cache -----------------------------------------------------------------

def read_manifest(out_root: Path) -> dict:
    """The build cache of an output folder (empty when missing or unreadable)."""
    try:
        data = json.loads((out_root / MANIFEST).read_text(encoding="utf-8"))
        if data.get("version") == CACHE_VERSION:
            return data
    except (OSError, ValueError, AttributeError):
        pass
    return {"version": CACHE_VERSION, "reports": {}}


def _outputs(job: Job, formats) -> list[Path]:
    return [job.out_dir / f"{job.name}.{ext}" for ext in ("ipynb", *formats)]


def check_cell_timeout(seconds: float) -> bool:
    """Whether a cell timeout is one the kernel client takes: whole seconds, 1 to a day.

    Example:
        >>> check_cell_timeout(90), check_cell_timeout(90.5), check_cell_timeout(float("inf"))
        (True, False, False)
    """
    return math.isfinite(seconds) and float(seconds).is_integer() and 1 <= seconds <= CELL_TIMEOUT_MAX_S


def _up_to_date(job: Job, manifest: dict, formats) -> bool:
    entry = manifest["reports"].get(job.cache_id)
    return bool(entry) and entry["key"] == job.key and all(p.is_file() for p in _outputs(job, formats))


# -- run -------------------------------------------------------------------

class Kernels:
    """The kernels papermill starts, so that an interrupted build can stop them."""

    def __init__(self):
        self._lock = threading.Lock()
        self._managers = []

    def manager_class(self):
        from jupyter_client import AsyncKernelManager

        kernels = self

        class TrackedKernelManager(AsyncKernelManager):
            def __init__(self, *args, **kwargs):
                # Unix sockets named for this kernel alone, not TCP ports: a free port picked
                # for one kernel could be taken by another started at the same moment
                # ("Address already in use", then "Kernel died before replying to kernel_info").
                stem = Path(tempfile.gettempdir()) / f"jdib-kernel-{os.getpid()}-{os.urandom(6).hex()}"
                kwargs.setdefault("transport", "ipc")
                kwargs.setdefault("connection_file", f"{stem}.json")
                kwargs.setdefault("ip", f"{stem}-ipc")
                super().__init__(*args, **kwargs)
                with kernels._lock:
                    kernels._managers.append(self)

        return TrackedKernelManager

    def kill_all(self) -> None:
        """Kill every kernel still running; its notebook then fails at once."""
        with self._lock:
            managers = list(self._managers)
        for km in managers:
            process = getattr(getattr(km, "provisioner", None), "process", None)
            if process is not None and process.poll() is None:
                try:  # the kernel and anything it started, when it leads its own group
                    if os.getpgid(process.pid) == process.pid:
                        os.killpg(process.pid, 9)
                    else:
                        process.kill()
                except (ProcessLookupError, PermissionError):
                    pass
            with contextlib.suppress(OSError):  # a killed kernel leaves its sockets and connection file
                km.cleanup_ipc_files()
                km.cleanup_connection_file()


def make_report(job: Job, staging: Path, formats, kernels: Kernels | None = None,
                cell_timeout: float = CELL_TIMEOUT_S) -> Outcome:
    """Execute one notebook and export it, writing only inside ``staging``.

    A failing cell or export gives a ``failed`` outcome (with the executed
    notebook when there is one); KeyboardInterrupt propagates.
    """
    import nbformat
    import papermill

    from jdib.render import export as render

    # jdib checks the parameters itself (params.py); papermill's own parser
    # misreads some comments and would warn about parameters that are fine.
    logging.getLogger("papermill").setLevel(logging.ERROR)
    started = time.monotonic()
    staging.mkdir(parents=True, exist_ok=True)
    executed = staging / f"{job.name}.ipynb"

    def failed(message: str) -> Outcome:
        kept = [executed] if executed.is_file() else []
        return Outcome(job.name, "failed", time.monotonic() - started, error=message, files=kept)

    try:
        papermill.execute_notebook(
            str(job.notebook), str(executed), parameters=job.params, kernel_name=KERNEL,
            progress_bar=False, log_output=False, execution_timeout=int(cell_timeout),
            # the kernel runs in the notebook's folder; papermill's own `cwd`
            # would chdir this whole process, which threads must not do
            resources={"metadata": {"path": str(job.notebook.parent)}},
            kernel_manager_class=(kernels or Kernels()).manager_class(),
            extra_arguments=["--IPKernelApp.log_level=CRITICAL"])
    except papermill.PapermillExecutionError as err:
        return failed(describe_cell_error(job.notebook, err))
    except TimeoutError as err:  # nbclient's CellTimeoutError
        return failed(f"a cell ran longer than {cell_timeout:g} s (--cell-timeout) and was stopped: "
                      f"{_first_line(err)}")
    except Exception as err:  # a kernel that died or never started
        _stop_if_full(err, job)
        return failed(f"the notebook could not run: {type(err).__name__}: {_first_line(err)}")
    try:
        nb = nbformat.read(executed, as_version=4)
        make_reproducible(nb, job, _source_cell_ids(job.notebook))
        nbformat.write(nb, executed)
        siblings = [p.stem for p in discover(job.notebook.parent)]
        page, title = render.report_html(nb, job.name, str(job.params.get("lang", "en")),
                                         job.notebook.parent, siblings)
        files = [executed]
        if "html" in formats:
            files.append(staging / f"{job.name}.html")
            files[-1].write_text(page, encoding="utf-8")
        if "pdf" in formats:
            files.append(staging / f"{job.name}.pdf")
            render.print_pdf(page, files[-1])
    except Exception as err:
        _stop_if_full(err, job)
        return failed(f"export failed: {type(err).__name__}: {_first_line(err)}")
    return Outcome(job.name, "built", time.monotonic() - started, title, files=files)


def _stop_if_full(err: BaseException, job: Job) -> None:
    """A full disk fails every report alike: it stops the build in one line naming the
    output folder (write errors carry no file name), instead of failing each report.

    Raises:
        OSError: ``err`` is a full disk or quota, with the output folder as its file name.
    """
    if isinstance(err, OSError) and err.errno in (errno.ENOSPC, errno.EDQUOT):
        raise OSError(err.errno, f"{err.strerror} (writing the report {job.name})", str(job.out_dir)) from None


def _first_line(err: object) -> str:
    return (str(err).strip().splitlines() or [""])[0]


def _source_cells(notebook: Path) -> list[dict]:
    return json.loads(notebook.read_text(encoding="utf-8"))["cells"]


def _source_cell_ids(notebook: Path) -> set[str]:
    return {c["id"] for c in _source_cells(notebook) if "id" in c}


def describe_cell_error(notebook: Path, err) -> str:
    """One line naming the failing cell of the *source* notebook and the error.

    The index counts from 0, as nbformat and papermill do; ``In [n]`` is the
    execution count shown in the kept notebook. papermill counts cells of the
    executed notebook, which has an extra injected-parameters cell, so the
    cell is found again in the source by its code.
    """
    def text(source) -> str:
        return source if isinstance(source, str) else "".join(source)

    cells = _source_cells(notebook)
    same = [i for i, c in enumerate(cells) if text(c["source"]) == text(err.source)]
    index = min(same, key=lambda i: abs(i - err.cell_index)) if same else err.cell_index
    evalue = _first_line(err.evalue) or "(no message)"
    return f"cell {index} (In [{err.exec_count}]) raised {err.ename}: {evalue}"


def make_reproducible(nb, job: Job, source_ids: set[str]) -> None:
    """Remove what differs between two builds of the same inputs.

    Drops papermill's and Jupyter's timestamps and durations, gives cells
    stable ids, and writes folders relative to the output folder, so the saved
    notebook runs again from where it lies and shows no build machine's paths.
    Memory addresses (``at 0x7f...``) become ``at 0x…``.
    """
    paths = {job.notebook.parent: os.path.relpath(job.notebook.parent, job.out_dir)}
    if job.params.get("seeds_dir"):
        seeds = Path(str(job.params["seeds_dir"]))
        paths[seeds] = os.path.relpath(seeds, job.out_dir)

    def scrub(text: str) -> str:
        for absolute, relative in sorted(paths.items(), key=lambda kv: -len(str(kv[0]))):
            text = text.replace(str(absolute), relative)
        return _MEMORY_ADDRESS.sub("at 0x…", text)

    meta = nb.metadata.get("papermill", {})
    for field in ("start_time", "end_time", "duration", "output_path"):
        meta.pop(field, None)
    meta["input_path"] = os.path.relpath(job.notebook, job.out_dir)
    meta["parameters"] = {k: scrub(v) if isinstance(v, str) else v
                          for k, v in meta.get("parameters", {}).items()}
    for i, cell in enumerate(nb.cells):
        cell.metadata.pop("execution", None)
        for field in ("start_time", "end_time", "duration"):
            cell.metadata.get("papermill", {}).pop(field, None)
        if "injected-parameters" in cell.metadata.get("tags", []):
            cell["id"] = "injected-parameters"
        elif cell.get("id") not in source_ids:
            cell["id"] = f"cell-{i}"
        cell.source = scrub(cell.source)
        for output in cell.get("outputs", []):
            if "text" in output:
                output.text = scrub(output.text)
            for mime, value in output.get("data", {}).items():
                if isinstance(value, str) and not mime.startswith(("image/png", "image/jpeg")):
                    output.data[mime] = scrub(value)


# -- commit ----------------------------------------------------------------

def commit(outcome: Outcome, job: Job, manifest: dict, out_root: Path, formats) -> None:
    """Move a finished report into place, or keep a failed one's notebook.

    Under the output folder's lock the build cache is read again and only this
    report's entry changes, so builds running side by side lose nothing. A
    format not built this time is removed when jdib wrote it before, so the
    HTML, PDF and notebook of a report always come from one build.
    """
    kept = job.out_dir / "failed" / f"{job.name}.ipynb"
    with atomic.folder_lock(out_root), atomic.signals_deferred():
        if outcome.status == "failed":
            if outcome.files:
                atomic.move_into(outcome.files, kept.parent)
                atomic.claim(kept.parent, [kept.name])
                outcome.error += f"; the executed notebook is kept at {_shown(kept)}"
            return
        fresh = read_manifest(out_root)
        before = fresh["reports"].get(job.cache_id) or {}
        mine = atomic.owned(job.out_dir)
        atomic.move_into(outcome.files, job.out_dir)
        written = [p.name for p in outcome.files]
        stale = []
        for ext in FORMATS:
            old = job.out_dir / f"{job.name}.{ext}"
            if ext not in formats and old.is_file() and (ext in before.get("formats", ())
                                                          or old.name in mine):
                old.unlink()
                stale.append(old.name)
        atomic.claim(job.out_dir, written, drop=stale)
        if kept.is_file() and kept.name in atomic.owned(kept.parent):
            kept.unlink()  # the notebook works again: its old failure is no evidence any more
            atomic.claim(kept.parent, [], drop=[kept.name])
            if not any(p for p in kept.parent.iterdir() if p.name != atomic.MARKER):
                shutil.rmtree(kept.parent, ignore_errors=True)
        fresh["reports"][job.cache_id] = {
            "key": job.key, "title": outcome.title, "formats": list(formats),
            "params": {k: os.path.relpath(v, job.out_dir) if k == "seeds_dir" else v
                       for k, v in job.params.items()},
        }
        atomic.write_text(out_root / MANIFEST,
                          json.dumps(fresh, indent=1, ensure_ascii=False, sort_keys=True))
        manifest.clear()
        manifest.update(fresh)


def check_clashes(jobs: list[Job], manifest: dict) -> None:
    """Refuse, before any kernel starts, to replace a user's file with a report's.

    Raises:
        InputError: A file a report would write exists and jdib did not write it.
    """
    for out_dir in {j.out_dir for j in jobs}:
        known = {j.out_dir / f"{j.name}.{ext}" for j in jobs for ext in ("ipynb", *FORMATS)
                 if manifest["reports"].get(j.cache_id)}
        names = [f"{j.name}.{ext}" for j in jobs if j.out_dir == out_dir
                 for ext in ("ipynb", *FORMATS)] + ["index.html", SOURCES_CSV]
        has_cache = (out_dir / MANIFEST).is_file() or bool(manifest["reports"])
        atomic.check_clashes(out_dir, names, lambda p: p in known or (p.name == "index.html"
                                                                        and has_cache))
        # A failing report keeps its notebook in failed/, and a working one removes it there.
        atomic.check_clashes(out_dir / "failed", [f"{j.name}.ipynb" for j in jobs if j.out_dir == out_dir])


def _shown(path: Path) -> str:
    """A path as the user would type it: relative to the current folder when inside it."""
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _run_jobs(todo: list[Job], opts: Options, manifest: dict, out_root: Path) -> list[Outcome]:
    from tqdm import tqdm

    kernels = Kernels()
    outcomes = []
    terminal = sys.stderr.isatty()
    bar = tqdm(total=len(todo), desc="building reports", unit="report", file=sys.stderr,
               disable=opts.quiet or not terminal)
    try:
        with atomic.staging_dir(todo[0].out_dir) as staging, \
                ThreadPoolExecutor(max_workers=opts.jobs or os.cpu_count() or 1) as pool:
            futures = {pool.submit(make_report, job, staging / job.name, opts.formats, kernels,
                                   opts.cell_timeout): job
                       for job in todo}
            try:
                for future in as_completed(futures):
                    job = futures[future]
                    outcome = future.result()
                    commit(outcome, job, manifest, out_root, opts.formats)
                    outcomes.append(outcome)
                    bar.update(1)
                    if not (opts.quiet or terminal):
                        # A log (CI, a pipe) gets one line per report as it finishes.
                        print(f"[{len(outcomes)}/{len(todo)}] {outcome.name} {outcome.status} "
                              f"in {outcome.seconds:.1f} s", file=sys.stderr, flush=True)
            except BaseException as err:
                # Ctrl-C, or an interrupt raised inside a worker: stop the rest
                # quickly; the staging folder (and nothing else) is discarded.
                for future in futures:
                    future.cancel()
                kernels.kill_all()
                if "jdib.render.export" in sys.modules:
                    sys.modules["jdib.render.export"].stop_printing()
                if isinstance(err, KeyboardInterrupt):
                    raise Interrupted(_interrupted(outcomes, todo, opts.out)) from None
                raise
    finally:
        bar.close()
    return outcomes


def _interrupted(outcomes: list[Outcome], todo: list[Job], out: Path) -> str:
    replaced = [o.name for o in outcomes if o.status == "built"]
    rest = [j.name for j in todo if j.name not in replaced]
    if not replaced:
        return f"no report was replaced; the earlier outputs in {out} are unchanged"
    return (f"replaced {', '.join(replaced)} in {out}; "
            + (f"{', '.join(rest)} kept their earlier outputs" if rest else "nothing else was changed"))


def run(opts: Options) -> int:
    """Build the reports; the command line's ``jdib build``.

    Returns:
        0 when every report is built or up to date, 1 when one failed.

    Raises:
        InputError: Bad parameters or options, before any kernel starts.
        KeyboardInterrupt: The build was interrupted; earlier outputs are intact.
    """
    started = time.monotonic()
    if not opts.formats or any(fmt not in FORMATS for fmt in opts.formats):
        raise InputError(f"--formats {','.join(opts.formats)}",
                         "expected html, pdf or html,pdf")
    if opts.jobs is not None and opts.jobs < 1:
        raise InputError(f"--jobs {opts.jobs}", "must be at least 1")
    if not check_cell_timeout(opts.cell_timeout):
        raise InputError(f"--cell-timeout {opts.cell_timeout:g}",
                         f"must be a whole number of seconds from 1 to {CELL_TIMEOUT_MAX_S:,}")
    jobs = plan(opts)
    out_root = opts.out.resolve()
    manifest = read_manifest(out_root)
    check_clashes(jobs, manifest)
    for folder in {out_root, jobs[0].out_dir}:
        atomic.remove_stale(folder)  # staging folders of a build that was killed
    todo = [j for j in jobs if opts.force or not _up_to_date(j, manifest, opts.formats)]
    if todo and "pdf" in opts.formats:
        from jdib.render.export import check_temporary_folder, find_chromium

        check_temporary_folder()
        if not find_chromium():
            raise InputError("--formats pdf", "Chromium is not installed; run `make system` "
                                              "(or set JDIB_CHROMIUM), or build with --formats html")
    if todo:
        # A broken document would fail every notebook the same way: say it once, run none.
        # Refreshing the store here means the kernels only read it, never extract.
        from jdib import store

        for seeds in sorted({str(j.params["seeds_dir"]) for j in todo if j.params.get("seeds_dir")}):
            store.refresh(seeds, jobs=opts.jobs)
            if {"countries", "focus_program"} & set(opts.given):
                parameters.check_in_tables(opts.given, store.load(seeds).tables)
    done = {o.name: o for o in (_run_jobs(todo, opts, manifest, out_root) if todo else [])}
    outcomes = [done.get(j.name) or Outcome(j.name, "up to date") for j in jobs]

    for job, o in zip(jobs, outcomes):
        if o.status == "failed":
            print(f"jdib: error: {_shown(job.notebook)}: {o.error}", file=sys.stderr)
    index = jobs[0].out_dir / "index.html"
    if any(o.status == "built" for o in outcomes) or not index.exists():
        with atomic.folder_lock(out_root):
            _write_index(jobs, read_manifest(out_root), out_root)
            written = [n for n in (index.name, SOURCES_CSV) if (jobs[0].out_dir / n).is_file()]
            atomic.claim(jobs[0].out_dir, written)
    if not opts.quiet:
        width = max(len(j.name) for j in jobs)
        for o in outcomes:
            seconds = f"{o.seconds:6.1f} s" if o.status != "up to date" else ""
            print(f"{o.name:<{width}}  {o.status:<10}  {seconds}".rstrip())
        counts = {s: sum(o.status == s for o in outcomes) for s in ("built", "up to date", "failed")}
        summary = ", ".join(f"{n} {s}" for s, n in counts.items() if n)
        print(f"{summary} in {time.monotonic() - started:.1f} s -> {_shown(index)}")
    return 1 if any(o.status == "failed" for o in outcomes) else 0


def _write_index(jobs: list[Job], manifest: dict, out_root: Path) -> None:
    from jdib.render.index import write_index

    out_dir = jobs[0].out_dir
    prefix = out_dir.relative_to(out_root).as_posix()
    reports = []
    for cache_id, entry in sorted(manifest["reports"].items()):
        folder, _, name = cache_id.rpartition("/")
        if (folder or ".") == prefix and (out_dir / f"{name}.ipynb").is_file():
            # only formats whose file is there: the index never lists what was not built
            formats = [f for f in entry.get("formats", ()) if (out_dir / f"{name}.{f}").is_file()]
            reports.append({"name": name, **entry, "formats": formats})
    write_index(out_dir, reports, jobs[0].params.get("seeds_dir"))
