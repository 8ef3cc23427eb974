"""What a search costs a reader, query by query, on a built site: requests and bytes, seconds to
the first result and to the true count.

    .venv/bin/python benchmarks/search_queries.py SITE_FOLDER [QUERY ...]

SITE_FOLDER is a built site (`mkdocs build`'s `site/`). Each query is pasted into the search box
right after a fresh page load (a new browser context: nothing cached), as one query; the page
clocks the key, the first result and each count Material shows. The true count is the last one
shown once the list has settled (no change for SETTLE_MS); "to true count" is when it first
appeared. Requests counted: the search worker's and the page's for the index, the id maps and
the pages read for titles. Default queries: a common word, a title's words, an arXiv id.

A script, not a test: the figures in benchmarks/README.md come from it.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import sys
import threading
from pathlib import Path

DEFAULT_QUERIES = ("model", "state space models", "2405.16537")
SETTLE_MS = 3000
SEARCH_PARTS = ("/pagefind/", "/arxiv/", "/search/", "/assets/javascripts/pagefind-worker.js")

CLOCK = """() => {
    window.clocked = { counts: [] }
    document.addEventListener("keydown", () => { window.clocked.key = performance.now() }, true)
    const meta = document.querySelector(".md-search-result__meta")
    new MutationObserver(() => {
        if (window.clocked.key === undefined) return
        const now = performance.now()
        if (window.clocked.first === undefined && document.querySelector(".md-search-result__item"))
            window.clocked.first = now
        window.clocked.counts.push([now, meta.textContent])
        window.clocked.last = now
    }).observe(document.querySelector(".md-search-result"), { childList: true, subtree: true, characterData: true })
}"""


def main(site: Path, queries: list[str]) -> None:
    from playwright.sync_api import sync_playwright

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *arguments):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    origin = f"http://127.0.0.1:{server.server_address[1]}/"
    flags = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]
    print(f"{'query':24s} {'requests':>9s} {'KB':>8s} {'first result s':>15s} {'true count s':>13s}  count")
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=shutil.which("chromium"), args=flags)
            for query in queries:
                print(one_query(browser, origin, query))
            browser.close()
    finally:
        server.shutdown()


def one_query(browser, origin: str, query: str) -> str:
    context = browser.new_context()
    page = context.new_page()
    loaded: list[int] = []
    page.on(
        "requestfinished",
        lambda request: (
            any(part in request.url for part in SEARCH_PARTS) and loaded.append(request.sizes()["responseBodySize"])
        ),
    )
    page.goto(origin, wait_until="load")
    before = len(loaded)  # what the page load itself fetched for search
    page.evaluate(CLOCK)
    page.locator("input.md-search__input").click()
    page.keyboard.insert_text(query[:-1])
    page.keyboard.type(query[-1])  # one query: Material searches on key events
    page.wait_for_function(
        f"() => window.clocked.last !== undefined && performance.now() - window.clocked.last > {SETTLE_MS}",
        timeout=300_000,
    )
    clocked = page.evaluate("window.clocked")
    context.close()
    counts = clocked["counts"]
    final = counts[-1][1] if counts else ""
    true_at = next(at for at, text in counts if text == final) if counts else float("nan")
    first = (clocked.get("first", float("nan")) - clocked["key"]) / 1000
    requests, kilobytes = len(loaded), sum(loaded) / 1e3
    return (
        f"{query:24s} {requests:9d} {kilobytes:8.1f} {first:15.2f} {(true_at - clocked['key']) / 1000:13.2f}  "
        f"{final} (page load: {before} requests)"
    )


if __name__ == "__main__":
    main(Path(sys.argv[1]), sys.argv[2:] or list(DEFAULT_QUERIES))
