"""Untrusted text shown literally: whatever markdown, HTML or extension syntax it holds."""

import re

import pytest
from conftest import parse_html
from hypothesis import given
from hypothesis import strategies as st
from markdown_helpers import render_markdown

from generator.read.clean import clean_text
from generator.render.escape import literal
from generator.urls import safe_url

HOSTILE = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[click](javascript:alert(1))",
    "[ref]: javascript:alert(1)",
    "# Title {: onclick=alert(1) }",
    "Title {: #id .class onclick=alert(1) }",
    "---\ntemplate: 404.html\n---",
    "{{ config.site_name }} {% include 'x' %}",
    "| a | b |\n|---|---|\n| c | d |",
    "`code` and ``more``",
    "**bold** _em_ ~~del~~ ==mark== ^^ins^^ ++ctrl+alt++",
    '!!! danger "Admonition"\n    body',
    '--8<-- ".env"',
    ":smile: :material-github:",
    "$x^2$ and \\(y\\) and $$z$$",
    "<https://evil.example> and https://evil.example",
    "&lt;script&gt; &amp; &#60; &#x3C;",
    "1. not a list\n- not a list\n> not a quote\n    not code",
    "Purpose: not metadata",
    "[TOC]",
    "*[HTML]: abbreviation",
    "text[^1]\n\n[^1]: footnote",
    "\\(escaped paren\\) \\\\ backslashes",
    "<!-- comment --> <![CDATA[x]]>",
    "A — ÇÜ 漢字 ‮bidi‬ zero​width",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_literal_text_renders_exactly_with_no_markup(text):
    html = render_markdown(f"Start: {literal(text)}")
    parsed = parse_html(html)
    assert [tag for tag, _ in parsed.tags] == ["p"], html
    assert parsed.tags[0][1] == {}
    assert "".join(parsed.text) == "Start: " + collapse(text)


def collapse(text: str) -> str:
    return re.sub(r"\s+", " ", text)


@pytest.mark.parametrize("text", HOSTILE)
def test_literal_text_as_a_heading_and_a_link_label(text):
    html = render_markdown(f"# {literal(text)}\n\n- [{literal(text)}](page.md)")
    parsed = parse_html(html)
    tags = [tag for tag, _ in parsed.tags]
    assert tags == ["h1", "a", "ul", "li", "a"], html
    assert [attributes.get("href") for tag, attributes in parsed.tags if tag == "a"] == [
        "#" + parsed.tags[0][1]["id"],
        "page.md",
    ]


def test_clean_text_drops_control_characters_and_collapses_space():
    assert clean_text("a\x00b\x1b[31mc\t d\r\n e") == "ab[31mc d e"
    assert clean_text("para one\n\n\n  para two  ") == "para one\n\npara two"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://github.com/NX-AI/flashrnn", "https://github.com/NX-AI/flashrnn"),
        ("https://x.org/a(b)c d", "https://x.org/a%28b%29c%20d"),
        ("javascript:alert(1)", None),
        ("data:text/html,<script>", None),
        ('https://evil"onclick=x/', None),
        ("ftp://x.org/file", None),
    ],
)
def test_safe_url(url, expected):
    assert safe_url(url) == expected


# Any text, and text made of the characters the shortcut in `one_line` tells apart.
_texts = st.one_of(st.text(), st.text(alphabet=" \t\n\r\x0b\x0c\x1c\x85\xa0\u2028\u3000ab.-"))


@given(_texts)
def test_one_line_collapses_white_space_as_splitting_into_words_does(text):
    """The shortcut for text without white space but single spaces gives what the general case gives."""
    from generator.text import one_line

    expected = " ".join(text.split())
    if text[:1].isspace():
        expected = " " + expected
    if text[-1:].isspace() and expected != " ":
        expected += " "
    assert one_line(text) == expected
