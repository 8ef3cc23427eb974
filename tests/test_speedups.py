"""Every speed-up switched off gives the same site, page for page: each is only faster."""

from pathlib import Path

from conftest import REFERENCE_DIGEST, make_project, mkdocs_build

ALL_OFF = """  - paper-digest:
      speedups:
        reuse_markdown: false
        navigation_once: false
        pause_collector: false
        early_worker: false
        own_pagefind_client: false
"""
PAGEFIND_CLIENT_ON = "        own_pagefind_client: false\n"


def html_pages(site: Path) -> dict[Path, bytes]:
    return {path.relative_to(site): path.read_bytes() for path in sorted(site.rglob("*.html"))}


def test_the_site_is_the_same_with_every_speedup_off(reference_build, tmp_path):
    """Every one but our Pagefind client, off (the next test): the package's client waits a
    tenth of a second for each page, eight seconds of this site."""
    project = make_project(tmp_path)
    slow = build_with(project, ALL_OFF.replace(PAGEFIND_CLIENT_ON, ""))
    assert slow.returncode == 0, slow.output
    fast_pages, slow_pages = html_pages(reference_build.site), html_pages(slow.site)
    assert len(fast_pages) >= 80 and fast_pages.keys() == slow_pages.keys()
    for path, data in fast_pages.items():
        assert slow_pages[path] == data, path
    assert slow.search_index() == reference_build.search_index()


def test_the_search_index_is_the_same_with_the_pagefind_packages_client(tmp_path):
    (tmp_path / "fast").mkdir()
    (tmp_path / "slow").mkdir()
    paragraphs = REFERENCE_DIGEST.read_text(encoding="utf-8").split("\n\n")
    few = "\n\n".join(paragraphs[: paragraphs.index("Mar 12") + 1 + 2 * 8]) + "\n"  # the first eight papers
    fast = build_with(make_project(tmp_path / "fast", digests={"d.txt": few}), "  - paper-digest\n")
    slow = build_with(
        make_project(tmp_path / "slow", digests={"d.txt": few}),
        "  - paper-digest:\n      speedups:\n" + PAGEFIND_CLIENT_ON,
    )
    assert slow.returncode == 0 and fast.returncode == 0, slow.output + fast.output
    assert len(fast.search_index()) >= 8 and slow.search_index() == fast.search_index()
    assert html_pages(slow.site) == html_pages(fast.site)


def build_with(project: Path, plugin_entry: str):
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "  - paper-digest\n" in text
    config.write_text(text.replace("  - paper-digest\n", plugin_entry), encoding="utf-8")
    return mkdocs_build(project)
