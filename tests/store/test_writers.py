"""Table files: spreadsheet-safe cells, written beside the user's files."""

import numpy as np
import pandas as pd
import pytest

from jdib.store.writers import csv_cell, csv_safe, write_csv_file


@pytest.mark.parametrize("cell, written", [
    ("=1+1", "'=1+1"), ("+81 3 1234", "'+81 3 1234"), ("-2+3", "'-2+3"), ("@SUM(A1)", "'@SUM(A1)"),
    ("\t=1", "'\t=1"), ("\r=1", "'\r=1"), ("-", "'-"),
    ("-12.5", "-12.5"), ("-1,000", "-1,000"), ("+3", "+3"), ("2026-04-17", "2026-04-17"),
    ("防衛省", "防衛省"), ("a=b", "a=b"), ("", ""), (-3.5, -3.5), (None, None),
])
def test_only_cells_a_spreadsheet_would_run_are_prefixed(cell, written):
    assert csv_cell(cell) == written


def test_a_table_file_is_what_pandas_would_write_only_faster(tmp_path):
    frame = pd.DataFrame({
        "text": ["=x", "-12.5", "", None, 'he said "hi", ok', "line\nbreak", "@a", "\tq", "+3", "防衛省"],
        "value": [1.5, np.nan, 3.0, 0.1 + 0.2, 1e20, -0.0, 2, 3, 4, 5],
        "count": pd.array([1, None, 3, 4, 5, 6, 7, 8, 9, 10], dtype="Int64"),
        "flag": [True, False] * 5,
        'odd "name"': ["x"] * 10,
    })
    write_csv_file(frame, tmp_path / "duckdb.csv")
    csv_safe(frame).to_csv(tmp_path / "pandas.csv", index=False, encoding="utf-8-sig", lineterminator="\n")
    assert (tmp_path / "duckdb.csv").read_bytes() == (tmp_path / "pandas.csv").read_bytes()
    assert (tmp_path / "duckdb.csv").read_bytes().startswith(b"\xef\xbb\xbftext,")


def test_a_carriage_return_in_a_cell_is_quoted(tmp_path):
    write_csv_file(pd.DataFrame({"a": ["cr\rx"]}), tmp_path / "t.csv")
    assert (tmp_path / "t.csv").read_bytes() == b'\xef\xbb\xbfa\n"cr\rx"\n'
