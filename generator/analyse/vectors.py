"""Each paper's vector by meaning, embedded once and kept in a cache outside ``content/``.

The cache follows Material's convention (``.cache/plugin/<name>/``): a folder git ignores and
the workflows keep between runs, so a daily build embeds only the papers that are new. One file
per model holds every vector, keyed by a hash of the model id and the text: a changed abstract
is embedded again, an unchanged one never. Each record carries a checksum, so a damaged record
is embedded again and a damaged or foreign file is ignored (and replaced), never an error.
"""

from __future__ import annotations

import hashlib
import logging
import os
import zlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path

import numpy as np

from generator.analyse.meaning import DIMENSIONS, MODEL_ID, Encoder, text_to_embed
from generator.atomic import write_atomically
from generator.model import Paper

log = logging.getLogger("mkdocs.plugins.paper-digest")

DEFAULT_CACHE_FOLDER = Path(".cache") / "plugin" / "paper-digest"
VECTORS_FOLDER_VARIABLE = "PAPER_DIGEST_VECTORS_DIR"
"""Where every build and command keeps the paper vectors instead (the tests share one this way:
a vector is keyed by its text, so sites can share them; the rest of the cache is the site's)."""
MAGIC = b"paper-digest vectors 1\n"
RECORD = np.dtype([("key", "u1", (16,)), ("vector", "<f4", (DIMENSIONS,)), ("check", "<u4")])


def text_key(text: str) -> bytes:
    return hashlib.sha256(f"{MODEL_ID}\n{text}".encode()).digest()[:16]


def record_check(key: bytes, vector: np.ndarray) -> int:
    return zlib.crc32(key + vector.astype("<f4").tobytes())


@dataclass
class EmbeddingCount:
    """How many texts were embedded and how many came from the cache (the build logs it)."""

    embedded: int = 0
    cached: int = 0


class VectorCache:
    """The vectors of texts, read from the site's cache ``folder`` and added to it when new ones
    are embedded."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        """The site's cache folder (None: none; every run embeds anew)."""
        vectors_folder = os.environ.get(VECTORS_FOLDER_VARIABLE) or folder
        self.path = Path(vectors_folder) / f"vectors-{MODEL_ID}.bin" if vectors_folder is not None else None
        self.count = EmbeddingCount()

    def vectors(self, texts: Sequence[str], encode: Callable[[str], np.ndarray] | None = None) -> np.ndarray:
        """One unit vector per text, as rows of a float32 matrix."""
        known = self._read()
        keys = [text_key(text) for text in texts]
        missing = {key: text for key, text in zip(keys, texts, strict=True) if key not in known}
        if missing:
            encode = encode or shared_encoder().encode
            log.info(
                "paper-digest: embedding %d papers by meaning (%d cached)", len(missing), len(texts) - len(missing)
            )
            for key, text in missing.items():
                known[key] = encode(text)
            self._write(known)
        self.count.embedded += len(missing)
        self.count.cached += len(set(keys)) - len(missing)
        matrix = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
        for row, key in enumerate(keys):
            matrix[row] = known[key]
        return matrix

    def _read(self) -> dict[bytes, np.ndarray]:
        if self.path is None:
            return {}
        try:
            data = self.path.read_bytes()
        except OSError:
            return {}
        if not data.startswith(MAGIC):
            return {}  # not ours, or from another format: replaced on the next write
        body = data[len(MAGIC) :]
        records = np.frombuffer(body[: len(body) - len(body) % RECORD.itemsize], dtype=RECORD)
        return {
            record["key"].tobytes(): np.array(record["vector"])
            for record in records
            if record_check(record["key"].tobytes(), record["vector"]) == int(record["check"])
        }

    def _write(self, known: dict[bytes, np.ndarray]) -> None:
        if self.path is None:
            return
        records = np.zeros(len(known), dtype=RECORD)
        for row, key in enumerate(sorted(known)):
            records[row] = (np.frombuffer(key, dtype=np.uint8), known[key], record_check(key, known[key]))
        try:
            write_atomically(self.path, MAGIC + records.tobytes())
        except OSError as error:  # a read-only checkout still builds; it embeds again next time
            log.info("paper-digest: the vector cache %s could not be written: %s", self.path, error.strerror)


@cache
def shared_encoder() -> Encoder:
    """One model per process: its weights are read once however many sites it embeds."""
    return Encoder()


@dataclass(frozen=True)
class PaperVectors:
    """Each paper's unit vector by meaning, as rows of one matrix."""

    row_of: dict[str, int]
    matrix: np.ndarray

    def rows(self, paper_ids: Sequence[str]) -> np.ndarray:
        return self.matrix[[self.row_of[paper_id] for paper_id in paper_ids]]

    def of(self, paper_id: str) -> np.ndarray:
        return self.matrix[self.row_of[paper_id]]

    @cached_property
    def ids(self) -> list[str]:
        """The paper of each row, in row order."""
        return sorted(self.row_of, key=self.row_of.__getitem__)


def paper_vectors(papers: Mapping[str, Paper], cache: VectorCache) -> PaperVectors:
    ids = sorted(papers)
    matrix = cache.vectors([text_to_embed(papers[paper_id].title, papers[paper_id].abstract) for paper_id in ids])
    return PaperVectors({paper_id: row for row, paper_id in enumerate(ids)}, matrix)


BLOCK_ROWS = 512
"""Rows multiplied at once: always the same blocks of the rows asked for, whatever else is."""


def closest_by_meaning(
    vectors: np.ndarray, count: int, queries: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """For each row (or each row numbered in ``queries``), the ``count`` other rows closest in
    meaning (cosine of unit vectors) and their cosines, rounded to five places, closest first,
    ties by row. Computed in fixed blocks of rows, so each row's products have the same shape in
    every run (BLAS may round a product differently when its shape changes)."""
    total = len(vectors)
    asked = np.arange(total) if queries is None else np.asarray(queries, dtype=np.int64)
    count = max(0, min(count, total - 1))
    candidates = np.zeros((len(asked), count), dtype=np.int64)
    closeness = np.zeros((len(asked), count), dtype=np.float32)
    if not count:
        return candidates, closeness
    for start in range(0, len(asked), BLOCK_ROWS):
        rows = asked[start : start + BLOCK_ROWS]
        block = vectors[rows] @ vectors.T
        block[np.arange(len(rows)), rows] = -np.inf  # never close to itself
        block = np.round(block, 5)
        best = np.argpartition(-block, count - 1, axis=1)[:, :count]
        values = np.take_along_axis(block, best, axis=1)
        order = _row_order(best, values)
        candidates[start : start + len(rows)] = np.take_along_axis(best, order, axis=1)
        closeness[start : start + len(rows)] = np.take_along_axis(values, order, axis=1)
    return candidates, closeness


def _row_order(columns: np.ndarray, values: np.ndarray) -> np.ndarray:
    """Each row's places by value, highest first, ties by column."""
    return np.array(
        [np.lexsort((row_columns, -row_values)) for row_columns, row_values in zip(columns, values, strict=True)]
    )
