"""``fetch enrich``: the papers of copied listings (titles and abstracts only) looked up by title
in Hugging Face's paper search, and what is found saved beside each listing.

A match is taken only when the found title is the listing's title once case, spacing and
punctuation are set aside (:func:`generator.ids.title_key`, the rule that makes two listings one
paper): a search answers with papers that merely share words, and a wrong arXiv id, author list
or code link on a page costs the reader more than none. What is found goes to
``<listing>.enriched.jsonl`` (see :data:`generator.read.digests.ENRICHMENT_SUFFIX`), which the
site merges into the listing's papers by title: they gain an arXiv id, authors, a date, upvotes
and code links, and keep their ids and addresses.
"""

from __future__ import annotations

import json
import sys
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

from generator import site_paths
from generator.errors import Problems
from generator.fetch.http import Client, FetchError
from generator.fetch.sources import HF_BASE_URL, Summary, progress, save
from generator.ids import title_key
from generator.model import ListedPaper
from generator.read.digests import ENRICHMENT_SUFFIX, DigestRecord, read_digest_folder
from generator.read.records import JSON_DECODER, RecordProblem, hf_api_paper

SEARCH_PATH = "/api/papers/search"
ENRICH_DELAY = 1.0
"""Seconds between two searches: one listing of 60 papers takes a minute, politely."""
MOST_RESULTS_READ = 50
"""Results of one search looked at; the paper searched for by its exact title comes first."""


@dataclass
class Enrichment:
    """What a run found, per listing file, and what it did not."""

    found: dict[Path, list[dict]] = field(default_factory=dict)
    looked_up: int = 0
    not_found: list[str] = field(default_factory=list)

    def line(self) -> str:
        enriched = self.looked_up - len(self.not_found)
        missing = (
            "; not found: " + "; ".join(repr(title[:80]) for title in self.not_found[:10]) if self.not_found else ""
        )
        more = f" and {len(self.not_found) - 10} more" if len(self.not_found) > 10 else ""
        return f"{enriched} of {self.looked_up} listing papers enriched{missing}{more}"


def fetch_enrich(content: Path, client: Client, base_url: str = HF_BASE_URL) -> tuple[Summary, Enrichment]:
    """Look up each paper of a listing digest that no digest gives an arXiv id, and save what is
    found; papers found before are not looked up again. What was found is saved even when a
    later lookup fails (FetchError): nothing found is lost."""
    digests = content / site_paths.DIGESTS_FOLDER
    problems = Problems()
    records = read_digest_folder(digests, content, problems)
    problems.raise_if_any()
    enrichment = Enrichment()
    summary = Summary()
    try:
        for listing, paper in papers_to_look_up(records):
            enrichment.looked_up += 1
            summary.fetched += 1
            found = search(paper.title, client, base_url)
            if found is None:
                enrichment.not_found.append(paper.title)
                progress(f"not found: {paper.title[:80]}")
                continue
            enrichment.found.setdefault(enriched_path(digests, listing), []).append(found)
            progress(f"enriched: {paper.title[:80]}")
    finally:
        for listing in records:
            path = enriched_path(digests, listing)
            found = enrichment.found.get(path, [])
            if listing.format == "listing" and (found or path.exists()):
                summary.papers += len(found)
                listed = {title_key(paper.title) for paper in listing.papers}
                if data := enriched_file(found, path, listed):
                    save(path, data, summary)
    return summary, enrichment


def papers_to_look_up(records: list[DigestRecord]) -> list[tuple[DigestRecord, ListedPaper]]:
    """Each listing paper (copied listing text) with no arXiv id in any digest, once."""
    known = {title_key(paper.title) for record in records for paper in record.papers if paper.details.arxiv_id}
    wanted = []
    for record in records:
        if record.format != "listing":
            continue
        for paper in record.papers:
            key = title_key(paper.title)
            if key not in known:
                known.add(key)  # a paper in two listings is looked up once
                wanted.append((record, paper))
    return wanted


def enriched_path(digests: Path, listing: DigestRecord) -> Path:
    return digests / (Path(listing.path).stem + ENRICHMENT_SUFFIX)


def search(title: str, client: Client, base_url: str) -> dict | None:
    """The record for ``title`` from the paper search, or None when no result has that title."""
    source = f"Hugging Face paper search for {title[:80]!r}"
    url = f"{base_url.rstrip('/')}{SEARCH_PATH}?{urllib.parse.urlencode({'q': title})}"
    try:
        results = JSON_DECODER.decode(client.get(url, source).decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise FetchError(f"{source}: the answer is not the JSON list of papers this project reads") from None
    if not isinstance(results, list):
        raise FetchError(f"{source}: the answer is not a JSON list of papers (the API may have changed)")
    wanted = title_key(title)
    for result in results[:MOST_RESULTS_READ]:
        paper = result.get("paper") if isinstance(result, dict) else None
        if not isinstance(paper, dict) or not isinstance(paper.get("title"), str):
            continue
        if title_key(paper["title"]) != wanted:
            continue
        try:
            found = hf_api_paper(result, 0)
        except RecordProblem as problem:
            print(f"warning: {source}: the paper found cannot be used ({problem}); left as listed", file=sys.stderr)
            return None
        return record_of(found)
    return None


def record_of(paper: ListedPaper) -> dict:
    """A JSON Lines record in the documented schema (README, Digests): what the search gave,
    already read and checked as the build reads the API's answers."""
    details = paper.details
    record = {
        "title": paper.title,
        "abstract": paper.abstract,
        "arxiv_id": details.arxiv_id,
        "authors": list(details.authors),
        "date": details.published,
        "upvotes": details.upvotes,
        "code": details.code_url,
        "project": details.project_url,
    }
    return {key: value for key, value in record.items() if value not in (None, [], "")}


def enriched_file(found: list[dict], path: Path, listed: set[str]) -> bytes:
    """The records found, then those the file held that are not among them (by title) and that
    the listing still lists: a run adds what it found and never drops what an earlier run found
    for a paper the listing keeps."""
    keys = {title_key(record["title"]) for record in found}
    try:
        saved = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    except (OSError, ValueError):
        saved = []
    older = [
        r
        for r in saved
        if isinstance(r, dict) and (key := title_key(str(r.get("title", "")))) not in keys and key in listed
    ]
    return "".join(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n" for r in found + older).encode("utf-8")
