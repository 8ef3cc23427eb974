"""One polite HTTP client for every source: a delay between requests, retries with backoff on
429 and 5xx, a timeout, and an error that names the source when a response never comes right.

An answer is untrusted like any digest text: it is bounded in size (``max_bytes``) and in time
(``timeout`` for each read, ``deadline`` for the whole answer, so one that trickles in a byte at
a time ends too), and a redirect is followed only to http(s) on the same host."""

from __future__ import annotations

import http.client
import re
import socket
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field

from generator.errors import UserError

USER_AGENT = "paper-digest (https://github.com/; a researcher's reading list)"
RETRIED_STATUSES = frozenset({429, 500, 502, 503, 504})
LONGEST_WAIT = 60.0
"""A Retry-After longer than this is not waited for: the run fails and says so."""
MAX_BYTES = 5_000_000
"""An answer longer than this is refused: many times a Hugging Face day or an arXiv page of 100
entries (benchmarks/README.md, Measured reasons in the code)."""
DEADLINE = 120.0
"""Seconds one whole answer may take, however steadily its bytes arrive."""
CHUNK = 1 << 16
WHOLE_NUMBER = re.compile(r"[0-9]{1,12}")


class FetchError(UserError):
    """A source could not be fetched or did not answer as documented; the message names it."""


@dataclass
class Client:
    timeout: float = 30.0
    retries: int = 3
    delay: float = 0.0
    """Seconds between two requests to the same source (arXiv asks for 3)."""
    backoff: float = 2.0
    """Seconds before the first retry; doubled before each next one."""
    max_bytes: int = MAX_BYTES
    deadline: float | None = None
    """Seconds for the whole answer (None: DEADLINE)."""
    last_request: float = field(default=0.0, repr=False)

    def get(self, url: str, source: str) -> bytes:
        """The body of a 200 answer to ``url``; FetchError naming ``source`` otherwise."""
        wait = self.backoff
        for attempt in range(self.retries + 1):
            self.wait_for_turn()
            try:
                return self.request(url)
            except urllib.error.HTTPError as error:
                if error.code not in RETRIED_STATUSES or attempt == self.retries:
                    raise FetchError(f"{source}: HTTP {error.code} {error.reason} from {url}") from None
                asked = retry_after(error)
                if asked > LONGEST_WAIT:
                    raise FetchError(
                        f"{source}: HTTP {error.code}, and the server asks to wait {asked:.0f} s"
                    ) from None
                wait = max(wait, asked)
                problem = f"HTTP {error.code}"
            except TooLarge as error:
                raise FetchError(f"{source}: {error} from {url}") from None
            except (urllib.error.URLError, TimeoutError, http.client.HTTPException, OSError, ValueError) as error:
                if attempt == self.retries:
                    raise FetchError(f"{source}: no complete answer from {url} ({describe(error)})") from None
                problem = describe(error)
            print(f"{source}: {problem}; trying again in {wait:.0f} s", file=sys.stderr)
            pause(wait)
            wait = min(wait * 2, LONGEST_WAIT)  # doubled, but never past what a server may ask for
        raise AssertionError("unreachable")

    def wait_for_turn(self) -> None:
        if self.delay and self.last_request:
            pause(max(0.0, self.last_request + self.delay - time.monotonic()))
        self.last_request = time.monotonic()

    def request(self, url: str) -> bytes:
        request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
        started = time.monotonic()
        with OPENER.open(request, timeout=self.timeout) as response:
            expected = response.headers.get("Content-Length", "").strip()
            if WHOLE_NUMBER.fullmatch(expected) and int(expected) > self.max_bytes:
                raise TooLarge(f"an answer of {int(expected):,} bytes, more than the {self.max_bytes:,} allowed")
            chunks, size = [], 0
            # read1: whatever has arrived, so that the deadline is checked however slowly it comes.
            while chunk := response.read1(CHUNK):  # raises IncompleteRead when the body is cut short
                chunks.append(chunk)
                size += len(chunk)
                if size > self.max_bytes:
                    raise TooLarge(f"an answer of more than the {self.max_bytes:,} bytes allowed")
                deadline = self.deadline or DEADLINE
                if time.monotonic() - started > deadline:
                    raise TooSlow(f"the answer took more than {deadline:g} s")
            body = b"".join(chunks)
            if WHOLE_NUMBER.fullmatch(expected) and len(body) != int(expected):
                raise http.client.IncompleteRead(body, int(expected) - len(body))
            return body


class TooLarge(Exception):
    """The answer is longer than the client takes."""


class TooSlow(TimeoutError):
    """The whole answer took longer than the deadline, though each read came in time."""


class SameHostRedirects(urllib.request.HTTPRedirectHandler):
    """Redirects followed only to http(s) on the same host: an answer may not send the client
    to another server, or to a file or ftp address."""

    def redirect_request(self, request, answer, code, message, headers, new_url):
        old, new = urllib.parse.urlsplit(request.full_url), urllib.parse.urlsplit(new_url)
        if new.scheme not in ("http", "https") or new.hostname != old.hostname:
            raise urllib.error.URLError(f"a redirect to {new_url[:200]!r}, which is not on the same host; not followed")
        return super().redirect_request(request, answer, code, message, headers, new_url)


OPENER = urllib.request.build_opener(SameHostRedirects)


def pause(seconds: float) -> None:
    """The one place a fetch waits (between requests, before a retry): tests make it instant."""
    time.sleep(seconds)


def retry_after(error: urllib.error.HTTPError) -> float:
    value = (error.headers.get("Retry-After", "") if error.headers else "").strip()
    return float(value) if WHOLE_NUMBER.fullmatch(value) else 0.0


def describe(error: BaseException) -> str:
    if isinstance(error, http.client.IncompleteRead):
        return "the answer was cut short"
    if isinstance(error, TooSlow):
        return str(error)
    if isinstance(error, (TimeoutError, socket.timeout)) or "timed out" in str(error):
        return "timed out"
    reason = getattr(error, "reason", None) or error
    return str(reason)
