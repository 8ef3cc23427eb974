"""What `mkdocs serve` keeps between rebuilds, and the search index it updates after them."""

from __future__ import annotations

import subprocess
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path

from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File

from generator.child_processes import ending_with_this_process
from generator.site import SiteCache

log = get_plugin_logger(__name__)


@dataclass
class BetweenBuilds:
    """Kept by the plugin, which MkDocs keeps across the rebuilds of one `mkdocs serve` (a plugin
    with `on_startup` is not made anew for each build): the model read from the digests, the
    rendered paper pages, and the markdown each generated page had when last built, so that
    `mkdocs serve --dirty` rebuilds only the pages that changed."""

    site_cache: SiteCache = field(default_factory=SiteCache)
    page_cache: dict = field(default_factory=dict)
    built_texts: dict[str, str] = field(default_factory=dict)
    serving: bool = False
    """Set once the first build is served: every build after it is a rebuild."""


class GeneratedFile(File):
    """A generated page that knows whether its markdown changed since the last build."""

    unchanged = False

    def is_modified(self) -> bool:
        return not self.unchanged


class BackgroundIndexer:
    """Runs Pagefind after the rebuilds of `mkdocs serve` without making the reader wait for it:
    one run at a time, and a request made during a run starts one more run after it."""

    def __init__(self, output_folder: str) -> None:
        self.output_folder = output_folder
        self.lock = threading.Lock()
        self.pending: tuple[Path, int] | None = None
        self.running = False

    def request(self, site: Path, pages_per_part: int) -> None:
        with self.lock:
            self.pending = (site, pages_per_part)
            if not self.running:
                self.running = True
                threading.Thread(target=self.run, daemon=True).start()

    def run(self) -> None:
        while True:
            with self.lock:
                request, self.pending = self.pending, None
                if request is None:
                    self.running = False
                    return
            # In a process of its own, at a low priority: reading and sending thousands of pages
            # here would hold the interpreter lock that the next rebuild needs, and the next
            # save should not wait for the index of the previous one.
            site, pages_per_part = request
            command = [
                sys.executable,
                "-m",
                "generator.search.pagefind",
                str(site),
                self.output_folder,
                str(pages_per_part),
            ]
            result = subprocess.run(command, capture_output=True, text=True, preexec_fn=ending_with_this_process())
            if result.returncode == 0:
                log.info("Search index updated")
            else:
                log.warning(result.stderr.strip() or f"Pagefind could not index {site}")
