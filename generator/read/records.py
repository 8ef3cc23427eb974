"""Structured digests: the Hugging Face daily-papers API JSON and JSON Lines records.

Every record is checked field by field; a bad record is reported with its file, line and field,
and the reading goes on so that one run reports every bad record of the digest.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable, Iterator

from generator.errors import Problems
from generator.model import ListedPaper, PaperDetails
from generator.read.clean import clean_text
from generator.read.listing import LONGEST_TITLE, Listing, abstract_problem, iso_day, parse_date
from generator.urls import safe_url

ARXIV_ID = re.compile(r"\d{4}\.\d{4,5}(?:v\d+)?|[a-z][a-z.-]*(?:\.[A-Z]{2})?/\d{7}(?:v\d+)?")
MOST_UPVOTES = 1_000_000_000
"""More is not a count anybody gave: a mistake, or text made to look like one."""
LONGEST_NUMBER = 30
"""Digits of a number read as one; a longer one is kept as :class:`LongNumber` (Python refuses to
read integers of more than 4,300 digits, and no field needs more than ten)."""


class LongNumber:
    """A number of more digits than any field takes, as written: a field's check refuses it."""

    def __init__(self, digits: str) -> None:
        self.digits = digits

    def __repr__(self) -> str:
        return f"a number of {len(self.digits.lstrip('-')):,} digits"


def read_number(digits: str) -> int | LongNumber:
    return int(digits) if len(digits) <= LONGEST_NUMBER else LongNumber(digits)


JSON_DECODER = json.JSONDecoder(parse_int=read_number)
TOO_DEEP = "nests arrays or objects too deeply to be read (more than about 1,000 levels)"


class RecordProblem(Exception):
    """One bad field of one record."""


def parse_jsonl(text: str, path: str, problems: Problems) -> Listing | None:
    """One JSON object per line: `title` and `abstract` required; see the README for the rest."""
    papers, dates = [], []
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            record = JSON_DECODER.decode(line)
        except json.JSONDecodeError as error:
            problems.add(path, number, f"is not a JSON object: {error.msg} (column {error.colno})")
            continue
        except RecursionError:
            problems.add(path, number, TOO_DEEP)
            continue
        paper = read_record(record, number, path, problems, jsonl_paper)
        if paper:
            papers.append(paper)
            dates.append(record.get("hf_daily_date") or record.get("date"))
    return finish(papers, dates, path, problems)


def parse_hf_api(text: str, path: str, problems: Problems) -> Listing | None:
    """The daily-papers API's answer: a JSON array of entries, each with a `paper` object."""
    try:
        entries = list(array_elements(text))
    except (json.JSONDecodeError, ValueError) as error:
        line = getattr(error, "lineno", 1)
        problems.add(path, line, f"is not a valid JSON array: {getattr(error, 'msg', error)}")
        return None
    except RecursionError:
        problems.add(path, 1, TOO_DEEP)
        return None
    papers, dates = [], []
    for line, entry in entries:
        paper = read_record(entry, line, path, problems, hf_api_paper)
        if paper:
            papers.append(paper)
            dates.append(entry["paper"].get("submittedOnDailyAt"))
    return finish(papers, dates, path, problems)


def read_record(record: object, line: int, path: str, problems: Problems, reader: Callable) -> ListedPaper | None:
    if not isinstance(record, dict):
        problems.add(path, line, "a record must be a JSON object")
        return None
    try:
        return reader(record, line)
    except RecordProblem as problem:
        problems.add(path, line, str(problem))
        return None


def jsonl_paper(record: dict, line: int) -> ListedPaper:
    optional_date(record, "hf_daily_date")  # the digest's date: checked here, read by finish()
    paragraphs = record.get("abstract_paragraphs")
    abstract = "\n\n".join(paragraphs) if is_list_of_text(paragraphs) and paragraphs else record.get("abstract")
    details = PaperDetails(
        arxiv_id=optional_arxiv_id(record, "arxiv_id"),
        authors=text_list(record, "authors", split_commas=True),
        published=optional_date(record, "date"),
        upvotes=optional_count(record, "upvotes"),
        code_url=optional_url(record, "code") or optional_url(record, "github_repo"),
        project_url=optional_url(record, "project"),
        url=optional_url(record, "url"),
        tags=text_list(record, "tags") or text_list(record, "categories"),
    )
    title = required_text(record, "title", LONGEST_TITLE)
    return ListedPaper(title, required_abstract({"abstract": abstract}, "abstract"), line, details)


def hf_api_paper(entry: dict, line: int) -> ListedPaper:
    paper = entry.get("paper")
    if not isinstance(paper, dict):
        raise RecordProblem("field `paper` is missing or not an object")
    authors = paper.get("authors", [])
    if not isinstance(authors, list) or not all(
        isinstance(a, dict) and isinstance(a.get("name"), str) for a in authors
    ):
        raise RecordProblem("field `paper.authors` must be a list of objects with a `name`")
    optional_date(paper, "submittedOnDailyAt")  # the digest's date: checked here, read by finish()
    details = PaperDetails(
        arxiv_id=optional_arxiv_id(paper, "id"),
        authors=tuple(
            clean_text(checked_text(author["name"], "paper.authors")) for author in authors if author["name"].strip()
        ),
        published=optional_date(paper, "publishedAt"),
        upvotes=optional_count(paper, "upvotes"),
        code_url=optional_url(paper, "githubRepo"),
        project_url=optional_url(paper, "projectPage"),
        ai_summary=optional_text(paper, "ai_summary"),
        keywords=text_list(paper, "ai_keywords"),
    )
    title = required_text(paper, "title", LONGEST_TITLE, prefix="paper.")
    return ListedPaper(title, required_abstract(paper, "summary", prefix="paper."), line, details)


SURROGATE = re.compile("[\ud800-\udfff]")


def checked_text(value: str, field: str) -> str:
    """``value``, unless it holds what no text may: an unpaired surrogate (JSON's ``"\\ud800"``),
    which cannot be written as UTF-8 to any page."""
    if not value.isprintable() and SURROGATE.search(value):
        raise RecordProblem(f"field `{field}` holds an unpaired surrogate escape (such as \\ud800), which is not text")
    return value


def required_text(record: dict, key: str, longest: int, prefix: str = "") -> str:
    value = record.get(key)
    cleaned = clean_text(checked_text(value, prefix + key)) if isinstance(value, str) else ""
    if not cleaned:
        raise RecordProblem(f"field `{prefix}{key}` is required and must be non-empty text")
    if len(value) > longest:
        raise RecordProblem(f"field `{prefix}{key}` is {len(value):,} characters long; at most {longest:,} are allowed")
    return cleaned


def required_abstract(record: dict, key: str, prefix: str = "") -> str:
    text = required_text(record, key, sys.maxsize, prefix)
    if problem := abstract_problem(record[key]):
        raise RecordProblem(f"field `{prefix}{key}` {problem}")
    return text


def optional_text(record: dict, key: str) -> str | None:
    value = record.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise RecordProblem(f"field `{key}` must be text")
    return clean_text(checked_text(value, key)) or None


def optional_arxiv_id(record: dict, key: str) -> str | None:
    value = record.get(key)
    if value in (None, ""):
        return None
    if not isinstance(value, str) or not ARXIV_ID.fullmatch(value.strip()):
        raise RecordProblem(f"field `{key}` must be an arXiv id such as 2310.01234 (got {value!r})")
    return value.strip()


def optional_date(record: dict, key: str) -> str | None:
    value = record.get(key)
    if value in (None, ""):
        return None
    day = iso_day(value) if isinstance(value, str) else None
    if day is None:
        raise RecordProblem(f"field `{key}` must be a date such as 2026-03-12 (got {value!r})")
    return day


def optional_count(record: dict, key: str) -> int | None:
    value = record.get(key)
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= MOST_UPVOTES:
        raise RecordProblem(f"field `{key}` must be a whole number from 0 to {MOST_UPVOTES:,} (got {value!r})")
    return value


def optional_url(record: dict, key: str) -> str | None:
    value = record.get(key)
    if value in (None, ""):
        return None
    if not isinstance(value, str) or safe_url(value.strip()) is None:
        raise RecordProblem(f"field `{key}` must be an http(s) address (got {value!r})")
    return value.strip()


def text_list(record: dict, key: str, split_commas: bool = False) -> tuple[str, ...]:
    value = record.get(key)
    if value in (None, ""):
        return ()
    if isinstance(value, str):
        value = value.split(",") if split_commas else value.split()
    if not is_list_of_text(value):
        raise RecordProblem(f"field `{key}` must be a list of text")
    return tuple(cleaned for item in value if (cleaned := clean_text(checked_text(item, key))))


def is_list_of_text(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


def array_elements(text: str) -> Iterator[tuple[int, object]]:
    """(line, element) for each element of a top-level JSON array, so records can be named by line."""
    decoder = JSON_DECODER
    position = skip_space(text, 0)
    if text[position : position + 1] != "[":
        raise ValueError("the file must hold a JSON array of papers")
    position = skip_space(text, position + 1)
    if text[position : position + 1] == "]":
        return
    line, counted_to = 1, 0
    while True:
        element, end = decoder.raw_decode(text, position)
        # Lines counted from the last element on, not from the start: linear in the file's size.
        line += text.count("\n", counted_to, position)
        counted_to = position
        yield line, element
        position = skip_space(text, end)
        if text[position : position + 1] == "]":
            return
        if text[position : position + 1] != ",":
            raise json.JSONDecodeError("expected ',' or ']'", text, position)
        position = skip_space(text, position + 1)


def skip_space(text: str, position: int) -> int:
    while position < len(text) and text[position] in " \t\r\n":
        position += 1
    return position


def finish(papers: list[ListedPaper], dates: list, path: str, problems: Problems) -> Listing | None:
    if not papers:
        if not any(problem.path == path for problem in problems):
            problems.add(path, 0, "no papers found")
        return None
    days = {day for value in dates if isinstance(value, str) and (day := iso_day(value))}
    if not days:
        return Listing(None, (0, 0, 0), tuple(papers))
    day = max(days)  # the newest day a record was listed on
    return Listing(day, parse_date(day) or (0, 0, 0), tuple(papers))
