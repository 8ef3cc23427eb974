"""Plain facts about text: its punctuation, the one place runs of white space are made single
spaces, and what of a text is not words (web addresses, TeX commands)."""

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
        # so, and the test in C costs a tenth of splitting it into words to join them again.
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
TEX_COMMAND = re.compile(r"\\[A-Za-z]+")


def without_addresses(text: str) -> str:
    """``text`` with its web addresses made spaces ("https github com" says nothing of a paper)."""
    return URL.sub(" ", text) if might_hold_url(text) else text


def might_hold_url(text: str) -> bool:
    """Whether ``text`` may hold a URL: a substring test, far cheaper than the expression."""
    return "://" in text or "www." in text.lower()


def without_tex_commands(text: str) -> str:
    """``text`` with TeX commands (``\\mathbb``, ``\\frac``) made spaces: they say nothing of a field."""
    return TEX_COMMAND.sub(" ", text) if "\\" in text else text


TEX_GREEK_LETTERS = tuple(
    """alpha beta gamma delta epsilon varepsilon zeta eta theta vartheta iota kappa lambda mu nu xi pi varpi rho
    varrho sigma varsigma tau upsilon phi varphi chi psi omega Gamma Delta Theta Lambda Xi Pi Sigma Upsilon Phi
    Psi Omega""".split()
)
"""TeX's commands for Greek letters: what a title's math may keep in BibTeX, what a listing that
lost its backslashes is given back, and what a paper's address says aloud."""
