"""The cyclic garbage collector is paused while a site is read and rendered, and only then."""

import gc

import pytest

from generator.collector import collection_paused


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
    with pytest.raises(ValueError), collection_paused():
        raise ValueError("bad content")
    assert gc.isenabled()


def test_a_collector_paused_by_the_caller_stays_paused(collector_enabled):
    gc.disable()
    with collection_paused():
        pass
    assert not gc.isenabled()


@pytest.mark.parametrize("paused", [True, False])
def test_the_plugin_reads_and_renders_with_the_collector_paused_unless_told_not_to(collector_enabled, paused):
    from generator.mkdocs_plugin.plugin import DigestPlugin

    plugin = DigestPlugin()
    plugin.load_config({"speedups": {"pause_collector": paused}})
    with plugin.collector_paused():
        assert gc.isenabled() is not paused
    assert gc.isenabled()
