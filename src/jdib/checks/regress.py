"""Regression checks: what a change to the documents or the code does to the reports.

The accepted baseline is twofold: the notebooks in ``notebooks/`` stored with the
outputs of their default parameters (what nbval compares), and the tables of the
seeds as golden CSVs. :func:`check` rebuilds both and says, in words, what moved;
:func:`accept` makes the new state the baseline.
"""

from __future__ import annotations

import difflib
import io
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from jdib.errors import InputError, ReportFailed
from jdib.store import atomic
from jdib.render.runner import KERNEL, discover

#: The columns that identify a row of each table, so a changed row is told apart
#: from one removed and one added.
TABLE_KEYS = {
    "documents": ["doc_id"], "paragraphs": ["para_id"], "events": ["event_id"],
    # A paragraph may state one program twice (two sentences): the nth
    # statement is told apart by its place, never by its wording.
    "programs": ["para_id", "program_id"], "figures": ["figure_id"],
    "strategies": ["strategy_id"], "outcomes": ["outcome_id"], "startups": ["name", "doc_id"],
    "decisions": ["decision_n"],
}
_TEXT_MIMES = ("text/markdown", "text/plain")
_VOLATILE_CELL_META = ("execution", "papermill")


@dataclass
class TableDiff:
    """Rows added, removed and changed (with the changed fields) in one table."""

    name: str
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed: list[tuple[str, dict[str, tuple[str, str]]]] = field(default_factory=list)
    #: The rows (of those above) that an analyst's decision in ``review.yaml`` touches.
    decided: set[str] = field(default_factory=set)

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.changed)

    def split(self) -> tuple["TableDiff", "TableDiff"]:
        """The rows the extraction changed, and those a decision changed."""
        def part(keep) -> TableDiff:
            return TableDiff(self.name, [k for k in self.added if keep(k)], [k for k in self.removed if keep(k)],
                             [c for c in self.changed if keep(c[0])])

        return part(lambda k: k not in self.decided), part(lambda k: k in self.decided)


@dataclass
class NotebookDiff:
    """Cells whose outputs differ, each with the section it sits in and the lines that moved."""

    name: str
    cells: list[tuple[int, str, list[str], list[str]]] = field(default_factory=list)
    problem: str = ""

    def __bool__(self) -> bool:
        return bool(self.cells or self.problem)


def diff_tables(name: str, old: pd.DataFrame, new: pd.DataFrame) -> TableDiff:
    """Compare two versions of a table row by row.

    Args:
        name: The table's name (picks its key columns from :data:`TABLE_KEYS`).
        old: The accepted table, read as strings.
        new: The fresh table, read as strings.

    Returns:
        The rows added, removed and changed, each named by its key.

    Example:
        >>> old = pd.DataFrame({"figure_id": ["a"], "value": ["43.5"]})
        >>> diff_tables("figures", old, old.assign(value="44.5")).changed
        [('a', {'value': ('43.5', '44.5')})]
    """
    key = [k for k in TABLE_KEYS.get(name, []) if k in old.columns and k in new.columns]
    key = key or list(old.columns) or list(new.columns)  # a first accept has no old table

    def label(frame: pd.DataFrame) -> pd.Series:
        if frame.empty:
            return pd.Series([], dtype=str)
        ids = frame[[k for k in key if k in frame.columns]].astype(str).agg(" | ".join, axis=1)
        nth = ids.groupby(ids).cumcount()
        repeated = ids.map(ids.value_counts()) > 1
        return ids.where(~repeated, ids + " #" + (nth + 1).astype(str))

    old_rows = dict(zip(label(old), old.to_dict("records")))
    new_rows = dict(zip(label(new), new.to_dict("records")))
    out = TableDiff(name, sorted(set(new_rows) - set(old_rows)), sorted(set(old_rows) - set(new_rows)))
    for k in sorted(set(old_rows) & set(new_rows)):
        a, b = old_rows[k], new_rows[k]
        fields = {c: (str(a.get(c, "")), str(b.get(c, ""))) for c in sorted(set(a) | set(b))
                  if str(a.get(c, "")) != str(b.get(c, ""))}
        if fields:
            out.changed.append((k, fields))
    return out


def read_table(path: Path) -> pd.DataFrame:
    """A table CSV with every cell as text, so comparing is exact.

    Raises:
        InputError: The file is not a CSV in UTF-8, as jdib writes them.
    """
    try:
        return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except UnicodeDecodeError:
        raise InputError(path, "the golden table is not UTF-8 text (jdib writes its tables as UTF-8); "
                               "restore it, or run `jdib accept`") from None
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as err:
        raise InputError(path, f"the golden table is not a readable CSV ({_first(err)})") from None


def _first(err: object) -> str:
    return (str(err).strip().splitlines() or [""])[0]


def cell_text(cell) -> str:
    """The text a reader sees of a cell's outputs (Markdown, else plain text)."""
    parts = []
    for out in cell.get("outputs", []):
        if out.get("output_type") == "stream":
            parts.append(out.get("text", ""))
        data = out.get("data", {})
        for mime in _TEXT_MIMES:
            if mime in data:
                parts.append(data[mime] if isinstance(data[mime], str) else "".join(data[mime]))
                break
        if out.get("output_type") == "error":
            parts.append(f"{out.get('ename')}: {out.get('evalue')}")
    return "\n".join(parts)


def diff_notebooks(name: str, old, new) -> NotebookDiff:
    """Compare the outputs of two runs of one notebook, cell by cell.

    Returns:
        Each differing cell with the nearest section heading above it and the
        output lines removed and added.
    """
    out = NotebookDiff(name)
    old_cells = [c for c in old.cells if c.cell_type == "code"]
    new_cells = [c for c in new.cells if c.cell_type == "code"]
    if len(old_cells) != len(new_cells):
        out.problem = f"{len(old_cells)} code cells stored, {len(new_cells)} now"
    section = ""
    for i, (a, b) in enumerate(zip(old_cells, new_cells)):
        ta, tb = cell_text(a), cell_text(b)
        heading = re.findall(r"^#{1,3} (.+)$", tb, re.M)
        section = heading[0] if heading else section
        if ta != tb:
            la, lb = ta.splitlines(), tb.splitlines()
            removed, added = [], []
            for op in difflib.SequenceMatcher(a=la, b=lb, autojunk=False).get_opcodes():
                if op[0] != "equal":
                    removed += la[op[1]:op[2]]
                    added += lb[op[3]:op[4]]
            out.cells.append((i, section, removed, added))
    return out


def execute(notebook: Path):
    """Run a notebook top to bottom with its own defaults, in its own folder.

    The kernel is driven from a worker thread, as ``jdib build`` does: nbclient
    run in the main thread replaces the handlers of Ctrl-C and SIGTERM with its
    own and leaves Python's defaults behind, so an interrupt would fail one
    notebook quietly, or kill jdib without a word. Here an interrupt reaches
    jdib, which stops the kernel at once.

    Returns:
        The executed notebook, without timestamps.

    Raises:
        ReportFailed: A cell raised (named by its index and the error, in one line).
        KeyboardInterrupt: Ctrl-C or SIGTERM; the kernel is stopped.
    """
    import atexit
    import subprocess
    from concurrent.futures import ThreadPoolExecutor

    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    from jdib.render.runner import Kernels

    nb = _read_notebook(notebook)
    kernels = Kernels()
    # The kernel process's own log lines (a TCP notice at start) are not the
    # notebook's output; errors in cells still reach the notebook.
    client = NotebookClient(nb, kernel_name=KERNEL, timeout=600, kernel_manager_class=kernels.manager_class(),
                            resources={"metadata": {"path": str(notebook.parent)}}, log=_QUIET)
    try:
        with ThreadPoolExecutor(max_workers=1) as pool:
            running = pool.submit(client.execute, stderr=subprocess.DEVNULL)
            try:
                running.result()
            except CellExecutionError as err:
                raise ReportFailed(notebook, _failed_cell(nb, err)) from None
            except BaseException:
                kernels.kill_all()  # the worker then ends as soon as nbclient sees the kernel gone
                raise
    finally:
        # nbclient registers a clean-up to run at exit and, when the kernel it was
        # starting is killed, never takes it back; run at exit over a cleaned-up client,
        # it printed a traceback after jdib's one line. The worker has ended here.
        atexit.unregister(client._cleanup_kernel)
    for cell in nb.cells:
        for key in _VOLATILE_CELL_META:
            cell.metadata.pop(key, None)
    nb.metadata.pop("papermill", None)
    return nb


# nbclient's own log: a stopped kernel is told once, by the exception, not also as a log line.
_QUIET = logging.getLogger("jdib.checks.nbclient")
_QUIET.addHandler(logging.NullHandler())
_QUIET.propagate = False
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def _failed_cell(nb, err) -> str:
    """``cell 3 (In [3]) raised ValueError: …``: the first cell whose output is an error."""
    for index, cell in enumerate(nb.cells):
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                evalue = (_ANSI.sub("", str(out.get("evalue", ""))).strip().splitlines() or ["(no message)"])[0]
                return f"cell {index} (In [{cell.get('execution_count')}]) raised {out.get('ename')}: {evalue}"
    return f"raised {getattr(err, 'ename', type(err).__name__)}: {_ANSI.sub('', str(getattr(err, 'evalue', '')))}"


def _read_notebook(path: Path):
    """A notebook as nbformat reads it; one line naming the file when it is not one."""
    import nbformat

    try:
        return nbformat.read(path, as_version=4)
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as err:
        raise InputError(path, f"cannot read the notebook ({type(err).__name__})") from None


def _read_back(built: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Tables as their CSV text reads back, so they compare with the golden files exactly."""
    from jdib.store.writers import csv_safe

    out = {}
    for name, frame in built.items():
        buf = io.StringIO()
        csv_safe(frame).to_csv(buf, index=False, lineterminator="\n")
        buf.seek(0)
        out[name] = pd.read_csv(buf, dtype=str, keep_default_na=False)
    return out


def _against_golden(built: dict[str, pd.DataFrame], golden: Path,
                    extracted: dict[str, pd.DataFrame] | None = None) -> list[TableDiff]:
    """Each table against its golden CSV; with ``extracted`` (the tables before the analyst's
    decisions), the rows the decisions touch are told apart."""
    diffs = []
    before = _read_back(extracted) if extracted is not None else {}
    for name, frame in _read_back(built).items():
        path = golden / f"{name}.csv"
        old = read_table(path) if path.exists() else frame.iloc[0:0]
        d = diff_tables(name, old, frame)
        if name in before:
            touched = diff_tables(name, before[name], frame)
            d.decided = set(touched.added) | set(touched.removed) | {k for k, _ in touched.changed}
        diffs.append(d)
    return diffs


def _reviewed(seeds: Path, built: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """The tables with the decisions of the seeds' ``review.yaml`` applied, as the store holds them."""
    from jdib.store import review, warehouse

    path = review.path_for(warehouse.default_store(seeds))
    return review.apply(built, review.read(path), path)


def check_tables(seeds: Path, golden: Path) -> list[TableDiff]:
    """Every table of ``seeds`` against its golden CSV.

    Raises:
        InputError: The golden folder does not exist (nothing to compare with),
            or a golden table cannot be read.
    """
    from jdib.ingest import corpus
    from jdib.store import tables

    if not Path(golden).is_dir():
        raise InputError(golden, "the golden folder does not exist; `jdib accept --golden "
                                 f"{golden}` makes one")
    extracted = tables.build(corpus.load_corpus(seeds))
    return _against_golden(_reviewed(seeds, extracted), golden, extracted)


def check_notebooks(folder: Path, progress=None) -> list[NotebookDiff]:
    """Every notebook re-executed against its stored outputs."""
    diffs = []
    for path in discover(Path(folder)):
        if progress:
            progress(path.stem)
        stored = _read_notebook(path)
        try:
            fresh = execute(path)
        except ReportFailed as err:  # a failing notebook is a difference, with its reason
            diffs.append(NotebookDiff(path.stem, problem=f"execution failed: {err.reason}"))
            continue
        except Exception as err:  # a kernel that died or never started
            diffs.append(NotebookDiff(path.stem, problem=f"execution failed: {type(err).__name__}: {_first(err)}"))
            continue
        diffs.append(diff_notebooks(path.stem, stored, fresh))
    return diffs


def accept(seeds: Path, golden: Path, notebooks: Path | None,
           progress=None, protected: Iterable[tuple[Path, str]] = ()) -> tuple[list[tuple[str, int]], list[TableDiff]]:
    """Make the current tables and notebook outputs the baseline, all or nothing.

    Everything is computed first (the slow part: every notebook executed, every
    table built) while nothing on disk changes; an error or Ctrl-C there leaves
    the old baseline whole. Then the golden tables and the notebooks are
    written with Ctrl-C and SIGTERM held back, which takes a moment.

    Args:
        seeds: The documents whose tables become golden.
        golden: The folder of golden CSVs.
        notebooks: The notebooks folder, or None to leave the notebooks alone.
        progress: Called with each notebook's name before it runs.
        protected: ``(folder, what)`` pairs the golden folder may be neither nor
            lie inside, besides the seeds and notebooks folders (the outputs
            folder, say, and the notebooks folder when ``notebooks`` is None).

    Returns:
        (notebook, cells whose outputs changed) per notebook, and the table differences.

    Raises:
        InputError: The golden folder cannot be used, or a document is bad.
    """
    import nbformat

    from jdib.ingest import corpus
    from jdib.store import tables, writers

    protected = [(Path(seeds), "the seeds folder"), *protected]
    if notebooks is not None:
        protected.append((Path(notebooks), "the notebooks folder"))
    golden = atomic.check_out_folder(Path(golden), option="--golden", protected=protected)
    built = _reviewed(seeds, tables.build(corpus.load_corpus(seeds)))
    fresh = []
    for path in discover(Path(notebooks)) if notebooks is not None else []:
        if progress:
            progress(path.stem)
        stored = _read_notebook(path)
        try:
            new = execute(path)
        except ReportFailed as err:
            raise ReportFailed(err.path, f"{err.reason}; nothing was accepted") from None
        fresh.append((path, new, len(diff_notebooks(path.stem, stored, new).cells)))
    diffs = _against_golden(built, golden)
    with atomic.signals_deferred():
        writers.write_tables(built, golden, option="--golden", protected=protected)
        for path, new, _ in fresh:
            atomic.write_text(path, nbformat.writes(new) + "\n")
    return [(path.stem, changed) for path, _, changed in fresh], diffs


def describe(table_diffs: list[TableDiff], notebook_diffs: list[NotebookDiff], limit: int = 12) -> str:
    """A readable summary of what changed, per table and per report."""
    lines = []
    for whole in table_diffs:
        for d, by in zip(whole.split(), ("", " by the analyst's decisions (review.yaml)")):
            lines += _describe_table(d, by, limit)
    for d in notebook_diffs:
        if not d:
            continue
        lines.append(f"report {d.name}: " + (d.problem or f"{len(d.cells)} cell(s) differ"))
        for index, section, removed, added in d.cells[:limit]:
            lines.append(f"  cell {index}" + (f" (section: {section})" if section else ""))
            lines += [f"    {line}" for line in _pair_lines(removed, added)[:limit * 2]]
    return "\n".join(lines)


def _describe_table(d: TableDiff, by: str, limit: int) -> list[str]:
    if not d:
        return []
    lines = [f"table {d.name}{by}: {len(d.added)} added, {len(d.removed)} removed, {len(d.changed)} changed"]
    lines += [f"  + {k}" for k in d.added[:limit]] + [f"  - {k}" for k in d.removed[:limit]]
    for k, fields in d.changed[:limit]:
        lines.append(f"  ~ {k}")
        for c, (a, b) in fields.items():
            short = len(a) <= 40 and len(b) <= 40
            lines.append(f"      {c}: {a} -> {b}" if short else f"      {c}: {word_diff(a, b)}")
    return lines


def _pair_lines(removed: list[str], added: list[str]) -> list[str]:
    """Removed and added lines, a line and its edited version shown as one word diff.

    A removed line pairs with the later added line that keeps most of it, so
    a line inserted above (or text appended to it) does not make every line
    below read as rewritten.
    """
    def kept(old: str, new: str) -> float:
        blocks = difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_matching_blocks()
        return sum(b.size for b in blocks) / max(len(old), 1)

    out, start = [], 0
    for old in removed:
        scores = [(kept(old, added[j]), -j) for j in range(start, len(added))]
        best = max(scores, default=(0.0, 0))
        match = -best[1] if best[0] >= 0.7 else None
        if match is None:
            out.append(f"- {_window(old, 0)}")
            continue
        out += [f"+ {_window(x, 0)}" for x in added[start:match]]
        out.append(f"~ {word_diff(old, added[match])}")
        start = match + 1
    return out + [f"+ {_window(x, 0)}" for x in added[start:]]


_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9.,%'’-]*|\s+|.", re.S)


def word_diff(old: str, new: str, context: int = 50) -> str:
    """One line showing what changed, word by word, around the first change.

    Removed words read ``[-old-]``, added ones ``{+new+}`` (as ``git diff
    --word-diff``). Latin words and numbers count as one word each; Japanese,
    written without spaces, counts character by character. About ``context``
    characters of unchanged text stay on each side of the changed span.

    Example:
        >>> word_diff("budget of 43.5 trillion yen", "budget of 44.5 trillion yen")
        'budget of [-43.5-]{+44.5+} trillion yen'
    """
    a, b = _TOKEN.findall(old), _TOKEN.findall(new)
    parts: list[str] = []
    first = last = None
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            parts.append("".join(a[i1:i2]))
            continue
        first = len(parts) if first is None else first
        removed, added = "".join(a[i1:i2]), "".join(b[j1:j2])
        parts.append((f"[-{removed}-]" if removed else "") + (f"{{+{added}+}}" if added else ""))
        last = len(parts)
    if first is None:
        return _window(new, 0)
    before, middle, after = "".join(parts[:first]), "".join(parts[first:last]), "".join(parts[last:])
    head = before if len(before) <= context else "…" + before[-context:]
    tail = after if len(after) <= context else after[:context] + "…"
    return head + middle + tail


def _window(line: str, start: int, width: int = 160) -> str:
    """A long line shown around the place it changed."""
    begin = max(0, min(start - 60, len(line) - width))
    text = line[begin:begin + width]
    return ("…" if begin else "") + text + ("…" if begin + width < len(line) else "")
