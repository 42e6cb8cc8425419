"""Report parameters: what a notebook declares, what the user gives, and checks.

Everything here runs before any kernel starts, so a typo costs a second, not a
build. Only the standard library and PyYAML are used, to keep ``jdib build`` fast.
"""

from __future__ import annotations

import ast
import hashlib
import json
import os
import re
from collections.abc import Mapping
from pathlib import Path

from jdib.errors import InputError
from jdib.reports.params import check_lang, parse_as_of



def declared(notebook: Path) -> dict[str, object]:
    """The names and default values of a notebook's ``parameters`` cell.

    The cell is read as JSON and parsed with :mod:`ast`, so no kernel and no
    papermill import is needed. Only ``name = literal`` lines count, as
    papermill and the style guide expect.

    Args:
        notebook: An ``.ipynb`` file.

    Returns:
        ``{name: default}`` in the cell's order; empty when there is no such cell.

    Raises:
        InputError: The file is not a notebook, or the cell is not valid Python.

    Example:
        >>> declared(Path("notebooks/01_ukraine_lessons.ipynb"))  # doctest: +SKIP
        {'seeds_dir': '../seeds', 'as_of': '2026-04-30', 'lang': 'en'}
    """
    try:
        cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    except (OSError, ValueError, KeyError, TypeError) as err:
        raise InputError(notebook, f"cannot read the notebook ({err})") from None
    if not isinstance(cells, list) or not all(isinstance(c, dict) for c in cells):
        raise InputError(notebook, "is not a notebook: its cells are not a list of cells")
    for cell in cells:
        tags = cell.get("metadata", {}).get("tags", []) if isinstance(cell.get("metadata"), dict) else []
        if isinstance(tags, list) and "parameters" in tags:
            source = cell.get("source", "")
            if isinstance(source, list) and all(isinstance(line, str) for line in source):
                source = "".join(source)
            if not isinstance(source, str):
                raise InputError(notebook, "is not a notebook: the parameters cell has no source text")
            return _assignments(source, notebook)
    return {}


def _assignments(source: str, notebook: Path) -> dict[str, object]:
    try:
        tree = ast.parse(source)
    except SyntaxError as err:
        raise InputError(notebook, f"the parameters cell is not valid Python (line {err.lineno})") from None
    found: dict[str, object] = {}
    for node in tree.body:
        target, value = None, None
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target, value = node.targets[0], node.value
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            target, value = node.target, node.value
        if isinstance(target, ast.Name):
            try:
                found[target.id] = ast.literal_eval(value)
            except ValueError:
                found[target.id] = None  # not a literal: the name is known, its default is not
    return found


def parse_cli_value(text: str, default: object) -> object:
    """Read a ``-p NAME VALUE`` value the way papermill's CLI does: as a YAML scalar.

    When the notebook's default is a string the text is kept as it is, so
    ``-p lang no`` stays ``"no"`` and ``-p as_of 2026-02-01`` stays a string.

    Example:
        >>> parse_cli_value("3", 10), parse_cli_value("2026-02-01", "2026-04-30")
        (3, '2026-02-01')
    """
    if isinstance(default, str):
        return text
    import yaml

    try:
        return yaml.load(text, Loader=_loader())
    except (yaml.YAMLError, _AliasRefused):
        return text


def load_file(path: Path) -> dict[str, object]:
    """Read ``--params FILE.yaml``: a mapping of parameter names to values.

    Raises:
        InputError: The file is missing, not YAML, or not a mapping.
    """
    import yaml

    from jdib.ingest import limits
    from jdib.ingest.files import read_limited

    raw = read_limited(Path(path), limits.PARAMS_BYTES, "the parameters file")
    try:
        data = yaml.load(raw.decode("utf-8-sig"), Loader=_loader())
    except UnicodeDecodeError:
        raise InputError(path, "the parameters file is not UTF-8 text") from None
    except _AliasRefused as err:
        raise InputError(path, f"uses a YAML alias (line {err.line}); a parameters file holds plain "
                               "values (aliases can make a small file expand without bound)") from None
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark else ""
        raise InputError(path, f"is not valid YAML{where}") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise InputError(path, "must be a mapping of parameter names to values (name: value)")
    return {str(k): v for k, v in data.items()}


class _AliasRefused(Exception):
    """A YAML alias met while reading parameters, at ``line``."""

    def __init__(self, line: int):
        self.line = line
        super().__init__(f"alias at line {line}")


def _loader():
    """PyYAML's safe loader without timestamps or aliases.

    ``2026-02-01`` stays the string the notebooks take, and ``2026-02-30``
    reaches :func:`check` instead of crashing the YAML reader. An alias
    (``*a``) is refused as it is met: a few lines of nested aliases expand to
    billions of values ("billion laughs").
    """
    import yaml

    class Loader(yaml.SafeLoader):
        def compose_node(self, parent, index):
            if self.check_event(yaml.AliasEvent):
                raise _AliasRefused(self.peek_event().start_mark.line + 1)
            return super().compose_node(parent, index)

    Loader.yaml_implicit_resolvers = {
        first: [r for r in resolvers if r[0] != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()}
    return Loader


def check_names(given: Mapping[str, object], known: Mapping[str, Mapping[str, object]]) -> None:
    """Refuse a parameter that no selected notebook declares.

    Args:
        given: The parameters from ``-p`` and ``--params``.
        known: ``{notebook name: declared parameters}``.

    Raises:
        InputError: Naming the parameter and listing the ones the notebooks take.
    """
    names = sorted({n for params in known.values() for n in params})
    for name in given:
        if name not in names:
            listing = ", ".join(names) if names else "none (no notebook has a parameters cell)"
            raise InputError(f"parameter {name}", f"unknown; the notebooks take {listing}")


def effective(given: Mapping[str, object], defaults: Mapping[str, object],
              notebook_dir: Path) -> dict[str, object]:
    """One notebook's parameters for a run: its defaults, overridden by ``given``.

    ``seeds_dir`` becomes an absolute path: a given one relative to the current
    folder, a default one relative to the notebook's folder (where it runs).
    Values are not checked here; see :func:`check`.

    Args:
        given: Parameters from the command line, already parsed.
        defaults: The notebook's declared parameters.
        notebook_dir: The notebook's folder.

    Returns:
        Every declared parameter with its value for this run.

    Example:
        >>> effective({"lang": "ja"}, {"lang": "en", "seeds_dir": "../seeds"}, Path("/p/notebooks"))
        {'lang': 'ja', 'seeds_dir': '/p/seeds'}
    """
    params = {name: given.get(name, default) for name, default in defaults.items()}
    for name, value in params.items():
        # `-p countries Japan` means the one-item list, as the notebook's default shows.
        if isinstance(defaults[name], list) and isinstance(value, str):
            params[name] = [value]
    if "seeds_dir" in params:
        base = Path.cwd() if "seeds_dir" in given else notebook_dir
        params["seeds_dir"] = os.path.normpath(base / str(params["seeds_dir"]))
    return params


def check(params: Mapping[str, object]) -> None:
    """Check the values jdib's notebooks rely on.

    Raises:
        InputError: One line naming the parameter and what is wrong.

    Example:
        >>> check({"as_of": "2026-13-01"})
        Traceback (most recent call last):
        ...
        jdib.errors.InputError: parameter as_of: '2026-13-01' is not a date (expected YYYY-MM-DD or latest)
    """
    if "as_of" in params:
        parse_as_of(params["as_of"])
    if "lang" in params:
        check_lang(params["lang"])
    if "seeds_dir" in params and not Path(str(params["seeds_dir"])).is_dir():
        from jdib.ingest.files import check_folder

        try:
            check_folder(Path(str(params["seeds_dir"])), f"the folder {params['seeds_dir']}")
        except InputError as err:
            raise InputError("parameter seeds_dir", err.reason) from None
    if "countries" in params:
        countries = params["countries"]
        if not isinstance(countries, list) or not all(isinstance(c, str) for c in countries):
            raise InputError("parameter countries", f"{countries!r} is not a list of names "
                             "(expected e.g. Japan or '[United States, Japan]')")
        for country in countries:
            check_known("countries", country, known_countries())
    if "focus_program" in params:
        check_known("focus_program", params["focus_program"], known_programs())


def known_countries() -> list[str]:
    """The English country and region names the strategies table can hold."""
    from jdib.ingest import vocab

    return list(vocab.load("countries"))


def known_programs() -> list[str]:
    """The program ids the programs table can hold."""
    from jdib.ingest import vocab

    return [p["id"] for p in vocab.load("programs")]


def check_known(name: str, value: object, known: list[str], missing: str = "is not known") -> None:
    """Refuse a value that is not one of ``known``, naming the closest ones.

    Example:
        >>> check_known("countries", "Frnace", ["France", "Finland", "Japan"])
        Traceback (most recent call last):
        ...
        jdib.errors.InputError: parameter countries: 'Frnace' is not known; did you mean France?
    """
    import difflib

    if value in known:
        return
    folded = {k.casefold(): k for k in known}
    close = [folded[k] for k in difflib.get_close_matches(str(value).casefold(), folded, n=3, cutoff=0.5)]
    hint = ("did you mean " + " or ".join(close) + "?") if close else \
        "expected one of " + ", ".join(known[:12]) + (", ..." if len(known) > 12 else "")
    raise InputError(f"parameter {name}", f"{value!r} {missing}; {hint}")


def check_in_tables(given: Mapping[str, object], built: Mapping) -> None:
    """Refuse a country or program the documents' tables do not hold.

    A name can be a real country and still have no strategy in the documents:
    the report would only say "nothing on this", so the run stops here instead.

    Args:
        given: The parameters the user passed (defaults are not checked).
        built: The tables of the documents (``jdib.store.tables.build``).

    Raises:
        InputError: Naming the value and the closest ones the tables hold.
    """
    if "countries" in given and "strategies" in built:
        countries = given["countries"]
        have = sorted(set(built["strategies"].country_or_region))
        for country in [countries] if isinstance(countries, str) else list(countries or []):
            check_known("countries", country, have, "has no strategy in the documents")
    if "focus_program" in given and "programs" in built:
        have = sorted(set(built["programs"].program_id))
        check_known("focus_program", given["focus_program"], have, "is not stated in the documents")


def slug(changed: Mapping[str, object]) -> str:
    """The folder name of a run with non-default parameters.

    Example:
        >>> slug({"lang": "ja", "as_of": "2026-02-01"})
        'as_of-2026-02-01_lang-ja'
    """
    parts = []
    for name in sorted(changed):
        value = changed[name]
        if name == "seeds_dir":
            # Two folders may share a name: a short hash keeps their runs apart.
            path = str(value)
            value = f"{Path(path).name}-{hashlib.sha256(path.encode()).hexdigest()[:6]}"
        text = re.sub(r"[^0-9A-Za-z.]+", "-", str(value)).strip("-.") or "x"
        parts.append(f"{name}-{text}")
    return "_".join(parts)
