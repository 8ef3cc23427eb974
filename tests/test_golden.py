"""Golden copies of a few generated pages of the reference site, reviewed and updated on purpose.

To accept a deliberate change: UPDATE_GOLDEN=1 python -m pytest tests/test_golden.py, then review
the diff of tests/golden/ like any other change.
"""

import os

import pytest
from conftest import REPO

from generator.render.generated import Settings
from generator.render.site_pages import render_site

GOLDEN = REPO / "tests" / "golden"
PAGES = [
    "index.md",
    "topics/index.md",
    "topics/state-space-models.md",
    "papers/efficiently-modeling-long-sequences-with-005efae1.md",
    "papers/lmuformer-low-complexity-yet-powerful-spiking-39e09f98.md",
    "papers/just-read-twice-closing-the-recall-gap-for-7275a49e.md",
]


@pytest.fixture(scope="module")
def rendered(reference_site):
    settings = Settings(edit_base="https://github.com/example/paper-digest/edit/main/content/")
    return {page.path: page.text for page in render_site(reference_site, settings)}


@pytest.mark.parametrize("path", PAGES)
def test_generated_page_matches_its_golden_copy(rendered, path):
    golden = GOLDEN / path
    if os.environ.get("UPDATE_GOLDEN"):
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(rendered[path], encoding="utf-8")
    assert rendered[path] == golden.read_text(encoding="utf-8")


class NotReadyYet:
    """Related papers that are still being computed when rendering starts (as on a large site,
    where another process computes them): they are there once asked for."""

    @staticmethod
    def of(site):
        from concurrent.futures import Future
        from dataclasses import replace

        from generator.analyse.related import RelatedPapersJob

        class Later(RelatedPapersJob):
            def ready(self) -> bool:
                return all(result is not None for result in self._results)

        future = Future()
        future.set_result(site.related.as_dict())
        return replace(site, related=Later([(future, list(site.related.as_dict()))], None))


def test_pages_rendered_before_related_papers_are_known_are_the_same(reference_site, rendered):
    """The rest of each paper page is rendered while related papers are computed; only the
    related-papers block is filled in afterwards: every page is byte for byte the same."""
    settings = Settings(edit_base="https://github.com/example/paper-digest/edit/main/content/")
    deferred = {page.path: page.text for page in render_site(NotReadyYet.of(reference_site), settings)}
    assert deferred == rendered


def test_a_paper_template_without_the_related_block_still_gets_its_related_papers(reference_site, tmp_path):
    """A researcher's own paper.md.j2 may have no `related` block: its pages are rendered whole
    once related papers are known."""
    (tmp_path / "paper.md.j2").write_text(
        "# {{ paper.title }}\n\n{% for other, relation in related %}- {{ other.title }}\n{% endfor %}", encoding="utf-8"
    )
    settings = Settings(templates=tmp_path)
    pages = {page.path: page.text for page in render_site(NotReadyYet.of(reference_site), settings)}
    from generator.render.escape import literal

    for paper in reference_site.papers.values():
        listed = "".join(
            f"- {literal(reference_site.papers[r.paper_id].title)}\n" for r in reference_site.related.of(paper.id)
        )
        assert pages[f"papers/{paper.id}.md"] == f"# {literal(paper.title)}\n\n{listed}"


def test_each_papers_own_parts_are_made_once_when_pages_are_cached(reference_site, rendered, monkeypatch):
    """The first render of `mkdocs serve` (a cache, related papers still being computed) makes
    each paper's own parts once, for its page and for the cache, and the same pages."""
    from functools import cached_property

    from generator.render.paper_view import PaperView

    made = []
    original = PaperView.own_parts.func
    counted = cached_property(lambda view: made.append(view.paper.id) or original(view))
    counted.__set_name__(PaperView, "own_parts")
    monkeypatch.setattr(PaperView, "own_parts", counted)
    settings = Settings(edit_base="https://github.com/example/paper-digest/edit/main/content/")
    cached = {page.path: page.text for page in render_site(NotReadyYet.of(reference_site), settings, {})}
    assert sorted(made) == sorted(reference_site.papers) and cached == rendered
