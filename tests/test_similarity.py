"""Related papers by meaning and shared terms, with the terms that explain each."""

import subprocess
import sys

from conftest import make_project
from hypothesis import given
from hypothesis import strategies as st

from generator.analyse.similarity import TOKEN, related_papers, tokens_of
from generator.ids import paper_id
from generator.model import Paper
from generator.render.generated import Settings
from generator.render.site_pages import render_site


def papers(*pairs):
    return {paper_id(title): Paper(paper_id(title), title, abstract, ()) for title, abstract in pairs}


def vectors_of(collection):
    from generator.analyse.vectors import VectorCache, paper_vectors

    return paper_vectors(collection, VectorCache(None))


def related_of(collection, **options):
    return related_papers(collection, vectors_of(collection), **options)


def test_the_most_similar_paper_comes_first_and_shares_its_terms():
    collection = papers(
        ("Structured state space models", "State space models scale to long sequences with linear recurrences."),
        ("Selective state space models", "Mamba makes state space models selective over long sequences."),
        ("Recommending movies", "Collaborative filtering recommends movies to users from ratings."),
        ("Recommending books", "Users rate books and collaborative filtering recommends them."),
    )
    related = related_of(collection, count=2)
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
        words = {word for r in related for term in r.shared_terms for word in term.split()}
        assert not words & {"mathbb", "et", "al"}
        scores = [r.score for r in related]
        assert scores == sorted(scores, reverse=True)


def test_s4_is_related_to_other_state_space_papers(reference_site):
    s4 = paper_id("Efficiently Modeling Long Sequences with Structured State Spaces")
    titles = [reference_site.papers[r.paper_id].title for r in reference_site.related.of(s4)]
    assert "Combining Recurrent, Convolutional, and Continuous-time Models with Linear State-Space Layers" in titles
    assert "Convolutional State Space Models for Long-Range Spatiotemporal Modeling" in titles


def test_result_does_not_depend_on_input_order(reference_site):
    reversed_papers = dict(reversed(list(reference_site.papers.items())))
    assert related_papers(reversed_papers, reference_site.vectors) == reference_site.related.as_dict()


def test_papers_sharing_no_word_are_related_by_meaning_alone_and_say_so():
    collection = papers(
        ("Cats purr when content", "Domestic felines make a low vibrating sound while resting."),
        ("Why kittens vibrate", "House cats produce rumbling noises when they feel at ease."),
        ("Tax law in Peru", "Fiscal statutes and revenue collection across Andean provinces."),
    )
    related = related_of(collection, count=1)
    cats = related[paper_id("Cats purr when content")]
    assert [r.paper_id for r in cats] == [paper_id("Why kittens vibrate")]
    assert cats[0].shared_terms == ()  # the page says "close in meaning"


def test_math_and_tex_commands_are_never_shared_terms():
    collection = papers(
        (
            "Sums over $\\mathbb{F}_p$",
            "We bound character sums $\\sum_{x} \\chi(x)$ over $\\mathbb{F}_p$, \\left( sharp \\right).",
        ),
        (
            "Character sums in finite fields",
            "Bounds for character sums over $\\mathbb{F}_q$ with $\\frac{1}{2}$ savings, Weil et al.",
        ),
        (
            "Exponential sums",
            "We estimate exponential sums over \\(\\mathcal{O}_K\\) and prime fields, following Katz et al.",
        ),
        ("Animating characters", "A character animation system for games driven by motion capture."),
    )
    for related in related_of(collection).values():
        for relation in related:
            words = {word for term in relation.shared_terms for word in term.split()}
            assert not words & {"mathbb", "mathcal", "frac", "left", "right", "sum", "chi", "et", "al"}, relation


def test_related_papers_computed_in_another_process_are_the_same(reference_site):
    from generator.analyse.related import related_papers_in_background

    in_background = related_papers_in_background(reference_site.papers, reference_site.vectors, smallest=0)
    assert in_background.as_dict() == related_papers(reference_site.papers, reference_site.vectors)
    assert in_background.ready()


def test_related_papers_sent_back_in_parts_are_the_same(reference_site, monkeypatch):
    """The worker sends each part of the papers' related papers as soon as it has them, parts
    in the order the site lists its papers."""
    from generator.analyse import related
    from generator.analyse.related import related_papers_in_background

    monkeypatch.setattr(related, "PART_SIZE", 10)
    in_background = related_papers_in_background(reference_site.papers, reference_site.vectors, smallest=0)
    assert len(in_background._futures) == 6  # 57 papers
    assert list(in_background.as_dict()) == list(reference_site.papers)
    assert in_background.as_dict() == related_papers(reference_site.papers, reference_site.vectors)
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
    everything = related_papers(reference_site.papers, reference_site.vectors)
    later = RelatedPapersJob([(future, list(reference_site.papers))], lambda: everything)
    assert later.as_dict() == everything


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


def test_tf_idf_and_stop_words_are_scikit_learns(reference_site):
    """tf_idf and the stop word list stand in for scikit-learn's (not imported by a build):
    the same weights to the bit, the same words."""
    import numpy as np
    from sklearn.feature_extraction import text as scikit_learn

    from generator.analyse.english_stop_words import ENGLISH_STOP_WORDS
    from generator.analyse.similarity import count_terms, paper_text, tf_idf

    texts = [paper_text(paper) for paper in reference_site.papers.values()] + ["", "the of and", "models models"]
    counts, _ = count_terms(texts)
    expected = scikit_learn.TfidfTransformer(sublinear_tf=True).fit_transform(counts.astype(np.float32))
    found = tf_idf(counts)
    assert found.dtype == np.float32 and found.has_canonical_format
    assert np.array_equal(found.toarray(), expected.toarray())
    assert ENGLISH_STOP_WORDS == scikit_learn.ENGLISH_STOP_WORDS


def test_a_build_imports_neither_scikit_learn_nor_scipy_stats(tmp_path):
    """scikit-learn is for suggesting topics; a site with a topics.yml is built without it."""
    project = make_project(tmp_path)
    script = (
        "import sys, runpy\n"
        "sys.argv = ['mkdocs', 'build', '--quiet']\n"
        "try:\n    runpy.run_module('mkdocs', run_name='__main__')\n"
        "except SystemExit as stop:\n    assert not stop.code, stop.code\n"
        "print(sorted({name.split('.')[0] for name in sys.modules} & {'sklearn', 'torch'}), 'scipy.stats' in sys.modules)\n"
    )
    result = subprocess.run([sys.executable, "-c", script], cwd=project, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\n")[-2] == "[] False"


def test_ties_go_to_the_first_paper_ids():
    """Papers equally close (the same vector, the same words) are listed by paper id, whichever
    are asked for and in whatever order."""
    import numpy as np

    from generator.analyse.similarity import Similarity
    from generator.analyse.vectors import PaperVectors

    collection = papers(*((f"Paper {chr(97 + n) * 3}", "anchor words") for n in range(12)))
    ids = sorted(collection)
    same = PaperVectors({paper: row for row, paper in enumerate(ids)}, np.tile(np.float32(1 / np.sqrt(384)), (12, 384)))
    similarity = Similarity(collection, same)
    assert [r.paper_id for r in similarity.related(ids)[ids[-1]]] == ids[:5]
    assert similarity.related([ids[7], ids[0]]) == {
        paper: related for paper, related in similarity.related(ids).items() if paper in (ids[7], ids[0])
    }


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

    from generator.analyse.related import RelatedAnalysis, RelatedPapersJob
    from generator.site import load_site

    started = _early_workers(monkeypatch)
    with RelatedAnalysis() as related:
        site = load_site(REPO / "content", related=related)
        assert len(started) == 1 and isinstance(site.related, RelatedPapersJob)
        assert site.related.as_dict() == reference_site.related.as_dict()
    started.clear()
    plain = load_site(REPO / "content")  # as `check` and `topics` read it: no analysis, no worker
    assert not started and all(plain.related.of(paper) == () for paper in plain.papers)


def test_a_worker_started_early_stops_when_the_content_has_problems(tmp_path, monkeypatch):
    import multiprocessing
    import time

    import pytest
    from conftest import make_project

    from generator.analyse.related import RelatedAnalysis
    from generator.errors import ContentError
    from generator.site import load_site

    before = set(multiprocessing.active_children())
    started = _early_workers(monkeypatch)
    project = make_project(tmp_path, topics="topics: [unclosed\n")
    with pytest.raises(ContentError), RelatedAnalysis() as related:  # the owner closes it
        load_site(project / "content", related=related)
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

    similarity = Similarity(reference_site.papers, reference_site.vectors)
    assert similarity.related(list(reference_site.papers), threads=2) == related_papers(
        reference_site.papers, reference_site.vectors
    )


def test_of_two_papers_equally_close_the_one_in_the_same_neighbourhood_ranks_first():
    """Shared nearest neighbours: paper A's own neighbourhood (the M papers) is B's too, while C
    lives among other papers (the Z papers); B and C are exactly as close to A in meaning and
    share no words with it, so only the neighbourhood tells them apart (C's id sorts first, so
    a tie would list C before B)."""
    import numpy as np

    from generator.analyse.similarity import Similarity
    from generator.analyse.vectors import PaperVectors

    def unit(*parts):
        vector = np.zeros(384, dtype=np.float32)
        for axis, weight in parts:
            vector[axis] += weight
        return vector / np.linalg.norm(vector)

    made = {"a": unit((0, 1)), "c": unit((0, 1), (2, 0.5)), "d": unit((0, 1), (1, 0.5))}  # d is "B"
    made |= {f"m{n:02d}": unit((0, 1), (1, 0.4), (10 + n, 0.05)) for n in range(20)}
    made |= {f"z{n:02d}": unit((0, 1), (2, 0.5), (40 + n, 0.05)) for n in range(20)}
    collection = {name: Paper(name, f"Paper {name}", f"Alone{name}", ()) for name in made}
    ids = sorted(collection)
    similarity = Similarity(
        collection, PaperVectors({p: row for row, p in enumerate(ids)}, np.array([made[p] for p in ids]))
    )
    row = similarity.row_of
    shared = similarity.shared_neighbours(np.array([row["a"], row["a"]]), np.array([row["d"], row["c"]]))
    assert shared.tolist() == [1.0, 0.0]
    ranked = [related.paper_id for related in similarity.related(["a"], count=30)["a"]]
    assert ranked.index("d") < ranked.index("c")


def test_related_papers_are_never_explained_by_words_of_argument(reference_site):
    """ "shares researchers, numerous" told a reader nothing: words abstracts use and titles
    hardly ever do (how a paper argues, not what it is about) explain no related paper."""
    from generator.analyse.abstract_prose import ABSTRACT_PROSE, says_nothing

    related = related_papers(reference_site.papers, reference_site.vectors)
    terms = [term for relations in related.values() for relation in relations for term in relation.shared_terms]
    assert len(terms) > 100
    assert [term for term in terms if says_nothing(term)] == []
    assert says_nothing("model") and says_nothing("simple") and says_nothing("despite")
    assert not says_nothing("state space") and not says_nothing("dark energy")  # a subject, though its words are not
    assert {"despite", "numerous", "researchers", "achieving"} <= ABSTRACT_PROSE
    assert not {"video", "speech", "transformer", "attention", "memory"} & ABSTRACT_PROSE
