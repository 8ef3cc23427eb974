"""The commands docs/architecture.md shows run as written (a reader who tries one finds it works)."""

import re
import shutil
import subprocess
import sys

from conftest import REPO, make_project

ARCHITECTURE = (REPO / "docs" / "architecture.md").read_text(encoding="utf-8")
DOCUMENTED = sorted({" ".join(found.split()) for found in re.findall(r"`(python -m generator[^`]*)`", ARCHITECTURE)})


def run(command: str, cwd) -> subprocess.CompletedProcess:
    arguments = command.split()[1:]  # "python" is this interpreter
    return subprocess.run([sys.executable, *arguments], cwd=cwd, capture_output=True, text=True, timeout=300)


def test_every_documented_command_is_run_here():
    assert DOCUMENTED == [
        "python -m generator render build/pages --engine-config build/mkdocs.yml",
        "python -m generator.search.pagefind SITE pagefind",
    ]


def test_render_writes_the_pages_as_documented(tmp_path):
    project = make_project(tmp_path)
    result = run("python -m generator render build/pages --engine-config build/mkdocs.yml", project)
    assert result.returncode == 0, result.stderr
    pages = project / "build" / "pages"
    assert (pages / "index.md").is_file() and (pages / "papers").is_dir()
    assert "docs_dir: pages" in (project / "build" / "mkdocs.yml").read_text(encoding="utf-8")


def test_pagefind_indexes_a_built_site_as_documented(reference_build, tmp_path):
    site = tmp_path / "SITE"
    shutil.copytree(reference_build.project / "site", site)
    shutil.rmtree(site / "pagefind")
    result = run("python -m generator.search.pagefind SITE pagefind", tmp_path)
    assert result.returncode == 0, result.stderr
    assert (site / "pagefind" / "parts.json").is_file() and any((site / "pagefind").glob("*/pagefind-entry.json"))
    assert run("python -m generator.search.pagefind", tmp_path).returncode == 2  # a usage line, no traceback
