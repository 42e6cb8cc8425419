"""The tables on the seeds are the accepted ones, byte for byte, and rebuilding changes nothing."""

import filecmp

import pytest

from jdib import paths
from jdib.store import tables
from jdib.cli import main

GOLDEN = paths.GOLDEN


@pytest.fixture(scope="module")
def fresh(tmp_path_factory):
    out = tmp_path_factory.mktemp("tables")
    assert main(["tables", "--seeds", str(paths.SEEDS), "--out", str(out)]) == 0
    return out


@pytest.mark.parametrize("name", list(tables.BUILDERS))
def test_tables_match_the_golden_csv(fresh, name):
    golden, new = GOLDEN / f"{name}.csv", fresh / f"{name}.csv"
    assert golden.exists(), f"no golden {name}.csv: run `jdib accept` to create it"
    assert new.read_bytes() == golden.read_bytes(), (
        f"{name}.csv differs from the accepted table; `jdib check` shows how, `jdib accept` accepts it")


def test_two_builds_are_byte_identical(fresh, tmp_path):
    assert main(["tables", "--seeds", str(paths.SEEDS), "--out", str(tmp_path)]) == 0
    names = sorted(p.name for p in fresh.iterdir())
    match, mismatch, errors = filecmp.cmpfiles(fresh, tmp_path, names, shallow=False)
    assert (mismatch, errors) == ([], [])


def test_file_order_on_disk_does_not_matter(seeds_copy, tmp_path):
    # Renaming files changes the order they come off the disk, not the tables.
    for p in sorted(seeds_copy.glob("*.txt")):
        p.rename(p.with_name("z" + p.name))
    catalog = seeds_copy / "catalog.csv"
    catalog.write_text("\n".join(
        line if i == 0 else "z" + line for i, line in enumerate(catalog.read_text("utf-8").splitlines())
    ) + "\n", encoding="utf-8")
    assert main(["tables", "--seeds", str(seeds_copy), "--out", str(tmp_path)]) == 0
    for name in ("events", "programs", "figures", "strategies", "outcomes", "startups"):
        assert (tmp_path / f"{name}.csv").read_bytes() == (GOLDEN / f"{name}.csv").read_bytes(), name
