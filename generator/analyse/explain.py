"""Why a paper is in a topic or not (``topics explain``) and what a topics file's rules do across
all papers (``topics report``): text for the person tuning topics.yml. Both only read."""

from __future__ import annotations

import re
from collections.abc import Iterator

import numpy as np

from generator.analyse.topics import MeaningPlacer, WordIndex, assign_by_phrases
from generator.model import NEIGHBOURHOOD, Paper, Site, Topic
from generator.phrases import phrase_needles, phrase_pattern

BROAD_SHARE = 0.4
"""A rule that places more than this share of all papers hardly sorts them."""
OVERLAP_SHARE = 0.7
"""Two topics sharing more than this share of the smaller one's papers may be one topic."""
DISTINCTIVE_TERMS = 5
NAMED_SHARE = 0.5
"""A topic's title names it when at least this share of its papers carry it."""


def explain_paper(site: Site, paper: Paper) -> Iterator[str]:
    """Lines saying, topic by topic, whether ``paper`` is in it and why."""
    note = site.notes.get(paper.id)
    by_phrases = [topic for topic in site.topics if phrase_reasons(topic, paper)[0]]
    yield f"{paper.title} ({paper.id})"
    titles = [topic.title for topic in site.topics if topic.id in site.topics_of[paper.id]]
    yield f"in {len(titles)} topic(s): {', '.join(titles) or 'none (listed under Unsorted)'}"
    not_matched = []
    for topic in site.topics:
        placed, reasons = phrase_reasons(topic, paper)
        if note and topic.id in note.add_topics:
            reasons.append(f"added by the note {note.path} (topics: add)")
        if note and topic.id in note.remove_topics:
            reasons.append(f"removed by the note {note.path} (topics: remove)")
        if not reasons:
            not_matched.append(topic.title)
            continue
        final = "in" if topic.id in site.topics_of[paper.id] else "not in"
        yield ""
        yield f"{topic.title} [{topic.id}]: {final}{' (its phrases place it)' if placed else ''}"
        yield from (f"  {reason}" for reason in reasons)
    if not by_phrases:
        yield from meaning_reasons(site, paper)
    if not_matched:
        yield ""
        yield f"no phrase of these topics occurs in the paper: {', '.join(not_matched)}"


def phrase_reasons(topic: Topic, paper: Paper) -> tuple[bool, list[str]]:
    """Whether the topic's phrase rules place the paper, and each phrase found, where and how often."""
    reasons, in_title, in_abstract = [], 0, 0
    for phrase in topic.match:
        title, abstract = mentions(phrase, paper.title), mentions(phrase, paper.abstract)
        in_title, in_abstract = in_title + title, in_abstract + abstract
        if title or abstract:
            reasons.append(f"match {phrase!r}: {where(title, abstract)}")
    for phrase in topic.match_title:
        if title := mentions(phrase, paper.title):
            in_title += title
            reasons.append(f"match_title {phrase!r}: {where(title, 0)}")
    placed = in_title > 0 or in_abstract >= topic.min_mentions
    if not in_title and 0 < in_abstract < topic.min_mentions:
        reasons.append(f"kept out: {in_abstract} mention(s) in the abstract, min_mentions is {topic.min_mentions}")
    for phrase in topic.exclude:
        title, abstract = mentions(phrase, paper.title), mentions(phrase, paper.abstract)
        if title or abstract:
            placed = False
            reasons.append(f"kept out by exclude {phrase!r}: {where(title, abstract)}")
    return placed, reasons


def mentions(phrase: str, text: str) -> int:
    return len(re.findall(phrase_pattern(phrase) or "(?!)", text))


def where(title: int, abstract: int) -> str:
    places = [f"{count} in the {place}" for count, place in ((title, "title"), (abstract, "abstract")) if count]
    return " and ".join(places)


def meaning_reasons(site: Site, paper: Paper) -> Iterator[str]:
    """For a paper no phrase places: the topic closest in meaning, the runner-up, and whether
    the closest took it, with the topic's papers closest to it."""
    yield ""
    if not site.by_meaning.enabled:
        yield "by_meaning is off in topics.yml, so a paper no phrase places stays under Unsorted"
        return
    placer = meaning_placer(site)
    choice = placer.choice(paper.id)
    if choice.topic_id is None:
        yield "no topic's phrases place any paper, so none has a centre in meaning: the paper stays under Unsorted"
        return
    title_of = {topic.id: topic.title for topic in site.topics}
    rule = site.by_meaning
    runner_up = (
        f"; next {title_of[choice.runner_up]} {choice.runner_up_similarity:.2f}" if choice.runner_up is not None else ""
    )
    closest = f"closest in meaning: {title_of[choice.topic_id]} {choice.similarity:.2f}{runner_up}"
    if choice.placed:
        yield f"placed in {title_of[choice.topic_id]} by meaning (no phrase of any topic matched): {closest}"
    else:
        reason = (
            f"below the threshold {rule.threshold:.2f}"
            if choice.similarity < rule.threshold
            else f"not {rule.margin:.2f} closer than the next"
            if choice.neighbours_in_topic is None
            else f"{choice.neighbours_in_topic} of its {NEIGHBOURHOOD} closest papers are in it by a phrase, "
            f"fewer than {rule.neighbours}"
        )
        yield f"not placed by meaning ({reason}), so it stays under Unsorted: {closest}"
    if choice.neighbours_in_topic is not None and choice.placed:
        yield (
            f"  {choice.neighbours_in_topic} of its {NEIGHBOURHOOD} closest papers are in {title_of[choice.topic_id]} "
            f"by a phrase (at least {rule.neighbours} needed)"
        )
    for paper_id, similarity in placer.closest_members(paper.id, choice.topic_id):
        yield f"  close in {title_of[choice.topic_id]}: {site.papers[paper_id].title} ({similarity:.2f})"


def meaning_placer(site: Site) -> MeaningPlacer:
    return MeaningPlacer(assign_by_phrases(site.papers, site.topics), site.topics, site.vectors, site.by_meaning)


def report_lines(site: Site) -> Iterator[str]:
    """Rules that match no paper or too many, topics that overlap or are empty, and the Unsorted
    papers with the terms that would catch them."""
    texts = [f"{paper.title}\n{paper.abstract}" for paper in site.papers.values()]
    count = len(texts)
    phrase_counts = count_phrase_matches(site.topics, texts)
    yield f"{count:,} papers, {len(site.topics)} topics"
    never = [f"{topic.id}: {key} {phrase!r}" for (topic, key, phrase), found in phrase_counts.items() if not found]
    yield from section("rules that match no paper", never)
    broad = [
        f"{topic.id}: {key} {phrase!r} matches {found:,} papers ({found / count:.0%})"
        for (topic, key, phrase), found in phrase_counts.items()
        if key != "exclude" and found > BROAD_SHARE * count
    ]
    broad += [
        f"{topic.id}: the topic holds {len(site.papers_of[topic.id]):,} papers ({len(site.papers_of[topic.id]) / count:.0%})"
        for topic in site.topics
        if len(site.papers_of[topic.id]) > BROAD_SHARE * count
    ]
    yield from section(f"rules that match more than {BROAD_SHARE:.0%} of papers", broad)
    yield from section(f"pairs of topics sharing more than {OVERLAP_SHARE:.0%} of their papers", overlapping(site))
    yield from section("empty topics", [topic.id for topic in site.topics if not site.papers_of[topic.id]])
    yield from section(
        f"topics whose title fewer than {NAMED_SHARE:.0%} of their papers carry (they need a name)",
        unnamed_topics(site),
    )
    yield from section("papers placed by meaning, per topic (no phrase placed them)", placed_by_meaning(site))
    yield from section("unsorted papers, with their most distinctive terms", unsorted_lines(site))


def unnamed_topics(site: Site) -> list[str]:
    lines = []
    for topic in site.topics:
        members = site.papers_of[topic.id]
        if not members:
            continue
        carrying = title_coverage(topic.title, [site.papers[paper_id] for paper_id in members])
        if carrying < NAMED_SHARE:
            lines.append(f"{topic.id}: {topic.title!r} is in {carrying:.0%} of its {len(members):,} papers")
    return lines


def title_coverage(title: str, papers: list[Paper]) -> float:
    """The share of ``papers`` whose title or abstract holds ``title`` as a phrase, or one of
    its parts for a title such as "Surveys and reviews" or "Vision, audio and multimodal"."""
    parts = [part.strip() for part in re.split(r",|\band\b", title) if part.strip()]
    patterns = [re.compile(pattern) for part in parts if (pattern := phrase_pattern(part))]
    return sum(
        1 for paper in papers if any(pattern.search(f"{paper.title}\n{paper.abstract}") for pattern in patterns)
    ) / max(len(papers), 1)


def placed_by_meaning(site: Site) -> list[str]:
    by_phrases = assign_by_phrases(site.papers, site.topics)
    lines = []
    for topic in site.topics:
        members = site.papers_of[topic.id]
        by_meaning = [paper_id for paper_id in members if not by_phrases[paper_id]]
        if members:
            lines.append(f"{topic.id}: {len(by_meaning):,} of {len(members):,} ({len(by_meaning) / len(members):.0%})")
    return lines


def section(heading: str, lines: list[str]) -> Iterator[str]:
    yield ""
    yield f"{heading}: {len(lines)}"
    yield from (f"  {line}" for line in lines)


def count_phrase_matches(topics: tuple[Topic, ...], texts: list[str]) -> dict[tuple[Topic, str, str], int]:
    """Papers each phrase of each rule occurs in (a match_title phrase: in the title)."""
    rules = [
        (topic, key, phrase)
        for topic in topics
        for key in ("match", "match_title", "exclude")
        for phrase in getattr(topic, key)
    ]
    index = WordIndex(texts, [phrase_needles(phrase) for _, _, phrase in rules])
    found = {}
    for topic, key, phrase in rules:
        pattern = re.compile(phrase_pattern(phrase) or "(?!)")
        candidates = index.holding_all(phrase_needles(phrase))
        searched = (texts[place].split("\n", 1)[0] if key == "match_title" else texts[place] for place in candidates)
        found[(topic, key, phrase)] = sum(1 for text in searched if pattern.search(text))
    return found


def overlapping(site: Site) -> list[str]:
    lines = []
    members = {topic.id: set(site.papers_of[topic.id]) for topic in site.topics}
    for place, first in enumerate(site.topics):
        for second in site.topics[place + 1 :]:
            a, b = members[first.id], members[second.id]
            if a and b and len(a & b) > OVERLAP_SHARE * min(len(a), len(b)):
                lines.append(f"{first.id} and {second.id}: {len(a & b):,} shared, of {len(a):,} and {len(b):,} papers")
    return lines


def unsorted_lines(site: Site) -> list[str]:
    unsorted = site.unsorted_paper_ids()
    if not unsorted:
        return []
    terms = distinctive_terms(site.papers, unsorted)
    return [f"{site.papers[paper_id].title} ({paper_id}): {', '.join(terms[paper_id])}" for paper_id in unsorted]


def distinctive_terms(papers: dict[str, Paper], wanted: tuple[str, ...]) -> dict[str, list[str]]:
    """The terms (words and word pairs) with the highest TF-IDF in each wanted paper, among all papers."""
    from generator.analyse.similarity import count_terms, paper_text, tf_idf

    ids = list(papers)
    counts, names = count_terms([paper_text(papers[paper_id]) for paper_id in ids])
    if not names:
        return {paper_id: [] for paper_id in wanted}
    vectors = tf_idf(counts)
    row_of = {paper_id: row for row, paper_id in enumerate(ids)}
    found = {}
    for paper_id in wanted:
        row = vectors[row_of[paper_id]]
        order = np.lexsort((row.indices, -row.data))[:DISTINCTIVE_TERMS]
        found[paper_id] = [names[row.indices[place]] for place in order]
    return found
