"""``content/topics.yml``: the topics, each with an id, a title, a description and phrase rules,
checked key by key (what a phrase matches is :mod:`generator.phrases`)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from generator.errors import Problems
from generator.model import NEIGHBOURHOOD, ByMeaning, Topic
from generator.phrases import phrase_pattern
from generator.read.files import display_path, read_text
from generator.read.yaml_lines import LineDict, YamlProblem, load_yaml

TOPIC_KEYS = ("id", "title", "description", "match", "match_title", "exclude", "min_mentions")
BY_MEANING_KEYS = ("threshold", "margin", "neighbours")
PHRASE_KEYS = ("match", "match_title", "exclude")
RESERVED_TOPIC_IDS = frozenset({"index", "unsorted"})
"""Names of the generated overview pages that sit beside the topic pages."""
TOPIC_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


@dataclass(frozen=True)
class TopicsFile:
    topics: tuple[Topic, ...] = ()
    by_meaning: ByMeaning = field(default_factory=ByMeaning)


def load_topics(path: Path, content_root: Path, problems: Problems) -> TopicsFile:
    """Read and validate the topics file (the caller says what a missing one means)."""
    shown = display_path(path, content_root)
    text = read_text(path, content_root, problems)
    if text is None:
        return TopicsFile()
    try:
        data = load_yaml(text)
    except YamlProblem as problem:
        problems.add(shown, problem.line, problem.message)
        return TopicsFile()
    if (
        not isinstance(data, LineDict)
        or set(data) - {"topics", "by_meaning"}
        or not isinstance(data.get("topics"), list)
    ):
        problems.add(shown, 1, "must be a mapping with the key `topics:`, holding a list of topics (and `by_meaning:`)")
        return TopicsFile()
    topics = [read_topic(entry, shown, problems) for entry in data["topics"]]
    return TopicsFile(
        check_unique_ids([topic for topic in topics if topic], data["topics"], shown, problems),
        read_by_meaning(data, shown, problems),
    )


def read_by_meaning(data: LineDict, shown: str, problems: Problems) -> ByMeaning:
    """``by_meaning: false``, or ``{threshold: 0.45, margin: 0.03, neighbours: 4}`` (any may be
    left out)."""
    value = data.get("by_meaning", True)
    line = data.line_of("by_meaning")
    if isinstance(value, bool):
        return ByMeaning(enabled=value)
    example = "e.g. `by_meaning: {threshold: 0.45, margin: 0.03, neighbours: 4}`, or `by_meaning: false`"
    if not isinstance(value, dict) or set(value) - set(BY_MEANING_KEYS):
        problems.add(
            shown, line, f"`by_meaning:` must be true, false or a mapping of {', '.join(BY_MEANING_KEYS)}, {example}"
        )
        return ByMeaning()
    numbers = {}
    for key in ("threshold", "margin"):
        number = value.get(key, getattr(ByMeaning, key))
        if not isinstance(number, (int, float)) or isinstance(number, bool) or not 0 <= number <= 1:
            problems.add(shown, line, f"`by_meaning:` {key} must be a number from 0 to 1, {example}")
            return ByMeaning()
        numbers[key] = float(number)
    neighbours = value.get("neighbours", ByMeaning.neighbours)
    if not isinstance(neighbours, int) or isinstance(neighbours, bool) or not 0 <= neighbours <= NEIGHBOURHOOD:
        problems.add(
            shown, line, f"`by_meaning:` neighbours must be a whole number from 0 to {NEIGHBOURHOOD}, {example}"
        )
        return ByMeaning()
    return ByMeaning(True, **numbers, neighbours=neighbours)


def read_topic(entry: object, shown: str, problems: Problems) -> Topic | None:
    if not isinstance(entry, LineDict):
        problems.add(shown, 0, "each entry under `topics:` must be a mapping with `id:` and `title:`")
        return None
    problems_before = len(problems)
    for key in entry:
        if key == "fallback_terms":
            problems.add(
                shown,
                entry.line_of(key),
                "`fallback_terms:` is no longer read: a paper no phrase places now goes to the topic closest to it "
                "in meaning (README, Topics); delete the `fallback_terms:` lines",
            )
        elif key not in TOPIC_KEYS:
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
    return Topic(
        topic_id,
        title.strip(),
        description.strip(),
        **phrases,
        min_mentions=min_mentions,
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


def check_unique_ids(topics: list[Topic], entries: list, shown: str, problems: Problems) -> tuple[Topic, ...]:
    lines = {entry.get("id"): entry.line_of("id") for entry in entries if isinstance(entry, LineDict)}
    seen: set[str] = set()
    for topic in topics:
        if topic.id in seen:
            problems.add(shown, lines[topic.id], f"topic id {topic.id!r} is used twice")
        seen.add(topic.id)
    return tuple(topics)
