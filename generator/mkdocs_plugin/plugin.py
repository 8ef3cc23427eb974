"""The `paper-digest` MkDocs plugin: event handlers only. It reads the content before MkDocs
gathers files, adds the rendered pages to the build, feeds Pagefind as pages are converted and
keeps what `mkdocs serve` reuses between rebuilds."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import Files

from generator import site_paths
from generator.analyse.related import RelatedAnalysis
from generator.analyse.vectors import VectorCache
from generator.collector import collection_paused
from generator.errors import ContentError, Problems, UserError
from generator.mkdocs_plugin import speedups
from generator.mkdocs_plugin.config import DigestPluginConfig
from generator.mkdocs_plugin.serve import BackgroundIndexer, BetweenBuilds, GeneratedFile
from generator.model import Site
from generator.read import project_config
from generator.read.files import check_tree
from generator.render.generated import GeneratedPage, Settings
from generator.render.navigation import site_navigation
from generator.render.site_pages import render_site
from generator.search.page_text import page_for_index
from generator.search.pagefind import PagefindIndexer, index_built_site, index_with_pagefind_package
from generator.site import load_site

log = get_plugin_logger(__name__)

OFFLINE_WORKER_SHIM = "assets/javascripts/iframe-worker-shim.js"
"""Shipped in overrides/: Material's offline plugin would load it from unpkg.com."""
PAGEFIND_WORKER = "assets/javascripts/pagefind-worker.js"
"""Shipped in overrides/: answers Material's search box from the Pagefind index."""
PAGEFIND_FOLDER = "pagefind"


@contextmanager
def reported() -> Iterator[None]:
    """A mistake a user can fix fails the build with its message, not a traceback."""
    try:
        yield
    except ContentError as error:
        raise PluginError(f"the content has problems:\n{error}") from None
    except UserError as error:
        raise PluginError(str(error)) from None


class DigestPlugin(BasePlugin[DigestPluginConfig]):
    site: Site | None = None
    related: RelatedAnalysis | None = None
    indexer: PagefindIndexer | None = None
    navigation_listed: tuple[str, ...] = ()

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Defining on_startup makes MkDocs keep this plugin for all builds of one `mkdocs serve`.
        self.command, self.dirty = command, dirty
        self.between_builds = BetweenBuilds()
        self.background_indexer = BackgroundIndexer(PAGEFIND_FOLDER)

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        if not hasattr(self, "between_builds"):  # built from Python (mkdocs.commands.build), no on_startup
            self.on_startup(command="build", dirty=False)
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
        if self.config.speedups.reuse_markdown:
            speedups.reuse_markdown()
        # Read the content before MkDocs gathers and cleans anything: bad content fails the
        # build and leaves the previous site as it was.
        with reported(), self.collector_paused():
            check_docs_folder(Path(config.docs_dir).resolve(), self.content_dir(config))
            # This plugin owns the job that finds related papers: begun while the site is read,
            # closed when the build ends (on_post_build) or fails (on_build_error).
            self.related = RelatedAnalysis(early=self.config.speedups.early_worker)
            self.site = load_site(
                self.content_dir(config),
                self.between_builds.site_cache,
                vector_cache=VectorCache(Path(config.config_file_path).parent / self.config.cache_dir),
                related=self.related,
            )
        for notice in self.site.notices:
            log.info(notice)
        for warning in self.site.warnings:
            log.warning(warning)
        if (
            self.pagefind
            and self.config.speedups.own_pagefind_client
            and not (self.dirty or self.between_builds.serving)
        ):
            # Pagefind indexes each page as MkDocs converts it, on the other core. A `--dirty`
            # build or a rebuild of `mkdocs serve` converts only some pages: the built site is
            # indexed afterwards instead.
            with reported():
                self.indexer = PagefindIndexer(Path(config.site_dir) / PAGEFIND_FOLDER)

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        content = self.content_dir(config)
        if content == Path(config.docs_dir).resolve():
            remove_content_sources(files)
        with self.collector_paused():
            # Paper pages are kept for the next rebuild only while serving.
            cache = self.between_builds.page_cache if self.command == "serve" else None
            pages = render_site(self.site, self.settings(config, content), cache)
        self.add_pages(files, pages, config)
        if self.indexer is not None:
            with reported():
                self.indexer.expect(len(files.documentation_pages()), self.config.search_part_pages)
        if config.nav is None:
            config.nav = navigation(self.site, files, {page.path for page in pages})
        if self.config.speedups.pause_collector and self.command != "serve":
            speedups.freeze_collected()
        return files

    def on_nav(self, nav, /, *, config: MkDocsConfig, files: Files):
        self.navigation_listed = speedups.navigation_urls(nav)
        return nav

    def on_env(self, env, /, *, config: MkDocsConfig, files: Files):
        if self.config.speedups.navigation_once:
            speedups.render_navigation_once_for_papers(env, self.navigation_listed)
        return env

    def on_page_markdown(self, markdown: str, /, *, page, config: MkDocsConfig, files: Files) -> str:
        if self.pagefind:
            # Material's index would only be downloaded for nothing: Pagefind indexes the pages.
            page.meta["search"] = {**(page.meta.get("search") or {}), "exclude": True}
        return markdown

    def on_page_content(self, html: str, /, *, page, config: MkDocsConfig, files: Files) -> str:
        if self.indexer is not None:
            language = config.theme.get("language") or "en"
            with reported():
                self.indexer.add(page_for_index(html, page.title or config.site_name, language), "/" + page.url)
        return html

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        speedups.restore_markdown()
        self.related.close()  # every page that lists related papers is made: nothing is left to cancel
        if not self.pagefind:
            return
        if self.between_builds.serving:  # a rebuild: show the change now, update the search index after
            self.background_indexer.request(Path(config.site_dir), self.config.search_part_pages)
            return
        indexer, self.indexer = self.indexer, None
        with reported():
            if indexer is not None:
                indexer.finish()
            elif not self.config.speedups.own_pagefind_client:
                index_with_pagefind_package(Path(config.site_dir), PAGEFIND_FOLDER)
            else:  # `mkdocs build --dirty`
                index_built_site(Path(config.site_dir), PAGEFIND_FOLDER, self.config.search_part_pages)

    def on_build_error(self, *, error: Exception) -> None:
        speedups.restore_markdown()
        if self.related is not None and not self.between_builds.serving:
            self.related.close()  # a rebuild of `mkdocs serve` keeps them for the next
        if self.indexer is not None:
            self.indexer.stop()
            self.indexer = None

    def on_serve(self, server: LiveReloadServer, /, *, config: MkDocsConfig, builder) -> LiveReloadServer:
        self.between_builds.serving = True  # called once, after the first build
        # docs_dir is watched by MkDocs itself; the content and templates may live elsewhere.
        for folder in (self.config.content_dir, self.config.templates_dir):
            if folder:
                server.watch(folder)
        return server

    def collector_paused(self):
        return collection_paused() if self.config.speedups.pause_collector else nullcontext()

    def content_dir(self, config: MkDocsConfig) -> Path:
        return Path(self.config.content_dir or config.docs_dir).resolve()

    def settings(self, config: MkDocsConfig, content: Path) -> Settings:
        project = Path(config.config_file_path or ".").resolve().parent
        edit_base = project_config.edit_base(config.repo_url, config.edit_uri)
        shown = content.relative_to(project).as_posix() if content.is_relative_to(project) else str(content)
        templates = Path(self.config.templates_dir) if self.config.templates_dir else None
        writer_notes = self.config.writer_notes or self.command == "serve"
        return Settings(config.site_name, edit_base, shown, templates, config.site_url or "", writer_notes)

    def add_pages(self, files: Files, pages: list[GeneratedPage], config: MkDocsConfig) -> None:
        built_texts = self.between_builds.built_texts
        for page in pages:
            if files.get_file_from_path(page.path) is not None:
                raise PluginError(
                    f"{page.path} in {config.docs_dir} has the name of a generated page; rename or remove it"
                )
            file = GeneratedFile.generated(config, page.path, content=page.text)
            file.edit_uri = page.edit_path
            file.unchanged = built_texts.get(file.abs_dest_path) == page.text and Path(file.abs_dest_path).exists()
            built_texts[file.abs_dest_path] = page.text
            files.append(file)


def check_docs_folder(docs: Path, content: Path) -> None:
    """MkDocs walks `docs_dir` itself, following folder links, once this hook returns: what
    :func:`load_site` refuses in the content folder is refused in a separate docs folder too."""
    if docs != content:
        problems = Problems()
        check_tree(docs, problems)
        problems.raise_if_any()


def remove_content_sources(files: Files) -> None:
    for file in list(files):
        if file.src_uri.startswith(site_paths.CONTENT_SOURCES):
            files.remove(file)


def navigation(site: Site, files: Files, generated: set[str]) -> list:
    own_pages = [file.src_uri for file in files.documentation_pages() if file.src_uri not in generated]
    return site_navigation(site, own_pages)
