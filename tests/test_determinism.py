"""Same input, byte-identical output: whatever the hash seed, locale, time zone or order of files on disk."""

import hashlib
import os
import subprocess
import sys

from conftest import REFERENCE_DIGEST, make_project, mkdocs_build


def tree_digest(folder) -> dict[str, str]:
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and not path.name.startswith("sitemap.xml")  # the sitemap carries the build date
    }


def render(project, out, **env):
    environment = {**os.environ, **env}
    result = subprocess.run(
        [sys.executable, "-m", "generator", "render", str(out)],
        cwd=project,
        env=environment,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    return tree_digest(out)


def test_rendered_pages_do_not_depend_on_the_environment(tmp_path):
    project = make_project(tmp_path)
    first = render(project, tmp_path / "one", PYTHONHASHSEED="1", TZ="UTC", LC_ALL="C")
    second = render(project, tmp_path / "two", PYTHONHASHSEED="2", TZ="Asia/Kolkata", LC_ALL="C.UTF-8")
    # 83 pages, 19 .bib (14 topics, 3 reading lists, 2 tags), 14 + 3 + 1 feeds, papers.json, the manifest
    assert first == second and len(first) == 122


def test_digest_order_on_disk_does_not_matter(tmp_path):
    lines = REFERENCE_DIGEST.read_text(encoding="utf-8").split("\n\n")
    header, pairs = lines[:5], ["\n\n".join(lines[i : i + 2]) for i in range(5, len(lines) - 1, 2)]
    (tmp_path / "a").mkdir(), (tmp_path / "b").mkdir()
    first = make_project(
        tmp_path / "a", digests={"x.txt": "\n\n".join(header + pairs[:30]), "y.txt": "\n\n".join(header + pairs[30:])}
    )
    second = make_project(
        tmp_path / "b", digests={"y.txt": "\n\n".join(header + pairs[30:]), "x.txt": "\n\n".join(header + pairs[:30])}
    )
    assert render(first, tmp_path / "a" / "out") == render(second, tmp_path / "b" / "out")


def test_two_mkdocs_builds_are_byte_identical(tmp_path):
    (tmp_path / "a").mkdir(), (tmp_path / "b").mkdir()
    first = mkdocs_build(make_project(tmp_path / "a"))
    second = mkdocs_build(make_project(tmp_path / "b"))
    assert first.returncode == second.returncode == 0
    assert tree_digest(first.site) == tree_digest(second.site)
