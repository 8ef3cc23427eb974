"""The search index, made by Pagefind (its binary comes from PyPI): split into small pieces that
a browser fetches as a query needs them, so search stays fast on a site of thousands of papers.

Two ways to feed it, with the same result:

* during a build, each page's text as soon as MkDocs has converted its markdown: Pagefind
  indexes on the second core while MkDocs (one core) converts the next pages and then applies
  the theme to all of them;
* :func:`index_built_site`: the pages of a built site (`mkdocs build --dirty` and the rebuilds
  of `mkdocs serve`, where only the changed pages are built again).

Both go through :class:`PagefindIndexer`, which speaks Pagefind's service protocol itself (the
``pagefind`` package's asyncio client waits before reading each answer, which limited how many
pages a second it could index; benchmarks/README.md, speedups.py) and splits a large site's index into parts, so that Pagefind's memory
holds one part at a time.
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from generator.child_processes import ending_with_this_process
from generator.errors import UserError
from generator.search.priority import at_low_priority

ROOT_SELECTOR = "article.md-content__inner"
"""The page's text, not its navigation: Material's article."""
EXCLUDED_SELECTORS = (".headerlink",)
"""The ¶ after every heading."""


PAGES_PER_PART = 4000
"""Pagefind holds a whole index in memory while it writes it (its size a page: benchmarks/README.md,
Measured reasons in the code).
Larger sites get several indexes of at most this many pages, each written and dropped as soon
as its pages are in; the browser searches them together (Pagefind's mergeIndex)."""
ANSWER_WAIT = 900
"""Seconds one answer may take (writing a part of 4,000 pages takes well under a minute)."""
EXIT_WAIT = 10
"""Seconds Pagefind may take to exit once it has closed its output."""
POLL_SECONDS = 1.0
PARTS_FILE = "parts.json"
"""In the index folder: the folders of its parts, which the search worker loads."""


class SearchIndexError(UserError):
    """Pagefind could not index the site; the message says why."""


def built_pages(site: Path, output: Path) -> list[tuple[Path, str]]:
    """Each page of a built site (its ``index.html`` files, not the index's own) and its address."""
    pages = sorted(path for path in site.glob("**/index.html") if not path.is_relative_to(output))
    addresses = [path.parent.relative_to(site).as_posix() for path in pages]
    return [(path, "/" if folder == "." else f"/{folder}/") for path, folder in zip(pages, addresses, strict=True)]


def index_built_site(site: Path, output_folder: str, pages_per_part: int = PAGES_PER_PART) -> None:
    """Index every page of a built site into ``site/output_folder``.

    Written beside it, then swapped in: the previous index's files do not linger (its fragments
    are named by their content), and a reader searching meanwhile keeps a whole index."""
    output, fresh = site / output_folder, site / f".{output_folder}.new"
    shutil.rmtree(fresh, ignore_errors=True)
    pages = built_pages(site, output)
    indexer = PagefindIndexer(fresh)
    try:
        indexer.expect(len(pages), pages_per_part)
        for path, address in pages:
            indexer.add(path.read_text(encoding="utf-8"), address)
        indexer.finish()
    except BaseException:
        indexer.stop()
        shutil.rmtree(fresh, ignore_errors=True)
        raise
    shutil.rmtree(output, ignore_errors=True)
    fresh.rename(output)


def index_with_pagefind_package(site: Path, output_folder: str) -> None:
    """Index a built site in one part through the ``pagefind`` package's own client, for a build
    whose `speedups: own_pagefind_client` is off: the same index, made after the build and more
    slowly (that client waits before it reads each answer)."""
    import asyncio

    from pagefind.index import PagefindIndex

    output = site / output_folder
    pages = built_pages(site, output)
    config = {"root_selector": ROOT_SELECTOR, "exclude_selectors": list(EXCLUDED_SELECTORS)}

    async def index() -> None:
        async with PagefindIndex(config={**config, "output_path": str(output / "1")}) as pagefind:
            for path, address in pages:
                await pagefind.add_html_file(content=path.read_text(encoding="utf-8"), url=address)

    shutil.rmtree(output, ignore_errors=True)
    try:
        asyncio.run(index())
    except Exception as error:  # the package raises its own kinds, and asserts
        raise SearchIndexError(f"Pagefind could not index {site}: {error}") from None
    (output / PARTS_FILE).write_text(json.dumps(["1/"]) + "\n", encoding="utf-8")


class PagefindIndexer:
    """Pagefind's service fed page by page: ``expect`` the number of pages, ``add`` each built
    page, then ``finish``.

    Messages are base64-encoded JSON ended by a comma, both ways; Pagefind handles them in
    order (so a part's pages are all in before it is written, and it is written before it is
    dropped). Pagefind reads its input on a thread of its own and queues it, so the build does
    not wait for it page by page. A thread here reads the answers.
    """

    def __init__(self, output: Path) -> None:
        from pagefind.service import get_executable  # the binary installed with `pagefind[bin]`

        executable = get_executable()
        if executable is None:
            raise SearchIndexError("Pagefind's binary is missing: install the project again (`pagefind[bin]`)")
        self.output = output
        self.errors_file = tempfile.TemporaryFile()  # noqa: SIM115 (closed by stop(), with the process)
        self.process = subprocess.Popen(
            at_low_priority([str(executable), "--service"]),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self.errors_file,
            preexec_fn=ending_with_this_process(),
        )
        self.last_message = 0
        self.answers: dict[int, dict] = {}
        self.problems: list[str] = []
        self.answered = threading.Condition()
        self.output_closed = False
        threading.Thread(target=self._read_answers, daemon=True).start()
        self.part_ids: list[int] = []  # Pagefind's index of each part
        self.part_size = 0
        self.expected: int | None = None
        self.current = 0  # the part pages go to
        self.in_current = 0
        self.added = 0
        self.writes: list[int] = []  # the WriteFiles message of each part written, in order

    def expect(self, pages: int | None, pages_per_part: int = PAGES_PER_PART) -> None:
        """How many pages ``add`` will get (None: unknown, one part): the index is split into
        parts of equal size, and the last is written as soon as its last page is in."""
        parts = 1 if pages is None else max(1, -(-pages // pages_per_part))
        self.part_size = sys.maxsize if pages is None else max(1, -(-pages // parts))
        self.expected = pages
        self.part_ids = [self._wait_for(message)["index_id"] for message in [self._new_index() for _ in range(parts)]]

    def add(self, html: str, url: str) -> None:
        """One page; ``url`` is its address from the site's root, e.g. ``/papers/x/``."""
        if not self.part_ids:  # nobody said how many
            self.expect(None)
        if self.in_current == self.part_size or self._is_written(self.current):
            self._write_part(self.current)
            self.current, self.in_current = self.current + 1, 0
            if self.current == len(self.part_ids):  # more pages than expected
                self.part_ids.append(self._wait_for(self._new_index())["index_id"])
        self._send({"type": "AddFile", "index_id": self.part_ids[self.current], "url": url, "file_contents": html})
        self.in_current += 1
        self.added += 1
        if self.added == self.expected:  # written while MkDocs applies the theme to every page
            self._write_part(self.current)

    def finish(self) -> None:
        """Write what is not written yet, wait until every part is, then stop Pagefind."""
        try:
            if not self.part_ids:
                self.expect(None)
            self._write_part(self.current)
            for message in self.writes:
                self._wait_for(message)
            if self.problems:
                raise SearchIndexError("Pagefind could not index every page:\n" + "\n".join(self.problems[:10]))
            folders = [f"{self._folder(part)}/" for part in range(len(self.writes))]
            (self.output / PARTS_FILE).write_text(json.dumps(folders) + "\n", encoding="utf-8")
        finally:
            self.stop()

    def stop(self) -> None:
        """Stop Pagefind, writing nothing more (also after a failed build)."""
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        self.errors_file.close()

    def _is_written(self, part: int) -> bool:
        return part < len(self.writes)  # parts are written in order

    def _write_part(self, part: int) -> None:
        """Written as soon as complete, then dropped: Pagefind's memory holds one part at a time."""
        if self._is_written(part):
            return
        index_id = self.part_ids[part]
        output = str(self.output / self._folder(part))
        self.writes.append(self._send({"type": "WriteFiles", "index_id": index_id, "output_path": output}))
        self._send({"type": "DeleteIndex", "index_id": index_id})

    @staticmethod
    def _folder(part: int) -> str:
        return str(part + 1)

    def _new_index(self) -> int:
        config = {"root_selector": ROOT_SELECTOR, "exclude_selectors": list(EXCLUDED_SELECTORS)}
        return self._send({"type": "NewIndex", "config": config})

    def _send(self, payload: dict) -> int:
        self.last_message += 1
        message = json.dumps({"message_id": self.last_message, "payload": payload}).encode("utf-8")
        try:
            self.process.stdin.write(base64.b64encode(message) + b",")
            self.process.stdin.flush()
        except (BrokenPipeError, ValueError):
            raise SearchIndexError(f"Pagefind stopped: {self._error_output()}") from None
        return self.last_message

    def _wait_for(self, message_id: int) -> dict:
        """Pagefind's answer to a message. Its end is noticed whichever comes first, its output
        closing or its exit (the reader says the first, a poll the second), and no answer is
        waited for longer than ANSWER_WAIT: a build never hangs on it."""
        deadline = time.monotonic() + ANSWER_WAIT
        with self.answered:
            while message_id not in self.answers:
                if self.output_closed or self.process.poll() is not None:
                    raise SearchIndexError(f"Pagefind stopped: {self._error_output()}")
                if time.monotonic() > deadline:
                    self.process.kill()
                    raise SearchIndexError(f"Pagefind gave no answer in {ANSWER_WAIT} seconds, and was stopped")
                self.answered.wait(timeout=POLL_SECONDS)
            answer = self.answers.pop(message_id)
        if answer.get("type") == "Error":
            raise SearchIndexError(f"Pagefind: {answer.get('message')}")
        return answer

    def _read_answers(self) -> None:
        pending = b""
        while chunk := self.process.stdout.read1(1 << 16):
            *messages, pending = (pending + chunk).split(b",")
            for message in messages:
                self._take_answer(json.loads(base64.b64decode(message)))
        with self.answered:  # Pagefind ended, or at least closed its output: whoever waits learns it
            self.output_closed = True
            self.answered.notify_all()

    def _take_answer(self, answer: dict) -> None:
        payload = answer.get("payload") or {}
        with self.answered:
            if payload.get("type") == "IndexedFile":
                return  # one per page: only failures matter
            if payload.get("type") == "Error":
                self.problems.append(f"{payload.get('message')}")
            self.answers[answer.get("message_id")] = payload
            self.answered.notify_all()

    def _error_output(self) -> str:
        try:
            self.process.wait(timeout=EXIT_WAIT)
        except subprocess.TimeoutExpired:  # output closed, yet still running: it will say no more
            self.process.kill()
            self.process.wait()
        self.errors_file.seek(0)
        return self.errors_file.read().decode("utf-8", "replace").strip() or f"exit code {self.process.returncode}"


def main(arguments: list[str]) -> int:
    """``python -m generator.search.pagefind SITE FOLDER [PAGES_PER_PART]``: index_built_site in
    a process of its own (`mkdocs serve` runs it so, to keep its own process free for rebuilds;
    docs/architecture.md shows it run by hand on a site another engine built)."""
    if len(arguments) not in (2, 3):
        print("usage: python -m generator.search.pagefind SITE FOLDER [PAGES_PER_PART]", file=sys.stderr)
        return 2
    site, folder, pages_per_part = (*arguments, str(PAGES_PER_PART))[:3]
    if hasattr(os, "nice"):
        os.nice(10)  # a background job: the rebuilds of `mkdocs serve` come first (Pagefind too)
    try:
        index_built_site(Path(site), folder, int(pages_per_part))
    except SearchIndexError as error:
        print(error, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
