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

from generator.text import ASCII_PUNCTUATION, one_line
from generator.urls import safe_url


class SafeMarkdown(str):
    """Markdown that may be inserted into a page as it is: escaped, generated, or trusted."""


ESCAPES = {ord(char): f"&#{ord(char)};" for char in ASCII_PUNCTUATION}
# What `literal` escapes: every punctuation character but the comma (no markdown syntax uses
# it), and `.` or `-` between two letters or digits ("11.9", "state-space"), which cannot start
# a list, a rule or a heading underline there. Keeps pages readable and small.
_LITERAL_ESCAPES = {chr(code): escape for code, escape in ESCAPES.items() if chr(code) != ","}
# One expression that finds them: str.translate with a dict looks up every character in
# Python; the expression scans in C and calls back only on punctuation.
_LITERAL_PUNCTUATION = re.compile("[" + re.escape("".join(sorted(_LITERAL_ESCAPES))) + "]")
# The literal first, the letter or digit before it checked after: an expression that starts
# with a lookbehind is tried at every character.
_ESCAPED_INNER_PUNCTUATION = re.compile(r"&#4[56];(?<=[^\W_]&#4[56];)(?=[^\W_])")
_INNER_PUNCTUATION = {"&#46;": ".", "&#45;": "-"}


SHORT_TEXT = 400
"""Titles (400 characters at most) recur on many pages: their escaped form is remembered."""


def literal(text: str) -> SafeMarkdown:
    """Markdown that renders exactly ``text``, on one line, with no markup of any kind.

    Runs of white space become one space (a newline or four spaces could start a block); a
    space at either end is kept, since the text may sit between other pieces of a paragraph.
    """
    if len(text) <= SHORT_TEXT:
        return SafeMarkdown(_escaped_short(text))
    return SafeMarkdown(_escaped(text))


def _escaped(text: str) -> str:
    # Two substitutions that call back only on punctuation: a callback per character was the
    # generator's single largest cost on large sites.
    escaped = _LITERAL_PUNCTUATION.sub(_escape_match, one_line(text))
    return _ESCAPED_INNER_PUNCTUATION.sub(_unescape_inner, escaped) if "&#4" in escaped else escaped


_escaped_short = functools.lru_cache(maxsize=1 << 16)(_escaped)


def _escape_match(match: re.Match[str]) -> str:
    return _LITERAL_ESCAPES[match[0]]


def _unescape_inner(match: re.Match[str]) -> str:
    return _INNER_PUNCTUATION[match[0]]


def markdown_link(label: SafeMarkdown, url: str) -> SafeMarkdown:
    """``[label](url)`` for an http(s) URL; the bare label when the URL is not one."""
    target = safe_url(url)
    return SafeMarkdown(f"[{label}]({target})" if target else label)
