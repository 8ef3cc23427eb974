"""The topic taxonomy (``content/topics.yml``) and the phrase rules that sort papers into topics.

A rule is a list of phrases, written the way a researcher would say them:

* a phrase matches whole words, ignoring case: ``state space model`` matches
  "State-Space Models" (a hyphen and a space are the same, a plural ``s``/``es`` is allowed);
* a phrase in capitals (an acronym: ``SSM``, ``S4``, ``RNN``) matches only in capitals and never
  inside another word: ``S4`` does not match "S4ND" and ``RNN`` does not match "Bernnie";
* a word ending in ``*`` matches any ending: ``recurren*`` matches "recurrent", "recurrence".
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from pathlib import Path

from .content_files import display_path, read_text
from .errors import Problems
from .model import Paper, Topic
from .yaml_lines import LineDict, YamlProblem, load_yaml

TOPIC_KEYS = ("id", "title", "description", "match", "match_title", "exclude", "min_mentions")
PHRASE_KEYS = ("match", "match_title", "exclude")
RESERVED_TOPIC_IDS = frozenset({"index", "unsorted"})
"""Names of the generated overview pages that sit beside the topic pages."""
TOPIC_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def load_topics(path: Path, content_root: Path, problems: Problems) -> tuple[Topic, ...]:
    """Read and validate the topics file (the caller says what a missing one means)."""
    shown = display_path(path, content_root)
    text = read_text(path, content_root, problems)
    if text is None:
        return ()
    try:
        data = load_yaml(text)
    except YamlProblem as problem:
        problems.add(shown, problem.line, problem.message)
        return ()
    if not isinstance(data, LineDict) or set(data) - {"topics"} or not isinstance(data.get("topics"), list):
        problems.add(shown, 1, "must be a mapping with one key, `topics:`, holding a list of topics")
        return ()
    topics = [read_topic(entry, shown, problems) for entry in data["topics"]]
    return check_unique_ids([topic for topic in topics if topic], data["topics"], shown, problems)


def read_topic(entry: object, shown: str, problems: Problems) -> Topic | None:
    if not isinstance(entry, LineDict):
        problems.add(shown, 0, "each entry under `topics:` must be a mapping with `id:` and `title:`")
        return None
    problems_before = len(problems)
    for key in entry:
        if key not in TOPIC_KEYS:
            problems.add(shown, entry.line_of(key), f"unknown key {key!r} in a topic; allowed: {', '.join(TOPIC_KEYS)}")
    topic_id, title = entry.get("id"), entry.get("title")
    if not isinstance(topic_id, str) or not TOPIC_ID.fullmatch(topic_id) or topic_id in RESERVED_TOPIC_IDS:
        problems.add(
            shown,
            entry.line_of("id"),
            f"topic id {topic_id!r} must be lowercase words joined by hyphens (e.g. `state-space-models`), "
            f"and not {' or '.join(sorted(RESERVED_TOPIC_IDS))}",
        )
    if not isinstance(title, str) or not title.strip():
        problems.add(shown, entry.line_of("title"), f"topic {topic_id!r} needs a `title:` (text)")
    description = entry.get("description", "")
    if not isinstance(description, str):
        problems.add(shown, entry.line_of("description"), f"topic {topic_id!r}: `description:` must be text")
    phrases = {key: read_phrases(entry, key, shown, problems) for key in PHRASE_KEYS}
    min_mentions = entry.get("min_mentions", 1)
    if not isinstance(min_mentions, int) or isinstance(min_mentions, bool) or min_mentions < 1:
        problems.add(shown, entry.line_of("min_mentions"), "`min_mentions:` must be a whole number, 1 or more")
    if len(problems) > problems_before:
        return None
    return Topic(topic_id, title.strip(), description.strip(), **phrases, min_mentions=min_mentions)


def read_phrases(entry: LineDict, key: str, shown: str, problems: Problems) -> tuple[str, ...]:
    value = entry.get(key, [])
    line = entry.line_of(key)
    if not isinstance(value, list) or not all(isinstance(phrase, (str, int)) for phrase in value):
        problems.add(shown, line, f"`{key}:` must be a list of phrases, e.g. `{key}: [state space, SSM]`")
        return ()
    phrases = tuple(str(phrase).strip() for phrase in value)
    for phrase in phrases:
        if phrase_pattern(phrase) is None:
            problems.add(
                shown, line, f"`{key}:` phrase {phrase!r} can never match: a phrase needs letters or digits"
            )
    return phrases


def check_unique_ids(topics: list[Topic], entries: list, shown: str, problems: Problems) -> tuple[Topic, ...]:
    lines = {entry.get("id"): entry.line_of("id") for entry in entries if isinstance(entry, LineDict)}
    seen: set[str] = set()
    for topic in topics:
        if topic.id in seen:
            problems.add(shown, lines[topic.id], f"topic id {topic.id!r} is used twice")
        seen.add(topic.id)
    return tuple(topics)


def phrase_pattern(phrase: str) -> str | None:
    """The regular expression for one phrase (see the module docstring), or None if it can never match."""
    body = phrase_body(phrase)
    if body is None:
        return None
    return rf"(?<!\w){body}(?!\w)" if is_acronym(phrase) else rf"(?<!\w)(?i:{body})(?!\w)"


def phrase_body(phrase: str) -> str | None:
    words = [word for word in re.split(r"[\s-]+", phrase) if word]
    if not words or not all(re.search(r"[^\W_]", word) for word in words):
        return None
    parts = []
    for word in words:
        if word.endswith("*"):
            parts.append(re.escape(word.rstrip("*")) + r"\w*")
        else:
            parts.append(re.escape(word) + "(?:e?s)?")
    return r"[\s-]+".join(parts)


PLAIN_WORD = re.compile(r"\w+")


def phrase_needles(phrase: str) -> tuple[str, ...]:
    """The words that every match of ``phrase`` holds as whole words of the text, give or take
    a plural ending, case-folded. A word ending in ``*`` or holding punctuation ("3.5") is left
    out: it rules nothing out. See WordIndex."""
    return tuple(word.casefold() for word in re.split(r"[\s-]+", phrase.strip()) if PLAIN_WORD.fullmatch(word))


def is_acronym(phrase: str) -> bool:
    return phrase.upper() == phrase and phrase.lower() != phrase


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
        # instead of testing every phrase for each of 13,000 papers.
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


def assign_topics(papers: dict[str, Paper], topics: tuple[Topic, ...]) -> dict[str, tuple[str, ...]]:
    """Topic ids of each paper by the rules alone (notes adjust this afterwards).

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


ASCII_NON_WORD = str.maketrans({chr(code): " " for code in range(128) if not PLAIN_WORD.fullmatch(chr(code))})


def plain_words(text: str) -> list[str]:
    """``PLAIN_WORD.findall(text.casefold())``: for ASCII text (99% of abstracts), every other
    character made a space and the text split, in half to two thirds of the time."""
    if text.isascii():
        return text.lower().translate(ASCII_NON_WORD).split()
    return PLAIN_WORD.findall(text.casefold())


PLURAL_ENDINGS = ("", "s", "es")
"""What may follow a phrase's word in the text (see `phrase_body`)."""


def word_forms(words) -> dict[str, list[str]]:
    """Each form a word may take in the text, with the words it can be ("tasks": task, tasks)."""
    forms: dict[str, list[str]] = {}
    for word in sorted(set(words)):
        for end in PLURAL_ENDINGS:
            forms.setdefault(word + end, []).append(word)
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
