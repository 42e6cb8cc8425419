"""The package's folders are the pipeline, and each stage imports only the ones before it.

ingest -> extract -> store -> reports -> render -> checks -> cli. The shared
foundation (``jdib.errors``, ``jdib.paths`` and the package's ``__version__``)
may be imported by any stage.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import jdib

PACKAGE = Path(jdib.__file__).parent
STAGES = ("ingest", "extract", "store", "reports", "render", "checks", "cli")
FOUNDATION = {"jdib", "jdib.errors", "jdib.paths", "jdib.data", "jdib.__main__"}


def stage_of(module: str) -> int | None:
    """The stage's rank of a dotted module name; None for the foundation."""
    parts = module.split(".")
    if module in FOUNDATION or len(parts) < 2:
        return None
    return STAGES.index(parts[1]) if parts[1] in STAGES else None


def module_name(path: Path) -> str:
    rel = path.relative_to(PACKAGE.parent).with_suffix("")
    parts = rel.parts[:-1] if rel.name == "__init__" else rel.parts
    return ".".join(parts)


def imported(path: Path) -> list[tuple[int, str]]:
    """Every jdib module a file imports, with the line it does so on."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names if a.name.startswith("jdib")]
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("jdib"):
            if node.module == "jdib":  # `from jdib import render` names a stage
                found += [(node.lineno, f"jdib.{a.name}") for a in node.names]
            else:
                found.append((node.lineno, node.module))
    return found


MODULES = sorted(PACKAGE.rglob("*.py"))


def test_every_module_sits_in_a_stage_or_the_foundation():
    loose = [module_name(p) for p in MODULES
             if stage_of(module_name(p)) is None and module_name(p) not in FOUNDATION]
    assert loose == [], f"modules outside the pipeline's folders: {loose}"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: module_name(p))
def test_no_module_imports_a_later_stage(path: Path):
    # The foundation sits below every stage; only the entry point (__main__) may call the CLI.
    own = STAGES.index("cli") if module_name(path) == "jdib.__main__" else stage_of(module_name(path))
    upward = [f"line {line}: {name}" for line, name in imported(path)
              if (stage_of(name) or -1) > (-1 if own is None else own)]
    assert upward == [], f"{module_name(path)} imports a later stage: {upward}"


def test_the_check_catches_an_upward_import(tmp_path: Path):
    probe = tmp_path / "probe.py"
    probe.write_text("from jdib.render import runner\nfrom jdib.ingest import dates\n")
    assert [stage_of(name) for _, name in imported(probe)] == [STAGES.index("render"), STAGES.index("ingest")]
