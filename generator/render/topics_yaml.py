"""Suggested topics written as a ``content/topics.yml`` a researcher adopts and edits."""

from __future__ import annotations

import json
import re
import textwrap

import yaml

from generator.model import ByMeaning, Topic

HEADER = """\
# Topics suggested by `python -m generator topics suggest` from the titles and abstracts of
# {papers} papers. Save this as content/topics.yml to adopt them, then edit freely: the site
# uses only this file, and a new suggestion never overwrites it. See "Topics" in README.md.
#   match:          phrases found anywhere in the title or abstract place a paper in the topic
#   match_title:    phrases that count only when they are in the title
#   exclude:        phrases that keep a paper out of the topic
#   min_mentions:   how often `match` phrases must occur in the abstract (default 1)
# A paper that no phrase of any topic places goes to the topic closest to it in meaning, when
# it is clearly closest (by_meaning, below: set `by_meaning: false` to leave such papers under
# Unsorted). Topic ids are page addresses: keep them when you rename a topic.
# `python -m generator topics explain PAPER` says why a paper is (or is not) in each topic;
# `python -m generator topics report` lists rules that match nothing or too much.
"""


def topics_yaml(topics: tuple[Topic, ...], paper_count: int, by_meaning: ByMeaning | None = None) -> str:
    by_meaning = by_meaning or ByMeaning()
    lines = [
        HEADER.format(papers=f"{paper_count:,}"),
        f"by_meaning: {{threshold: {by_meaning.threshold:g}, margin: {by_meaning.margin:g}, "
        f"neighbours: {by_meaning.neighbours}}}",
        "",
        "topics:",
    ]
    for topic in topics:
        lines += [
            f"  - id: {json.dumps(topic.id)}",  # quoted: `id: yes` or `id: 12` would not read back as text
            f"    title: {scalar(topic.title)}",
            f"    description: {scalar(topic.description)}",
        ]
        if topic.match:
            lines.append(flow("match", [scalar(phrase) for phrase in topic.match]))
        lines.append("")
    return "\n".join(lines)


PLAIN = re.compile(r"[^\W_][\w .'-]*")
"""Text YAML reads back as itself without quotes (checked below), in a flow list too."""


def scalar(text: str) -> str:
    if PLAIN.fullmatch(text) and not text.endswith(" ") and yaml.safe_load(text) == text:
        return text
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar


def flow(key: str, items: list[str]) -> str:
    """``key: [a, b, ...]`` (or ``{...}`` for ``a: 1`` items), wrapped under the key."""
    opening, closing = ("{", "}") if ": " in items[0] else ("[", "]")
    text = f"    {key}: {opening}{', '.join(items)}{closing}"
    return textwrap.fill(text, width=110, subsequent_indent=" " * 6, break_long_words=False, break_on_hyphens=False)
