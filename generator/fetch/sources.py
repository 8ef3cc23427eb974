"""What each source gives, checked and written as a digest: one file per Hugging Face day, saved
exactly as served; one JSON Lines file per arXiv query and day. Both idempotent (the same answer
changes no file), both atomic (a file is whole or absent), both loud (see :class:`FetchError`)."""

from __future__ import annotations

import datetime
import hashlib
import io
import json
import re
import sys
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

from generator import site_paths
from generator.atomic import write_atomically
from generator.errors import Problems
from generator.fetch.http import Client, FetchError
from generator.ids import title_key
from generator.read.digests import read_digest_text
from generator.read.listing import iso_day
from generator.read.records import RecordProblem, jsonl_paper, parse_hf_api

HF_BASE_URL = "https://huggingface.co"
ARXIV_BASE_URL = "https://export.arxiv.org"
ARXIV_PAGE = 100
"""Entries asked for per request (the API allows up to 2,000; smaller pages fail less)."""
ARXIV_DELAY = 3.0
"""Seconds between two arXiv requests, as its API terms ask."""
HF_FILE = re.compile(r"(?P<day>\d{4}-\d{2}-\d{2})-hf\.json")


@dataclass
class Summary:
    """What a run did, for the line printed at its end."""

    fetched: int = 0
    papers: int = 0
    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    empty: list[str] = field(default_factory=list)

    def line(self, what: str) -> str:
        return (
            f"{self.fetched} {what} fetched: {self.papers} papers, {len(self.written)} file(s) written, "
            f"{len(self.unchanged)} unchanged, {len(self.empty)} empty"
            + (f" ({', '.join(self.empty)})" if self.empty else "")
        )


def progress(line: str) -> None:
    """A line per day or page, on a terminal only: logs of scheduled runs get the summary."""
    if sys.stderr.isatty():
        print(line, file=sys.stderr)


def save(path: Path, data: bytes, summary: Summary) -> None:
    """Write ``data`` to ``path`` once the build would accept it (a file unchanged is not touched)."""
    check_as_digest(path, data)
    if path.exists() and path.read_bytes() == data:
        summary.unchanged.append(path.name)
        return
    write_atomically(path, data)
    summary.written.append(path.name)


def check_as_digest(path: Path, data: bytes) -> None:
    """FetchError unless ``data`` reads as a digest named ``path`` with no problem, exactly as
    `check` and the build read it: fetch never writes what the build refuses."""
    problems = Problems()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise FetchError(f"{path.name}: what was fetched is not UTF-8 text; nothing was written") from None
    read_digest_text(path, path.name, text, problems)
    if problems:
        first = next(iter(problems))
        raise FetchError(f"what was fetched would not build ({first}); nothing was written to {path.name}")


LATEST_DAY_AHEAD = datetime.timedelta(days=1)
"""A date up to a day after today (UTC) is some time zone's today; a later one is a mistake
upstream, which would make its digest the newest for good."""


def is_after(value: object, latest: datetime.date) -> bool:
    day = iso_day(value) if isinstance(value, str) else None
    return day is not None and day > latest.isoformat()


# Hugging Face


def hf_days(content: Path, since: datetime.date | None, until: datetime.date) -> list[datetime.date]:
    """``since`` to ``until``; by default from the newest day already fetched (again: a day's
    list grows during the day) or, with none, ``until`` alone."""
    if since is None:
        newest = newest_hf_day(content)
        since = min(newest, until) if newest else until
    if since > until:
        raise FetchError(f"--since {since} is after --until {until}")
    return [since + datetime.timedelta(days=offset) for offset in range((until - since).days + 1)]


def newest_hf_day(content: Path) -> datetime.date | None:
    """The newest day saved by ``fetch hf`` (a day is saved only when it has papers)."""
    days = []
    for path in (content / site_paths.DIGESTS_FOLDER).glob("*-hf.json"):
        if match := HF_FILE.fullmatch(path.name):
            try:
                days.append(datetime.date.fromisoformat(match["day"]))
            except ValueError:  # "2026-13-45-hf.json" names no day: not one fetch hf saved
                continue
    return max(days, default=None)


def fetch_hf(content: Path, days: list[datetime.date], client: Client, base_url: str, today: datetime.date) -> Summary:
    summary = Summary()
    latest = today + LATEST_DAY_AHEAD
    for day in days:
        source = f"Hugging Face daily papers, {day}"
        url = f"{base_url.rstrip('/')}/api/daily_papers?date={day}"
        body = client.get(url, source)
        count = checked_hf_day(body, source)
        summary.fetched += 1
        summary.papers += count
        if not count:
            summary.empty.append(str(day))
            progress(f"{day}: no papers (nothing written)")
            continue
        body = kept_hf_entries(body, source, latest)
        path = content / site_paths.DIGESTS_FOLDER / f"{day}-hf.json"
        if lost := papers_lost(path, body):
            # A day's list grows as the day goes on: one that shrank is kept as it was, loudly.
            print(
                f"warning: {source}: the new answer lacks {len(lost)} paper(s) the saved day has "
                f"({', '.join(lost[:5])}); the saved file is kept: delete it and fetch again to take the new list",
                file=sys.stderr,
            )
            summary.unchanged.append(path.name)
            continue
        save(path, body, summary)
        progress(f"{day}: {count} papers")
    return summary


def kept_hf_entries(body: bytes, source: str, latest: datetime.date) -> bytes:
    """The served bytes, or, when the day holds entries the build refuses or should not trust,
    the day without them, each named in a warning: a title listed twice ("Technical Report" and
    "Technical report."), a date after ``latest`` (a `9999-12-31` would make the day the
    site's newest for good)."""
    entries = json.loads(body)
    seen: set[str] = set()
    kept = []
    for entry in entries:
        paper = (entry.get("paper") or {}) if isinstance(entry, dict) else {}
        title = str(paper.get("title", ""))
        key = title_key(title)
        reason = (
            "is listed twice; the second listing"
            if key and key in seen
            else f"is dated after {latest}; it"
            if any(is_after(paper.get(name), latest) for name in ("submittedOnDailyAt", "publishedAt"))
            else None
        )
        if reason:
            print(f"warning: {source}: {title[:120]!r} {reason} is not saved", file=sys.stderr)
            continue
        seen.add(key)
        kept.append(entry)
    if len(kept) == len(entries):
        return body
    return json.dumps(kept, ensure_ascii=False, indent=2).encode("utf-8")


def papers_lost(path: Path, body: bytes) -> list[str]:
    """The arXiv ids (or titles) of the saved day's papers that the new answer lacks."""
    try:
        saved = path.read_bytes()
    except OSError:
        return []
    return sorted(hf_paper_keys(saved) - hf_paper_keys(body))


def hf_paper_keys(body: bytes) -> set[str]:
    problems = Problems()
    listing = parse_hf_api(body.decode("utf-8", "replace"), "saved", problems)
    if listing is None:
        return set()
    return {paper.details.arxiv_id or paper.title for paper in listing.papers}


def checked_hf_day(body: bytes, source: str) -> int:
    """The number of papers in an API answer, read as the site will read it; FetchError when it
    is not the documented JSON array (an HTML error page, a cut-off body, another format)."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise FetchError(f"{source}: the answer is not UTF-8 text, so not the API's JSON") from None
    if text.strip() == "[]":
        return 0
    problems = Problems()
    listing = parse_hf_api(text, "answer", problems)
    if problems or listing is None:
        first = next(iter(problems), None)
        reason = f"{first.message} (line {first.line})" if first else "no papers"
        raise FetchError(
            f"{source}: the answer is not the daily-papers JSON this project reads: {reason}; "
            f"it begins {text[:80]!r}. Nothing was written for this day"
        )
    return len(listing.papers)


# arXiv


@dataclass(frozen=True)
class ArxivQuery:
    categories: tuple[str, ...]
    query: str = ""
    most: int = 100

    def search_query(self) -> str:
        parts = []
        if self.categories:
            parts.append("(" + " OR ".join(f"cat:{category}" for category in self.categories) + ")")
        if self.query:
            parts.append(f"({self.query})")
        return " AND ".join(parts)

    def file_name(self, day: datetime.date) -> str:
        """The day, the query's words, and a hash of the query itself: two queries whose words
        coincide ("cs.CL" and "cs CL") never write one file."""
        words = "-".join(re.findall(r"[a-z0-9]+", " ".join((*self.categories, self.query)).lower()))
        digest = hashlib.sha256(self.search_query().encode("utf-8")).hexdigest()[:8]
        return f"{day}-arxiv-{words[:80].strip('-') or 'all'}-{digest}.jsonl"


CATEGORY = re.compile(r"[a-z-]+(?:\.[A-Za-z-]+)?")


def fetch_arxiv(
    content: Path,
    query: ArxivQuery,
    since: datetime.date | None,
    today: datetime.date,
    client: Client,
    base_url: str = ARXIV_BASE_URL,
) -> Summary:
    """New submissions, newest first, until ``since`` or ``query.most`` papers; one JSON Lines
    digest in the documented schema, named by the day and the query."""
    summary = Summary()
    records: list[dict] = []
    start = 0
    while len(records) < query.most:
        size = min(ARXIV_PAGE, query.most - len(records))
        parameters = {
            "search_query": query.search_query(),
            "sortBy": "submittedDate",
            "sortOrder": "descending",
            "start": start,
            "max_results": size,
        }
        url = f"{base_url.rstrip('/')}/api/query?{urllib.parse.urlencode(parameters)}"
        source = f"arXiv API, {query.search_query()}, entries {start + 1}-{start + size}"
        entries = arxiv_entries(client.get(url, source), source)
        summary.fetched += 1
        fresh = [entry for entry in entries if since is None or entry["date"] >= since.isoformat()]
        records += fresh
        progress(f"arXiv {query.search_query()}: page {summary.fetched}, {len(fresh)} papers")
        if len(entries) < size or len(fresh) < len(entries):
            break  # the last page, or older than --since from here on
        start += size
    records = kept_records(records[: query.most], f"arXiv API, {query.search_query()}", today + LATEST_DAY_AHEAD)
    summary.papers = len(records)
    if not records:
        summary.empty.append(query.search_query())
        return summary
    path = content / site_paths.DIGESTS_FOLDER / query.file_name(today)
    records = merged_with_saved(records, path)
    text = "".join(json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n" for record in records)
    save(path, text.encode("utf-8"), summary)
    return summary


def kept_records(records: list[dict], source: str, latest: datetime.date) -> list[dict]:
    """The records the build accepts: each read by the build's own JSON Lines reader (a title of
    1 to LONGEST_TITLE characters, an abstract, a real date...), one per arXiv id (pages of an
    answer can overlap by an entry), one per title, dated no later than ``latest``. The others
    are dropped, each named in a warning."""
    kept, ids, titles = [], set(), set()
    for record in records:
        if record["arxiv_id"] in ids:
            continue  # the same entry on two pages: one is kept, nothing is lost
        key = title_key(record["title"])
        reason = (
            refused_by_reader(record)
            or ("has the title of another entry" if key in titles else None)
            or (f"is dated after {latest}" if is_after(record["date"], latest) else None)
        )
        if reason:
            print(f"warning: {source}: entry {record['arxiv_id']} {reason}; not saved", file=sys.stderr)
            continue
        ids.add(record["arxiv_id"])
        titles.add(key)
        kept.append(record)
    return kept


def refused_by_reader(record: dict) -> str | None:
    try:
        jsonl_paper(record, 0)
    except RecordProblem as problem:
        return f"is refused by the build: {problem}"
    return None


def merged_with_saved(records: list[dict], path: Path) -> list[dict]:
    """The new records, then those the file already held that are not among them (by arXiv id):
    a second run on the same day adds papers and never loses one."""
    try:
        saved = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    except (OSError, ValueError):
        return records  # no file yet (or not ours to read): the new records alone
    ids = {record["arxiv_id"] for record in records}
    titles = {title_key(record["title"]) for record in records}
    older = [
        record
        for record in saved
        if isinstance(record, dict)
        and record.get("arxiv_id") not in ids
        and title_key(str(record.get("title", ""))) not in titles
    ]
    return records + older


ARXIV_ABS = re.compile(r"arxiv\.org/abs/(?P<id>.+?)(?:v\d+)?$")


def arxiv_entries(body: bytes, source: str) -> list[dict]:
    """The entries of one Atom answer as digest records (version dropped from the id)."""
    import feedparser

    # A file object: feedparser opens a short string or bytes that look like a path or address.
    feed = feedparser.parse(io.BytesIO(body))
    is_atom = feed.get("version", "").startswith("atom") and "opensearch_totalresults" in feed.feed
    if not is_atom:
        problem = getattr(feed, "bozo_exception", None)
        raise FetchError(
            f"{source}: the answer is not the arXiv API's Atom feed"
            + (f" ({problem})" if problem else "")
            + f"; it begins {body[:80]!r}"
        )
    records = []
    for entry in feed.entries:
        match = ARXIV_ABS.search(entry.get("id", ""))
        if not match:
            if "error" in entry.get("id", "") or entry.get("title") == "Error":
                # One line, and short: upstream text in a workflow's log must not read as a command there.
                said = " ".join(str(entry.get("summary", "")).split())[:300]
                raise FetchError(f"{source}: arXiv answered with an error: {said!r}")
            continue
        records.append(
            {
                "arxiv_id": match["id"],
                "title": " ".join(entry.get("title", "").split()),
                "abstract": " ".join(entry.get("summary", "").split()),
                "authors": [author.get("name", "") for author in entry.get("authors", []) if author.get("name")],
                "date": entry.get("published", "")[:10],
                "categories": [tag["term"] for tag in entry.get("tags", []) if tag.get("term")],
                "url": f"https://arxiv.org/abs/{match['id']}",
            }
        )
    return records
