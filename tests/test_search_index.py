"""The search index: Pagefind fed page by page during the build gives what its command gives on
the built site, and a Pagefind that fails fails the build with a clear message."""

import shutil

from conftest import Build, make_project, mkdocs_build
from generator.search_index import index_built_site, page_for_index


def test_the_index_made_during_the_build_is_the_one_pagefind_makes_of_the_built_site(reference_build, tmp_path):
    during_build = reference_build.search_index()
    assert len(during_build) == 79
    assert sorted(during_build, key=str) == sorted(indexed_by_command(reference_build, tmp_path), key=str)


def indexed_by_command(build: Build, folder) -> list[dict]:
    """What Pagefind's command indexes of a copy of the built site."""
    copy = Build(folder / "copy", 0, "")
    shutil.copytree(build.site, copy.site)
    shutil.rmtree(copy.site / "pagefind")
    index_built_site(copy.site, "pagefind")
    return copy.search_index()


def test_pagefind_reads_the_article_made_from_the_converted_markdown():
    page = page_for_index("<h1>Titel</h1><p>Text</p>", "ignored", "de")
    assert page.startswith('<!doctype html><html lang="de">')
    assert '<article class="md-content__inner md-typeset"><h1>Titel</h1><p>Text</p></article>' in page
    # Material shows the page title as the heading of a page without one.
    assert '<article class="md-content__inner md-typeset"><h1>A &lt;b&gt; page</h1><p>x</p>' in page_for_index(
        "<p>x</p>", "A <b> page", "en"
    )


def test_a_user_page_without_a_heading_is_indexed_as_built(tmp_path):
    project = make_project(tmp_path)
    (project / "content" / "about.md").write_text("Just text about the reading group.\n", encoding="utf-8")
    build = mkdocs_build(project)
    assert build.returncode == 0, build.output
    entries = {entry["location"]: entry for entry in build.search_index()}
    assert entries["about/"]["title"] == "About"
    assert sorted(build.search_index(), key=str) == sorted(indexed_by_command(build, tmp_path), key=str)


def test_a_failing_pagefind_fails_the_build_with_its_reason(tmp_path):
    project = make_project(tmp_path)
    build = mkdocs_build(project, env={"PAGEFIND_BINARY_PATH": "/bin/false"})
    assert build.returncode == 1
    assert "Pagefind stopped: exit code 1" in build.output
    assert "Traceback" not in build.output


def test_a_dirty_build_still_indexes_every_page(tmp_path):
    """`mkdocs build --dirty` converts only changed pages; the index must still hold them all."""
    project = make_project(tmp_path)
    assert mkdocs_build(project).returncode == 0
    note = project / "content" / "notes" / "efficiently-modeling-long-sequences-with-005efae1.md"
    note.write_text("---\nstatus: reading\n---\nA dirty-build marker: zanzibar.\n", encoding="utf-8")
    build = mkdocs_build(project, "--dirty", strict=False)  # --dirty always warns
    assert build.returncode == 0, build.output
    entries = build.search_index()
    assert len(entries) == 79
    assert any("zanzibar" in entry["text"] for entry in entries)
