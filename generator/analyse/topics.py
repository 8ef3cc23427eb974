"""The matcher that sorts papers into topics by their phrase rules (:mod:`generator.phrases`)."""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

import numpy as np

from generator.analyse.vectors import closest_by_meaning
from generator.model import NEIGHBOURHOOD, ByMeaning, Paper, Topic
from generator.phrases import PLAIN_WORD, PLURAL_ENDINGS, is_acronym, phrase_body, phrase_needles, written_forms

if TYPE_CHECKING:
    from generator.analyse.vectors import PaperVectors


@dataclass(frozen=True)
class PhraseSet:
    """Phrases compiled into one pattern, and the words that rule texts out before it runs."""

    pattern: re.Pattern[str]
    phrases: tuple[tuple[str, tuple[str, ...]], ...]
    """Each phrase with the whole words (case-folded) that a text it matches holds."""
    words: frozenset[str]
    """Every word of ``phrases``: which of them a text holds decides its narrowed pattern."""
    narrowed_by_words: dict = field(default_factory=dict, compare=False, hash=False, repr=False)

    @classmethod
    def compile(cls, phrases: tuple[str, ...]) -> PhraseSet | None:
        pattern = compile_phrases(phrases)
        if pattern is None:
            return None
        with_words = tuple((phrase, phrase_needles(phrase)) for phrase in phrases)
        return cls(pattern, with_words, frozenset(word for _, words in with_words for word in words))

    @property
    def needles(self) -> list[tuple[str, ...]]:
        return sorted({words for _, words in self.phrases})

    def search(self, text: str) -> bool:
        return self.pattern.search(text) is not None

    def narrowed(self, held: AbstractSet[str] | None) -> re.Pattern[str] | None:
        """The pattern of only the phrases whose words a text holds (see WordIndex.words_of):
        the others cannot match in it. It finds the same matches, alternatives kept in their
        order, and scans faster: the engine tries every alternative at every character."""
        if held is None:
            return self.pattern
        # Papers hold few distinct sets of these words: one set intersection, then a lookup,
        # instead of testing every phrase for each paper of a large site.
        key = self.words.intersection(held)
        if key not in self.narrowed_by_words:
            phrases = tuple(phrase for phrase, words in self.phrases if key.issuperset(words))
            self.narrowed_by_words[key] = compile_phrases(phrases)
        return self.narrowed_by_words[key]


@dataclass(frozen=True)
class TopicMatcher:
    """One topic's rules compiled once, then applied to every paper."""

    topic_id: str
    anywhere: PhraseSet | None
    in_title: PhraseSet | None
    excluded: PhraseSet | None
    min_mentions: int

    @classmethod
    def compile(cls, topic: Topic) -> TopicMatcher:
        return cls(
            topic.id,
            PhraseSet.compile(topic.match),
            PhraseSet.compile(topic.match_title),
            PhraseSet.compile(topic.exclude),
            topic.min_mentions,
        )

    def needles(self):
        """The words of every phrase that can place a paper in the topic."""
        return [needle for rule in (self.anywhere, self.in_title) if rule for needle in rule.needles]

    def candidates(self, index: WordIndex) -> set[int]:
        """The texts that hold every word of one of the topic's phrases; no other can match."""
        found: set[int] = set()
        for words in self.needles():
            found |= index.holding_all(words)
        return found

    def matches(self, paper: Paper, held: AbstractSet[str] | None = None) -> bool:
        """Whether the topic's rules place ``paper`` in it; ``held``: the phrases' words that its
        title and abstract hold, if known (None: every phrase is tried)."""
        if self.excluded and self.excluded.search(f"{paper.title}\n{paper.abstract}"):
            return False
        anywhere = self.anywhere.narrowed(held) if self.anywhere else None
        in_title = self.in_title.narrowed(held) if self.in_title else None
        if any(pattern and pattern.search(paper.title) for pattern in (anywhere, in_title)):
            return True  # the title says what a paper is about: one mention there is enough
        if not anywhere:
            return False
        mentions = sum(1 for _ in itertools.islice(anywhere.finditer(paper.abstract), self.min_mentions))
        return mentions >= self.min_mentions


# A topic's phrases and their narrowed subsets, kept across the builds of `mkdocs serve` (each
# build's PhraseSets remember their own subsets by words; see PhraseSet.narrowed).
@functools.lru_cache(maxsize=4096)
def compile_phrases(phrases: tuple[str, ...]) -> re.Pattern[str] | None:
    """All phrases in one pattern, word boundaries and case flags factored out: one pass per text."""
    exact = sorted({body for phrase in phrases if is_acronym(phrase) and (body := phrase_body(phrase))})
    folded = sorted({body for phrase in phrases if not is_acronym(phrase) and (body := phrase_body(phrase))})
    alternatives = exact + ([f"(?i:{'|'.join(folded)})"] if folded else [])
    return re.compile(rf"(?<!\w)(?:{'|'.join(alternatives)})(?!\w)") if alternatives else None


def assign_topics(
    papers: dict[str, Paper],
    topics: tuple[Topic, ...],
    vectors: PaperVectors,
    by_meaning: ByMeaning | None = None,
) -> dict[str, tuple[str, ...]]:
    """Topic ids of each paper by the rules alone (notes adjust this afterwards): its phrases,
    then, for a paper no phrase places, the topic closest in meaning when it is clearly so."""
    found = assign_by_phrases(papers, topics)
    by_meaning = by_meaning or ByMeaning()
    if by_meaning.enabled:
        placer = MeaningPlacer(found, topics, vectors, by_meaning)
        choices = placer.choices([paper_id for paper_id, topic_ids in found.items() if not topic_ids])
        for paper_id, choice in choices.items():
            if choice.placed:
                found[paper_id] = (choice.topic_id,)
    return found


def assign_by_phrases(papers: dict[str, Paper], topics: tuple[Topic, ...]) -> dict[str, tuple[str, ...]]:
    """Topic ids of each paper by its phrases.

    A topic's patterns run only on its candidates (see WordIndex): most topics fit a few papers
    in a hundred, and running a pattern costs far more than looking words up."""
    matchers = [TopicMatcher.compile(topic) for topic in topics]
    listed = list(papers.values())
    needles = [needle for matcher in matchers for needle in matcher.needles()]
    index = WordIndex([f"{paper.title}\n{paper.abstract}" for paper in listed], needles)
    found: dict[str, list[str]] = {paper.id: [] for paper in listed}
    for matcher in matchers:  # in the topics file's order, which each paper's list keeps
        for position in matcher.candidates(index):
            if matcher.matches(listed[position], index.words_of[position]):
                found[listed[position].id].append(matcher.topic_id)
    return {paper_id: tuple(topic_ids) for paper_id, topic_ids in found.items()}


@dataclass(frozen=True)
class MeaningChoice:
    """The topics closest in meaning to a paper, and whether the closest one takes it."""

    topic_id: str | None
    similarity: float
    runner_up: str | None
    runner_up_similarity: float
    placed: bool
    neighbours_in_topic: int | None = None
    """How many of the paper's NEIGHBOURHOOD closest papers the topic's phrases place (None:
    not counted, as the centre alone keeps the paper out)."""


class MeaningPlacer:
    """Each topic's centre in meaning (the mean vector of the papers its phrases place), and
    the choice for a paper no phrase places: the closest centre, if it is at least ``threshold``
    similar and ``margin`` closer than the next, and if at least ``neighbours`` of the paper's
    NEIGHBOURHOOD closest papers are placed in that topic by a phrase; otherwise none, and the
    paper stays Unsorted (a paper under a wrong topic costs a reader more than one left
    unsorted). The centre alone is not enough: it lies between its papers, so a paper on
    another subject near several of them (3D splatting beside video generation) can be close
    to it while none of its own closest papers is in the topic."""

    def __init__(
        self, by_phrases: dict[str, tuple[str, ...]], topics: tuple[Topic, ...], vectors: PaperVectors, rule: ByMeaning
    ) -> None:
        self.rule, self.vectors, self.by_phrases = rule, vectors, by_phrases
        self.members = {topic.id: [p for p, ids in by_phrases.items() if topic.id in ids] for topic in topics}
        self.topic_ids = [topic_id for topic_id, members in self.members.items() if members]
        centres = np.array([vectors.rows(self.members[topic_id]).mean(axis=0) for topic_id in self.topic_ids])
        if len(centres):
            centres /= np.linalg.norm(centres, axis=1, keepdims=True)
        self.centres = centres

    def similarities(self, paper_id: str) -> list[tuple[str, float]]:
        """Every topic with the paper's similarity to its centre, closest first (rounded, so
        that the order is the same on every machine; ties in the topics file's order)."""
        if not len(self.centres):
            return []
        values = np.round(self.centres @ self.vectors.of(paper_id), 4).tolist()
        order = sorted(range(len(values)), key=lambda place: -values[place])
        return [(self.topic_ids[place], values[place]) for place in order]

    def choice(self, paper_id: str) -> MeaningChoice:
        return self.choices([paper_id])[paper_id]

    def choices(self, paper_ids: list[str]) -> dict[str, MeaningChoice]:
        """The choice for each paper: by the centres, then, for those the centres place, by
        their closest papers (counted for those only, all in one product of matrices)."""
        by_centre = {paper_id: self.by_centre(paper_id) for paper_id in paper_ids}
        counted = [paper_id for paper_id, choice in by_centre.items() if choice.placed]
        neighbours = self.neighbours(counted)
        for paper_id in counted:
            choice = by_centre[paper_id]
            inside = sum(1 for other in neighbours[paper_id] if choice.topic_id in self.by_phrases.get(other, ()))
            by_centre[paper_id] = replace(choice, placed=inside >= self.rule.neighbours, neighbours_in_topic=inside)
        return by_centre

    def by_centre(self, paper_id: str) -> MeaningChoice:
        ranked = self.similarities(paper_id)
        if not ranked:
            return MeaningChoice(None, 0.0, None, 0.0, False)
        best, similarity = ranked[0]
        runner_up, second = ranked[1] if len(ranked) > 1 else (None, 0.0)
        placed = similarity >= self.rule.threshold and round(similarity - second, 4) >= self.rule.margin
        return MeaningChoice(best, similarity, runner_up, second, placed)

    def neighbours(self, paper_ids: list[str]) -> dict[str, list[str]]:
        """The NEIGHBOURHOOD papers closest in meaning to each of ``paper_ids``, among all."""
        if not paper_ids:
            return {}
        ids = self.vectors.ids
        rows = [self.vectors.row_of[paper_id] for paper_id in paper_ids]
        closest, _ = closest_by_meaning(self.vectors.matrix, NEIGHBOURHOOD, np.array(rows))
        return {
            paper_id: [ids[row] for row in found] for paper_id, found in zip(paper_ids, closest.tolist(), strict=True)
        }

    def closest_members(self, paper_id: str, topic_id: str, count: int = 3) -> list[tuple[str, float]]:
        """The papers the topic's phrases place that are closest in meaning to ``paper_id``."""
        members = [member for member in self.members.get(topic_id, []) if member != paper_id]
        if not members:
            return []
        values = np.round(self.vectors.rows(members) @ self.vectors.of(paper_id), 4).tolist()
        order = sorted(range(len(members)), key=lambda place: (-values[place], members[place]))
        return [(members[place], values[place]) for place in order[:count]]


ASCII_NON_WORD = str.maketrans({chr(code): " " for code in range(128) if not PLAIN_WORD.fullmatch(chr(code))})


def plain_words(text: str) -> list[str]:
    """``PLAIN_WORD.findall(text.casefold())``: for ASCII text (99% of abstracts), every other
    character made a space and the text split, faster than the expression (benchmarks/README.md,
    Measured reasons in the code)."""
    if text.isascii():
        return text.lower().translate(ASCII_NON_WORD).split()
    return PLAIN_WORD.findall(text.casefold())


def word_forms(words) -> dict[str, list[str]]:
    """Each form a word may take in the text, with the words it can be ("tasks": task, tasks;
    "modelling": modeling)."""
    forms: dict[str, list[str]] = {}
    for word in sorted(set(words)):
        for spelling in written_forms(word):
            for end in ("", *PLURAL_ENDINGS):
                forms.setdefault(spelling + end, []).append(word)
    return forms


class WordIndex:
    """Which texts hold each word of the topics' phrases as a whole word (a plural too), case
    aside: a case-sensitive acronym can only match where its case-folded form is a word.

    Each text is cut into words once and only the words some phrase needs are kept (one set
    intersection per text), instead of one search per text, topic and phrase."""

    def __init__(self, texts: list[str], needles: list[tuple[str, ...]]) -> None:
        self.count = len(texts)
        forms = word_forms(word for words in needles for word in words)
        self.holding: dict[str, set[int]] = {}
        self.words_of: list[frozenset[str]] = []
        """The phrases' words that each text holds."""
        for position, text in enumerate(texts):
            held = frozenset(word for form in forms.keys() & plain_words(text) for word in forms[form])
            for word in held:
                self.holding.setdefault(word, set()).add(position)
            self.words_of.append(held)

    def holding_all(self, words: tuple[str, ...]) -> set[int]:
        if not words:
            return set(range(self.count))
        return set.intersection(*(self.holding.get(word, set()) for word in words))
