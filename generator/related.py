"""Related papers for a site, computed in another process when the site is large.

Kept apart from :mod:`generator.similarity` so that a build's own process does not import
NumPy, SciPy and scikit-learn (about a second): on a large site only the worker process,
which computes related papers, imports them.
"""

from __future__ import annotations

import multiprocessing
import sys
from collections.abc import Iterator, Mapping
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from pathlib import Path
from typing import NamedTuple

from .model import Paper, RelatedPaper


class PaperText(NamedTuple):
    """What related papers are computed from: sent to the worker instead of the whole paper
    (a fifth of the time to copy across, for 13,000 papers)."""

    title: str
    abstract: str


def related_papers(papers: Mapping[str, Paper | PaperText]) -> dict[str, tuple[RelatedPaper, ...]]:
    """:func:`generator.similarity.related_papers`, imported where it runs."""
    from .similarity import related_papers

    return related_papers(papers)


IN_BACKGROUND_FROM = 1000
"""Papers from which related papers are worth a process of their own (below, they take well
under a second, less than starting one)."""
EARLY_START_BYTES = 1_000_000
"""Digests of this many bytes (about 700 to 1,000 papers) start the worker before they are read."""


@contextmanager
def worker_started_early(digests: Path | None) -> Iterator[ProcessPoolExecutor | None]:
    """A worker for :func:`related_papers_in_background`, started now when the ``digests``
    folder is large, and shut down if what runs meanwhile (reading them) fails."""
    worker = start_worker() if digests is not None and folder_bytes(digests) >= EARLY_START_BYTES else None
    try:
        yield worker
    except BaseException:
        if worker is not None:
            worker.shutdown(wait=False, cancel_futures=True)
        raise
    if worker is not None:
        worker.shutdown(wait=False)  # unused, or its task already given: it exits when done


def folder_bytes(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())


def start_worker() -> ProcessPoolExecutor:
    """The process that computes related papers, started before the digests are read: it
    imports NumPy, SciPy and scikit-learn (about a second) meanwhile. Hand it to
    :func:`related_papers_in_background`, or shut it down."""
    pool = ProcessPoolExecutor(max_workers=1, mp_context=_context())
    pool.submit(_import_similarity)
    return pool


def _context():
    # fork: the child starts at once, the parent's modules already in its memory. Elsewhere
    # (macOS, Windows) the platform's own way, which starts a fresh interpreter.
    return multiprocessing.get_context("fork" if sys.platform.startswith("linux") else None)


def _import_similarity() -> None:
    from . import similarity  # noqa: F401


def related_papers_in_background(
    papers: dict[str, Paper], smallest: int | None = None, worker: ProcessPoolExecutor | None = None
) -> Mapping:
    """Related papers computed in another process (``worker``, or one started now), on the
    machine's other core, while this one assigns topics and renders every page that does not
    list them. Reading the result waits for it."""
    if len(papers) < (IN_BACKGROUND_FROM if smallest is None else smallest):
        if worker is not None:
            worker.shutdown(wait=False, cancel_futures=True)
        return related_papers(papers)
    pool = worker or ProcessPoolExecutor(max_workers=1, mp_context=_context())
    try:
        texts = {paper_id: PaperText(paper.title, paper.abstract) for paper_id, paper in papers.items()}
        future = pool.submit(related_papers, texts)
    finally:
        pool.shutdown(wait=False)  # the worker exits once its task is done
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
