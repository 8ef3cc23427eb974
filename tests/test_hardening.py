"""Hostile or broken content and environments: each gives a clear message naming the file, a
non-zero exit, no traceback, no hang, and leaves content/ exactly as it was."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import make_project, mkdocs_build, run_generator

RECORD = {"title": "A title", "abstract": "An abstract about state space models."}


def snapshot(folder: Path) -> dict[str, object]:
    """Every entry below ``folder``: a file's bytes, a link's target, or its kind."""
    entries: dict[str, object] = {}
    for parent, folders, files in os.walk(folder, followlinks=False):
        for name in folders + files:
            path = Path(parent, name)
            key = path.relative_to(folder).as_posix()
            if path.is_symlink():
                entries[key] = ("link", os.readlink(path))
            elif path.is_file():
                entries[key] = path.read_bytes()
            else:
                entries[key] = ("kind", path.lstat().st_mode & 0o170000)
    return entries


def jsonl(*records: dict) -> str:
    return "".join(json.dumps(record) + "\n" for record in records)


def synthetic_papers(count: int) -> str:
    words = [
        "state",
        "space",
        "model",
        "attention",
        "memory",
        "retrieval",
        "diffusion",
        "video",
        "graph",
        "token",
        "sparse",
    ]
    return jsonl(*(
        {"title": f"Paper {number} on {words[number % 11]} and {words[(number * 7) % 11]}",
         "abstract": " ".join(words[(number + shift) % 11] for shift in range(4)) + f" number {number}."}
        for number in range(count)
    ))  # fmt: skip


def fails_cleanly(result, *expected: str) -> str:
    output = result.stdout + result.stderr if hasattr(result, "stdout") else result.output
    assert result.returncode != 0, output
    assert "Traceback" not in output, output
    for text in expected:
        assert text in output, output
    return output


@pytest.fixture
def project(tmp_path):
    return make_project(tmp_path, digests={"a.jsonl": jsonl(RECORD)})


def both_fail(project: Path, *expected: str) -> None:
    """`check` and the strict build agree: both refuse, with the same message."""
    before = snapshot(project / "content")
    fails_cleanly(run_generator(project, "check"), *expected)
    fails_cleanly(mkdocs_build(project), *expected)
    assert snapshot(project / "content") == before


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are a POSIX thing")
@pytest.mark.parametrize("where", ["digests/x.txt", "notes/x.md", "topics.yml", "own-page.md"])
def test_a_named_pipe_is_refused_not_waited_on(project, where):
    path = project / "content" / where
    if path.exists():
        path.unlink()
    os.mkfifo(path)
    both_fail(project, f"content/{where}: is a named pipe, not a regular file")


@pytest.mark.parametrize("target", ["outside", "inside"])
def test_a_folder_link_is_refused_before_anything_walks_it(project, tmp_path, target):
    if target == "outside":
        (project / "content" / "digests" / "dirlink").symlink_to("/")
    else:
        (project / "content" / "notes" / "loop").symlink_to(project / "content")
    where = "digests/dirlink" if target == "outside" else "notes/loop"
    started = time.monotonic()
    both_fail(project, f"content/{where}: is a link to a folder")
    assert time.monotonic() - started < 60  # a walk of / would take minutes


def test_a_dangling_link_is_called_dangling(project):
    (project / "content" / "digests" / "gone.txt").symlink_to(project / "nowhere.txt")
    both_fail(project, "content/digests/gone.txt: is a dangling link")


def test_a_file_link_outside_the_content_folder_is_refused(project, tmp_path):
    (tmp_path / "elsewhere.jsonl").write_text(jsonl(RECORD))
    (project / "content" / "digests" / "b.jsonl").symlink_to(tmp_path / "elsewhere.jsonl")
    both_fail(project, "content/digests/b.jsonl: is a link to a file outside the content folder")


DEEP = "[" * 100_000 + "]" * 100_000
CASES = {
    "deep nesting in an ignored field": (
        '{"title": "T", "abstract": "A", "ignored": ' + DEEP + "}\n",
        "content/digests/a.jsonl:1: nests arrays or objects too deeply",
    ),
    "a lone surrogate in the abstract": (
        '{"title": "T", "abstract": "bad \\ud800 text"}\n',
        "content/digests/a.jsonl:1: field `abstract` holds an unpaired surrogate escape",
    ),
    "a lone surrogate in an author": (
        '{"title": "T", "abstract": "A", "authors": ["\\udfff"]}\n',
        "content/digests/a.jsonl:1: field `authors` holds an unpaired surrogate escape",
    ),
    "a number of 5,000 digits": (
        '{"title": "T", "abstract": "A", "upvotes": ' + "9" * 5000 + "}\n",
        "content/digests/a.jsonl:1: field `upvotes` must be a whole number from 0 to 1,000,000,000 "
        "(got a number of 5,000 digits)",
    ),
    "an upvote count of 401 digits": (
        '{"title": "T", "abstract": "A", "upvotes": ' + "1" * 401 + "}\n",
        "content/digests/a.jsonl:1: field `upvotes` must be a whole number from 0 to 1,000,000,000 (got a number of 401 digits)",
    ),
    "a daily date with junk after it": (
        '{"title": "T", "abstract": "A", "hf_daily_date": "2026-03-12junk"}\n',
        "content/digests/a.jsonl:1: field `hf_daily_date` must be a date such as 2026-03-12 (got '2026-03-12junk')",
    ),
}


def test_hostile_json_is_a_problem_with_file_line_and_field(project):
    """Each case in a digest of its own, after a good record and before a bad one: every
    problem of every file is reported in the one run, by `check` and by the build alike."""
    good = jsonl({"title": "Good", "abstract": "Fine."})
    bad = jsonl({"title": "Other", "abstract": "Fine.", "date": "soon"})
    expected = []
    for number, (text, message) in enumerate(CASES.values()):
        name = f"case{number}.jsonl"
        (project / "content" / "digests" / name).write_text(good + text + bad)
        expected += [message.replace("a.jsonl:1", f"{name}:2"), f"content/digests/{name}:3: field `date`"]
    both_fail(project, *expected)


def test_hostile_api_json_nesting_and_surrogates(project):
    deep = '[{"paper": {"title": "T", "summary": "A", "x": ' + DEEP + "}}]"
    (project / "content" / "digests" / "day.json").write_text(deep)
    (project / "content" / "digests" / "other.json").write_text('[{"paper": {"title": "\\ud800", "summary": "A"}}]')
    both_fail(
        project,
        "content/digests/day.json:1: nests arrays or objects too deeply",
        "content/digests/other.json:1: field `paper.title` holds an unpaired surrogate escape",
    )


def test_a_surrogate_in_topics_or_note_front_matter_is_a_problem(project):
    (project / "content" / "topics.yml").write_text('topics:\n  - id: x\n    title: "bad \\ud800"\n')
    both_fail(project, "content/topics.yml:3: holds an unpaired surrogate escape")


def test_the_same_arxiv_id_under_different_titles_warns_with_both_places(project):
    records = [
        {"title": "First title", "abstract": "One.", "arxiv_id": "2401.00001"},
        {"title": "Second title", "abstract": "Two.", "arxiv_id": "2401.00001"},
    ]
    (project / "content" / "digests" / "a.jsonl").write_text(jsonl(*records))
    (project / "content" / "digests" / "b.jsonl").write_text(
        jsonl({"title": "Third title", "abstract": "Three.", "arxiv_id": "2401.00001v2"})
    )
    # b.jsonl sorts after a.jsonl, so it is the newer digest: its record is the one shown.
    expected = (
        "content/digests/a.jsonl:1: arXiv id 2401.00001 is also given to a different title at content/digests/b.jsonl:1",
        "content/digests/a.jsonl:2: arXiv id 2401.00001 is also given to a different title at content/digests/b.jsonl:1",
        "('Second title' here, 'Third title' there)",
    )
    both_fail(project, *expected)
    lenient = mkdocs_build(project, strict=False)
    assert lenient.returncode == 0 and all(text in lenient.output for text in expected), lenient.output


def test_a_missing_topics_file_is_said_and_the_site_still_builds(project):
    (project / "content" / "topics.yml").unlink()
    before = snapshot(project / "content")
    check = run_generator(project, "check")
    assert check.returncode == 0, check.stderr
    assert "content/topics.yml: not found" in check.stderr
    build = mkdocs_build(project, "--verbose")
    assert build.returncode == 0 and "content/topics.yml: not found" in build.output, build.output
    assert snapshot(project / "content") == before


@pytest.mark.parametrize("where", ["/", "~", "project", "foreign"])
def test_render_refuses_folders_that_are_not_its_own(project, tmp_path, where):
    (tmp_path / "home").mkdir()
    foreign = tmp_path / "foreign"
    foreign.mkdir()
    (foreign / "keep.txt").write_text("mine")
    out = {"/": "/", "~": str(tmp_path / "home"), "project": ".", "foreign": str(foreign)}[where]
    watched = tmp_path / "home" if where in "/~" else Path(out if out != "." else project)
    before, content_before = snapshot(watched), snapshot(project / "content")
    env = {**os.environ, "HOME": str(tmp_path / "home")}
    result = subprocess.run([sys.executable, "-m", "generator", "render", out], cwd=project,
                            capture_output=True, text=True, env=env, timeout=120)  # fmt: skip
    message = {"/": "is the root folder", "~": "is your home folder", "project": "is the project folder",
               "foreign": "holds no manifest of this generator"}[where]  # fmt: skip
    fails_cleanly(result, message)
    assert snapshot(watched) == before and snapshot(project / "content") == content_before
    if where == "foreign":
        forced = subprocess.run([sys.executable, "-m", "generator", "render", out, "--force"], cwd=project,
                                capture_output=True, text=True, timeout=120)  # fmt: skip
        assert forced.returncode == 0, forced.stderr
        assert (foreign / "keep.txt").read_text() == "mine" and (foreign / "index.md").exists()


def child_pids(pid: int) -> set[int]:
    """Processes whose parent is ``pid`` (read from /proc)."""
    children = set()
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(line.split(":\t", 1) for line in status.read_text().splitlines() if ":\t" in line)
        except OSError:
            continue
        if fields.get("PPid", "").strip() == str(pid):
            children.add(int(status.parent.name))
    return children


def is_alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def wait_for(condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return False


KILLED_SITE_PAPERS = 1200
"""Enough that related papers are computed in a process of their own (from 1,000), few enough
to embed in seconds; both tests below share the papers, so they are embedded once."""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_children_end_when_a_build_is_killed(tmp_path):
    project = make_project(tmp_path, digests={"many.jsonl": synthetic_papers(KILLED_SITE_PAPERS)})
    before = snapshot(project / "content")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    build = subprocess.Popen([sys.executable, "-m", "mkdocs", "build"], cwd=project, env=env,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    try:
        # Pagefind and the related-papers worker, both running at once: after the papers are
        # embedded (the session's vector store starts empty), which a loaded machine can take
        # minutes to do. The limit is how long to wait, not how fast it must be.
        assert wait_for(lambda: len(child_pids(build.pid)) >= 2, 400), "the build never started both children"
        children = child_pids(build.pid)
        build.send_signal(signal.SIGKILL)
        build.wait()
        assert wait_for(lambda: not any(is_alive(pid) for pid in children), 10), "a child outlived the build"
    finally:
        if build.poll() is None:
            build.kill()
    assert snapshot(project / "content") == before


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="SIGKILL")
def test_a_render_killed_midway_converges_on_the_next_run(tmp_path):
    project = make_project(tmp_path, digests={"many.jsonl": synthetic_papers(KILLED_SITE_PAPERS)})
    out, clean = tmp_path / "out", tmp_path / "clean"
    content_before = snapshot(project / "content")
    render = subprocess.Popen([sys.executable, "-m", "generator", "render", str(out)], cwd=project,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    journal = out / ".paper-digest-manifest.journal"
    try:
        assert wait_for(lambda: journal.exists() and journal.stat().st_size > 2000, 120), "render never got going"
        render.send_signal(signal.SIGKILL)
        assert render.wait() == -signal.SIGKILL, "render ended before it was killed"
    finally:
        if render.poll() is None:
            render.kill()
    assert run_generator(project, "render", str(out)).returncode == 0
    assert run_generator(project, "render", str(clean)).returncode == 0
    assert snapshot(out) == snapshot(clean)
    assert snapshot(project / "content") == content_before


@pytest.mark.parametrize("case", ["deep nesting in an ignored field", "a number of 5,000 digits"])
def test_hostile_json_on_the_first_line_is_reported_too(project, case):
    text, message = CASES[case]
    (project / "content" / "digests" / "a.jsonl").write_text(text)
    fails_cleanly(run_generator(project, "check"), message)


def test_render_on_a_full_disk_names_the_file_and_exits_1(project, tmp_path, monkeypatch, capsys):
    from generator import folder_writer
    from generator.__main__ import main

    def full_disk(*arguments, **keywords):
        raise OSError(28, "No space left on device", str(tmp_path / "out" / "index.md"))

    before = snapshot(project / "content")
    monkeypatch.setattr(folder_writer, "write_atomically", full_disk)
    assert main(["--content", str(project / "content"), "render", str(tmp_path / "out")]) == 1
    errors = capsys.readouterr().err
    assert "No space left on device" in errors and "out/index.md" in errors and "[Errno" not in errors
    assert "Traceback" not in errors and snapshot(project / "content") == before


def test_a_corrected_title_for_a_known_arxiv_id_is_a_notice_and_the_build_passes(project):
    """An upstream source corrects a title a day later: the newest richest record's title is
    shown, the other is named in a notice, and the strict build (the scheduled run) passes."""
    (project / "content" / "digests" / "a.jsonl").write_text(
        jsonl({"title": "Gated Attention for Large Language Models", "abstract": "One.", "arxiv_id": "2401.00001"})
    )
    (project / "content" / "digests" / "b.jsonl").write_text(
        jsonl(
            {
                "title": "Gated Attention for Large Language Models: Non-linearity",
                "abstract": "Two.",
                "arxiv_id": "2401.00001v2",
            }
        )
    )
    build = mkdocs_build(project)
    assert build.returncode == 0, build.output
    assert "content/digests/a.jsonl:1: the title of arXiv 2401.00001 was corrected; the page shows" in build.output
