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
