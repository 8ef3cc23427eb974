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
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfTransformer
from sparse_dot_topn import sp_matmul_topn

from generator.model import Paper, RelatedPaper

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
        "introduce present presents task tasks different effective effectively large".split()
    )
)


URL = re.compile(r"\b(?:https?://|www\.)\S+", re.IGNORECASE)


def paper_text(paper: Paper) -> str:
    # The title twice: it is the densest statement of what a paper is about. Addresses are
    # dropped: "https github com" is shared by a fifth of all papers and says nothing about them.
    text = f"{paper.title}\n{paper.title}\n{paper.abstract}"
    # Most abstracts hold no address: a substring test is much faster than the expression.
    return URL.sub(" ", text) if "://" in text or "www." in text.lower() else text


TOKEN = re.compile(r"(?u)\b[^\W\d_][\w-]*[^\W_]\b")
"""A word of 2+ characters starting with a letter; "long-range" is one word."""
ASCII_TOKEN = re.compile(r"\b[a-z][a-z0-9_-]*[a-z0-9]\b", re.ASCII)
"""TOKEN for lowercase ASCII text (99% of abstracts): the same words, found in 60% of the time
(a class of ASCII characters is tested faster than a Unicode category)."""
STOP_WORD_SET = frozenset(STOP_WORDS)
MOST_PAPERS_WITH_TERM = 0.5
"""A term in more than half the papers says little about any of them."""


def count_terms(texts: list[str]) -> tuple[sparse.csr_matrix, list[str]]:
    """How often each term (a word, or two words in a row once stop words are out) occurs in
    each text, for the terms in at least two texts and at most half of them; terms sorted.

    What scikit-learn's CountVectorizer(ngram_range=(1, 2), min_df=2, max_df=0.5) computes
    (tests/test_similarity.py checks it), in a third of the time: it counts term by term in
    Python, here words are numbered once and pairs of words counted as integers by NumPy.
    """
    tokens = [tokens_of(text.lower()) for text in texts]
    all_tokens = list(chain.from_iterable(tokens))
    # Words numbered in order of first appearance, stop words included: looked up in C by map,
    # then dropped as numbers by NumPy (a Python test per word cost a second at 13,000 papers).
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


def related_papers(papers: Mapping[str, Paper], count: int = RELATED_COUNT) -> dict[str, tuple[RelatedPaper, ...]]:
    return Similarity(papers).related(sorted(papers), count)


class Similarity:
    """The TF-IDF vectors of a collection of papers, from which the related papers of any of
    them are found: of all at once, or of a few at a time (see :mod:`generator.analyse.related`)."""

    def __init__(self, papers: Mapping[str, Paper]) -> None:
        # Rows in a fixed order, so ties break the same way whatever the digests' order.
        self.ids = sorted(papers)
        self.row_of = {paper_id: row for row, paper_id in enumerate(self.ids)}
        self.terms: list[str] = []
        self.vectors = self.transposed = None
        if len(self.ids) >= 2:
            counts, self.terms = count_terms([paper_text(papers[paper_id]) for paper_id in self.ids])
        if self.terms:  # else no word is shared by two papers
            self.vectors = TfidfTransformer(sublinear_tf=True).fit_transform(counts.astype(np.float32)).tocsr()
            self.transposed = self.vectors.T.tocsr()

    def related(
        self, paper_ids: Sequence[str], count: int = RELATED_COUNT, threads: int = 1
    ) -> dict[str, tuple[RelatedPaper, ...]]:
        """The related papers of each of ``paper_ids``, best first; each paper's are the same
        whichever others are asked for with it (and however many ``threads`` compute them)."""
        if not self.terms:
            return {paper_id: () for paper_id in paper_ids}
        rows = np.array([self.row_of[paper_id] for paper_id in paper_ids], dtype=np.int64)
        firsts, seconds, best = best_pairs_of_rows(self.vectors, self.transposed, rows, count, threads)
        found: dict[int, list[RelatedPaper]] = {row: [] for row in rows.tolist()}
        for start in range(0, len(firsts), EXPLAINED_AT_ONCE):
            part = slice(start, start + EXPLAINED_AT_ONCE)
            explanations = shared_terms(self.vectors, self.terms, firsts[part], seconds[part])
            for first, second, score, explanation in zip(
                firsts[part], seconds[part], best[part], explanations, strict=True
            ):
                found[int(first)].append(RelatedPaper(self.ids[second], round(float(score), 4), explanation))
        return {self.ids[row]: tuple(papers_found) for row, papers_found in found.items()}


EXPLAINED_AT_ONCE = 4096
"""Pairs whose shared terms are found in one sparse product (bounds its memory)."""


def best_pairs_of_rows(
    vectors: sparse.csr_matrix, transposed: sparse.csr_matrix, rows: np.ndarray, count: int, threads: int = 1
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """best_pairs for the given ``rows`` of ``vectors @ vectors.T`` (``transposed`` is
    ``vectors.T``, made once), never holding that product.

    sparse_dot_topn multiplies row by row and keeps each row's few largest scores (half the
    time of scipy's product: no N x N result to allocate, then sort). Its choice among scores
    tied at the last place is its own; a row where a tie may reach the last place kept is
    computed again in full, so the result is exactly best_pairs over the whole product.
    Pairs come as (row, column, score) arrays, grouped by row in the order of ``rows``.
    """
    # Each row's paper itself, `count` others, and one more to see whether the last place is tied.
    top_n = count + 2
    below_minimum = np.nextafter(np.float32(MINIMUM_SCORE), np.float32(0))  # it keeps scores above
    # Rows are independent: `threads` share them out, with the same result.
    top = sp_matmul_topn(vectors[rows], transposed, top_n=top_n, threshold=below_minimum, n_threads=threads)
    top = top.tocsr()
    places = np.repeat(np.arange(top.shape[0]), np.diff(top.indptr))  # position of each pair's row in `rows`
    columns, values = top.indices.astype(np.int64), top.data
    others = (columns != rows[places]) & (values >= MINIMUM_SCORE)
    places, columns, values = places[others], columns[others], values[others]
    order = np.lexsort((columns, -values, places))
    places, columns, values = places[order], columns[order], values[order]
    rank = np.arange(len(places)) - np.searchsorted(places, places)  # position within its row
    # A full row whose count-th value equals its smallest one may have missed a tied column.
    smallest = np.full(top.shape[0], np.inf, dtype=values.dtype)
    np.minimum.at(smallest, places, values)
    full = np.diff(top.indptr) == top_n
    last_kept = rank == count - 1
    unsure = np.unique(places[last_kept & full[places] & (values == smallest[places])])
    kept = (rank < count) & ~np.isin(places, unsure)
    parts = [(places[kept], columns[kept], values[kept])]
    for place in unsure.tolist():
        row = int(rows[place])
        scores = (vectors[[row]] @ transposed).toarray()
        scores[0, row] = -1.0  # never related to itself
        parts.append(best_pairs(scores, np.array([place]), count))
    places, seconds, best = (np.concatenate(arrays) for arrays in zip(*parts, strict=True))
    order = np.argsort(places, kind="stable")  # each row's pairs are already in order
    return rows[places[order]], seconds[order], best[order]


def best_pairs(scores: np.ndarray, rows: np.ndarray, count: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For each row of a chunk, its ``count`` best columns scoring at least MINIMUM_SCORE, as
    (row, column, score) arrays ordered by row, then best score, ties broken by column (paper id)."""
    count = min(count, scores.shape[1] - 1)
    # The count-th best score of each row: anything at or above it is a candidate (ties included).
    threshold = np.partition(scores, scores.shape[1] - count, axis=1)[:, scores.shape[1] - count]
    threshold = np.maximum(threshold, MINIMUM_SCORE)
    offsets, columns = np.nonzero(scores >= threshold[:, None])
    values = scores[offsets, columns]
    order = np.lexsort((columns, -values, offsets))
    offsets, columns, values = offsets[order], columns[order], values[order]
    rank = np.arange(len(offsets)) - np.searchsorted(offsets, offsets)  # position within its row
    kept = rank < count
    return rows[offsets[kept]], columns[kept], values[kept]


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
        # "state space" says more than "state" and "space": a word inside a shared phrase is dropped.
        words_in_phrases = {word for term in ranked if " " in term for word in term.split()}
        chosen = [term for term in ranked if " " in term or term not in words_in_phrases]
        explanations.append(tuple(chosen[:SHARED_TERM_COUNT]))
    return explanations


CANDIDATE_TERMS = SHARED_TERM_COUNT * 3
"""Terms of a pair looked at: enough that words dropped for their phrases leave SHARED_TERM_COUNT."""
