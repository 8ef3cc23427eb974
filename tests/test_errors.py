"""Bad content: a clear `path:line: message`, a non-zero exit, no traceback, nothing half-written."""

import pytest
from conftest import REFERENCE_DIGEST, make_project, mkdocs_build, run_generator

GOOD = REFERENCE_DIGEST.read_text(encoding="utf-8")

CASES = {
    "title without abstract": (
        {"a.txt": "Mar 12\n\nTitle\n\nAbstract.\n\nLonely title\n"},
        None,
        "content/digests/a.txt:7: the title 'Lonely title' has no abstract after it",
    ),
    "only header lines": (
        {"a.txt": "new\n\nSubscribe\n\nMar 12\n"},
        None,
        "content/digests/a.txt: no papers found",
    ),
    "undecodable bytes": (
        {"a.txt": b"Mar 12\n\nTitle\n\nAbstract \xe9t\xe9.\n"},
        None,
        "content/digests/a.txt:5: byte 0xe9 is not UTF-8",
    ),
    "invalid topics YAML": (
        {"a.txt": GOOD},
        "topics:\n  - id: x\n    title: [unclosed\n",
        "content/topics.yml:4: invalid YAML",
    ),
    "JSON Lines record without a title": (
        {"a.jsonl": '{"papers": []}'},
        None,
        "content/digests/a.jsonl:1: field `title` is required and must be non-empty text",
    ),
    "empty file": ({"a.txt": ""}, None, "content/digests/a.txt: no papers found"),
    "binary file": ({"a.png": b"\x89PNG\r\n\x1a\n" + bytes(64)}, None, "content/digests/a.png:3: is mostly NUL bytes"),
    "unknown format": (
        {"a.csv": "title,abstract\nx,y\n"},
        None,
        "content/digests/a.csv:1: has an unknown format (.csv)",
    ),
    "saved HTML page": (
        {"a.html": "<html><body>Mar 12</body></html>"},
        None,
        "content/digests/a.html:1: looks like HTML",
    ),
    "same title twice": (
        {"a.txt": "Mar 12\n\nSame\n\nOne.\n\nsame\n\nTwo.\n"},
        None,
        "content/digests/a.txt:7: the title 'same' is listed twice (first on line 3)",
    ),
    "topic with no title": (
        {"a.txt": GOOD},
        "topics:\n  - id: x\n",
        "content/topics.yml:2: topic 'x' needs a `title:`",
    ),
    "duplicate topic ids": (
        {"a.txt": GOOD},
        "topics:\n  - id: x\n    title: X\n  - id: x\n    title: Y\n",
        "content/topics.yml:4: topic id 'x' is used twice",
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_mkdocs_build_fails_with_a_clear_message(tmp_path, case):
    digests, topics, message = CASES[case]
    project = make_project(tmp_path, digests=digests, topics=topics)
    build = mkdocs_build(project)
    assert build.returncode == 1
    assert message in build.output
    assert "Traceback" not in build.output
    check = run_generator(project, "check")
    assert check.returncode == 1
    assert message in check.stderr and "Traceback" not in check.stderr
    assert not (project / "out").exists()
    render = run_generator(project, "render", "out")
    assert render.returncode == 1 and not (project / "out").exists()  # nothing half-written


def test_all_problems_of_a_run_are_reported_together_sorted(tmp_path):
    project = make_project(
        tmp_path,
        digests={"b.txt": "Mar 12\n\nT\n", "a.txt": b"\xff"},
        topics="topics:\n  - id: x\n    title: X\n    colour: red\n",
    )
    check = run_generator(project, "check")
    lines = check.stderr.splitlines()
    assert lines[:3] == [
        "content/digests/a.txt:1: byte 0xff is not UTF-8: save the file as UTF-8",
        "content/digests/b.txt:3: the title 'T' has no abstract after it",
        "content/topics.yml:4: unknown key 'colour' in a topic; allowed: id, title, description, match, match_title, exclude, min_mentions",
    ]
    assert lines[3] == "3 problem(s) found; nothing was written."


def test_a_note_for_no_paper_is_kept_and_fails_the_strict_build(tmp_path):
    project = make_project(tmp_path, digests={"a.txt": GOOD}, notes={"pointer-networks-0f1b28e3.md": "My notes.\n"})
    build = mkdocs_build(project)
    assert build.returncode == 1
    assert "content/notes/pointer-networks-0f1b28e3.md: no paper has the id 'pointer-networks-0f1b28e3'" in build.output
    assert (
        "re-attach the note with `git mv content/notes/pointer-networks-0f1b28e3.md content/notes/pointer-networks-0f1b28e2.md`"
        in build.output
    )
    assert (project / "content/notes/pointer-networks-0f1b28e3.md").read_text() == "My notes.\n"


@pytest.mark.parametrize(
    ("note", "message"),
    [
        (
            "---\nstatus: done\n---\n",
            "content/notes/pointer-networks-0f1b28e2.md:2: `status: done` is not allowed; use one of to-read, reading, read",
        ),
        ("---\nrating: 7\n---\n", "content/notes/pointer-networks-0f1b28e2.md:2: `rating: 7` is not allowed"),
        ("---\nmood: happy\n---\n", "content/notes/pointer-networks-0f1b28e2.md:2: unknown key 'mood'"),
        (
            "---\nstatus: read\n",
            "content/notes/pointer-networks-0f1b28e2.md:1: the front matter that starts on line 1 has no closing",
        ),
        ("---\nstatus: [read\n---\n", "content/notes/pointer-networks-0f1b28e2.md:3: invalid YAML"),
        (
            "---\nseen_abstract: yesterday\n---\n",
            "content/notes/pointer-networks-0f1b28e2.md:2: `seen_abstract:` must be the 8 hex digits",
        ),
        (
            "---\ntopics: {add: [nope]}\n---\n",
            "content/notes/pointer-networks-0f1b28e2.md: `topics:` names 'nope', which is not a topic id",
        ),
    ],
)
def test_bad_note_front_matter_is_an_error(tmp_path, note, message):
    project = make_project(tmp_path, digests={"a.txt": GOOD}, notes={"pointer-networks-0f1b28e2.md": note})
    check = run_generator(project, "check")
    assert check.returncode == 1
    assert message in check.stderr, check.stderr


def test_a_failed_build_leaves_the_previous_site_in_place(tmp_path):
    project = make_project(tmp_path, digests={"a.txt": GOOD})
    assert mkdocs_build(project).returncode == 0
    (project / "content/digests/a.txt").write_text(GOOD + "\n\nLonely title\n", encoding="utf-8")
    failed = mkdocs_build(project)
    assert failed.returncode == 1 and "has no abstract after it" in failed.output
    assert (project / "site/index.html").exists() and len(list((project / "site/papers").iterdir())) == 57


def test_a_digest_linking_outside_the_content_folder_is_refused(tmp_path):
    outside = tmp_path / "secret.txt"
    outside.write_text(GOOD, encoding="utf-8")
    project = make_project(tmp_path, digests={"a.txt": GOOD})
    (project / "content/digests/b.txt").symlink_to(outside)
    check = run_generator(project, "check")
    assert check.returncode == 1
    assert "content/digests/b.txt: is a link to a file outside the content folder" in check.stderr
    assert mkdocs_build(project).returncode == 1
