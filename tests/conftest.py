"""Shared fixtures: the seed corpus, loaded once, and helpers to write documents."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from jdib import paths
from jdib.ingest.corpus import load_corpus


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
