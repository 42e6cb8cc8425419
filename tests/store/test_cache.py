"""The per-document cache: data only, checked on read, private, recovered when damaged."""

from __future__ import annotations

import os
import pickle
import stat

import pandas as pd

from jdib.cli import main

NEW = "2026年5月1日\n# 新しい発表\n\n防衛省は予算5億円を計上した。\n"


def _tables(seeds, store, out) -> int:
    return main(["tables", "--seeds", str(seeds), "--store", str(store), "--out", str(out)])


def _entries(store):
    return [p for p in (store / ".jdib-store" / "parts").iterdir() if not p.name.startswith(".")]


class _Planted:
    """What an attacker plants: unpickling it runs a command."""

    def __init__(self, marker):
        self.marker = marker

    def __reduce__(self):
        return (os.system, (f"touch {self.marker}",))


def test_a_planted_cache_entry_runs_no_code_and_the_document_is_read_again(seeds_copy, tmp_path, caplog):
    store, out = tmp_path / "store", tmp_path / "t"
    assert _tables(seeds_copy, store, out) == 0
    ran = tmp_path / "code-ran"
    for entry in _entries(store):
        entry.write_bytes(pickle.dumps(_Planted(ran)))
    (seeds_copy / "new.txt").write_text(NEW, encoding="utf-8")  # the next run reads every entry
    assert _tables(seeds_copy, store, out) == 0
    assert not ran.exists()
    assert "the document is read again" in caplog.text
    assert len(pd.read_csv(out / "documents.csv")) == 6


def test_an_empty_or_cut_cache_entry_is_recovered_with_a_line_saying_so(seeds_copy, tmp_path, caplog):
    store, out = tmp_path / "store", tmp_path / "t"
    assert _tables(seeds_copy, store, out) == 0
    before = (out / "events.csv").read_bytes()
    entries = sorted(_entries(store))
    entries[0].write_bytes(b"")
    entries[1].write_bytes(entries[1].read_bytes()[:40])
    (seeds_copy / "new.txt").write_text(NEW, encoding="utf-8")
    assert _tables(seeds_copy, store, out) == 0
    damaged = [r.getMessage() for r in caplog.records if "read again" in r.getMessage()]
    assert len(damaged) == 2 and all(str(store) in line for line in damaged)
    (seeds_copy / "new.txt").unlink()
    assert _tables(seeds_copy, store, out) == 0
    assert (out / "events.csv").read_bytes() == before


def test_the_cache_is_readable_by_its_user_only(seeds_copy, tmp_path):
    store = tmp_path / "store"
    assert _tables(seeds_copy, store, tmp_path / "t") == 0
    state = store / ".jdib-store"
    for path in [state, *state.rglob("*")]:
        if path.is_symlink():
            continue
        mode = stat.S_IMODE(path.stat().st_mode)
        assert mode & 0o077 == 0, (path, oct(mode))


def test_a_half_written_entry_of_a_killed_run_is_removed(seeds_copy, tmp_path):
    store = tmp_path / "store"
    assert _tables(seeds_copy, store, tmp_path / "t") == 0
    parts = store / ".jdib-store" / "parts"
    left = [parts / ".0123abcd.json.tmp-999999", parts / ".0123abcd.pkl.tmp-999998"]
    for path in left:
        path.write_bytes(b"half")
    (seeds_copy / "new.txt").write_text(NEW, encoding="utf-8")
    assert _tables(seeds_copy, store, tmp_path / "t") == 0
    assert not [p for p in left if p.exists()]


def test_entries_round_trip_to_the_same_tables(seeds_corpus):
    from pandas.testing import assert_frame_equal

    from jdib.store import cache
    from jdib.store.parts import assemble, extract_document

    parts = [extract_document(d) for d in seeds_corpus]
    back = [cache.decode_parts(cache.loads("k", cache.dumps("k", "parts", cache.encode_parts(p)))[1])
            for p in parts]
    expected, got = assemble(parts), assemble(back)
    for name, frame in expected.items():
        assert_frame_equal(got[name], frame, obj=name)
