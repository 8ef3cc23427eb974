"""Long lists of papers (a digest of thousands, a large topic) are split into pages of 100."""

import json
import posixpath
import re

from conftest import article, make_project, mkdocs_build, visible_text

from generator.ids import paper_id
from generator.render.listings import LISTING_PAGE_SIZE


def records(count: int) -> str:
    lines = []
    for number in range(count):
        lines.append(
            json.dumps(
                {
                    "title": f"Selective state space model number {number:03d}",
                    "abstract": f"A state space model for long sequences, variant {number:03d}. It scans in linear time.",
                }
            )
        )
    return "\n".join(lines) + "\n"


def test_a_long_digest_and_a_large_topic_are_split_into_linked_pages(tmp_path):
    count = 2 * LISTING_PAGE_SIZE + 50
    build = mkdocs_build(make_project(tmp_path, {"2026-03-12-many.jsonl": records(count)}))
    assert build.returncode == 0, build.output  # --strict: every previous/next/first/last link resolves

    for first_page, folder in (
        ("digests/2026-03-12-many/index.html", "digests/2026-03-12-many"),
        ("topics/state-space-models/index.html", "topics/state-space-models"),
    ):
        pages = [first_page, f"{folder}/2/index.html", f"{folder}/3/index.html"]
        assert not (build.site / folder / "4").exists()
        listed = []
        for number, page in enumerate(pages, 1):
            text = visible_text(article(build.html(page)))
            assert f"page {number} of 3" in text
            assert f"of {count}" in text and f"{count} papers" in text
            listed += re.findall(r'href="(?:\.\./)+papers/([^/"]+)/"', article(build.html(page)))
        # Every paper exactly once, in the list's order (page 1 holds the first 100, page 3 the last 50).
        unique = list(dict.fromkeys(listed))
        assert len(unique) == count
        assert unique[0] == paper_id("Selective state space model number 000")
        assert unique[-1] == paper_id(f"Selective state space model number {count - 1:03d}")
        # Page 2 links back to page 1 and on to page 3, resolved from where it is served.
        links = dict(
            re.findall(
                r'<a href="([^"]+)">[^<]*(?:<span[^>]*>.*?</span>)?\s*(Previous|Next)', article(build.html(pages[1]))
            )
        )
        resolved = {label: posixpath.normpath(posixpath.join(f"{folder}/2/", href)) for href, label in links.items()}
        assert resolved == {"Previous": folder, "Next": f"{folder}/3"}, links


def test_a_listing_of_several_pages_is_written_in_each_order_that_changes_it(tmp_path):
    """Ordering in the browser would order the page shown; each order of the whole list is
    written instead, linked from every page: newest by publication date (undated last) and most
    upvoted. An order that changes nothing is not offered."""
    count = LISTING_PAGE_SIZE + 30
    lines = []
    for number in range(count):
        record = {"title": f"Paper {count - number:03d} on state space models", "abstract": "A state space model."}
        if number % 10:  # every tenth undated
            record["date"] = f"2024-{1 + number % 12:02d}-{1 + number % 28:02d}"
        lines.append(json.dumps(record))
    build = mkdocs_build(make_project(tmp_path, {"2026-03-12-many.jsonl": "\n".join(lines) + "\n"}))
    assert build.returncode == 0, build.output

    def papers_on(page: str) -> list[str]:
        return re.findall(r'href="(?:\.\./)+papers/([^/"]+)/"', article(build.html(page)))

    newest = papers_on("all/newest/index.html") + papers_on("all/newest/2/index.html")
    assert len(newest) == count
    dated = sorted((json.loads(line)["date"], n) for n, line in enumerate(lines) if "date" in json.loads(line))
    title_of = {n: json.loads(line)["title"] for n, line in enumerate(lines)}
    assert newest[0] == paper_id(title_of[max(dated, key=lambda pair: (pair[0], -pair[1]))[1]])
    undated = {paper_id(title_of[n]) for n in range(0, count, 10)}
    assert set(newest[-len(undated) :]) == undated  # undated last
    assert not (build.site / "all/upvotes").exists()  # no paper has upvotes: nothing to order
    order_line = visible_text(article(build.html("all/newest/2/index.html")))
    assert "Order: as listed · newest" in order_line
    assert "data-ordered-pages" in build.html("all/index.html")  # which the browser's ordering leaves alone
