"""What only a browser can check: search, rendered math, no outside requests, no console errors, looks.

Runs Debian's Chromium (`make test` installs it when missing) through Playwright. Screenshots of
the home, a topic and a paper page, light and dark and at phone width, go to tests/artifacts/.
"""

import os
import re
import shutil
import subprocess
import sys
import time
from urllib.parse import urlsplit

import pytest
from conftest import REPO, make_project

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
if not CHROMIUM and os.environ.get("CI"):
    raise RuntimeError("Chromium is missing in CI: .ci/run must install it (apt-get install chromium)")
pytestmark = pytest.mark.skipif(not CHROMIUM, reason="Chromium is not installed (make test installs it as root)")

SCREENSHOTS = REPO / "tests" / "artifacts" / "screenshots"
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield launched
        launched.close()


class Watched:
    """A page that records every request and every console error."""

    def __init__(self, browser, origin, **context_options):
        self.context = browser.new_context(**context_options)
        self.page = self.context.new_page()
        self.origin = origin
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.on("console", lambda message: message.type == "error" and self.errors.append(message.text))
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))

    def outside_requests(self) -> list[str]:
        return [url for url in self.requests if not url.startswith(self.origin) and not url.startswith("data:")]


@pytest.fixture
def watched(browser, served_site):
    origin = served_site.split("/paper-digest/")[0]
    created = Watched(browser, origin)
    yield created
    created.context.close()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Titans", "papers/titans-learning-to-memorize-at-test-time-ba030557/"),
        ("BERT4Rec", "papers/bert4rec-sequential-recommendation-with-37cffd2f/"),
        ("FlashRNN", "papers/flashrnn-optimizing-traditional-rnns-on-modern-10a4e4f3/"),
        ("rumor detection", "papers/rp-dnn-a-tweet-level-propagation-context-based-d04c6905/"),
        ("Cauchy kernel", "papers/efficiently-modeling-long-sequences-with-005efae1/"),  # phrases from abstracts
        ("Delaunay triangulation", "papers/pointer-networks-0f1b28e2/"),
        ("set disjointness", "papers/just-read-twice-closing-the-recall-gap-for-7275a49e/"),
    ],
)
def test_search_finds_a_paper_among_the_first_results_and_opens_it(watched, served_site, query, expected):
    page = watched.page
    page.goto(served_site)
    page.locator("input.md-search__input").click()
    page.keyboard.type(query, delay=20)  # as a reader types: Material searches on key events
    page.locator(".md-search-result__item > a").first.wait_for(timeout=10_000)
    # Read in one step: the list is filled in as matches arrive, so items come and go meanwhile.
    first_five = page.eval_on_selector_all(
        ".md-search-result__item > a", "links => links.slice(0, 5).map(link => link.getAttribute('href'))"
    )
    assert any(urlsplit(href).path.endswith(expected) for href in first_five), first_five
    page.locator(f'.md-search-result__item > a[href*="{expected}"]').first.click()
    page.wait_for_url(f"**/{expected}**")
    assert watched.outside_requests() == [] and watched.errors == []


def search_for(page, query):
    page.locator("input.md-search__input").click()
    page.keyboard.type(query, delay=20)
    page.locator(".md-search-result__item").first.wait_for(timeout=10_000)


def test_search_shows_every_match_and_the_true_count(watched, served_site):
    page = watched.page
    page.goto(served_site)
    page.wait_for_timeout(500)
    assert not [url for url in watched.requests if "/pagefind/" in url]  # loaded by the first query
    # Every count the page shows, as it shows it: the first one must already be the true count.
    page.evaluate(
        """() => {
            window.countsShown = []
            const meta = document.querySelector(".md-search-result__meta")
            new MutationObserver(() => window.countsShown.push(meta.textContent))
                .observe(meta, { childList: true, characterData: true, subtree: true })
        }"""
    )
    with page.expect_request(lambda request: request.url.endswith("/pagefind/parts.json")):
        page.locator("input.md-search__input").click()  # opening the search box loads the index
    page.keyboard.insert_text("transforme")  # one query: Material searches on the key that follows
    page.keyboard.type("r")
    page.locator(".md-search-result__item").first.wait_for(timeout=10_000)
    total = page.evaluate(
        """async () => {
            const root = new URL("pagefind/", location.href)
            const parts = await (await fetch(new URL("parts.json", root))).json()
            const pagefind = await import(new URL(parts[0] + "pagefind.js", root).href)
            await pagefind.options({ basePath: new URL(parts[0], root).pathname, baseUrl: new URL("./", location.href).pathname })
            return (await pagefind.search("transformer")).results.length
        }"""
    )
    assert total > 10  # 36 abstracts of the reference digest say "transformer"
    meta = page.locator(".md-search-result__meta")
    meta.filter(has_text=f"{total} matching documents").wait_for(timeout=10_000)
    counts = [text for text in page.evaluate("window.countsShown") if "matching" in text]
    assert counts and all(text == f"{total} matching documents" for text in counts), counts
    # The results shown are loaded, not every match: the rest as the reader scrolls to them.
    page.wait_for_timeout(1000)
    fragments = lambda: len([url for url in watched.requests if "/fragment/" in url])  # noqa: E731
    assert fragments() == 10
    items = page.locator(".md-search-result__item")
    deadline = time.monotonic() + 60  # a loaded machine renders slowly: scrolled until all are there
    while items.count() < total and time.monotonic() < deadline:
        # Material renders more results as the list is scrolled to its end.
        items.last.scroll_into_view_if_needed()
        items.last.hover()  # the wheel scrolls what is under the pointer: the results, as a reader's does
        page.mouse.wheel(0, 400)
        page.wait_for_timeout(150)
    assert items.count() == total
    from playwright.sync_api import expect

    expect(page.locator(".search-pending")).to_have_count(0)  # each filled in as it was reached
    assert fragments() == total
    last = items.last.locator("a.md-search-result__link").first
    assert "/paper-digest/papers/" in last.get_attribute("href") and last.locator("h1").inner_text()
    titles = items.locator("h1").all_inner_texts()[:5]  # a word in the title ranks above one in the abstract
    assert all("transformer" in title.lower() for title in titles), titles
    assert watched.outside_requests() == [] and watched.errors == []


@pytest.mark.parametrize("query", ["2405.16537", "arXiv:2405.16537v2", "2405.16537v1"])
def test_an_arxiv_id_finds_that_paper_first(browser, arxiv_site, query):
    watched = Watched(browser, arxiv_site)
    page = watched.page
    page.goto(arxiv_site + "/")
    page.locator("input.md-search__input").click()
    page.keyboard.insert_text(query[:-1])  # pasted, as ids are: Material searches on the key that follows
    page.keyboard.type(query[-1])
    from playwright.sync_api import expect

    # Answered exactly, from the id map: that paper alone, titled, without Pagefind's index.
    first = page.locator(".md-search-result__item > a").first
    expect(first).to_have_attribute("href", re.compile("/papers/i2vedit-first-frame-guided-video-editing-via"))
    expect(page.locator(".md-search-result__meta")).to_have_text("1 matching document")
    assert first.locator("h1").inner_text().startswith("I2VEdit: First-Frame-Guided Video Editing")
    # Opening the search box loaded Pagefind itself, but none of its index or its fragments.
    assert not [url for url in watched.requests if "/pagefind/" in url and ("/index/" in url or "/fragment/" in url)]
    assert watched.errors == [] and watched.outside_requests() == []
    watched.context.close()


def test_an_arxiv_id_the_site_lacks_finds_nothing(browser, arxiv_site):
    """Not the papers whose text holds "2401" or "99999"."""
    watched = Watched(browser, arxiv_site)
    page = watched.page
    page.goto(arxiv_site + "/")
    page.locator("input.md-search__input").click()
    page.keyboard.type("2401.99999", delay=20)
    from playwright.sync_api import expect

    expect(page.locator(".md-search-result__meta")).to_have_text("No matching documents", timeout=10_000)
    assert page.locator(".md-search-result__item").count() == 0
    assert watched.errors == []
    watched.context.close()


@pytest.mark.parametrize("address", ["papers/2405.16537/", "papers/2405.16537v2", "papers/arXiv:2405.16537/"])
def test_an_arxiv_id_address_leads_to_the_paper(browser, arxiv_site, address):
    """The address a Hugging Face reader guesses: the 404 page looks the id up in its map."""
    watched = Watched(browser, arxiv_site)
    watched.page.goto(f"{arxiv_site}/{address}")
    watched.page.wait_for_url("**/papers/i2vedit-first-frame-guided-video-editing-via-*/", timeout=10_000)
    assert watched.outside_requests() == []
    watched.page.goto(f"{arxiv_site}/papers/2405.99999/")  # an id the site does not hold: the 404 page stays
    assert watched.page.locator("h1").first.inner_text() == "This page does not exist"
    watched.context.close()


@pytest.fixture(scope="module")
def arxiv_site(tmp_path_factory):
    """The 60 diffusion papers (with arXiv ids), built and served."""
    diffusion = (REPO / "tests/fixtures/diffusion-models.jsonl").read_text()
    project = make_project(tmp_path_factory.mktemp("arxiv"), {"diffusion.jsonl": diffusion})
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=project, capture_output=True,
                            text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})  # fmt: skip
    assert result.returncode == 0, result.stderr
    # Under /paper-digest/, as GitHub Pages serves a project site (its 404 page's links say so).
    pages = tmp_path_factory.mktemp("arxiv-pages")
    shutil.copytree(project / "site", pages / "paper-digest")
    with served(pages) as origin:
        yield f"{origin}/paper-digest"


def test_a_missing_paper_address_offers_the_closest_papers(watched, served_site):
    page = watched.page
    # Pointer Networks' address with another hash: as when a corrected title changes the address.
    response = page.goto(served_site + "papers/pointer-networks-0f1b28e3/")
    assert response.status == 404
    closest = page.locator(".closest-papers li a")
    closest.first.wait_for(timeout=10_000)
    assert closest.first.inner_text() == "Pointer Networks"
    assert closest.first.get_attribute("href").endswith("/paper-digest/papers/pointer-networks-0f1b28e2/")
    links = {
        link.inner_text(): urlsplit(link.evaluate("a => a.href")).path for link in page.locator("article p a").all()
    }
    assert links["Home"] == "/paper-digest/" and links["Topics"] == "/paper-digest/topics/"
    assert page.locator("input.md-search__input").count() == 1
    page.goto(served_site + "no/such/page/")
    assert page.locator(".closest-papers").is_hidden()
    # The only errors: the browser's own notes that the two addresses answered 404.
    assert watched.outside_requests() == [] and all("404 (Not Found)" in error for error in watched.errors)


def test_paper_page_shows_rendered_math_related_papers_and_notes(watched, served_site):
    page = watched.page
    page.goto(served_site + "papers/efficiently-modeling-long-sequences-with-005efae1/")
    formula = page.locator("article math").first
    assert "x′(t)=Ax(t)+Bu(t)" in formula.text_content().replace(" ", "")
    box = formula.bounding_box()
    assert box and box["width"] > 100 and box["height"] > 8  # laid out as math, not hidden source
    assert page.locator("#related-papers + ol > li").count() == 5
    assert page.get_by_text("No notes yet").count() == 0  # the published site has no writer instructions
    page.goto(served_site + "papers/pointer-networks-0f1b28e2/")
    assert page.get_by_text("The decoder's attention weights").is_visible()
    assert watched.outside_requests() == [] and watched.errors == []


def test_topic_page_lists_its_papers(watched, served_site):
    page = watched.page
    page.goto(served_site + "topics/state-space-models/")
    assert page.locator("article li > a[href*='papers/']").count() == 11
    page.locator("article li > a[href*='papers/']").first.click()
    page.wait_for_url("**/papers/**")
    assert watched.outside_requests() == [] and watched.errors == []


def test_home_page_says_how_old_the_newest_digest_is(watched, served_site):
    page = watched.page
    page.goto(served_site)
    # The reference digest is of 2026-03-12; the age is counted in the browser, on its own clock.
    page.clock.set_fixed_time("2026-03-15T09:00:00Z")
    page.reload()
    age = page.locator(".digest-age").inner_text()
    assert age == " (3 days ago)", age
    assert watched.errors == []


@pytest.mark.parametrize(
    ("name", "options"),
    [
        ("light", {"viewport": {"width": 1280, "height": 900}, "color_scheme": "light"}),
        ("dark", {"viewport": {"width": 1280, "height": 900}, "color_scheme": "dark"}),
        ("phone", {"viewport": {"width": 390, "height": 844}, "color_scheme": "light", "device_scale_factor": 2}),
    ],
)
def test_screenshots(browser, served_site, name, options):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    origin = served_site.split("/paper-digest/")[0]
    watched = Watched(browser, origin, **options)
    for label, path in [
        ("home", ""),
        ("topic", "topics/state-space-models/"),
        ("paper", "papers/efficiently-modeling-long-sequences-with-005efae1/"),
        ("not-found", "papers/pointer-networks-0f1b28e3/"),  # a paper address whose title changed
    ]:
        watched.page.goto(served_site + path)
        if label == "not-found":
            watched.page.locator(".closest-papers li").first.wait_for(timeout=10_000)
        watched.page.screenshot(path=str(SCREENSHOTS / f"{label}-{name}.png"), full_page=name != "phone")
    scheme = watched.page.evaluate("document.body.getAttribute('data-md-color-scheme')")
    assert scheme == ("slate" if name == "dark" else "default")
    assert watched.outside_requests() == [] and all("404 (Not Found)" in error for error in watched.errors)
    watched.context.close()


def test_offline_build_works_opened_from_disk(browser, tmp_path):
    project = make_project(tmp_path)
    environment = {**os.environ, "OFFLINE": "true", "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict"],
        cwd=project,
        env=environment,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    watched = Watched(browser, "file://")
    page = watched.page
    page.goto((project / "site" / "index.html").as_uri())
    page.locator("input.md-search__input").click()
    page.keyboard.type("Titans", delay=20)
    results = page.locator(".md-search-result__item > a")
    results.first.wait_for(timeout=10_000)
    results.first.click()
    page.wait_for_url("**/papers/titans-learning-to-memorize-at-test-time-ba030557.html**")
    assert page.locator("article h1").inner_text().startswith("Titans")
    page.locator("article a[href*='topics/']").first.click()
    page.wait_for_url("**/topics/*.html")
    assert watched.outside_requests() == [] and watched.errors == []
    watched.context.close()


def test_search_answers_from_every_part_of_a_split_index(browser, tmp_path):
    """A large site's index is in parts that the worker searches together: a paper of each part
    is found by its title (here the reference site in parts of 30 pages, served under a sub-path)."""
    import gzip
    import json

    from test_search_index import split_index_project

    project = split_index_project(tmp_path, 30)
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict"],
        cwd=project,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    index = project / "site" / "pagefind"
    parts = json.loads((index / "parts.json").read_text())
    assert len(parts) == 3
    wanted = []  # (title, address) of one paper in each part
    for part in parts:
        for fragment in sorted((index / part / "fragment").glob("*.pf_fragment")):
            page = json.loads(gzip.decompress(fragment.read_bytes())[len(b"pagefind_dcd") :])
            if page["url"].startswith("/papers/"):
                wanted.append((page["meta"]["title"], page["url"]))
                break
    root = tmp_path / "pages"
    shutil.copytree(project / "site", root / "paper-digest")
    with served(root) as origin:
        watched = Watched(browser, origin)
        page = watched.page
        for title, address in wanted:
            page.goto(origin + "/paper-digest/")
            page.locator("input.md-search__input").click()
            page.keyboard.type(title, delay=5)
            results = page.locator(".md-search-result__item > a")
            results.first.wait_for(timeout=10_000)
            paths = [urlsplit(results.nth(i).get_attribute("href")).path for i in range(min(results.count(), 5))]
            assert "/paper-digest" + address in paths, (title, paths)
        assert watched.errors == [] and watched.outside_requests() == []
        watched.context.close()


HOSTILE_TITLE = 'Quokka </mark><img src=x onerror="window.pwned=1"> <script>window.pwned=2</script> &amp; done'
HOSTILE_ABSTRACT = (
    'The quokka <b onmouseover="window.pwned=3">bold</b> [link](javascript:window.pwned=4) &amp; <mark>x</mark> ends.'
)


def test_search_results_show_hostile_text_literally(browser, tmp_path):
    """Pagefind's titles and excerpts reach Material's result list, which inserts HTML: the worker
    must escape them."""
    digest = f"Mar 12\n\n{HOSTILE_TITLE}\n\n{HOSTILE_ABSTRACT}\n\nA second paper\n\nAbout wombats.\n"
    project = make_project(tmp_path, {"2026-03-12-hostile.txt": digest})
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict"],
        cwd=project,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    with served(project / "site") as origin:
        watched = Watched(browser, origin)
        page = watched.page
        page.goto(origin + "/")
        page.locator("input.md-search__input").click()
        page.keyboard.type("quokka", delay=20)
        results = page.locator(".md-search-result__item")
        results.first.wait_for(timeout=10_000)
        shown = results.first
        text = shown.inner_text()
        assert '<img src=x onerror="window.pwned=1">' in text and "<script>window.pwned=2</script> &amp; done" in text
        assert '<b onmouseover="window.pwned=3">bold</b>' in text and "&amp; <mark>x</mark> ends" in text
        assert shown.locator("img, script, b, a[href^='javascript']").count() == 0
        marks = shown.locator("mark").all_inner_texts()  # the matches are still highlighted, and only they
        assert marks and {mark.lower() for mark in marks} == {"quokka"}
        assert page.evaluate("window.pwned") is None
        assert watched.errors == [] and watched.outside_requests() == []
        watched.context.close()


def test_a_reader_orders_a_listing_by_upvotes_date_and_title(browser, tmp_path):
    diffusion = (REPO / "tests/fixtures/diffusion-models.jsonl").read_text()
    project = make_project(tmp_path, {"diffusion.jsonl": diffusion})
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=project, capture_output=True,
                            text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})  # fmt: skip
    assert result.returncode == 0, result.stderr
    with served(project / "site") as origin:
        watched = Watched(browser, origin)
        page = watched.page
        page.goto(origin + "/all/")
        items = page.locator(".paper-list li")
        listed = items.locator("> a").all_inner_texts()
        assert len(listed) == 60

        def keys(attribute):
            return page.eval_on_selector_all(
                ".paper-list li .sort-keys", f"spans => spans.map(s => s.dataset.{attribute})"
            )

        page.get_by_role("button", name="most upvoted").click()
        upvotes = [int(value) for value in keys("upvotes")]
        assert upvotes == sorted(upvotes, reverse=True) and upvotes[0] > upvotes[-1]
        page.get_by_role("button", name="newest").click()
        dates = keys("date")
        assert dates == sorted(dates, reverse=True)
        page.get_by_role("button", name="title").click()
        titles = [title.lower() for title in items.locator("> a").all_inner_texts()]
        assert titles == sorted(titles)
        page.get_by_role("button", name="as listed").click()
        assert items.locator("> a").all_inner_texts() == listed
        facts = page.locator(".paper-facts").first.inner_text()
        assert re.search(r"^[A-Z][\w.-]* [\w'-]+(, [A-Z][\w.-]* [\w'-]+)?( et al\.)? · 20\d\d-\d\d-\d\d", facts), facts
        assert watched.errors == [] and watched.outside_requests() == []
        watched.context.close()


def served(folder):
    import contextlib
    import functools
    import threading
    from http.server import ThreadingHTTPServer

    from conftest import _QuietHandler

    @contextlib.contextmanager
    def serving():
        server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(folder)))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            yield f"http://127.0.0.1:{server.server_address[1]}"
        finally:
            server.shutdown()

    return serving()


CONTRAST = """(selector) => {
  const element = document.querySelector(selector);
  if (!element) return null;
  const parse = (color) => color.match(/[\\d.]+/g).map(Number);
  let [red, green, blue, alpha = 1] = parse(getComputedStyle(element).color);
  for (let node = element; node; node = node.parentElement) alpha *= Number(getComputedStyle(node).opacity);
  let background = [255, 255, 255];
  for (let node = element; node; node = node.parentElement) {
    const color = parse(getComputedStyle(node).backgroundColor);
    if ((color[3] ?? 1) > 0) { background = color; break; }
  }
  const shown = [red, green, blue].map((value, i) => value * alpha + background[i] * (1 - alpha));
  const luminance = (color) => {
    const [r, g, b] = color.slice(0, 3).map((v) => (v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const [lighter, darker] = [luminance(shown), luminance(background)].sort((x, y) => y - x);
  return (lighter + 0.05) / (darker + 0.05);
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_our_small_text_and_buttons_meet_wcag_aa_contrast(browser, served_site, scheme):
    """The facts line in listings, the "shares ..." line of a related paper and the Code and
    Project buttons: at least 4.5:1 against the page, light and dark (WCAG AA, normal text)."""
    origin = served_site.split("/paper-digest/")[0]
    watched = Watched(browser, origin, color_scheme=scheme)
    checked = {}
    for path, selectors in [
        ("topics/state-space-models/", [".md-typeset .paper-facts"]),
        ("papers/efficiently-modeling-long-sequences-with-005efae1/", [".md-typeset .relation"]),
        ("papers/flashrnn-optimizing-traditional-rnns-on-modern-10a4e4f3/", [".md-typeset .md-button"]),
    ]:
        watched.page.goto(served_site + path)
        for selector in selectors:
            checked[selector] = watched.page.evaluate(CONTRAST, selector)
    watched.context.close()
    assert all(ratio is not None and ratio >= 4.5 for ratio in checked.values()), checked


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_wcag_a_or_aa_violation(browser, served_site, scheme):
    """axe-core (vendored by axe-playwright-python) on the kinds of page a reader opens: contrast
    of every text, links told from text by more than colour, names of controls, and the rest of
    WCAG 2.1 A and AA that a machine can check."""
    from pathlib import Path

    import axe_playwright_python

    axe = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")
    origin = served_site.split("/paper-digest/")[0]
    watched = Watched(browser, origin, color_scheme=scheme)
    found = {}
    for path in ["", "topics/", "topics/state-space-models/", "papers/efficiently-modeling-long-sequences-with-005efae1/",
                 "all/", "digests/", "papers/pointer-networks-0f1b28e3/"]:  # fmt: skip
        watched.page.goto(served_site + path)
        watched.page.add_script_tag(content=axe)
        result = watched.page.evaluate("() => axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21aa'] })")
        found[path or "home"] = [(v["id"], [node["target"] for node in v["nodes"][:3]]) for v in result["violations"]]
    assert watched.page.locator('.md-search[role="dialog"]').get_attribute("aria-label") == "Search"  # named
    watched.context.close()
    assert not any(found.values()), found


@pytest.mark.parametrize(("width", "shown"), [(1280, True), (390, False)])
def test_the_search_key_is_offered_only_where_there_is_a_keyboard(browser, served_site, width, shown):
    origin = served_site.split("/paper-digest/")[0]
    watched = Watched(browser, origin, viewport={"width": width, "height": 900})
    watched.page.goto(served_site)
    assert watched.page.locator(".keyboard-hint").is_visible() == shown
    watched.context.close()


def test_the_topics_table_on_a_phone_keeps_each_name_on_one_line(browser, served_site):
    """At 390 px the table's three columns squeezed "Recurrent neural networks" onto three lines;
    there each topic is a block: its name and count on one line, then what it is about."""
    origin = served_site.split("/paper-digest/")[0]
    watched = Watched(browser, origin, viewport={"width": 390, "height": 900})
    watched.page.goto(served_site + "topics/")
    lines = watched.page.locator(".topics-table td:first-child a").evaluate_all(
        "links => links.map(link => [link.textContent, link.getClientRects().length])"
    )
    assert len(lines) == 14 and all(count == 1 for _, count in lines), lines
    name, count, about = (
        cell.bounding_box() for cell in watched.page.locator(".topics-table tr").nth(1).locator("td").all()
    )
    assert count["y"] == name["y"] and count["x"] > name["x"] + name["width"]  # "Recurrent neural networks · 18 papers"
    assert about["y"] > name["y"] + name["height"] - 1 and about["x"] == name["x"]
    watched.context.close()


def test_a_listing_offers_only_the_orders_that_change_it(watched, served_site):
    """The example's papers have no publication date and no upvotes: "newest" and "most
    upvoted" would change nothing, so only the title is offered beside the listing's order."""
    watched.page.goto(served_site + "topics/state-space-models/")
    buttons = watched.page.locator(".listing-order button").all_inner_texts()
    assert buttons == ["as listed", "title"]
