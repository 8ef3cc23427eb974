"""How a group of papers becomes a topic as topics.yml writes it: the ``match`` phrases that
place its papers with few others (:func:`chosen_phrases`), its title (the name, completed as the
papers write it) and its description (phrases the papers it places carry). Used by
:mod:`generator.analyse.suggest` for every group it names."""

from __future__ import annotations

import numpy as np

from generator.analyse.phrase_table import (
    COMPLETING_SHARE,
    PhraseTable,
    as_described,
    describes,
    distinct_phrases,
    overlaps,
    sentence_case,
    usual_case,
    written_phrase,
)
from generator.ids import slug
from generator.model import Paper, Topic
from generator.read.topics_file import RESERVED_TOPIC_IDS

MOST_PHRASES = 12
LEAST_PRECISION = 0.7
"""A phrase joins a topic's rules only if this share of the papers it matches are the topic's own."""
LEAST_GAIN = 0.02
"""...and it places at least this share of the topic's papers more than it misplaces (or two papers)."""
MOST_PAPERS_WITH_MATCH = 0.25
"""A `match` phrase in more of the site's papers is too broad to place papers by."""


def placed_by(table: PhraseTable, columns: list[int]) -> np.ndarray:
    """Which papers any of the phrases ``columns`` place."""
    return (
        np.asarray(table.placed[:, columns].sum(axis=1)).ravel() > 0
        if columns
        else np.zeros(table.placed.shape[0], bool)
    )


def describe_group(members: np.ndarray, name: int | None, table: PhraseTable, papers: list[Paper]) -> Topic:
    own = [paper for paper, member in zip(papers, members, strict=True) if member]
    cased = usual_case([paper.abstract for paper in own])
    chosen = chosen_phrases(table, members, first=name)
    phrases = [table.phrase(column) for column in chosen]
    title_phrase = completed(name, members, table) if name is not None else (phrases[0] if phrases else "other papers")
    # Only what papers the topic places carry: the group's others may stay Unsorted, and their
    # subjects ("audio" beside image editing) would mislead a reader of the topic's page.
    placed = members & placed_by(table, chosen)

    def carrying(phrase: str) -> list[Paper]:
        column = table.column(phrase)
        return own if column is None else table.carrying(column, papers, members)

    described = (as_described(phrase, carrying(phrase)) for phrase in best_phrases(table, members))
    others = distinct_phrases(
        [
            phrase
            for phrase in dict.fromkeys(phrase for phrase in described if phrase is not None)
            if not overlaps(phrase, title_phrase)
            and describes(phrase, carrying(phrase))
            and carried_by(table, phrase, placed) >= min(2, int(placed.sum()))
        ]
    )

    return Topic(
        id=topic_id(title_phrase),
        title=sentence_case(written_phrase(title_phrase, own, cased)),
        description=description_of([written_phrase(phrase, own, cased) for phrase in others[:4]]),
        match=tuple(phrases),
    )


def carried_by(table: PhraseTable, phrase: str, rows: np.ndarray) -> int:
    """How many of the papers ``rows`` carry ``phrase`` (a phrase of the table)."""
    column = table.column(phrase)
    return 0 if column is None else int(table.placed[rows, column].sum())


def completed(name: int, members: np.ndarray, table: PhraseTable) -> str:
    """The name, or a longer phrase that holds it when most of the group's papers carrying the
    name go on the same way ("graph neural": "graph neural network")."""
    phrase = table.phrase(name)
    if len(phrase.split()) != 2:  # a word alone, or three: "multimodal large language" completes nothing
        return phrase
    in_group = np.asarray(table.placed[members].sum(axis=0)).ravel()
    longer = [
        column
        for column in np.flatnonzero(in_group >= COMPLETING_SHARE * in_group[name]).tolist()
        if f" {phrase} " in f" {table.phrase(column)} " and table.phrase(column) != phrase
    ]
    return table.phrase(max(longer, key=lambda column: (in_group[column], -column))) if longer else phrase


def best_phrases(table: PhraseTable, members: np.ndarray, count: int = 12) -> list[str]:
    """The group's phrases by share of its papers x how much rarer they are elsewhere."""
    in_group = np.asarray(table.placed[members].sum(axis=0)).ravel()
    coverage = in_group / max(int(members.sum()), 1)
    site_share = table.in_papers / table.placed.shape[0]
    lift = np.where(in_group >= 2, coverage / np.maximum(site_share, 1e-12), 1.0)
    score = np.where(in_group >= 2, coverage * np.log(np.maximum(lift, 1e-9)), -np.inf)
    order = np.lexsort((np.arange(len(score)), -score))[:count]
    return [table.phrase(column) for column in order.tolist() if np.isfinite(score[column]) and score[column] > 0]


KEEP_NAMED = 0.7
"""The share of a topic's phrase-placed papers that carry its name, at the least."""


def chosen_phrases(table: PhraseTable, members: np.ndarray, first: int | None = None) -> list[int]:
    """Phrases, best first, that place the group's papers: the name first, then each adds the
    most of its papers not yet placed minus the others it places, with LEAST_PRECISION; until
    none adds LEAST_GAIN, or the next would place so many papers without the name that fewer
    than KEEP_NAMED of the topic's papers would carry it."""
    in_group = np.asarray(table.placed[members].sum(axis=0)).ravel()
    narrow = table.in_papers <= MOST_PAPERS_WITH_MATCH * len(members)
    precise = np.flatnonzero((in_group >= 2) & (in_group >= LEAST_PRECISION * table.in_papers) & narrow)
    # The name places the papers that carry it, whatever else they are about: a reader who
    # sees a topic called "Long context" expects every paper on long context in it.
    chosen: list[int] = [first] if first is not None else []
    named = table.placed[:, first].toarray().ravel() if first is not None else np.ones(len(members), dtype=bool)
    if not len(precise):
        return chosen
    placing = table.placed[:, precise].tocsc().astype(np.float64)
    placed = named.copy() if first is not None else np.zeros(len(members), dtype=bool)
    least = max(2, LEAST_GAIN * int(members.sum()))
    gain = placing.T @ (members & ~placed) - placing.T @ (~members & ~placed)
    while len(chosen) < MOST_PHRASES:
        best = int(np.argmax(gain))  # the first of equal gains: phrases are in code order
        if gain[best] < least:
            break
        widened = placed | (placing[:, best].toarray().ravel() > 0)
        if (widened & named).sum() < KEEP_NAMED * widened.sum():
            gain[best] = -np.inf  # it would bury the name: not this one
            continue
        chosen.append(int(precise[best]))
        placed = widened
        gain = placing.T @ (members & ~placed) - placing.T @ (~members & ~placed)
    return chosen


def topic_id(title: str) -> str:
    return slug(title) or "topic"


def unique_id(wanted: str, taken: set[str]) -> str:
    """``wanted``, or with -2, -3, ... when another topic (or a generated page) has it."""
    candidate, number = wanted, 1
    while candidate in taken or candidate in RESERVED_TOPIC_IDS:
        number += 1
        candidate = f"{wanted}-{number}"
    return candidate


def description_of(phrases: list[str]) -> str:
    if not phrases:
        return "Papers grouped by what they are about."
    listed = phrases[0] if len(phrases) == 1 else f"{', '.join(phrases[:-1])} and {phrases[-1]}"
    return f"Papers on {listed}."
