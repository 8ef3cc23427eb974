"""One polite HTTP client for every source: a delay between requests, retries with backoff on
429 and 5xx, a timeout, and an error that names the source when a response never comes right."""

from __future__ import annotations

import http.client
import socket
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field

from generator.errors import UserError

USER_AGENT = "paper-digest (https://github.com/; a researcher's reading list)"
RETRIED_STATUSES = frozenset({429, 500, 502, 503, 504})
LONGEST_WAIT = 60.0
"""A Retry-After longer than this is not waited for: the run fails and says so."""


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
                wait = max(wait, retry_after(error))
                if wait > LONGEST_WAIT:
                    raise FetchError(f"{source}: HTTP {error.code}, and the server asks to wait {wait:.0f} s") from None
                problem = f"HTTP {error.code}"
            except (urllib.error.URLError, TimeoutError, http.client.HTTPException, OSError) as error:
                if attempt == self.retries:
                    raise FetchError(f"{source}: no complete answer from {url} ({describe(error)})") from None
                problem = describe(error)
            print(f"{source}: {problem}; trying again in {wait:.0f} s", file=sys.stderr)
            pause(wait)
            wait *= 2
        raise AssertionError("unreachable")

    def wait_for_turn(self) -> None:
        if self.delay and self.last_request:
            pause(max(0.0, self.last_request + self.delay - time.monotonic()))
        self.last_request = time.monotonic()

    def request(self, url: str) -> bytes:
        request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
        with urllib.request.urlopen(request, timeout=self.timeout) as response:
            body = response.read()  # raises IncompleteRead when the body is cut short
            expected = response.headers.get("Content-Length")
            if expected and expected.isdigit() and len(body) != int(expected):
                raise http.client.IncompleteRead(body, int(expected) - len(body))
            return body


def pause(seconds: float) -> None:
    """The one place a fetch waits (between requests, before a retry): tests make it instant."""
    time.sleep(seconds)


def retry_after(error: urllib.error.HTTPError) -> float:
    value = error.headers.get("Retry-After", "") if error.headers else ""
    return float(value) if value.strip().isdigit() else 0.0


def describe(error: BaseException) -> str:
    if isinstance(error, http.client.IncompleteRead):
        return "the answer was cut short"
    if isinstance(error, (TimeoutError, socket.timeout)) or "timed out" in str(error):
        return "timed out"
    reason = getattr(error, "reason", None) or error
    return str(reason)
