"""Table files: spreadsheet-safe cells, written beside the user's files."""

import pytest

from jdib.store.writers import csv_cell


@pytest.mark.parametrize("cell, written", [
    ("=1+1", "'=1+1"), ("+81 3 1234", "'+81 3 1234"), ("-2+3", "'-2+3"), ("@SUM(A1)", "'@SUM(A1)"),
    ("\t=1", "'\t=1"), ("\r=1", "'\r=1"), ("-", "'-"),
    ("-12.5", "-12.5"), ("-1,000", "-1,000"), ("+3", "+3"), ("2026-04-17", "2026-04-17"),
    ("防衛省", "防衛省"), ("a=b", "a=b"), ("", ""), (-3.5, -3.5), (None, None),
])
def test_only_cells_a_spreadsheet_would_run_are_prefixed(cell, written):
    assert csv_cell(cell) == written
