"""Related papers by TF-IDF cosine similarity, with the shared terms that explain each."""

from hypothesis import given
from hypothesis import strategies as st

from generator.analyse.similarity import TOKEN, related_papers, tokens_of
from generator.ids import paper_id
from generator.model import Paper
from generator.render.pages import Settings, render_site


def papers(*pairs):
    return {paper_id(title): Paper(paper_id(title), title, abstract, ()) for title, abstract in pairs}


def test_the_most_similar_paper_comes_first_and_shares_its_terms():
    collection = papers(
        ("Structured state space models", "State space models scale to long sequences with linear recurrences."),
        ("Selective state space models", "Mamba makes state space models selective over long sequences."),
        ("Recommending movies", "Collaborative filtering recommends movies to users from ratings."),
        ("Recommending books", "Users rate books and collaborative filtering recommends them."),
    )
    related = related_papers(collection, count=2)
    first = related[paper_id("Structured state space models")][0]
    assert first.paper_id == paper_id("Selective state space models")
    assert "state space" in first.shared_terms
    assert "state" not in first.shared_terms  # the phrase already says it
    assert all(
        r.paper_id != paper_id("Structured state space models")
        for r in related[paper_id("Structured state space models")]
    )


def test_reference_digest_has_five_related_papers_each(reference_site):
    for identifier, related in reference_site.related.as_dict().items():
        assert len(related) == 5, identifier
        assert identifier not in {r.paper_id for r in related}
        assert all(r.shared_terms for r in related)
        scores = [r.score for r in related]
        assert scores == sorted(scores, reverse=True)


def test_s4_is_related_to_other_state_space_papers(reference_site):
    s4 = paper_id("Efficiently Modeling Long Sequences with Structured State Spaces")
    titles = [reference_site.papers[r.paper_id].title for r in reference_site.related.of(s4)]
    assert "Combining Recurrent, Convolutional, and Continuous-time Models with Linear State-Space Layers" in titles
    assert "Convolutional State Space Models for Long-Range Spatiotemporal Modeling" in titles


def test_result_does_not_depend_on_input_order(reference_site):
    reversed_papers = dict(reversed(list(reference_site.papers.items())))
    assert related_papers(reversed_papers) == reference_site.related.as_dict()


def test_papers_sharing_no_word_have_no_related_papers():
    collection = papers(("Alpha", "[[[["), ("Beta", "<<<<"), ("Gamma", "zebra"))
    assert related_papers(collection) == {identifier: () for identifier in collection}


def test_related_papers_computed_in_another_process_are_the_same(reference_site):
    from generator.analyse.related import related_papers_in_background

    in_background = related_papers_in_background(reference_site.papers, smallest=0)
    assert in_background.as_dict() == related_papers(reference_site.papers)
    assert in_background.ready()


def test_related_papers_sent_back_in_parts_are_the_same(reference_site, monkeypatch):
    """The worker sends each part of the papers' related papers as soon as it has them, parts
    in the order the site lists its papers."""
    from generator.analyse import related
    from generator.analyse.related import related_papers_in_background

    monkeypatch.setattr(related, "PART_SIZE", 10)
    in_background = related_papers_in_background(reference_site.papers, smallest=0)
    assert len(in_background._futures) == 6  # 57 papers
    assert list(in_background.as_dict()) == list(reference_site.papers)
    assert in_background.as_dict() == related_papers(reference_site.papers)
    assert in_background.ready()


def test_a_part_is_read_without_waiting_for_the_others():
    from concurrent.futures import Future

    from generator.analyse.related import RelatedPapersJob

    first, second = Future(), Future()
    first.set_result({"a": ("first",)})
    later = RelatedPapersJob([(first, ["a"]), (second, ["b"])], None)
    assert later.of("a") == ("first",)
    assert not later.ready()
    second.set_result({"b": ("second",)})
    assert later.ready() and later.of("b") == ("second",)


def test_the_workers_first_error_is_the_one_raised():
    """Should making the vectors fail in the worker, that error is raised, not the one each
    part then meets for want of them."""
    from concurrent.futures import Future

    import pytest

    from generator.analyse.related import RelatedPapersJob

    prepared, part = Future(), Future()
    prepared.set_exception(MemoryError("vectors"))
    part.set_exception(AttributeError("'NoneType' object has no attribute 'related'"))
    later = RelatedPapersJob([(part, ["a"])], None, prepared)
    with pytest.raises(MemoryError, match="vectors"):
        later.of("a")


def test_a_dead_worker_process_does_not_lose_related_papers(reference_site):
    from concurrent.futures import Future
    from concurrent.futures.process import BrokenProcessPool

    from generator.analyse.related import RelatedPapersJob

    future = Future()
    future.set_exception(BrokenProcessPool("killed"))
    later = RelatedPapersJob([(future, list(reference_site.papers))], lambda: related_papers(reference_site.papers))
    assert later.as_dict() == related_papers(reference_site.papers)


def test_term_counts_are_scikit_learns(reference_site):
    """count_terms stands in for CountVectorizer (for speed): the same terms, the same counts."""
    import numpy as np
    from sklearn.feature_extraction.text import CountVectorizer

    from generator.analyse.similarity import STOP_WORDS, TOKEN, count_terms, paper_text

    texts = [paper_text(paper) for paper in reference_site.papers.values()] + [
        "",
        "a",
        "State-space state-space models; long-range LONG-RANGE",
        "state-space models",
        "Ünïcode wörds 漢字",
        "ünïcode wörds",
        "the of and",
        "x y",
        "models models models of the models",
    ]
    counts, terms = count_terms(texts)
    reference = CountVectorizer(
        stop_words=STOP_WORDS, ngram_range=(1, 2), min_df=2, max_df=0.5, token_pattern=TOKEN.pattern
    )
    expected = reference.fit_transform(texts)
    assert terms == list(reference.get_feature_names_out())
    assert "state-space models" in terms and "wörds" in terms
    assert np.array_equal(counts.toarray(), expected.toarray())


def test_ties_at_the_last_place_go_to_the_first_paper_ids():
    """sparse_dot_topn keeps a few best scores per row and picks among ties its own way; the
    pairs kept must be exactly those of the whole similarity matrix, ties broken by paper id."""
    import numpy as np
    from sklearn.feature_extraction.text import TfidfTransformer

    from generator.analyse.similarity import best_pairs, best_pairs_of_rows, count_terms, paper_text

    # Twelve papers whose only term is "anchor" (all tied), one close to them, a few near-ties,
    # and pairs of unrelated papers so that "anchor" is in fewer than half of them.
    collection = papers(
        *((f"Paper {chr(97 + n) * 3}", "anchor") for n in range(12)),
        ("Anchor anchor", "anchor anchor anchor zebra quagga"),
        ("Zebra quagga", "zebra quagga okapi"),
        ("Okapi", "zebra okapi"),
        *((f"Filler {n}", f"lorem{chr(97 + n // 2)} ipsum{chr(97 + n // 2)}") for n in range(16)),
    )
    ids = sorted(collection)
    counts, _ = count_terms([paper_text(collection[i]) for i in ids])
    vectors = TfidfTransformer(sublinear_tf=True).fit_transform(counts.astype(np.float32)).tocsr()
    transposed = vectors.T.tocsr()
    some_rows = np.array([14, 0, 3, 29, 12])  # a few, in no order: as the worker is asked for them
    for count in (1, 3, 5, 11, 20):
        whole = (vectors @ vectors.T).toarray()
        np.fill_diagonal(whole, -1.0)
        expected = best_pairs(whole, np.arange(len(ids)), count)
        found = best_pairs_of_rows(vectors, transposed, np.arange(len(ids)), count)
        for one, other in zip(expected, found, strict=True):
            assert np.array_equal(one, other), count
        firsts, seconds, scores = best_pairs_of_rows(vectors, transposed, some_rows, count)
        for row in some_rows.tolist():
            of_row = expected[0] == row
            assert np.array_equal(seconds[firsts == row], expected[1][of_row]), (count, row)
            assert np.array_equal(scores[firsts == row], expected[2][of_row]), (count, row)
        assert list(dict.fromkeys(firsts.tolist())) == [row for row in some_rows.tolist() if row in firsts]
    tied = sorted(paper_id(f"Paper {chr(97 + n) * 3}") for n in range(12))
    assert [r.paper_id for r in related_papers(collection)[tied[-1]]] == tied[:5]


def _early_workers(monkeypatch) -> list:
    """Every worker started before the digests are read, whatever their size."""
    from generator.analyse import related

    started = []
    original = related.start_worker

    def recorded():
        started.append(original())
        return started[-1]

    monkeypatch.setattr(related, "EARLY_START_BYTES", 0)
    monkeypatch.setattr(related, "IN_BACKGROUND_FROM", 0)
    monkeypatch.setattr(related, "start_worker", recorded)
    return started


def test_a_worker_started_before_the_digests_are_read_computes_the_same_related_papers(reference_site, monkeypatch):
    from conftest import REPO

    from generator.analyse.related import RelatedPapersJob
    from generator.site import load_site

    started = _early_workers(monkeypatch)
    site = load_site(REPO / "content")
    assert len(started) == 1 and isinstance(site.related, RelatedPapersJob)
    assert site.related.as_dict() == reference_site.related.as_dict()


def test_a_worker_started_early_stops_when_the_content_has_problems(tmp_path, monkeypatch):
    import multiprocessing
    import time

    import pytest
    from conftest import make_project

    from generator.errors import ContentError
    from generator.site import load_site

    before = set(multiprocessing.active_children())
    started = _early_workers(monkeypatch)
    project = make_project(tmp_path, topics="topics: [unclosed\n")
    with pytest.raises(ContentError):
        load_site(project / "content")
    assert len(started) == 1
    with pytest.raises(RuntimeError):  # shut down: it takes no more work
        started[0].submit(print)
    deadline = time.monotonic() + 30
    while set(multiprocessing.active_children()) - before and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not set(multiprocessing.active_children()) - before  # and its process has exited


@given(st.one_of(st.text(alphabet=st.characters(max_codepoint=127)), st.text()))
def test_tokens_of_ascii_text_are_the_words_the_unicode_expression_finds(text):
    assert tokens_of(text.lower()) == TOKEN.findall(text.lower())


def test_the_worker_is_told_to_use_every_core_once_rendering_waits_for_it(reference_site):
    """Until the renderer has only related papers left to fill in, it renders pages on the other
    core; then it says so, and the worker may take every core."""
    import threading
    from concurrent.futures import Future
    from dataclasses import replace

    from generator.analyse.related import RelatedPapersJob

    waiting = threading.Event()
    computing = Future()
    job = RelatedPapersJob([(computing, list(reference_site.papers))], None, caller_waiting=waiting)
    seen = []
    original = job.use_every_core
    job.use_every_core = lambda: seen.append(computing.done()) or original()
    threading.Timer(0.2, computing.set_result, [reference_site.related.as_dict()]).start()
    render_site(replace(reference_site, related=job), Settings())
    assert waiting.is_set() and seen == [False]  # told before the first wait, once


def test_a_job_closed_after_a_failed_build_cancels_what_is_not_done():
    from concurrent.futures import Future

    from generator.analyse.related import RelatedPapersJob

    done, pending = Future(), Future()
    done.set_result({"a": ()})
    job = RelatedPapersJob([(done, ["a"]), (pending, ["b"])], None)
    job.close()
    assert pending.cancelled() and not done.cancelled()


def test_the_worker_takes_every_core_once_this_process_waits(monkeypatch):
    import threading

    from generator.analyse import related

    class Recorded:
        def related(self, paper_ids, threads=1):
            return threads

    waiting = threading.Event()
    monkeypatch.setattr(related, "_similarity", Recorded())
    monkeypatch.setattr(related, "_caller_waiting", waiting)
    monkeypatch.setattr(related, "usable_cores", lambda: 4)
    assert related._related_of(["a"]) == 1
    waiting.set()
    assert related._related_of(["a"]) == 4


def test_related_papers_computed_with_more_threads_are_the_same(reference_site):
    from generator.analyse.similarity import Similarity

    similarity = Similarity(reference_site.papers)
    assert similarity.related(list(reference_site.papers), threads=2) == related_papers(reference_site.papers)
