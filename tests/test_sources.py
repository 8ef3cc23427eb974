"""More digest sources merged into one site: Hugging Face API JSON, JSON Lines, and the exports."""

import json
import xml.etree.ElementTree as ElementTree

import bibtexparser
import pytest
from conftest import (
    REFERENCE_DIGEST,
    REPO,
    article,
    make_project,
    mkdocs_build,
    parse_html,
    run_generator,
    visible_text,
)

from generator.errors import Problems
from generator.ids import paper_id
from generator.model import Paper, PaperDetails
from generator.read.records import parse_hf_api, parse_jsonl
from generator.render.bibtex import bibtex_entry

FIXTURES = REPO / "tests" / "fixtures"
HF_API = (FIXTURES / "hf-api-2026-03-12.json").read_text(encoding="utf-8")
JSONL = (FIXTURES / "corpus-sample.jsonl").read_text(encoding="utf-8")
ATOM = "{http://www.w3.org/2005/Atom}"


def parse(parser, text):
    problems = Problems()
    return parser(text, "content/digests/x", problems), [str(problem) for problem in problems]


def test_hugging_face_api_sample_is_read_with_its_metadata():
    listing, problems = parse(parse_hf_api, HF_API)
    assert problems == []
    assert listing.date == "2026-03-12"
    first = listing.papers[0]
    assert first.title == "OpenClaw-RL: Train Any Agent Simply by Talking"
    assert first.line == 2 and listing.papers[1].line > first.line
    details = first.details
    assert details.arxiv_id == "2603.10165" and details.upvotes == 43 and details.published == "2026-03-10"
    assert details.code_url == "https://github.com/Gen-Verse/OpenClaw-RL" and details.authors[0] == "Yinjie Wang"
    assert details.ai_summary.startswith("OpenClaw-RL framework") and "agentic RL" in details.keywords


def test_json_lines_sample_is_read_with_its_metadata():
    listing, problems = parse(parse_jsonl, JSONL)
    assert problems == []
    assert len(listing.papers) == 4
    first = listing.papers[0]
    assert first.title.startswith("ConvLLaVA") and first.details.arxiv_id and first.details.authors
    assert listing.date == max(json.loads(line)["hf_daily_date"] for line in JSONL.splitlines())


def test_every_bad_record_is_reported_with_its_line_and_field():
    text = "\n".join([
        '{"title": "Good", "abstract": "Fine."}',
        '{"title": "No abstract"}',
        "not json at all",
        '{"title": "Bad id", "abstract": "x", "arxiv_id": "arXiv:12"}',
        '{"title": "Bad link", "abstract": "x", "code": "javascript:alert(1)"}',
        '{"title": "Bad date", "abstract": "x", "date": "yesterday"}',
        '["a list"]',
    ])  # fmt: skip
    _listing, problems = parse(parse_jsonl, text)
    assert problems == [
        "content/digests/x:2: field `abstract` is required and must be non-empty text",
        "content/digests/x:3: is not a JSON object: Expecting value (column 1)",
        "content/digests/x:4: field `arxiv_id` must be an arXiv id such as 2310.01234 (got 'arXiv:12')",
        "content/digests/x:5: field `code` must be an http(s) address (got 'javascript:alert(1)')",
        "content/digests/x:6: field `date` must be a date such as 2026-03-12 (got 'yesterday')",
        "content/digests/x:7: a record must be a JSON object",
    ]


def test_a_bad_api_entry_is_reported_with_its_line():
    entries = json.loads(HF_API)
    del entries[1]["paper"]["title"]
    _listing, problems = parse(parse_hf_api, json.dumps(entries, indent=2))
    assert len(problems) == 1 and "field `paper.title` is required" in problems[0]
    line = int(problems[0].split(":")[1])
    assert json.dumps(entries, indent=2).split("\n")[line - 1].strip() == "{"


@pytest.fixture(scope="module")
def merged_build(tmp_path_factory):
    """The reference listing, an API day and JSON Lines records describing two of the same papers."""
    s4_title = "Efficiently Modeling Long Sequences with Structured State Spaces"
    enrichment = "\n".join([
        json.dumps({"title": s4_title.upper() + "!", "abstract": "A newer abstract of S4.", "arxiv_id": "2111.00396",
                    "authors": ["Albert Gu", "Karan Goel", "Christopher Ré"], "date": "2021-10-31",
                    "code": "https://github.com/state-spaces/s4", "hf_daily_date": "2026-03-14"}),
    ])  # fmt: skip
    digests = {
        "2026-03-12-hf-papers.txt": REFERENCE_DIGEST.read_text(),
        "2026-03-12.json": HF_API,
        "2026-03-14-enriched.jsonl": enrichment + "\n",
    }
    build = mkdocs_build(make_project(tmp_path_factory.mktemp("merged"), digests=digests))
    assert build.returncode == 0, build.output
    return build


def test_the_same_paper_in_several_digests_is_one_page_with_richer_fields(merged_build):
    s4 = paper_id("Efficiently Modeling Long Sequences with Structured State Spaces")  # the id never moves
    page = visible_text(article(merged_build.html(f"papers/{s4}/index.html")))
    assert "Albert Gu, Karan Goel, Christopher Ré" in page and "Published 2021-10-31" in page
    assert "Listed in 2026-03-14, 2026-03-12" in page  # every digest, newest first
    html = merged_build.html(f"papers/{s4}/index.html")
    assert 'href="https://arxiv.org/abs/2111.00396"' in html and 'href="https://arxiv.org/pdf/2111.00396"' in html
    assert 'href="https://huggingface.co/papers/2111.00396"' in html
    assert 'href="https://github.com/state-spaces/s4"' in html
    papers = json.loads((merged_build.site / "papers.json").read_text())["papers"]
    assert len(papers) == 57 + 3 and len({p["id"] for p in papers}) == 60


def test_a_paper_page_carries_the_citation_tags_zotero_and_scholar_read(merged_build):
    s4 = paper_id("Efficiently Modeling Long Sequences with Structured State Spaces")
    tags = [
        attributes for tag, attributes in parse_html(merged_build.html(f"papers/{s4}/index.html")).tags if tag == "meta"
    ]
    citation = [(t["name"], t["content"]) for t in tags if t.get("name", "").startswith("citation_")]
    assert citation == [
        ("citation_title", "EFFICIENTLY MODELING LONG SEQUENCES WITH STRUCTURED STATE SPACES!"),
        ("citation_author", "Albert Gu"),
        ("citation_author", "Karan Goel"),
        ("citation_author", "Christopher Ré"),
        ("citation_publication_date", "2021/10/31"),
        ("citation_arxiv_id", "2111.00396"),
        ("citation_pdf_url", "https://arxiv.org/pdf/2111.00396"),
        ("citation_abstract_html_url", "https://arxiv.org/abs/2111.00396"),
    ]
    home = parse_html(merged_build.html("index.html")).tags
    assert not [t for tag, t in home if tag == "meta" and t.get("name", "").startswith("citation_")]


def test_digest_pages_list_papers_in_their_order_newest_first(merged_build):
    index = article(merged_build.html("digests/index.html"))
    order = [name for name in ("2026-03-14-enriched", "2026-03-12-hf-papers", "2026-03-12/") if name in index]
    assert index.index("2026-03-14-enriched") < index.index("2026-03-12-hf-papers")
    day = article(merged_build.html("digests/2026-03-12/index.html"))
    titles = [entry["paper"]["title"] for entry in json.loads(HF_API)]
    positions = [visible_text(day).index(title) for title in titles]
    assert positions == sorted(positions) and order


def test_atom_feed_is_valid_and_linked(merged_build):
    feed = ElementTree.parse(merged_build.site / "feed.xml").getroot()
    assert feed.tag == f"{ATOM}feed"
    entries = feed.findall(f"{ATOM}entry")
    assert 0 < len(entries) <= 100
    ids = [entry.findtext(f"{ATOM}id") for entry in entries]
    assert len(set(ids)) == len(ids)
    for entry in entries:
        assert entry.findtext(f"{ATOM}title") and entry.findtext(f"{ATOM}updated").endswith("Z")
        assert entry.find(f"{ATOM}link").get("href").startswith("https://example.github.io/paper-digest/papers/")
    assert entries[0].findtext(f"{ATOM}updated") == "2026-03-14T00:00:00Z"
    # Linked from the pages, not with <link rel="alternate">: Material fetches the whole
    # sitemap.xml on every page load when the head has one (and fails from file://).
    assert 'href="feed.xml"' in merged_build.html("index.html")
    assert 'rel="alternate"' not in merged_build.html("index.html")


def test_bibtex_parses_back_per_paper_and_per_topic(merged_build):
    s4 = paper_id("Efficiently Modeling Long Sequences with Structured State Spaces")
    cite = visible_text(article(merged_build.html(f"papers/{s4}/index.html")).split('id="cite"')[1])
    assert f"@misc{{{s4}," in cite and "eprint = {2111.00396}" in cite
    library = bibtexparser.parse_string((merged_build.site / "topics/state-space-models.bib").read_text())
    assert not library.failed_blocks
    entry = {field.key: field.value for field in next(e for e in library.entries if e.key == s4).fields}
    assert entry["eprint"] == "2111.00396" and entry["archivePrefix"] == "arXiv" and entry["year"] == "2021"
    assert entry["author"] == "Albert Gu and Karan Goel and Christopher Ré"


def test_hostile_bibtex_fields_stay_balanced():
    paper = Paper(
        "x-1",
        "A {broken} title } with \\ % & $ # _ ^ ~ and ``` fences",
        "a",
        (),
        PaperDetails(authors=("O'Brien {", "\\evil")),
    )
    library = bibtexparser.parse_string(bibtex_entry(paper))
    assert len(library.entries) == 1 and not library.failed_blocks
    assert {"title", "author"} <= set(library.entries[0].fields_dict)


@pytest.mark.parametrize(
    ("title", "written"),
    [
        ("A short character sum in $\\mathbb{F}_{p^3}$", "A short character sum in $\\mathbb{F}_{p^3}$"),
        ("Scaling $\\Lambda_{\\alpha}$-Attention in O(n^2)", "Scaling $\\Lambda_{\\alpha}$-Attention in $O(n^2)$"),
        ("Sets $A \\setminus \\{a\\}$ and 50% of $5", "Sets $A \\setminus \\{a\\}$ and 50\\% of \\$5"),
        # Untrusted: a command outside the math whitelist, or a formula that would end the field.
        (
            "Evil $\\input{/etc/passwd}$",
            "Evil \\$\\textbackslash{}input\\textbraceleft{}/etc/passwd\\textbraceright{}\\$",
        ),
        ("Open $\\{a$ brace", "Open \\$\\textbackslash{}\\textbraceleft{}a\\$ brace"),
        ("Comment $a % b$ here", "Comment \\$a \\% b\\$ here"),
    ],
)
def test_bibtex_keeps_the_math_of_a_title_as_latex_only_when_it_is_safe(title, written):
    entry = bibtex_entry(Paper("x-1", title, "a", ()))
    assert f"title = {{{{{written}}}}}" in entry
    library = bibtexparser.parse_string(entry)
    assert len(library.entries) == 1 and not library.failed_blocks


def test_check_counts_all_formats(tmp_path):
    project = make_project(
        tmp_path, digests={"a.txt": REFERENCE_DIGEST.read_text(), "b.json": HF_API, "c.jsonl": JSONL}
    )
    check = run_generator(project, "check")
    assert check.returncode == 0, check.stderr
    assert check.stdout.startswith("64 papers in 3 digests")


def test_the_same_title_in_two_digests_is_one_paper_even_with_two_arxiv_ids(tmp_path):
    digests = {
        f"{name}.jsonl": json.dumps({"title": "Same Title", "abstract": "x", "arxiv_id": arxiv}) + "\n"
        for name, arxiv in (("a", "2101.00001"), ("b", "2101.00002"))
    }
    check = run_generator(make_project(tmp_path, digests=digests), "check")
    assert check.returncode == 0 and check.stdout.startswith("1 papers in 2 digests")
