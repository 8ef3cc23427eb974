"""One paper as the pages show it: its title, summary and facts line in every listing, and the
parts of its own page made from the paper alone. Each is made once, when first asked for: a
paper is listed on its topics', digests', tags' and reading list's pages."""

from __future__ import annotations

import html
import re
from functools import cached_property
from urllib.parse import quote, quote_plus

from generator.ids import arxiv_key, text_fingerprint
from generator.model import Digest, Paper, Site
from generator.render.abstract import (
    code_repository,
    first_sentence,
    has_markup,
    plain_text,
    render_abstract,
    render_pieces,
    split_pieces,
)
from generator.render.bibtex import bibtex_entry
from generator.render.escape import SafeMarkdown, literal, markdown_link
from generator.render.generated import Settings
from generator.text import collapse_spaces
from generator.urls import safe_url

AUTHORS_SHOWN = 12


class PaperView:
    """A paper with what the pages show of it, each part made on first use."""

    def __init__(self, paper: Paper, site: Site, settings: Settings, digests: dict[str, Digest]) -> None:
        self.paper, self.site, self.settings, self.digests = paper, site, settings, digests

    @cached_property
    def title(self) -> SafeMarkdown:
        """The title as markdown: its math as MathML, its TeX read (see abstract.py)."""
        return render_pieces(split_pieces(self.paper.title))

    @cached_property
    def first_sentence(self) -> str:
        """Its listings' summary and its page's description both show it."""
        return first_sentence(self.paper.abstract)

    @cached_property
    def summary(self) -> SafeMarkdown:
        """One line for listings: the note's `tldr` (trusted) or the abstract's first sentence."""
        note = self.site.notes.get(self.paper.id)
        if note and note.tldr:
            return SafeMarkdown(collapse_spaces(note.tldr))
        return render_pieces(split_pieces(self.first_sentence))

    @cached_property
    def listed_day(self) -> str | None:
        """The day of the first digest (with a known date) that listed the paper."""
        listed = [self.digests[a.digest_id] for a in reversed(self.paper.appearances)]
        return next((digest.iso_day for digest in listed if digest.iso_day), None)

    @cached_property
    def published_day(self) -> str | None:
        """YYYY-MM-DD (or YYYY) the paper was published, if known: what "newest" orders by."""
        details = self.paper.details
        return details.published or (str(details.year) if details.year else None)

    @cached_property
    def day(self) -> str | None:
        """The day the paper was published, else the day of the first digest that listed it
        with a known date: what listings show."""
        return self.published_day or self.listed_day

    @cached_property
    def facts(self) -> SafeMarkdown:
        """The line under the title in listings: first authors, date, upvotes, code, rating;
        and the keys the listing's sort control orders by, in a hidden span."""
        return self.facts_line(show_listed=True)

    def facts_on_digest(self, digest_day: str | None) -> SafeMarkdown:
        """:attr:`facts` for the page of the digest of ``digest_day``: a paper known only by the
        day it was listed does not say "listed" that same day under each title there."""
        if digest_day and self.day == digest_day and not (self.paper.details.published or self.paper.details.year):
            return self.facts_unlisted
        return self.facts

    @cached_property
    def facts_unlisted(self) -> SafeMarkdown:
        return self.facts_line(show_listed=False)

    def facts_line(self, show_listed: bool) -> SafeMarkdown:
        paper = self.paper
        details, note = paper.details, self.site.notes.get(paper.id)
        day = self.day
        published = bool(details.published or details.year)
        facts = []
        if details.authors:
            facts.append(literal(short_authors(details.authors)))
        if day and (published or show_listed):
            facts.append(SafeMarkdown(day if published else f"listed {day}"))
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
        # Only digits, dashes and a number: safe in attributes, and what the sort control reads
        # ("newest" by publication date: an undated paper's key is empty, and sorts last).
        keys = (
            f'<span class="sort-keys" hidden data-date="{self.published_day or ""}" '
            f'data-upvotes="{details.upvotes or 0}"></span>'
        )
        return SafeMarkdown(" · ".join(facts) + keys)

    @cached_property
    def bibtex(self) -> str:
        """Its page and the BibTeX file of each of its topics hold it."""
        return bibtex_entry(self.paper, self.settings.site_url, self.listed_day)

    @cached_property
    def own_parts(self) -> dict:
        """What the paper's page shows from the paper alone (most of the cost of its page)."""
        paper = self.paper
        note_path = f"notes/{paper.id}.md"
        code = paper.details.code_url or code_repository(paper.abstract)
        fingerprint = text_fingerprint(paper.abstract)
        lookups = lookup_links(paper)
        plain = plain_text(paper.title)
        marked_up = has_markup(paper.title)
        return dict(
            note_path=note_path,
            title=self.title,
            # Set only where the heading shows more than the title's text: the browser's title
            # bar and the navigation then show the plain reading of its math and TeX. Material prints the
            # title into the navigation and the header unescaped, so it is HTML-escaped here.
            plain_title=html.escape(plain) if plain != paper.title or marked_up else None,
            search_title=plain if marked_up else None,
            # What an arXiv-id query is matched to (overrides/assets/javascripts/pagefind-worker.js).
            arxiv_filter=arxiv_key(paper.details.arxiv_id) if paper.details.arxiv_id else None,
            abstract=render_abstract(paper.abstract),
            code_url=SafeMarkdown(safe_url(code)) if code else None,
            project_url=url_or_none(paper.details.project_url),
            paper_url=url_or_none(paper.details.url),
            authors=authors_line(paper.details.authors),
            # Material prints `description` into <meta> unescaped, so it is HTML-escaped here.
            description=html.escape(self.first_sentence),
            lookups=lookups,
            lookup_markdown=[external_link(name, url) for name, url in lookups],
            cite=fenced("bibtex", self.bibtex),
            edit_url=self.settings.edit_url(note_path),
            create_url=self.settings.create_url(note_path, note_stub(paper, fingerprint)),
            fingerprint=fingerprint,
            citation=citation(paper, plain),
        )


def citation(paper: Paper, plain_title: str) -> dict:
    """What Zotero's connector and Google Scholar read a page as a paper by: the Highwire
    ``citation_*`` tags, written by overrides/main.html from the page's front matter (each value
    a YAML scalar there, HTML-escaped in the tag)."""
    details = paper.details
    fields: dict = {"title": plain_title}
    if details.authors:
        fields["authors"] = list(details.authors)
    if details.published or details.year:
        fields["date"] = (details.published or str(details.year)).replace("-", "/")
    if details.arxiv_id:
        fields["arxiv_id"] = details.arxiv_id
        fields["pdf_url"] = f"https://arxiv.org/pdf/{details.arxiv_id}"
        fields["abstract_url"] = f"https://arxiv.org/abs/{details.arxiv_id}"
    if details.doi:
        fields["doi"] = details.doi
    return fields


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
