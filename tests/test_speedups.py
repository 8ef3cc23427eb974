"""Every speed-up switched off gives the same site, page for page: each is only faster."""

from pathlib import Path

from conftest import make_project, mkdocs_build

ALL_OFF = """  - paper-digest:
      speedups:
        reuse_markdown: false
        navigation_once: false
        pause_collector: false
        early_worker: false
        own_pagefind_client: false
"""


def html_pages(site: Path) -> dict[Path, bytes]:
    return {path.relative_to(site): path.read_bytes() for path in sorted(site.rglob("*.html"))}


def test_the_site_is_the_same_with_every_speedup_off(reference_build, tmp_path):
    project = make_project(tmp_path)
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "  - paper-digest\n" in text
    config.write_text(text.replace("  - paper-digest\n", ALL_OFF), encoding="utf-8")
    slow = mkdocs_build(project)
    assert slow.returncode == 0, slow.output
    fast_pages, slow_pages = html_pages(reference_build.site), html_pages(slow.site)
    assert len(fast_pages) >= 80 and fast_pages.keys() == slow_pages.keys()
    for path, data in fast_pages.items():
        assert slow_pages[path] == data, path
    assert slow.search_index() == reference_build.search_index()
