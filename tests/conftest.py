"""Shared fixtures: the seed corpus, loaded once, and helpers to write documents."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from jdib import paths
from jdib.ingest.corpus import load_corpus


@pytest.fixture(scope="session", autouse=True)
def _store_cache(tmp_path_factory):
    """Stores of seeds folders other than the project's go to a temporary cache, not ~/.cache."""
    import os

    old = os.environ.get("XDG_CACHE_HOME")
    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("xdg-cache"))
    yield
    if old is None:
        os.environ.pop("XDG_CACHE_HOME", None)
    else:
        os.environ["XDG_CACHE_HOME"] = old


@pytest.fixture(scope="session")
def seeds_corpus():
    """The five seed documents, loaded once for the session."""
    return load_corpus(paths.SEEDS)


@pytest.fixture(scope="session")
def seed_tables(seeds_corpus):
    """Every table built from the seeds."""
    from jdib.store import tables

    return tables.build(seeds_corpus)


@pytest.fixture
def seeds_copy(tmp_path: Path) -> Path:
    """A writable copy of the seeds folder."""
    dst = tmp_path / "seeds"
    shutil.copytree(paths.SEEDS, dst)
    return dst


@pytest.fixture
def saved_release(tmp_path: Path):
    """A seeds folder holding the press release as a printed PDF (catalogued with a
    URL and retrieval date) and as a saved web page (uncatalogued).

    Call it with the PDF's URL; it returns the folder.
    """
    formats = paths.ROOT / "tests" / "data" / "formats"

    def make(url: str) -> Path:
        shutil.copy(formats / "press_release.pdf", tmp_path / "pr.pdf")
        shutil.copy(formats / "press_release.html", tmp_path / "page.html")
        (tmp_path / "catalog.csv").write_text(
            "file,doc_id,title_ja,title_en,publisher,kind,published,url,retrieved\n"
            f"pr.pdf,mod-dicas4,,,防衛省,press_release,2026-04-17,{url},2026-04-20\n", encoding="utf-8")
        return tmp_path

    return make


@pytest.fixture(scope="session")
def forty(tmp_path_factory) -> Path:
    """About forty documents in one folder: the seeds (with their catalog) and the
    development corpus, the size at which long tables start to be bounded."""
    folder = tmp_path_factory.mktemp("forty")
    for source in (paths.SEEDS, paths.ROOT / "tests" / "data" / "corpus"):
        for doc in source.iterdir():
            if doc.is_file() and doc.name not in ("facts.yaml", "README.md", "catalog.csv"):
                shutil.copy(doc, folder)
    shutil.copy(paths.SEEDS / "catalog.csv", folder)
    return folder
