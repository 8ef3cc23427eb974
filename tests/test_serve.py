"""`mkdocs serve` on a large site: the model and the paper pages are kept between rebuilds, and
with --dirty MkDocs rebuilds only the pages whose markdown changed."""

import os
import socket
import subprocess
import sys
import time
import urllib.request

from conftest import REPO, make_project

from generator.analyse.related import RelatedAnalysis
from generator.ids import paper_id
from generator.render.generated import Settings
from generator.render.site_pages import render_site
from generator.site import SiteCache, load_site

POINTER = paper_id("Pointer Networks")
S4 = paper_id("Efficiently Modeling Long Sequences with Structured State Spaces")


def test_an_unchanged_digest_is_not_read_again_and_notes_are(tmp_path):
    project = make_project(tmp_path)
    cache = SiteCache()
    with RelatedAnalysis() as related:
        first = load_site(project / "content", cache, related=related)
    note = project / "content" / "notes" / f"{S4}.md"
    note.write_text("---\nstatus: read\n---\nDiagonal plus low-rank.\n", encoding="utf-8")
    second = load_site(project / "content", cache)
    assert second.papers is first.papers and second.related is first.related  # reused, not recomputed
    assert second.status_of(S4) == "read" and first.status_of(S4) is None

    digest = next((project / "content" / "digests").iterdir())
    digest.write_text(
        digest.read_text(encoding="utf-8").replace("Pointer Networks", "Pointer Networks Revisited"), encoding="utf-8"
    )
    third = load_site(project / "content", cache)
    assert third.papers is not first.papers
    assert paper_id("Pointer Networks Revisited") in third.papers and POINTER not in third.papers


def test_only_the_paper_page_whose_inputs_changed_is_rendered_again(tmp_path):
    project = make_project(tmp_path)
    site_cache, page_cache = SiteCache(), {}
    before = {
        page.path: page for page in render_site(load_site(project / "content", site_cache), Settings(), page_cache)
    }
    (project / "content" / "notes" / f"{S4}.md").write_text("---\nstatus: reading\n---\nNew note.\n", encoding="utf-8")
    after = {
        page.path: page for page in render_site(load_site(project / "content", site_cache), Settings(), page_cache)
    }
    papers = [path for path in after if path.startswith("papers/")]
    rerendered = [path for path in papers if after[path] is not before[path]]
    assert rerendered == [f"papers/{S4}.md"]
    assert "New note." in after[f"papers/{S4}.md"].text
    # The listings that show reading status are rendered again every time.
    assert after["reading/reading.md"].text != before["reading/reading.md"].text
    # A fresh render with no cache makes the very same pages.
    fresh = render_site(load_site(project / "content"), Settings())
    assert {page.path: page.text for page in fresh} == {path: page.text for path, page in after.items()}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.read().decode("utf-8")
    except OSError:
        return None


def wait_for(condition, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if result := condition():
            return result
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def test_dirty_serve_shows_an_edited_note_and_rebuilds_only_changed_pages(tmp_path):
    project = make_project(tmp_path)
    port = free_port()
    environment = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SITE_URL": f"http://127.0.0.1:{port}/"}
    # Its verbose log goes to a file: a pipe read only at the end fills up and blocks the server.
    log = (tmp_path / "serve.log").open("w")
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dirty", "-v", "-a", f"127.0.0.1:{port}"],
        cwd=project,
        env=environment,
        stdout=log,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        page_url = f"http://127.0.0.1:{port}/papers/{S4}/"
        first_page = wait_for(lambda: fetch(page_url), 120, "the first build")
        assert "No notes yet" in first_page and "python -m generator note" in first_page  # the writer's preview
        entry = f"http://127.0.0.1:{port}/pagefind/1/pagefind-entry.json"
        first_index = fetch(entry)
        assert first_index  # the first build indexes before serving
        (project / "content" / "notes" / f"{S4}.md").write_text("Zebracorn in the diagonal.\n", encoding="utf-8")
        wait_for(lambda: "Zebracorn" in (fetch(page_url) or ""), 120, "the note on the page")
        # Pagefind re-indexes in the background after the rebuild: the note becomes searchable.
        wait_for(lambda: (fetch(entry) or first_index) != first_index, 120, "a new search index")
    finally:
        server.terminate()
        server.wait(timeout=60)
        log.close()
        output = (tmp_path / "serve.log").read_text()
    assert "Traceback" not in output, output
    first_build, rebuild = output.split("Building documentation...")[1:3]
    event = "Running `page_markdown` event from plugin 'paper-digest'"  # once per page read and built
    assert first_build.count(event) >= 57 + 14 + 3
    # Only the paper whose note changed is read and built again: the listings show nothing of a
    # note without status or tldr, so their markdown did not change either.
    assert rebuild.count(event) == 1, rebuild


def test_a_template_that_reads_the_whole_site_is_never_served_stale(tmp_path):
    """The cache is keyed by what the template reads: a template of your own that reads `site`
    (here, how many notes the site has) is rendered anew whenever the site is read again."""
    project = make_project(tmp_path)
    templates = project / "templates"
    templates.mkdir()
    shipped = (REPO / "generator" / "render" / "templates" / "paper.md.j2").read_text(encoding="utf-8")
    (templates / "paper.md.j2").write_text(
        shipped + "\n{{ site.notes | length }} notes on the site\n", encoding="utf-8"
    )
    settings = Settings(templates=templates)
    site_cache, page_cache = SiteCache(), {}
    before = render_site(load_site(project / "content", site_cache), settings, page_cache)
    (project / "content" / "notes" / f"{S4}.md").write_text("A second note.\n", encoding="utf-8")
    after = render_site(load_site(project / "content", site_cache), settings, page_cache)
    pointer = next(page for page in after if page.path == f"papers/{POINTER}.md")
    assert "2 notes on the site" in pointer.text
    assert "1 notes on the site" in next(page.text for page in before if page.path == f"papers/{POINTER}.md")
