"""`python -m generator render OUT`: atomic, minimal writes; removes only its own files; never touches others."""

import os
from pathlib import Path

import pytest

from generator import atomic
from generator import folder_writer as writer
from generator.folder_writer import MANIFEST, WriterError, write_pages
from generator.render.generated import GeneratedPage


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
    with pytest.raises(WriterError, match=r"not empty and holds no manifest.*--force"):
        write_pages(pages(**{"a.md": "generated"}), out, content)
    with pytest.raises(WriterError, match=r"did not create: a\.md"):
        write_pages(pages(**{"a.md": "generated"}), out, content, force=True)
    assert (out / "a.md").read_text() == "mine"
    assert write_pages(pages(**{"a.md": "mine", "b.md": "B"}), out, content, force=True) == (1, 1, 0)
    assert (out / "a.md").read_text() == "mine"  # the same bytes: adopted, nothing lost


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

    monkeypatch.setattr(atomic.os, "replace", failing_replace)
    with pytest.raises(WriterError, match="disk full"):
        write_pages(pages(**new), out, content)
    monkeypatch.setattr(atomic.os, "replace", real_replace)
    for name in new:
        assert (out / name).read_text() in (old[name], new[name])
    assert not [p for p in Path(out).iterdir() if p.name.endswith(".tmp")]  # no temporary file left
    write_pages(pages(**new), out, content)
    assert {p.name: p.read_text() for p in out.iterdir() if p.name != MANIFEST} == new


@pytest.mark.parametrize("where", ["root", "home", "project", "parent of content"])
def test_refuses_the_root_home_and_project_folders(tmp_path, content, monkeypatch, where):
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    (tmp_path / "home").mkdir()
    out = {
        "root": Path("/"),
        "home": tmp_path / "home",
        "project": content.parent,
        "parent of content": tmp_path.parent,
    }[where]
    before = sorted(out.iterdir())
    with pytest.raises(WriterError, match=r"root folder|home folder|project folder|holds the content folder"):
        write_pages(pages(**{"a.md": "A"}), out, content, force=True)
    assert sorted(out.iterdir()) == before


def test_a_full_disk_names_the_file_and_writes_nothing_half(tmp_path, content, monkeypatch):
    out = tmp_path / "out"
    real_fdopen = os.fdopen

    class FullDisk:
        def __init__(self, handle, mode):
            self.stream = real_fdopen(handle, mode)

        def __enter__(self):
            return self

        def __exit__(self, *exception):
            self.stream.close()

        def write(self, data):
            raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic.os, "fdopen", FullDisk)
    with pytest.raises(WriterError, match="No space left on device") as raised:
        write_pages(pages(**{"a.md": "A"}), out, content)
    assert "[Errno" not in str(raised.value)
    assert not (out / "a.md").exists()
    assert not [path.name for path in out.iterdir() if path.name.endswith(".tmp")]


def test_a_killed_run_leaves_a_journal_the_next_run_converges_on(tmp_path, content):
    out = tmp_path / "out"
    write_pages(pages(**{"a.md": "A"}), out, content)
    # As a run killed after writing b.md and c.md, noting b.md only, with a cut last line:
    (out / "b.md").write_text("B")
    (out / "c.md").write_text("C")
    (out / ".d.md.x1y2.paper-digest.tmp").write_text("half")
    (out / writer.JOURNAL).write_text("b.md\nc.m")
    assert write_pages(pages(**{"a.md": "A", "c.md": "C"}), out, content) == (0, 2, 1)
    assert sorted(path.name for path in out.iterdir()) == [MANIFEST, "a.md", "c.md"]


def test_writing_is_linear_in_files(tmp_path, content, monkeypatch):
    """The manifest is written once a run, whatever the number of pages."""
    saved = []
    real_save = writer.save_manifest
    monkeypatch.setattr(writer, "save_manifest", lambda out, files: saved.append(len(files)) or real_save(out, files))
    write_pages(pages(**{f"p/{number}.md": str(number) for number in range(300)}), tmp_path / "out", content)
    assert saved == [300]
