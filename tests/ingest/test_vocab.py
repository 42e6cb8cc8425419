"""Vocabularies: the glossary, with the user's own entries from JDIB_GLOSSARY."""

from __future__ import annotations

import os
import resource
import subprocess
import sys

import pytest

from jdib import paths
from jdib.ingest import vocab


@pytest.fixture
def glossary_env(monkeypatch):
    """Set JDIB_GLOSSARY for one test; the cached glossary is read again before and after."""
    def use(value: str) -> None:
        monkeypatch.setenv("JDIB_GLOSSARY", value)
        vocab.glossary.cache_clear()

    yield use
    monkeypatch.delenv("JDIB_GLOSSARY", raising=False)
    vocab.glossary.cache_clear()


def test_a_users_glossary_wins_over_the_built_in_one(tmp_path, glossary_env):
    mine = tmp_path / "mine.csv"
    mine.write_text("ja,en\n防衛装備庁長官,ATLA's Commissioner\n", encoding="utf-8")
    glossary_env(str(mine))
    assert vocab.translate("防衛装備庁長官") == "ATLA's Commissioner"


@pytest.mark.parametrize("name, make, reason", [
    pytest.param("zero", lambda p: p.symlink_to("/dev/zero"),
                 "the glossary named in JDIB_GLOSSARY is larger than jdib reads (16 MB)", id="/dev/zero"),
    pytest.param("big.csv", lambda p: p.write_text("ja,en\n" + "".join(f"語{i},w{i}\n" for i in range(210_000)),
                                                   encoding="utf-8"),
                 "the glossaries hold more than 200,000 entries, more than jdib reads", id="entries"),
    pytest.param("sjis.csv", lambda p: p.write_bytes("ja,en\n長官,chief\n".encode("cp932")),
                 "the glossary named in JDIB_GLOSSARY is not UTF-8 text", id="not UTF-8"),
    pytest.param("fifo", os.mkfifo, "the glossary named in JDIB_GLOSSARY is a named pipe, not a file; not read",
                 id="named pipe"),
    pytest.param("words.csv", lambda p: p.write_text("japanese,english\n長官,chief\n", encoding="utf-8"),
                 "has the columns japanese,english; expected the columns ja,en (Japanese, English)", id="other columns"),
    pytest.param("half.csv", lambda p: p.write_text("ja,english\n長官,chief\n", encoding="utf-8"),
                 "has the columns ja,english; expected the columns ja,en", id="one column unknown"),
    pytest.param("headless.csv", lambda p: p.write_text("", encoding="utf-8"),
                 "has no header line; expected the columns ja,en", id="empty"),
])
def test_a_glossary_past_its_limits_stops_jdib_tables_with_one_line(tmp_path, name, make, reason):
    make(tmp_path / name)
    env = {**os.environ, "JDIB_GLOSSARY": str(tmp_path / name)}
    result = subprocess.run(
        [sys.executable, "-m", "jdib", "tables", "--seeds", str(paths.SEEDS), "--out", str(tmp_path / "t"),
         "--store", str(tmp_path / "store"), "--force"], capture_output=True, text=True, timeout=120, env=env,
        preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30)))
    assert result.returncode == 2, result.stderr
    [line] = result.stderr.strip().splitlines()
    assert line.startswith(f"jdib: error: {tmp_path / name if name != 'big.csv' else 'JDIB_GLOSSARY'}: ")
    assert reason in line
    assert not list((tmp_path / "t").glob("*.csv"))


@pytest.mark.parametrize("ja, en", [
    # An institution by its English name, with or without its country before it; never a romanised guess.
    ("米国国務省", "the US Department of State"),
    ("国務省", "the US Department of State"),
    ("ホワイトハウス", "the White House"),
])
def test_a_venue_that_is_a_known_institution_has_its_english_name(ja, en):
    from jdib.ingest import vocab

    assert vocab.english_name(ja) == en
