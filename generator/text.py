"""Plain facts about text: its punctuation, the one place runs of white space are made single
spaces, and the web addresses in it (TeX is read in :mod:`generator.tex`)."""

from __future__ import annotations

import re

ASCII_PUNCTUATION = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
"""The only characters markdown syntax is made of."""


def collapse_spaces(text: str) -> str:
    return " ".join(text.split())


def one_line(text: str) -> str:
    """``text`` with each run of white space made one space."""
    if text.isprintable() and "  " not in text:
        # No white space but single spaces: text read from a digest (see clean_text) is already
        # so, and the test in C costs far less than splitting it into words to join them again.
        return text
    collapsed = " ".join(text.split())
    if text[:1].isspace():
        collapsed = " " + collapsed
    if text[-1:].isspace() and collapsed != " ":
        collapsed += " "
    return collapsed


# The lookahead first: the engine skips in C to the next h or w, where a case-insensitive
# start would be tried at every character.
URL = re.compile(r"(?=[hHwW])(?i:https?://|www\.)[^\s<>\"'`]+")
"""A web address in prose: what an abstract's page links, and what the models of meaning and
of shared terms leave out."""


def without_addresses(text: str) -> str:
    """``text`` with its web addresses made spaces ("https github com" says nothing of a paper)."""
    return URL.sub(" ", text) if might_hold_url(text) else text


def might_hold_url(text: str) -> bool:
    """Whether ``text`` may hold a URL: a substring test, far cheaper than the expression."""
    return "://" in text or "www." in text.lower()
