"""The shipped site builds the same with ProperDocs, the drop-in fork of MkDocs 1.6."""

import os
import re
import subprocess
import sys

from conftest import article, make_project

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
