"""Outputs beyond pages: an Atom feed, papers.json for other tools and the arXiv-id maps
(BibTeX: :mod:`generator.render.bibtex`)."""

from __future__ import annotations

import json
from xml.sax.saxutils import escape as xml_escape

from generator import site_paths
from generator.ids import arxiv_key
from generator.model import Site
from generator.render.abstract import plain_text

FEED_ENTRIES = 100
"""The newest papers in the feed; readers only look at what is new."""


def page_url(site_url: str, paper_id: str) -> str:
    return f"{site_url}papers/{paper_id}/"


def atom_feed(
    site: Site,
    site_url: str,
    site_name: str,
    title: str | None = None,
    path: str = site_paths.FEED,
    paper_ids: tuple[str, ...] | None = None,
    page: str = "",
) -> str:
    """Atom 1.0 (RFC 4287) of the newest papers, newest digest first: the whole site's, or those
    of ``paper_ids`` (a topic's, a reading list's, whose ``page`` is the feed's alternate). The feed's author is the site; an entry
    names its own authors when the source does. Every text is XML-escaped."""
    entries = newest_entries(site, paper_ids)
    updated = max((day for _, day in entries), default="1970-01-01")
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<feed xmlns="http://www.w3.org/2005/Atom">',
        f"  <title>{xml_escape(title or site_name)}</title>",
        f"  <id>{xml_escape(site_url + path if site_url else 'urn:paper-digest:' + path)}</id>",
        f'  <link rel="alternate" href="{xml_escape(site_url + page)}"/>',
        f'  <link rel="self" href="{xml_escape(site_url + path)}"/>',
        f"  <updated>{updated}T00:00:00Z</updated>",
        f"  <author><name>{xml_escape(site_name)}</name></author>",
    ]
    for paper_id, day in entries:
        paper = site.papers[paper_id]
        authors = "".join(f"<author><name>{xml_escape(name)}</name></author>" for name in paper.details.authors[:20])
        lines += [
            "  <entry>",
            f"    <title>{xml_escape(plain_text(paper.title))}</title>",
            f"    <id>{xml_escape(page_url(site_url, paper_id)) if site_url else 'urn:paper-digest:' + paper_id}</id>",
            f'    <link rel="alternate" href="{xml_escape(page_url(site_url, paper_id))}"/>',
            f"    <updated>{day}T00:00:00Z</updated>",
            *([f"    {authors}"] if authors else []),  # else the feed's author stands (RFC 4287, 4.1.1)
            f"    <summary>{xml_escape(paper.abstract)}</summary>",
            "  </entry>",
        ]
    lines.append("</feed>")
    return "\n".join(lines) + "\n"


def newest_entries(site: Site, paper_ids: tuple[str, ...] | None) -> list[tuple[str, str]]:
    """(paper id, day of the newest digest listing it) of the FEED_ENTRIES newest papers."""
    wanted = None if paper_ids is None else set(paper_ids)
    entries: list[tuple[str, str]] = []
    seen: set[str] = set()
    for digest in site.digests:  # newest first
        day = digest.iso_day or "1970-01-01"
        for paper_id in digest.paper_ids:
            if len(entries) == FEED_ENTRIES:
                return entries
            if paper_id in seen or (wanted is not None and paper_id not in wanted):
                continue
            seen.add(paper_id)
            entries.append((paper_id, day))
    return entries


def arxiv_id_maps(site: Site) -> dict[str, str]:
    """Each map of arXiv ids (version dropped, lower case) to paper ids, by its path (see
    site_paths.arxiv_id_prefix), as compact JSON with sorted keys."""
    maps: dict[str, dict[str, str]] = {}
    for paper in site.papers.values():
        if paper.details.arxiv_id:
            arxiv_id = arxiv_key(paper.details.arxiv_id)
            prefix = site_paths.arxiv_id_prefix(arxiv_id)
            maps.setdefault(site_paths.arxiv_ids_path(prefix), {}).setdefault(arxiv_id, paper.id)
    return {
        path: json.dumps(ids, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
        for path, ids in sorted(maps.items())
    }


def papers_json(site: Site, site_url: str) -> str:
    """Every paper with its metadata, topics and address, for other tools (stable key order)."""
    digests = {digest.id: digest for digest in site.digests}
    records = []
    for paper in site.papers.values():
        details = {name: value for name, value in vars(paper.details).items() if value not in (None, ())}
        records.append({
            "id": paper.id,
            "title": paper.title,
            "abstract": paper.abstract,
            "url": page_url(site_url, paper.id),
            "topics": list(site.topics_of[paper.id]),
            "digests": [{"id": a.digest_id, "date": digests[a.digest_id].date} for a in paper.appearances],
            **{name: list(value) if isinstance(value, tuple) else value for name, value in details.items()},
        })  # fmt: skip
    # One paper per line: json.dumps is C code only without `indent`, and indented records of a
    # large site are slow to write; a line per paper still reads and diffs well.
    lines = (json.dumps(record, ensure_ascii=False, sort_keys=True) for record in records)
    return '{"papers": [\n' + ",\n".join(lines) + "\n]}\n"
