"""Pages that list papers: a topic, a tag, a digest, a reading list, All papers and Unsorted,
each over as many pages as it takes (:class:`Pager`); and a topic's BibTeX file."""

from __future__ import annotations

from dataclasses import dataclass

from generator import site_paths
from generator.model import Digest, Paper, Topic
from generator.render.bibtex import bibtex_file
from generator.render.context import PageMaker
from generator.render.escape import SafeMarkdown
from generator.render.generated import GeneratedPage
from generator.render.tags import Tag

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


@dataclass(frozen=True)
class Order:
    """One order of a listing of several pages: its key, its name, its first page, its papers."""

    key: str
    label: str
    path: str
    papers: list[Paper]


class Listings:
    """One method per kind of listing."""

    def __init__(self, maker: PageMaker) -> None:
        self.maker = maker
        self.site = maker.site

    def listing(
        self, template: str, path: str, edit_path: str | None, papers: list[Paper], **context
    ) -> list[GeneratedPage]:
        """A list of papers over as many pages as it takes, LISTING_PAGE_SIZE papers each:
        `topics/x.md`, then `topics/x/2.md`, ... A page of thousands of papers would be slow to
        read and to build (Python-Markdown is super-linear on one long list). A list of several
        pages is also written in each other order that changes it (`topics/x/newest.md`, ...):
        ordering it in the browser would order only the page shown."""
        if len(papers) <= LISTING_PAGE_SIZE:
            return self.pages(template, path, edit_path, papers, order=None, orders=(), **context)
        orders = [Order("listed", "as listed", path, papers)] + [
            Order(key, label, f"{path.removesuffix('.md')}/{key}.md", ordered)
            for key, label, ordered in self.other_orders(papers)
        ]
        return [
            page
            for order in orders
            for page in self.pages(template, order.path, edit_path, order.papers, order=order, orders=orders, **context)
        ]

    def pages(self, template: str, path: str, edit_path: str | None, papers: list[Paper], **context):
        chunks = [papers[start : start + LISTING_PAGE_SIZE] for start in range(0, len(papers), LISTING_PAGE_SIZE)]
        paths = [path] + [f"{path.removesuffix('.md')}/{number}.md" for number in range(2, len(chunks) + 1)]
        return [
            self.maker.render(
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

    def other_orders(self, papers: list[Paper]) -> list[tuple[str, str, list[Paper]]]:
        """The orders besides the listing's own that change it: newest (by publication date,
        undated last) and most upvoted; each stable, so ties keep the listing's order. Not by
        title: in hundreds of papers a reader finds a title by search, and each order is a copy
        of every page of the listing to build."""
        dates = {paper.id: self.maker.view(paper).published_day or "" for paper in papers}
        upvotes = {paper.id: paper.details.upvotes or 0 for paper in papers}
        found = []
        if len(set(dates.values())) > 1:
            found.append(("newest", "newest", sorted(papers, key=lambda paper: dates[paper.id], reverse=True)))
        if len(set(upvotes.values())) > 1:
            found.append(("upvotes", "most upvoted", sorted(papers, key=lambda paper: -upvotes[paper.id])))
        return found

    def tag(self, tag: Tag) -> list[GeneratedPage]:
        papers = [self.site.papers[i] for i in tag.paper_ids]
        return self.listing("tag.md.j2", site_paths.tag_path(tag.slug), None, papers, tag=tag)

    def all_papers(self) -> list[GeneratedPage]:
        return self.listing("all.md.j2", site_paths.ALL_PAPERS, None, list(self.site.papers.values()))

    def unsorted(self) -> list[GeneratedPage]:
        papers = [self.site.papers[i] for i in self.site.unsorted_paper_ids()]
        return self.listing("unsorted.md.j2", site_paths.UNSORTED, self.maker.topics_file(), papers)

    def topic(self, topic: Topic) -> list[GeneratedPage]:
        papers = [self.site.papers[i] for i in self.site.papers_of[topic.id]]
        introduction = self.site.topic_notes.get(topic.id)
        edit_path = introduction.path if introduction else self.maker.topics_file()
        return self.listing(
            "topic.md.j2",
            site_paths.topic_path(topic.id),
            edit_path,
            papers,
            topic=topic,
            description=self.maker.description(topic),
            introduction=introduction,
        )

    def bibtex(self, path: str, paper_ids: tuple[str, ...]) -> GeneratedPage:
        """A listing's papers as one BibTeX file (a topic's, a tag's, a reading list's)."""
        papers = [self.site.papers[i] for i in paper_ids]
        return GeneratedPage(path, bibtex_file(papers, lambda paper: self.maker.view(paper).bibtex))

    def topic_bibtex(self, topic: Topic) -> GeneratedPage:
        return self.bibtex(site_paths.topic_bibtex_path(topic.id), self.site.papers_of[topic.id])

    def tag_bibtex(self, tag: Tag) -> GeneratedPage:
        return self.bibtex(site_paths.tag_bibtex_path(tag.slug), tuple(tag.paper_ids))

    def reading_bibtex(self, status: str) -> GeneratedPage:
        return self.bibtex(site_paths.reading_bibtex_path(status), self.site.paper_ids_with_status(status))

    def digest(self, digest: Digest) -> list[GeneratedPage]:
        papers = [self.site.papers[i] for i in digest.paper_ids]

        def facts(paper: Paper) -> SafeMarkdown:
            return self.maker.view(paper).facts_on_digest(digest.iso_day)

        return self.listing(
            "digest.md.j2",
            site_paths.digest_path(digest.id),
            None,
            papers,
            digest=digest,
            paper_facts=facts,
            facts_kind=f"digest {digest.iso_day}",
        )

    def reading_list(self, status: str) -> list[GeneratedPage]:
        papers = [self.site.papers[i] for i in self.site.paper_ids_with_status(status)]
        return self.listing("reading.md.j2", site_paths.reading_path(status), None, papers, status=status)
