"""How good the suggested topics are, for digests given on the command line or a sample of a corpus.

    .venv/bin/python benchmarks/topic_suggestions.py content/digests/*.txt
    .venv/bin/python benchmarks/topic_suggestions.py --corpus ../shared/corpora/arxiv-papers.jsonl --sample 2000 --compare
    .venv/bin/python benchmarks/topic_suggestions.py --corpus ../shared/corpora/arxiv-papers.jsonl --sample 500 --grow 50
    .venv/bin/python benchmarks/topic_suggestions.py --corpus ../shared/corpora/arxiv-papers.jsonl --sample 0

Digests are read as a site reads them (any format the project reads; several files make one
site). ``--sample N`` takes N records at random (seed 0) among those with arXiv categories, so
that the topics can be compared with them; ``--sample 0`` takes the whole corpus (for the time).

It prints: papers, topics suggested, seconds to suggest, Unsorted % (by the suggested rules, as a
site applies them), the share of papers whose rules place them in their suggested group
("reproduced"), the share placed by a phrase (the rest by fallback_terms), topics per paper, and,
where papers carry arXiv categories, normalised mutual information and purity of each paper's
first topic against its primary arXiv archive (astro-ph, cs, math, ...) and primary category
(cs.CL). Then the suggested titles with their sizes. ``--compare`` also prints NMI of other
groupings (k-means on TF-IDF, NMF, LSA k-means before refinement) and what phrase rules alone
do; ``--grow M`` suggests for the sample, then for it with M more papers, and counts the topic
ids and titles kept. A script, not a test: the figures are the measurements in benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import numpy as np
from sklearn.metrics import normalized_mutual_info_score

from generator.analyse.suggest import lsa_groups, suggest_topics
from generator.analyse.topics import assign_topics
from generator.site import read_papers


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("digests", nargs="*", type=Path, help="digest files, read together as one site")
    parser.add_argument("--corpus", type=Path, help="a JSON Lines corpus to sample from")
    parser.add_argument("--sample", type=int, default=2000, help="records to take (0: all)")
    parser.add_argument("--topics", type=int, help="number of topics (default: the generator's)")
    parser.add_argument("--compare", action="store_true", help="also measure other groupings")
    parser.add_argument("--grow", type=int, default=0, help="papers added to measure stability")
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        if arguments.corpus:
            records = sampled_records(arguments.corpus, arguments.sample, arguments.grow)
            name = f"{arguments.corpus.name}, sample {arguments.sample or 'all'}"
            papers = papers_of_records(records[: len(records) - arguments.grow], Path(folder) / "a")
            grown = papers_of_records(records, Path(folder) / "b") if arguments.grow else None
        else:
            name = ", ".join(path.name for path in arguments.digests)
            papers = papers_of_files(arguments.digests, Path(folder) / "a")
            grown = None
        print(f"== {name}")
        suggestion = measure(papers, arguments.topics)
        if arguments.compare:
            compare(papers, len(suggestion.topics))
        if grown is not None:
            stability(suggestion, grown, arguments.topics)


def sampled_records(corpus: Path, count: int, extra: int) -> list[str]:
    lines = corpus.read_text(encoding="utf-8").splitlines()
    if not count:
        return lines
    with_categories = [line for line in lines if json.loads(line).get("categories")]
    return random.Random(0).sample(with_categories, count + extra)


def papers_of_records(records: list[str], project: Path) -> dict:
    (project / "digests").mkdir(parents=True)
    (project / "digests" / "sample.jsonl").write_text("\n".join(records) + "\n", encoding="utf-8")
    return read_papers(project)


def papers_of_files(paths: list[Path], project: Path) -> dict:
    (project / "digests").mkdir(parents=True)
    for path in paths:
        shutil.copy(path, project / "digests" / path.name)
    return read_papers(project)


def measure(papers: dict, count: int | None):
    start = time.perf_counter()
    suggestion = suggest_topics(papers, count)
    seconds = time.perf_counter() - start
    placed = assign_topics(papers, suggestion.topics)
    by_phrases = assign_topics(papers, tuple(without_fallback(topic) for topic in suggestion.topics))
    total = len(papers)
    unsorted = sum(1 for topics in placed.values() if not topics)
    reproduced = sum(1 for paper_id, topics in placed.items() if suggestion.group_of[paper_id] in topics)
    print(
        f"papers {total:,}  topics {len(suggestion.topics)}  suggest {seconds:.2f} s  "
        f"unsorted {percent(unsorted, total)}  reproduced {percent(reproduced, total)}  "
        f"placed by a phrase {percent(sum(1 for t in by_phrases.values() if t), total)}  "
        f"topics per paper {sum(len(t) for t in placed.values()) / total:.2f}"
    )
    first_topic = {paper_id: topics[0] if topics else "" for paper_id, topics in placed.items()}
    agreement("site's first topic", papers, first_topic)
    agreement("suggested groups", papers, suggestion.group_of)
    sizes = Counter(topic for topics in placed.values() for topic in topics)
    for topic in suggestion.topics:
        print(f"  {sizes[topic.id]:6,}  {topic.title}  ({len(topic.match)} phrases)")
    return suggestion


def without_fallback(topic):
    from dataclasses import replace

    return replace(topic, fallback_terms=())


def percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%"


def agreement(name: str, papers: dict, label_of: dict) -> None:
    """NMI and purity of ``label_of`` against primary arXiv archive and category, where known."""
    known = [paper_id for paper_id in papers if papers[paper_id].details.tags]
    if len(known) < len(papers) / 2:
        return
    labels = [label_of[paper_id] for paper_id in known]
    categories = [papers[paper_id].details.tags[0] for paper_id in known]
    archives = [category.split(".")[0] for category in categories]
    print(
        f"  {name}: NMI archive {normalized_mutual_info_score(archives, labels):.3f}  "
        f"purity archive {purity(labels, archives):.3f}  "
        f"NMI category {normalized_mutual_info_score(categories, labels):.3f}  "
        f"purity category {purity(labels, categories):.3f}  ({len(known):,} papers with categories)"
    )


def purity(labels: list, truth: list) -> float:
    by_label: dict = {}
    for label, true in zip(labels, truth, strict=True):
        by_label.setdefault(label, Counter())[true] += 1
    return sum(counts.most_common(1)[0][1] for counts in by_label.values()) / len(labels)


def compare(papers: dict, count: int) -> None:
    """NMI of other groupings of the same papers, and the rules without fallback_terms."""
    from sklearn.cluster import KMeans
    from sklearn.decomposition import NMF
    from sklearn.feature_extraction.text import TfidfTransformer

    from generator.analyse.similarity import count_terms, paper_text

    ids = sorted(papers)
    listed = [papers[paper_id] for paper_id in ids]
    counts, _ = count_terms([paper_text(paper) for paper in listed])
    vectors = TfidfTransformer(sublinear_tf=True).fit_transform(counts.astype(np.float64))

    def lsa_kmeans_plus_plus():
        from sklearn.decomposition import TruncatedSVD
        from sklearn.preprocessing import normalize

        reduced = normalize(TruncatedSVD(100, algorithm="arpack", random_state=0).fit_transform(vectors))
        return KMeans(count, n_init=10, random_state=0).fit_predict(reduced)

    groupings = {
        "k-means on TF-IDF": lambda: KMeans(count, n_init=4, random_state=0).fit_predict(vectors),
        "NMF on TF-IDF": lambda: (
            NMF(count, init="nndsvd", random_state=0, max_iter=500).fit_transform(vectors).argmax(1)
        ),
        "LSA, k-means from 10 k-means++ starts": lsa_kmeans_plus_plus,
        "LSA, k-means from Ward's groups (before refining)": lambda: lsa_groups(listed, count),
    }
    for name, grouping in groupings.items():
        start = time.perf_counter()
        labels = grouping()
        seconds = time.perf_counter() - start
        print(f"  compare: {name} ({seconds:.1f} s)", end="")
        agreement("", papers, dict(zip(ids, labels.tolist(), strict=True)))


def stability(before, papers: dict, count: int | None) -> None:
    after = suggest_topics(papers, count)
    groups_kept = kept_groups(before.group_of, after.group_of)
    ids_before, ids_after = {t.id for t in before.topics}, {t.id for t in after.topics}
    titles_before, titles_after = {t.title for t in before.topics}, {t.title for t in after.topics}
    print(
        f"grown to {len(papers):,} papers: {len(ids_before & ids_after)} of {len(ids_before)} topic ids kept, "
        f"{len(titles_before & titles_after)} of {len(titles_before)} titles kept, "
        f"{groups_kept} of {len(ids_before)} groups kept (half their papers or more in one new group)"
    )
    print("  gone: " + ", ".join(sorted(titles_before - titles_after)))
    print("  new:  " + ", ".join(sorted(titles_after - titles_before)))


def kept_groups(before: dict, after: dict) -> int:
    """Groups of ``before`` of which one group of ``after`` holds at least half the papers, and
    is at most twice as large (on the papers both have)."""
    members_before, members_after = {}, {}
    for paper_id, group in before.items():
        members_before.setdefault(group, set()).add(paper_id)
        members_after.setdefault(after[paper_id], set()).add(paper_id)
    kept = 0
    for old in members_before.values():
        best = max(members_after.values(), key=lambda new: len(old & new))
        kept += len(old & best) * 2 >= len(old) and len(best) <= 2 * len(old)
    return kept


if __name__ == "__main__":
    main()
