"""How long the readers take over very large digests: 50,000 items of Hugging Face API JSON,
CSL JSON (a Zotero library) and BibTeX, made up here. Reading must grow linearly with size.

    .venv/bin/python benchmarks/large_digests.py [--items 50000]

A script, not a test: the figures in benchmarks/README.md come from it.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from generator.errors import Problems
from generator.read.library import parse_bibtex, parse_csl_json
from generator.read.records import parse_hf_api


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--items", type=int, default=50_000)
    count = parser.parse_args().items
    hf = json.dumps(
        [
            {"paper": {"id": f"2401.{i:05d}", "title": f"Paper {i} on things", "summary": f"Abstract {i}.",
                       "authors": [{"name": "Jane Doe"}], "publishedAt": "2024-01-02T00:00:00.000Z"}}
            for i in range(count)
        ],
        indent=2,
    )  # fmt: skip
    csl = json.dumps(
        [{"type": "article", "title": f"Paper {i}", "abstract": "Words.", "issued": {"date-parts": [[2024, 5, 1]]},
          "author": [{"family": "Doe", "given": "Jane"}]} for i in range(count)],
        indent=2,
    )  # fmt: skip
    bib = "\n".join(
        f'@article{{k{i},\n  title = {{Paper {i} on {{BERT}} and $\\alpha$}},\n  author = {{M{{\\"u}}ller, Jane and Roe, Rick}},\n'
        f"  year = {{2024}},\n  abstract = {{Words here {i}.}}\n}}\n"
        for i in range(count)
    )
    for name, read, text in (
        ("HF API JSON", parse_hf_api, hf),
        ("CSL JSON", parse_csl_json, csl),
        ("BibTeX", parse_bibtex, bib),
    ):
        started = time.perf_counter()
        listing = read(text, name, Problems())
        print(f"{name}: {len(listing.papers):,} papers read in {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
