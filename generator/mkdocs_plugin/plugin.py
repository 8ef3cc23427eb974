"""The one module that knows MkDocs: it adds the generated pages to the build and watches the content.

Everything else is the pure core: ``load_site`` reads the content, ``render_site`` writes markdown.
"""

from __future__ import annotations

import gc
import subprocess
import sys
import threading
from pathlib import Path
from urllib.parse import urljoin

import markdown
from jinja2 import TemplateNotFound
from mkdocs.config import config_options as options
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure import pages as mkdocs_pages
from mkdocs.structure.files import File, Files

from generator import site_paths
from generator.child_processes import ending_with_this_process
from generator.errors import ContentError, Problems
from generator.model import Site
from generator.read.files import check_tree
from generator.render.pages import STATUS_LABELS, GeneratedPage, Settings, render_site
from generator.search.pagefind import (
    PAGES_PER_PART,
    PagefindIndexer,
    SearchIndexError,
    index_built_site,
    page_for_index,
)
from generator.site import SiteCache, load_site

log = get_plugin_logger(__name__)

CONTENT_SOURCES = tuple(f"{folder}/" for folder in site_paths.CONTENT_FOLDERS) + (site_paths.TOPICS_FILE,)
"""Files in the content folder that feed generated pages and are not pages themselves."""


class DigestPluginConfig(Config):
    content_dir = options.Optional(options.Dir(exists=True))
    """The content folder (digests, topics.yml, notes); defaults to `docs_dir`."""
    templates_dir = options.Optional(options.Dir(exists=True))
    """Templates that replace the shipped ones of the same name (see generator/render/templates/)."""
    search_engine = options.Choice(("pagefind", "lunr"), default="pagefind")
    """`pagefind`: a split index that a browser loads in small pieces, so search stays fast on a
    site of thousands of papers; Material's search box talks to it through a worker. `lunr`:
    Material's own index, loaded whole (used anyway for offline builds, where pages are opened
    from disk and Pagefind cannot fetch its index)."""
    search_part_pages = options.Type(int, default=PAGES_PER_PART)
    """Pages in one part of Pagefind's index. Pagefind's memory while writing grows with it
    (about 120 KB a paper page); each part costs a reader a few more requests."""


OFFLINE_WORKER_SHIM = "assets/javascripts/iframe-worker-shim.js"
"""Shipped in overrides/: Material's offline plugin would load it from unpkg.com."""
PAGEFIND_WORKER = "assets/javascripts/pagefind-worker.js"
"""Shipped in overrides/: answers Material's search box from the Pagefind index."""
PAGEFIND_FOLDER = "pagefind"


class BetweenBuilds:
    """What one `mkdocs serve` keeps from build to build (MkDocs makes a new plugin for each):
    the model read from the digests, the rendered paper pages, and the markdown each generated
    page had when last built, so that `mkdocs serve --dirty` rebuilds only the pages that changed."""

    site_cache = SiteCache()
    page_cache: dict = {}
    built_texts: dict[str, str] = {}
    serving = False


class GeneratedFile(File):
    """A generated page that knows whether its markdown changed since the last build."""

    unchanged = False

    def is_modified(self) -> bool:
        return not self.unchanged


class BackgroundIndexer:
    """Runs Pagefind after the rebuilds of `mkdocs serve` without making the reader wait for it:
    one run at a time, and a request made during a run starts one more run after it."""

    def __init__(self) -> None:
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
            command = [sys.executable, "-m", "generator.search.pagefind", str(site), PAGEFIND_FOLDER, str(pages_per_part)]
            result = subprocess.run(command, capture_output=True, text=True, preexec_fn=ending_with_this_process())
            if result.returncode == 0:
                log.info("Search index updated")
            else:
                log.warning(result.stderr.strip() or f"Pagefind could not index {site}")


background_indexer = BackgroundIndexer()


class ReusedMarkdown:
    """Stands in for the `markdown` module where MkDocs renders pages: `Markdown(...)` gives one
    instance per build, reset between pages (Python-Markdown's documented way to convert many
    documents), instead of a new one that sets every extension up again for each page. That
    setup cost 1.4 ms a page, a tenth of a 3,000-paper build; the HTML is the same byte for byte
    (tests/test_reused_markdown.py). Everything else is the real module."""

    def __init__(self) -> None:
        self.instance: markdown.Markdown | None = None
        self.made_with: tuple = ()

    def Markdown(self, extensions, extension_configs) -> markdown.Markdown:  # noqa: N802 (the module's name)
        if self.instance is None or self.made_with != (extensions, extension_configs):
            self.instance = markdown.Markdown(extensions=extensions, extension_configs=extension_configs)
            self.made_with = (extensions, extension_configs)
        else:
            self.instance.reset()
        return self.instance

    def __getattr__(self, name: str):
        return getattr(markdown, name)


class DigestPlugin(BasePlugin[DigestPluginConfig]):
    site: Site | None = None
    indexer: PagefindIndexer | None = None

    command = "build"
    """What MkDocs runs: `build`, `gh-deploy` or `serve`."""
    dirty = False
    """`--dirty`: MkDocs builds only the pages whose source changed."""

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.command, self.dirty = command, dirty

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        if self.config.search_part_pages < 1:
            raise PluginError(f"search_part_pages must be 1 or more (got {self.config.search_part_pages})")
        offline = config.plugins.get("material/offline")
        self.pagefind = self.config.search_engine == "pagefind"
        if offline is not None and offline.config.enabled:  # runs before it: it keeps our shim
            config.extra.setdefault("polyfills", []).append(OFFLINE_WORKER_SHIM)
            self.pagefind = False
        if self.pagefind:
            # Read by overrides/main.html, which points Material's search box at this worker.
            config.extra["search_worker"] = PAGEFIND_WORKER
        return config

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        mkdocs_pages.markdown = ReusedMarkdown()  # a new one for each build: extensions as configured now
        # Read the content before MkDocs cleans site/: bad content fails the build and leaves
        # the previous site as it was.
        try:
            check_docs_folder(Path(config.docs_dir).resolve(), self.content_dir(config))
            self.site = load_site(self.content_dir(config), BetweenBuilds.site_cache)
        except ContentError as error:
            raise PluginError(f"the content has problems:\n{error}") from None
        for notice in self.site.notices:
            log.info(notice)
        for warning in self.site.warnings:
            log.warning(warning)
        if self.pagefind and not (self.dirty or BetweenBuilds.serving):
            # Pagefind indexes each page as MkDocs converts it, on the other core. A `--dirty`
            # build or a rebuild of `mkdocs serve` converts only some pages: the built site is
            # indexed afterwards instead.
            try:
                self.indexer = PagefindIndexer(Path(config.site_dir) / PAGEFIND_FOLDER)
            except SearchIndexError as error:
                raise PluginError(str(error)) from None

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        content = self.content_dir(config)
        if content == Path(config.docs_dir).resolve():
            remove_content_sources(files)
        pages = render_site(self.site, self.settings(config, content), BetweenBuilds.page_cache)
        add_pages(files, pages, config)
        if self.indexer is not None:
            try:
                self.indexer.expect(len(files.documentation_pages()), self.config.search_part_pages)
            except SearchIndexError as error:
                raise PluginError(str(error)) from None
        if config.nav is None:
            config.nav = navigation(self.site, files, {page.path for page in pages})
        if self.command != "serve":
            # The papers, topics and pages made so far live until the build ends: out of the
            # garbage collector's sight, its full passes over MkDocs' growing pages stay short.
            # (Not while serving: each rebuild's model would stay in memory for good.)
            gc.freeze()
        return files

    def on_nav(self, nav, /, *, config: MkDocsConfig, files: Files):
        self.navigation_urls = navigation_urls(nav)
        return nav

    def on_env(self, env, /, *, config: MkDocsConfig, files: Files):
        render_navigation_once_for_papers(env, self.navigation_urls)
        return env

    def on_page_markdown(self, markdown: str, /, *, page, config: MkDocsConfig, files: Files) -> str:
        if self.pagefind:
            # Material's index would only be downloaded for nothing: Pagefind indexes the pages.
            page.meta["search"] = {**(page.meta.get("search") or {}), "exclude": True}
        return markdown

    def on_page_content(self, html: str, /, *, page, config: MkDocsConfig, files: Files) -> str:
        if self.indexer is not None:
            language = config.theme.get("language") or "en"
            try:
                self.indexer.add(page_for_index(html, page.title or config.site_name, language), "/" + page.url)
            except SearchIndexError as error:
                raise PluginError(str(error)) from None
        return html

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        mkdocs_pages.markdown = markdown
        if not self.pagefind:
            return
        if BetweenBuilds.serving:  # a rebuild: show the change now, update the search index after
            background_indexer.request(Path(config.site_dir), self.config.search_part_pages)
            return
        indexer, self.indexer = self.indexer, None
        try:
            if indexer is not None:
                indexer.finish()
            else:  # `mkdocs build --dirty`
                index_built_site(Path(config.site_dir), PAGEFIND_FOLDER, self.config.search_part_pages)
        except SearchIndexError as error:
            raise PluginError(str(error)) from None

    def on_build_error(self, *, error: Exception) -> None:
        mkdocs_pages.markdown = markdown
        if self.indexer is not None:
            self.indexer.stop()
            self.indexer = None

    def on_serve(self, server: LiveReloadServer, /, *, config: MkDocsConfig, builder) -> LiveReloadServer:
        BetweenBuilds.serving = True  # called once, after the first build
        # docs_dir is watched by MkDocs itself; the content and templates may live elsewhere.
        for folder in (self.config.content_dir, self.config.templates_dir):
            if folder:
                server.watch(folder)
        return server

    def content_dir(self, config: MkDocsConfig) -> Path:
        return Path(self.config.content_dir or config.docs_dir).resolve()

    def settings(self, config: MkDocsConfig, content: Path) -> Settings:
        project = Path(config.config_file_path or ".").resolve().parent
        edit_base = None
        if config.repo_url and config.edit_uri:
            edit_base = urljoin(config.repo_url.rstrip("/") + "/", config.edit_uri)
        shown = content.relative_to(project).as_posix() if content.is_relative_to(project) else str(content)
        templates = Path(self.config.templates_dir) if self.config.templates_dir else None
        return Settings(config.site_name, edit_base, shown, templates, config.site_url or "")


NAVIGATION_TEMPLATE = "partials/nav.html"
"""Material's primary navigation, included in every page."""


def navigation_urls(nav) -> tuple[str, ...]:
    """The address of everything the navigation lists (pages, sections' index pages, links)."""
    urls, items = [], list(nav.items)
    while items:
        item = items.pop()
        items.extend(getattr(item, "children", None) or [])
        if getattr(item, "url", None) is not None:
            urls.append(item.url)
    return tuple(urls)


def render_navigation_once_for_papers(env, listed_urls: tuple[str, ...]) -> None:
    """Material renders the whole primary navigation into every page, 13,000 times on a large
    site, and on a paper page it is always the same: papers are not in it, so nothing in it is
    marked active, and every paper lives in the same folder, so its links are the same relative
    addresses. It is rendered for the first paper and reused for the others, unless the
    navigation lists the paper or something inside the paper's own folder (whose relative
    address would differ). tests/test_navigation_once.py builds a site both ways and compares.
    Measured at 5,000 papers, alternated: applying the theme took 15.0 and 12.9 s before, 12.1
    and 10.0 s after."""
    try:
        template = env.get_template(NAVIGATION_TEMPLATE)
    except TemplateNotFound:  # a theme other than Material: nothing to reuse
        return
    render = template.root_render_func
    rendered: list[str] = []

    def render_once(context):
        page = context.get("page")
        if page is None or not is_paper_outside_navigation(page.file.src_uri, page.url, listed_urls):
            yield from render(context)
            return
        if not rendered:
            rendered.append("".join(render(context)))
        yield rendered[0]

    template.root_render_func = render_once


def is_paper_outside_navigation(source: str, url: str, listed_urls: tuple[str, ...]) -> bool:
    return (
        source.rpartition("/")[0] == site_paths.PAPERS_FOLDER
        and url.startswith(f"{site_paths.PAPERS_FOLDER}/")
        and not any(listed.startswith(url) for listed in listed_urls)
    )


def check_docs_folder(docs: Path, content: Path) -> None:
    """MkDocs walks `docs_dir` itself, following folder links, once this hook returns: what
    :func:`load_site` refuses in the content folder is refused in a separate docs folder too."""
    if docs != content:
        problems = Problems()
        check_tree(docs, problems)
        problems.raise_if_any()


def remove_content_sources(files: Files) -> None:
    for file in list(files):
        if file.src_uri.startswith(CONTENT_SOURCES):
            files.remove(file)


def add_pages(files: Files, pages: list[GeneratedPage], config: MkDocsConfig) -> None:
    for page in pages:
        if files.get_file_from_path(page.path) is not None:
            raise PluginError(
                f"{page.path} in {config.docs_dir} has the name of a generated page; rename or remove it"
            )
        file = GeneratedFile.generated(config, page.path, content=page.text)
        file.edit_uri = page.edit_path
        file.unchanged = BetweenBuilds.built_texts.get(file.abs_dest_path) == page.text and Path(file.abs_dest_path).exists()
        BetweenBuilds.built_texts[file.abs_dest_path] = page.text
        files.append(file)


def navigation(site: Site, files: Files, generated: set[str]) -> list:
    """Home, topics, reading lists, digests and the user's own pages. Papers are reached from
    topics and search, never listed in the nav (a nav with every paper makes every page carry
    it, and the build quadratic)."""
    topic_pages = [site_paths.TOPICS_INDEX, *(site_paths.topic_path(topic.id) for topic in site.topics), site_paths.UNSORTED]
    reading_pages = [site_paths.reading_path(status) for status in STATUS_LABELS]
    own_pages = sorted(file.src_uri for file in files.documentation_pages() if file.src_uri not in generated)
    return [
        {"Home": site_paths.HOME},
        {"Topics": topic_pages},
        {"Reading list": reading_pages},
        {"Digests": site_paths.DIGESTS_INDEX},  # one entry: the digests grow every week
        *own_pages,
    ]
