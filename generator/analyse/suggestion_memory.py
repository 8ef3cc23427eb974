"""A suggestion (:class:`Suggestion`), and the previous one kept in the cache, so that suggested
topics stay put as a site grows: each topic's id, name and papers, and every paper the site had
(see :func:`generator.analyse.suggest.suggest_topics`). A file that does not read is ignored."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from generator.atomic import write_atomically
from generator.model import Topic

KEPT_TOGETHER = 0.4
"""A new group keeps a previous topic's id when it holds this share of that topic's papers."""
MEMORY_FILE = "suggested-topics.json"
UNGROUPED = -1
"""The group of papers whose own group had no name."""


@dataclass(frozen=True)
class Previous:
    """The previous suggestion, as kept in the cache: each topic's id and papers."""

    papers_of: dict[str, list[str]]
    all_papers: frozenset[str]
    """Every paper of the site it was made for, grouped or not."""
    names: dict[str, str]
    """Each topic's name phrase."""

    def names_of_groups(self) -> dict[int, str]:
        """The name of each group of :meth:`groups_of`, by its number."""
        return {group: self.names[topic] for group, topic in enumerate(self.papers_of) if topic in self.names}

    def groups_of(self, ids: list[str]) -> np.ndarray:
        group_of = {paper_id: group for group, papers in enumerate(self.papers_of.values()) for paper_id in papers}
        return np.array([group_of.get(paper_id, UNGROUPED) for paper_id in ids])

    def ids_kept(self, papers_of_group: dict[int, set[str]]) -> dict[int, str]:
        """For each new group, the previous topic id it keeps: the topic whose papers it holds
        the most of, when that is at least KEPT_TOGETHER of them; each id given once."""
        pairs = []
        for topic_id_, papers in self.papers_of.items():
            present = [paper_id for group in papers_of_group.values() for paper_id in papers if paper_id in group]
            if not present:
                continue
            for group, members in papers_of_group.items():
                shared = len(members.intersection(papers))
                if shared >= KEPT_TOGETHER * len(present):
                    pairs.append((-shared, topic_id_, group))
        kept: dict[int, str] = {}
        for _, topic_id_, group in sorted(pairs):
            if group not in kept and topic_id_ not in kept.values():
                kept[group] = topic_id_
        return kept


def read_previous(memory: Path | None) -> Previous | None:
    """The previous suggestion from the cache, if there is one that reads; any other file is ignored."""
    if memory is None:
        return None
    try:
        data = json.loads((memory / MEMORY_FILE).read_text(encoding="utf-8"))
        papers_of = {str(topic): [str(paper) for paper in papers] for topic, papers in data["topics"].items()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
    names = {str(topic): str(name) for topic, name in dict(data.get("names", {})).items()}
    return Previous(papers_of, frozenset(str(paper) for paper in data.get("papers", [])), names) if papers_of else None


@dataclass(frozen=True)
class Suggestion:
    topics: tuple[Topic, ...]
    """Largest group first, as a topics.yml lists them."""
    names: tuple[str, ...]
    """The phrase that names each topic (its title is this phrase as the papers write it)."""
    group_of: dict[str, str]
    """The topic id of each grouped paper's group (which the rules and meaning reproduce for
    most of them); a paper whose group had no name has none."""


def remember(memory: Path, suggestion: Suggestion, all_papers: list[str]) -> None:
    papers_of: dict[str, list[str]] = {topic.id: [] for topic in suggestion.topics}
    for paper_id in sorted(suggestion.group_of):
        papers_of[suggestion.group_of[paper_id]].append(paper_id)
    names = dict(zip((topic.id for topic in suggestion.topics), suggestion.names, strict=True))
    data = json.dumps({"names": names, "papers": sorted(all_papers), "topics": papers_of}, sort_keys=True).encode()
    try:
        write_atomically(memory / MEMORY_FILE, data)
    except OSError:
        pass  # a read-only cache: the next suggestion starts afresh, which is still right
