"""Related papers: TF-IDF cosine similarity over title and abstract, with the terms that explain it.

The similarity matrix is never built whole: rows are multiplied in chunks of sparse vectors, and
only each row's best few are kept, so memory grows with N, not N².
"""

from __future__ import annotations

import numpy as np
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer

from .model import Paper, RelatedPaper

RELATED_COUNT = 5
SHARED_TERM_COUNT = 4
CHUNK_ROWS = 512
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


def paper_text(paper: Paper) -> str:
    # The title twice: it is the densest statement of what a paper is about.
    return f"{paper.title}\n{paper.title}\n{paper.abstract}"


def related_papers(papers: dict[str, Paper], count: int = RELATED_COUNT) -> dict[str, tuple[RelatedPaper, ...]]:
    ids = sorted(papers)  # a fixed order, so ties break the same way whatever the digests' order
    if len(ids) < 2:
        return {paper_id: () for paper_id in ids}
    vectorizer = TfidfVectorizer(
        stop_words=STOP_WORDS,
        sublinear_tf=True,
        ngram_range=(1, 2),
        min_df=2,  # a term in one paper only cannot relate it to another; it would only dilute scores
        max_df=0.5,
        token_pattern=r"(?u)\b[^\W\d_][\w-]*[^\W_]\b",  # words of 2+ characters, "long-range" kept whole
        dtype=np.float32,
    )
    try:
        vectors = vectorizer.fit_transform(paper_text(papers[paper_id]) for paper_id in ids).tocsr()
    except ValueError:  # scikit-learn's "no terms remain": no word is shared by two papers
        return {paper_id: () for paper_id in ids}
    terms = vectorizer.get_feature_names_out()
    related: dict[str, tuple[RelatedPaper, ...]] = {}
    for start in range(0, len(ids), CHUNK_ROWS):
        scores = (vectors[start : start + CHUNK_ROWS] @ vectors.T).toarray()
        for offset, row in enumerate(scores):
            index = start + offset
            row[index] = -1.0  # never related to itself
            best = best_indices(row, count)
            related[ids[index]] = tuple(
                RelatedPaper(ids[other], round(float(row[other]), 4), shared_terms(vectors, terms, index, other))
                for other in best
                if row[other] >= MINIMUM_SCORE
            )
    return related


def best_indices(row: np.ndarray, count: int) -> list[int]:
    """The ``count`` highest scores, ties broken by position (paper id), deterministically."""
    count = min(count, len(row) - 1)
    candidates = np.argpartition(-row, count)[: count + 1] if len(row) > count + 1 else np.arange(len(row))
    threshold = np.sort(row[candidates])[::-1][count - 1]
    tied_or_better = np.flatnonzero(row >= threshold)
    ordered = sorted(tied_or_better, key=lambda i: (-row[i], i))
    return [int(i) for i in ordered[:count]]


def shared_terms(vectors, terms, first: int, second: int) -> tuple[str, ...]:
    """The terms with the largest contribution to the pair's cosine, phrases before their words."""
    row_a, row_b = row_slice(vectors, first), row_slice(vectors, second)
    common, index_a, index_b = np.intersect1d(row_a[0], row_b[0], assume_unique=True, return_indices=True)
    contributions = row_a[1][index_a] * row_b[1][index_b]
    order = np.lexsort((common, -contributions))[: SHARED_TERM_COUNT * 3]  # ties broken by term
    ranked = [str(terms[common[i]]) for i in order]
    # "state space" says more than "state" and "space": a word inside a shared phrase is dropped.
    words_in_phrases = {word for term in ranked if " " in term for word in term.split()}
    chosen = [term for term in ranked if " " in term or term not in words_in_phrases]
    return tuple(chosen[:SHARED_TERM_COUNT])


def row_slice(vectors, row: int) -> tuple[np.ndarray, np.ndarray]:
    """A CSR row's column indices and values, without building a sparse matrix for it (much faster)."""
    start, end = vectors.indptr[row], vectors.indptr[row + 1]
    return vectors.indices[start:end], vectors.data[start:end]
