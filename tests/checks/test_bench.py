"""The benchmark: synthetic corpora, the fit, and a quick run that writes every section.

Speed targets are the benchmark's business (``jdib bench``); here only that it
runs, and that what it feeds the extractors is sound.
"""

import datetime as dt
import json
import logging
import subprocess
import sys

import pytest

from jdib import paths
from jdib.checks.bench import scaling_exponent
from jdib.ingest.corpus import load_corpus, read_catalog
from jdib.checks.synth import make_corpus, vary


@pytest.mark.parametrize("text, v, expected", [
    ("令和8年4月17日", 0, "令和8年4月17日"),
    ("令和8年4月17日", 12, "令和10年4月18日"),               # year +2, day +1
    ("2026-2-2 11:43", 37, "2033-2-5 11:43"),                 # news timestamps too
    ("1月28日に第10回会合", 11, "1月1日に第21回会合"),            # day 28 + 1 wraps to 1
    ("17.2兆円から43.5兆円へ、20件", 3, "17.5兆円から43.8兆円へ、23件"),
    ("平成28年、1983年", 5, "平成28年、1983年"),               # history stays where it was
    ("F-35とDICAS 2.0", 9, "F-35とDICAS 2.0"),                # names are not figures
    ("12月31日", 280, "12月3日"),                              # days stay within 1-28
])
def test_vary(text, v, expected):
    assert vary(text, v) == expected


def test_synthetic_corpus_is_distinct_catalogued_and_loads_quietly(tmp_path, caplog):
    folder = make_corpus(paths.SEEDS, tmp_path / "synth", 23)
    texts = [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))]
    assert len(texts) == 23 and len(set(texts)) == 23
    catalog = read_catalog(folder)
    assert sorted(catalog) == sorted(p.name for p in folder.glob("*.txt"))
    with caplog.at_level(logging.WARNING):
        corpus = load_corpus(folder)
    assert len(corpus) == 23 and not caplog.records
    # the first variant of the DICAS press release (2026-04-17) moves one year on
    assert corpus.get("mod-20260417-dicas4-v1").published == dt.date(2027, 4, 17)


def test_scaling_exponent_reads_linear_and_quadratic_growth():
    assert scaling_exponent([10, 100, 1000], [0.2, 2.0, 20.0]) == pytest.approx(1.0)
    assert scaling_exponent([100, 1000], [1.0, 100.0]) == pytest.approx(2.0)


def test_quick_bench_runs_and_writes_every_section(tmp_path):
    out = tmp_path / "bench.json"
    done = subprocess.run([sys.executable, "-m", "jdib", "bench", "--quick", "--out", str(out)],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    assert "metric" in done.stdout and "import jdib" in done.stdout
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["cpu_count"] >= 1 and data["python"] and data["jdib_version"]
    assert data["cold_build"]["ratio"] > 0 and data["cold_build"]["floor_median_s"] > 0
    assert data["rebuild"]["all_up_to_date"] and data["rebuild"]["kernels_started"] == 0
    assert data["rebuild"]["command_median_s"] > 0
    assert [s["documents"] for s in data["tables"]["sizes"]] == [10, 100]
    assert all(s["docs_per_s"] > 0 and s["peak_memory_mb"] > 0 for s in data["tables"]["sizes"])
    assert data["import"]["seconds"] >= 0
    assert set(data["readers"]) == {"text", "html", "pdf", "docx"}
    assert data["readers"]["pdf"]["pages"] == 2 and data["readers"]["pdf"]["ms_per_page"] > 0
    assert data["store"]["documents"] == 100 and data["store"]["add_one_extracted"] == 1
    assert data["store"]["docs_per_s"] > 0 and data["store"]["add_one_s"] > 0
    assert "reports_at_scale" not in data  # minutes of building: only the full bench runs it
    assert len(data["summary"]) == 6 + 4 + 3
    assert "add one document to 100 docs" in done.stdout
