"""The search index: Pagefind fed page by page during the build gives what its command gives on
the built site, and a Pagefind that fails fails the build with a clear message."""

import os
import shutil
import subprocess
import sys

from conftest import Build, make_project, mkdocs_build

from generator.search_index import index_built_site, page_for_index


def test_the_index_made_during_the_build_is_the_one_pagefind_makes_of_the_built_site(reference_build, tmp_path):
    copy = Build(tmp_path, 0, "")
    shutil.copytree(reference_build.site, copy.site)
    shutil.rmtree(copy.site / "pagefind")
    index_built_site(copy.site, "pagefind")
    during_build = reference_build.search_index()
    assert len(during_build) == 79
    assert sorted(during_build, key=str) == sorted(copy.search_index(), key=str)


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
    copy = Build(tmp_path / "copy", 0, "")
    shutil.copytree(build.site, copy.site)
    shutil.rmtree(copy.site / "pagefind")
    index_built_site(copy.site, "pagefind")
    entries = {entry["location"]: entry for entry in build.search_index()}
    assert entries["about/"]["title"] == "About"
    assert sorted(build.search_index(), key=str) == sorted(copy.search_index(), key=str)


def test_a_failing_pagefind_fails_the_build_with_its_reason(tmp_path):
    project = make_project(tmp_path)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PAGEFIND_BINARY_PATH": "/bin/false"}
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=project,
                            capture_output=True, text=True, env=env, timeout=300)
    assert result.returncode == 1
    assert "Pagefind stopped: exit code 1" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_dirty_build_still_indexes_every_page(tmp_path):
    """`mkdocs build --dirty` converts only changed pages; the index must still hold them all."""
    project = make_project(tmp_path)
    assert mkdocs_build(project).returncode == 0
    note = project / "content" / "notes" / "efficiently-modeling-long-sequences-with-005efae1.md"
    note.write_text("---\nstatus: reading\n---\nA dirty-build marker: zanzibar.\n", encoding="utf-8")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--dirty"], cwd=project,  # not --strict:
                            capture_output=True, text=True, env=env, timeout=300)  # --dirty always warns
    assert result.returncode == 0, result.stderr
    build = Build(project, 0, result.stderr)
    entries = build.search_index()
    assert len(entries) == 79
    assert any("zanzibar" in entry["text"] for entry in entries)
