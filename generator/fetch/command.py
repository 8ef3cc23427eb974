"""``python -m generator fetch hf | arxiv | sources``: the command line of the intake stage."""

from __future__ import annotations

import argparse
import datetime
import urllib.parse
from pathlib import Path

from generator import site_paths
from generator.atomic import TEMPORARY_SUFFIX
from generator.errors import Problems
from generator.fetch.enrich import ENRICH_DELAY, fetch_enrich
from generator.fetch.http import MAX_BYTES, Client, FetchError
from generator.fetch.sources import (
    ARXIV_BASE_URL,
    ARXIV_DELAY,
    CATEGORY,
    HF_BASE_URL,
    ArxivQuery,
    Summary,
    fetch_arxiv,
    fetch_hf,
    hf_days,
    newest_hf_day,
)
from generator.read.files import display_path, read_text
from generator.read.yaml_lines import LineDict, YamlProblem, load_yaml


def add_fetch_commands(commands) -> None:
    fetch = commands.add_parser(
        "fetch", help="fetch new digests into content/digests/ (the only command that goes online)"
    )
    sources = fetch.add_subparsers(dest="source", required=True)
    hf = sources.add_parser("hf", help="the Hugging Face daily papers, one file per day, saved as served")
    hf.add_argument("--date", type=day, help="this day only")
    hf.add_argument("--since", type=day, help="from this day (default: the newest day already fetched)")
    hf.add_argument("--until", type=day, help="to this day (default: today, UTC)")
    hf.add_argument("--base-url", type=base_url, default=HF_BASE_URL, help=f"the API's address (default {HF_BASE_URL})")
    arxiv = sources.add_parser("arxiv", help="new arXiv submissions, one JSON Lines digest per run and query")
    arxiv.add_argument("--category", action="append", default=[], type=category, help="e.g. cs.CL (repeatable)")
    arxiv.add_argument("--query", default="", help="arXiv search syntax, e.g. 'abs:\"state space\"'")
    arxiv.add_argument("--since", type=day, help="only papers submitted on or after this day")
    arxiv.add_argument("--max", type=int, default=100, help="at most this many papers (default 100)")
    arxiv.add_argument(
        "--base-url", type=base_url, default=ARXIV_BASE_URL, help=f"the API's address (default {ARXIV_BASE_URL})"
    )
    arxiv.add_argument("--delay", type=delay, default=ARXIV_DELAY, help="seconds between requests (default 3)")
    enrich = sources.add_parser(
        "enrich",
        help="look the papers of copied listings up by title on Hugging Face; save their arXiv ids, authors and links",
    )
    enrich.add_argument(
        "--base-url", type=base_url, default=HF_BASE_URL, help=f"the API's address (default {HF_BASE_URL})"
    )
    enrich.add_argument(
        "--delay", type=delay, default=ENRICH_DELAY, help=f"seconds between requests (default {ENRICH_DELAY:g})"
    )
    configured = sources.add_parser("sources", help=f"what content/{site_paths.SOURCES_FILE} lists (the scheduled run)")
    configured.add_argument("--hf-base-url", type=base_url, default=HF_BASE_URL)
    configured.add_argument("--arxiv-base-url", type=base_url, default=ARXIV_BASE_URL)
    for parser in (hf, arxiv, enrich, configured):
        parser.add_argument("--fail-if-empty", action="store_true", help="exit 1 when no paper was fetched")
        parser.add_argument(
            "--timeout", type=seconds, default=30.0, help="seconds to wait for each read of an answer (default 30)"
        )
        parser.add_argument(
            "--retries", type=retries, default=3, help="retries after a 429, a 5xx or a timeout (default 3)"
        )
        parser.add_argument(
            "--max-bytes", type=byte_count, default=MAX_BYTES, help=f"the longest answer taken (default {MAX_BYTES:,})"
        )


def day(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a day such as 2026-03-12") from None


def seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = float("nan")
    if not 0 < value <= 3600:  # also false for nan
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds from 0 to 3600")
    return value


def retries(text: str) -> int:
    if not text.isascii() or not text.isdigit() or int(text) > 20:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of retries from 0 to 20")
    return int(text)


def byte_count(text: str) -> int:
    if not text.isascii() or not text.isdigit() or not 1_000 <= int(text) <= 1_000_000_000:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of bytes from 1000 to 1000000000")
    return int(text)


def base_url(text: str) -> str:
    try:
        parts = urllib.parse.urlsplit(text)
        usable = parts.scheme in ("http", "https") and bool(parts.hostname)
    except ValueError:  # "http://[::1": an unclosed address
        usable = False
    if not usable:
        raise argparse.ArgumentTypeError(f"{text!r} is not an http(s) address such as https://huggingface.co")
    return text.rstrip("/")


def delay(text: str) -> float:
    return 0.0 if text.strip() in ("0", "0.0") else seconds(text)


def category(text: str) -> str:
    if not CATEGORY.fullmatch(text):
        raise argparse.ArgumentTypeError(f"{text!r} is not an arXiv category such as cs.CL or hep-th")
    return text


def today() -> datetime.date:
    return datetime.datetime.now(datetime.UTC).date()


def remove_leftovers(digests: Path) -> None:
    """Temporary files a killed fetch left beside the digests it was writing (git ignores them)."""
    for leftover in digests.glob(f".*{TEMPORARY_SUFFIX}"):
        if leftover.is_file() and not leftover.is_symlink():
            leftover.unlink()


def run_fetch(arguments, content: Path) -> int:
    """Fetch as asked; print what was done. Raises FetchError (or ContentError for sources.yml)."""
    if not (content / site_paths.DIGESTS_FOLDER).is_dir():
        raise FetchError(f"{content / site_paths.DIGESTS_FOLDER} is not a folder: fetch writes its digests there")
    remove_leftovers(content / site_paths.DIGESTS_FOLDER)
    client = Client(timeout=arguments.timeout, retries=arguments.retries, max_bytes=arguments.max_bytes)
    if arguments.source == "hf":
        until = arguments.date or arguments.until or today()
        days = hf_days(content, arguments.date or arguments.since, until)
        summaries = [("day(s)", fetch_hf(content, days, client, arguments.base_url, today()))]
    elif arguments.source == "arxiv":
        if not arguments.category and not arguments.query:
            raise FetchError("fetch arxiv needs at least one --category or a --query")
        client.delay = arguments.delay
        query = ArxivQuery(tuple(arguments.category), arguments.query, arguments.max)
        summaries = [("page(s)", fetch_arxiv(content, query, arguments.since, today(), client, arguments.base_url))]
    elif arguments.source == "enrich":
        client.delay = arguments.delay
        summaries = [("search(es)", enriched(content, client, arguments.base_url))]
    else:
        summaries = fetch_configured(content, client, arguments)
    for what, summary in summaries:
        print(summary.line(what))
    if arguments.fail_if_empty and not sum(summary.papers for _, summary in summaries):
        raise FetchError("no paper was fetched (--fail-if-empty): the sources may have changed or failed")
    return 0


def fetch_configured(content: Path, client: Client, arguments) -> list[tuple[str, Summary]]:
    config = read_sources(content)
    summaries = []
    if config.hugging_face:
        days = hf_days(content, None, today())
        summaries.append(("Hugging Face day(s)", fetch_hf(content, days, client, arguments.hf_base_url, today())))
        check_fresh(content, config.max_age_days)
    if config.enrich:
        enrich_client = Client(
            timeout=client.timeout, retries=client.retries, delay=ENRICH_DELAY, max_bytes=client.max_bytes
        )
        summaries.append(("Hugging Face search(es)", enriched(content, enrich_client, arguments.hf_base_url)))
    for query in config.arxiv:
        arxiv_client = Client(
            timeout=client.timeout, retries=client.retries, delay=ARXIV_DELAY, max_bytes=client.max_bytes
        )
        summary = fetch_arxiv(content, query, None, today(), arxiv_client, arguments.arxiv_base_url)
        summaries.append((f"arXiv page(s) for {query.search_query()}", summary))
    return summaries


def enriched(content: Path, client: Client, base_url: str) -> Summary:
    """Enrich the listings' papers, then say what was found and what was not."""
    summary, enrichment = fetch_enrich(content, client, base_url)
    print(enrichment.line())
    return summary


def check_fresh(content: Path, max_age_days: int) -> None:
    """Fail when the newest Hugging Face day with papers is older than ``max_age_days``: every
    fetch succeeded, yet nothing new came, which is how a site goes quietly stale."""
    newest = newest_hf_day(content)
    if max_age_days and newest is not None and (today() - newest).days > max_age_days:
        raise FetchError(
            f"the newest Hugging Face day with papers is {newest}, {(today() - newest).days} days ago "
            f"(max_age_days: {max_age_days} in {site_paths.SOURCES_FILE}): the API may have changed"
        )


class SourcesConfig:
    def __init__(self, hugging_face: bool, arxiv: list[ArxivQuery], max_age_days: int, enrich: bool = False) -> None:
        self.hugging_face = hugging_face
        self.arxiv = arxiv
        self.max_age_days = max_age_days
        self.enrich = enrich


SOURCE_KEYS = ("hugging_face", "enrich", "arxiv", "max_age_days")
QUERY_KEYS = ("categories", "query", "max")


def read_sources(content: Path) -> SourcesConfig:
    """``content/sources.yml``: which sources the scheduled run fetches (see README)."""
    path = content / site_paths.SOURCES_FILE
    shown = display_path(path, content)
    problems = Problems()
    if not path.exists():
        raise FetchError(f"{shown} is missing: it says what `fetch sources` fetches (README, Digests that arrive)")
    text = read_text(path, content, problems)
    problems.raise_if_any()
    try:
        data = load_yaml(text or "")
    except YamlProblem as problem:
        problems.add(shown, problem.line, problem.message)
        problems.raise_if_any()
    if not isinstance(data, LineDict) or set(data) - set(SOURCE_KEYS):
        problems.add(shown, 1, f"must be a mapping with the keys {', '.join(SOURCE_KEYS)}")
        problems.raise_if_any()
    hugging_face, enrich = data.get("hugging_face", False), data.get("enrich", False)
    if not isinstance(hugging_face, bool):
        problems.add(shown, data.line_of("hugging_face"), "`hugging_face:` must be true or false")
    if not isinstance(enrich, bool):
        problems.add(shown, data.line_of("enrich"), "`enrich:` must be true or false")
    queries = []
    entries = data.get("arxiv") or []
    if not isinstance(entries, list):
        problems.add(shown, data.line_of("arxiv"), "`arxiv:` must be a list of queries, each with `categories:`")
        entries = []
    for entry in entries:
        if query := read_query(entry, shown, data.line_of("arxiv"), problems):
            queries.append(query)
    max_age_days = data.get("max_age_days", 0)
    if not isinstance(max_age_days, int) or isinstance(max_age_days, bool) or max_age_days < 0:
        problems.add(shown, data.line_of("max_age_days"), "`max_age_days:` must be a whole number (0: no check)")
    problems.raise_if_any()
    return SourcesConfig(hugging_face, queries, max_age_days, enrich)


def read_query(entry: object, shown: str, line: int, problems: Problems) -> ArxivQuery | None:
    if not isinstance(entry, LineDict) or set(entry) - set(QUERY_KEYS):
        problems.add(shown, line, f"each `arxiv:` query is a mapping with {', '.join(QUERY_KEYS)}")
        return None
    categories = entry.get("categories", [])
    query, most = entry.get("query", ""), entry.get("max", 100)
    if not isinstance(categories, list) or not all(isinstance(c, str) and CATEGORY.fullmatch(c) for c in categories):
        problems.add(shown, entry.line_of("categories"), "`categories:` must list arXiv categories such as cs.CL")
        return None
    if not isinstance(query, str) or not (categories or query):
        problems.add(shown, entry.line_of("query"), "a query needs `categories:` or a `query:` text")
        return None
    if not isinstance(most, int) or isinstance(most, bool) or not 1 <= most <= 2000:
        problems.add(shown, entry.line_of("max"), "`max:` must be a whole number from 1 to 2,000")
        return None
    return ArxivQuery(tuple(categories), query, most)
