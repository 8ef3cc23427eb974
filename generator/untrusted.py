"""Untrusted text (titles and abstracts scraped from the web) made into markdown that shows it literally.

HTML-escaping is not enough for markdown: ``[x](javascript:...)``, ``{: onclick=... }``, ``#``
at a line start, ``|`` tables, backticks or ``$`` math are all made of plain characters.
Every ASCII punctuation character, the only characters markdown syntax is made of, becomes a
numeric character reference (``&#91;``). Python-Markdown passes such references through, the
browser shows the character, and no extension (attribute lists, arithmatex, emoji, tables) can
see syntax in them. Backslash escapes would not do: ``\\(`` is math to arithmatex.
"""

from __future__ import annotations

import functools
import re
from urllib.parse import quote, urlsplit


class SafeMarkdown(str):
    """Markdown that may be inserted into a page as it is: escaped, generated, or trusted."""


ASCII_PUNCTUATION = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
ESCAPES = {ord(char): f"&#{ord(char)};" for char in ASCII_PUNCTUATION}
# What `literal` escapes: every punctuation character but the comma (no markdown syntax uses
# it), and `.` or `-` between two letters or digits ("11.9", "state-space"), which cannot start
# a list, a rule or a heading underline there. Keeps pages readable and small.
_LITERAL_ESCAPES = {chr(code): escape for code, escape in ESCAPES.items() if chr(code) != ","}
# One expression that finds them: str.translate with a dict looks up every character in Python
# (1.7 s for 13,000 abstracts); the expression scans in C and calls back only on punctuation.
_LITERAL_PUNCTUATION = re.compile("[" + re.escape("".join(sorted(_LITERAL_ESCAPES))) + "]")
# The literal first, the letter or digit before it checked after: an expression that starts
# with a lookbehind is tried at every character (0.56 s -> 0.09 s for 13,000 abstracts).
_ESCAPED_INNER_PUNCTUATION = re.compile(r"&#4[56];(?<=[^\W_]&#4[56];)(?=[^\W_])")
_INNER_PUNCTUATION = {"&#46;": ".", "&#45;": "-"}


def clean_text(text: str) -> str:
    """The documented normalisation of untrusted text, applied when it is read.

    Control characters (NUL, escape, ...) are dropped: they have no glyph and no meaning in a title
    or abstract. Each paragraph's white space is collapsed to single spaces; paragraphs stay
    separated by one blank line. Everything else, bidi and zero-width characters included, is kept.
    """
    if text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
        # Nothing to do (most names and titles): no control or separator character but single
        # spaces inside. Checked in C, where the general case costs a pass per step.
        return text
    return clean_paragraphs(text)


def clean_paragraphs(text: str) -> str:
    """clean_text step by step."""
    paragraphs = re.split(r"\n[ \t]*\n", text)
    cleaned = (collapse_spaces(drop_control_characters(paragraph)) for paragraph in paragraphs)
    return "\n\n".join(paragraph for paragraph in cleaned if paragraph)


CONTROL_CHARACTERS = {
    code: " " if chr(code) in "\t\n" else None
    for code in [*range(0x00, 0x20), *range(0x7F, 0xA0)]  # Unicode category Cc, all of it
}


def drop_control_characters(text: str) -> str:
    return text.translate(CONTROL_CHARACTERS)


def collapse_spaces(text: str) -> str:
    return " ".join(text.split())


def literal(text: str) -> SafeMarkdown:
    """Markdown that renders exactly ``text``, on one line, with no markup of any kind.

    Runs of white space become one space (a newline or four spaces could start a block); a
    space at either end is kept, since the text may sit between other pieces of a paragraph.
    """
    if len(text) <= SHORT_TEXT:
        return SafeMarkdown(_escaped_short(text))
    return SafeMarkdown(_escaped(text))


SHORT_TEXT = 400
"""Titles (400 characters at most) recur on many pages: their escaped form is remembered."""


def _escaped(text: str) -> str:
    # Two substitutions that call back only on punctuation: a callback per character was the
    # generator's single largest cost on large sites.
    escaped = _LITERAL_PUNCTUATION.sub(_escape_match, one_line(text))
    return _ESCAPED_INNER_PUNCTUATION.sub(_unescape_inner, escaped) if "&#4" in escaped else escaped


def one_line(text: str) -> str:
    """``text`` with each run of white space made one space."""
    if text.isprintable() and "  " not in text:
        # No white space but single spaces: text read from a digest (see clean_text) is already
        # so, and the test in C costs a tenth of splitting it into words to join them again.
        return text
    collapsed = " ".join(text.split())
    if text[:1].isspace():
        collapsed = " " + collapsed
    if text[-1:].isspace() and collapsed != " ":
        collapsed += " "
    return collapsed


_escaped_short = functools.lru_cache(maxsize=1 << 16)(_escaped)


def _escape_match(match: re.Match[str]) -> str:
    return _LITERAL_ESCAPES[match[0]]


def _unescape_inner(match: re.Match[str]) -> str:
    return _INNER_PUNCTUATION[match[0]]


URL_SAFE_CHARACTERS = "/:?#@!&*+,;=%-._~"
"""Kept as they are in a link target; everything else, ``( ) < > " ' $ `` included, is percent-encoded."""


def safe_url(url: str) -> str | None:
    """An http(s) URL fit for a markdown link target, or None for any other scheme or a bad host."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https"):
        return None
    if not re.fullmatch(r"[A-Za-z0-9.-]+(:\d{1,5})?", parts.netloc or ""):
        return None
    return quote(url, safe=URL_SAFE_CHARACTERS)


def markdown_link(label: SafeMarkdown, url: str) -> SafeMarkdown:
    """``[label](url)`` for an http(s) URL; the bare label when the URL is not one."""
    target = safe_url(url)
    return SafeMarkdown(f"[{label}]({target})" if target else label)
