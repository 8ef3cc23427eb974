"""Time from saving a note to the browser showing it, while `mkdocs serve` runs on N papers.

    .venv/bin/python benchmarks/serve_reload.py ../shared/corpora/arxiv-papers.jsonl 13436

Builds a project from the first N papers of the corpus, starts `mkdocs serve` (with --dirty, as
`make serve` does, and without it), opens one paper's page in headless Chromium, then writes a
note for that paper three times and prints, for each save, the seconds until the page shown in
the browser (reloaded by MkDocs' livereload) contains the note's text. A script, not a test.
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from benchmark import REPO, prepare_project

sys.path.insert(0, str(REPO))
from generator.site import load_site


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_served(url: str, server: subprocess.Popen, timeout: float) -> float:
    import urllib.request

    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        if server.poll() is not None:
            raise SystemExit(f"mkdocs serve stopped:\n{server.stdout.read()}")
        try:
            with urllib.request.urlopen(url, timeout=5):
                return time.perf_counter() - start
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"{url} was not served within {timeout} s")


def measure(project: Path, dirty: bool, saves: int) -> tuple[float, list[float]]:
    from playwright.sync_api import sync_playwright

    site = load_site(project / "content")
    paper_id = sorted(site.papers)[len(site.papers) // 2]
    port = free_port()
    command = [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}", *(["--dirty"] if dirty else [])]
    # The site served at the root: the shipped mkdocs.yml would serve it under /paper-digest/.
    environment = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SITE_URL": f"http://127.0.0.1:{port}/"}
    server = subprocess.Popen(
        command, cwd=project, env=environment, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    note = project / "content" / "notes" / f"{paper_id}.md"
    try:
        page_url = f"http://127.0.0.1:{port}/papers/{paper_id}/"
        first_build = wait_until_served(page_url, server, timeout=3600)
        times = []
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"]
            )
            page = browser.new_page()
            page.goto(page_url)
            for save in range(saves):
                word = f"reloadmarker{save}x{int(time.time())}"
                start = time.perf_counter()
                note.write_text(f"---\nstatus: reading\n---\nMeasured with {word}.\n", encoding="utf-8")
                page.wait_for_function(
                    f"document.body && document.body.innerText.includes({word!r})", timeout=3_600_000, polling=100
                )
                times.append(time.perf_counter() - start)
                if save < saves - 1:
                    time.sleep(2)  # let a background search index run finish before the next save
            browser.close()
        return first_build, times
    finally:
        server.terminate()
        server.wait(timeout=60)
        note.unlink(missing_ok=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", type=Path)
    parser.add_argument("count", type=int)
    parser.add_argument("--saves", type=int, default=3)
    parser.add_argument("--modes", default="dirty,full", help="dirty, full or both (comma-separated)")
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as workdir:
        project = Path(workdir) / "project"
        prepare_project(arguments.corpus, arguments.count, project)
        print("| N | mkdocs serve | first build s | save → browser shows it, s |")
        print("|---:|---|---:|---|")
        for mode in arguments.modes.split(","):
            first_build, times = measure(project, mode == "dirty", arguments.saves)
            flag = "--dirty" if mode == "dirty" else "(full rebuilds)"
            print(
                f"| {arguments.count} | {flag} | {first_build:.1f} | {', '.join(f'{t:.1f}' for t in times)} |",
                flush=True,
            )


if __name__ == "__main__":
    main()
