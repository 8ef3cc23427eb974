"""The speed-ups that reach into MkDocs and Material, each switched by an option of
:class:`~generator.mkdocs_plugin.config.SpeedupsConfig`. Each says what it relies on; the
pages are the same with it on or off (tests/test_speedups.py builds a site both ways).
The core's own speed-ups are :mod:`generator.collector` and the early start of the
related-papers worker (:meth:`generator.analyse.related.RelatedAnalysis.reading`)."""

from __future__ import annotations

import gc

import markdown
from jinja2 import TemplateNotFound
from mkdocs.structure import pages as mkdocs_pages

from generator import site_paths


class ReusedMarkdown:
    """Stands in for the `markdown` module where MkDocs renders pages: `Markdown(...)` gives one
    instance per build, reset between pages (Python-Markdown's documented way to convert many
    documents), instead of a new one that sets every extension up again for each page.

    Relies on MkDocs 1.6 calling ``markdown.Markdown(extensions=..., extension_configs=...)``
    through the module global of ``mkdocs.structure.pages`` once a page, and on every
    extension resetting its state in ``reset()``. Everything else is the real module."""

    def __init__(self) -> None:
        self.instance: markdown.Markdown | None = None
        self.made_with: tuple = ()

    def Markdown(self, extensions, extension_configs) -> markdown.Markdown:
        if self.instance is None or self.made_with != (extensions, extension_configs):
            self.instance = markdown.Markdown(extensions=extensions, extension_configs=extension_configs)
            self.made_with = (extensions, extension_configs)
        else:
            self.instance.reset()
        return self.instance

    def __getattr__(self, name: str):
        return getattr(markdown, name)


def reuse_markdown() -> None:
    """From now until :func:`restore_markdown`: a new instance for each build, with the
    extensions as configured for it."""
    mkdocs_pages.markdown = ReusedMarkdown()


def restore_markdown() -> None:
    mkdocs_pages.markdown = markdown


def freeze_collected() -> None:
    """The papers, topics and pages made so far live until the build ends: out of the garbage
    collector's sight, its full passes over MkDocs' growing pages stay short. Not while
    serving: each rebuild's model would stay in memory for good."""
    gc.freeze()


NAVIGATION_TEMPLATE = "partials/nav.html"
"""Material's primary navigation, included in every page."""


def navigation_urls(nav) -> tuple[str, ...]:
    """The address of everything the navigation lists (pages, sections' index pages, links)."""
    urls, items = [], list(nav.items)
    while items:
        item = items.pop()
        items.extend(getattr(item, "children", None) or [])
        if getattr(item, "url", None) is not None:
            urls.append(item.url)
    return tuple(urls)


def render_navigation_once_for_papers(env, listed_urls: tuple[str, ...]) -> None:
    """Material renders the whole primary navigation into every page, and on a paper page it is
    always the same: papers are not in it, so nothing in it is marked active, and every paper
    lives in the same folder, so its links are the same relative addresses. It is rendered for
    the first paper and reused for the others, unless the navigation lists the paper or
    something inside the paper's own folder (whose relative address would differ).

    Relies on Jinja's compiled template keeping its body in ``root_render_func`` (Jinja 3,
    pinned in constraints.txt) and on Material including ``partials/nav.html`` with the page
    in its context."""
    try:
        template = env.get_template(NAVIGATION_TEMPLATE)
    except TemplateNotFound:  # a theme other than Material: nothing to reuse
        return
    render = template.root_render_func
    rendered: list[str] = []

    def render_once(context):
        page = context.get("page")
        if page is None or not is_paper_outside_navigation(page.file.src_uri, page.url, listed_urls):
            yield from render(context)
            return
        if not rendered:
            rendered.append("".join(render(context)))
        yield rendered[0]

    template.root_render_func = render_once


def is_paper_outside_navigation(source: str, url: str, listed_urls: tuple[str, ...]) -> bool:
    return (
        source.rpartition("/")[0] == site_paths.PAPERS_FOLDER
        and url.startswith(f"{site_paths.PAPERS_FOLDER}/")
        and not any(listed.startswith(url) for listed in listed_urls)
    )
