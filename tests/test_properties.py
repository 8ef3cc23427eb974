"""Property tests: arbitrary Unicode with markdown, HTML, extension, Jinja and YAML syntax in it.

Sized for CI by the `ci` Hypothesis profile; for a longer local run:
    HYPOTHESIS_PROFILE=thorough .venv/bin/python -m pytest tests/test_properties.py
"""

import json
import re

from conftest import article, make_project, mkdocs_build, parse_html, visible_text
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from markdown_helpers import render_markdown

from generator.ids import paper_id, title_key
from generator.read.clean import clean_text
from generator.render.abstract import render_abstract
from generator.render.escape import literal

SYNTAX = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "</p>",
    "<!--",
    "-->",
    "<![CDATA[",
    "&lt;",
    "&amp;",
    "&#60;",
    "&#x3C;",
    "&",
    "[a](javascript:alert(1))",
    "[b]: data:text/html,x",
    "<javascript:alert(1)>",
    "{: onclick=x }",
    "{#id .cls}",
    "---",
    "***",
    "___",
    "# ",
    "\n# ",
    "\n    code",
    "| a |",
    "|---|",
    "`",
    "``",
    "```",
    "~~~",
    "*",
    "_",
    "**",
    "==",
    "^^",
    "~~",
    "++ctrl++",
    ":smile:",
    ":material-github:",
    "!!! note",
    "??? tip",
    '--8<-- ".env"',
    ";--8<--",
    "{{ config }}",
    "{% raw %}",
    "{#",
    "key: value",
    "\nPurpose: x",
    "[TOC]",
    "[^1]",
    "*[HTML]:",
    "\\",
    "\\(",
    "\\)",
    "$",
    "$$",
    "\\[",
    "\\]",
    "^",
    "1. ",
    "- ",
    "+ ",
    "> ",
    "<div markdown>",
    "\u202e",
    "\u2066",
    "\u200b",
    "\u200d",
    "\ufeff",
    "\x00",
    "\x1b[31m",
    "\x07",
    "\r",
    "\t",
    "\u2028",
    "\xa0",
    "漢字",
    "ç",
    "🙂",
    "https://example.org/a_(b)",
    "www.x.org",
]
pieces = st.one_of(st.sampled_from(SYNTAX), st.text(max_size=12))
hostile_text = st.lists(pieces, max_size=12).map("".join)

ALLOWED_ABSTRACT_TAGS = {
    "p", "a", "math", "mrow", "mi", "mn", "mo", "ms", "mtext", "mspace", "msup", "msub", "msubsup", "mfrac", "msqrt",
    "mroot", "mover", "munder", "munderover", "mtable", "mtr", "mtd", "mstyle", "mpadded", "mphantom", "menclose",
    "merror",
}  # fmt: skip


def collapse(text: str) -> str:
    return " ".join(text.split())


@given(hostile_text)
def test_literal_text_shows_exactly_the_cleaned_input_and_no_markup(text):
    expected = collapse(clean_text(text))
    html = render_markdown(f"X {literal(expected)}")
    parsed = parse_html(html)
    assert [(tag, attributes) for tag, attributes in parsed.tags] == [("p", {})], html
    assert collapse("".join(parsed.text)) == collapse(f"X {expected}")


@given(hostile_text)
def test_abstracts_gain_only_paragraphs_http_links_and_mathml(text):
    html = render_markdown(render_abstract(clean_text(text)))
    for tag, attributes in parse_html(html).tags:
        if tag == "span":  # the bare span that keeps a formula opening a paragraph inline
            assert not attributes and html.count("<span>") == html.count("<p><span><math "), html
            continue
        assert tag in ALLOWED_ABSTRACT_TAGS, (tag, html)
        for name, value in attributes.items():
            assert not name.startswith("on") and name not in ("style", "src", "class", "id"), (name, html)
            if name == "href":
                assert tag == "a" and re.match(r"https?://[A-Za-z0-9.-]+", value), value


TEX_OR_LINK = r"[$\\^]|``|''|https?:|www\.|times|pm|left|right|mapsto"
"""What an abstract or title may hold that is read as math, TeX or a link rather than shown as typed."""


@given(hostile_text.filter(lambda t: not re.search(TEX_OR_LINK, clean_text(t))))
def test_abstracts_without_math_or_links_show_the_cleaned_input(text):
    html = render_markdown(render_abstract(clean_text(text)))
    assert collapse(visible_text(html)) == collapse(clean_text(text))


def usable(text: str) -> bool:
    cleaned = clean_text(text)
    return bool(cleaned.strip()) and bool(text.strip()) and "\n" not in text and len(cleaned) <= 400


line_text = hostile_text.map(lambda t: t.replace("\n", " ").replace("\r", " ")).filter(usable)


# Each example is a whole MkDocs build: a few examples, and no shrinking (minutes per step).
@settings(
    max_examples=4,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
)
@given(
    st.lists(
        st.tuples(line_text, line_text), min_size=1, max_size=8, unique_by=lambda pair: title_key(clean_text(pair[0]))
    )
)
def test_whole_site_built_from_hostile_papers_shows_them_literally(tmp_path_factory, papers):
    digest = "Mar 12\n\n" + "\n\n".join(f"{title}\n\n{abstract}" for title, abstract in papers) + "\n"
    build = mkdocs_build(make_project(tmp_path_factory.mktemp("property"), digests={"h.txt": digest}))
    assert build.returncode == 0, build.output
    for title, _ in papers:
        shown = collapse(clean_text(title))
        html = build.html(f"papers/{paper_id(shown)}/index.html")
        heading = re.search(r"<h1[^>]*>(.*?)<a class=\"headerlink\"", article(html), re.DOTALL)[1]
        if not re.search(TEX_OR_LINK, shown):  # math and TeX are read as such (tests/test_abstract.py)
            assert collapse(visible_text(heading)) == shown
        for tag, attributes in parse_html(html).tags:
            assert not any(name.startswith("on") for name in attributes), (tag, attributes)
            assert not re.match(r"\s*(javascript|data):", attributes.get("href") or attributes.get("src") or "", re.I)


@given(st.one_of(hostile_text, st.text()))
def test_front_matter_holds_any_text_as_one_key(text):
    # The front matter is written without yaml.safe_dump for speed: it must read back the same.
    import yaml

    from generator.render.environment import front_matter

    block = front_matter(description=text)
    assert block.startswith("---\n") and block.endswith("\n---\n") and block.count("\n") == 3
    assert yaml.safe_load(block[4:-4]) == {"description": text}


@given(hostile_text | st.text())
def test_text_that_needs_no_cleaning_is_recognised_without_the_steps(text):
    from generator.read.clean import clean_paragraphs

    assert clean_text(text) == clean_paragraphs(text)


# Any JSON value, surrogates and long numbers included, built as JSON text so nesting can go
# past what Python's own reader takes.
json_scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False, allow_infinity=False),
    st.text(), st.sampled_from(['"\\ud800"', '"\\udfff x"', "9" * 5000, "-" + "1" * 401]),
)  # fmt: skip
json_values = st.recursive(
    json_scalars.map(lambda value: value if isinstance(value, str) and value[:1] in '"-9' else json.dumps(value)),
    lambda inner: st.one_of(
        st.lists(inner, max_size=3).map(lambda items: "[" + ", ".join(items) + "]"),
        st.dictionaries(st.text(max_size=5), inner, max_size=3).map(
            lambda fields: "{" + ", ".join(f"{json.dumps(key)}: {value}" for key, value in fields.items()) + "}"
        ),
        st.integers(1, 3000).map(lambda depth: "[" * depth + "]" * depth),
    ),
    max_leaves=6,
)
FIELDS = ("title", "abstract", "arxiv_id", "authors", "date", "hf_daily_date", "upvotes", "code", "github_repo",
          "url", "tags", "categories", "abstract_paragraphs", "ignored")  # fmt: skip
API_FIELDS = ("id", "title", "summary", "authors", "publishedAt", "submittedOnDailyAt", "upvotes", "githubRepo",
              "projectPage", "ai_summary", "ai_keywords", "ignored")  # fmt: skip


def record_text(fields: dict[str, str], base: dict[str, str]) -> str:
    return "{" + ", ".join(f"{json.dumps(key)}: {value}" for key, value in {**base, **fields}.items()) + "}"


@given(
    st.dictionaries(st.sampled_from(FIELDS), json_values, max_size=4),
    st.dictionaries(st.sampled_from(API_FIELDS), json_values, max_size=4),
)
def test_any_json_in_any_field_is_read_or_reported_never_a_traceback(tmp_path_factory, jsonl_fields, api_fields):
    from generator.errors import ContentError
    from generator.render.generated import Settings
    from generator.render.site_pages import render_site
    from generator.site import load_site

    content = tmp_path_factory.mktemp("json") / "content"
    (content / "digests").mkdir(parents=True)
    base = {"title": '"A title"', "abstract": '"An abstract."'}
    (content / "digests" / "a.jsonl").write_text(record_text(jsonl_fields, base) + "\n", encoding="utf-8")
    paper = record_text(api_fields, {"title": '"Day title"', "summary": '"Summary."'})
    api = '[{"paper": ' + paper + "}]"
    (content / "digests" / "b.json").write_text(api, encoding="utf-8")
    try:
        site = load_site(content)
    except ContentError as error:
        assert all(problem.path.startswith("content/digests/") and problem.line >= 0 for problem in error.problems)
        return
    for page in render_site(site, Settings()):
        page.text.encode("utf-8")  # what a writer does with it: no surrogate may be left
