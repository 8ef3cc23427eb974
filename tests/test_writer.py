"""`python -m generator render OUT`: atomic, minimal writes; removes only its own files; never touches others."""

import os
from pathlib import Path

import pytest

from generator import writer
from generator.render import GeneratedPage
from generator.writer import MANIFEST, WriterError, write_pages


def pages(**texts):
    return [GeneratedPage(path, text) for path, text in texts.items()]


@pytest.fixture
def content(tmp_path):
    folder = tmp_path / "content"
    folder.mkdir()
    return folder


def test_writes_then_rewrites_only_what_changed_and_removes_its_stale_files(tmp_path, content):
    out = tmp_path / "out"
    assert write_pages(pages(**{"a.md": "A", "p/b.md": "B"}), out, content) == (2, 0, 0)
    os.chmod(out / "a.md", 0o444)  # read-only: replaced by rename, and stays read-only
    assert write_pages(pages(**{"a.md": "A2", "p/b.md": "B"}), out, content) == (1, 1, 0)
    assert (out / "a.md").read_text() == "A2"
    assert (out / "a.md").stat().st_mode & 0o777 == 0o444  # file mode kept
    assert write_pages(pages(**{"a.md": "A2"}), out, content) == (0, 1, 1)
    assert not (out / "p/b.md").exists()


def test_refuses_to_overwrite_a_file_it_did_not_create(tmp_path, content):
    out = tmp_path / "out"
    out.mkdir()
    (out / "a.md").write_text("mine")
    with pytest.raises(WriterError, match="did not create: a.md"):
        write_pages(pages(**{"a.md": "generated"}), out, content)
    assert (out / "a.md").read_text() == "mine"


def test_never_removes_files_outside_its_manifest(tmp_path, content):
    out = tmp_path / "out"
    write_pages(pages(**{"a.md": "A"}), out, content)
    (out / "notes.txt").write_text("user file")
    write_pages(pages(**{"b.md": "B"}), out, content)
    assert (out / "notes.txt").read_text() == "user file"
    assert not (out / "a.md").exists()


def test_refuses_an_output_folder_inside_content(content):
    with pytest.raises(WriterError, match="inside the content folder"):
        write_pages(pages(**{"a.md": "A"}), content / "site-pages", content)


def test_a_failing_rename_leaves_old_or_new_files_and_a_rerun_converges(tmp_path, content, monkeypatch):
    out = tmp_path / "out"
    old = {f"{name}.md": f"old {name}" for name in "abcdef"}
    new = {f"{name}.md": f"new {name}" for name in "abcdef"}
    write_pages(pages(**old), out, content)
    real_replace = os.replace
    calls = {"count": 0}

    def failing_replace(source, target):
        calls["count"] += 1
        if calls["count"] == 4:
            raise OSError("disk full")
        real_replace(source, target)

    monkeypatch.setattr(writer.os, "replace", failing_replace)
    with pytest.raises(OSError):
        write_pages(pages(**new), out, content)
    monkeypatch.setattr(writer.os, "replace", real_replace)
    for name in new:
        assert (out / name).read_text() in (old[name], new[name])
    assert not [p for p in Path(out).iterdir() if p.name.endswith(".tmp")]  # no temporary file left
    write_pages(pages(**new), out, content)
    assert {p.name: p.read_text() for p in out.iterdir() if p.name != MANIFEST} == new
