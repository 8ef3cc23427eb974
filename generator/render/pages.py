"""Render the :class:`Site` into markdown pages with Jinja2 templates.

Every ``{{ value }}`` in a template is escaped for markdown unless it is :class:`SafeMarkdown`
(the way Jinja's autoescape treats ``Markup`` in HTML), so forgetting a filter can only make a
page show too literally, never inject.
"""

from __future__ import annotations

import functools
import html
import json
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, quote_plus

import jinja2
import jinja2.meta
import yaml

from generator import site_paths
from generator.ids import text_fingerprint
from generator.model import Digest, Paper, Site, Topic
from generator.render.abstract import (
    code_repository,
    first_sentence,
    has_markup,
    plain_text,
    render_abstract,
    render_pieces,
    split_pieces,
)
from generator.render.escape import SafeMarkdown, literal, markdown_link
from generator.render.exports import atom_feed, bibtex_entry, bibtex_file, papers_json
from generator.render.tags import Tag, site_tags, tag_slug, tags_of_paper
from generator.text import collapse_spaces
from generator.urls import safe_url

NEWEST_ON_HOME = 10
ARXIV_VERSION = re.compile(r"v\d+$")


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


def note_stub(paper: Paper, fingerprint: str | None = None) -> str:
    """A new note: the keys a researcher may set, and the abstract it is written against
    (``fingerprint``: its text_fingerprint, when already known)."""
    return f"""---
status: to-read
# rating: 1 to 5
# tldr: one line that replaces the summary in listings
# tags: [idea, baseline]
# topics: {{add: [some-topic-id], remove: []}}
seen_abstract: {fingerprint or text_fingerprint(paper.abstract)}  # the page warns when the abstract changes
---

"""


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


def render_site(site: Site, settings: Settings, cache: dict | None = None) -> list[GeneratedPage]:
    """Every generated page. ``cache`` (a dict kept between calls, as `mkdocs serve` does) holds
    the paper pages with what they were made from: a page whose inputs are unchanged is reused."""
    environment = make_environment(settings.templates)
    renderer = _Renderer(site, settings, environment, cache)
    pages = [renderer.home(), renderer.topic_overview(), *renderer.unsorted(), *renderer.all_papers()]
    pages += [page for status in STATUS_LABELS for page in renderer.reading_list(status)]
    pages += [page for topic in site.topics for page in renderer.topic(topic)]
    pages += [renderer.topic_bibtex(topic) for topic in site.topics]
    pages += [renderer.digests_index()] + [page for digest in site.digests for page in renderer.digest(digest)]
    pages += [renderer.tags_index()] + [page for tag in renderer.tags.values() for page in renderer.tag(tag)]
    # The exports and, while related papers are computed on the other core, the rest of each
    # paper's page: made before the first wait for them.
    exports = [
        GeneratedPage(site_paths.FEED, atom_feed(site, settings.site_url, settings.site_name)),
        *(
            GeneratedPage(
                site_paths.topic_feed_path(topic.id),
                atom_feed(
                    site,
                    settings.site_url,
                    settings.site_name,
                    f"{settings.site_name}: {plain_text(topic.title)}",
                    site_paths.topic_feed_path(topic.id),
                    site.papers_of[topic.id],
                ),
            )
            for topic in site.topics
        ),
        *(
            GeneratedPage(
                site_paths.reading_feed_path(status),
                atom_feed(
                    site,
                    settings.site_url,
                    settings.site_name,
                    f"{settings.site_name}: {label}",
                    site_paths.reading_feed_path(status),
                    site.paper_ids_with_status(status),
                ),
            )
            for status, label in STATUS_LABELS.items()
        ),
        GeneratedPage(site_paths.PAPERS_JSON, papers_json(site, settings.site_url)),
    ]
    if not site.related.ready():
        renderer.render_all_but_related()
        site.related.use_every_core()  # what is left here is to fill in their related papers
    pages += [renderer.cached_paper(paper) for paper in site.papers.values()]
    if cache is not None:
        for gone in cache.keys() - site.papers.keys():  # papers no digest lists any more
            del cache[gone]
    return pages + exports


def make_environment(templates: Path | None = None) -> jinja2.Environment:
    loaders: list[jinja2.BaseLoader] = [jinja2.PackageLoader("generator.render", "templates")]
    if templates:
        loaders.insert(0, jinja2.FileSystemLoader(templates))
    environment = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=False,  # HTML escaping is the wrong escaping for markdown: see `escape_markdown`
        finalize=escape_markdown,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,  # a new environment for each build: no file to check before each page
    )
    environment.filters["trusted"] = SafeMarkdown
    return environment


def escape_markdown(value: object) -> str:
    if isinstance(value, SafeMarkdown):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return literal(str(value))


class _Renderer:
    """Holds what every page needs; one method per kind of page."""

    def __init__(self, site: Site, settings: Settings, environment: jinja2.Environment, cache: dict | None) -> None:
        self.site = site
        self.settings = settings
        self.environment = environment
        self.cache = cache
        self.templates_key = templates_fingerprint(settings.templates)
        self.paper_reads = template_reads(environment, "paper.md.j2")
        # A template that reads the whole site is made anew at every render: nothing else says
        # which part of the site it depends on.
        self.site_token = object() if self.paper_reads is None or self.paper_reads & SITE_WIDE else None
        self.topics = {topic.id: topic for topic in site.topics}
        self.digests = {digest.id: digest for digest in site.digests}
        self.tags = site_tags(site)
        self.summaries: dict[str, SafeMarkdown] = {}
        self.first_sentences: dict[str, str] = {}
        self.titles: dict[str, SafeMarkdown] = {}
        self.facts: dict[str, SafeMarkdown] = {}
        self.bibtex_entries: dict[str, str] = {}
        self.fresh_parts: dict[str, dict] = {}
        """With a cache: each paper's own parts made in this render, made once."""
        self.paper_parts: dict[str, dict] = {}
        """Parts of paper pages made while related papers were still being computed."""
        self.paper_halves: dict[str, tuple[str, str, jinja2.runtime.Context]] = {}
        """Paper pages rendered but for their related papers: text before and after, and the
        rendering's context, in which the block is rendered later."""

    def render(self, template: str, path: str, edit_path: str | None = None, **context) -> GeneratedPage:
        text = self.environment.get_template(template).render(self.context(path, **context))
        return GeneratedPage(path, text, edit_path)

    def context(self, path: str, **context) -> dict:
        """What every template may use, for a page at ``path``, with the page's own ``context``."""
        folder = posixpath.dirname(path)

        def link(target: str) -> SafeMarkdown:
            return SafeMarkdown(relative_link(target, folder))

        return dict(
            site=self.site,
            settings=self.settings,
            link=link,
            summary=self.summary,
            paper_title=self.paper_title,
            paper_facts=self.paper_facts,
            status_of=self.site.status_of,
            status_labels=STATUS_LABELS,
            status_icon=lambda status: SafeMarkdown(STATUS_ICONS[status]),
            source_names=SOURCE_NAMES,
            paths=site_paths,
            front_matter=front_matter,
            **context,
        )

    def paper_facts(self, paper: Paper) -> SafeMarkdown:
        """The line under a paper's title in listings: first authors, date, upvotes, code,
        rating; and the keys the listing's sort control orders by, in a hidden span."""
        if paper.id not in self.facts:
            self.facts[paper.id] = self.make_facts(paper)
        return self.facts[paper.id]

    def make_facts(self, paper: Paper) -> SafeMarkdown:
        details, note = paper.details, self.site.notes.get(paper.id)
        day = self.paper_day(paper)
        facts = []
        if details.authors:
            facts.append(literal(short_authors(details.authors)))
        if day:
            facts.append(SafeMarkdown(day if details.published or details.year else f"listed {day}"))
        if details.upvotes is not None:
            facts.append(SafeMarkdown(f":material-thumb-up-outline: {details.upvotes:,}"))
        code = details.code_url or code_repository(paper.abstract)
        if code and safe_url(code):
            facts.append(SafeMarkdown(f"[:material-source-repository: Code]({safe_url(code)})"))
        if note and note.rating:
            facts.append(
                SafeMarkdown(
                    f'<span title="rated {note.rating} of 5">{"★" * note.rating}{"☆" * (5 - note.rating)}</span>'
                )
            )
        # Only digits, dashes and a number: safe in attributes, and what the sort control reads.
        keys = f'<span class="sort-keys" hidden data-date="{day or ""}" data-upvotes="{details.upvotes or 0}"></span>'
        return SafeMarkdown(" · ".join(facts) + keys)

    def listed_day(self, paper: Paper) -> str | None:
        """The day of the first digest (with a known date) that listed the paper."""
        listed = [self.digests[a.digest_id] for a in reversed(paper.appearances)]
        return next((digest.iso_day for digest in listed if digest.iso_day), None)

    def paper_day(self, paper: Paper) -> str | None:
        """YYYY-MM-DD (or YYYY) a paper was published, else the day of the first digest that
        listed it with a known date: what listings show and sort by."""
        if paper.details.published:
            return paper.details.published
        if paper.details.year:
            return str(paper.details.year)
        return self.listed_day(paper)

    def summary(self, paper: Paper) -> SafeMarkdown:
        """One line for listings: the note's `tldr` (trusted) or the abstract's first sentence.
        Made once per paper: a paper is listed on its topics', digests' and reading list's pages."""
        if paper.id not in self.summaries:
            note = self.site.notes.get(paper.id)
            if note and note.tldr:
                self.summaries[paper.id] = SafeMarkdown(collapse_spaces(note.tldr))
            else:
                self.summaries[paper.id] = render_pieces(split_pieces(self.first_sentence(paper)))
        return self.summaries[paper.id]

    def paper_title(self, paper: Paper) -> SafeMarkdown:
        """A paper's title as markdown: its math as MathML, its TeX read (see abstract.py).
        Made once per paper: every listing of the paper shows it."""
        if paper.id not in self.titles:
            self.titles[paper.id] = render_pieces(split_pieces(paper.title))
        return self.titles[paper.id]

    def first_sentence(self, paper: Paper) -> str:
        """Made once per paper: its listings' summary and its page's description both show it."""
        if paper.id not in self.first_sentences:
            self.first_sentences[paper.id] = first_sentence(paper.abstract)
        return self.first_sentences[paper.id]

    def bibtex(self, paper: Paper) -> str:
        """Made once per paper: its page and the BibTeX file of each of its topics hold it."""
        if paper.id not in self.bibtex_entries:
            self.bibtex_entries[paper.id] = bibtex_entry(paper, self.settings.site_url, self.listed_day(paper))
        return self.bibtex_entries[paper.id]

    def home(self) -> GeneratedPage:
        newest = self.site.digests[0] if self.site.digests else None
        newest_papers = [self.site.papers[i] for i in newest.paper_ids[:NEWEST_ON_HOME]] if newest else []
        return self.render(
            "home.md.j2",
            site_paths.HOME,
            newest=newest,
            newest_day=SafeMarkdown(newest.iso_day)
            if newest and newest.iso_day
            else None,  # digits: fit for an attribute
            newest_papers=newest_papers,
            description_summary=self.description_summary,
        )

    def topic_overview(self) -> GeneratedPage:
        return self.render(
            "topics.md.j2",
            site_paths.TOPICS_INDEX,
            self.topics_file(),
            description_summary=self.description_summary,
        )

    def tags_index(self) -> GeneratedPage:
        return self.render("tags.md.j2", site_paths.TAGS_INDEX, tags=list(self.tags.values()))

    def tag(self, tag: Tag) -> list[GeneratedPage]:
        papers = [self.site.papers[i] for i in tag.paper_ids]
        return self.listing("tag.md.j2", site_paths.tag_path(tag.slug), None, papers, tag=tag)

    def all_papers(self) -> list[GeneratedPage]:
        return self.listing("all.md.j2", site_paths.ALL_PAPERS, None, list(self.site.papers.values()))

    def unsorted(self) -> list[GeneratedPage]:
        papers = [self.site.papers[i] for i in self.site.unsorted_paper_ids()]
        return self.listing("unsorted.md.j2", site_paths.UNSORTED, self.topics_file(), papers)

    def topic(self, topic: Topic) -> list[GeneratedPage]:
        papers = [self.site.papers[i] for i in self.site.papers_of[topic.id]]
        introduction = self.site.topic_notes.get(topic.id)
        edit_path = introduction.path if introduction else self.topics_file()
        return self.listing(
            "topic.md.j2",
            site_paths.topic_path(topic.id),
            edit_path,
            papers,
            topic=topic,
            description=self.description(topic),
            introduction=introduction,
        )

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

    def listing(
        self, template: str, path: str, edit_path: str | None, papers: list[Paper], **context
    ) -> list[GeneratedPage]:
        """A list of papers over as many pages as it takes, LISTING_PAGE_SIZE papers each:
        `topics/x.md`, then `topics/x/2.md`, ... A page of thousands of papers would be slow to
        read and to build (Python-Markdown is super-linear on one long list)."""
        chunks = [papers[start : start + LISTING_PAGE_SIZE] for start in range(0, len(papers), LISTING_PAGE_SIZE)]
        paths = [path] + [f"{path.removesuffix('.md')}/{number}.md" for number in range(2, len(chunks) + 1)]
        return [
            self.render(
                template,
                paths[index],
                edit_path,
                papers=chunk,
                total=len(papers),
                pager=Pager(index + 1, paths),
                **context,
            )
            for index, chunk in enumerate(chunks or [[]])
        ]

    def topic_bibtex(self, topic: Topic) -> GeneratedPage:
        papers = [self.site.papers[i] for i in self.site.papers_of[topic.id]]
        return GeneratedPage(site_paths.topic_bibtex_path(topic.id), bibtex_file(papers, self.bibtex))

    def digests_index(self) -> GeneratedPage:
        return self.render("digests.md.j2", site_paths.DIGESTS_INDEX)

    def digest(self, digest: Digest) -> list[GeneratedPage]:
        papers = [self.site.papers[i] for i in digest.paper_ids]
        return self.listing("digest.md.j2", site_paths.digest_path(digest.id), None, papers, digest=digest)

    def reading_list(self, status: str) -> list[GeneratedPage]:
        papers = [self.site.papers[i] for i in self.site.paper_ids_with_status(status)]
        return self.listing("reading.md.j2", site_paths.reading_path(status), None, papers, status=status)

    def cached_paper(self, paper: Paper) -> GeneratedPage:
        """The paper's page; with a cache (`mkdocs serve`), reused when what its template reads
        is unchanged, so that editing one note re-renders one page, not thousands."""
        halves = self.paper_halves.pop(paper.id, None)
        related = self.related_context(paper)
        if self.cache is None:
            context = None if halves else {**self.paper_context(paper), **related}
            return self.paper(paper, context, related, halves)
        context = {**(halves[2].get_all() if halves else self.paper_context(paper)), **related}
        key = (self.templates_key, self.site_token, *page_inputs(context, self.paper_reads))
        cached = self.cache.get(paper.id)
        if cached is not None and cached.key == key:
            return cached.page
        page = self.paper(paper, context, related, halves)
        self.cache[paper.id] = CachedPage(key, page, *self.parts_with_inputs(paper))
        return page

    def paper(self, paper: Paper, context: dict | None, related: dict, halves: tuple | None) -> GeneratedPage:
        template = self.environment.get_template("paper.md.j2")
        path = site_paths.paper_path(paper.id)
        if halves is None:
            return GeneratedPage(path, template.render(context), context["edit_path"])
        before, after, rendering = halves
        rendering.vars.update(related)  # the rendering that left the block out, now with the block's inputs
        block = template.blocks[RELATED_BLOCK](rendering)
        return GeneratedPage(path, before + "".join(block) + after, rendering["edit_path"])

    def parts_with_inputs(self, paper: Paper) -> tuple:
        return (paper, self.settings), self.own_parts_of(paper)

    def related_context(self, paper: Paper) -> dict:
        """What the related block of paper.md.j2 reads: each related paper with its relation and
        the link to its page (made here: a call from the template costs more than the link)."""
        related = [(self.site.papers[r.paper_id], r) for r in self.site.related.of(paper.id)]
        links = [(other, relation, link_from_papers(site_paths.paper_path(other.id))) for other, relation in related]
        return {"related": related, "related_links": links}

    def paper_context(self, paper: Paper) -> dict:
        """Everything paper.md.j2 reads but the related papers."""
        note = self.site.notes.get(paper.id)
        parts = self.paper_parts.pop(paper.id, None) or self.own_parts_of(paper)
        topics = [self.topics[t] for t in self.site.topics_of[paper.id]]
        # One digest can list a paper twice (two records merged by arXiv id): name it once.
        digests = [self.digests[digest_id] for digest_id in dict.fromkeys(a.digest_id for a in paper.appearances)]
        return self.context(
            site_paths.paper_path(paper.id),
            edit_path=parts["note_path"] if note else None,
            paper=paper,
            note=note,
            topics=topics,
            topic_links=[(topic, link_from_papers(site_paths.topic_path(topic.id))) for topic in topics],
            digests=digests,
            digest_links=[(digest, link_from_papers(site_paths.digest_path(digest.id))) for digest in digests],
            tag_links=[
                (name, link_from_papers(site_paths.tag_path(tag_slug(name))))
                for name in tags_of_paper(self.site, paper.id)
            ],
            external=external_link,
            **parts,
        )

    def render_all_but_related(self) -> None:
        """Each paper's page but its related papers (which are computed on the other core
        meanwhile), when paper.md.j2 has them in a block of their own: the page's text before
        and after the block is kept, and only the block is rendered once they are known."""
        template = self.environment.get_template("paper.md.j2")
        if RELATED_BLOCK not in template.blocks:  # a template of the user's own: rendered whole later
            self.paper_parts = {paper.id: self.own_parts_of(paper) for paper in self.site.papers.values()}
            return
        for number, paper in enumerate(self.site.papers.values()):
            if number % 256 == 0 and self.site.related.ready():
                return  # the other pages are rendered whole: no block left to fill in later
            context = self.paper_context(paper)
            rendering = template.new_context(context)
            rendering.blocks[RELATED_BLOCK] = [_left_out]
            pieces = list(template.root_render_func(rendering))
            cut = next(index for index, piece in enumerate(pieces) if piece is _LEFT_OUT)
            self.paper_halves[paper.id] = ("".join(pieces[:cut]), "".join(pieces[cut + 1 :]), rendering)

    def own_parts_of(self, paper: Paper) -> dict:
        """:meth:`own_parts`, reused from the cache while the paper and the settings are the same
        objects or equal (`mkdocs serve` keeps the papers between rebuilds)."""
        if self.cache is None:
            return self.own_parts(paper)
        cached = self.cache.get(paper.id)
        if cached is not None and cached.parts_inputs == (paper, self.settings):
            return cached.parts
        if paper.id not in self.fresh_parts:  # asked for again when the page is cached
            self.fresh_parts[paper.id] = self.own_parts(paper)
        return self.fresh_parts[paper.id]

    def own_parts(self, paper: Paper) -> dict:
        """What a paper's page shows from the paper alone (most of the cost of its page)."""
        note_path = f"notes/{paper.id}.md"
        code = paper.details.code_url or code_repository(paper.abstract)
        fingerprint = text_fingerprint(paper.abstract)
        lookups = lookup_links(paper)
        plain = plain_text(paper.title)
        marked_up = has_markup(paper.title)
        return dict(
            note_path=note_path,
            title=self.paper_title(paper),
            # Set only where the heading shows more than the title's text: the browser's title
            # bar and the navigation then show the plain reading of its math and TeX. Material prints the
            # title into the navigation and the header unescaped, so it is HTML-escaped here.
            plain_title=html.escape(plain) if plain != paper.title or marked_up else None,
            search_title=plain if marked_up else None,
            # What an arXiv-id query is matched to (overrides/assets/javascripts/pagefind-worker.js).
            arxiv_filter=ARXIV_VERSION.sub("", paper.details.arxiv_id).lower() if paper.details.arxiv_id else None,
            abstract=render_abstract(paper.abstract),
            code_url=SafeMarkdown(safe_url(code)) if code else None,
            project_url=url_or_none(paper.details.project_url),
            paper_url=url_or_none(paper.details.url),
            authors=authors_line(paper.details.authors),
            # Material prints `description` into <meta> unescaped, so it is HTML-escaped here.
            description=html.escape(self.first_sentence(paper)),
            lookups=lookups,
            lookup_markdown=[external_link(name, url) for name, url in lookups],
            cite=fenced("bibtex", self.bibtex(paper)),
            edit_url=self.settings.edit_url(note_path),
            create_url=self.settings.create_url(note_path, note_stub(paper, fingerprint)),
            fingerprint=fingerprint,
        )


@dataclass(frozen=True)
class CachedPage:
    """A paper's page and what it was made from, kept between the rebuilds of `mkdocs serve`."""

    key: tuple
    """Every value its template reads (see :func:`page_inputs`)."""
    page: GeneratedPage
    parts_inputs: tuple
    parts: dict
    """The parts made from the paper alone (:meth:`_Renderer.own_parts`), and what they were made from."""


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


RELATED_BLOCK = "related"
"""The block of paper.md.j2 that lists related papers."""
_LEFT_OUT = object()
"""Stands for the related papers' block in a page rendered without it (see render_all_but_related)."""


def _left_out(context):
    yield _LEFT_OUT


LISTING_PAGE_SIZE = 100


@dataclass(frozen=True)
class Pager:
    """Where one page of a long list stands among its pages."""

    number: int
    paths: list[str]

    @property
    def first_index(self) -> int:
        """Position of the page's first paper in the whole list (0-based)."""
        return (self.number - 1) * LISTING_PAGE_SIZE

    @property
    def count(self) -> int:
        return len(self.paths)

    @property
    def previous(self) -> str | None:
        return self.paths[self.number - 2] if self.number > 1 else None

    @property
    def next(self) -> str | None:
        return self.paths[self.number] if self.number < self.count else None


def templates_fingerprint(folder: Path | None) -> tuple:
    if folder is None or not folder.is_dir():
        return ()
    return tuple(sorted((path.name, path.stat().st_mtime_ns) for path in folder.rglob("*") if path.is_file()))


def link_from_papers(target: str) -> SafeMarkdown:
    """``target`` as a paper page links it (what its template's ``link`` gives)."""
    return SafeMarkdown(relative_link(target, site_paths.PAPERS_FOLDER))


def relative_link(target: str, folder: str) -> str:
    """``target`` (a path in the site) as seen from a page in ``folder``. posixpath.relpath
    gives the same for the generated pages' shallow paths, at many times the cost."""
    if not folder:
        return target
    if target.startswith(folder + "/"):
        return target[len(folder) + 1 :]
    return "../" * (folder.count("/") + 1) + target


def front_matter(**fields: object) -> SafeMarkdown:
    """A front-matter block that no text can add a key to: each value is one YAML scalar."""
    if not fields:
        return SafeMarkdown("")
    lines = "".join(f"{key}: {yaml_value(value)}\n" for key, value in sorted(fields.items()))
    return SafeMarkdown(f"---\n{lines}---\n")


# Characters a YAML stream may hold as they are (the YAML 1.1 printable set).
_YAML_PRINTABLE = re.compile("[\\t\\n\\r\\x20-\\x7e\\x85\\xa0-\\ud7ff\\ue000-\\ufffd\\U00010000-\\U0010ffff]*")
# Line breaks to YAML, which a double-quoted scalar would fold, but not to JSON.
_YAML_LINE_BREAKS = {0x85: "\\u0085", 0x2028: "\\u2028", 0x2029: "\\u2029"}


def yaml_value(value: object) -> str:
    """A value as one flow-style YAML scalar or sequence. A JSON string is a YAML double-quoted
    scalar, and json.dumps is far cheaper than yaml.safe_dump, which is kept for what JSON
    would write raw and a YAML stream may not hold (lone surrogates, U+FFFE)."""
    if isinstance(value, str) and _YAML_PRINTABLE.fullmatch(value):
        return json.dumps(value, ensure_ascii=False).translate(_YAML_LINE_BREAKS)
    return (
        yaml.safe_dump(value, default_flow_style=True, allow_unicode=True, width=10_000)
        .removesuffix("\n...\n")
        .rstrip("\n")
    )


def lookup_links(paper: Paper) -> list[tuple[str, SafeMarkdown]]:
    """Direct links when the arXiv id is known; otherwise title searches on the sites researchers
    use. Safe by construction: arXiv ids are checked when read, titles are percent-encoded."""
    arxiv_id = paper.details.arxiv_id
    query = quote_plus(paper.title)  # once: quoting is character by character, so '"' + title + '"' is %22...%22
    scholar = ("Google Scholar", f"https://scholar.google.com/scholar?q=%22{query}%22")
    if arxiv_id:
        links = [
            ("arXiv", f"https://arxiv.org/abs/{arxiv_id}"),
            ("PDF", f"https://arxiv.org/pdf/{arxiv_id}"),
            ("Hugging Face", f"https://huggingface.co/papers/{arxiv_id}"),
            ("Semantic Scholar", f"https://www.semanticscholar.org/arxiv/{arxiv_id}"),
            scholar,
        ]
    else:
        links = [
            ("arXiv", f"https://arxiv.org/search/?query={query}&searchtype=title"),
            ("Hugging Face", f"https://huggingface.co/papers?q={query}"),
            ("Semantic Scholar", f"https://www.semanticscholar.org/search?q={query}"),
            scholar,
        ]
    if paper.details.doi:  # checked when read (10.NNNN/...), and percent-encoded: no ")" ends the link
        links.insert(0, ("DOI", f"https://doi.org/{quote(paper.details.doi, safe='/')}"))
    return [(name, SafeMarkdown(url)) for name, url in links]


AUTHORS_SHOWN = 12


def short_authors(authors: tuple[str, ...]) -> str:
    """ "A. Gu, K. Goel et al.": the first two authors, given names as initials."""
    shown = [initialled(name) for name in authors[:2]]
    return ", ".join(shown) + (" et al." if len(authors) > 2 else "")


def initialled(name: str) -> str:
    """ "Albert Gu" as "A. Gu", "Jean-Paul Sartre" as "J.-P. Sartre"; a one-word name as it is."""
    *given, family = name.split()
    if not given:
        return name
    initials = " ".join("-".join(part[:1] + "." for part in word.split("-") if part) for word in given)
    return f"{initials} {family}"


def authors_line(authors: tuple[str, ...]) -> str:
    shown = ", ".join(authors[:AUTHORS_SHOWN])
    return shown + (f" and {len(authors) - AUTHORS_SHOWN} more" if len(authors) > AUTHORS_SHOWN else "")


def url_or_none(url: str | None) -> SafeMarkdown | None:
    target = safe_url(url) if url else None
    return SafeMarkdown(target) if target else None


def fenced(language: str, text: str) -> SafeMarkdown:
    """A fenced code block that no run of backticks in ``text`` can close early."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return SafeMarkdown(f"{fence}{language}\n{text.rstrip()}\n{fence}")


def external_link(label: str, url: str) -> SafeMarkdown:
    """A link to ``url``, or the bare label when it is not http(s). A SafeMarkdown url is
    already fit for a link target (see `lookup_links`) and is not checked again."""
    if isinstance(url, SafeMarkdown):
        return SafeMarkdown(f"[{literal(label)}]({url})")
    return markdown_link(literal(label), url)
