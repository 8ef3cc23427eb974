"""Print the words every field's abstracts use: those in at least 2% of the papers of each arXiv
archive with 90 or more papers in the corpus. Suggested topics are never named by them alone
(generator/analyse/abstract_prose.py, RESEARCH_PROSE holds what this printed).

With --abstract-only: the words abstracts use and titles hardly ever do (in at least 100
abstracts, and in titles less than 1.5% as often: "despite", "achieving", "findings"), which
say how a paper argues, not what it is about. Related papers are never explained by them
(generator/analyse/abstract_prose.py holds what this printed).

    .venv/bin/python benchmarks/research_prose.py ../shared/corpora/arxiv-papers.jsonl [--abstract-only]
"""

from __future__ import annotations

import json
import re
import sys
import textwrap
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from generator.analyse.topics import plain_words

LEAST_SHARE = 0.02
LEAST_PAPERS = 90


def main(corpus: Path) -> None:
    by_archive = defaultdict(list)
    for line in corpus.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        if record.get("categories"):
            by_archive[record["categories"][0].split(".")[0]].append(record)
    archives = sorted(archive for archive, records in by_archive.items() if len(records) >= LEAST_PAPERS)
    shares = []
    for archive in archives:
        papers_with = Counter()
        for record in by_archive[archive]:
            papers_with.update(set(plain_words(f"{record['title']} {record['abstract']}")))
        shares.append({word: count / len(by_archive[archive]) for word, count in papers_with.items()})
    words = sorted(
        word
        for word in set().union(*shares)
        if len(word) > 1 and not word.isdigit() and all(share.get(word, 0) >= LEAST_SHARE for share in shares)
    )
    print(f"# {len(words)} words, in {LEAST_SHARE:.0%} of the papers of each of {', '.join(archives)}")
    print(textwrap.fill(" ".join(words), width=100))


LEAST_ABSTRACTS = 100
MOST_TITLE_RATE = 0.015


def abstract_only(corpus: Path) -> None:
    in_titles, in_abstracts = Counter(), Counter()
    for line in corpus.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        in_titles.update(set(re.findall(r"[a-z][a-z-]*[a-z]", record["title"].lower())))
        in_abstracts.update(set(re.findall(r"[a-z][a-z-]*[a-z]", record["abstract"].lower())))
    words = sorted(
        word
        for word, count in in_abstracts.items()
        if count >= LEAST_ABSTRACTS and in_titles[word] < MOST_TITLE_RATE * count
    )
    print(f"# {len(words)} words, in {LEAST_ABSTRACTS}+ abstracts and under {MOST_TITLE_RATE:.1%} as many titles")
    print(textwrap.fill(" ".join(words), width=92))


if __name__ == "__main__":
    (abstract_only if "--abstract-only" in sys.argv[2:] else main)(Path(sys.argv[1]))
