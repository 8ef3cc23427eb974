"""The phrase language of topic rules: what a phrase in ``content/topics.yml`` matches.

A rule is a list of phrases, written the way a researcher would say them:

* a phrase matches whole words, ignoring case: ``state space model`` matches
  "State-Space Models" (a hyphen and a space are the same, a plural ``s``/``es`` is allowed);
* a phrase in capitals (an acronym: ``SSM``, ``S4``, ``RNN``) matches only in capitals and never
  inside another word: ``S4`` does not match "S4ND" and ``RNN`` does not match "Bernnie";
* a word ending in ``*`` matches any ending: ``recurren*`` matches "recurrent", "recurrence".
"""

from __future__ import annotations

import re

PLURAL_ENDINGS = ("s", "es")
"""What may follow a phrase's word in a text it matches: its plural (see `phrase_body`)."""
PLURAL = "(?:" + "|".join(sorted(PLURAL_ENDINGS, key=len, reverse=True)) + ")?"
"""PLURAL_ENDINGS as a pattern: ``(?:es|s)?``."""


def phrase_pattern(phrase: str) -> str | None:
    """The regular expression for one phrase (see the module docstring), or None if it can never match."""
    body = phrase_body(phrase)
    if body is None:
        return None
    return rf"(?<!\w){body}(?!\w)" if is_acronym(phrase) else rf"(?<!\w)(?i:{body})(?!\w)"


def phrase_body(phrase: str) -> str | None:
    words = [word for word in re.split(r"[\s-]+", phrase) if word]
    if not words or not all(re.search(r"[^\W_]", word) for word in words):
        return None
    parts = []
    for word in words:
        if word.endswith("*"):
            parts.append(re.escape(word.rstrip("*")) + r"\w*")
        else:
            parts.append(re.escape(word) + PLURAL)
    return r"[\s-]+".join(parts)


PLAIN_WORD = re.compile(r"\w+")


def phrase_needles(phrase: str) -> tuple[str, ...]:
    """The words that every match of ``phrase`` holds as whole words of the text, give or take
    a plural ending, case-folded. A word ending in ``*`` or holding punctuation ("3.5") is left
    out: it rules nothing out. See WordIndex."""
    return tuple(word.casefold() for word in re.split(r"[\s-]+", phrase.strip()) if PLAIN_WORD.fullmatch(word))


def is_acronym(phrase: str) -> bool:
    return phrase.upper() == phrase and phrase.lower() != phrase
