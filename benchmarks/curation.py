"""How right the site's curation is: topics (suggested or written) and related papers.

    .venv/bin/python benchmarks/curation.py content/digests/2026-03-12-hf-papers.txt
    .venv/bin/python benchmarks/curation.py --corpus ../shared/corpora/arxiv-papers.jsonl --sample 2000
    .venv/bin/python benchmarks/curation.py --corpus ../shared/corpora/arxiv-papers.jsonl --field math --sample 200
    .venv/bin/python benchmarks/curation.py --corpus ../shared/corpora/arxiv-papers.jsonl --sample 0 --related-only
    .venv/bin/python benchmarks/curation.py --corpus ../shared/corpora/arxiv-papers.jsonl --monthly 5420

Digests are read as a site reads them (several files make one site); ``--sample N`` takes N
records with arXiv categories at random (seed 0), ``--sample 0`` the whole corpus. With no
``--topics`` file the topics are suggested, as on a site without content/topics.yml.

For each site it prints: papers, topics, Unsorted %, the shares placed by a phrase and by
meaning, "named" (topics whose title at least half their papers carry while the site's papers
carry it at most two thirds as often), the title coverage in the topics and in the site, NMI and
AMI of each paper's first topic against its primary arXiv archive (where known), and the related
papers' precision at 5 on the primary archive (categorised papers), with the share of "shares"
lines holding markup; placement by meaning held out (a paper's phrase placement hidden: put back,
put elsewhere or left Unsorted; a topic removed: how many of its papers land in another).
``--weights`` also prints p@5 for other mixes of meaning and shared terms.
``--monthly N`` grows a site from the first N dated records month by month, suggesting topics
each month with the previous suggestion kept (as the scheduled workflow does), and prints the
share of each month's topic ids kept the next month. Embedding seconds per paper are printed
cold (a fresh cache) for a small sample and warm. A script, not a test: the figures in
benchmarks/README.md come from it.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import numpy as np
from sklearn.metrics import adjusted_mutual_info_score, normalized_mutual_info_score

from generator.analyse import similarity
from generator.analyse.explain import title_coverage
from generator.analyse.suggest import TooFewPapers, suggest_topics
from generator.analyse.topics import MeaningPlacer, assign_by_phrases, assign_topics
from generator.analyse.vectors import VectorCache, paper_vectors
from generator.errors import Problems
from generator.model import ByMeaning
from generator.read.topics_file import load_topics
from generator.site import read_papers

MARKUP_WORDS = frozenset("mathbb mathcal mathrm mathbf frac left right cdot ldots sum chi et al".split())
"""TeX command names and "et al.": a shared term holding one as a word of its own is markup
("left-handed" or "Al-Mn-Pd" are words)."""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("digests", nargs="*", type=Path)
    parser.add_argument("--corpus", type=Path)
    parser.add_argument("--sample", type=int, default=2000)
    parser.add_argument(
        "--field",
        help="sample only papers of this primary arXiv archive (math, cond-mat, ...): a digest of one field, "
        "agreement measured against the papers' primary categories (math.AG, ...)",
    )
    parser.add_argument("--topics", type=Path, help="a topics.yml to use instead of suggesting")
    parser.add_argument("--related-only", action="store_true")
    parser.add_argument("--weights", type=float, nargs="*", default=[])
    parser.add_argument("--monthly", type=int, default=0)
    parser.add_argument("--titles", action="store_true", help="print each topic's title and size")
    parser.add_argument(
        "--placement",
        nargs="*",
        default=[],
        help="threshold:margin[:neighbours] settings to compare for placement by meaning",
    )
    arguments = parser.parse_args()
    cache = VectorCache(Path(tempfile.mkdtemp()))  # PAPER_DIGEST_VECTORS_DIR keeps vectors between runs
    with tempfile.TemporaryDirectory() as folder:
        if arguments.monthly:
            monthly(arguments.corpus, arguments.monthly, Path(folder), cache)
            return
        if arguments.corpus:
            records = sampled(arguments.corpus, arguments.sample, arguments.field)
            name = f"{arguments.corpus.name}, {arguments.field or 'all fields'}, {arguments.sample or 'all'}"
        else:
            records = None
            name = ", ".join(path.name for path in arguments.digests)
        papers, archives = site_papers(records, arguments.digests, Path(folder), whole_category=bool(arguments.field))
        started = time.perf_counter()
        vectors = paper_vectors(papers, cache)
        print(f"== {name}: {len(papers)} papers, vectors in {time.perf_counter() - started:.1f} s")
        if not arguments.related_only:
            topics_figures(papers, vectors, archives, arguments.topics, cache, arguments.titles, arguments.placement)
        related_figures(papers, vectors, archives, arguments.weights)


def sampled(corpus: Path, count: int, field: str | None = None) -> list[str]:
    lines = corpus.read_text(encoding="utf-8").splitlines()
    if not count and not field:
        return lines
    with_categories = [
        line
        for line in lines
        if (categories := json.loads(line).get("categories")) and (not field or archive(primary(categories)) == field)
    ]
    return random.Random(0).sample(with_categories, min(count, len(with_categories)) or len(with_categories))


def primary(categories: str | list[str]) -> str:
    """A record's first arXiv category ("math.AG")."""
    return (categories.split() if isinstance(categories, str) else categories)[0]


def archive(category: str) -> str:
    """The archive of a category ("math" of "math.AG")."""
    return category.split(".")[0]


def site_papers(records: list[str] | None, digests: list[Path], folder: Path, whole_category: bool = False):
    """The papers as a site reads them, and each paper's primary arXiv archive where known (or
    its primary category, ``whole_category``: math.AG rather than math)."""
    content = folder / "content"
    (content / "digests").mkdir(parents=True, exist_ok=True)
    archive_of_title: dict[str, str] = {}
    if records is not None:
        seen, kept = set(), []
        for line in records:
            record = json.loads(line)
            key = " ".join(record["title"].lower().split())
            if key not in seen:
                seen.add(key)
                kept.append(line)
                if record.get("categories"):
                    first = primary(record["categories"])
                    archive_of_title[" ".join(record["title"].split())] = first if whole_category else archive(first)
        (content / "digests" / "corpus.jsonl").write_text("\n".join(kept) + "\n", encoding="utf-8")
    for path in digests:
        (content / "digests" / path.name).write_bytes(path.read_bytes())
    papers = read_papers(content)
    archives = {paper_id: archive_of_title.get(paper.title) for paper_id, paper in papers.items()}
    return papers, {paper_id: known for paper_id, known in archives.items() if known}


def topics_figures(
    papers, vectors, archives, topics_file: Path | None, cache: VectorCache, titles: bool, placements: list[str]
) -> None:
    if topics_file is not None:
        problems = Problems()
        written = load_topics(topics_file, topics_file.parent, problems)
        topics, by_meaning = written.topics, written.by_meaning
    else:
        started = time.perf_counter()
        try:
            topics = suggest_topics(papers, vectors, embed=cache.vectors).topics
        except TooFewPapers as reason:
            print(f"  {reason}")
            return
        by_meaning = None
        print(f"  suggested in {time.perf_counter() - started:.1f} s")
    placed = assign_topics(papers, topics, vectors, by_meaning)
    by_phrase = assign_by_phrases(papers, topics)
    total = len(papers)
    unsorted = sum(1 for ids in placed.values() if not ids)
    phrase = sum(1 for ids in by_phrase.values() if ids)
    listed = list(papers.values())
    named = 0
    rows = []
    for topic in topics:
        members = [papers[paper_id] for paper_id, ids in placed.items() if topic.id in ids]
        inside, site = title_coverage(topic.title, members), title_coverage(topic.title, listed)
        good = bool(members) and inside >= 0.5 and site <= 2 / 3 * inside
        named += good
        rows.append(f"    {topic.title!r} [{topic.id}]: {len(members)} papers, title in {inside:.0%} (site {site:.0%})")
    print(
        f"  topics {len(topics)}, unsorted {unsorted / total:.1%}, by phrase {phrase / total:.1%}, "
        f"by meaning {(total - unsorted - phrase) / total:.1%}, named {named} of {len(topics)}"
    )
    with_archive = [paper_id for paper_id in papers if paper_id in archives and placed[paper_id]]
    if with_archive:
        truth = [archives[paper_id] for paper_id in with_archive]
        found = [placed[paper_id][0] for paper_id in with_archive]
        print(
            f"  NMI {normalized_mutual_info_score(truth, found):.3f}, AMI {adjusted_mutual_info_score(truth, found):.3f} "
            f"(first topic against primary archive, {len(with_archive)} sorted categorised papers)"
        )
    if titles:
        print("\n".join(rows))
    for setting in [None, *placements]:
        rule = by_meaning if setting is None else placement_rule(setting)
        placement_figures(papers, topics, vectors, archives, rule or ByMeaning())
        held_out_figures(papers, topics, vectors, rule or ByMeaning())


def placement_rule(setting: str) -> ByMeaning:
    """``threshold:margin`` or ``threshold:margin:neighbours``."""
    threshold, margin, *neighbours = setting.split(":")
    return ByMeaning(True, float(threshold), float(margin), *(int(n) for n in neighbours))


def placement_figures(papers, topics, vectors, archives, rule: ByMeaning) -> None:
    """How often a paper placed by meaning shares the primary archive most of its topic's
    phrase-placed papers have, beside the same figure for the phrase-placed papers themselves."""
    by_phrase = assign_by_phrases(papers, topics)
    placed = assign_topics(papers, topics, vectors, rule)
    majority = {}
    for topic in topics:
        seen = Counter(archives[p] for p, ids in by_phrase.items() if topic.id in ids and p in archives)
        if seen:
            majority[topic.id] = seen.most_common(1)[0][0]

    def agreement(paper_ids):
        pairs = [(p, ids[0]) for p, ids in paper_ids if p in archives and ids and ids[0] in majority]
        return sum(archives[p] == majority[t] for p, t in pairs) / max(len(pairs), 1), len(pairs)

    phrase_share, phrase_count = agreement([(p, ids) for p, ids in by_phrase.items() if ids])
    meaning_share, meaning_count = agreement([(p, placed[p]) for p, ids in by_phrase.items() if not ids and placed[p]])
    unsorted = sum(1 for ids in placed.values() if not ids) / len(papers)
    print(
        f"  by meaning at threshold {rule.threshold} margin {rule.margin}: unsorted {unsorted:.1%}; "
        f"archive agrees with the topic's majority for {meaning_share:.0%} of {meaning_count} placed by meaning "
        f"({phrase_share:.0%} of {phrase_count} placed by phrase)"
    )


def held_out_figures(papers, topics, vectors, rule: ByMeaning, sample: int = 400) -> None:
    """Placement by meaning measured without labels, two ways. Recovery: a paper one phrase
    places, its placement hidden: is it placed back in its topic, in another, or left Unsorted?
    Restraint: a topic removed, the papers only its phrases placed: how many are placed in
    another topic (an upper bound on misplacing papers no topic fits: some may fit another)."""
    by_phrase = assign_by_phrases(papers, topics)
    singles = [paper_id for paper_id, ids in by_phrase.items() if len(ids) == 1]
    outcomes = Counter()
    for paper_id in random.Random(0).sample(singles, min(sample, len(singles))):
        hidden = {**by_phrase, paper_id: ()}
        choice = MeaningPlacer(hidden, topics, vectors, rule).choice(paper_id)
        outcomes[
            "unsorted" if not choice.placed else "right" if choice.topic_id == by_phrase[paper_id][0] else "wrong"
        ] += 1
    elsewhere = asked = 0
    for topic in topics:
        only = [paper_id for paper_id, ids in by_phrase.items() if ids == (topic.id,)][:40]
        if not only:
            continue
        rest = tuple(other for other in topics if other.id != topic.id)
        without = {paper_id: tuple(i for i in ids if i != topic.id) for paper_id, ids in by_phrase.items()}
        choices = MeaningPlacer(without, rest, vectors, rule).choices(only)
        asked += len(only)
        elsewhere += sum(choice.placed for choice in choices.values())
    total = max(sum(outcomes.values()), 1)
    print(
        f"  held out (threshold {rule.threshold}, margin {rule.margin}, neighbours {rule.neighbours}): "
        f"recovered {outcomes['right'] / total:.0%}, wrong {outcomes['wrong'] / total:.0%}, "
        f"unsorted {outcomes['unsorted'] / total:.0%} of {total}; a topic removed, its papers placed elsewhere "
        f"{elsewhere / max(asked, 1):.0%} of {asked}"
    )


def related_figures(papers, vectors, archives, weights: list[float]) -> None:
    for weight in [similarity.MEANING_WEIGHT, *weights]:
        original = similarity.MEANING_WEIGHT
        similarity.MEANING_WEIGHT = weight
        started = time.perf_counter()
        related = similarity.related_papers(papers, vectors)
        seconds = time.perf_counter() - started
        similarity.MEANING_WEIGHT = original
        hits = total = 0
        for paper_id, relations in related.items():
            if paper_id not in archives:
                continue
            for relation in relations:
                if relation.paper_id in archives:
                    total += 1
                    hits += archives[relation.paper_id] == archives[paper_id]
        lines = [relation.shared_terms for relations in related.values() for relation in relations]
        markup = sum(1 for terms in lines if any(MARKUP_WORDS & set(term.split()) for term in terms))
        close = sum(1 for terms in lines if not terms)
        precision = f"p@5 {hits / total:.3f}" if total else "p@5 n/a"
        print(
            f"  related (meaning weight {weight}): {precision}, {markup} of {len(lines)} lines with markup, "
            f"{close / max(len(lines), 1):.0%} 'close in meaning', {seconds:.1f} s"
        )


def monthly(corpus: Path, count: int, folder: Path, cache: VectorCache) -> None:
    """A site grown month by month from the Hugging Face days in date order (``hf_daily_date``),
    topics suggested each month with the cache's memory of the previous suggestion; the share of
    topic ids kept from one month to the next."""
    records = []
    for line in corpus.read_text(encoding="utf-8").splitlines():
        day = json.loads(line).get("hf_daily_date")  # the day Hugging Face listed it, as the workflow fetches
        if day:
            records.append((str(day)[:10], line))
    records.sort(key=lambda pair: pair[0])
    records = records[:count]
    months = sorted({day[:7] for day, _ in records})
    memory = folder / "memory"
    previous: set[str] | None = None
    kept_shares = []
    for month in months:
        lines = [line for day, line in records if day[:7] <= month]
        papers, _ = site_papers(lines, [], folder / month)
        if len(papers) < 12:
            continue
        vectors = paper_vectors(papers, cache)
        topics = suggest_topics(papers, vectors, memory=memory, embed=cache.vectors).topics
        ids = {topic.id for topic in topics}
        share = len(ids & previous) / len(previous) if previous else None
        if share is not None:
            kept_shares.append(share)
        print(f"  {month}: {len(papers)} papers, {len(ids)} topics, kept {'-' if share is None else f'{share:.0%}'}")
        previous = ids
    if kept_shares:
        print(f"  ids kept month to month: mean {np.mean(kept_shares):.0%}, lowest {min(kept_shares):.0%}")


if __name__ == "__main__":
    main()
