"""The site's navigation: what the MkDocs plugin gives MkDocs, and what `render OUT --config`
writes for another engine."""

from __future__ import annotations

from generator import site_paths
from generator.render.context import STATUS_LABELS


def site_navigation(site, own_pages: list[str]) -> list:
    """Home, topics, reading lists, digests and the user's own pages. Papers are reached from
    topics and search, never listed in the nav (a nav with every paper makes every page carry
    it, and the build quadratic)."""
    topic_pages = [
        site_paths.TOPICS_INDEX,
        *(site_paths.topic_path(topic.id) for topic in site.topics),
        site_paths.UNSORTED,
    ]
    # The reading list appears with the first note that gives a paper a status: before, its
    # pages would be three empty lists.
    has_status = any(site.paper_ids_with_status(status) for status in STATUS_LABELS)
    reading = [{"Reading list": [site_paths.reading_path(status) for status in STATUS_LABELS]}] if has_status else []
    return [
        {"Home": site_paths.HOME},
        {"All papers": site_paths.ALL_PAPERS},  # one entry: its later pages are reached from the first
        {"Topics": topic_pages},
        *reading,
        {"Digests": site_paths.DIGESTS_INDEX},  # one entry: the digests grow every week
        {"Tags": site_paths.TAGS_INDEX},
        *sorted(own_pages),
    ]
