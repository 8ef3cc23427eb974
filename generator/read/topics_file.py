"""``content/topics.yml``: the topics, each with an id, a title, a description and phrase rules,
checked key by key (what a phrase matches is :mod:`generator.phrases`)."""

from __future__ import annotations

import re
from pathlib import Path

from generator.errors import Problems
from generator.model import Topic
from generator.phrases import phrase_pattern
from generator.read.files import display_path, read_text
from generator.read.yaml_lines import LineDict, YamlProblem, load_yaml

TOPIC_KEYS = ("id", "title", "description", "match", "match_title", "exclude", "min_mentions", "fallback_terms")
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
    fallback_terms = read_fallback_terms(entry, shown, problems)
    if len(problems) > problems_before:
        return None
    return Topic(
        topic_id,
        title.strip(),
        description.strip(),
        **phrases,
        min_mentions=min_mentions,
        fallback_terms=fallback_terms,
    )


def read_phrases(entry: LineDict, key: str, shown: str, problems: Problems) -> tuple[str, ...]:
    value = entry.get(key, [])
    line = entry.line_of(key)
    if not isinstance(value, list) or not all(isinstance(phrase, (str, int)) for phrase in value):
        problems.add(shown, line, f"`{key}:` must be a list of phrases, e.g. `{key}: [state space, SSM]`")
        return ()
    phrases = tuple(str(phrase).strip() for phrase in value)
    for phrase in phrases:
        if phrase_pattern(phrase) is None:
            problems.add(shown, line, f"`{key}:` phrase {phrase!r} can never match: a phrase needs letters or digits")
    return phrases


FALLBACK_TERM = re.compile(r"[^\W_]+")
"""One word, letters and digits: terms are counted as the words of a text (see analyse.topics)."""


def read_fallback_terms(entry: LineDict, shown: str, problems: Problems) -> tuple[tuple[str, float], ...]:
    value = entry.get("fallback_terms", {})
    line = entry.line_of("fallback_terms")
    example = "e.g. `fallback_terms: {diffusion: 40.5, denoising: 12}`"
    if not isinstance(value, dict):
        problems.add(shown, line, f"`fallback_terms:` must map words to weights, {example}")
        return ()
    terms = []
    for term, weight in value.items():
        word = str(term).strip()
        if not FALLBACK_TERM.fullmatch(word):
            problems.add(
                shown, line, f"`fallback_terms:` term {term!r} must be one word of letters or digits, {example}"
            )
        elif not isinstance(weight, (int, float)) or isinstance(weight, bool) or not 0 < weight < 1e9:
            problems.add(shown, line, f"`fallback_terms:` weight of {word!r} must be a positive number, {example}")
        else:
            terms.append((word.casefold(), float(weight)))
    return tuple(terms)


def check_unique_ids(topics: list[Topic], entries: list, shown: str, problems: Problems) -> tuple[Topic, ...]:
    lines = {entry.get("id"): entry.line_of("id") for entry in entries if isinstance(entry, LineDict)}
    seen: set[str] = set()
    for topic in topics:
        if topic.id in seen:
            problems.add(shown, lines[topic.id], f"topic id {topic.id!r} is used twice")
        seen.add(topic.id)
    return tuple(topics)
