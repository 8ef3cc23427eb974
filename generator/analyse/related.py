"""Related papers for a site, computed in another process when the site is large.

Kept apart from :mod:`generator.analyse.similarity` so that a build's own process does not import
SciPy (slow to import: benchmarks/README.md, Measured reasons in the code): on a large site only
the worker process, which computes related papers, imports it.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from collections.abc import Mapping
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from generator.child_processes import end_with_parent
from generator.model import Paper, RelatedPaper

if TYPE_CHECKING:
    from generator.analyse.vectors import PaperVectors
from generator.read.files import files_below


class PaperText(NamedTuple):
    """What related papers are computed from: sent to the worker instead of the whole paper
    (much less to copy across to the other process)."""

    title: str
    abstract: str


def related_papers(
    papers: Mapping[str, Paper | PaperText], meaning: PaperVectors
) -> dict[str, tuple[RelatedPaper, ...]]:
    """:func:`generator.analyse.similarity.related_papers`, imported where it runs."""
    from generator.analyse.similarity import related_papers

    return related_papers(papers, meaning)


IN_BACKGROUND_FROM = 1000
"""Papers from which related papers are worth a process of their own (below, they take well
under a second, less than starting one)."""
EARLY_START_BYTES = 1_000_000
"""Digests of this many bytes (about 700 to 1,000 papers) start the worker before they are read."""


class Worker(ProcessPoolExecutor):
    """The process that computes related papers, and a flag it reads before each part: set
    once the process that asked for them has nothing left to do but wait, when the worker may
    take every core instead of leaving one to it."""

    def __init__(self) -> None:
        context = _context()
        self.caller_waiting = context.Event()
        super().__init__(
            max_workers=1,
            mp_context=context,
            initializer=_start_in_worker,
            initargs=(self.caller_waiting, os.getpid()),
        )


class RelatedAnalysis:
    """Finding a site's related papers, owned by what shows them (the MkDocs plugin, `render`),
    as Material's optimize plugin owns its pool. Its life:

    - made by the owner before the site is read (a context manager, or ``close`` by hand);
    - :meth:`reading`, by :func:`generator.site.load_site` once the digests folder is checked:
      when it is large (EARLY_START_BYTES), the worker process starts at once and imports SciPy
      while the digests are read (``early``: the `early_worker` speed-up);
    - :meth:`begin`, by ``load_site`` once the papers and their vectors are known, before topics
      are assigned: the related papers the renderer reads (a job on the other core, or computed
      here for a small site);
    - :meth:`close`, by the owner when the build ends or fails: what is not done is cancelled,
      and the worker exits.

    A caller that shows no related papers (`check`, `topics`) makes none, and no job starts.
    """

    def __init__(self, early: bool = True) -> None:
        self.early = early
        self._worker: Worker | None = None
        self._job: ComputedRelated | RelatedPapersJob | None = None

    def reading(self, digests: Path) -> None:
        if self.early and self._worker is None and folder_bytes(digests) >= EARLY_START_BYTES:
            self._worker = start_worker()

    def begin(self, papers: dict[str, Paper], meaning: PaperVectors) -> ComputedRelated | RelatedPapersJob:
        worker, self._worker = self._worker, None
        self._job = related_papers_in_background(papers, meaning, worker=worker)
        return self._job

    def close(self) -> None:
        if self._worker is not None:  # started, never given its work
            self._worker.shutdown(wait=False, cancel_futures=True)
            self._worker = None
        if self._job is not None:
            self._job.close()

    def __enter__(self) -> RelatedAnalysis:
        return self

    def __exit__(self, *error) -> None:
        self.close()


def folder_bytes(folder: Path) -> int:
    return sum(path.stat().st_size for path in files_below(folder))


def start_worker() -> Worker:
    """The process that computes related papers, started before the digests are read: it
    imports SciPy meanwhile. Hand it to
    :func:`related_papers_in_background`, or shut it down."""
    worker = Worker()
    worker.submit(_import_similarity)
    return worker


def _context():
    # fork: the child starts at once, the parent's modules already in its memory. Elsewhere
    # (macOS, Windows) the platform's own way, which starts a fresh interpreter.
    return multiprocessing.get_context("fork" if sys.platform.startswith("linux") else None)


def _import_similarity() -> None:
    from . import similarity  # noqa: F401


PART_SIZE = 1024
"""Papers whose related papers the worker sends back at once. This process fills in the pages
of each part as it arrives, so once the worker is done only its last part is left to fill in
(a part takes a fraction of a second to fill in); and the part under way when this process
starts to wait is the only one left on one core."""


def related_papers_in_background(
    papers: dict[str, Paper], meaning: PaperVectors, smallest: int | None = None, worker: Worker | None = None
) -> ComputedRelated | RelatedPapersJob:
    """Related papers computed in another process (``worker``, or one started now), on the
    machine's other core, while this one assigns topics and renders every page that does not
    list them. Below ``smallest`` papers (IN_BACKGROUND_FROM) they are computed here at once."""
    if len(papers) < (IN_BACKGROUND_FROM if smallest is None else smallest):
        if worker is not None:
            worker.shutdown(wait=False, cancel_futures=True)
        return ComputedRelated(related_papers(papers, meaning))
    pool = worker or Worker()
    try:
        texts = {paper_id: PaperText(paper.title, paper.abstract) for paper_id, paper in papers.items()}
        fitted = pool.submit(_fit, texts, meaning)
        # In the order pages are rendered: the first part is ready first.
        order = list(papers)
        parts = [order[start : start + PART_SIZE] for start in range(0, len(order), PART_SIZE)]
        futures = [pool.submit(_related_of, part) for part in parts]
    finally:
        pool.shutdown(wait=False)  # the worker exits once its tasks are done
    return RelatedPapersJob(
        list(zip(futures, parts, strict=True)), lambda: related_papers(papers, meaning), fitted, pool.caller_waiting
    )


_similarity = None
"""In the worker process: the papers' TF-IDF vectors, made by its first task for the next."""
_caller_waiting = None
"""In the worker process: :attr:`Worker.caller_waiting`."""


def _start_in_worker(caller_waiting, parent: int) -> None:
    global _caller_waiting
    end_with_parent(parent)
    _caller_waiting = caller_waiting


def _fit(texts: Mapping[str, PaperText], meaning: PaperVectors) -> None:
    from generator.analyse.similarity import Similarity

    global _similarity
    _similarity = Similarity(texts, meaning)


def _related_of(paper_ids: list[str]) -> dict:
    # Until the caller waits, it renders pages on the other core: one thread leaves it that core.
    threads = usable_cores() if _caller_waiting is not None and _caller_waiting.is_set() else 1
    return _similarity.related(paper_ids, threads=threads)


def usable_cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


@dataclass(frozen=True)
class ComputedRelated:
    """Related papers already computed (in this process, for a small site)."""

    by_paper: dict[str, tuple[RelatedPaper, ...]]

    def ready(self) -> bool:
        return True

    def of(self, paper_id: str) -> tuple[RelatedPaper, ...]:
        return self.by_paper[paper_id]

    def as_dict(self) -> dict[str, tuple[RelatedPaper, ...]]:
        return self.by_paper

    def use_every_core(self) -> None:
        pass

    def close(self) -> None:
        pass


class RelatedPapersJob:
    """Related papers being computed in the worker process, delivered in parts in the order
    pages are rendered.

    Its life: made by :func:`related_papers_in_background` with the work submitted; ``ready``
    says whether reading would wait; ``of`` waits for the part that holds a paper;
    ``use_every_core`` tells the worker that this process has nothing left but to wait, so it
    may take every core; ``close`` cancels what is not done (a failed build). Should the worker
    process die (killed for memory, say), everything is computed here instead."""

    def __init__(
        self, parts: list[tuple[Future, list]], fallback, prepared: Future | None = None, caller_waiting=None
    ) -> None:
        self._prepared = prepared
        """The worker's first task, which the parts need: its error, if any, is the one to raise."""
        self._caller_waiting = caller_waiting
        """:attr:`Worker.caller_waiting`, set by :meth:`use_every_core`."""
        self._futures = [future for future, _ in parts]
        self._part_of = {key: number for number, (_, keys) in enumerate(parts) for key in keys}
        self._results: list[Mapping | None] = [None] * len(parts)
        self._fallback = fallback

    def ready(self) -> bool:
        return all(
            result is not None or future.done() for result, future in zip(self._results, self._futures, strict=True)
        )

    def of(self, paper_id: str) -> tuple[RelatedPaper, ...]:
        return self._part(self._part_of[paper_id])[paper_id]

    def as_dict(self) -> dict[str, tuple[RelatedPaper, ...]]:
        """Every paper's related papers, in the site's order (waits for every part)."""
        return {paper_id: self.of(paper_id) for paper_id in self._part_of}

    def use_every_core(self) -> None:
        if self._caller_waiting is not None:
            self._caller_waiting.set()

    def close(self) -> None:
        for future in self._futures:
            if future is not None:
                future.cancel()

    def _part(self, number: int) -> Mapping:
        if self._results[number] is None:
            try:
                if self._prepared is not None:
                    self._prepared.result()
                self._results[number] = self._futures[number].result()
            except BrokenProcessPool:
                everything = self._fallback()
                self._results = [everything] * len(self._results)
            self._futures[number] = None
        return self._results[number]
