"""What every page needs (:class:`PageMaker`): the site, the settings, the template
environment, each paper's :class:`PaperView`, and the context every template may read."""

from __future__ import annotations

import posixpath

import jinja2

from generator import site_paths
from generator.model import Paper, Site, Topic
from generator.render.environment import front_matter, relative_link
from generator.render.escape import SafeMarkdown, literal
from generator.render.generated import GeneratedPage, Settings
from generator.render.paper_view import PaperView
from generator.render.tags import site_tags
from generator.text import collapse_spaces

SOURCE_NAMES = {
    "listing": "listing text",
    "hf-api": "Hugging Face API",
    "jsonl": "JSON Lines",
    "bibtex": "BibTeX",
    "csl-json": "CSL JSON",
}
STATUS_LABELS = {"to-read": "To read", "reading": "Reading", "read": "Read"}
STATUS_ICONS = {
    "to-read": ":material-bookmark-outline:",
    "reading": ":material-book-open-page-variant-outline:",
    "read": ":material-check-circle-outline:",
}


class PageMaker:
    """Renders a template into a page at a path, with what every template may use."""

    def __init__(self, site: Site, settings: Settings, environment: jinja2.Environment) -> None:
        self.site = site
        self.settings = settings
        self.environment = environment
        self.topics = {topic.id: topic for topic in site.topics}
        self.digests = {digest.id: digest for digest in site.digests}
        self.tags = site_tags(site)
        self.views: dict[str, PaperView] = {}
        self.list_items: dict[tuple[str, int, str], SafeMarkdown] = {}

    def view(self, paper: Paper) -> PaperView:
        """The paper as the pages show it, made once per render."""
        view = self.views.get(paper.id)
        if view is None:
            view = self.views[paper.id] = PaperView(paper, self.site, self.settings, self.digests)
        return view

    def render(self, template: str, path: str, edit_path: str | None = None, **context) -> GeneratedPage:
        text = self.environment.get_template(template).render(self.context(path, **context))
        return GeneratedPage(path, text, edit_path)

    def context(self, path: str, **context) -> dict:
        """What every template may use, for a page at ``path``, with the page's own ``context``."""
        folder = posixpath.dirname(path)

        def link(target: str) -> SafeMarkdown:
            return SafeMarkdown(relative_link(target, folder))

        shared = dict(
            site=self.site,
            settings=self.settings,
            link=link,
            summary=lambda paper: self.view(paper).summary,
            paper_title=lambda paper: self.view(paper).title,
            paper_facts=lambda paper: self.view(paper).facts,
            status_of=self.site.status_of,
            status_labels=STATUS_LABELS,
            status_icon=lambda status: SafeMarkdown(STATUS_ICONS[status]),
            source_names=SOURCE_NAMES,
            paths=site_paths,
            front_matter=front_matter,
        )
        merged = shared | context  # a page may replace one (a digest's page its facts line)
        facts, facts_kind = merged["paper_facts"], merged.get("facts_kind", "facts")
        merged["list_items"] = lambda papers: SafeMarkdown(
            "".join([self.list_item(paper, folder, facts, facts_kind) for paper in papers])
        )
        return merged

    def list_item(self, paper: Paper, folder: str, facts, facts_kind: str) -> SafeMarkdown:
        """A paper's entry in a listing: its reading status, its title linking to its page, its
        facts line and its summary. Made once for each depth of folder (its link) and kind of
        facts line, and reused on every listing page alike: a listing of several pages is
        written in up to three orders, so a paper is listed on many pages (benchmarks/README.md,
        Listing orders)."""
        depth = folder.count("/") + 1 if folder else 0
        key = (paper.id, depth, facts_kind)
        item = self.list_items.get(key)
        if item is None:
            view = self.view(paper)
            status = self.site.status_of(paper.id)
            marker = f'{STATUS_ICONS[status]}{{ title="{literal(STATUS_LABELS[status])}" }} ' if status else ""
            link = relative_link(site_paths.paper_path(paper.id), folder)
            item = self.list_items[key] = SafeMarkdown(
                f"- {marker}[{view.title}]({link})<br>\n"
                f'  <small class="paper-facts">{facts(paper)}</small><br>\n'
                f"  {view.summary}\n"
            )
        return item

    def topics_file(self) -> str | None:
        """What a topic page's edit button opens: topics.yml, or nothing while there is none."""
        return None if self.site.topics_suggested else site_paths.TOPICS_FILE

    def description(self, topic: Topic) -> SafeMarkdown:
        """A topic's description: the researcher's markdown, or, for a suggested topic, text
        made of the digests' own (untrusted) words, shown literally."""
        return literal(topic.description) if self.site.topics_suggested else SafeMarkdown(topic.description)

    def description_summary(self, topic: Topic) -> SafeMarkdown:
        """The first line of a topic's description, fit for a table cell."""
        first_paragraph = self.description(topic).split("\n\n", 1)[0]
        return SafeMarkdown(collapse_spaces(first_paragraph).replace("|", "\\|"))
