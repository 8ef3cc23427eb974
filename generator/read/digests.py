"""Read every digest file in ``content/digests/``, whatever its format, into listed papers."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from generator.errors import Problems
from generator.ids import digest_id, title_key
from generator.model import ListedPaper
from generator.read.files import display_path, files_in, read_text
from generator.read.library import parse_bibtex, parse_csl_json
from generator.read.listing import ISO_DATE, parse_date, parse_listing
from generator.read.records import array_elements, parse_hf_api, parse_jsonl

ENRICHMENT = "enrichment"


@dataclass(frozen=True)
class DigestRecord:
    """One digest file as read, before papers from several digests are merged."""

    id: str
    path: str
    date: str | None
    date_key: tuple[int, int, int]
    papers: tuple[ListedPaper, ...]
    format: str = "listing"

    @property
    def is_enrichment(self) -> bool:
        """Details found for another digest's papers (`fetch enrich`): no digest of its own."""
        return self.format == ENRICHMENT


ENRICHMENT_SUFFIX = ".enriched.jsonl"
"""What `fetch enrich` names the file it writes beside a listing (``<listing>.enriched.jsonl``):
JSON Lines whose records add details (arXiv id, authors, date, upvotes, code) to papers other
digests list, merged by title; the file makes no digest page and lists no paper of its own."""


def read_digest_folder(folder: Path, content_root: Path, problems: Problems) -> list[DigestRecord]:
    """Read all digests, sorted by file name so that the result never depends on the disk's order."""
    records: list[DigestRecord] = []
    seen_ids: dict[str, str] = {}
    for path in files_in(folder):
        record = read_digest_file(path, content_root, problems)
        if record is None:
            continue
        if record.id in seen_ids:
            problems.add(record.path, 0, f"has the same digest id {record.id!r} as {seen_ids[record.id]}: rename one")
            continue
        seen_ids[record.id] = record.path
        records.append(record)
    return records


def read_digest_file(path: Path, content_root: Path, problems: Problems) -> DigestRecord | None:
    text = read_text(path, content_root, problems)
    if text is None:
        return None
    return read_digest_text(path, display_path(path, content_root), text, problems)


READERS = {
    "listing": parse_listing,
    "hf-api": parse_hf_api,
    "jsonl": parse_jsonl,
    "bibtex": parse_bibtex,
    "csl-json": parse_csl_json,
}


def read_digest_text(path: Path, shown: str, text: str, problems: Problems) -> DigestRecord | None:
    """A digest's text read as the build reads the file ``path`` (named ``shown`` in problems):
    also how `fetch` checks what it is about to write."""
    format_name, problem = recognise(path, text)
    if problem:
        problems.add(shown, 1, problem)
        return None
    listing = READERS[format_name](text, shown, problems)
    if listing is None:
        return None
    papers = listing.papers  # each reader applies clean_text, the documented normalisation
    if not check_unique_titles(papers, shown, problems):
        return None
    date, date_key = listing.date, listing.date_key
    # A digest named `2026-03-12-...` lends its year to a date line without one (`Mar 12`).
    if date_key[0] == 0 and (named := ISO_DATE.match(path.name)) and parse_date(named[0]):
        date_key = (int(named["year"]), date_key[1], date_key[2]) if date else parse_date(named[0])
        date = date or named[0]
    if path.name.endswith(ENRICHMENT_SUFFIX) and format_name == "jsonl":
        format_name = ENRICHMENT
    return DigestRecord(digest_id(path.stem), shown, date, date_key, papers, format_name)


LISTING_SUFFIXES = ("", ".txt", ".md")


def recognise(path: Path, text: str) -> tuple[str, str | None]:
    """The reader for this file, by its content (then its name); or a message saying why none fits."""
    start = text.lstrip()[:1]
    if start == "[":
        return ("csl-json" if is_csl_json(text) else "hf-api"), None
    if start == "@" or path.suffix.lower() == ".bib":
        return "bibtex", None
    if start == "{":
        first_line = text.lstrip().split("\n", 1)[0]
        try:
            json.loads(first_line)
        except json.JSONDecodeError:
            return (
                "",
                "is one JSON object over several lines; a digest is a JSON array (the Hugging Face API) or one object per line (JSON Lines)",
            )
        except (RecursionError, ValueError):
            pass  # a line too deep or with too long a number: the JSON Lines reader says so, by field
        return "jsonl", None
    if start == "<":
        return "", "looks like HTML or XML; copy the listing page's text (not its source) into a .txt file"
    if path.suffix.lower() not in LISTING_SUFFIXES:
        return (
            "",
            f"has an unknown format ({path.suffix}); digests are listing text (.txt, .md), API JSON, JSON Lines, "
            "BibTeX (.bib) or CSL JSON",
        )
    return "listing", None


def is_csl_json(text: str) -> bool:
    """Whether a JSON array holds CSL items (`title`, `type`, no `paper`) rather than the
    Hugging Face API's entries (each with a `paper` object): told by its first element."""
    try:
        _, first = next(array_elements(text))
    except (StopIteration, ValueError, RecursionError):
        return False  # empty or broken: the API reader says what is wrong
    return isinstance(first, dict) and "paper" not in first and ("type" in first or "issued" in first)


def check_unique_titles(papers: tuple[ListedPaper, ...], shown: str, problems: Problems) -> bool:
    first_line: dict[str, int] = {}
    unique = True
    for paper in papers:
        key = title_key(paper.title)
        if key in first_line:
            problems.add(
                shown,
                paper.line,
                f"the title {paper.title!r} is listed twice (first on line {first_line[key]}); remove one",
            )
            unique = False
        first_line.setdefault(key, paper.line)
    return unique
