"""How `fetch enrich` does on a copied listing, against a stand-in of Hugging Face's paper search.

    .venv/bin/python benchmarks/enrichment.py ../shared/digests/hf-api/*.json --corpus ../shared/corpora/arxiv-papers.jsonl

The listing is made from the Hugging Face API days given (titles and abstracts, as a researcher
copies them from the Papers page); a second listing is the same with each title's case and
punctuation changed, and a third with one word of each title changed (another paper, which must
not be matched). The stand-in search, on 127.0.0.1, answers a query with the ten papers sharing
the most title words with it among the days' papers and the corpus' (as a search engine ranks
them), each shaped as the API's `paper` object. Printed: papers enriched, wrong arXiv ids taken,
requests and seconds. A script, not a test: the figures in benchmarks/README.md come from it.
"""

from __future__ import annotations

import argparse
import contextlib
import http.server
import io
import json
import re
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from generator.__main__ import main as generator_main

WORD = re.compile(r"\w+")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("days", nargs="+", type=Path)
    parser.add_argument("--corpus", type=Path)
    arguments = parser.parse_args()
    entries = [entry for path in arguments.days for entry in json.loads(path.read_text(encoding="utf-8"))]
    papers = [entry["paper"] for entry in entries]
    if arguments.corpus:
        papers += [as_api_paper(json.loads(line)) for line in arguments.corpus.read_text(encoding="utf-8").splitlines()]
    search = Search(papers)
    truth = {entry["paper"]["title"]: entry["paper"]["id"] for entry in entries}
    variants = {
        "as copied": lambda title: title,
        "case and punctuation changed": lambda title: title.upper().replace(":", " -") + ".",
        "one word changed (another paper)": lambda title: re.sub(r"\w+", "Quantum", title, count=1),
    }
    print(f"{len(entries)} listing papers; the search holds {len(papers):,} papers")
    for name, variant in variants.items():
        listing = {variant(title): arxiv_id for title, arxiv_id in truth.items()}
        run(name, listing, search)


def as_api_paper(record: dict) -> dict:
    authors = record.get("authors") or []
    return {
        "id": record.get("arxiv_id") or "",
        "title": record["title"],
        "summary": record["abstract"],
        "authors": [{"name": name} for name in (authors if isinstance(authors, list) else [authors])],
        "publishedAt": record.get("date") or None,
    }


class Search:
    def __init__(self, papers: list[dict]) -> None:
        self.papers = [paper for paper in papers if paper.get("id")]
        self.index: dict[str, list[int]] = {}
        for number, paper in enumerate(self.papers):
            for word in set(WORD.findall(paper["title"].lower())):
                self.index.setdefault(word, []).append(number)

    def results(self, query: str) -> list[dict]:
        counts = Counter(n for word in set(WORD.findall(query.lower())) for n in self.index.get(word, ()))
        return [{"paper": self.papers[n], "title": self.papers[n]["title"]} for n, _ in counts.most_common(10)]


def run(name: str, listing: dict[str, str], search: Search) -> None:
    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            query = urllib.parse.parse_qs(urllib.parse.urlsplit(self.path).query).get("q", [""])[0]
            body = json.dumps(search.results(query)).encode()
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *arguments):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    with tempfile.TemporaryDirectory() as folder:
        content = Path(folder) / "content"
        (content / "digests").mkdir(parents=True)
        text = "Daily Papers\n\nMar 12\n\n" + "".join(f"{title}\n\nAn abstract as copied.\n\n" for title in listing)
        (content / "digests" / "listing.txt").write_text(text, encoding="utf-8")
        started = time.perf_counter()
        with contextlib.redirect_stdout(io.StringIO()):
            address = f"http://127.0.0.1:{server.server_port}"
            status = generator_main(
                ["--content", str(content), "fetch", "enrich", "--base-url", address, "--delay", "0"]
            )
        seconds = time.perf_counter() - started
        enriched = content / "digests" / "listing.enriched.jsonl"
        records = [json.loads(line) for line in enriched.read_text().splitlines()] if enriched.exists() else []
    server.shutdown()
    expected = {re.sub(r"\W+", " ", title.lower()).strip(): arxiv_id for title, arxiv_id in listing.items()}
    wrong = sum(expected.get(re.sub(r"\W+", " ", r["title"].lower()).strip()) != r["arxiv_id"] for r in records)
    print(
        f"  {name}: {len(records)} of {len(listing)} enriched, {wrong} wrong arXiv ids, exit {status}, {seconds:.1f} s"
    )


if __name__ == "__main__":
    main()
