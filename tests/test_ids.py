"""Paper ids: derived from the title, stable, unique, short and safe as file names."""

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.ids import normalized_title, paper_id

SAFE_ID = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")


def test_ids_are_stable_readable_and_hash_suffixed():
    assert paper_id("Titans: Learning to Memorize at Test Time") == "titans-learning-to-memorize-at-test-time-ba030557"


@pytest.mark.parametrize(
    "title",
    [
        "../../etc/passwd",
        "/absolute/path",
        "CON",
        "nul.txt",
        "A" * 1000,
        "漢字のタイトル",
        "???",
        "",
        "a\\b:c*d?e",
        " . ",
        "COM1: a study",
    ],
)
def test_ids_are_safe_path_names_of_bounded_length(title):
    identifier = paper_id(title)
    assert SAFE_ID.fullmatch(identifier), identifier
    assert len(identifier) <= 60
    assert identifier.lower() not in {"con", "nul", "prn", "aux", "com1"}


def test_case_spacing_and_punctuation_do_not_change_the_id():
    assert paper_id("BERT: Pre-training") == paper_id("bert  pre training") == paper_id("Bert - Pre-Training")
    assert normalized_title("  Ça  Marche?! ") == "ça marche"


def test_different_titles_sharing_a_long_prefix_get_different_ids():
    first = "A Survey of Techniques for Optimizing Transformer Inference on Edge Devices Part One"
    second = "A Survey of Techniques for Optimizing Transformer Inference on Edge Devices Part Two"
    assert paper_id(first) != paper_id(second)


def test_reference_ids_are_unique(reference_site):
    ids = list(reference_site.papers)
    assert len(ids) == len(set(ids)) == 57
    assert len({identifier.lower() for identifier in ids}) == 57


_paragraphs = st.lists(st.text(alphabet=" ab"), max_size=4).map("\n\n".join)


@given(st.one_of(st.text(), st.text(alphabet=" \n\t\xa0ab"), _paragraphs))
def test_an_abstracts_words_are_joined_as_splitting_them_does(text):
    """The fingerprint of a note's abstract must not change with the shortcut for cleaned abstracts."""
    from generator.ids import words_joined

    assert words_joined(text) == " ".join(text.split())


def test_tags_and_suggested_topics_take_the_one_slug_of_ids():
    from generator.analyse.describe import topic_id
    from generator.render.tags import tag_slug

    assert tag_slug("Schrödinger equation") == "schrodinger-equation" == topic_id("Schrödinger equation")
    assert tag_slug("cs.CL") == "cs-cl" and tag_slug("index") == "index-tag"
    assert tag_slug("生成模型").startswith("tag-") and topic_id("生成模型") == "topic"


def test_arxiv_id_maps_are_split_by_prefix_and_name_the_paper():
    from generator import site_paths
    from generator.ids import arxiv_key

    assert arxiv_key("2405.16537v2") == "2405.16537" and arxiv_key("HEP-TH/9901001v1") == "hep-th/9901001"
    assert site_paths.arxiv_id_prefix("2405.16537") == "2405.1"
    assert site_paths.arxiv_id_prefix("math.ag/0601001") == "math-ag-0601"
    assert site_paths.arxiv_ids_path("2405.1") == "arxiv/2405.1.json"


@pytest.mark.parametrize(
    ("title", "readable"),
    [
        ("A short character sum in $\\mathbb{F}_{p^3}$", "a-short-character-sum-in-f-p-3"),  # no markup
        ("$\\mu_0$-Net: scaling", "mu-0-net-scaling"),  # a letter a reader names
        ("μ_0: A scalable model", "mu-0-a-scalable-model"),
        ('Schr\\"odinger bridges', "schrodinger-bridges"),
        ("Pointer Networks", "pointer-networks"),
    ],
)
def test_an_address_holds_the_words_a_reader_says(title, readable):
    identifier = paper_id(title)
    assert identifier.rsplit("-", 1)[0] == readable
    assert identifier.rsplit("-", 1)[1] == paper_id(normalized_title(title)).rsplit("-", 1)[1]  # the title's hash
