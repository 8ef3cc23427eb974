"""Hostile digest text is shown literally everywhere: no tag, attribute, link, key or template code."""

import re
from collections import Counter
from html import unescape

import pytest
from conftest import article, make_project, mkdocs_build, parse_html, visible_text

from generator.ids import paper_id
from generator.read.clean import clean_text

HOSTILE_TITLES = [
    "<script>alert(1)</script> Attention",
    "</title><script>alert(2)</script> closing the title",
    "[click me](javascript:alert(3)) and [ref][x]",
    "# Heading {: onclick=alert(4) } attribute list",
    "{{ config.site_name }} {% include 'base.html' %} templates",
    "| a | b | a table? |",
    "`code` and <img src=x onerror=alert(5)> image",
    "--- template: 404.html --- front matter",
    "&lt;b&gt;escaped&lt;/b&gt; &amp; AT&T <b>bold</b> entities",
    "Purpose: metadata? ==mark== ~~del~~ ^^ins^^ :smile: :material-github:",
    '--8<-- "mkdocs.yml" snippets',
    '"><svg/onload=alert(6)> attribute break',
    '!!! danger "admonition" and [TOC] and *[HTML]: abbr',
    "1. a list? - item > quote",
]
HOSTILE_ABSTRACTS = [
    "A <script>alert('a')</script> body with <iframe src=javascript:alert(1)></iframe> inside.",
    "[x](javascript:alert(1)) [y](data:text/html;base64,PHNjcmlwdD4=) <javascript:alert(1)> links.",
    "{: onclick=alert(1) } then {{ lipsum() }} and {% for x in y %}{% endfor %} and ${x} text.",
    "A line with # hash, | pipes | and `backticks` and ***stars*** and __under__ and [^1] notes.",
    "Entities &lt;script&gt; &#60;b&#62; &amp;amp; stay entities, and </div></article> stays text.",
    '--8<-- "/etc/passwd" and --8<-- ".env" are not included; <!-- comment --> stays.',
    "Quotes \" ' and backslashes \\ \\\\ and \\{ braces \\} without math.",
    "Bidi \u202eevil\u202c and zero\u200bwidth and emoji \U0001f600 are kept.",
    "Hash # at start, then <style>body{display:none}</style> and <link rel=stylesheet href=//x>.",
    "<a href='https://example.org' onclick='steal()'>a link tag</a> is text.",
    "Attribute { .md-button } and {#id} and {: data-x=1 } stay text.",
    "Material ++ctrl+alt+del++ and :fontawesome-brands-github: and ==highlight== stay text.",
    "A table row | --- | and a rule *** and === under nothing.",
    "HTML comment <!-- --> and CDATA <![CDATA[ x ]]> and <?php echo 1 ?> stay.",
]


BENIGN_TITLE = "A plain paper about state space models"
"""Listed with the hostile ones: the page they are compared with, from the same build."""


def hostile_digest() -> str:
    pairs = [f"{title}\n\n{abstract}" for title, abstract in zip(HOSTILE_TITLES, HOSTILE_ABSTRACTS, strict=True)]
    pairs.append(f"{BENIGN_TITLE}\n\nWe study linear recurrences for long sequences and compare them with attention.")
    return "Mar 12\n\n" + "\n\n".join(pairs) + "\n"


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory):
    project = make_project(tmp_path_factory.mktemp("hostile"), digests={"hostile.txt": hostile_digest()})
    build = mkdocs_build(project)
    assert build.returncode == 0, build.output
    return build


def section(html: str, heading_id: str) -> str:
    return re.search(rf'<h2 id="{heading_id}">.*?</h2>(.*?)(?=<h2 |<div data-pagefind-ignore|$)', html, re.DOTALL)[1]


@pytest.mark.parametrize(("title", "abstract"), list(zip(HOSTILE_TITLES, HOSTILE_ABSTRACTS, strict=True)))
def test_title_and_abstract_are_shown_literally(hostile_build, title, abstract):
    html = hostile_build.html(f"papers/{paper_id(title)}/index.html")
    content = article(html)
    heading = re.search(r"<h1[^>]*>(.*?)<a class=\"headerlink\"", content, re.DOTALL)[1]
    assert visible_text(heading) == title
    assert [tag for tag, _ in parse_html(heading).tags] == []
    assert unescape(re.search(r"<title>(.*?)</title>", html, re.DOTALL)[1]) == f"{title} - Paper digest"
    abstract_html = section(content, "abstract")
    assert visible_text(abstract_html) == " ".join(abstract.split())
    for tag, attributes in parse_html(abstract_html).tags:  # only a paragraph, and links to http(s) URLs it names
        assert (tag == "p" and not attributes) or (tag == "a" and list(attributes) == ["href"]), (tag, attributes)
        assert tag == "p" or (attributes["href"].startswith("https://") and attributes["href"] in abstract)
    description = re.search(r'<meta name="description" content="([^"]*)"', html)[1]
    assert unescape(description) in " ".join(abstract.split())


def test_pages_gain_no_tag_attribute_or_script(hostile_build):
    """Every hostile page has exactly the tags of a benign page of the same kind and the same
    site (a paper without notes, like them), outside the article."""
    benign = outside_article_tags(hostile_build.html(f"papers/{paper_id(BENIGN_TITLE)}/index.html"))
    for title in HOSTILE_TITLES:
        hostile = outside_article_tags(hostile_build.html(f"papers/{paper_id(title)}/index.html"))
        assert hostile == benign, title


def outside_article_tags(html: str) -> Counter:
    start, end = html.index('<article class="md-content__inner md-typeset">'), html.index("</article>")
    outside = html[:start] + html[end:]
    return Counter((tag, tuple(sorted(k for k in attributes))) for tag, attributes in parse_html(outside).tags)


def test_every_built_file_is_free_of_handlers_and_script_urls(hostile_build):
    for page in hostile_build.site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        for tag, attributes in parse_html(html).tags:
            assert tag not in ("iframe", "img", "svg", "style", "b") or (tag == "svg" and "onload" not in attributes), (
                page,
                tag,
            )
            for name, value in attributes.items():
                assert not name.startswith("on"), (page, tag, name)
                assert not re.match(r"\s*(javascript|data|vbscript):", value or "", re.I), (page, tag, name, value)
            if tag == "script":
                source = attributes.get("src", "")
                assert not source or source.startswith(
                    ("../../assets/", "../assets/", "assets/", "/paper-digest/assets/")
                ), attributes


def test_inline_scripts_are_only_the_themes(hostile_build, reference_build):
    def inline_scripts(html):
        return [body for body in re.findall(r"<script(?: [^>]*)?>(.*?)</script>", html, re.DOTALL)]

    benign = inline_scripts(reference_build.html(f"papers/{paper_id('Pointer Networks')}/index.html"))
    for title in HOSTILE_TITLES:
        assert inline_scripts(hostile_build.html(f"papers/{paper_id(title)}/index.html")) == benign


def test_search_index_holds_the_text_not_markup(hostile_build):
    # Pagefind indexes each page's visible text: a hostile title is there as the very text it is,
    # no markup of it became tags (the browser test checks that results show it escaped).
    docs = {doc["location"]: doc for doc in hostile_build.search_index()}
    for title, abstract in zip(HOSTILE_TITLES, HOSTILE_ABSTRACTS, strict=True):
        doc = docs[f"papers/{paper_id(title)}/"]
        assert doc["title"] == " ".join(clean_text(title).split())
        shown = " ".join(clean_text(abstract).split())[:40].replace("\u200b", "")  # Pagefind drops zero-width spaces
        assert shown in doc["text"]


def test_no_front_matter_key_or_template_code_took_effect(hostile_build):
    html = hostile_build.html(f"papers/{paper_id(HOSTILE_TITLES[7])}/index.html")
    assert "404 - Not found" not in html and HOSTILE_TITLES[7] in visible_text(article(html))
    templated = hostile_build.html(f"papers/{paper_id(HOSTILE_TITLES[4])}/index.html")
    assert "{{ config.site_name }}" in visible_text(article(templated))
    snippet = hostile_build.html(f"papers/{paper_id(HOSTILE_TITLES[10])}/index.html")
    assert "docs_dir" not in visible_text(article(snippet))  # mkdocs.yml was not pulled in
