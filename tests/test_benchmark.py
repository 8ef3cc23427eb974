"""The benchmark script runs end to end at a small size (its figures are read by people, not asserted)."""

import json
import subprocess
import sys

from conftest import REPO


def test_benchmark_prints_a_table(tmp_path, reference_site):
    corpus = tmp_path / "corpus.jsonl"
    records = [{"title": paper.title, "abstract": paper.abstract} for paper in reference_site.papers.values()]
    corpus.write_text("\n".join(json.dumps(record) for record in records[:30]) + "\n", encoding="utf-8")
    result = subprocess.run([sys.executable, str(REPO / "benchmarks/benchmark.py"), str(corpus), "30"],
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    header, _, row = result.stdout.splitlines()[:3]
    assert header.startswith("| N | generate s |") and "search index MB" in header
    assert row.startswith("| 30 |")
