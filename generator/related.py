"""Related papers for a site, computed in another process when the site is large.

Kept apart from :mod:`generator.similarity` so that a build's own process does not import
NumPy, SciPy and scikit-learn (about a second): on a large site only the worker process,
which computes related papers, imports them.
"""

from __future__ import annotations

import multiprocessing
import sys
from collections.abc import Mapping
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from .model import Paper, RelatedPaper


def related_papers(papers: dict[str, Paper]) -> dict[str, tuple[RelatedPaper, ...]]:
    """:func:`generator.similarity.related_papers`, imported where it runs."""
    from .similarity import related_papers

    return related_papers(papers)


IN_BACKGROUND_FROM = 1000
"""Papers from which related papers are worth a process of their own (below, they take well
under a second, less than starting one)."""


def related_papers_in_background(papers: dict[str, Paper], smallest: int | None = None) -> Mapping:
    """Related papers computed in another process, on the machine's other core, while this one
    assigns topics and renders every page that does not list them. Reading the result waits for it."""
    if len(papers) < (IN_BACKGROUND_FROM if smallest is None else smallest):
        return related_papers(papers)
    # fork: the child starts at once, the papers already in its memory. Elsewhere (macOS,
    # Windows) the platform's own way, which starts a fresh interpreter.
    context = multiprocessing.get_context("fork" if sys.platform.startswith("linux") else None)
    pool = ProcessPoolExecutor(max_workers=1, mp_context=context)
    try:
        future = pool.submit(related_papers, papers)
    finally:
        pool.shutdown(wait=False)  # the worker exits once its one task is done
    return ResultLater(future, lambda: related_papers(papers))


class ResultLater(Mapping):
    """A mapping whose contents a future delivers, waited for on first use. Should the worker
    process die (killed for memory, say), the mapping is computed here instead."""

    def __init__(self, future: Future, fallback) -> None:
        self._future, self._fallback, self._result = future, fallback, None

    def done(self) -> bool:
        return self._result is not None or self._future.done()

    def result(self) -> Mapping:
        if self._result is None:
            try:
                self._result = self._future.result()
            except BrokenProcessPool:
                self._result = self._fallback()
            self._future = self._fallback = None
        return self._result

    def __getitem__(self, key):
        return self.result()[key]

    def __iter__(self):
        return iter(self.result())

    def __len__(self) -> int:
        return len(self.result())


def is_ready(related: Mapping) -> bool:
    """Whether reading ``related`` would not wait for another process."""
    return not isinstance(related, ResultLater) or related.done()
