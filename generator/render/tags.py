"""Tags, a page each: the researcher's (a note's `tags:`) and the sources' (JSON Lines `tags` or
`categories`, BibTeX and CSL keywords). Tags that differ only in case or punctuation are one."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from generator.ids import slug
from generator.model import Site


@dataclass(frozen=True)
class Tag:
    slug: str
    """The page name: lowercase letters, digits and hyphens."""
    name: str
    """As first written, in reading order."""
    paper_ids: tuple[str, ...]
    """In reading order."""


TAG_SLUG_LENGTH = 80


def tag_slug(name: str) -> str:
    """The tag page's name: the one slug of ids.py ("Müller" is "muller"), long enough for any
    tag; a tag of no ASCII letter or digit ("生成模型") named by a hash of its text."""
    named = slug(name, max_length=TAG_SLUG_LENGTH)
    if not named:
        named = "tag-" + hashlib.blake2b(name.casefold().encode(), digest_size=4).hexdigest()
    return "index-tag" if named == "index" else named


def tags_of_paper(site: Site, paper_id: str) -> tuple[str, ...]:
    """A paper's tags: its note's first, then its sources', each once."""
    note = site.notes.get(paper_id)
    names = (*(note.tags if note else ()), *site.papers[paper_id].details.tags)
    seen: dict[str, str] = {}
    for name in names:
        seen.setdefault(tag_slug(name), name)
    return tuple(seen.values())


def site_tags(site: Site) -> dict[str, Tag]:
    """Every tag with its papers, by slug, most papers first (then by name)."""
    names: dict[str, str] = {}
    papers: dict[str, list[str]] = {}
    for paper_id in site.papers:
        for name in tags_of_paper(site, paper_id):
            slug = tag_slug(name)
            names.setdefault(slug, name)
            papers.setdefault(slug, []).append(paper_id)
    order = sorted(papers, key=lambda slug: (-len(papers[slug]), names[slug].casefold(), slug))
    return {slug: Tag(slug, names[slug], tuple(papers[slug])) for slug in order}
