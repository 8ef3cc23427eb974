"""The libraries researchers already keep: BibTeX (``.bib``, as Zotero or JabRef export it) and
CSL JSON (Zotero's "CSL JSON" and "Better CSL JSON" exports).

Entries are parsed by bibtexparser and their LaTeX (accents, braces, ``\\&``) decoded by
pylatexenc, math kept as written so that the abstract renderer shows it. An entry without an
abstract is kept: its page says so, and its title and links still help. Each bad entry is
reported with its file, line and field, and the reading goes on.
"""

from __future__ import annotations

import datetime
import functools
import json
import re

from generator.errors import Problems
from generator.model import ListedPaper, PaperDetails
from generator.read.clean import clean_text
from generator.read.listing import LONGEST_TITLE, Listing
from generator.read.records import (
    ARXIV_ID,
    TOO_DEEP,
    RecordProblem,
    array_elements,
    checked_text,
    finish,
)
from generator.urls import safe_url

ARXIV_URL = re.compile(r"arxiv\.org/(?:abs|pdf)/(?P<id>\d{4}\.\d{4,5}(?:v\d+)?)", re.IGNORECASE)
ARXIV_NUMBER = re.compile(r"(?:arxiv:\s*)?(?P<id>\d{4}\.\d{4,5}(?:v\d+)?)$", re.IGNORECASE)
DOI = re.compile(r"(?:https?://(?:dx\.)?doi\.org/)?(?P<doi>10\.\d{4,9}/\S+)$", re.IGNORECASE)
YEAR = re.compile(r"(?P<year>\d{4})")


FIELD_LIKE = re.compile(r"(?m)^[\s,]*[A-Za-z][\w-]*\s*=\s*[{\"0-9]")
"""A field (``author = {...}``) at a line's start: text between entries that reads as fields."""


def parse_bibtex(text: str, path: str, problems: Problems) -> Listing | None:
    import bibtexparser

    library = bibtexparser.parse_string(text)
    for block in library.failed_blocks:
        problems.add(path, block.start_line + 1, f"is not a BibTeX entry bibtexparser can read: {failure(block)}")
    for comment in library.comments:
        if FIELD_LIKE.search(getattr(comment, "comment", "") or comment.raw):
            problems.add(
                path,
                comment.start_line + 1,
                "holds fields (`name = {...}`) outside any entry: a `}` too many in the field before closed "
                "its entry early, and these fields would be lost; balance the braces",
            )
    papers = []
    for entry in library.entries:
        fields = {field.key.lower(): field.value for field in entry.fields}
        try:
            papers.append(bibtex_paper(fields, entry.start_line + 1))
        except RecordProblem as problem:
            problems.add(path, entry.start_line + 1, f"entry {entry.key!r}: {problem}")
    return finish(papers, [], path, problems)


def failure(block) -> str:
    """Why bibtexparser gave up on a block, said (its exceptions often have no message)."""
    error = block.error
    reason = getattr(error, "abort_reason", "") or str(error)
    if "end of file" in reason:
        return "a `{` is never closed (the file ended inside the entry)"
    if "block start" in reason:
        return "a `{` is never closed (the next entry began inside this one)"
    return reason or type(error).__name__


def bibtex_paper(fields: dict[str, str], line: int) -> ListedPaper:
    title = decoded(fields.get("title", ""), "title")
    if not title:
        raise RecordProblem("field `title` is required")
    if len(title) > LONGEST_TITLE:
        raise RecordProblem(f"field `title` is {len(title):,} characters long; at most {LONGEST_TITLE:,} are allowed")
    url = fields.get("url", "").strip()
    archive = (fields.get("archiveprefix") or fields.get("eprinttype") or "").strip().lower()
    eprint = fields.get("eprint", "").strip()
    arxiv_id = eprint if archive == "arxiv" and ARXIV_ID.fullmatch(eprint) else arxiv_of_url(url)
    details = PaperDetails(
        arxiv_id=arxiv_id,
        authors=tuple(person(decoded(name, "author")) for name in split_names(fields.get("author", ""))),
        published=bibtex_date(fields),
        year=bibtex_year(fields),
        url=url if safe_url(url) else None,
        doi=doi_of(fields.get("doi", "")),
        tags=keywords(decoded(fields.get("keywords", ""), "keywords")),
    )
    return ListedPaper(title, decoded(fields.get("abstract", ""), "abstract"), line, details)


LATEX_SPECIALS = re.compile(r"[\\{}$%~&]|--|``|''|[?!]`")
"""What LaTeX reads as more than letters: commands, groups, math, comments, ties, dashes, quotes."""


def decoded(value: str, field: str) -> str:
    """A field's LaTeX as text (``{\\"u}`` is ü, ``\\&`` is &), math kept as written; braces
    that only protect capitals dropped."""
    checked_text(value, field)
    if not value.strip():
        return ""
    if not LATEX_SPECIALS.search(value):
        return clean_text(value)  # most fields: nothing the converter would change, at a hundredth of its time
    try:
        text = latex_to_text().latex_to_text(value)
    except Exception:  # pylatexenc raises on some malformed input: the text with braces dropped
        text = value.replace("{", "").replace("}", "")
    return clean_text(text)


@functools.cache
def latex_to_text():
    """One converter for every field: making one builds pylatexenc's table of macros, which
    takes longer than the conversions themselves (benchmarks/README.md, Measured reasons in the code)."""
    from pylatexenc.latex2text import LatexNodes2Text

    return LatexNodes2Text(math_mode="verbatim", strict_latex_spaces=True)


def keywords(text: str) -> tuple[str, ...]:
    """Keywords as Zotero and JabRef write them: separated by commas or semicolons."""
    return tuple(cleaned for word in re.split(r"[,;]", text) if (cleaned := clean_text(word)))


AND_OR_BRACE = re.compile(r"[{}]|\s+and\s+", re.IGNORECASE)


def split_names(authors: str) -> list[str]:
    """The names of a BibTeX ``author`` field, split at each "and" outside braces: the braces of
    ``{Tom and Jerry Lab}`` keep a name whole, as BibTeX itself reads it."""
    names, depth, start = [], 0, 0
    for match in AND_OR_BRACE.finditer(authors):
        token = match.group()
        if token == "{":
            depth += 1
        elif token == "}":
            depth = max(depth - 1, 0)
        elif depth == 0:
            names.append(authors[start : match.start()])
            start = match.end()
    names.append(authors[start:])
    return [name.strip() for name in names if name.strip()]


def person(name: str) -> str:
    """``Last, First`` as ``First Last``; ``others`` (BibTeX's et al.) as it is."""
    if "," in name:
        last, first = (part.strip() for part in name.split(",", 1))
        return f"{first} {last}".strip()
    return name


def bibtex_year(fields: dict[str, str]) -> int | None:
    match = YEAR.search(fields.get("year") or fields.get("date") or "")
    return int(match["year"]) if match else None


def bibtex_date(fields: dict[str, str]) -> str | None:
    """YYYY-MM-DD when the entry says the day (``date = {2024-05-01}``); a year alone is no date."""
    date = fields.get("date", "").strip()
    return date if is_day(date) else None


def is_day(text: str) -> bool:
    """Whether ``text`` is a day that exists, as YYYY-MM-DD (2024-13-45 is not)."""
    if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
        return False
    try:
        datetime.date.fromisoformat(text)
    except ValueError:
        return False
    return True


def arxiv_of_url(url: str) -> str | None:
    match = ARXIV_URL.search(url)
    return match["id"] if match else None


def doi_of(value: str) -> str | None:
    match = DOI.match(value.strip())
    return match["doi"] if match else None


def parse_csl_json(text: str, path: str, problems: Problems) -> Listing | None:
    """A JSON array of CSL items: `title` required; `abstract`, `author`, `issued`, `URL`,
    `DOI`, `keyword` and an arXiv `number` read when present."""
    try:
        items = list(array_elements(text))
    except (json.JSONDecodeError, ValueError) as error:
        problems.add(path, getattr(error, "lineno", 1), f"is not a valid JSON array: {getattr(error, 'msg', error)}")
        return None
    except RecursionError:
        problems.add(path, 1, TOO_DEEP)
        return None
    papers = []
    for line, item in items:
        try:
            if not isinstance(item, dict):
                raise RecordProblem("a CSL item must be a JSON object")
            papers.append(csl_paper(item, line))
        except RecordProblem as problem:
            problems.add(path, line, str(problem))
    return finish(papers, [], path, problems)


def csl_paper(item: dict, line: int) -> ListedPaper:
    title = csl_text(item, "title")
    if not title:
        raise RecordProblem("field `title` is required and must be non-empty text")
    if len(title) > LONGEST_TITLE:
        raise RecordProblem(f"field `title` is {len(title):,} characters long; at most {LONGEST_TITLE:,} are allowed")
    url = csl_text(item, "URL")
    number = csl_text(item, "number")
    arxiv_number = ARXIV_NUMBER.match(number) if number else None
    details = PaperDetails(
        arxiv_id=arxiv_of_url(url) or (arxiv_number["id"] if arxiv_number else None),
        authors=csl_authors(item.get("author", [])),
        published=csl_date(item.get("issued")),
        year=csl_year(item.get("issued")),
        url=url if safe_url(url) else None,
        doi=doi_of(csl_text(item, "DOI")),
        tags=keywords(csl_text(item, "keyword")),
    )
    return ListedPaper(title, csl_text(item, "abstract"), line, details)


def csl_text(item: dict, key: str) -> str:
    value = item.get(key, "")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        raise RecordProblem(f"field `{key}` must be text")
    return clean_text(checked_text(value, key))


def csl_authors(authors: object) -> tuple[str, ...]:
    if not isinstance(authors, list) or not all(isinstance(author, dict) for author in authors):
        raise RecordProblem("field `author` must be a list of objects with `family` and `given` (or `literal`)")
    names = []
    for author in authors:
        parts = [author.get(key, "") for key in ("given", "family")] if "literal" not in author else [author["literal"]]
        if not all(isinstance(part, str) for part in parts):
            raise RecordProblem("field `author`: names must be text")
        if name := clean_text(checked_text(" ".join(part for part in parts if part), "author")):
            names.append(name)
    return tuple(names)


def csl_parts(issued: object) -> list[int]:
    """The numbers of CSL's ``{"date-parts": [[2024, 5, 1]]}``; [] when there are none."""
    if not isinstance(issued, dict):
        return []
    parts = issued.get("date-parts")
    if not (isinstance(parts, list) and parts and isinstance(parts[0], list)):
        raw = issued.get("raw")
        match = YEAR.search(raw) if isinstance(raw, str) else None
        return [int(match["year"])] if match else []
    numbers = []
    for part in parts[0][:3]:
        if isinstance(part, str) and re.fullmatch(r"[0-9]{1,9}", part):  # never "²", nor 5,000 digits
            part = int(part)
        if not isinstance(part, int) or isinstance(part, bool):
            raise RecordProblem("field `issued`: date-parts must be numbers, e.g. [[2024, 5, 1]]")
        numbers.append(part)
    return numbers


def csl_year(issued: object) -> int | None:
    parts = csl_parts(issued)
    return parts[0] if parts and 1000 <= parts[0] <= 9999 else None


def csl_date(issued: object) -> str | None:
    parts = csl_parts(issued)
    if len(parts) != 3 or not all(0 <= part <= 9999 for part in parts):
        return None
    day = f"{parts[0]:04d}-{parts[1]:02d}-{parts[2]:02d}"
    return day if parts[0] >= 1000 and is_day(day) else None
