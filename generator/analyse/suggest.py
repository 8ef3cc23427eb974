"""Topics suggested from the digests themselves, for a field no topics.yml was written for.

1. **Group** the papers by meaning: their vectors (:mod:`generator.analyse.vectors`) grouped by
   Ward's clustering, refined by k-means (:func:`meaning_groups`); or, when the cache holds the
   previous suggestion, its groups grown by the new papers (:func:`grown_groups`), so that
   topics stay put as papers come.
2. **Name** each group by the phrase most of its papers carry and the rest of the site much less
   (:func:`group_name`). A group no phrase names is probably two groups or part of another:
   it is split in two when both halves get a name, or else its papers join the closest groups.
   Papers no group's phrases place may still share a phrase their titles use ("time series"):
   it names one more group of them (:func:`with_leftover_groups`).
3. **Describe** each group as topics.yml does (:mod:`generator.analyse.describe`): ``match``
   phrases chosen so that the phrase rules place its papers with few others; the site places the rest by
   meaning (``by_meaning``), or leaves them Unsorted when no topic is clearly closest.

Everything is deterministic: papers in id order, fixed seeds, ties broken by position or text.
What was measured against what is in benchmarks/README.md, Curation.
"""

from __future__ import annotations

import dataclasses
import hashlib
import warnings
from collections.abc import Callable, Mapping
from pathlib import Path

import numpy as np

from generator.analyse.describe import MOST_PAPERS_WITH_MATCH, chosen_phrases, describe_group, placed_by, unique_id
from generator.analyse.phrase_table import (
    PhraseTable,
    describes,
    is_cut_short,
    is_fragment,
    overlaps,
)
from generator.analyse.suggestion_memory import UNGROUPED, Previous, Suggestion, read_previous, remember
from generator.analyse.vectors import PaperVectors
from generator.errors import UserError
from generator.model import Paper, Topic

FEWEST_PAPERS = 12
"""Below this there is too little text to tell groups apart: the site lists papers on one page."""
FEWEST_TOPICS, MOST_TOPICS = 6, 20
PAPERS_PER_TOPIC = 50
"""The default number of topics: one per this many papers, within the bounds above."""
SMALLEST_TOPIC = 6
"""Papers per topic at the least, on average: 18 papers make 3 topics, not 6 of 3 papers."""
WARD_SAMPLE = 4000
SEED = 0
LEAST_COVERAGE = 0.3
"""A name is a phrase at least this share of the group's papers carry (title or abstract)..."""
MOST_SITE_SHARE = 2 / 3
"""...and the site's papers at most this many times as often as the group's..."""
LEAST_NAME_PRECISION = 0.5
"""...and at least this share of the papers carrying it are the group's (it becomes a rule)..."""
MOST_PAPERS_WITH_NAME = 0.4
"""...and it is in at most this share of the site's papers (a broader one sorts nothing)."""
PHRASE_BONUS = 2.0
"""A phrase of several words names a group better than one word of about the same figures."""
NAME_CANDIDATES = 10
"""Phrases that pass as a name, re-ranked by meaning."""
SMALLEST_NAMED, SMALLEST_SHARE = 4, 0.002
"""A smaller group is no topic: this many papers, or this share of a large site's (four papers
of 13,436 make no subject of the site; benchmarks/README.md, Curation)."""


def fewest_in_topic(site_papers: int) -> int:
    return max(SMALLEST_NAMED, round(SMALLEST_SHARE * site_papers))


Embed = Callable[[list[str]], np.ndarray]
"""Texts to their unit vectors by meaning (VectorCache.vectors)."""


class TooFewPapers(UserError):
    """Fewer than FEWEST_PAPERS papers: the message says so."""


def default_topic_count(paper_count: int) -> int:
    return max(FEWEST_TOPICS, min(MOST_TOPICS, round(paper_count / PAPERS_PER_TOPIC)))


def suggest_topics(
    papers: Mapping[str, Paper],
    vectors: PaperVectors,
    count: int | None = None,
    memory: Path | None = None,
    embed: Embed | None = None,
) -> Suggestion:
    """Topics for ``papers``: ``count`` of them at most, or by the number of papers. ``memory``:
    the cache folder where the previous suggestion is kept (read, then replaced by this one);
    ``embed``: the meaning model, which ranks the phrases that may name a topic."""
    if len(papers) < FEWEST_PAPERS:
        raise TooFewPapers(
            f"{len(papers)} paper(s) are too few to suggest topics from: at least {FEWEST_PAPERS} are needed"
        )
    ids = sorted(papers)
    listed = [papers[paper_id] for paper_id in ids]
    matrix = vectors.rows(ids)
    count = max(2, min(count or default_topic_count(len(ids)), len(ids) // SMALLEST_TOPIC))
    previous = read_previous(memory)
    table = PhraseTable(listed)
    # Groups numbered as the previous suggestion's topics keep their names while these fit.
    kept_names = previous.names_of_groups() if previous else {}
    if previous and previous.all_papers == frozenset(ids):
        groups = previous.groups_of(ids)  # the same papers: the same topics, not a new draw
    elif previous and (grown := grown_groups(previous, ids, matrix, count)) is not None:
        groups = grown
    else:
        groups, kept_names = meaning_groups(matrix, ids, count), {}
    most = count + count // 2
    groups, names = named_groups(groups, matrix, table, listed, embed, most, kept_names)
    groups, names = with_leftover_groups(groups, names, table, listed, most)
    suggestion = described(groups, names, table, listed, ids, previous)
    if memory is not None:
        remember(memory, suggestion, ids)
    return suggestion


def meaning_groups(matrix: np.ndarray, ids: list[str], count: int) -> np.ndarray:
    """Groups of the papers' vectors: Ward's clustering, which needs no random start (of at
    most WARD_SAMPLE papers chosen by a hash of their ids), refined by k-means."""
    from sklearn.cluster import AgglomerativeClustering

    sample = ward_sample(ids)
    ward = AgglomerativeClustering(count, linkage="ward").fit_predict(matrix[sample])
    centres = np.array([matrix[sample][ward == group].mean(axis=0) for group in sorted(set(ward.tolist()))])
    return k_means(matrix, centres)


def grown_groups(previous: Previous, ids: list[str], matrix: np.ndarray, count: int) -> np.ndarray | None:
    """The previous suggestion's groups, grown: each paper keeps its group, a new paper joins the
    group whose centre is closest, and while there are fewer groups than ``count`` the largest
    is split in two (each half named, or split again, later). So a topic keeps its papers, and
    with them its id, as the site grows. None when there is too little to build on."""
    groups = previous.groups_of(ids)
    live = sorted(set(groups.tolist()) - {UNGROUPED})
    if len(live) < 2:
        return None
    centres = np.array([unit(matrix[groups == group].mean(axis=0)) for group in live])
    new = np.array([row for row, paper_id in enumerate(ids) if paper_id not in previous.all_papers], dtype=np.int64)
    if len(new):
        groups[new] = np.array(live)[np.argmax(matrix[new] @ centres.T, axis=1)]
    while len(live) < count:
        sizes = {group: int(np.sum(groups == group)) for group in live}
        largest = max(live, key=lambda group: (sizes[group], -group))
        if sizes[largest] < 2 * PAPERS_PER_TOPIC:
            break
        rows = np.flatnonzero(groups == largest)
        halves = split_in_two(matrix[rows])
        groups[rows[halves == 1]] = max(live) + 1
        live.append(max(live) + 1)
    return groups


def k_means(matrix: np.ndarray, centres: np.ndarray) -> np.ndarray:
    from sklearn.cluster import KMeans
    from sklearn.exceptions import ConvergenceWarning

    with warnings.catch_warnings():
        # Papers repeated word for word make fewer distinct groups than asked: the empty ones
        # are left out, which is all scikit-learn's warning would advise.
        warnings.simplefilter("ignore", ConvergenceWarning)
        return KMeans(len(centres), init=centres, n_init=1, random_state=SEED).fit_predict(matrix)


def ward_sample(ids: list[str]) -> np.ndarray:
    """All rows, or WARD_SAMPLE of them chosen by a hash of their ids (Ward's time grows with
    the square of the papers). Chosen by id, new papers change the sample by their share of it."""
    if len(ids) <= WARD_SAMPLE:
        return np.arange(len(ids))
    keys = [hashlib.blake2b(paper_id.encode(), digest_size=8).digest() for paper_id in ids]
    return np.sort(np.array(sorted(range(len(ids)), key=keys.__getitem__)[:WARD_SAMPLE]))


def group_name(
    members: np.ndarray, table: PhraseTable, papers: list[Paper], meaning: tuple[np.ndarray, Embed] | None = None
) -> int | None:
    """The phrase (a column of ``table``) that names the group: carried by at least half of its
    papers, at least half of the papers carrying it are the group's, and never a word every
    field uses on its own; the best by coverage x precision (as class-based TF-IDF ranks a
    cluster's terms: frequent in it, rare elsewhere), a phrase of several words before one word
    about as telling. None for a group too small to be a topic."""
    size = int(members.sum())
    if size < fewest_in_topic(len(members)):
        return None
    in_group = np.asarray(table.placed[members].sum(axis=0)).ravel()
    coverage = in_group / size
    precision = in_group / np.maximum(table.in_papers, 1)
    site_share = table.in_papers / table.placed.shape[0]
    eligible = (
        (coverage >= LEAST_COVERAGE)
        & (precision >= LEAST_NAME_PRECISION)
        & (site_share <= MOST_SITE_SHARE * coverage)
        & (site_share <= MOST_PAPERS_WITH_NAME)
        & ~table.prose
        & (in_group >= 2)
    )
    words = table.codes < table.size
    score = np.where(eligible, coverage * precision * np.where(words, 1.0, PHRASE_BONUS), -np.inf)
    candidates = []
    for column in np.lexsort((np.arange(len(score)), -score)).tolist():
        if not np.isfinite(score[column]) or len(candidates) == NAME_CANDIDATES:
            break
        phrase, own = table.phrase(column), table.carrying(column, papers, members)
        # Neither "shot learning" of "few-shot learning" nor "large language" of "large language models".
        if not is_fragment(phrase, own) and not (len(phrase.split()) == 3 and is_cut_short(phrase, own)):
            candidates.append(column)
    if not candidates or meaning is None:
        return candidates[0] if candidates else None
    # Re-ranked by closeness in meaning to the group, as KeyBERT does: "video generation"
    # before "consistent", though as many of the group's papers carry both.
    centre, embed = meaning
    closeness = embed([table.phrase(column) for column in candidates]) @ centre
    ranked = [score[column] * max(float(close), 0.0) for column, close in zip(candidates, closeness, strict=True)]
    return candidates[int(np.argmax(ranked))]


def named_groups(
    groups: np.ndarray,
    matrix: np.ndarray,
    table: PhraseTable,
    papers: list[Paper],
    embed: Embed | None = None,
    most: int | None = None,
    kept_names: dict[int, str] | None = None,
) -> tuple[np.ndarray, dict[int, int]]:
    """The groups that have a name. A group without one is split in two (a group of papers
    close in meaning may still use several vocabularies): a half that gets a name is kept, the
    other is split again, until it is too small; what is left is UNGROUPED, and its papers go
    where the rules place them: by a phrase, by meaning when a topic is clearly closest, or to
    Unsorted. At most ``most`` groups; a group that grew from a previous topic keeps its name
    (``kept_names``) while that still fits it. Returns the groups and each group's name (a
    column of ``table``)."""
    groups = groups.copy()
    names: dict[int, int] = {}
    most = most or len(set(groups.tolist())) * 3 // 2
    kept_names = kept_names or {}
    pending = sorted(set(groups.tolist()) - {UNGROUPED})
    while pending:
        group = pending.pop(0)
        members = groups == group
        name = still_fits(kept_names.get(group), members, table)
        if name is None:
            meaning = (unit(matrix[members].mean(axis=0)), embed) if embed is not None else None
            name = group_name(members, table, papers, meaning)
        if name is not None:
            names[group] = name
            continue
        rows = np.flatnonzero(members)
        if len(rows) >= 2 * fewest_in_topic(len(groups)) and len(names) + len(pending) + 2 <= most:
            halves = split_in_two(matrix[rows])
            new = int(groups.max()) + 1
            groups[rows[halves == 1]] = new
            pending += [group, new]
            continue
        groups[rows] = UNGROUPED
    return groups, names


def with_leftover_groups(
    groups: np.ndarray, names: dict[int, int], table: PhraseTable, papers: list[Paper], most: int
) -> tuple[np.ndarray, dict[int, int]]:
    """The groups, and one more for each phrase that names papers no group's phrases place
    (:func:`leftover_name`), while there are fewer than ``most``: groups by meaning miss a
    subject that few papers of a site share, and its papers would stay Unsorted."""
    groups, names = groups.copy(), dict(names)
    placed = np.zeros(len(papers), dtype=bool)
    for group, name in names.items():
        placed |= placed_by(table, chosen_phrases(table, groups == group, first=name))
    while len(names) < most:
        column = leftover_name(~placed, table, papers, [table.phrase(name) for name in names.values()])
        if column is None:
            break
        new = int(groups.max()) + 1
        groups[~placed & placed_by(table, [column])] = new
        names[new] = column
        placed |= placed_by(table, chosen_phrases(table, groups == new, first=column))
    return groups, names


LEFTOVER_PRECISION = 0.5
LEFTOVER_IN_TITLES = 0.25
"""Measured in benchmarks/README.md, Curation (topics of the papers left over)."""


def leftover_name(left: np.ndarray, table: PhraseTable, papers: list[Paper], taken: list[str]) -> int | None:
    """The phrase (a column of ``table``) that names a group of the papers ``left`` unplaced: a
    phrase of several words (one word alone, "symmetric" or "image", gathers papers of any
    subject), carried by at least :func:`fewest_in_topic` of them, by more of them than of the
    placed papers (else it describes papers the topics already hold), in the titles of at
    least LEFTOVER_IN_TITLES of all the papers carrying it (abstracts also hold "real world"
    and "training data", which name no subject), in at most MOST_PAPERS_WITH_MATCH of the
    site's papers, and sharing no word with a topic's name (``taken``). The one most unplaced
    papers carry, weighed by that share."""
    fewest = fewest_in_topic(len(papers))
    if left.sum() < fewest:
        return None
    in_left = np.asarray(table.placed[left].sum(axis=0)).ravel()
    in_titles = np.asarray(table.in_title.sum(axis=0)).ravel()
    precision = in_left / np.maximum(table.in_papers, 1)
    eligible = (
        (in_left >= fewest)
        & (precision >= LEFTOVER_PRECISION)
        & (in_titles >= np.maximum(2, LEFTOVER_IN_TITLES * table.in_papers))
        & (table.in_papers <= MOST_PAPERS_WITH_MATCH * len(papers))
        & (table.codes >= table.size)
    )
    score = np.where(eligible, in_left * precision, -np.inf)
    for column in np.lexsort((np.arange(len(score)), -score)).tolist()[:NAME_CANDIDATES]:
        if not np.isfinite(score[column]):
            break
        phrase = table.phrase(column)
        if describes(phrase, table.carrying(column, papers, left)) and not any(
            overlaps(phrase, name) for name in taken
        ):
            return column
    return None


KEPT_NAME_COVERAGE, KEPT_NAME_PRECISION = 0.2, 0.4


def still_fits(phrase: str | None, members: np.ndarray, table: PhraseTable) -> int | None:
    """The column of a previous name, if enough of the group still carries it (a name is kept
    more easily than it is given: a title that changes every month helps no reader)."""
    column = table.column(phrase) if phrase else None
    if column is None or members.sum() < fewest_in_topic(len(members)):
        return None
    in_group = int(table.placed[members, column].sum())
    coverage, precision = in_group / int(members.sum()), in_group / max(int(table.in_papers[column]), 1)
    return column if coverage >= KEPT_NAME_COVERAGE and precision >= KEPT_NAME_PRECISION else None


def split_in_two(rows: np.ndarray) -> np.ndarray:
    from sklearn.cluster import AgglomerativeClustering

    return AgglomerativeClustering(2, linkage="ward").fit_predict(rows)


def unit(vector: np.ndarray) -> np.ndarray:
    return vector / max(float(np.linalg.norm(vector)), 1e-12)


def described(
    groups: np.ndarray,
    names: dict[int, int],
    table: PhraseTable,
    listed: list[Paper],
    ids: list[str],
    previous: Previous | None,
) -> Suggestion:
    """The topics, largest group first, with ids kept from the previous suggestion where a group
    holds most of a previous topic's papers, else made from the name."""
    # By size, then by name: the same order however the groups happen to be numbered.
    order = sorted(
        set(groups.tolist()) - {UNGROUPED},
        key=lambda group: (-int(np.sum(groups == group)), table.phrase(names[group]) if group in names else ""),
    )
    name_phrases: list[str] = []
    kept_ids = (
        previous.ids_kept({group: {ids[row] for row in np.flatnonzero(groups == group)} for group in order})
        if previous
        else {}
    )
    topics: list[Topic] = []
    topic_of_group: dict[int, str] = {}
    for group in order:
        members = groups == group
        topic = describe_group(members, names.get(group), table, listed)
        name_phrases.append(table.phrase(names[group]) if group in names else "")
        wanted = kept_ids.get(group) or topic.id
        taken = {topic.id for topic in topics} | {value for key, value in kept_ids.items() if key != group}
        topic = dataclasses.replace(topic, id=wanted if group in kept_ids else unique_id(wanted, taken))
        topics.append(topic)
        topic_of_group[group] = topic.id
    return Suggestion(
        tuple(topics),
        tuple(name_phrases),
        {paper_id: topic_of_group[int(groups[row])] for row, paper_id in enumerate(ids) if groups[row] != UNGROUPED},
    )
