"""The phrase language of topic rules: what a phrase in ``content/topics.yml`` matches.

A rule is a list of phrases, written the way a researcher would say them:

* a phrase matches whole words, ignoring case: ``state space model`` matches
  "State-Space Models" (a hyphen and a space are the same, a plural ``s``/``es`` is allowed);
* a phrase in capitals (an acronym: ``SSM``, ``S4``, ``RNN``) matches only in capitals and never
  inside another word: ``S4`` does not match "S4ND" and ``RNN`` does not match "Bernnie";
* a word ending in ``*`` matches any ending: ``recurren*`` matches "recurrent", "recurrence";
* a word matches its British and American spellings: ``modeling`` matches "modelling",
  ``optimisation`` matches "optimization", ``behavior`` matches "behaviour".
"""

from __future__ import annotations

import re

PLURAL_ENDINGS = ("s", "es")
"""What may follow a phrase's word in a text it matches: its plural (see `phrase_body`)."""
PLURAL = "(?:" + "|".join(sorted(PLURAL_ENDINGS, key=len, reverse=True)) + ")?"
"""PLURAL_ENDINGS as a pattern: ``(?:es|s)?``."""


SPELLING_RULES = tuple(
    (re.compile(pattern), replacement)
    for pattern, replacement in (
        # British on the left, American on the right; each rule is tried both ways.
        (r"^(\w{3,}e)ll(ing|ed|er|ers)$", r"\1l\2"),  # modelling, labelled, tunnelling
        (r"^(\w{2,})isation(s?)$", r"\1ization\2"),  # optimisation, generalisation
        (r"^(\w{2,})is(e|es|ed|ing|er|ers)$", r"\1iz\2"),  # optimise, characterised, optimiser
        (r"^(\w{2,})ys(e|ed|ing|er|ers)$", r"\1yz\2"),  # analyse, analysed (not the plural "analyses")
        (r"^(\w{3,})our(|s|ed|ing|al|ally|hood|hoods|ful|able|ably|ite|ites)$", r"\1or\2"),  # behaviour, colour
        (r"^(\w{2,})tre(s?)$", r"\1ter\2"),  # centre, fibre
        (r"^(\w{3,})ogue(s?)$", r"\1og\2"),  # catalogue, analogue
    )
)
AMERICAN_TO_BRITISH = tuple(
    (re.compile(pattern), replacement)
    for pattern, replacement in (
        (r"^(\w{3,}e)l(ing|ed|er|ers)$", r"\1ll\2"),
        (r"^(\w{2,})ization(s?)$", r"\1isation\2"),
        (r"^(\w{2,})iz(e|es|ed|ing|er|ers)$", r"\1is\2"),
        (r"^(\w{2,})yz(e|ed|ing|er|ers)$", r"\1ys\2"),  # not "analyzes", a verb: "analyses" is a plural
        (r"^(\w{3,})or(|s|ed|ing|al|ally|hood|hoods|ful|able|ably|ite|ites)$", r"\1our\2"),
        (r"^(\w{2,})ter(s?)$", r"\1tre\2"),
        (r"^(\w{3,})og(s?)$", r"\1ogue\2"),
    )
)


def spellings(word: str) -> tuple[str, ...]:
    """``word`` (lowercase) and its other spelling, British or American, if a rule gives one.
    A rule may give a word nobody writes ("vectour" of "vector"): it matches nothing."""
    others = [rule.sub(replacement, word) for rule, replacement in SPELLING_RULES + AMERICAN_TO_BRITISH]
    return (word, *sorted({other for other in others if other != word}))


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
        elif is_acronym(word) or len(forms := spellings(word.lower())) == 1:
            parts.append(re.escape(word) + PLURAL)
        else:
            parts.append("(?:" + "|".join(map(re.escape, forms)) + ")" + PLURAL)
    return r"[\s-]+".join(parts)


PLAIN_WORD = re.compile(r"\w+")


def phrase_needles(phrase: str) -> tuple[str, ...]:
    """The words that every match of ``phrase`` holds as whole words of the text, give or take
    a plural ending and the other spelling (:func:`spellings`), case-folded. A word ending in ``*`` or holding punctuation ("3.5") is left
    out: it rules nothing out. See WordIndex."""
    return tuple(word.casefold() for word in re.split(r"[\s-]+", phrase.strip()) if PLAIN_WORD.fullmatch(word))


def is_acronym(phrase: str) -> bool:
    return phrase.upper() == phrase and phrase.lower() != phrase
