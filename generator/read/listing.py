"""Read the Hugging Face Papers listing text: header lines, a date line, then title/abstract pairs."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from generator.errors import Problems
from generator.model import ListedPaper
from generator.read.clean import clean_text
from generator.text import ASCII_PUNCTUATION

MONTH_NAMES = (
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
)  # fmt: skip
KNOWN_HEADER_LINES = frozenset(
    {
        "new",
        "get trending papers in your email inbox!",
        "subscribe",
        "byak and the research community",
        "daily papers",
    }
)
"""Lines of the listing page's header, skipped even when a digest has no date line."""

MONTH_DAY = re.compile(r"(?P<month>[A-Za-z]{3,9})\.? (?P<day>\d{1,2})(?:,? (?P<year>\d{4}))?")
ISO_DATE = re.compile(r"(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})")
"""The one date pattern: digests' date lines, file names and structured records all use it."""
ISO_TIME = re.compile(r"(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?")
"""What may follow the date in a timestamp (the API's `2026-03-11T17:59:59.000Z`)."""

HEADER_SEARCH_LIMIT = 10
"""The date line must come within this many paragraphs: the header is short."""
LONGEST_TITLE = 400
"""A longer 'title' means the pairs are out of step (an abstract split in two, a lost title)."""
LONGEST_ABSTRACT = 20_000
"""Ten times the longest real abstract (arXiv allows 1,920 characters)."""
MOST_MARKS = 2_000
"""Punctuation characters (all but the comma) an abstract may hold: seven times the most in a
real one. Each is written to the page as a character reference, and Python-Markdown's time
grows faster than linearly with the references in a paragraph; below this an abstract costs
about the same whatever its length (benchmarks/long_abstracts.py)."""
WITHOUT_MARKS = str.maketrans("", "", "".join(sorted(ASCII_PUNCTUATION - {","})))
"""Deletes what MOST_MARKS counts: the punctuation `literal` writes as character references."""


def abstract_problem(abstract: str) -> str | None:
    """Why an abstract is refused, or None: too long, or too much punctuation."""
    if len(abstract) > LONGEST_ABSTRACT:
        return f"is {len(abstract):,} characters long; at most {LONGEST_ABSTRACT:,} are allowed (real ones are under 2,000)"
    marks = len(abstract) - len(abstract.translate(WITHOUT_MARKS))
    if marks > MOST_MARKS:
        return (
            f"holds {marks:,} punctuation characters; at most {MOST_MARKS:,} are allowed "
            "(real abstracts have under 300): is this text an abstract?"
        )
    return None


@dataclass(frozen=True)
class Paragraph:
    line: int
    text: str


@dataclass(frozen=True)
class Listing:
    date: str | None
    date_key: tuple[int, int, int]
    papers: tuple[ListedPaper, ...]


def parse_listing(text: str, path: str, problems: Problems) -> Listing | None:
    """Parse decoded listing text; report every structural problem to ``problems``."""
    paragraphs = split_paragraphs(text)
    date_text, date_key, body = split_header(paragraphs)
    if not body:
        problems.add(path, 0, "no papers found: expected a title paragraph and an abstract paragraph after the header")
        return None
    papers = []
    for index in range(0, len(body), 2):
        title = body[index]
        if len(title.text) > LONGEST_TITLE:
            problems.add(
                path,
                title.line,
                f"expected a paper title but found a paragraph of {len(title.text)} characters "
                f"(titles have at most {LONGEST_TITLE}): is an abstract split into two paragraphs, "
                "or a title missing above it?",
            )
            return None
        if index + 1 == len(body):
            problems.add(path, title.line, f"the title {shorten(title.text)!r} has no abstract after it")
            return None
        abstract = body[index + 1]
        if problem := abstract_problem(abstract.text):
            problems.add(path, abstract.line, f"the abstract of {shorten(title.text)!r} {problem}")
            return None
        papers.append(ListedPaper(clean_text(title.text), clean_text(abstract.text), title.line))
    return Listing(date_text, date_key, tuple(papers))


def split_paragraphs(text: str) -> list[Paragraph]:
    """Paragraphs separated by blank lines; the lines of one paragraph are joined by spaces."""
    paragraphs: list[Paragraph] = []
    lines: list[str] = []
    start = 0
    for number, line in enumerate(text.split("\n"), start=1):
        if line.strip():
            if not lines:
                start = number
            lines.append(line.strip())
        elif lines:
            paragraphs.append(Paragraph(start, " ".join(lines)))
            lines = []
    if lines:
        paragraphs.append(Paragraph(start, " ".join(lines)))
    return paragraphs


def split_header(paragraphs: list[Paragraph]) -> tuple[str | None, tuple[int, int, int], list[Paragraph]]:
    """Return (date line, date key, paragraphs after the header)."""
    for index, paragraph in enumerate(paragraphs[:HEADER_SEARCH_LIMIT]):
        key = parse_date(paragraph.text)
        if key is not None:
            return paragraph.text, key, paragraphs[index + 1 :]
        if " " in paragraph.text and paragraph.text.casefold() not in KNOWN_HEADER_LINES:
            break  # Real content began before any date line: this digest has none.
    skip = 0
    while skip < len(paragraphs) and paragraphs[skip].text.casefold() in KNOWN_HEADER_LINES:
        skip += 1
    return None, (0, 0, 0), paragraphs[skip:]


def parse_date(text: str) -> tuple[int, int, int] | None:
    """(year or 0, month, day) for ``Mar 12``, ``March 12, 2026`` or ``2026-03-12``; else None."""
    if match := ISO_DATE.fullmatch(text):
        year, month, day = int(match["year"]), int(match["month"]), int(match["day"])
    elif (match := MONTH_DAY.fullmatch(text)) and (month := month_number(match["month"])):
        year, day = int(match["year"] or 0), int(match["day"])
    else:
        return None
    try:
        date(year or 2000, month, day)  # 2000 is a leap year, so "Feb 29" without a year is valid
    except ValueError:
        return None
    return (year, month, day)


def iso_day(value: str) -> str | None:
    """``YYYY-MM-DD`` of a real day, given alone or as a timestamp's start; else None (so
    ``2026-03-12junk`` and ``2026-02-30`` are None)."""
    match = ISO_DATE.match(value)
    if not match or not ISO_TIME.fullmatch(value, match.end()) or parse_date(match[0]) is None:
        return None
    return match[0]


def month_number(name: str) -> int:
    """1-12 for a month name or its abbreviation of three letters or more (``Mar``, ``Sept``); else 0."""
    name = name.lower()
    for number, full_name in enumerate(MONTH_NAMES, start=1):
        if full_name.startswith(name):
            return number
    return 0


def shorten(text: str, width: int = 60) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
