"""The benchmark scripts run end to end at a small size (their figures are read by people, not asserted)."""

import json
import shutil
import subprocess
import sys

import pytest
from conftest import REPO

HAS_CHROMIUM = shutil.which("chromium") is not None


@pytest.fixture
def corpus(tmp_path, reference_site):
    path = tmp_path / "corpus.jsonl"
    records = [{"title": paper.title, "abstract": paper.abstract} for paper in reference_site.papers.values()]
    path.write_text("\n".join(json.dumps(record) for record in records[:30]) + "\n", encoding="utf-8")
    return path


def test_benchmark_prints_a_table(corpus):
    browser = ["--browser"] if HAS_CHROMIUM else []
    result = subprocess.run(
        [sys.executable, str(REPO / "benchmarks/benchmark.py"), str(corpus), "30", *browser],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    header, _, row = result.stdout.splitlines()[:3]
    assert header.startswith("| N | generate s |") and "search index MB" in header and "ms/page" in header
    assert "| ratio | paired ratio |" in header
    if browser:
        assert header.endswith("| search s | search KB | baseline search s | baseline search KB |")
    assert row.startswith("| 30 |")


@pytest.mark.skipif(not HAS_CHROMIUM, reason="Chromium is not installed (make test installs it as root)")
def test_serve_reload_benchmark_prints_a_table(corpus):
    result = subprocess.run(
        [sys.executable, str(REPO / "benchmarks/serve_reload.py"), str(corpus), "30", "--saves", "1"],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("| N | mkdocs serve |")
    assert lines[2].startswith("| 30 | --dirty |") and lines[3].startswith("| 30 | (full rebuilds) |")


def test_speedups_benchmark_prints_a_row_for_each_speedup_asked_for(corpus):
    result = subprocess.run(
        [sys.executable, str(REPO / "benchmarks/speedups.py"), str(corpus), "30", "--only", "navigation_once"],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "| speed-up | off s | on s | saved |"
    assert len(lines) == 3 and lines[2].startswith("| navigation_once | ")


def test_long_abstracts_benchmark_prints_its_tables():
    result = subprocess.run(
        [sys.executable, str(REPO / "benchmarks/long_abstracts.py"), "500", "1000"],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(" length ") and "  marks " in result.stdout and " run of " in result.stdout


def test_curation_benchmark_measures_a_digest_of_one_field(tmp_path, reference_site):
    """`--field cs`: only the papers whose primary archive is cs, agreement measured against
    their primary categories (cs.CL, cs.LG), not the archive every one of them shares."""
    fields = ["cs.CL", "cs.LG", "math.AG"]
    records = [
        {"title": paper.title, "abstract": paper.abstract, "categories": f"{fields[number % 3]} stat.ML"}
        for number, paper in enumerate(sorted(reference_site.papers.values(), key=lambda paper: paper.id))
    ]
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text("\n".join(json.dumps(record) for record in records) + "\n", encoding="utf-8")
    script = str(REPO / "benchmarks/curation.py")
    result = subprocess.run(
        [sys.executable, script, "--corpus", str(corpus), "--field", "cs", "--sample", "30", "--titles"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("== corpus.jsonl, cs, 30: 30 papers"), lines[0]
    assert any(line.startswith("  topics ") and "unsorted" in line and "named" in line for line in lines)
    assert any(line.startswith("  NMI ") for line in lines)  # two categories: something to agree with
    assert any(line.startswith("  held out ") for line in lines)
    assert any(line.startswith("  related ") and "p@5 0." in line for line in lines)
