"""A paper's page: everything paper.md.j2 reads, its related papers filled in last (they are
computed on the other core meanwhile), and the page reused under `mkdocs serve` while nothing
it reads has changed (see :mod:`generator.render.serve_cache`)."""

from __future__ import annotations

from generator import site_paths
from generator.model import Paper, RelatedPapers
from generator.render.context import PageMaker
from generator.render.environment import link_from_papers
from generator.render.generated import GeneratedPage
from generator.render.paper_view import external_link
from generator.render.serve_cache import SITE_WIDE, CachedPage, page_inputs, template_reads, templates_fingerprint
from generator.render.tags import tag_slug, tags_of_paper

TEMPLATE = "paper.md.j2"
RELATED_BLOCK = "related"
"""The block of paper.md.j2 that lists related papers."""
_LEFT_OUT = object()
"""Stands for the related papers' block in a page rendered without it (see render_all_but_related)."""


def _left_out(context):
    yield _LEFT_OUT


class PaperPages:
    """The paper pages of one render; ``cache`` (a dict kept between renders, as `mkdocs serve`
    keeps it) holds each paper's page with what it was made from."""

    def __init__(self, maker: PageMaker, cache: dict | None) -> None:
        self.maker = maker
        self.site = maker.site
        self.cache = cache
        self.template = maker.environment.get_template(TEMPLATE)
        self.templates_key = templates_fingerprint(maker.settings.templates)
        self.reads = template_reads(maker.environment, TEMPLATE)
        # A template that reads the whole site is made anew at every render: nothing else says
        # which part of the site it depends on.
        self.site_token = object() if self.reads is None or self.reads & SITE_WIDE else None
        self.halves: dict[str, tuple] = {}
        """Pages rendered but for their related papers: text before and after the block, and
        the rendering's context, in which the block is rendered once they are known."""

    def render_all_but_related(self, related: RelatedPapers) -> None:
        """Each paper's page but its related papers, while ``related`` (the job computing them)
        is not done, when paper.md.j2 has them in a block of their own: the page's text before
        and after the block is kept, and only the block is rendered once they are known."""
        if RELATED_BLOCK not in self.template.blocks:  # a template of the user's own: rendered whole later
            for paper in self.site.papers.values():
                self.parts(paper)
            return
        for number, paper in enumerate(self.site.papers.values()):
            if number % 256 == 0 and related.ready():
                return  # the other pages are rendered whole: no block left to fill in later
            rendering = self.template.new_context(self.context(paper))
            rendering.blocks[RELATED_BLOCK] = [_left_out]
            pieces = list(self.template.root_render_func(rendering))
            cut = next(index for index, piece in enumerate(pieces) if piece is _LEFT_OUT)
            self.halves[paper.id] = ("".join(pieces[:cut]), "".join(pieces[cut + 1 :]), rendering)

    def page(self, paper: Paper) -> GeneratedPage:
        """The paper's page; with a cache (`mkdocs serve`), reused when what its template reads
        is unchanged, so that editing one note re-renders one page, not thousands."""
        halves = self.halves.pop(paper.id, None)
        related = self.related_context(paper)
        if self.cache is None:
            context = None if halves else {**self.context(paper), **related}
            return self.rendered(paper, context, related, halves)
        context = {**(halves[2].get_all() if halves else self.context(paper)), **related}
        key = (self.templates_key, self.site_token, *page_inputs(context, self.reads))
        cached = self.cache.get(paper.id)
        if cached is not None and cached.key == key:
            return cached.page
        page = self.rendered(paper, context, related, halves)
        self.cache[paper.id] = CachedPage(key, page, self.parts_inputs(paper), self.parts(paper))
        return page

    def rendered(self, paper: Paper, context: dict | None, related: dict, halves: tuple | None) -> GeneratedPage:
        path = site_paths.paper_path(paper.id)
        if halves is None:
            return GeneratedPage(path, self.template.render(context), context["edit_path"])
        before, after, rendering = halves
        rendering.vars.update(related)  # the rendering that left the block out, now with the block's inputs
        block = self.template.blocks[RELATED_BLOCK](rendering)
        return GeneratedPage(path, before + "".join(block) + after, rendering["edit_path"])

    def related_context(self, paper: Paper) -> dict:
        """What the related block of paper.md.j2 reads: each related paper with its relation and
        the link to its page (made here: a call from the template costs more than the link)."""
        related = [(self.site.papers[r.paper_id], r) for r in self.site.related.of(paper.id)]
        links = [(other, relation, link_from_papers(site_paths.paper_path(other.id))) for other, relation in related]
        return {"related": related, "related_links": links}

    def context(self, paper: Paper) -> dict:
        """Everything paper.md.j2 reads but the related papers."""
        note = self.site.notes.get(paper.id)
        parts = self.parts(paper)
        topics = [self.maker.topics[t] for t in self.site.topics_of[paper.id]]
        # One digest can list a paper twice (two records merged by arXiv id): name it once.
        digests = [self.maker.digests[digest_id] for digest_id in dict.fromkeys(a.digest_id for a in paper.appearances)]
        return self.maker.context(
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

    def parts_inputs(self, paper: Paper) -> tuple:
        return (paper, self.maker.settings)

    def parts(self, paper: Paper) -> dict:
        """The paper's own parts (:attr:`PaperView.own_parts`), reused from the cache while the
        paper and the settings are the same objects or equal (`mkdocs serve` keeps the papers
        between rebuilds)."""
        if self.cache is not None:
            cached = self.cache.get(paper.id)
            if cached is not None and cached.parts_inputs == self.parts_inputs(paper):
                return cached.parts
        return self.maker.view(paper).own_parts
