"""The phrase language of topic rules: what a phrase in ``content/topics.yml`` matches.

A rule is a list of phrases, written the way a researcher would say them:

* a phrase matches whole words, ignoring case: ``state space model`` matches
  "State-Space Models" (a hyphen and a space are the same, a plural ``s``/``es`` is allowed);
* a phrase in capitals (an acronym: ``SSM``, ``S4``, ``RNN``) matches only in capitals and never
  inside another word: ``S4`` does not match "S4ND" and ``RNN`` does not match "Bernnie";
* a word ending in ``*`` matches any ending: ``recurren*`` matches "recurrent", "recurrence";
* a word matches its British and American spellings: ``modeling`` matches "modelling",
  ``optimisation`` matches "optimization", ``behavior`` matches "behaviour";
* a word written in the plural matches its singular too: ``language models`` matches
  "a language model", ``processes`` matches "process" (but ``dynamics``, ``loss`` and other
  singular words ending in *s* are left whole, and a plural in -ies is a word of its own:
  ``theory`` and ``theories``).
"""

from __future__ import annotations

import re

PLURAL_ENDINGS = ("s", "es")
"""What may follow a phrase's word in a text it matches: its plural (see `phrase_body`)."""
PLURAL = "(?:" + "|".join(sorted(PLURAL_ENDINGS, key=len, reverse=True)) + ")?"
"""PLURAL_ENDINGS as a pattern: ``(?:es|s)?``."""


SPELLING_PAIRS = (
    # British, American, the endings that may follow, the shortest stem before them.
    ("ell", "el", ("ing", "ed", "er", "ers"), 3),  # modelling, labelled, tunnelling
    ("isation", "ization", ("", "s"), 2),  # optimisation, generalisation
    ("is", "iz", ("e", "es", "ed", "ing", "er", "ers"), 2),  # optimise, characterised, optimiser
    ("ys", "yz", ("e", "ed", "ing", "er", "ers"), 2),  # analyse, analysed (not "analyses", a plural)
    ("our", "or", ("", "s", "ed", "ing", "al", "ally", "hood", "hoods", "ful", "able", "ably", "ite", "ites"), 3),
    ("tre", "ter", ("", "s"), 2),  # centre, fibre
    ("ogue", "og", ("", "s"), 3),  # catalogue, analogue
)
SPELLING_RULES = tuple(
    (re.compile(rf"^(\w{{{stem},}}){source}({'|'.join(endings)})$"), rf"\1{target}\2")
    for british, american, endings, stem in SPELLING_PAIRS
    for source, target in ((british, american), (american, british))
)
"""Each pair of SPELLING_PAIRS as two rewrites of a word: British to American, and back."""


def spellings(word: str) -> tuple[str, ...]:
    """``word`` (lowercase) and its other spelling, British or American, if a rule gives one.
    A rule may give a word nobody writes ("vectour" of "vector"): it matches nothing."""
    others = [rule.sub(replacement, word) for rule, replacement in SPELLING_RULES]
    return (word, *sorted({other for other in others if other != word}))


SINGULAR_NOUN_ENDINGS = ("ss", "us", "is", "ics")
"""Words with these endings are singular ("loss", "corpus", "analysis", "dynamics"): never cut."""


def written_forms(word: str) -> tuple[str, ...]:
    """``word`` (lowercase), its other spelling (:func:`spellings`) and, for a word written in
    the plural, its singular: a phrase matches its plurals, and ``graph neural networks`` is
    meant to match "a graph neural network" too. A cut that leaves a word nobody writes
    ("processe" of "processes") matches nothing; short words are left whole ("news", "gas"),
    and a plural in -ies is a word of its own ("theories", "series"), as the phrase table
    counts words (``phrase_table.singular_of``): suggested rules place what was counted."""
    forms = list(spellings(word))
    for form in list(forms):
        if len(form) < 5 or form.endswith(SINGULAR_NOUN_ENDINGS) or not form.endswith("s") or form.endswith("ies"):
            continue
        forms.append(form[:-1])  # "models": "model"
        if form.endswith("es") and len(form) >= 6:
            forms.append(form[:-2])  # "processes": "process"
    return tuple(dict.fromkeys(forms))


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
        elif is_acronym(word) or len(forms := written_forms(word.lower())) == 1:
            parts.append(re.escape(word) + PLURAL)
        else:
            parts.append("(?:" + "|".join(map(re.escape, forms)) + ")" + PLURAL)
    return r"[\s-]+".join(parts)


PLAIN_WORD = re.compile(r"\w+")


def phrase_needles(phrase: str) -> tuple[str, ...]:
    """The words that every match of ``phrase`` holds as whole words of the text, give or take
    a plural ending, the singular and the other spelling (:func:`written_forms`), case-folded.
    A word ending in ``*`` or holding punctuation ("3.5") is left out: it rules nothing out.
    See WordIndex."""
    return tuple(word.casefold() for word in re.split(r"[\s-]+", phrase.strip()) if PLAIN_WORD.fullmatch(word))


def is_acronym(phrase: str) -> bool:
    return phrase.upper() == phrase and phrase.lower() != phrase
