"""The paper pages kept between the rebuilds of `mkdocs serve`: a page is made again only when
something its template reads has changed, so that editing one note re-renders one page."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import jinja2
import jinja2.meta

from generator.render.generated import GeneratedPage


@dataclass(frozen=True)
class CachedPage:
    """A paper's page and what it was made from, kept between the rebuilds of `mkdocs serve`."""

    key: tuple
    """Every value its template reads (see :func:`page_inputs`)."""
    page: GeneratedPage
    parts_inputs: tuple
    parts: dict
    """The parts made from the paper alone (:attr:`PaperView.own_parts`), and what they were made from."""


SITE_WIDE = frozenset({"site", "summary", "status_of"})
"""Context entries that read the whole site: a template that uses one is keyed by the site."""


def template_reads(environment: jinja2.Environment, name: str) -> frozenset[str] | None:
    """The names a template reads from its context, or None (all of them) when it includes or
    extends other templates, whose reads jinja2.meta does not follow."""
    source, _, _ = environment.loader.get_source(environment, name)
    tree = environment.parse(source)
    if any(True for _ in jinja2.meta.find_referenced_templates(tree)):
        return None
    return frozenset(jinja2.meta.find_undeclared_variables(tree))


def page_inputs(context: dict, reads: frozenset[str] | None) -> tuple:
    """What a page is made from: the context entries its template reads, but the site-wide ones
    (the caller keys by the site instead) and functions of the page's own path or of constants
    (links, escapes), whose results the other entries decide. Values compare by identity first,
    so unchanged model objects cost little to compare."""
    names = sorted(context if reads is None else reads & context.keys())
    return tuple((name, context[name]) for name in names if name not in SITE_WIDE and not callable(context[name]))


def templates_fingerprint(folder: Path | None) -> tuple:
    if folder is None or not folder.is_dir():
        return ()
    return tuple(sorted((path.name, path.stat().st_mtime_ns) for path in folder.rglob("*") if path.is_file()))
