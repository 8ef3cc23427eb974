"""What rendering makes (:class:`GeneratedPage`) and how (:class:`Settings`): the leaf every
other rendering module, the MkDocs plugin and the folder writer share."""

from __future__ import annotations

import functools
import posixpath
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote


@dataclass(frozen=True)
class GeneratedPage:
    path: str
    """Where the page sits among the site's pages, e.g. ``papers/<id>.md``."""
    text: str
    edit_path: str | None = None
    """The content file a reader edits to change this page, relative to the content folder."""


@dataclass(frozen=True)
class Settings:
    site_name: str = "Paper digest"
    edit_base: str | None = None
    """URL that a content path is appended to for editing, e.g. ``https://github.com/u/r/edit/main/content/``."""
    content_folder: str = "content"
    """The content folder as the user sees it from the project folder, for instructions on pages."""
    templates: Path | None = None
    """A folder of templates that replace the shipped ones of the same name."""
    site_url: str = ""
    """The site's address ending in `/`, for the feed and papers.json; empty means relative addresses."""
    writer_notes: bool = False
    """Show instructions for whoever writes the content (file paths, commands to create notes):
    while previewing with `mkdocs serve`, not on the published site."""

    def edit_url(self, path: str) -> str | None:
        return self.edit_base + path if self.edit_base else None

    def create_url(self, path: str, text: str) -> str | None:
        """A page that creates the file with ``text`` in it, where the host has one (GitHub's ``/new/``)."""
        if not self.edit_base or "/edit/" not in self.edit_base:
            return None
        folder, name = posixpath.split(path)
        base = self.edit_base.replace("/edit/", "/new/", 1)
        # Line by line: a stub's lines are the same for every paper but one, so each is quoted once.
        value = "".join(map(quote_line, text.splitlines(keepends=True)))
        return f"{base}{folder}?filename={quote(name)}&value={value}"


quote_line = functools.lru_cache(maxsize=256)(quote)
"""Percent-encoding is character by character: the lines' encodings joined encode the text."""
