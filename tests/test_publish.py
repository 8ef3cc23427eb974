"""Publishing: the Pages workflow, `mkdocs gh-deploy` to a real (local) remote, and the site under a sub-path."""

import os
import re
import subprocess
import sys
import urllib.error
import urllib.request
from urllib.parse import urldefrag, urljoin, urlsplit

import yaml
from conftest import REPO, make_project, parse_html


def test_pages_workflow_builds_with_the_readme_command_and_the_official_actions():
    workflow = yaml.safe_load((REPO / ".github/workflows/pages.yml").read_text())
    steps = workflow["jobs"]["build"]["steps"]
    uses = [step.get("uses", "").split("@")[0] for step in steps + workflow["jobs"]["deploy"]["steps"]]
    assert {
        "actions/checkout",
        "actions/configure-pages",
        "actions/upload-pages-artifact",
        "actions/deploy-pages",
    } <= set(uses)
    build = next(step for step in steps if "run" in step)
    assert build["run"] == "make site"
    assert (
        "make site" in (REPO / "README.md").read_text() and "mkdocs build --strict" in (REPO / "Makefile").read_text()
    )
    assert workflow["permissions"] == {"contents": "read"}
    assert workflow["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    assert workflow["jobs"]["deploy"]["needs"] == "build"
    assert (
        next(step for step in steps if step.get("uses", "").startswith("actions/upload-pages-artifact"))["with"]["path"]
        == "site"
    )


def test_every_action_is_pinned_to_a_commit_with_its_version_said():
    """A tag can be moved to other code; a commit cannot. The comment says which release it is."""
    for path in sorted((REPO / ".github/workflows").glob("*.yml")):
        lines = [line.strip() for line in path.read_text().splitlines() if "uses:" in line]
        assert lines, path
        for line in lines:
            assert re.fullmatch(r"(- )?uses: [\w.-]+/[\w.-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+", line), (path, line)


def git(*arguments, cwd):
    environment = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Test",
        "GIT_AUTHOR_EMAIL": "test@example.org",
        "GIT_COMMITTER_NAME": "Test",
        "GIT_COMMITTER_EMAIL": "test@example.org",
    }
    return subprocess.run(["git", *arguments], cwd=cwd, env=environment, check=True, capture_output=True, text=True)


def test_gh_deploy_pushes_the_built_site_to_a_gh_pages_branch(tmp_path):
    remote = tmp_path / "remote.git"
    git("init", "--bare", "-q", str(remote), cwd=tmp_path)
    project = make_project(tmp_path)
    git("init", "-q", "-b", "main", cwd=project)
    git("add", "-A", cwd=project)
    git("commit", "-q", "-m", "content", cwd=project)
    git("remote", "add", "origin", str(remote), cwd=project)
    environment = {
        **os.environ,
        "NO_MKDOCS_2_WARNING": "1",
        "GIT_AUTHOR_NAME": "Test",
        "GIT_AUTHOR_EMAIL": "t@example.org",
        "GIT_COMMITTER_NAME": "Test",
        "GIT_COMMITTER_EMAIL": "t@example.org",
    }
    deployed = subprocess.run(
        [sys.executable, "-m", "mkdocs", "gh-deploy", "--strict", "--force"],
        cwd=project,
        env=environment,
        capture_output=True,
        text=True,
    )
    assert deployed.returncode == 0, deployed.stderr
    files = git("ls-tree", "-r", "--name-only", "gh-pages", cwd=remote).stdout.splitlines()
    assert ".nojekyll" in files and "index.html" in files and "404.html" in files
    assert (
        "papers/pointer-networks-0f1b28e2/index.html" in files
        and "pagefind/parts.json" in files
        and "pagefind/1/pagefind.js" in files
    )
    assert not any(name.startswith(("content/", "generator/")) for name in files)


def crawl(start: str, extra: list[str]) -> tuple[set[str], int, list[str]]:
    """Every internal page, link, image, stylesheet and script reachable from `start`."""
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(start))
    queue, seen, broken, links = [start, *extra], set(), [], 0
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        seen.add(url)
        try:
            with urllib.request.urlopen(url) as response:
                body = response.read()
                kind = response.headers.get_content_type()
        except urllib.error.HTTPError as error:
            broken.append(f"{url}: {error.code}")
            continue
        if kind != "text/html":
            continue
        for tag, attributes in parse_html(body.decode("utf-8")).tags:
            reference = attributes.get("href") if tag in ("a", "link") else attributes.get("src")
            if not reference or reference.startswith(("mailto:", "#")):
                continue
            target = urldefrag(urljoin(url, reference)).url
            if target.startswith(origin):
                links += 1
                queue.append(target)
    return seen, links, broken


def test_every_internal_link_works_under_the_project_sub_path(served_site):
    extra = [
        served_site + "404.html",
        served_site + "search/search_index.json",
        served_site + "pagefind/parts.json",
        served_site + "pagefind/1/pagefind.js",
        served_site + "pagefind/1/pagefind-entry.json",
        served_site + "sitemap.xml",
    ]
    seen, links, broken = crawl(served_site, extra)
    pages = [url for url in seen if url.endswith("/") or url.endswith(".html")]
    print(f"crawled {len(seen)} URLs ({len(pages)} pages) through {links} internal links; {len(broken)} broken")
    assert broken == []
    assert len(pages) >= 57 + 14 + 3 + 3 + 1
    assert all(re.match(r"http://127\.0\.0\.1:\d+/paper-digest/", url) for url in seen)
