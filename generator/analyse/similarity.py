"""Related papers: TF-IDF cosine similarity over title and abstract, with the terms that explain it.

The similarity matrix is never built whole: sparse vectors are multiplied row by row and only
each row's best few are kept, so memory grows with N, not N².
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from itertools import chain

import numpy as np
from scipy import sparse

from generator.analyse.abstract_prose import says_nothing
from generator.analyse.english_stop_words import ENGLISH_STOP_WORDS
from generator.analyse.vectors import PaperVectors, closest_by_meaning
from generator.model import Paper, RelatedPaper
from generator.tex import without_tex_commands
from generator.text import without_addresses

RELATED_COUNT = 5
SHARED_TERM_COUNT = 4
MINIMUM_SCORE = 0.02
"""Below this two papers share little more than common words; better to show fewer."""


# Words every abstract uses: they would make papers look related for saying "we propose a novel method".
STOP_WORDS = sorted(
    ENGLISH_STOP_WORDS
    | set(
        "paper propose proposed proposes novel approach method methods result results show shows "
        "shown based using use used new existing work works like demonstrate achieve achieves "
        "significantly significant state-of-the-art art performance improve improves improved "
        "introduce present presents task tasks different effective effectively large et al".split()
    )
    # The prose of papers in any field: shared, they explain nothing ("shares prove, corresponding").
    | set(
        "corresponding prove proved proves obtain obtained study studied studies consider considered given "
        "provide provides provided discuss discussed investigate investigated find finds found derive derived "
        "allow allows able known furthermore moreover thus various respectively several clearly does research "
        "build recent recently".split()
    )
    # TeX command names that a listing keeps once it has lost their backslash ("mathbb F_p").
    | set(
        "mathbb mathcal mathrm mathbf mathsf mathfrak mathit mathscr boldsymbol operatorname frac dfrac tfrac "
        "textit textbf texttt textrm emph cdot cdots ldots sqrt widetilde overline varepsilon varphi".split()
    )
)


def paper_text(paper: Paper) -> str:
    """What a paper's terms are counted in: its title twice (the densest statement of what a
    paper is about) and its abstract, without what is not words: addresses ("https github com"
    is shared by a fifth of all papers), math and TeX commands (``\\mathbb``, ``\\frac``)."""
    return without_markup(f"{paper.title}\n{paper.title}\n{paper.abstract}")


MATH = re.compile(r"\$\$.*?\$\$|\$[^$]*\$|\\\(.*?\\\)|\\\[.*?\\\]", re.DOTALL)


def without_markup(text: str) -> str:
    text = without_addresses(text)
    # Most abstracts hold no math: a substring test is much faster than the expression.
    return without_tex_commands(MATH.sub(" ", text)) if "$" in text or "\\" in text else text


TOKEN = re.compile(r"(?u)\b[^\W\d_][\w-]*[^\W_]\b")
"""A word of 2+ characters starting with a letter; "long-range" is one word."""
ASCII_TOKEN = re.compile(r"\b[a-z][a-z0-9_-]*[a-z0-9]\b", re.ASCII)
"""TOKEN for lowercase ASCII text (most abstracts): the same words, found faster (a class of
ASCII characters is tested faster than a Unicode category)."""
STOP_WORD_SET = frozenset(STOP_WORDS)
MOST_PAPERS_WITH_TERM = 0.5
"""A term in more than half the papers says little about any of them."""


def count_terms(texts: list[str]) -> tuple[sparse.csr_matrix, list[str]]:
    """How often each term (a word, or two words in a row once stop words are out) occurs in
    each text, for the terms in at least two texts and at most half of them; terms sorted.

    What scikit-learn's CountVectorizer(ngram_range=(1, 2), min_df=2, max_df=0.5) computes
    (tests/test_similarity.py checks it), faster (benchmarks/README.md, Measured reasons in the code): it counts term by term
    in Python, here words are numbered once and pairs of words counted as integers by NumPy.
    """
    tokens = [tokens_of(text.lower()) for text in texts]
    all_tokens = list(chain.from_iterable(tokens))
    # Words numbered in order of first appearance, stop words included: looked up in C by map,
    # then dropped as numbers by NumPy (a Python test per word is slow on a large site).
    numbers = {word: number for number, word in enumerate(dict.fromkeys(all_tokens))}
    token_ids = np.fromiter(map(numbers.__getitem__, all_tokens), dtype=np.int64, count=len(all_tokens))
    text_of_token = np.repeat(np.arange(len(texts)), np.fromiter(map(len, tokens), dtype=np.int64, count=len(texts)))
    stop_ids = np.fromiter((numbers[word] for word in STOP_WORD_SET if word in numbers), dtype=np.int64)
    kept_tokens = ~np.isin(token_ids, stop_ids)
    word_ids, text_of_word = token_ids[kept_tokens], text_of_token[kept_tokens]
    # A pair is two neighbouring words of one text: numbered first * (words) + second.
    same_text = text_of_word[1:] == text_of_word[:-1]
    pair_codes = word_ids[:-1][same_text] * len(numbers) + word_ids[1:][same_text]
    pairs, pair_ids = np.unique(pair_codes, return_inverse=True)
    columns = np.concatenate([word_ids, len(numbers) + pair_ids.reshape(-1)])
    rows = np.concatenate([text_of_word, text_of_word[:-1][same_text]])
    counts = sparse.csr_matrix(
        (np.ones(len(columns), dtype=np.int64), (rows, columns)), shape=(len(texts), len(numbers) + len(pairs))
    )
    counts.sum_duplicates()
    in_texts = np.bincount(counts.indices, minlength=counts.shape[1])
    kept = np.flatnonzero((in_texts >= 2) & (in_texts <= MOST_PAPERS_WITH_TERM * len(texts)))
    names = term_names(kept, list(numbers), pairs)
    order = sorted(range(len(kept)), key=names.__getitem__)
    return counts[:, kept[order]].tocsr(), [names[i] for i in order]


def tf_idf(counts: sparse.csr_matrix) -> sparse.csr_matrix:
    """Each text's terms weighed by how often it uses them (1 + log of the count) and how few
    texts use them (smoothed inverse document frequency), each row of unit length (float32).

    What scikit-learn's TfidfTransformer(sublinear_tf=True) computes, the same bytes
    (tests/test_similarity.py checks it), without importing scikit-learn: its import took half a
    second, a fifth of building a site of 57 papers (benchmarks/README.md, Measured reasons in
    the code).
    """
    vectors = counts.astype(np.float32)
    texts_with_term = np.bincount(vectors.indices, minlength=vectors.shape[1]).astype(np.float32)
    rarity = np.log(np.float32(vectors.shape[0] + 1) / (texts_with_term + np.float32(1))) + np.float32(1)
    weights = (np.log(vectors.data) + np.float32(1)) * rarity[vectors.indices]
    # Squares summed in double precision, one term after the other, as scikit-learn does.
    row_of_entry = np.repeat(np.arange(vectors.shape[0]), np.diff(vectors.indptr))
    lengths = np.sqrt(
        np.bincount(row_of_entry, weights=(weights * weights).astype(np.float64), minlength=vectors.shape[0])
    )
    lengths[lengths == 0] = 1
    vectors.data = (weights / lengths[row_of_entry]).astype(np.float32)
    return vectors


def tokens_of(lowered: str) -> list[str]:
    """``TOKEN.findall(lowered)``, faster when ``lowered`` is ASCII."""
    return ASCII_TOKEN.findall(lowered) if lowered.isascii() else TOKEN.findall(lowered)


def term_names(columns: np.ndarray, words: list[str], pairs: np.ndarray) -> list[str]:
    """The text of each term column: a word, or two words for the columns after the words."""
    names = []
    for column in columns.tolist():
        if column < len(words):
            names.append(words[column])
        else:
            first, second = divmod(int(pairs[column - len(words)]), len(words))
            names.append(f"{words[first]} {words[second]}")
    return names


def related_papers(
    papers: Mapping[str, Paper], meaning: PaperVectors, count: int = RELATED_COUNT
) -> dict[str, tuple[RelatedPaper, ...]]:
    return Similarity(papers, meaning).related(sorted(papers), count)


EXPLAINED_AT_ONCE = 4096
"""Pairs whose shared terms are found in one sparse product (bounds its memory)."""
MEANING_WEIGHT = 0.5
"""The share of a related paper's score that comes from meaning; the rest from shared terms
(benchmarks/README.md, Curation: the mix that ranks best)."""
CANDIDATES = 50
"""The papers closest in meaning to each paper, among which the related ones are ranked."""
SHARED_NEIGHBOURS_WEIGHT = 0.5
"""Added to a pair's score for the share of their closest papers (their neighbourhoods) they
have in common: two papers in the same neighbourhood are about the same thing more often than
two that are merely close to each other (shared-nearest-neighbour ranking; benchmarks/README.md,
Curation)."""
NEIGHBOURHOOD_SHARE, FEWEST_NEIGHBOURS, MOST_NEIGHBOURS = 1 / 40, 20, 50
"""A neighbourhood is a fortieth of the site's papers, between 20 and 50 (benchmarks/README.md,
Curation: 50 ranks best from 2,000 papers, and worse than 20 below 500)."""


def neighbourhood_size(papers: int) -> int:
    return min(MOST_NEIGHBOURS, max(FEWEST_NEIGHBOURS, int(papers * NEIGHBOURHOOD_SHARE)))


LEAST_EXPLAINING_SCORE = 0.05
"""TF-IDF similarity below which shared terms are incidental, and the page says "close in meaning"."""


class Similarity:
    """What the related papers of any paper are found from: the papers' vectors by meaning
    (:mod:`generator.analyse.vectors`), which choose the candidates, and their TF-IDF vectors,
    which score the words they share and explain the choice. All at once, or a few at a time
    (see :mod:`generator.analyse.related`)."""

    def __init__(self, papers: Mapping[str, Paper], meaning: PaperVectors) -> None:
        # Rows in a fixed order, so ties break the same way whatever the digests' order.
        self.ids = sorted(papers)
        self.row_of = {paper_id: row for row, paper_id in enumerate(self.ids)}
        self.terms: list[str] = []
        self.vectors = None
        if len(self.ids) >= 2:
            counts, self.terms = count_terms([paper_text(papers[paper_id]) for paper_id in self.ids])
        if self.terms:  # else no word is shared by two papers
            self.vectors = tf_idf(counts)
        self.candidates, self.closeness = closest_by_meaning(meaning.rows(self.ids), CANDIDATES)
        closest = self.candidates[:, : neighbourhood_size(len(self.ids))]  # fewer on a site of few papers
        self.neighbourhood_size = closest.shape[1]
        self.neighbourhoods = neighbourhoods(closest, len(self.ids))

    def related(
        self, paper_ids: Sequence[str], count: int = RELATED_COUNT, threads: int = 1
    ) -> dict[str, tuple[RelatedPaper, ...]]:
        """The related papers of each of ``paper_ids``, best first; each paper's are the same
        whichever others are asked for with it. (``threads``: the costly product is made once,
        in :func:`closest_by_meaning`; what is left is light.)"""
        rows = np.array([self.row_of[paper_id] for paper_id in paper_ids], dtype=np.int64)
        others = self.candidates[rows]
        firsts = np.repeat(rows, others.shape[1])
        lexical = self.lexical_scores(firsts, others.reshape(-1)).reshape(others.shape)
        shared = self.shared_neighbours(firsts, others.reshape(-1)).reshape(others.shape)
        # Rounded before ranking, ties broken by paper id: the same order on every machine.
        scores = np.round(
            MEANING_WEIGHT * self.closeness[rows] + (1 - MEANING_WEIGHT) * lexical + SHARED_NEIGHBOURS_WEIGHT * shared,
            4,
        )
        places = np.repeat(np.arange(len(rows)), others.shape[1])
        order = np.lexsort((others.reshape(-1), -scores.reshape(-1), places))
        places, seconds = places[order], others.reshape(-1)[order]
        flat_scores, flat_lexical = scores.reshape(-1)[order], lexical.reshape(-1)[order]
        rank = np.arange(len(places)) - np.searchsorted(places, places)
        kept = (rank < count) & (flat_scores >= MINIMUM_SCORE)
        places, seconds, flat_scores, flat_lexical = places[kept], seconds[kept], flat_scores[kept], flat_lexical[kept]
        explanations = self.explanations(rows[places], seconds, flat_lexical)
        found: dict[str, list[RelatedPaper]] = {paper_id: [] for paper_id in paper_ids}
        for place, second, score, explanation in zip(
            places.tolist(), seconds.tolist(), flat_scores.tolist(), explanations, strict=True
        ):
            found[paper_ids[place]].append(RelatedPaper(self.ids[second], score, explanation))
        return {paper_id: tuple(papers_found) for paper_id, papers_found in found.items()}

    def lexical_scores(self, firsts: np.ndarray, seconds: np.ndarray) -> np.ndarray:
        """The TF-IDF cosine of each pair of rows."""
        if self.vectors is None:
            return np.zeros(len(firsts), dtype=np.float64)
        return pair_products(self.vectors, firsts, seconds)

    def shared_neighbours(self, firsts: np.ndarray, seconds: np.ndarray) -> np.ndarray:
        """For each pair of rows, the share of the first's neighbourhood that is in the
        second's too."""
        return pair_products(self.neighbourhoods, firsts, seconds) / max(self.neighbourhood_size, 1)

    def explanations(self, firsts: np.ndarray, seconds: np.ndarray, lexical: np.ndarray) -> list[tuple[str, ...]]:
        """The terms each pair shares; none when their TF-IDF similarity is too low for shared
        words to be the reason (the page then says "close in meaning")."""
        explained: list[tuple[str, ...]] = []
        if self.vectors is None:
            return [()] * len(firsts)
        for start in range(0, len(firsts), EXPLAINED_AT_ONCE):
            part = slice(start, start + EXPLAINED_AT_ONCE)
            terms = shared_terms(self.vectors, self.terms, firsts[part], seconds[part])
            explained.extend(
                shared if score >= LEAST_EXPLAINING_SCORE else ()
                for shared, score in zip(terms, lexical[part].tolist(), strict=True)
            )
        return explained


def neighbourhoods(closest: np.ndarray, count: int) -> sparse.csr_matrix:
    """A row per paper with a one in the column of each of its closest papers."""
    rows = np.repeat(np.arange(len(closest)), closest.shape[1])
    ones = np.ones(closest.size, dtype=np.float32)
    return sparse.csr_matrix((ones, (rows, closest.reshape(-1))), shape=(len(closest), count))


def pair_products(matrix: sparse.csr_matrix, firsts: np.ndarray, seconds: np.ndarray) -> np.ndarray:
    """The dot product of each pair of rows (``firsts[i]``, ``seconds[i]``), EXPLAINED_AT_ONCE
    pairs in one sparse product (which bounds its memory)."""
    products = np.zeros(len(firsts), dtype=np.float64)
    for start in range(0, len(firsts), EXPLAINED_AT_ONCE):
        part = slice(start, start + EXPLAINED_AT_ONCE)
        multiplied = matrix[firsts[part]].multiply(matrix[seconds[part]])
        products[part] = np.asarray(multiplied.sum(axis=1)).reshape(-1)
    return products


CANDIDATE_TERMS = SHARED_TERM_COUNT * 3
"""Terms of a pair looked at: enough that words dropped for their phrases leave SHARED_TERM_COUNT."""


def shared_terms(vectors, terms, firsts: np.ndarray, seconds: np.ndarray) -> list[tuple[str, ...]]:
    """For each pair, the terms with the largest contribution to its cosine, phrases before
    their words. One sparse element-wise product for all the pairs of a chunk, and one sort
    of all its terms: a sort per pair cost a second for 67,000 pairs."""
    products = vectors[firsts].multiply(vectors[seconds]).tocsr()
    lengths = np.diff(products.indptr)
    pair_of_entry = np.repeat(np.arange(len(firsts)), lengths)
    # By pair, then largest contribution first, ties broken by term; each pair's first few kept.
    order = np.lexsort((products.indices, -products.data, pair_of_entry))
    rank = np.arange(len(order)) - products.indptr[pair_of_entry]
    candidates = [terms[column] for column in products.indices[order[rank < CANDIDATE_TERMS]].tolist()]
    ends = np.cumsum(np.minimum(lengths, CANDIDATE_TERMS)).tolist()
    explanations = []
    start = 0
    for end in ends:
        ranked = candidates[start:end]
        start = end
        # "state space" says more than "state" and "space": a word inside a shared phrase is
        # dropped; so is a term that says nothing of a subject ("despite", "model", "simple").
        words_in_phrases = {word for term in ranked if " " in term for word in term.split()}
        chosen = [term for term in ranked if (" " in term or term not in words_in_phrases) and not says_nothing(term)]
        explanations.append(tuple(chosen[:SHARED_TERM_COUNT]))
    return explanations
