"""Suggested topics written as a ``content/topics.yml`` a researcher adopts and edits."""

from __future__ import annotations

import json
import re
import textwrap

import yaml

from generator.model import Topic

HEADER = """\
# Topics suggested by `python -m generator topics suggest` from the titles and abstracts of
# {papers} papers. Save this as content/topics.yml to adopt them, then edit freely: the site
# uses only this file, and a new suggestion never overwrites it. See "Topics" in README.md.
#   match:          phrases found anywhere in the title or abstract place a paper in the topic
#   match_title:    phrases that count only when they are in the title
#   exclude:        phrases that keep a paper out of the topic
#   min_mentions:   how often `match` phrases must occur in the abstract (default 1)
#   fallback_terms: a paper that no phrase of any topic places goes to the topic whose terms
#                   it holds with the highest sum of weight x (1 + log count); delete them
#                   to leave such papers under Unsorted
# `python -m generator topics explain PAPER` says why a paper is (or is not) in each topic;
# `python -m generator topics report` lists rules that match nothing or too much.
"""


def topics_yaml(topics: tuple[Topic, ...], paper_count: int) -> str:
    lines = [HEADER.format(papers=f"{paper_count:,}"), "topics:"]
    for topic in topics:
        lines += [
            f"  - id: {topic.id}",
            f"    title: {scalar(topic.title)}",
            f"    description: {scalar(topic.description)}",
        ]
        if topic.match:
            lines.append(flow("match", [scalar(phrase) for phrase in topic.match]))
        if topic.fallback_terms:
            lines.append(
                flow("fallback_terms", [f"{scalar(term)}: {weight:g}" for term, weight in topic.fallback_terms])
            )
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
