"""The search index: Pagefind fed page by page during the build gives what its command gives on
the built site, and a Pagefind that fails fails the build with a clear message."""

import json
import os
import re
import shutil
from pathlib import Path

import pytest
from conftest import Build, make_project, mkdocs_build
from hypothesis import given
from hypothesis import strategies as st

from generator.search.page_text import (
    IGNORED_ELEMENT,
    element_end,
    may_hide_tags,
    page_for_index,
    text_for_index,
    without_ignored_elements,
)
from generator.search.pagefind import index_built_site


def test_the_index_made_during_the_build_is_the_one_pagefind_makes_of_the_built_site(reference_build, tmp_path):
    during_build = reference_build.search_index()
    assert len(during_build) == 83
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


@pytest.mark.parametrize(
    ("content", "sent"),
    [
        # Nested elements of the same name end where the ignored one ends.
        ('<p>a</p><div data-pagefind-ignore="all"><div>x</div><p>y</p></div><p>b</p>', "<p>a</p><p>b</p>"),
        ('<div data-pagefind-ignore="all">x<div data-pagefind-ignore="all">y</div>z</div>after', "after"),
        ("<section class=a data-pagefind-ignore='all'><section>in</section></section>out", "out"),
        ("<p>a<img src=x data-pagefind-ignore=all>b</p>", "<p>ab</p>"),
        # Only "all" leaves an element out whole; Pagefind still reads the others.
        ("<div data-pagefind-ignore>kept</div>", "<div data-pagefind-ignore>kept</div>"),
        ('<div data-pagefind-ignore="index">kept</div>', '<div data-pagefind-ignore="index">kept</div>'),
        ('<div data-pagefind-ignore="allx">kept</div>', '<div data-pagefind-ignore="allx">kept</div>'),
        # Where the scan could be wrong (notes may hold raw HTML), Pagefind gets it all.
        ('<div data-pagefind-ignore="all">never closed', '<div data-pagefind-ignore="all">never closed'),
        (
            '<!-- <div> --><div data-pagefind-ignore="all">x</div>',
            '<!-- <div> --><div data-pagefind-ignore="all">x</div>',
        ),
        (
            '<script>"</div>"</script><div data-pagefind-ignore="all">x</div>',
            '<script>"</div>"</script><div data-pagefind-ignore="all">x</div>',
        ),
        (
            '<SCRIPT>"</div>"</SCRIPT><div data-pagefind-ignore="all">x</div>',
            '<SCRIPT>"</div>"</SCRIPT><div data-pagefind-ignore="all">x</div>',
        ),
        (
            '<sTyLe>x</style><div data-pagefind-ignore="all">x</div>',
            '<sTyLe>x</style><div data-pagefind-ignore="all">x</div>',
        ),
        # The attribute's name in text, in a value or in a tag that ends before it is not the attribute.
        ('<p>data-pagefind-ignore="all"</p>', '<p>data-pagefind-ignore="all"</p>'),
        ('<p title="x data-pagefind-ignore=all">kept</p>', '<p title="x data-pagefind-ignore=all">kept</p>'),
        ('<div title="a<b" data-pagefind-ignore="all">x</div>y', "y"),
        # Icons (Material's SVG in a span) have no text: left out; other spans stay.
        (
            '<p><span class="twemoji"><svg viewBox="0 0 24 24"><path d="M1 2"/></svg></span> A. Author</p>',
            "<p> A. Author</p>",
        ),
        ('<span class="twemoji"><svg></svg>text</span>', '<span class="twemoji"><svg></svg>text</span>'),
        ('<span class="twemoji lg">x</span>', '<span class="twemoji lg">x</span>'),
    ],
)
def test_pagefind_is_not_sent_what_it_would_leave_out(content, sent):
    assert text_for_index(content) == sent


def ignored_elements_left_out_by_searching_every_tag(content: str) -> str:
    """The previous way (up to 2026-11): IGNORED_ELEMENT tried at every tag."""
    kept, position = [], 0
    while start := IGNORED_ELEMENT.search(content, position):
        end = element_end(content, start)
        if end is None:
            return content
        kept.append(content[position : start.start()])
        position = end
    kept.append(content[position:])
    return "".join(kept)


_html_pieces = st.lists(
    st.sampled_from(
        [
            "<div",
            "<p",
            "</div>",
            "</p>",
            "<br",
            ">",
            "/>",
            " ",
            "=",
            '"',
            "'",
            "all",
            "x",
            "<",
            "-->",
            "<!--",
            " data-pagefind-ignore",
            ' data-pagefind-ignore="all"',
            " data-pagefind-ignore=all",
            "data-pagefind-ignore",
        ]
    ),
    max_size=25,
)


@given(_html_pieces.map("".join))
def test_ignored_elements_found_from_the_attribute_are_those_found_at_every_tag(content):
    assert without_ignored_elements(content) == ignored_elements_left_out_by_searching_every_tag(content)


_raw_pieces = st.lists(
    st.sampled_from(
        [
            "<",
            "!",
            "--",
            "[cdata[",
            "[CDATA[",
            "s",
            "S",
            "cript",
            "CRIPT",
            "tyle",
            "t",
            "T",
            "itle",
            "extarea",
            "EMPLATE",
            "x",
            "MP",
            "p",
            "laintext",
            "a",
            ">",
        ]
    ),
    max_size=12,
)


@given(_raw_pieces.map("".join))
def test_the_fast_search_for_raw_text_finds_what_searching_without_case_finds(content):
    expected = re.search(r"<(?:!--|!\[cdata\[|script|style|textarea|template|title|xmp|plaintext)", content, re.I)
    assert may_hide_tags(content) == (expected is not None)


def test_a_user_page_without_a_heading_is_indexed_as_built(tmp_path):
    project = make_project(tmp_path)
    (project / "content" / "about.md").write_text(
        'Just text about the reading group.\n\n<div data-pagefind-ignore="all" markdown>\n\n'
        "<div>Nested: quokka.</div>\n\n</div>\n\nAfter the part search leaves out: wombat.\n",
        encoding="utf-8",
    )
    build = mkdocs_build(project)
    assert build.returncode == 0, build.output
    entries = {entry["location"]: entry for entry in build.search_index()}
    assert entries["about/"]["title"] == "About"
    assert "wombat" in entries["about/"]["text"] and "quokka" not in entries["about/"]["text"]
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
    assert len(entries) == 83
    assert any("zanzibar" in entry["text"] for entry in entries)


def split_index_project(tmp_path, pages_per_part: int):
    project = make_project(tmp_path)
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "  - paper-digest\n", f"  - paper-digest:\n      search_part_pages: {pages_per_part}\n"
        ),
        encoding="utf-8",
    )
    return project


def test_a_large_index_is_written_in_parts_that_hold_every_page_once(reference_build, tmp_path):
    """Pagefind's memory while writing grows with the pages of one index: a large site's index
    is split (here 83 pages in parts of at most 30), with the same pages as one index."""
    project = split_index_project(tmp_path, 30)
    build = mkdocs_build(project)
    assert build.returncode == 0, build.output
    index = build.site / "pagefind"
    assert json.loads((index / "parts.json").read_text()) == ["1/", "2/", "3/"]
    sizes = [len(list((index / part / "fragment").glob("*.pf_fragment"))) for part in "123"]
    assert sizes == [28, 28, 27]
    in_parts = build.search_index()
    assert sorted(in_parts, key=str) == sorted(reference_build.search_index(), key=str)
    # A dirty build indexes the built site afterwards: in parts too, replacing the previous ones.
    note = project / "content" / "notes" / "pointer-networks-0f1b28e2.md"
    note.write_text("Notes with a marker: zanzibar.\n", encoding="utf-8")
    dirty = mkdocs_build(project, "--dirty", strict=False)
    assert dirty.returncode == 0, dirty.output
    assert json.loads((index / "parts.json").read_text()) == ["1/", "2/", "3/"]
    after = dirty.search_index()
    assert len(after) == 83 and sum("zanzibar" in entry["text"] for entry in after) == 1


def test_a_part_size_below_one_is_refused(tmp_path):
    build = mkdocs_build(split_index_project(tmp_path, 0))
    assert build.returncode == 1
    assert "search_part_pages must be 1 or more (got 0)" in build.output and "Traceback" not in build.output


def test_pages_beyond_those_expected_go_to_a_part_of_their_own(tmp_path):
    """The last expected page makes Pagefind write its part at once (while MkDocs applies the
    theme); should another plugin add pages after that, they get a new part, none is lost."""
    from generator.search.pagefind import PagefindIndexer

    indexer = PagefindIndexer(tmp_path / "pagefind")
    indexer.expect(3, 2)  # parts of 2 pages: [1, 2] and [3]
    for number in range(1, 6):
        indexer.add(
            f'<html lang="en"><body><article class="md-content__inner">'
            f"<h1>Page {number}</h1><p>word{number}</p></article></body></html>",
            f"/p{number}/",
        )
        if number == 3:
            assert len(indexer.writes) == 2  # both parts written already
    indexer.finish()
    parts = json.loads((tmp_path / "pagefind" / "parts.json").read_text())
    assert parts == ["1/", "2/", "3/"]
    counts = [len(list((tmp_path / "pagefind" / part / "fragment").glob("*.pf_fragment"))) for part in parts]
    assert counts == [2, 1, 2]


@pytest.mark.skipif(
    not hasattr(os, "sched_getaffinity"), reason="Linux: where a process's cores and priority can be read"
)
def test_pagefind_runs_niced_and_leaves_the_build_a_core(tmp_path):
    """Pagefind's threads would otherwise take turns with MkDocs, which the build waits for."""
    from generator.search.pagefind import PagefindIndexer

    indexer = PagefindIndexer(tmp_path / "pagefind")
    try:
        indexer.expect(1)  # Pagefind is up, its threads started
        pid = indexer.process.pid
        assert Path(f"/proc/{pid}/comm").read_text().strip() == "pagefind"
        assert os.getpriority(os.PRIO_PROCESS, pid) == 19
        cores = sorted(os.sched_getaffinity(0))
        if len(cores) > 1 and shutil.which("taskset"):
            threads = [int(thread) for thread in os.listdir(f"/proc/{pid}/task")]
            assert {frozenset(os.sched_getaffinity(thread)) for thread in threads} == {frozenset(cores[1:])}
    finally:
        indexer.stop()


@pytest.mark.parametrize(
    ("script", "said"),
    [
        ("exec 1>&-; sleep 0.5; exit 3", "Pagefind stopped: exit code 3"),  # output closed before it exits
        ("exec 1>&-; exec sleep 60", "Pagefind stopped: exit code -9"),  # output closed, never exits
        ("exec sleep 60", "gave no answer in 1.5 seconds"),  # silent, running
    ],
)
def test_a_pagefind_that_dies_or_falls_silent_never_hangs_the_build(tmp_path, monkeypatch, script, said):
    import time

    from generator.search import pagefind

    stand_in = tmp_path / "pagefind"
    stand_in.write_text(f"#!/bin/sh\n{script}\n")
    stand_in.chmod(0o755)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(stand_in))
    monkeypatch.setattr(pagefind, "ANSWER_WAIT", 1.5)
    monkeypatch.setattr(pagefind, "EXIT_WAIT", 2)
    started = time.monotonic()
    indexer = pagefind.PagefindIndexer(tmp_path / "index")
    with pytest.raises(pagefind.SearchIndexError, match=re.escape(said)):
        indexer.expect(10)
    indexer.stop()
    assert time.monotonic() - started < 20
