"""Curation by meaning: placement of papers no phrase places, what explain and report say of
it, the cache of paper vectors, and search that finds a paper by its own words."""

import re

import numpy as np
import pytest

from generator.analyse.explain import explain_paper, report_lines
from generator.analyse.topics import MeaningPlacer
from generator.analyse.vectors import MAGIC, PaperVectors, VectorCache
from generator.model import ByMeaning, Topic
from generator.render.generated import Settings
from generator.render.site_pages import render_site
from generator.site import load_site

TOPICS = """\
topics:
  - id: astronomy
    title: Galaxy
    description: Galaxies and telescopes.
    match: [galaxy, telescope]
  - id: baking
    title: Baking
    description: Bread and cakes.
    match: [baking, sourdough]
"""

PAPERS = [
    ("Spiral arms of nearby galaxies", "We map the spiral arms of forty nearby galaxy discs with a radio telescope."),
    ("Dwarf galaxy dynamics", "Rotation curves of dwarf galaxies observed with the telescope constrain dark matter."),
    ("A survey of galaxy clusters", "We count galaxy clusters in deep telescope images out to high redshift."),
    ("Quasars behind galaxy haloes", "Absorption lines of quasars seen through galaxy haloes trace cold gas."),
    ("Sourdough starters compared", "We compare the microbes of sourdough starters kept by home bakers."),
    ("Oven humidity and crust", "Steam in the first minutes of baking makes a thinner, glossier bread crust."),
    ("Gluten networks in baking", "Kneading time changes the gluten network and the crumb of baking loaves."),
    ("Sugar in cake baking", "Less sugar in cake baking gives a denser crumb and a paler colour."),
    (
        "Star formation in molecular clouds",
        "Stellar nurseries: we observe how cold molecular clouds collapse into young stars and protostellar discs.",
    ),
    (
        "Municipal bond tax reform",
        "We estimate how a change in the municipal bond tax exemption moved borrowing costs of city governments.",
    ),
]


def write_content(tmp_path, topics=TOPICS, papers=PAPERS):
    content = tmp_path / "content"
    (content / "digests").mkdir(parents=True)
    lines = "".join(f'{{"title": "{title}", "abstract": "{abstract}"}}\n' for title, abstract in papers)
    (content / "digests" / "mixed.jsonl").write_text(lines, encoding="utf-8")
    (content / "topics.yml").write_text(topics, encoding="utf-8")
    return content


def by_title(site, title):
    return next(paper for paper in site.papers.values() if paper.title == title)


def test_a_paper_no_phrase_places_goes_to_the_topic_closest_in_meaning_and_an_off_topic_one_stays_unsorted(
    tmp_path,
):
    site = load_site(write_content(tmp_path))
    stars = by_title(site, "Star formation in molecular clouds")
    taxes = by_title(site, "Municipal bond tax reform")
    assert site.topics_of[stars.id] == ("astronomy",)
    assert site.topics_of[taxes.id] == ()
    assert site.unsorted_paper_ids() == (taxes.id,)


def test_explain_shows_the_similarity_the_runner_up_and_the_closest_papers(tmp_path):
    site = load_site(write_content(tmp_path))
    explained = "\n".join(explain_paper(site, by_title(site, "Star formation in molecular clouds")))
    assert re.search(
        r"placed in Galaxy by meaning .*: closest in meaning: Galaxy 0\.\d\d; next Baking 0\.\d\d", explained
    )
    assert len(re.findall(r"\n  close in Galaxy: .+ \(0\.\d\d\)", explained)) == 3
    assert "\n  4 of its 10 closest papers are in Galaxy by a phrase (at least 4 needed)" in explained
    strict = load_site(write_content(tmp_path / "strict", "by_meaning: {neighbours: 5}\n" + TOPICS))
    kept_out = "\n".join(explain_paper(strict, by_title(strict, "Star formation in molecular clouds")))
    assert "not placed by meaning (4 of its 10 closest papers are in it by a phrase, fewer than 5)" in kept_out
    unsorted = "\n".join(explain_paper(site, by_title(site, "Municipal bond tax reform")))
    assert re.search(r"not placed by meaning \((below the threshold 0\.45|not 0\.03 closer than the next)\)", unsorted)
    assert "stays under Unsorted" in unsorted


def unit(*weights):
    vector = np.zeros(384, dtype=np.float32)
    vector[: len(weights)] = weights
    return vector / np.linalg.norm(vector)


def test_a_paper_near_a_topics_centre_whose_own_neighbours_are_elsewhere_stays_unsorted():
    """Six papers of topic A, six of B, ten of a subject no topic names (C), and a paper about
    C that also touches A: closer to A's centre than the threshold asks, but its ten closest
    papers are C's, so it is not put under A."""
    rows = {f"a{i}": unit(1, 0, 0, 0.05 * i) for i in range(6)}
    rows |= {f"b{i}": unit(0, 1, 0, 0.05 * i) for i in range(6)}
    rows |= {f"c{i}": unit(0, 0, 1, 0.05 * i) for i in range(10)}
    rows |= {"between": unit(0.6, 0, 0.8), "about-a": unit(0.9, 0.1, 0.1)}
    ids = sorted(rows)
    vectors = PaperVectors({paper_id: row for row, paper_id in enumerate(ids)}, np.array([rows[i] for i in ids]))
    by_phrases = {
        paper_id: ("a",) if paper_id[0] == "a" and paper_id != "about-a" else ("b",) if paper_id[0] == "b" else ()
        for paper_id in ids
    }
    topics = (Topic("a", "A", ""), Topic("b", "B", ""))
    placer = MeaningPlacer(by_phrases, topics, vectors, ByMeaning())
    between, about_a = placer.choice("between"), placer.choice("about-a")
    assert between.topic_id == "a" and between.similarity >= 0.45 and not between.placed
    assert between.neighbours_in_topic == 0
    assert about_a.placed and about_a.topic_id == "a" and about_a.neighbours_in_topic >= 4


def test_report_lists_unnamed_topics_and_the_share_placed_by_meaning(tmp_path):
    site = load_site(write_content(tmp_path))
    report = "\n".join(report_lines(site))
    assert "topics whose title fewer than 50% of their papers carry (they need a name): 0" in report
    assert "\n  astronomy: 1 of 5 (20%)" in report and "\n  baking: 0 of 4 (0%)" in report
    renamed = load_site(write_content(tmp_path / "renamed", TOPICS.replace("title: Baking", "title: Pastry")))
    assert "\n  baking: 'Pastry' is in 0% of its 4 papers" in "\n".join(report_lines(renamed))


@pytest.mark.parametrize(
    ("setting", "placed"),
    [
        ("by_meaning: false\n", ()),
        ("by_meaning: {threshold: 0.99}\n", ()),
        ("by_meaning: {threshold: 0.1}\n", ("astronomy",)),
        # Four galaxy papers are placed by phrase: a fifth neighbour in the topic cannot be found.
        ("by_meaning: {neighbours: 5}\n", ()),
        ("by_meaning: {neighbours: 0}\n", ("astronomy",)),
    ],
)
def test_placement_by_meaning_is_set_in_topics_yml(tmp_path, setting, placed):
    site = load_site(write_content(tmp_path, setting + TOPICS))
    assert site.topics_of[by_title(site, "Star formation in molecular clouds").id] == placed


# The cache of paper vectors.


@pytest.fixture
def own_cache(tmp_path, monkeypatch):
    """A cache of this test's own, not the session's shared store of vectors."""
    monkeypatch.delenv("PAPER_DIGEST_VECTORS_DIR", raising=False)
    return tmp_path / "cache"


def loaded(content, folder):
    cache = VectorCache(folder)
    site = load_site(content, vector_cache=cache)
    return site, cache.count


def test_a_second_build_embeds_nothing_and_a_changed_abstract_is_embedded_again(tmp_path, own_cache):
    content = write_content(tmp_path)
    _, first = loaded(content, own_cache)
    assert (first.embedded, first.cached) == (len(PAPERS), 0)
    _, second = loaded(content, own_cache)
    assert (second.embedded, second.cached) == (0, len(PAPERS))
    digest = content / "digests" / "mixed.jsonl"
    digest.write_text(digest.read_text().replace("forty nearby", "fifty nearby"), encoding="utf-8")
    _, third = loaded(content, own_cache)
    assert (third.embedded, third.cached) == (1, len(PAPERS) - 1)


def test_a_damaged_or_foreign_cache_file_is_embedded_again_never_an_error(tmp_path, own_cache):
    content = write_content(tmp_path)
    before, _ = loaded(content, own_cache)
    [path] = own_cache.glob("vectors-*.bin")
    data = bytearray(path.read_bytes())
    data[len(MAGIC) + 40] ^= 0xFF  # one record's vector damaged
    path.write_bytes(bytes(data[:-7]))  # and the last record cut short
    after, count = loaded(content, own_cache)
    assert count.embedded == 2 and after.topics_of == before.topics_of
    path.write_bytes(b"not our file at all")
    again, count = loaded(content, own_cache)
    assert count.embedded == len(PAPERS) and again.topics_of == before.topics_of
    assert path.read_bytes().startswith(MAGIC)  # replaced by a good one


def test_the_pages_are_the_same_bytes_with_the_cache_present_or_absent(tmp_path, own_cache):
    content = write_content(tmp_path)
    cold, _ = loaded(content, own_cache)
    warm, count = loaded(content, own_cache)
    assert count.embedded == 0
    pages = {page.path: page.text for page in render_site(cold, Settings())}
    assert pages == {page.path: page.text for page in render_site(warm, Settings())}


# Search.


def test_a_paper_is_not_found_by_the_name_of_a_topic_its_own_text_never_uses(reference_build, reference_site):
    titles = [topic.title.lower() for topic in reference_site.topics]
    entries = [entry for entry in reference_build.search_index() if entry["location"].startswith("papers/")]
    assert len(entries) == len(reference_site.papers)
    for entry in entries:
        text = entry["text"].lower()
        for title in titles:
            if title in text:  # only where the paper's own title or abstract says it
                paper = next(p for p in reference_site.papers.values() if p.id in entry["location"])
                assert title in f"{paper.title} {paper.abstract}".lower(), (entry["location"], title)
