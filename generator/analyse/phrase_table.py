"""Phrases of one to three words, counted over papers as NumPy codes: which papers each would
place (in the title, or in the abstract), and how authors write them. What suggested topics are
named by and described with (:mod:`generator.analyse.suggest`)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from functools import cached_property

import numpy as np
from scipy import sparse

from generator.analyse.abstract_prose import NOT_NAMES
from generator.analyse.similarity import STOP_WORD_SET
from generator.model import Paper
from generator.phrases import PLURAL_ENDINGS, phrase_pattern, spellings
from generator.tex import without_tex_commands

STOP_WORDS = STOP_WORD_SET | frozenset(
    "let prove proved obtain obtained study studied studies consider considered given recent recently "
    "provide provides provided discuss discussed investigate investigated find finds found derive derived "
    "allow allows allowing able known furthermore moreover however thus also various via respectively "
    "several paper article first second one two three et al".split()
)
"""Words no phrase starts or ends with: English stop words and the prose of papers ("let", "we prove")."""
MOST_PAPERS_WITH_PHRASE = 0.6
"""A phrase in more of the papers names no group of them."""


PIECE = re.compile(r"([^\W_]+)(-?)|[^\w\s-]")
"""A word (and whether a hyphen follows it), or a mark that ends a phrase (a phrase's words are
separated by spaces or hyphens)."""


def phrase_words(text: str) -> list[str]:
    """The words of a text for phrases, lowercased, and the marks that end phrases. A stop word
    joined to the next by a hyphen keeps it ("few-", "in-", "self-"): "few-shot learning" and
    "in-context learning" are phrases, though "few" and "in" never start one."""
    words = []
    after_hyphen = False
    for match in PIECE.finditer(without_tex_commands(text).lower()):
        word, hyphen = match.group(1), match.group(2)
        if word is None:
            words.append(match.group())
        else:  # "to" in "text-to-image" is inside a word, and starts no phrase
            words.append(word + "-" if hyphen and not after_hyphen and word in STOP_WORDS else word)
        after_hyphen = bool(hyphen)
    return words


class PhraseTable:
    """Which papers each phrase of one to three words would place (in the title, or in the abstract
    at least once): phrases neither starting nor ending with a stop word, in at least three papers."""

    def __init__(self, papers: Sequence[Paper]) -> None:
        titles = [phrase_words(paper.title) for paper in papers]
        abstracts = [phrase_words(paper.abstract) for paper in papers]
        seen = Counter(word for text in titles + abstracts for word in set(text))
        self.singular = {word: singular_of(word, seen) for word in sorted(seen)}
        self.words = sorted(set(self.singular.values()))
        self.number = number = {word: place for place, word in enumerate(self.words)}
        ends_phrase = np.array([not word[0].isalnum() for word in self.words], dtype=bool)
        # "few-" ends no phrase: its word follows.
        self.no_end = np.array([word.endswith("-") for word in self.words], dtype=bool)
        no_edge = ends_phrase | np.array([is_filler(word) for word in self.words], dtype=bool)
        self.size = len(self.words)
        coded = [self.phrase_codes(text, number, ends_phrase, no_edge) for text in titles + abstracts]
        codes, columns = np.unique(np.concatenate(coded) if coded else np.zeros(0, np.int64), return_inverse=True)
        columns = columns.reshape(-1)
        lengths = [len(codes_of_text) for codes_of_text in coded]
        in_titles = sum(lengths[: len(papers)])
        rows = np.repeat(np.arange(len(coded)) % len(papers), lengths)
        shape = (len(papers), len(codes))
        in_title = sparse.csr_matrix(
            (np.ones(in_titles, dtype=bool), (rows[:in_titles], columns[:in_titles])), shape=shape
        )
        placed = sparse.csr_matrix((np.ones(len(rows), dtype=bool), (rows, columns)), shape=shape)
        in_papers = np.asarray(placed.sum(axis=0)).ravel()
        in_title_count = np.asarray(in_title.sum(axis=0)).ravel()
        is_word = codes < self.size
        # A single word places papers only if titles use it: titles say what papers are about,
        # while abstracts also hold the words of any field ("develop", "demonstrating").
        kept = np.flatnonzero(
            (in_papers >= 3) & (in_papers <= MOST_PAPERS_WITH_PHRASE * len(papers)) & (~is_word | (in_title_count >= 2))
        )
        self.placed = placed[:, kept].tocsc()
        """papers x phrases: True where the phrase would place the paper."""
        self.in_title = in_title[:, kept].tocsc()
        self.in_papers = in_papers[kept]
        self.codes = codes[kept]

    def phrase_codes(self, text: list[str], number: dict, ends_phrase: np.ndarray, no_edge: np.ndarray) -> np.ndarray:
        """Each phrase of ``text`` as one number: words, then pairs, then triples."""
        size = self.size
        ids = np.fromiter((number[self.singular[word]] for word in text), dtype=np.int64, count=len(text))
        parts = [ids[~no_edge[ids] & ~self.no_end[ids]]]
        if len(ids) > 1:
            first, second = ids[:-1], ids[1:]
            whole = ~no_edge[first] & ~no_edge[second] & ~self.no_end[second]
            parts.append(size + (first * size + second)[whole])
        if len(ids) > 2:
            first, middle, last = ids[:-2], ids[1:-1], ids[2:]
            whole = ~no_edge[first] & ~ends_phrase[middle] & ~no_edge[last] & ~self.no_end[last]
            parts.append(size + size * size + ((first * size + middle) * size + last)[whole])
        return np.concatenate(parts)

    @cached_property
    def prose(self) -> np.ndarray:
        """Which phrases are words every field uses (NOT_NAMES): never a name alone."""
        return np.array([self.phrase(column) in NOT_NAMES for column in range(len(self.codes))], dtype=bool)

    def carrying(self, column: int, papers: Sequence[Paper], among: np.ndarray) -> list[Paper]:
        """The papers of ``among`` (a mask over ``papers``, the table's rows) that carry the phrase
        ``column``: the only ones in which how the phrase is written can be read."""
        rows = np.flatnonzero(among & (self.placed[:, column].toarray().ravel() > 0))
        return [papers[row] for row in rows.tolist()]

    def holds(self, phrase: str) -> bool:
        """Whether ``phrase`` (words of the table, space-separated) is one of its phrases."""
        return self.column(phrase) is not None

    def column(self, phrase: str) -> int | None:
        """The column of ``phrase`` (words of the table, space-separated), if it is one."""
        words = phrase.replace("-", "- ").split()  # "few-shot" is the words "few-" and "shot"
        if len(words) > 3 or not all(word in self.number for word in words):
            return None
        code = 0
        for word in words:
            code = code * self.size + self.number[word]
        code += sum(self.size**length for length in range(1, len(words)))
        place = int(np.searchsorted(self.codes, code))
        return place if place < len(self.codes) and int(self.codes[place]) == code else None

    def phrase(self, column: int) -> str:
        code, size = int(self.codes[column]), self.size
        if code < size:
            words = [code]
        elif code < size + size * size:
            words = [(code - size) // size, (code - size) % size]
        else:
            code -= size + size * size
            words = [code // (size * size), code // size % size, code % size]
        return " ".join(self.words[word] for word in words).replace("- ", "-")  # "few- shot": "few-shot"


def singular_of(word: str, seen: Mapping[str, int]) -> str:
    """The form a phrase is written in: "models" as "model" when the texts use it (a phrase's
    word matches its plurals too), and of its British and American spellings the one more
    texts use ("modelling" as "modeling": a phrase's word matches both)."""
    for ending in PLURAL_ENDINGS:  # "states": "state" before "stat"
        if word.endswith(ending) and len(word) > len(ending) + 2 and word[: -len(ending)] in seen:
            word = word[: -len(ending)]
            break
    return max((form for form in spellings(word) if form in seen), key=lambda form: (seen[form], form), default=word)


def is_filler(word: str) -> bool:
    """A word a phrase may hold inside ("mixture of experts") but not start or end with: a stop
    word, a number, or a code such as "11e" (but "3d" is a word)."""
    return word in STOP_WORDS or len(word) < 2 or (word[0].isdigit() and len(word) > 2)


def distinct_phrases(phrases: list[str]) -> list[str]:
    """The phrases in order, each sharing no word with one before it."""
    kept: list[str] = []
    for phrase in phrases:
        if not any(overlaps(phrase, other) for other in kept):
            kept.append(phrase)
    return kept


def overlaps(phrase: str, other: str) -> bool:
    """Whether two phrases share a word, or its stem ("guiding", "guidance"; "entangled", "entanglement")."""
    return any(same_stem(word, other_word) for word in phrase.split() for other_word in other.split())


def same_stem(word: str, other: str) -> bool:
    """At least four letters in common at the start, and at most three left of the shorter word."""
    shared = 0
    for letter, other_letter in zip(word, other, strict=False):
        if letter != other_letter:
            break
        shared += 1
    return word == other or (shared >= 4 and shared >= min(len(word), len(other)) - 3)


def uses_of(phrase: str, after: str = "") -> re.Pattern[str]:
    """Where a text uses the phrase (as topics.yml rules match it), followed by ``after``."""
    return re.compile((phrase_pattern(phrase) or re.escape(phrase)) + after)


def is_fragment(phrase: str, papers: list[Paper]) -> bool:
    """Whether titles mostly write the phrase as the end of a longer word ("Few-Shot Learning"
    holds "shot learning"): no name for a topic."""
    pattern = uses_of(phrase)
    starts = [
        title[match.start() - 1 : match.start()]
        for paper in papers
        for title in [paper.title]
        for match in pattern.finditer(title)
    ]
    return sum(1 for before in starts if before == "-") * 2 > len(starts)


def written_phrase(phrase: str, papers: list[Paper], cased: dict[str, str]) -> str:
    """The phrase as the group's titles write it most often ("Text-to-Image Diffusion Models"),
    each word cased as its abstracts write it most often (``cased``, see usual_case:
    "text-to-image diffusion models", "LLM", "Mamba")."""
    pattern = uses_of(phrase)
    forms = Counter(match.group() for paper in papers for match in pattern.finditer(paper.title))
    if not forms:
        forms = Counter(match.group() for paper in papers for match in pattern.finditer(paper.abstract))
    written = min(forms, key=lambda form: (-forms[form], form)) if forms else phrase
    text = re.sub(r"[^\W_]+", lambda word: cased.get(word.group().lower(), word.group().lower()), written)
    return re.sub(r"\s+", " ", text)


def sentence_case(text: str) -> str:
    """The first letter a capital; only words, spaces, hyphens and apostrophes kept (a title is
    made of the digests' untrusted words: nothing in it may be read as markup anywhere)."""
    text = re.sub(r"[^\w\s'-]|_", "", text)
    return text[:1].upper() + text[1:]


SENTENCE_START = re.compile(r"(?:^|[.!?])\s*")


def usual_case(texts: list[str]) -> dict[str, str]:
    """Each word (lowercased) as running text writes it: in lowercase, unless one other form is
    used more than twice as often ("Mamba", "Gaussian", "LLM"; but "Reinforcement Learning (RL)"
    in a few abstracts leaves "reinforcement learning"). A word that opens a sentence is not
    counted: it has a capital whatever it is ("Autoregressive models ..." says nothing of
    "autoregressive"). Abstracts, not titles: most titles capitalise every word."""
    forms: Counter[str] = Counter()
    for text in texts:
        starts = {match.end() for match in SENTENCE_START.finditer(text)}
        # \w+, underscores included: "ibm_fez" names a machine and says nothing of "IBM".
        forms.update(match.group() for match in re.finditer(r"\w+", text) if match.start() not in starts)
    usual: dict[str, str] = {}
    for form, number in sorted(forms.items(), key=lambda item: (-item[1], item[0])):
        key = form.lower()
        if key not in usual:
            usual[key] = form if form == key or number > 2 * forms.get(key, 0) else key
    return usual


COMPLETING_SHARE = 0.6
"""A phrase continued the same way by this share of its carriers stands for the longer one."""


def is_cut_short(phrase: str, papers: list[Paper]) -> bool:
    """Whether the papers mostly go on after the phrase with one same word ("multimodal large
    language" + "models"): a phrase of three words, the longest counted, that names nothing."""
    pattern = uses_of(phrase, r"[\s-]+([^\W_]+)")
    following = [match[1].lower() for paper in papers for match in pattern.finditer(f"{paper.title}\n{paper.abstract}")]
    return bool(following) and max(following.count(word) for word in set(following)) >= COMPLETING_SHARE * len(
        following
    )


LEAST_HEAD_SHARE = 0.3
"""A phrase that ends its noun phrase (before punctuation or a word like "of") in fewer than
this share of its uses modifies what follows ("temporal", "latent", "real-world"; "diffusion"
of "diffusion models") and says little alone."""
LEAST_COMPLETION_SHARE = 0.4


def as_described(phrase: str, papers: list[Paper]) -> str | None:
    """The phrase as a description names it: a word that mostly modifies the next one stands
    for the phrase it most often starts ("diffusion models"), when that is at least
    LEAST_COMPLETION_SHARE of those uses, or is left out. So too a phrase of several words
    ("real-world", "pre-trained")."""
    pattern = uses_of(phrase, r"[ \t-]*([^\W_][\w-]*)?")
    following = [
        (match[1] or "").lower()
        for paper in papers
        for text in (paper.title, paper.abstract)
        for match in pattern.finditer(text)
    ]
    modified = [word for word in following if word and word not in STOP_WORD_SET]
    if len(following) - len(modified) >= LEAST_HEAD_SHARE * len(following):
        return phrase
    completion, uses = Counter(modified).most_common(1)[0] if modified else ("", 0)
    return f"{phrase} {completion}" if uses >= max(2, LEAST_COMPLETION_SHARE * len(modified)) else None


def describes(phrase: str, papers: list[Paper]) -> bool:
    """Whether a phrase can stand in a description: not prose ("high"), not a piece of a longer
    word ("non" of "non-linear") or of a longer phrase."""
    words = phrase.split()
    if phrase in NOT_NAMES or (len(words) == 1 and len(phrase) <= 3 and not phrase.isupper()):
        return False
    return not (
        is_fragment(phrase, papers)
        or is_cut_short(phrase, papers)
        or is_prefix(phrase, papers)
        or is_unit(phrase, papers)
    )


PREVIOUS_WORD = re.compile(r"(\S+)\s+$")
NUMBER_WORD = re.compile(r"[\d.,%x×~+-]+|one|two|three|four|five|ten|several")


def is_unit(phrase: str, papers: list[Paper]) -> bool:
    """Whether the papers mostly write a number before the phrase ("5.3 percentage points",
    "two orders of magnitude"): a measure, not a subject."""
    pattern = uses_of(phrase)
    # The word before each use, read back from where the phrase starts (an expression that
    # began with the word before would be tried at every character of every abstract).
    before = [
        PREVIOUS_WORD.search(paper.abstract, max(0, match.start() - 24), match.start())
        for paper in papers
        for match in pattern.finditer(paper.abstract)
    ]
    numbers = sum(1 for word in before if word and NUMBER_WORD.fullmatch(word[1].lower()))
    return bool(before) and numbers * 2 > len(before)


def is_prefix(phrase: str, papers: list[Paper]) -> bool:
    """Whether the papers mostly write the phrase joined by a hyphen to the next word ("non-")."""
    pattern = uses_of(phrase)
    after = [
        text[match.end() : match.end() + 1]
        for paper in papers
        for text in (paper.title, paper.abstract)
        for match in pattern.finditer(text)
    ]
    return bool(after) and after.count("-") * 2 > len(after)
