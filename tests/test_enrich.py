"""`fetch enrich`: a copied listing's papers looked up by title in a stand-in of Hugging Face's
paper search on 127.0.0.1 (answers shaped as the real ones: a list of results, each with a
`paper` object as in the daily-papers API). Never the internet."""

import json
import urllib.parse

from test_fetch import DAYS, digests, fetch

from generator.__main__ import main
from generator.site import load_site

ENTRIES = [entry for body in DAYS.values() for entry in json.loads(body)]
LISTING = "2026-03-12-copied.txt"


def copied_listing(entries) -> str:
    """What a researcher copies from the Papers page: header lines, a date, titles and abstracts."""
    blocks = ["Daily Papers", "Mar 12"]
    for entry in entries:
        blocks += [entry["paper"]["title"], " ".join(entry["paper"]["summary"].split())]
    return "\n\n".join(blocks) + "\n"


def search_path(title: str) -> str:
    return "/api/papers/search?" + urllib.parse.urlencode({"q": title})


def decoy(entry, title: str) -> dict:
    """Another paper, whose title shares words with the one searched for."""
    paper = dict(entry["paper"], id="2601.99999", title=title, summary="Another paper entirely.")
    return {"paper": paper, "title": title}


def serve_search(server, entries, decoys=True):
    for entry in entries:
        title = entry["paper"]["title"]
        results = [decoy(entry, f"{title}: A Survey")] if decoys else []
        results.append({"paper": entry["paper"], "title": title, "numComments": 3})
        server.answers[search_path(title)] = [(200, json.dumps(results).encode())]


def test_a_listing_gains_ids_authors_and_links_and_its_papers_keep_their_addresses(server, project, capsys):
    entries = ENTRIES[:8]
    (project / "content" / "digests" / LISTING).write_text(copied_listing(entries), encoding="utf-8")
    before = load_site(project / "content")
    serve_search(server, entries)
    assert fetch("enrich", "--base-url", server.url, "--delay", "0") == 0
    out = capsys.readouterr().out
    assert "8 of 8 listing papers enriched" in out
    enriched = project / "content" / "digests" / "2026-03-12-copied.enriched.jsonl"
    records = [json.loads(line) for line in enriched.read_text(encoding="utf-8").splitlines()]
    assert [record["arxiv_id"] for record in records] == [entry["paper"]["id"] for entry in entries]
    assert all("2601.99999" not in line for line in enriched.read_text().splitlines())  # the decoys not taken
    after = load_site(project / "content")
    assert set(after.papers) == set(before.papers)  # same ids, same addresses
    assert [digest.id for digest in after.digests] == ["2026-03-12-copied"]  # no digest page of its own
    first = next(p for p in after.papers.values() if p.title == entries[0]["paper"]["title"])
    assert first.details.arxiv_id == entries[0]["paper"]["id"]
    assert first.details.authors == tuple(author["name"] for author in entries[0]["paper"]["authors"])
    assert first.details.published == entries[0]["paper"]["publishedAt"][:10]
    assert main(["check"]) == 0


def test_a_second_run_looks_up_only_what_was_not_found_and_changes_nothing(server, project, capsys):
    entries = ENTRIES[:4]
    (project / "content" / "digests" / LISTING).write_text(copied_listing(entries), encoding="utf-8")
    serve_search(server, entries[:3])
    unknown = entries[3]["paper"]["title"]
    server.answers[search_path(unknown)] = [(200, b"[]")]
    assert fetch("enrich", "--base-url", server.url, "--delay", "0") == 0
    assert f"3 of 4 listing papers enriched; not found: {unknown[:80]!r}" in capsys.readouterr().out
    saved = digests(project)
    server.requests.clear()
    assert fetch("enrich", "--base-url", server.url, "--delay", "0") == 0
    assert server.requests == [search_path(unknown)]  # only the paper not found is asked for again
    assert digests(project) == saved
    assert "0 file(s) written, 1 unchanged" in capsys.readouterr().out


def test_a_result_with_a_similar_title_is_never_taken(server, project, capsys):
    entry = ENTRIES[0]
    (project / "content" / "digests" / LISTING).write_text(copied_listing([entry]), encoding="utf-8")
    title = entry["paper"]["title"]
    near = [decoy(entry, title + " 2"), decoy(entry, title.replace("Learning", "Planning")), decoy(entry, "Geometry")]
    server.answers[search_path(title)] = [(200, json.dumps(near).encode())]
    assert fetch("enrich", "--base-url", server.url, "--delay", "0") == 0
    assert "0 of 1 listing papers enriched; not found:" in capsys.readouterr().out
    assert list(digests(project)) == [LISTING]


def test_the_same_title_in_other_case_and_punctuation_is_the_paper(server, project, capsys):
    entry = ENTRIES[1]
    listed = dict(entry, paper=dict(entry["paper"], title=entry["paper"]["title"].upper() + "."))
    (project / "content" / "digests" / LISTING).write_text(copied_listing([listed]), encoding="utf-8")
    server.answers[search_path(listed["paper"]["title"])] = [(200, json.dumps([entry]).encode())]
    assert fetch("enrich", "--base-url", server.url, "--delay", "0") == 0
    assert "1 of 1 listing papers enriched" in capsys.readouterr().out


def test_a_broken_answer_fails_loudly_and_keeps_what_was_found_before(server, project, capsys):
    entries = ENTRIES[:3]
    (project / "content" / "digests" / LISTING).write_text(copied_listing(entries), encoding="utf-8")
    serve_search(server, entries[:1])
    server.answers[search_path(entries[1]["paper"]["title"])] = [(200, b"<html>Sign in</html>")]
    assert fetch("enrich", "--base-url", server.url, "--delay", "0") == 1
    error = capsys.readouterr().err
    assert "Hugging Face paper search for" in error and "not the JSON list" in error and "Traceback" not in error
    enriched = (project / "content" / "digests" / "2026-03-12-copied.enriched.jsonl").read_text()
    assert json.loads(enriched)["arxiv_id"] == entries[0]["paper"]["id"]
    assert main(["check"]) == 0


def test_hostile_text_in_a_found_paper_is_read_as_the_build_reads_it(server, project, capsys):
    entry = ENTRIES[2]
    hostile = dict(entry["paper"], githubRepo="javascript:alert(1)")
    (project / "content" / "digests" / LISTING).write_text(copied_listing([entry]), encoding="utf-8")
    server.answers[search_path(entry["paper"]["title"])] = [(200, json.dumps([{"paper": hostile}]).encode())]
    assert fetch("enrich", "--base-url", server.url, "--delay", "0") == 0
    captured = capsys.readouterr()
    assert "cannot be used" in captured.err and "githubRepo" in captured.err
    assert list(digests(project)) == [LISTING]


def test_a_paper_the_listing_no_longer_lists_leaves_the_enrichment_file(server, project, capsys):
    entries = ENTRIES[:3]
    listing = project / "content" / "digests" / LISTING
    listing.write_text(copied_listing(entries), encoding="utf-8")
    serve_search(server, entries)
    assert fetch("enrich", "--base-url", server.url, "--delay", "0") == 0
    listing.write_text(copied_listing(entries[1:]), encoding="utf-8")  # the researcher removed a paper
    site = load_site(project / "content")
    assert len(site.papers) == 2 and any("no digest lists" in notice for notice in site.notices)
    assert fetch("enrich", "--base-url", server.url, "--delay", "0") == 0
    enriched = (project / "content" / "digests" / "2026-03-12-copied.enriched.jsonl").read_text()
    assert len(enriched.splitlines()) == 2
    assert not any("no digest lists" in notice for notice in load_site(project / "content").notices)


def test_sources_yml_can_ask_the_scheduled_run_to_enrich(server, project, monkeypatch, capsys):
    entries = ENTRIES[:2]
    (project / "content" / "digests" / LISTING).write_text(copied_listing(entries), encoding="utf-8")
    (project / "content" / "sources.yml").write_text("enrich: true\n", encoding="utf-8")
    monkeypatch.setattr("generator.fetch.command.ENRICH_DELAY", 0)
    serve_search(server, entries)
    assert fetch("sources", "--hf-base-url", server.url) == 0
    assert "2 of 2 listing papers enriched" in capsys.readouterr().out
