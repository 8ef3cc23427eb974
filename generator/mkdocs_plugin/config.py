"""The plugin's options, as written under `paper-digest` in mkdocs.yml."""

from __future__ import annotations

from mkdocs.config import config_options as options
from mkdocs.config.base import Config

from generator.search.pagefind import PAGES_PER_PART


class SpeedupsConfig(Config):
    """Each speed-up can be switched off; the pages are the same either way (the tests build a
    site both ways and compare every page). See docs/architecture.md for what each relies on."""

    reuse_markdown = options.Type(bool, default=True)
    """One Python-Markdown instance for all pages of a build, reset between pages."""
    navigation_once = options.Type(bool, default=True)
    """Material's primary navigation rendered once for all paper pages."""
    pause_collector = options.Type(bool, default=True)
    """Python's cyclic garbage collector paused while the content is read and rendered, and
    what was made so far frozen out of its sight for the rest of the build."""
    early_worker = options.Type(bool, default=True)
    """The related-papers process started before large digests are read."""
    own_pagefind_client = options.Type(bool, default=True)
    """Pagefind fed each page as MkDocs converts it, through this project's client of Pagefind's
    service protocol, in parts. Off: the built site is indexed after the build, in one part,
    through the `pagefind` package's own client."""


class DigestPluginConfig(Config):
    content_dir = options.Optional(options.Dir(exists=True))
    """The content folder (digests, topics.yml, notes); defaults to `docs_dir`."""
    templates_dir = options.Optional(options.Dir(exists=True))
    """Templates that replace the shipped ones of the same name (see generator/render/templates/)."""
    search_engine = options.Choice(("pagefind", "lunr"), default="pagefind")
    """`pagefind`: a split index that a browser loads in small pieces, so search stays fast on a
    site of thousands of papers; Material's search box talks to it through a worker. `lunr`:
    Material's own index, loaded whole (used anyway for offline builds, where pages are opened
    from disk and Pagefind cannot fetch its index)."""
    search_part_pages = options.Type(int, default=PAGES_PER_PART)
    """Pages in one part of Pagefind's index. Pagefind's memory while writing grows with it;
    each part costs a reader a few more requests."""
    cache_dir = options.Type(str, default=".cache/plugin/paper-digest")
    """Where each paper's vector by meaning is kept between builds (and the last suggested
    topics, so their ids stay put), relative to mkdocs.yml; the workflows keep it between runs."""
    writer_notes = options.Type(bool, default=False)
    """Show the writer's instructions (note files, commands) on the built site too; they are
    always shown while `mkdocs serve` previews it."""
    speedups = options.SubConfig(SpeedupsConfig)
