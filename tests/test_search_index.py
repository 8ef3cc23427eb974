"""The search index: Pagefind fed page by page during the build gives what its command gives on
the built site, and a Pagefind that fails fails the build with a clear message."""

import os
import shutil
import subprocess
import sys

from conftest import Build, make_project

from generator.search_index import index_built_site, searchable_part


def test_the_index_made_during_the_build_is_the_one_pagefind_makes_of_the_built_site(reference_build, tmp_path):
    copy = Build(tmp_path, 0, "")
    shutil.copytree(reference_build.site, copy.site)
    shutil.rmtree(copy.site / "pagefind")
    index_built_site(copy.site, "pagefind")
    during_build = reference_build.search_index()
    assert len(during_build) == 79
    assert sorted(during_build, key=str) == sorted(copy.search_index(), key=str)


def test_only_the_article_is_sent_and_a_page_without_one_is_sent_whole():
    page = ('<!doctype html><html lang="de" class="no-js"><head><title>T</title></head><body><nav>menu</nav>'
            '<article class="md-content__inner md-typeset"><h1>Titel</h1><article>inner</article></article>'
            "<footer>f</footer></body></html>")
    part = searchable_part(page)
    assert part.startswith('<!doctype html><html lang="de">')
    assert '<h1>Titel</h1><article>inner</article></article></body></html>' in part
    assert "menu" not in part and "footer" not in part
    assert searchable_part("<html><body><p>no article</p></body></html>") == "<html><body><p>no article</p></body></html>"


def test_a_failing_pagefind_fails_the_build_with_its_reason(tmp_path):
    project = make_project(tmp_path)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PAGEFIND_BINARY_PATH": "/bin/false"}
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=project,
                            capture_output=True, text=True, env=env, timeout=300)
    assert result.returncode == 1
    assert "Pagefind stopped: exit code 1" in result.stderr
    assert "Traceback" not in result.stderr
