"""The search index, made by Pagefind (its binary comes from PyPI): split into small pieces that
a browser fetches as a query needs them, so search stays fast on a site of thousands of papers.

Two ways to run it, with the same result:

* :class:`PagefindIndexer` takes each page's text as soon as MkDocs has converted its markdown:
  Pagefind indexes on the second core while MkDocs (one core) converts the next pages and then
  applies the theme to all of them, and writes the index at the end. It speaks Pagefind's
  service protocol itself: the ``pagefind`` package's asyncio client waits 100 ms before
  reading each answer, which limited it to ten pages a second.
* :func:`index_built_site` runs Pagefind's command on a built site (`mkdocs serve` rebuilds,
  where only the changed pages are built again).
"""

from __future__ import annotations

import base64
import html
import json
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

ROOT_SELECTOR = "article.md-content__inner"
"""The page's text, not its navigation: Material's article."""
EXCLUDED_SELECTORS = (".headerlink",)
"""The ¶ after every heading."""


class SearchIndexError(Exception):
    """Pagefind could not index the site; the message says why."""


def index_built_site(site: Path, output_folder: str) -> None:
    """Index every page of a built site (not 404.html) into ``site/output_folder``.

    Written beside it, then swapped in: the previous index's files do not linger (its fragments
    are named by their content), and a reader searching meanwhile keeps a whole index."""
    output, fresh = site / output_folder, site / f".{output_folder}.new"
    shutil.rmtree(fresh, ignore_errors=True)
    command = [
        sys.executable, "-m", "pagefind", "--site", str(site), "--output-path", str(fresh),
        "--glob", "**/index.html", "--root-selector", ROOT_SELECTOR,
        *(argument for selector in EXCLUDED_SELECTORS for argument in ("--exclude-selectors", selector)),
        "--silent",
    ]  # fmt: skip
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        shutil.rmtree(fresh, ignore_errors=True)
        raise SearchIndexError(f"Pagefind could not index {site}:\n{result.stdout}{result.stderr}")
    shutil.rmtree(output, ignore_errors=True)
    fresh.rename(output)


class PagefindIndexer:
    """Pagefind's service fed page by page: ``add`` each built page, then ``finish``.

    Messages are base64-encoded JSON ended by a comma, both ways. Pages are written to the
    service's input as they come; when Pagefind falls behind, the pipe fills and the build waits
    for it, so memory stays bounded. A thread reads the answers.
    """

    def __init__(self, output: Path) -> None:
        from pagefind.service import get_executable  # the binary installed with `pagefind[bin]`

        executable = get_executable()
        if executable is None:
            raise SearchIndexError("Pagefind's binary is missing: install the project again (`pagefind[bin]`)")
        self.output = output
        self.errors_file = tempfile.TemporaryFile()
        self.process = subprocess.Popen(
            [str(executable), "--service"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.errors_file
        )
        self.last_message = 0
        self.answers: dict[int, dict] = {}
        self.problems: list[str] = []
        self.answered = threading.Condition()
        threading.Thread(target=self._read_answers, daemon=True).start()
        config = {"root_selector": ROOT_SELECTOR, "exclude_selectors": list(EXCLUDED_SELECTORS)}
        self.index_id = self._wait_for(self._send({"type": "NewIndex", "config": config}))["index_id"]

    def add(self, html: str, url: str) -> None:
        """One page; ``url`` is its address from the site's root, e.g. ``/papers/x/``."""
        self._send({"type": "AddFile", "index_id": self.index_id, "url": url, "file_contents": html})

    def finish(self) -> None:
        """Write the index once every page is in, then stop Pagefind."""
        try:
            written = self._send({"type": "WriteFiles", "index_id": self.index_id, "output_path": str(self.output)})
            self._wait_for(written)
            if self.problems:
                raise SearchIndexError("Pagefind could not index every page:\n" + "\n".join(self.problems[:10]))
        finally:
            self.stop()

    def stop(self) -> None:
        """Stop Pagefind, writing nothing more (also after a failed build)."""
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        self.errors_file.close()

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
        with self.answered:
            self.answered.wait_for(lambda: message_id in self.answers or self.process.poll() is not None)
            if message_id not in self.answers:
                raise SearchIndexError(f"Pagefind stopped: {self._error_output()}")
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
        with self.answered:  # Pagefind ended: whoever waits learns it
            self.answered.notify_all()

    def _take_answer(self, answer: dict) -> None:
        payload = answer.get("payload") or {}
        with self.answered:
            if payload.get("type") == "IndexedFile":
                return  # one per page: only failures matter
            if payload.get("type") == "Error" and answer.get("message_id") not in (None, 1):
                self.problems.append(f"{payload.get('message')}")
            self.answers[answer.get("message_id")] = payload
            self.answered.notify_all()

    def _error_output(self) -> str:
        self.process.wait(timeout=10)
        self.errors_file.seek(0)
        return self.errors_file.read().decode("utf-8", "replace").strip() or f"exit code {self.process.returncode}"


def page_for_index(content: str, title: str, language: str) -> str:
    """What Pagefind reads of a built page (the ROOT_SELECTOR element and the page's language),
    made from the page's converted markdown before the theme is applied. Material's article
    adds, around the content, only icon buttons with no text, and the title as a heading when
    the content has none. tests/test_search_index.py checks that the index is the same as from
    the built pages."""
    heading = "" if "<h1" in content else f"<h1>{html.escape(title)}</h1>"
    return (
        f'<!doctype html><html lang="{html.escape(language)}"><head><meta charset="utf-8"></head><body>'
        f'<article class="md-content__inner md-typeset">{heading}{content}</article></body></html>'
    )
