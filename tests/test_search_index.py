"""Pagefind fed page by page during the build: written when the build ends, never when it fails."""

from generator.plugin import PagefindDuringBuild

PAGE = """<html lang="en"><body><nav>Navigation words</nav>
<article class="md-content__inner"><h1 id="t">Wombat burrows<a class="headerlink" href="#t">¶</a></h1>
<p>Cubic droppings mark the burrow.</p></article></body></html>"""


def test_the_index_is_written_when_the_build_finishes(tmp_path):
    indexer = PagefindDuringBuild(tmp_path)
    indexer.add(PAGE, "/papers/wombat/")
    assert not (tmp_path / "pagefind").exists()  # nothing on disk before the end of the build
    indexer.finish()
    assert (tmp_path / "pagefind" / "pagefind-entry.json").is_file()
    assert len(list((tmp_path / "pagefind" / "fragment").iterdir())) == 1
    assert not indexer.thread.is_alive()


def test_a_failed_build_leaves_no_index_and_no_pagefind_running(tmp_path):
    indexer = PagefindDuringBuild(tmp_path)
    indexer.add(PAGE, "/papers/wombat/")
    indexer.abandon()
    assert not (tmp_path / "pagefind").exists()
    assert not indexer.thread.is_alive()
    assert indexer.index._service._backend.returncode is not None  # the Pagefind process has exited
