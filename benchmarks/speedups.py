"""What each speed-up saves: the same site built with every speed-up on, and with each one off.

    .venv/bin/python benchmarks/speedups.py ../shared/corpora/arxiv-papers.jsonl 13436 [--repeat K] [--only NAME]

The first N records of the corpus become one digest (as in benchmark.py). Builds alternate:
all on, then one off, for each speed-up of the plugin's `speedups:` options, K times; for each
speed-up it prints the median seconds with it off, the median of the all-on builds next to
them, and the share of the build it saves. A speed-up worth less than 3% of a build at 13,436
papers is a candidate to drop (docs/architecture.md). The site is the same either way
(tests/test_speedups.py).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
from pathlib import Path

from benchmark import mkdocs_build, prepare_project

SPEEDUPS = ("reuse_markdown", "navigation_once", "pause_collector", "early_worker", "own_pagefind_client")


def configure(project: Path, shipped: str, off: str | None) -> None:
    """The shipped mkdocs.yml with the speed-up ``off`` switched off (None: all on)."""
    options = f"  - paper-digest:\n      speedups:\n        {off}: false\n" if off else "  - paper-digest\n"
    (project / "mkdocs.yml").write_text(shipped.replace("  - paper-digest\n", options), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", type=Path)
    parser.add_argument("size", type=int)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--only", choices=SPEEDUPS, action="append", help="measure these speed-ups only")
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as workdir:
        project = Path(workdir) / "project"
        prepare_project(arguments.corpus, arguments.size, project)
        shipped = (project / "mkdocs.yml").read_text(encoding="utf-8")
        print("| speed-up | off s | on s | saved |")
        print("|---|---:|---:|---:|")
        for speedup in arguments.only or SPEEDUPS:
            on, off = [], []
            for _ in range(arguments.repeat):
                configure(project, shipped, None)
                on.append(mkdocs_build(project)[0])
                configure(project, shipped, speedup)
                off.append(mkdocs_build(project)[0])
            on_seconds, off_seconds = statistics.median(on), statistics.median(off)
            saved = (off_seconds - on_seconds) / off_seconds
            print(f"| {speedup} | {off_seconds:.2f} | {on_seconds:.2f} | {saved:.1%} |", flush=True)


if __name__ == "__main__":
    main()
