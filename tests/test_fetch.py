"""`fetch hf | arxiv | sources` against recorded answers served from 127.0.0.1: never the internet."""

import datetime
import io
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from conftest import REPO

from generator.__main__ import main
from generator.fetch import command

FIXTURES = Path(__file__).parent / "fixtures"
DAYS = {day: (FIXTURES / f"hf-api-{day}.json").read_bytes() for day in ("2026-03-11", "2026-03-12", "2026-03-13")}
ATOM = (FIXTURES / "arxiv-api-cs-cl.atom").read_bytes()
CS_CL_FILE = "{day}-arxiv-cs-cl-" + command.ArxivQuery(("cs.CL",)).file_name(datetime.date(2026, 1, 1))[-14:]
"""A cs.CL query's file of a day: the query's words and a hash of the query."""


def serve_days(server, days=DAYS):
    for day, body in days.items():
        server.answers[f"/api/daily_papers?date={day}"] = [(200, body)]


def fetch(*arguments) -> int:
    return main(["fetch", *arguments])


def digests(project: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted((project / "content" / "digests").iterdir())}


def test_a_day_fetched_is_the_served_bytes_and_fetching_again_changes_nothing(server, project, capsys):
    serve_days(server)
    assert fetch("hf", "--since", "2026-03-11", "--until", "2026-03-13", "--base-url", server.url) == 0
    assert digests(project) == {f"{day}-hf.json": body for day, body in DAYS.items()}
    assert "3 day(s) fetched: 57 papers, 3 file(s) written, 0 unchanged, 0 empty" in capsys.readouterr().out
    times = {path.name: path.stat().st_mtime_ns for path in (project / "content" / "digests").iterdir()}
    assert fetch("hf", "--since", "2026-03-11", "--until", "2026-03-13", "--base-url", server.url) == 0
    assert "3 day(s) fetched: 57 papers, 0 file(s) written, 3 unchanged, 0 empty" in capsys.readouterr().out
    assert times == {path.name: path.stat().st_mtime_ns for path in (project / "content" / "digests").iterdir()}
    assert main(["check"]) == 0  # what was fetched builds a site


def test_by_default_fetching_starts_at_the_newest_day_already_fetched(server, project, monkeypatch, capsys):
    serve_days(server)
    (project / "content" / "digests" / "2026-03-12-hf.json").write_bytes(DAYS["2026-03-12"])
    monkeypatch.setattr(command, "today", lambda: datetime.date(2026, 3, 13))
    assert fetch("hf", "--base-url", server.url) == 0
    assert server.requests == ["/api/daily_papers?date=2026-03-12", "/api/daily_papers?date=2026-03-13"]
    assert "2 day(s) fetched: 39 papers, 1 file(s) written, 1 unchanged" in capsys.readouterr().out


def test_a_server_error_fails_loudly_and_keeps_the_days_fetched_before(server, project, capsys):
    serve_days(server, {"2026-03-11": DAYS["2026-03-11"]})
    server.answers["/api/daily_papers?date=2026-03-12"] = [(500, b"Internal Server Error")]
    assert fetch("hf", "--since", "2026-03-11", "--until", "2026-03-13", "--base-url", server.url) == 1
    error = capsys.readouterr().err
    assert "Hugging Face daily papers, 2026-03-12: HTTP 500" in error and "Traceback" not in error
    assert error.count("trying again") == 3  # --retries 3 by default
    assert list(digests(project)) == ["2026-03-11-hf.json"]  # no file for the failed day, none after it
    assert not [path for path in (project / "content" / "digests").iterdir() if path.name.startswith(".")]


def test_too_many_requests_then_an_answer_succeeds(server, project, capsys):
    day = "/api/daily_papers?date=2026-03-12"
    server.answers[day] = [(429, b"slow down", {"headers": {"Retry-After": "1"}}), (200, DAYS["2026-03-12"])]
    assert fetch("hf", "--date", "2026-03-12", "--base-url", server.url) == 0
    captured = capsys.readouterr()
    assert "HTTP 429; trying again in 2 s" in captured.err
    assert digests(project) == {"2026-03-12-hf.json": DAYS["2026-03-12"]}
    assert server.requests == [day, day]


def test_a_timeout_fails_with_the_source_and_the_reason(server, project, capsys):
    server.answers["/api/daily_papers?date=2026-03-12"] = [(200, DAYS["2026-03-12"], {"delay": 1.5})]
    arguments = ("hf", "--date", "2026-03-12", "--base-url", server.url, "--timeout", "0.3", "--retries", "1")
    assert fetch(*arguments) == 1
    error = capsys.readouterr().err
    assert "Hugging Face daily papers, 2026-03-12: no complete answer" in error and "timed out" in error
    assert digests(project) == {}


def test_a_body_cut_short_is_not_saved(server, project, capsys):
    body = DAYS["2026-03-12"]
    server.answers["/api/daily_papers?date=2026-03-12"] = [(200, body[:1000], {"length": len(body)})]
    assert fetch("hf", "--date", "2026-03-12", "--base-url", server.url, "--retries", "0", "--timeout", "2") == 1
    assert "cut short" in capsys.readouterr().err
    assert digests(project) == {}


def test_an_html_error_page_is_not_taken_for_papers(server, project, capsys):
    page = b"<!DOCTYPE html><html><body><h1>We'll be right back</h1></body></html>"
    server.answers["/api/daily_papers?date=2026-03-12"] = [(200, page)]
    assert fetch("hf", "--date", "2026-03-12", "--base-url", server.url) == 1
    error = capsys.readouterr().err
    assert "2026-03-12: the answer is not the daily-papers JSON this project reads" in error
    assert "<!DOCTYPE html>" in error and "Nothing was written for this day" in error
    assert digests(project) == {}


def test_an_empty_day_writes_nothing_and_fails_only_when_asked(server, project, capsys):
    server.answers["/api/daily_papers?date=2026-03-14"] = [(200, b"[]")]
    assert fetch("hf", "--date", "2026-03-14", "--base-url", server.url) == 0
    assert "1 day(s) fetched: 0 papers, 0 file(s) written, 0 unchanged, 1 empty (2026-03-14)" in capsys.readouterr().out
    assert fetch("hf", "--date", "2026-03-14", "--base-url", server.url, "--fail-if-empty") == 1
    assert "no paper was fetched (--fail-if-empty)" in capsys.readouterr().err
    assert digests(project) == {}


def test_arxiv_submissions_become_a_json_lines_digest_once(server, project, monkeypatch, capsys):
    server.answers["/api/query"] = [(200, ATOM)]
    monkeypatch.setattr(command, "today", lambda: datetime.date(2026, 12, 1))
    arguments = ("arxiv", "--category", "cs.CL", "--max", "3", "--delay", "0", "--base-url", server.url)
    assert fetch(*arguments) == 0
    assert "1 page(s) fetched: 3 papers, 1 file(s) written" in capsys.readouterr().out
    assert "search_query=%28cat%3Acs.CL%29" in server.requests[0] and "sortBy=submittedDate" in server.requests[0]
    written = digests(project)
    assert list(written) == [CS_CL_FILE.format(day="2026-12-01")]
    records = [json.loads(line) for line in written[CS_CL_FILE.format(day="2026-12-01")].decode().splitlines()]
    assert records[0] == {
        "arxiv_id": "2611.30412",  # the version dropped
        "title": "Selective State Space Models for Low-Resource Machine Translation",
        "abstract": records[0]["abstract"],
        "authors": ["Ana Müller", "Kwame Mensah"],
        "date": "2026-11-30",
        "categories": ["cs.CL", "cs.LG"],
        "url": "https://arxiv.org/abs/2611.30412",
    }
    assert records[0]["abstract"].startswith("We study selective state space models (SSMs)")
    assert fetch(*arguments) == 0
    assert "0 file(s) written, 1 unchanged" in capsys.readouterr().out
    assert main(["check"]) == 0


def test_arxiv_since_stops_at_older_papers(server, project, capsys):
    server.answers["/api/query"] = [(200, ATOM)]
    arguments = ("arxiv", "--category", "cs.CL", "--since", "2026-11-30", "--delay", "0", "--base-url", server.url)
    assert fetch(*arguments) == 0
    assert "2 papers" in capsys.readouterr().out


def test_an_arxiv_answer_that_is_not_its_feed_fails(server, project, capsys):
    server.answers["/api/query"] = [(200, b"<html><body>Rate exceeded.</body></html>")]
    assert fetch("arxiv", "--category", "cs.CL", "--delay", "0", "--base-url", server.url) == 1
    assert "the answer is not the arXiv API's Atom feed" in capsys.readouterr().err
    assert digests(project) == {}


def test_sources_yml_says_what_the_scheduled_run_fetches(server, project, monkeypatch, capsys):
    serve_days(server, {"2026-12-01": DAYS["2026-03-13"]})  # the recorded arXiv answer is of late November
    server.answers["/api/query"] = [(200, ATOM)]
    (project / "content" / "sources.yml").write_text(
        "hugging_face: true\narxiv:\n  - categories: [cs.CL]\n    max: 3\nmax_age_days: 3\n", encoding="utf-8"
    )
    monkeypatch.setattr(command, "today", lambda: datetime.date(2026, 12, 1))
    monkeypatch.setattr("generator.fetch.command.ARXIV_DELAY", 0)
    arguments = ("sources", "--hf-base-url", server.url, "--arxiv-base-url", server.url, "--fail-if-empty")
    assert fetch(*arguments) == 0
    assert set(digests(project)) == {"2026-12-01-hf.json", CS_CL_FILE.format(day="2026-12-01")}
    # Days later nothing new has come: the run fails, though every request succeeded.
    monkeypatch.setattr(command, "today", lambda: datetime.date(2026, 12, 8))
    for day in range(2, 9):
        server.answers[f"/api/daily_papers?date=2026-12-0{day}"] = [(200, b"[]")]
    assert fetch(*arguments) == 1
    assert "the newest Hugging Face day with papers is 2026-12-01, 7 days ago" in capsys.readouterr().err


def test_a_bad_sources_yml_is_reported_with_its_line(project, capsys):
    (project / "content" / "sources.yml").write_text("hugging_face: yes please\narxiv:\n  - categories: cs\n")
    assert fetch("sources") == 1
    error = capsys.readouterr().err
    assert "content/sources.yml:1: `hugging_face:` must be true or false" in error
    assert "content/sources.yml:3: `categories:` must list arXiv categories" in error


def test_the_scheduled_workflow_fetches_before_the_strict_build_and_publishes_as_pages_does():
    workflow = yaml.safe_load((REPO / ".github/workflows/fetch.yml").read_text())
    pages = yaml.safe_load((REPO / ".github/workflows/pages.yml").read_text())
    triggers = workflow[True]  # YAML reads the key `on` as true
    assert triggers["schedule"][0]["cron"].count(" ") == 4 and "workflow_dispatch" in triggers
    assert workflow["permissions"] == {}
    assert workflow["jobs"]["fetch-and-build"]["permissions"] == {"contents": "write", "pages": "read"}
    assert workflow["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    assert all(job["timeout-minutes"] <= 60 for job in [*workflow["jobs"].values(), *pages["jobs"].values()])
    for kept in (workflow, pages):  # the vectors by meaning are kept between runs
        cached = [
            step for job in kept["jobs"].values() for step in job["steps"] if "actions/cache" in step.get("uses", "")
        ]
        assert cached and cached[0]["with"]["path"] == ".cache"
    steps = workflow["jobs"]["fetch-and-build"]["steps"]
    runs = [step.get("run", "") for step in steps]
    fetch_step = next(i for i, run in enumerate(runs) if "-m generator fetch sources --fail-if-empty" in run)
    commit_step = next(i for i, run in enumerate(runs) if "commit" in run and "github-actions[bot]" in run)
    build_step = next(i for i, run in enumerate(runs) if run.strip() == "make site")
    assert fetch_step < commit_step < build_step
    assert "mkdocs build --strict" in (REPO / "Makefile").read_text()
    uses = [step.get("uses") for job in workflow["jobs"].values() for step in job["steps"] if step.get("uses")]
    pages_uses = [step.get("uses") for job in pages["jobs"].values() for step in job["steps"] if step.get("uses")]
    assert sorted(uses) == sorted(pages_uses)


# Hostile or broken upstream answers: bounded, never read as a path, never followed elsewhere.


def test_an_answer_longer_than_allowed_is_refused_and_nothing_is_saved(server, project, capsys):
    day = "/api/daily_papers?date=2026-03-12"
    server.answers[day] = [(200, b"[" + b" " * 3_000_000 + b"]")]
    arguments = ("hf", "--date", "2026-03-12", "--base-url", server.url, "--max-bytes", "1000000", "--retries", "0")
    assert fetch(*arguments) == 1
    assert "an answer of 3,000,002 bytes, more than the 1,000,000 allowed" in capsys.readouterr().err
    server.answers[day] = [(200, b"[" + b" " * 3_000_000 + b"]", {"length": None})]  # no length said
    assert fetch(*arguments) == 1
    assert "more than the 1,000,000 bytes allowed" in capsys.readouterr().err
    assert digests(project) == {}


def test_an_answer_that_trickles_in_ends_at_the_deadline(server, project, monkeypatch, capsys):
    monkeypatch.setattr("generator.fetch.http.DEADLINE", 1.0)
    server.answers["/api/daily_papers?date=2026-03-12"] = [(200, DAYS["2026-03-12"], {"drip": (10, 0.05)})]
    started = time.monotonic()
    assert fetch("hf", "--date", "2026-03-12", "--base-url", server.url, "--timeout", "5", "--retries", "0") == 1
    assert time.monotonic() - started < 10
    assert "the answer took more than 1 s" in capsys.readouterr().err
    assert digests(project) == {}


@pytest.mark.parametrize("target", ["http://example.invalid/api", "ftp://127.0.0.1/x", "file:///etc/passwd"])
def test_a_redirect_to_another_host_or_scheme_is_not_followed(server, project, capsys, target):
    server.answers["/api/daily_papers?date=2026-03-12"] = [(302, b"", {"headers": {"Location": target}})]
    assert fetch("hf", "--date", "2026-03-12", "--base-url", server.url, "--retries", "0") == 1
    error = capsys.readouterr().err
    assert "not followed" in error or "is not allowed" in error  # urllib itself refuses file://
    assert "Traceback" not in error
    assert digests(project) == {}


def test_an_arxiv_answer_naming_a_local_file_is_data_not_a_path(server, project, capsys):
    local = project / "feed.atom"
    local.write_bytes(ATOM)
    for body in (str(local).encode(), b"/dev/zero"):
        server.answers["/api/query"] = [(200, body)]
        assert fetch("arxiv", "--category", "cs.CL", "--delay", "0", "--base-url", server.url) == 1
        assert "the answer is not the arXiv API's Atom feed" in capsys.readouterr().err
    assert digests(project) == {}


@pytest.mark.parametrize("header", ["Retry-After", "Content-Length"])
def test_malformed_headers_are_a_clean_error(server, project, capsys, header):
    server.answers["/api/daily_papers?date=2026-03-12"] = [
        (503 if header == "Retry-After" else 200, b"[]", {"headers": {header: "²"}})
    ]
    assert fetch("hf", "--date", "2026-03-12", "--base-url", server.url, "--retries", "1") in (0, 1)
    assert "Traceback" not in capsys.readouterr().err


@pytest.mark.parametrize(
    ("arguments", "said"),
    [
        (("--retries", "-1"), "is not a number of retries"),
        (("--timeout", "nan"), "is not a number of seconds"),
        (("--timeout", "-1"), "is not a number of seconds"),
        (("--base-url", "http://[::1"), "is not an http(s) address"),
        (("--base-url", "ftp://example.org"), "is not an http(s) address"),
    ],
)
def test_bad_arguments_are_refused_with_a_reason(project, capsys, arguments, said):
    with pytest.raises(SystemExit) as exit_:
        fetch("hf", "--date", "2026-03-12", *arguments)
    assert exit_.value.code == 2 and said in capsys.readouterr().err


def test_a_killed_fetchs_temporary_file_is_removed_by_the_next_run(server, project):
    serve_days(server)
    leftover = project / "content" / "digests" / ".2026-03-12-hf.json.abc123.paper-digest.tmp"
    leftover.write_bytes(b"[half a day")
    assert fetch("hf", "--date", "2026-03-12", "--base-url", server.url) == 0
    assert not leftover.exists() and list(digests(project)) == ["2026-03-12-hf.json"]


# Nothing lost, nothing saved that the build would refuse.


def test_a_second_arxiv_run_on_the_same_day_adds_papers_and_loses_none(server, project, monkeypatch, capsys):
    monkeypatch.setattr(command, "today", lambda: datetime.date(2026, 12, 1))
    arguments = ("arxiv", "--category", "cs.CL", "--delay", "0", "--base-url", server.url)
    server.answers["/api/query"] = [(200, ATOM)]
    assert fetch(*arguments) == 0
    newer = ATOM.replace(b"2611.30412", b"2612.00007").replace(b"Selective State Space", b"Gated State Space")
    server.answers["/api/query"] = [(200, newer)]
    assert fetch(*arguments) == 0
    [name] = digests(project)
    ids = [json.loads(line)["arxiv_id"] for line in digests(project)[name].decode().splitlines()]
    assert ids[0] == "2612.00007" and "2611.30412" in ids and len(ids) == len(set(ids)) == 4
    assert main(["check"]) == 0


def test_queries_whose_words_coincide_write_two_files():
    first, second = command.ArxivQuery(("cs.CL",)), command.ArxivQuery((), "cs CL")
    assert first.file_name(datetime.date(2026, 12, 1)) != second.file_name(datetime.date(2026, 12, 1))


def test_arxiv_entries_the_build_would_refuse_are_dropped_and_named(server, project, monkeypatch, capsys):
    monkeypatch.setattr(command, "today", lambda: datetime.date(2026, 12, 1))
    long_title = b"A" + b" very" * 130 + b" long title"
    bad = ATOM.replace(
        b"Counting Tokens Is Not Counting Words: Tokenizer Effects on Cross-Lingual Evaluation", long_title
    ).replace(b"A Survey of Retrieval-Augmented Generation for Scientific Question Answering", b"")
    server.answers["/api/query"] = [(200, bad)]
    assert fetch("arxiv", "--category", "cs.CL", "--delay", "0", "--base-url", server.url) == 0
    error = capsys.readouterr().err
    assert "entry 2611.30377 is refused by the build: field `title` is 662 characters long; at most 400" in error
    assert "entry 2611.29001 is refused by the build: field `title` is required" in error
    assert main(["check"]) == 0


def test_arxiv_entries_with_no_abstract_or_dated_in_the_future_are_dropped_and_named(
    server, project, monkeypatch, capsys
):
    monkeypatch.setattr(command, "today", lambda: datetime.date(2026, 12, 1))
    summary = ATOM.index(b"<summary>Benchmarks")
    bad = ATOM[:summary] + b"<summary>" + ATOM[ATOM.index(b"</summary>", summary) :]
    server.answers["/api/query"] = [(200, bad.replace(b"2026-11-30T17:59:58Z", b"9999-12-31T00:00:00Z"))]
    assert fetch("arxiv", "--category", "cs.CL", "--delay", "0", "--base-url", server.url) == 0
    error = capsys.readouterr().err
    assert "entry 2611.30412 is dated after 2026-12-02; not saved" in error
    assert "entry 2611.30377 is refused by the build: field `abstract` is required" in error
    saved = next((project / "content" / "digests").glob("*.jsonl")).read_text()
    assert [json.loads(line)["arxiv_id"] for line in saved.splitlines()] == ["2611.29001"]
    assert main(["check"]) == 0


def test_an_hf_entry_dated_in_the_future_is_not_saved(server, project, monkeypatch, capsys):
    entries = json.loads(DAYS["2026-03-12"])
    entries[0]["paper"]["submittedOnDailyAt"] = "9999-12-31T00:00:00.000Z"
    serve_days(server, {"2026-03-12": json.dumps(entries).encode()})
    monkeypatch.setattr(command, "today", lambda: datetime.date(2026, 3, 12))
    assert fetch("hf", "--date", "2026-03-12", "--base-url", server.url) == 0
    assert "is dated after 2026-03-13; it is not saved" in capsys.readouterr().err
    saved = json.loads((project / "content" / "digests" / "2026-03-12-hf.json").read_text())
    assert len(saved) == len(entries) - 1 and main(["check"]) == 0


def test_a_refetched_hf_day_with_fewer_papers_keeps_the_saved_day_and_says_so(server, project, capsys):
    serve_days(server)
    assert fetch("hf", "--date", "2026-03-13", "--base-url", server.url) == 0
    before = digests(project)
    day = json.loads(DAYS["2026-03-13"])
    server.answers["/api/daily_papers?date=2026-03-13"] = [(200, json.dumps(day[1:]).encode())]
    assert fetch("hf", "--date", "2026-03-13", "--base-url", server.url) == 0
    error = capsys.readouterr().err
    assert "the new answer lacks 1 paper(s) the saved day has" in error and "the saved file is kept" in error
    assert digests(project) == before


def test_a_long_retry_after_is_said_as_the_server_said_it(server, project, capsys):
    server.answers["/api/daily_papers?date=2026-03-12"] = [
        (429, b"slow down", {"headers": {"Retry-After": "59"}}),
        (429, b"slow down", {"headers": {"Retry-After": "61"}}),
    ]
    assert fetch("hf", "--date", "2026-03-12", "--base-url", server.url, "--retries", "3") == 1
    error = capsys.readouterr().err
    assert "trying again in 59 s" in error and "the server asks to wait 61 s" in error


def test_a_digest_named_for_no_day_does_not_stop_fetch(server, project, capsys):
    serve_days(server)
    (project / "content" / "digests" / "2026-13-45-hf.json").write_bytes(DAYS["2026-03-12"])
    assert fetch("hf", "--until", "2026-03-13", "--base-url", server.url) == 0
    assert "Traceback" not in capsys.readouterr().err


def test_an_arxiv_error_reaches_the_log_on_one_line(server, project, capsys):
    error_feed = ATOM.split(b"<entry>")[0] + (
        b"<entry><id>http://arxiv.org/api/errors#bad</id><title>Error</title>"
        b"<summary>bad query\n::error::injected</summary></entry></feed>"
    )
    server.answers["/api/query"] = [(200, error_feed)]
    assert fetch("arxiv", "--category", "cs.CL", "--delay", "0", "--base-url", server.url) == 1
    error = capsys.readouterr().err
    assert "arXiv answered with an error: 'bad query ::error::injected'" in error
    assert not any(line.startswith("::") for line in error.splitlines())


def test_an_hf_day_listing_one_title_twice_is_saved_without_the_repeat(server, project, capsys):
    day = json.loads(DAYS["2026-03-13"])
    repeat = json.loads(json.dumps(day[0]))
    repeat["paper"]["id"] = "2603.99999"
    repeat["paper"]["title"] = day[0]["paper"]["title"].upper() + "."  # the same title, as title_key reads it
    served = json.dumps([*day, repeat]).encode()
    server.answers["/api/daily_papers?date=2026-03-13"] = [(200, served)]
    assert fetch("hf", "--date", "2026-03-13", "--base-url", server.url) == 0
    assert "is listed twice; the second listing is not saved" in capsys.readouterr().err
    saved = json.loads(digests(project)["2026-03-13-hf.json"])
    assert len(saved) == len(day) and saved == day
    assert main(["check"]) == 0


def test_a_full_disk_is_said_with_the_file_that_could_not_be_written(server, project, monkeypatch, capsys):
    serve_days(server, {"2026-03-12": DAYS["2026-03-12"]})

    class FullDisk(io.BufferedWriter):
        def write(self, data):
            raise OSError(28, "No space left on device")

    monkeypatch.setattr("generator.atomic.os.fdopen", lambda handle, mode: FullDisk(io.FileIO(handle, "w")))
    assert fetch("hf", "--date", "2026-03-12", "--base-url", server.url) == 1
    error = capsys.readouterr().err
    assert "No space left on device" in error and "2026-03-12-hf.json" in error and "Traceback" not in error
    assert digests(project) == {}


def test_an_endless_answer_ends_at_the_size_limit_within_bounded_memory(server, project):
    """In a process that may not grow past 1.5 GB, an endless answer (3 GB before the server
    stops) is refused at the 5 MB limit, and said."""
    server.answers["/api/daily_papers?date=2026-03-12"] = [
        (200, b"[" + b" " * (1 << 20), {"length": None, "repeat": 3000})
    ]
    limited = (
        "import resource, sys; resource.setrlimit(resource.RLIMIT_AS, (1536 << 20, 1536 << 20)); "
        "from generator.__main__ import main; "
        f"sys.exit(main(['fetch', 'hf', '--date', '2026-03-12', '--retries', '0', '--base-url', '{server.url}']))"
    )
    run = subprocess.run(
        [sys.executable, "-c", limited], cwd=project, capture_output=True, text=True, timeout=120,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )  # fmt: skip
    assert run.returncode == 1, run.stderr
    assert "more than the 5,000,000 bytes allowed" in run.stderr and "Traceback" not in run.stderr
    assert digests(project) == {}
