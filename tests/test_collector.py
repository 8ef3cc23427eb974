"""The cyclic garbage collector is paused while a site is read and rendered, and only then."""

import gc

import pytest

from generator import site
from generator.collector import collection_paused
from generator.render import pages as render
from generator.render.pages import Settings, render_site
from generator.site import load_site


@pytest.fixture
def collector_enabled():
    was_enabled = gc.isenabled()
    gc.enable()
    yield
    if not was_enabled:
        gc.disable()


def test_the_collector_is_paused_inside_and_resumed_after(collector_enabled):
    with collection_paused():
        assert not gc.isenabled()
        with collection_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # an inner pause ends inside the outer one
    assert gc.isenabled()


def test_the_collector_resumes_after_an_error(collector_enabled):
    with pytest.raises(ValueError):
        with collection_paused():
            raise ValueError("bad content")
    assert gc.isenabled()


def test_a_collector_paused_by_the_caller_stays_paused(collector_enabled):
    gc.disable()
    with collection_paused():
        pass
    assert not gc.isenabled()


def test_reading_and_rendering_run_with_the_collector_paused(collector_enabled, monkeypatch, tmp_path):
    seen = []
    original_merge, original_front_matter = site.merge_papers, render.front_matter

    def merge_papers(*arguments):
        seen.append(("merge", gc.isenabled()))
        return original_merge(*arguments)

    def front_matter(**fields):
        seen.append(("render", gc.isenabled()))
        return original_front_matter(**fields)

    monkeypatch.setattr(site, "merge_papers", merge_papers)
    monkeypatch.setattr(render, "front_matter", front_matter)
    content = tmp_path / "content"
    (content / "digests").mkdir(parents=True)
    (content / "digests" / "2024-05-01.jsonl").write_text(
        '{"title": "Selective state spaces", "abstract": "Mamba is a selective state space model."}\n'
        '{"title": "Structured state spaces", "abstract": "S4 models long sequences with state spaces."}\n'
    )
    pages = render_site(load_site(content), Settings())
    assert pages and ("merge", False) in seen and ("render", False) in seen
    assert all(enabled is False for _, enabled in seen)
    assert gc.isenabled()
