"""Libraries researchers already keep: a Zotero BibTeX export and a CSL JSON export read as
digests, built into a site and checked in its HTML."""

import re
from pathlib import Path

import pytest
from conftest import article, make_project, mkdocs_build, parse_html, visible_text

from generator.errors import Problems
from generator.ids import paper_id
from generator.read.library import parse_bibtex, parse_csl_json

FIXTURES = Path(__file__).parent / "fixtures"
BIBTEX = (FIXTURES / "zotero-library.bib").read_text(encoding="utf-8")
CSL = (FIXTURES / "zotero-library.csl.json").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def library_build(tmp_path_factory):
    project = make_project(tmp_path_factory.mktemp("library"), {"zotero-bibtex.bib": BIBTEX, "zotero-csl.json": CSL})
    build = mkdocs_build(project)
    assert build.returncode == 0, build.output
    return build


def test_every_entry_of_both_exports_is_read():
    problems = Problems()
    bib, csl = parse_bibtex(BIBTEX, "zotero.bib", problems), parse_csl_json(CSL, "zotero.json", problems)
    assert not list(problems)
    assert len(bib.papers) == BIBTEX.count("\n@") and len(csl.papers) == CSL.count('"title":')
    assert sum(1 for paper in bib.papers + csl.papers if not paper.abstract) == 15  # kept, said so on the page


SCHEMATIC = "A schematic model of scattering in PT-symmetric Quantum Mechanics"
MATH_TITLE = "Scaling $\\Lambda_{\\alpha}$-Attention to Long Contexts"


def test_latex_in_bibtex_fields_is_decoded_to_text(library_build):
    html = library_build.html(f"papers/{paper_id(SCHEMATIC)}/index.html")
    page = visible_text(article(html))
    assert "Christopher Ré, Jörg Müller, María García" in page and "{\\" not in page
    assert 'href="https://arxiv.org/abs/0704.0214"' in html  # the eprint, with archivePrefix arXiv


def test_an_entry_without_an_abstract_has_a_page_that_says_so(library_build):
    html = library_build.html(f"papers/{paper_id(MATH_TITLE)}/index.html")
    text = visible_text(article(html))
    assert "The library entry this paper comes from gives no abstract." in text
    assert "Published 2026" in text and "https://arxiv.org/abs/2603.04743v1" in html


def test_a_doi_becomes_a_link_and_a_bibtex_field(library_build):
    title = "Early External Safety Testing of OpenAI's o3-mini: Insights from the Pre-Deployment Evaluation"
    html = library_build.html(f"papers/{paper_id(title)}/index.html")
    assert 'href="https://doi.org/10.48550/arXiv.2501.17749"' in html
    assert "doi = {10.48550/arXiv.2501.17749}" in visible_text(article(html))


def test_csl_authors_dates_and_keywords_reach_the_page(library_build):
    title = "Grounded-VideoLLM: Sharpening Fine-grained Temporal Grounding in Video Large Language Models"
    text = visible_text(article(library_build.html(f"papers/{paper_id(title)}/index.html")))
    assert "Published 2024-10-04" in text and "Haibo Wang" in text


def test_a_bad_entry_is_reported_with_file_line_and_field():
    problems = Problems()
    parse_bibtex("@misc{ok, title={Fine}}\n\n@article{broken,\n  author={Nobody}\n}\n", "lib.bib", problems)
    assert [str(problem) for problem in problems] == ["lib.bib:3: entry 'broken': field `title` is required"]
    problems = Problems()
    parse_csl_json(
        '[\n{"title": "Fine", "type": "article"},\n{"type": "article", "author": "Nobody"}\n]', "lib.json", problems
    )
    assert [str(problem) for problem in problems] == [
        "lib.json:3: field `title` is required and must be non-empty text"
    ]


def test_library_text_cannot_inject_markup(tmp_path):
    hostile = (
        '@misc{x, title={<script>alert(1)</script> [link](javascript:alert(2)) {\\"u}ber},\n'
        "  abstract={<img src=x onerror=alert(3)> and \\href{javascript:alert(4)}{click}},\n"
        "  url={javascript:alert(5)}, doi={10.1234/a)b<c>}}\n"
    )
    project = make_project(tmp_path, {"hostile.bib": hostile})
    build = mkdocs_build(project)
    assert build.returncode == 0, build.output
    html = next((build.site / "papers").glob("*/index.html")).read_text()
    body = article(html)
    assert (
        "<script>alert" not in html
        and "<img src=x" not in body
        and "javascript:" not in re.sub(r"&[#\w]+;", "", "".join(re.findall(r'href="([^"]*)"', body)))
    )
    assert "über" in visible_text(body)


@pytest.mark.parametrize(
    "issued",
    [
        '{"date-parts": [["²", 5, 1]]}',
        '{"date-parts": [["' + "9" * 5000 + '", 5, 1]]}',
        '{"date-parts": [[2024, 13, 45]]}',
    ],
)
def test_impossible_or_hostile_csl_dates_are_reported_or_dropped_never_a_traceback(issued):
    problems = Problems()
    library = parse_csl_json(f'[{{"title": "A paper", "issued": {issued}}}]', "lib.json", problems)
    published = [paper.details.published for paper in library.papers] if library else []
    assert published in ([], [None])
    assert all("date-parts must be numbers" in problem.message for problem in problems)


def test_an_impossible_bibtex_date_is_no_date():
    problems = Problems()
    library = parse_bibtex("@misc{a, title={A paper}, date={2024-13-45}}\n", "lib.bib", problems)
    assert not list(problems) and library.papers[0].details.published is None


def test_a_stray_closing_brace_is_reported_with_its_line_not_a_silently_shorter_entry():
    problems = Problems()
    text = "@article{a,\n  title = {A title with a stray } brace},\n  author = {Doe, Jane},\n  year = {2024}\n}\n"
    parse_bibtex(text, "lib.bib", problems)
    [problem] = list(problems)
    assert problem.line == 2 and "a `}` too many" in problem.message and "balance the braces" in problem.message


def test_an_unclosed_brace_is_reported_with_a_reason():
    problems = Problems()
    text = "@article{b,\n  title = {Unclosed {brace title},\n  year = {2024}\n}\n\n@article{c, title = {Fine}}\n"
    library = parse_bibtex(text, "lib.bib", problems)
    [problem] = list(problems)
    assert problem.line == 1 and "a `{` is never closed" in problem.message
    assert [paper.title for paper in library.papers] == ["Fine"]


def test_a_braced_name_holding_and_is_one_author_read_and_written():
    import bibtexparser

    from generator.model import Appearance, Paper
    from generator.render.bibtex import bibtex_entry

    problems = Problems()
    text = '@misc{a, title={A paper}, author={{Tom and Jerry Lab} and M{\\"u}ller, Hans and Doe, Jane}}\n'
    [paper] = parse_bibtex(text, "lib.bib", problems).papers
    assert not list(problems) and paper.details.authors == ("Tom and Jerry Lab", "Hans Müller", "Jane Doe")
    written = bibtex_entry(Paper("a", paper.title, "", (Appearance("d", 1),), paper.details))
    [entry] = bibtexparser.parse_string(written).entries
    assert entry.fields_dict["author"].value == "{Tom and Jerry Lab} and Hans Müller and Jane Doe"


def test_a_site_without_notes_says_nothing_of_reading_progress_or_front_matter(library_build):
    home = visible_text(article(library_build.html("index.html")))
    assert "Reading progress" not in home
    tags = visible_text(article(library_build.html("tags/index.html")))
    assert "`" not in tags and "tags:" not in tags
    reading = visible_text(article(library_build.html("reading/to-read/index.html")))
    assert "status:" not in reading and "Papers the researcher's notes mark as to read." in reading


def test_digests_are_named_by_their_date_never_their_file_name_and_no_empty_reading_list(library_build):
    index = visible_text(article(library_build.html("digests/index.html")))
    assert "zotero" not in index.lower() and "Undated" in index
    nav = " ".join(
        attributes.get("href", "")
        for tag, attributes in parse_html(library_build.html("index.html")).tags
        if tag == "a"
    )
    assert "reading/" not in nav  # no note gives a paper a status: no Reading list section
