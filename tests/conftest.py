"""Shared helpers: a project in a temporary folder, built by the real `mkdocs build --strict`."""

from __future__ import annotations

import gzip
import http.server
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import settings

# CI runs the property tests at this size in about a minute; `thorough` is for a longer local run.
settings.register_profile("ci", max_examples=150, deadline=None)
settings.register_profile("thorough", max_examples=3000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

REPO = Path(__file__).resolve().parent.parent

# Every build and command of the session, in this process or another, shares one store of
# paper vectors (each is keyed by its text, so sharing is safe): each text is embedded once.
# Tests of the cache itself set their own.
SHARED_VECTORS = Path(tempfile.mkdtemp(prefix="paper-digest-test-vectors-"))
os.environ["PAPER_DIGEST_VECTORS_DIR"] = str(SHARED_VECTORS)
REFERENCE_DIGEST = REPO / "content" / "digests" / "2026-03-12-hf-papers.txt"


@dataclass
class Build:
    project: Path
    returncode: int
    output: str

    @property
    def site(self) -> Path:
        return self.project / "site"

    def html(self, page: str) -> str:
        return (self.site / page).read_text(encoding="utf-8")

    def search_index(self) -> list[dict]:
        """What Pagefind indexed, one entry per page: location (as in the site), title, text, anchors.

        Pagefind's fragments are gzip-compressed JSON after a `pagefind_dcd` signature; the
        index's parts are the folders `pagefind/parts.json` names.
        """
        index = self.site / "pagefind"
        parts = json.loads((index / "parts.json").read_text(encoding="utf-8"))
        entries = []
        for fragment in sorted(path for part in parts for path in (index / part / "fragment").glob("*.pf_fragment")):
            data = gzip.decompress(fragment.read_bytes())
            assert data.startswith(b"pagefind_dcd"), fragment
            page = json.loads(data[len(b"pagefind_dcd") :])
            entries.append(
                {
                    "location": page["url"].lstrip("/"),
                    "title": page["meta"]["title"],
                    "text": page["content"],
                    "anchors": [anchor["id"] for anchor in page["anchors"]],
                }
            )
        return entries


def make_project(
    root: Path,
    digests: dict[str, str | bytes] | None = None,
    topics: str | None = None,
    notes: dict[str, str] | None = None,
) -> Path:
    """A copy of this project's configuration with the given content (the shipped content by default)."""
    project = root / "project"
    project.mkdir()
    shutil.copy(REPO / "mkdocs.yml", project / "mkdocs.yml")
    shutil.copytree(REPO / "overrides", project / "overrides")
    content = project / "content"
    if digests is None:
        shutil.copytree(REPO / "content", content)
    else:
        (content / "digests").mkdir(parents=True)
        (content / "notes").mkdir()
        for name, text in digests.items():
            path = content / "digests" / name
            path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
        shutil.copy(REPO / "content" / "topics.yml", content / "topics.yml")
    if topics is not None:
        (content / "topics.yml").write_text(topics, encoding="utf-8")
    for name, text in (notes or {}).items():
        (content / "notes" / name).write_text(text, encoding="utf-8")
    return project


def mkdocs_build(project: Path, *extra: str, strict: bool = True, env: dict[str, str] | None = None) -> Build:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", *(["--strict"] if strict else []), *extra],
        cwd=project,
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )
    return Build(project, result.returncode, result.stdout + result.stderr)


def run_generator(project: Path, *arguments: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "generator", *arguments], cwd=project, capture_output=True, text=True, timeout=300
    )


@pytest.fixture(scope="session")
def reference_build(tmp_path_factory) -> Build:
    """The shipped content built once for all tests that only read the result."""
    build = mkdocs_build(make_project(tmp_path_factory.mktemp("reference")))
    assert build.returncode == 0, build.output
    return build


class TextAndTags(HTMLParser):
    """Visible text of an element and every tag/attribute seen, for assertions on built HTML."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def parse_html(html: str) -> TextAndTags:
    parser = TextAndTags()
    parser.feed(html)
    return parser


def article(html: str) -> str:
    """The page's main content (Material's <article>)."""
    match = re.search(r'<article class="md-content__inner md-typeset">(.*?)</article>', html, re.DOTALL)
    assert match, "no <article> in page"
    return match[1]


def visible_text(html: str) -> str:
    return " ".join("".join(parse_html(html).text).split())


@pytest.fixture(scope="session")
def reference_site():
    from generator.analyse.related import RelatedAnalysis
    from generator.site import load_site

    with RelatedAnalysis() as related:  # as a build and `render` own it
        return load_site(REPO / "content", related=related)


class _QuietHandler(__import__("http.server").server.SimpleHTTPRequestHandler):
    """Serves a folder as GitHub Pages does: a missing address gets the site's 404.html."""

    def log_message(self, *arguments):
        pass

    def send_error(self, code, message=None, explain=None):
        missing = Path(self.directory) / self.path.lstrip("/").split("/", 1)[0] / "404.html"
        if code != 404 or not missing.is_file():
            return super().send_error(code, message, explain)
        body = missing.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="session")
def served_site(reference_build, tmp_path_factory):
    """The reference site served as GitHub Pages serves a project site: under /paper-digest/."""
    import functools
    import threading
    from http.server import ThreadingHTTPServer

    root = tmp_path_factory.mktemp("pages")
    shutil.copytree(reference_build.site, root / "paper-digest")
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/paper-digest/"
    server.shutdown()


BUILD_FIXTURES = {"reference_build", "served_site", "merged_build", "hostile_build", "notes_build", "browser"}
BUILD_CALLS = ("mkdocs_build(", "run_generator(", "subprocess.", "both_fail(")


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "builds: runs MkDocs or the command line in another process (`make test-fast` skips them)"
    )


def pytest_collection_modifyitems(config, items):
    """Mark each test that builds a site or runs a command, so `make test-fast` can leave them out."""
    import inspect

    for item in items:
        function = getattr(item, "function", None)
        source = inspect.getsource(function) if function else ""
        if BUILD_FIXTURES & set(getattr(item, "fixturenames", ())) or any(call in source for call in BUILD_CALLS):
            item.add_marker(pytest.mark.builds)


# A stand-in for the upstream APIs on 127.0.0.1 (fetch's tests): no test reaches the internet.


class Recorded(http.server.BaseHTTPRequestHandler):
    """Answers from ``server.answers``: request path and query -> a list of answers, used in turn
    (the last one repeats): (status, body), plus optional headers, a delay and a cut-off."""

    def do_GET(self):
        self.server.requests.append(self.path)
        answers = self.server.answers.get(self.path) or self.server.answers.get(self.path.split("?")[0])
        if answers is None:
            answers = [(404, b"not recorded")]
        answer = answers.pop(0) if len(answers) > 1 else answers[0]
        status, body, *rest = answer
        options = rest[0] if rest else {}
        time.sleep(options.get("delay", 0))
        self.send_response(status)
        for name, value in options.get("headers", {}).items():
            self.send_header(name, value)
        if options.get("length", len(body)) is not None:  # None: no length, the body ends when the connection does
            self.send_header("Content-Length", str(options.get("length", len(body))))
        self.end_headers()
        drip = options.get("drip")
        if drip is None:
            for _ in range(options.get("repeat", 1)):  # an endless answer: the body again and again
                try:
                    self.wfile.write(body)
                except OSError:
                    return  # the client gave up
            return
        for start in range(0, len(body), drip[0]):  # a few bytes at a time, never quite timing out
            try:
                self.wfile.write(body[start : start + drip[0]])
                self.wfile.flush()
            except OSError:
                return  # the client gave up
            time.sleep(drip[1])

    def log_message(self, *arguments):
        pass


@pytest.fixture
def server():
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Recorded)
    httpd.answers, httpd.requests = {}, []
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    httpd.url = f"http://127.0.0.1:{httpd.server_address[1]}"
    yield httpd
    httpd.shutdown()


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A project folder for fetch, as the current directory; retries wait no time."""
    (tmp_path / "content" / "digests").mkdir(parents=True)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("generator.fetch.http.pause", lambda seconds: None)  # retries wait no time here
    return tmp_path
