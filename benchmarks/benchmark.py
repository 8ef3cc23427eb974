"""Build a site from the first N papers of a JSON Lines corpus and print what it cost.

    .venv/bin/python benchmarks/benchmark.py ../shared/corpora/arxiv-papers.jsonl 1000 5000 --browser

The first N records (with distinct titles) become one JSON Lines digest. For each N it prints:
generation seconds as a build spends them (in a process of its own; related papers computed on the
other core while the rest is read and rendered; "render" includes waiting for them), then each stage alone
(read, topics, related), the seconds `render OUT` takes to write the pages into a new
folder, `mkdocs build` seconds for the project and for a baseline (the same
generated markdown built by a minimal Material site with search and no project code), their
ratio, milliseconds per page, peak memory of the build (its MkDocs process; all its processes
together: MkDocs, the related-papers worker and Pagefind; the baseline's), site bytes, bytes of
one paper page, bytes of the search index (Pagefind's folder; Material's search_index.json for the baseline), and
pages per second. With --browser it also opens both sites in headless Chromium, types a paper's
title into the search box right after the page loaded and reports the seconds from its last
key to the paper among the results, both clocked in the page, and the bytes the search
downloaded (nan seconds: the paper did not show within three minutes). With
--repeat K the generation is timed K times and each site is built K times, alternately, and the
fastest of each is kept ("ratio"); "paired ratio" is the median of each build over the baseline
built right after it. A script,
not a timed test: figures depend on the machine.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from generator.analyse.related import RelatedAnalysis, folder_bytes
from generator.analyse.similarity import related_papers
from generator.analyse.topics import assign_topics
from generator.errors import Problems
from generator.folder_writer import write_pages
from generator.ids import title_key
from generator.read.digests import read_digest_folder
from generator.render.generated import Settings
from generator.render.site_pages import render_site
from generator.site import load_site

BASELINE_CONFIG = """site_name: Baseline
docs_dir: docs
theme:
  name: material
  font: false
plugins:
  - search
markdown_extensions:
  - admonition
  - attr_list
  - md_in_html
  - tables
  - toc
  - pymdownx.superfences
  - pymdownx.emoji:
      emoji_index: !!python/name:material.extensions.emoji.twemoji
      emoji_generator: !!python/name:material.extensions.emoji.to_svg
nav: [index.md]
"""


def first_records(corpus: Path, count: int) -> str:
    """The first `count` records with distinct titles, as JSON Lines."""
    seen: set[str] = set()
    kept: list[str] = []
    with corpus.open(encoding="utf-8") as lines:
        for line in lines:
            key = title_key(" ".join(json.loads(line)["title"].split()))
            if key in seen:
                continue
            seen.add(key)
            kept.append(line.rstrip("\n"))
            if len(kept) == count:
                break
    return "\n".join(kept) + "\n"


def timed(function, *arguments):
    start = time.perf_counter()
    result = function(*arguments)
    return result, time.perf_counter() - start


def prepare_project(corpus: Path, count: int, project: Path) -> None:
    """This project's configuration and topics, with the first `count` papers as the only digest."""
    shutil.copytree(REPO / "content", project / "content", ignore=shutil.ignore_patterns("digests", "notes"))
    (project / "content" / "digests").mkdir()
    (project / "content" / "notes").mkdir()
    (project / "content" / "digests" / "corpus.jsonl").write_text(first_records(corpus, count), encoding="utf-8")
    shutil.copy(REPO / "mkdocs.yml", project)
    shutil.copytree(REPO / "overrides", project / "overrides")


def measure(corpus: Path, count: int, workdir: Path, browser: bool, repeat: int = 1) -> dict:
    project = workdir / f"n{count}"
    prepare_project(corpus, count, project)

    # As a build runs it, in a fresh process (NumPy not yet imported): related papers on the
    # other core while the rest is read and rendered. The fastest of `repeat` runs.
    load_seconds, render_seconds = min((generation_seconds(project) for _ in range(repeat)), key=sum)
    with RelatedAnalysis() as analysis:
        site = load_site(project / "content", related=analysis)
        pages = render_site(site, Settings())
    # Each stage again on its own, one after the other, to see what it costs.
    _, read_seconds = timed(read_digest_folder, project / "content" / "digests", project / "content", Problems())
    _, topics_seconds = timed(assign_topics, site.papers, site.topics, site.vectors, site.by_meaning)
    _, related_seconds = timed(related_papers, site.papers, site.vectors)
    baseline = workdir / f"baseline{count}"
    _, write_seconds = timed(write_pages, pages, baseline / "docs", project / "content")  # what `render OUT` does
    (baseline / "docs" / ".paper-digest-manifest.json").unlink()
    (baseline / "mkdocs.yml").write_text(BASELINE_CONFIG, encoding="utf-8")

    # Alternated, the fastest of `repeat` runs of each: a shared machine slows runs at random.
    builds, baselines = [], []
    for _ in range(repeat):
        builds.append(mkdocs_build(project))
        baselines.append(mkdocs_build(baseline))
    build_seconds, peak, peak_all = min(builds)
    baseline_seconds, baseline_peak, _ = min(baselines)
    built = project / "site"
    one_page = next((built / "papers").iterdir()) / "index.html"
    searched = {}
    if browser:
        query_paper = site.papers[sorted(site.papers)[len(site.papers) // 2]]
        for name, folder in (("", built), ("baseline ", baseline / "site")):
            seconds, downloaded = search_in_browser(
                folder, query_paper.title, query_paper.id, search_timeout_ms(len(site.papers))
            )
            searched[f"{name}search s"] = seconds
            searched[f"{name}search KB"] = downloaded / 1e3
    return {
        "N": len(site.papers),
        "generate s": load_seconds + render_seconds,
        "read s": read_seconds,
        "topics s": topics_seconds,
        "related s": related_seconds,
        "render s": render_seconds,
        "write s": write_seconds,
        "mkdocs build s": build_seconds,
        "baseline s": baseline_seconds,
        "ratio": build_seconds / baseline_seconds,
        # Each build over the baseline built right after it: slow spells of a shared machine
        # last minutes, so the runs of one pair see the same machine.
        "paired ratio": statistics.median(build[0] / base[0] for build, base in zip(builds, baselines, strict=True)),
        "ms/page": build_seconds / len(pages) * 1e3,
        "baseline ms/page": baseline_seconds / len(pages) * 1e3,
        "peak MB": peak,
        "peak all MB": peak_all,
        "baseline peak MB": baseline_peak,
        "site MB": folder_bytes(built) / 1e6,
        "paper page KB": one_page.stat().st_size / 1e3,
        "search index MB": folder_bytes(built / "pagefind") / 1e6,
        "baseline index MB": (baseline / "site" / "search" / "search_index.json").stat().st_size / 1e6,
        "pages/s": len(pages) / build_seconds,
        **searched,
    }


GENERATION_SCRIPT = """
import time
from pathlib import Path
from generator.collector import collection_paused
from generator.render.generated import Settings
from generator.render.site_pages import render_site
from generator.analyse.related import RelatedAnalysis
from generator.site import load_site
started = time.perf_counter()
with collection_paused(), RelatedAnalysis() as analysis:  # as the plugin reads and renders
    site = load_site(Path("content"), related=analysis)
    loaded = time.perf_counter()
    render_site(site, Settings())
print(loaded - started, time.perf_counter() - loaded)
"""


def generation_seconds(project: Path) -> tuple[float, float]:
    """Seconds to load the site and to render it, in a process of its own started in ``project``."""
    environment = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))}
    result = subprocess.run(
        [sys.executable, "-c", GENERATION_SCRIPT],
        cwd=project,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    load, render = map(float, result.stdout.split())
    return load, render


def search_timeout_ms(papers: int) -> int:
    """How long a search is waited for before it is reported as not found (nan): Material's own
    search of 13,436 papers took up to 27 s; a small site's search that has shown nothing after
    half a minute will not."""
    return max(30_000, 15 * papers)


# Clocked in the page: Playwright notices an element by polling at growing intervals (up to
# half a second), which added 0.3-0.5 s to a search that had shown its result after 0.3 s. The
# result counts once the page changed after the last key (not from an earlier, partial query).
CLOCK_THE_SEARCH = """result => {
    document.addEventListener("keydown", () => { window.searchKeyAt = performance.now() }, true)
    new MutationObserver((changes, observer) => {
        if (window.searchKeyAt !== undefined && document.querySelector(result)) {
            window.searchShownAt = performance.now()
            observer.disconnect()
        }
    }).observe(document.body, { childList: true, subtree: true })
}"""


def search_in_browser(site: Path, title: str, paper_id: str, timeout_ms: int) -> tuple[float, int]:
    """Seconds from the last key of a title query, typed right after the home page loaded, to
    the paper among the results (both clocked in the page); and the bytes the search downloaded
    (its worker and its index)."""
    import functools
    import http.server
    import threading

    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    from playwright.sync_api import sync_playwright

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *arguments):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    flags = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=shutil.which("chromium"), args=flags)
            page = browser.new_page()
            downloaded = []

            def count(request) -> None:
                if any(part in request.url for part in ("/search/", "/pagefind", "/workers/")):
                    downloaded.append(request.sizes()["responseBodySize"])

            page.on("requestfinished", count)
            page.goto(f"http://127.0.0.1:{server.server_address[1]}/", wait_until="load")
            page.evaluate(CLOCK_THE_SEARCH, f".md-search-result__item > a[href*='{paper_id}']")
            # Words only: lunr reads "Pro: Towards" as a search in a field named "Pro".
            query = " ".join(re.sub(r"[^\w\s]", " ", title).split()[:6])
            page.locator("input.md-search__input").click()
            page.keyboard.insert_text(query[:-1])  # the query but its last letter, typed at once...
            page.keyboard.type(query[-1])  # ...then one key: Material searches on key events
            try:
                page.wait_for_function("() => window.searchShownAt !== undefined", timeout=timeout_ms)
                seconds = page.evaluate("() => (window.searchShownAt - window.searchKeyAt) / 1000")
            except PlaywrightTimeout:
                seconds = float("nan")  # reported, not waited for: the table still prints
            browser.close()
    finally:
        server.shutdown()
    return seconds, sum(downloaded)


def mkdocs_build(project: Path) -> tuple[float, float, float]:
    """Wall seconds of `mkdocs build` in its own process, the peak resident memory (MB) of that
    process, and the peak of all its processes together (MkDocs, the related-papers worker,
    Pagefind), sampled: proportional set sizes, so pages shared after a fork count once."""
    environment = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    script = (
        "import sys, runpy\ncode = 0\n"
        "sys.argv = ['mkdocs', 'build', '--quiet']\n"
        "try:\n    runpy.run_module('mkdocs', run_name='__main__')\n"
        "except SystemExit as stop:\n    code = stop.code\n"
        # VmHWM, not ru_maxrss: Linux keeps ru_maxrss across fork and exec, so a build started
        # from this (large) process would report this process's peak instead of its own.
        "print(open('/proc/self/status').read().split('VmHWM:')[1].split()[0], file=sys.stderr)\n"
        "sys.exit(code)\n"
    )
    start = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-c", script],
        cwd=project,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=environment,
    )
    sampler = TreeMemory(process.pid)
    sampler.start()
    _, errors = process.communicate()
    seconds = time.perf_counter() - start
    sampler.stop()
    if process.returncode != 0:
        raise SystemExit(f"mkdocs build failed in {project}:\n{errors}")
    peak_kb = int(errors.strip().splitlines()[-1])
    return seconds, peak_kb / 1024, sampler.peak / 1024


SAMPLE_SECONDS = 0.5


class TreeMemory(threading.Thread):
    """Samples, every SAMPLE_SECONDS, the summed proportional set size (kB) of a process and its descendants."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid, self.peak, self.running = pid, 0, True

    def run(self) -> None:
        while self.running:
            self.peak = max(self.peak, sum(map(proportional_kb, descendants(self.pid))))
            # Each sample reads all of /proc and the memory maps of every build process (about
            # 10 ms of a core): taken often enough to see Pagefind's peaks, which last seconds,
            # and rarely enough not to slow the build it measures.
            time.sleep(SAMPLE_SECONDS)

    def stop(self) -> None:
        self.running = False
        self.join()


def descendants(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, queue = [], [root]
    while queue:
        pid = queue.pop()
        found.append(pid)
        queue.extend(children.get(pid, []))
    return found


def proportional_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", type=Path)
    parser.add_argument("sizes", type=int, nargs="+")
    parser.add_argument("--browser", action="store_true", help="also time a search in headless Chromium")
    parser.add_argument("--repeat", type=int, default=1, help="build each site this many times, keep the fastest")
    arguments = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as workdir:
        for count in arguments.sizes:
            rows.append(measure(arguments.corpus, count, Path(workdir), arguments.browser, arguments.repeat))
            print_table(rows)
    print(
        f"peak memory of this process (generation): {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB"
    )


def print_table(rows: list[dict]) -> None:
    columns = list(rows[0])
    print("| " + " | ".join(columns) + " |")
    print("|" + "---:|" * len(columns))
    for row in rows:
        print(
            "| "
            + " | ".join(f"{value:.2f}" if isinstance(value, float) else str(value) for value in row.values())
            + " |"
        )
    print(flush=True)


if __name__ == "__main__":
    main()
