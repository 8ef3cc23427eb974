"""The shipped site builds the same with ProperDocs, the drop-in fork of MkDocs 1.6; the pages
`render` writes build with Zensical."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

from conftest import article, make_project, run_generator

GENERATOR_META = re.compile(r'<meta name="generator" content="[^"]*">')


def test_properdocs_builds_the_shipped_site_as_mkdocs_does(reference_build, tmp_path):
    project = make_project(tmp_path)
    result = subprocess.run(
        [sys.executable, "-m", "properdocs", "build", "--strict", "-f", "mkdocs.yml"],
        cwd=project, capture_output=True, text=True, timeout=600,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    built, reference = project / "site", reference_build.site
    pages = sorted(path.relative_to(reference) for path in reference.rglob("*.html"))
    assert len(pages) >= 80
    for page in pages:
        ours = GENERATOR_META.sub("", (built / page).read_text(encoding="utf-8"))
        theirs = GENERATOR_META.sub("", (reference / page).read_text(encoding="utf-8"))
        assert ours == theirs, page
    assert "ProperDocs" in (built / "index.html").read_text(encoding="utf-8")
    assert article((built / "index.html").read_text(encoding="utf-8"))
    assert (built / "pagefind" / "parts.json").exists()


BUILD_FROM_PYTHON = """
from mkdocs.commands.build import build
from mkdocs.config import load_config
build(load_config("mkdocs.yml"))
"""


def test_a_build_started_from_python_without_the_command_line_works(tmp_path):
    """mkdocs.commands.build.build() calls no on_startup: the plugin sets itself up anyway."""
    project = make_project(tmp_path)
    result = subprocess.run([sys.executable, "-c", BUILD_FROM_PYTHON], cwd=project, capture_output=True, text=True,
                            timeout=600, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert (project / "site" / "papers" / "pointer-networks-0f1b28e2" / "index.html").exists()


def render_for_another_engine(project):
    result = run_generator(project, "render", "build/pages", "--engine-config", "build/mkdocs.yml")
    assert result.returncode == 0, result.stderr
    return project / "build"


def test_render_gives_pages_the_sites_address(tmp_path):
    """`render OUT` reads the project's mkdocs.yml as a build does: the feed, papers.json and
    BibTeX carry the site's address."""
    project = make_project(tmp_path)
    build = render_for_another_engine(project)
    feed = (build / "pages" / "feed.xml").read_text(encoding="utf-8")
    assert '<link rel="alternate" href="https://example.github.io/paper-digest/"/>' in feed
    assert 'href="https://example.github.io/paper-digest/papers/' in feed
    papers = json.loads((build / "pages" / "papers.json").read_text(encoding="utf-8"))
    assert papers["papers"][0]["url"].startswith("https://example.github.io/paper-digest/papers/")
    bibtex = (build / "pages" / "topics" / "state-space-models.bib").read_text(encoding="utf-8")
    assert "url = {https://example.github.io/paper-digest/papers/" in bibtex
    # Another site address, from the environment as MkDocs reads `!ENV`.
    result = subprocess.run(
        [sys.executable, "-m", "generator", "render", "other"], cwd=project, capture_output=True, text=True,
        timeout=300, env={**os.environ, "SITE_URL": "https://reading.example.org/group"},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "https://reading.example.org/group/papers/" in (project / "other" / "feed.xml").read_text(encoding="utf-8")


def test_zensical_builds_the_rendered_pages_with_the_sites_navigation(tmp_path):
    """The recipe of README.md, Other engines: `render OUT --engine-config FILE`, then Zensical.
    The user's own pages and files in content/ come along, as MkDocs would build them."""
    project = make_project(tmp_path)
    (project / "content" / "about.md").write_text("# About this list\n\nWe read on Fridays.\n", encoding="utf-8")
    (project / "content" / "files").mkdir()
    (project / "content" / "files" / "reading.csv").write_bytes(b"title,when\r\nS4,Friday\r\n")
    build = render_for_another_engine(project)
    assert (build / "pages" / "files" / "reading.csv").read_bytes() == b"title,when\r\nS4,Friday\r\n"
    assert not (build / "pages" / "topics.yml").exists() and not (build / "pages" / "notes").exists()
    config = (build / "mkdocs.yml").read_text(encoding="utf-8")
    assert "INHERIT: ../mkdocs.yml" in config and "docs_dir: pages" in config
    zensical = Path(sys.executable).parent / "zensical"
    result = subprocess.run([str(zensical), "build", "-f", "mkdocs.yml"], cwd=build, capture_output=True, text=True,
                            timeout=600, env={**os.environ, "NO_COLOR": "1"})  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    site = build / "site"
    paper = (site / "papers" / "pointer-networks-0f1b28e2" / "index.html").read_text(encoding="utf-8")
    assert "<title>Pointer Networks - Paper digest</title>" in paper
    assert "Sequence to sequence and translation" in article(paper)
    home = (site / "index.html").read_text(encoding="utf-8")
    labels = [label.strip() for label in re.findall(r'md-ellipsis">([^<]*)<', home) if label.strip()]
    assert {"Home", "All papers", "Topics", "Digests", "Tags", "About this list"} <= set(labels), labels
    assert "We read on Fridays." in (site / "about" / "index.html").read_text(encoding="utf-8")
    assert "Pointer Networks" not in labels  # papers are reached from topics and search, not the menu
    assert 'title="Edit this page"' not in paper  # OUT's pages are not files of the repository
    # Written again by the next run; a file of the user's is never overwritten.
    assert render_for_another_engine(project) == build
    (project / "mine.yml").write_text("site_name: mine\n", encoding="utf-8")
    refused = run_generator(project, "render", "build/pages", "--engine-config", "mine.yml")
    assert refused.returncode == 1 and "was not written by `render`" in refused.stderr
    assert (project / "mine.yml").read_text(encoding="utf-8") == "site_name: mine\n"
    # A page of the user's with a generated page's name is refused, as the build refuses it.
    (project / "content" / "all.md").write_text("# Mine\n", encoding="utf-8")
    clash = run_generator(project, "render", "build/pages")
    assert clash.returncode == 1 and "all.md has the name of a generated page" in clash.stderr, clash.stderr


def test_render_names_the_line_of_an_mkdocs_yml_that_does_not_read(tmp_path):
    project = make_project(tmp_path)
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "nav: [unclosed\n", encoding="utf-8")
    result = run_generator(project, "render", "out")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert re.search(r"mkdocs\.yml, line \d+: not valid YAML", result.stderr), result.stderr
    assert not (project / "out").exists()
