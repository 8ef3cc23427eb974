"""Plain facts about text: its punctuation, and the one place runs of white space are made
single spaces."""

from __future__ import annotations

ASCII_PUNCTUATION = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
"""The only characters markdown syntax is made of."""


def collapse_spaces(text: str) -> str:
    return " ".join(text.split())


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
