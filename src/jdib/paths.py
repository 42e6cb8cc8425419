"""Where things live in a checkout. Commands take these as defaults only."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
TABLES = ROOT / "data" / "tables"
NOTEBOOKS = ROOT / "notebooks"
OUTPUTS = ROOT / "outputs"
GOLDEN = ROOT / "tests" / "data" / "golden"
