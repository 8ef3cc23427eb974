"""Reading the Hugging Face listing text."""

from pathlib import Path

import pytest
from conftest import REFERENCE_DIGEST, REPO

from generator.errors import ContentError, Problems
from generator.read.digests import read_digest_file
from generator.read.listing import parse_date, parse_listing


def parse(text: str):
    problems = Problems()
    listing = parse_listing(text, "digest.txt", problems)
    return listing, [str(problem) for problem in problems]


def read_bytes(tmp_path: Path, data: bytes):
    path = tmp_path / "content" / "digests" / "2026-03-12-hf-papers.txt"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    problems = Problems()
    record = read_digest_file(path, tmp_path / "content", problems)
    return record, [str(problem) for problem in problems]


def test_reference_digest_has_57_papers_with_exact_titles_and_the_date(tmp_path):
    record, problems = read_bytes(tmp_path, REFERENCE_DIGEST.read_bytes())
    expected = (REPO / "tests/fixtures/reference-titles.txt").read_text(encoding="utf-8").splitlines()
    assert problems == []
    assert record.date == "Mar 12"
    assert record.date_key == (2026, 3, 12)  # the year from the file name 2026-03-12-hf-papers.txt
    assert [paper.title for paper in record.papers] == expected
    assert len(record.papers) == 57
    assert not {"new", "Subscribe", "Mar 12"} & {paper.title for paper in record.papers}
    assert record.papers[0].abstract.startswith("Early rumor detection (ERD) on social media")
    assert record.papers[-1].abstract.endswith("underlying assumptions.")
    assert record.papers[0].line == 11


def test_crlf_line_endings_and_a_bom_read_the_same(tmp_path):
    original, _ = read_bytes(tmp_path, REFERENCE_DIGEST.read_bytes())
    windows = b"\xef\xbb\xbf" + REFERENCE_DIGEST.read_bytes().replace(b"\n", b"\r\n")
    converted, problems = read_bytes(tmp_path, windows)
    assert problems == []
    assert converted == original


def test_titles_with_punctuation_and_non_ascii_letters_are_kept_exactly():
    title = 'Ça marche? "Quotes" & <angles> : Überlänge ' + "x" * 300
    listing, problems = parse(f"Mar 12\n\n{title}\n\nAn abstract.\n")
    assert problems == []
    assert listing.papers[0].title == title


def test_a_digest_without_header_or_date_is_read():
    listing, problems = parse("A title\n\nIts abstract.\n\nAnother title\n\nAnother abstract.\n")
    assert problems == []
    assert listing.date is None
    assert [paper.title for paper in listing.papers] == ["A title", "Another title"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("new\n\nSubscribe\n\nMar 12\n", "digest.txt: no papers found"),
        ("", "digest.txt: no papers found"),
        (
            "Mar 12\n\nTitle one\n\nAbstract one.\n\nLonely title\n",
            "digest.txt:7: the title 'Lonely title' has no abstract",
        ),
        (
            "Mar 12\n\n" + "A sentence. " * 50 + "\n\nAbstract.\n",
            "digest.txt:3: expected a paper title but found a paragraph",
        ),
    ],
)
def test_structural_problems_name_the_file_and_line(text, message):
    listing, problems = parse(text)
    assert listing is None
    assert len(problems) == 1 and problems[0].startswith(message), problems


def test_undecodable_bytes_are_reported_with_their_line(tmp_path):
    record, problems = read_bytes(tmp_path, b"Mar 12\n\nTitle\n\nAbstract \xff here.\n")
    assert record is None
    assert problems == ["content/digests/2026-03-12-hf-papers.txt:5: byte 0xff is not UTF-8: save the file as UTF-8"]


def test_a_binary_file_is_refused(tmp_path):
    record, problems = read_bytes(tmp_path, b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    assert record is None
    assert problems == [
        "content/digests/2026-03-12-hf-papers.txt:3: is mostly NUL bytes: this is a binary file, not text"
    ]


def test_a_stray_nul_in_text_is_dropped_and_utf16_is_refused(tmp_path):
    record, problems = read_bytes(tmp_path, b"Mar 12\n\nTi\x00tle\n\nAbs\x00tract.\n")
    assert problems == [] and (record.papers[0].title, record.papers[0].abstract) == ("Title", "Abstract.")
    record, problems = read_bytes(tmp_path, "Mar 12\n\nT\n\nA\n".encode("utf-16"))
    assert record is None and problems == [
        "content/digests/2026-03-12-hf-papers.txt:1: is UTF-16 text: save it as UTF-8"
    ]


def test_the_same_title_twice_in_a_digest_is_an_error(tmp_path):
    record, problems = read_bytes(tmp_path, b"Mar 12\n\nBERT\n\nOne.\n\nBert\n\nTwo.\n")
    assert record is None
    assert problems == [
        "content/digests/2026-03-12-hf-papers.txt:7: the title 'Bert' is listed twice (first on line 3); remove one"
    ]


@pytest.mark.parametrize(
    ("line", "key"),
    [
        ("Mar 12", (0, 3, 12)),
        ("March 12, 2026", (2026, 3, 12)),
        ("2026-03-12", (2026, 3, 12)),
        ("Sept 3", (0, 9, 3)),
        ("Feb 29", (0, 2, 29)),
        ("Feb 30", None),
        ("Mark 12", None),
        ("Subscribe", None),
    ],
)
def test_date_lines(line, key):
    assert parse_date(line) == key


def test_content_errors_are_collected_and_sorted():
    problems = Problems()
    problems.add("b.txt", 3, "late")
    problems.add("a.txt", 9, "first file")
    problems.add("b.txt", 1, "early")
    with pytest.raises(ContentError) as caught:
        problems.raise_if_any()
    assert str(caught.value).splitlines() == ["a.txt:9: first file", "b.txt:1: early", "b.txt:3: late"]
