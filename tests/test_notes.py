"""The researcher's notes: shown on the paper page, searchable, able to move a paper between topics."""

import json
import os
import re
import subprocess
import sys

import pytest
from conftest import REFERENCE_DIGEST, SHARED_VECTORS, article, make_project, mkdocs_build, run_generator, visible_text

from generator.ids import paper_id

POINTER = paper_id("Pointer Networks")
NOTE = """---
status: reading
rating: 4
tags: [classic, attention]
tldr: Attention as a pointer into the input, for outputs drawn from the input.
topics: {add: [surveys], remove: [machine-translation]}
---

Read with the **S4** paper in mind: [S4](efficiently-modeling-long-sequences-with-005efae1.md).

!!! note "Why it matters"
    Output vocabularies that depend on the input.

Unique marker: zebracorn. Math works: $O(n^2)$ and \\(x_t\\); `$code$` stays code; it costs \\$5.
"""


@pytest.fixture(scope="module")
def notes_build(tmp_path_factory):
    project = make_project(
        tmp_path_factory.mktemp("notes"), digests={"d.txt": REFERENCE_DIGEST.read_text()}, notes={f"{POINTER}.md": NOTE}
    )
    build = mkdocs_build(project)
    assert build.returncode == 0, build.output
    return build


def test_note_is_rendered_under_its_heading_with_an_edit_link(notes_build):
    html = article(notes_build.html(f"papers/{POINTER}/index.html"))
    notes = re.search(r'<h2 id="notes">.*?(?=<h2 id="related-papers")', html, re.DOTALL)[0]
    text = visible_text(notes)
    assert "Status: reading · Rating: ★★★★☆" in text
    # The note's tags are shown with the paper's, at the top, each a link to its tag's page.
    assert 'href="../../tags/classic/"' in html and 'href="../../tags/attention/"' in html
    assert "<strong>S4</strong>" in notes and 'class="admonition note"' in notes
    assert 'href="../efficiently-modeling-long-sequences-with-005efae1/"' in notes  # a checked link to another paper
    # The page's own edit button (next test) is the published site's way to it; the writer's
    # line naming the file is for the preview only.
    assert "content/notes/" not in text and "No notes yet" not in text
    assert notes.count("<math") == 2 and "<code>$code$</code>" in notes and "costs $5" in text


def test_material_edit_button_points_at_the_note(notes_build):
    html = notes_build.html(f"papers/{POINTER}/index.html")
    assert (
        f'href="https://github.com/example/paper-digest/edit/main/content/notes/{POINTER}.md" title="Edit this page"'
        in html
    )


def test_note_moves_the_paper_between_topics_and_replaces_the_summary(notes_build):
    surveys = article(notes_build.html("topics/surveys/index.html"))
    assert f"../../papers/{POINTER}/" in surveys
    assert "Attention as a pointer into the input" in visible_text(surveys)
    translation = article(notes_build.html("topics/machine-translation/index.html"))
    assert f"../../papers/{POINTER}/" not in translation


def test_notes_are_searchable(notes_build):
    docs = notes_build.search_index()
    assert any("zebracorn" in doc["text"] and doc["location"].startswith(f"papers/{POINTER}/") for doc in docs)


def test_note_file_is_not_published_as_a_page_of_its_own(notes_build):
    assert not (notes_build.site / "notes").exists()
    assert not (notes_build.site / "digests" / "d.txt").exists()  # the digest itself is not published
    assert not (notes_build.site / "topics.yml").exists()


def test_a_broken_link_in_a_note_fails_the_strict_build(tmp_path):
    project = make_project(
        tmp_path,
        digests={"d.txt": REFERENCE_DIGEST.read_text()},
        notes={f"{POINTER}.md": "See [this](no-such-paper.md).\n"},
    )
    build = mkdocs_build(project)
    assert build.returncode == 1 and "no-such-paper.md" in build.output


def test_editing_content_does_not_write_into_it(notes_build):
    content = notes_build.project / "content"
    assert (content / "notes" / f"{POINTER}.md").read_text() == NOTE
    assert sorted(p.name for p in content.rglob("*") if p.is_file()) == ["d.txt", f"{POINTER}.md", "topics.yml"]


def test_note_command_creates_a_stub_once_and_lists_ambiguous_matches(tmp_path):
    project = make_project(tmp_path, digests={"d.txt": REFERENCE_DIGEST.read_text()})
    created = run_generator(project, "note", "Titans")
    path = project / "content/notes/titans-learning-to-memorize-at-test-time-ba030557.md"
    assert (
        created.returncode == 0
        and created.stdout.strip() == "content/notes/titans-learning-to-memorize-at-test-time-ba030557.md"
    )
    assert path.read_text().startswith("---\nstatus: to-read\n")
    assert "seen_abstract: " in path.read_text()
    stub = path.read_text()
    path.write_text("my words\n")
    again = run_generator(project, "note", "titans-learning-to-memorize-at-test-time-ba030557")
    assert again.returncode == 0 and "already exists" in again.stderr
    assert path.read_text() == "my words\n"
    path.write_text(stub)
    ambiguous = run_generator(project, "note", "state space")
    assert ambiguous.returncode == 1 and "4 papers match 'state space'" in ambiguous.stderr
    assert "efficiently-modeling-long-sequences-with-005efae1" in ambiguous.stderr
    build = mkdocs_build(project)
    assert build.returncode == 0  # the stub is a valid note
    assert "The abstract changed" not in build.html(
        "papers/titans-learning-to-memorize-at-test-time-ba030557/index.html"
    )


def test_reading_workflow_pages_status_badges_and_progress(notes_build):
    reading = article(notes_build.html("reading/reading/index.html"))
    assert f"../../papers/{POINTER}/" in reading and "1 paper" in visible_text(reading)
    assert f"../../papers/{POINTER}/" not in article(notes_build.html("reading/read/index.html"))
    assert "No paper has this status yet" in visible_text(article(notes_build.html("reading/to-read/index.html")))
    surveys = article(notes_build.html("topics/surveys/index.html"))
    assert 'title="Reading"' in surveys  # the status shows in topic listings
    home = visible_text(article(notes_build.html("index.html")))
    assert "Reading progress: 0 of 57 read, 1 reading, 0 to read." in home
    nav = notes_build.html("index.html")
    assert "reading/to-read/" in nav and "Reading list" in nav


def stale_note(seen: str) -> str:
    return f"---\nseen_abstract: {seen}\n---\nMy notes.\n"


def test_a_note_written_against_another_abstract_is_marked_stale(tmp_path):
    from generator.errors import Problems
    from generator.ids import text_fingerprint
    from generator.read.listing import parse_listing

    digest = REFERENCE_DIGEST.read_text()
    listing = parse_listing(digest, "d.txt", Problems())
    pointer = next(paper for paper in listing.papers if paper.title == "Pointer Networks")
    current = text_fingerprint(pointer.abstract)
    project = make_project(
        tmp_path,
        digests={"d.txt": digest.replace("Pointer Networks\n\nWe introduce", "Pointer Networks\n\nWe present")},
        notes={f"{POINTER}.md": stale_note(current)},
    )
    published = mkdocs_build(project)
    assert published.returncode == 0, published.output
    text = visible_text(article(published.html(f"papers/{POINTER}/index.html")))
    assert "The abstract changed since these notes were written" in text
    assert "written against an earlier version of the abstract" in text and "seen_abstract" not in text
    config = project / "mkdocs.yml"  # the writer's preview says what to do about it
    config.write_text(config.read_text().replace("  - paper-digest\n", "  - paper-digest:\n      writer_notes: true\n"))
    build = mkdocs_build(project)
    text = visible_text(article(build.html(f"papers/{POINTER}/index.html")))
    assert f"it says {current}" in text
    (project / f"content/notes/{POINTER}.md").write_text(stale_note(text.split("set seen_abstract: ")[1][:8]))
    rebuilt = mkdocs_build(project)
    assert "The abstract changed" not in visible_text(article(rebuilt.html(f"papers/{POINTER}/index.html")))


def test_topic_note_introduces_the_topic_and_an_unknown_one_fails_strict(tmp_path):
    project = make_project(tmp_path, digests={"d.txt": REFERENCE_DIGEST.read_text()})
    (project / "content/topics").mkdir()
    (project / "content/topics/surveys.md").write_text("Start with **the AlexNet survey**.\n")
    build = mkdocs_build(project)
    assert build.returncode == 0, build.output
    page = build.html("topics/surveys/index.html")
    assert "<strong>the AlexNet survey</strong>" in article(page)
    assert "edit/main/content/topics/surveys.md" in page  # the edit button opens the introduction
    (project / "content/topics/no-such-topic.md").write_text("Lost.\n")
    failed = mkdocs_build(project)
    assert (
        failed.returncode == 1
        and "content/topics/no-such-topic.md: no topic has the id 'no-such-topic'" in failed.output
    )


def test_note_stays_attached_when_the_digest_is_reordered_and_grows(tmp_path):
    paragraphs = REFERENCE_DIGEST.read_text().strip().split("\n\n")
    header, pairs = paragraphs[:5], ["\n\n".join(paragraphs[i : i + 2]) for i in range(5, len(paragraphs), 2)]
    reordered = "\n\n".join(header + pairs[::-1] + ["A Brand New Paper\n\nIt arrived later."]) + "\n"
    project = make_project(
        tmp_path,
        digests={"d.txt": reordered, "e.txt": "Mar 13\n\nAnother\n\nOne more.\n"},
        notes={f"{POINTER}.md": NOTE},
    )
    build = mkdocs_build(project)
    assert build.returncode == 0, build.output
    assert "zebracorn" in visible_text(article(build.html(f"papers/{POINTER}/index.html")))


def test_a_title_fixed_upstream_orphans_the_note_with_a_way_back(tmp_path):
    fixed = REFERENCE_DIGEST.read_text().replace("\nPointer Networks\n", "\nPointer Networks Revisited\n")
    project = make_project(tmp_path, digests={"d.txt": fixed}, notes={f"{POINTER}.md": NOTE})
    check = run_generator(project, "check")
    new_id = paper_id("Pointer Networks Revisited")
    assert check.returncode == 1
    assert (
        f"the closest paper is 'Pointer Networks Revisited': re-attach the note with `git mv content/notes/{POINTER}.md content/notes/{new_id}.md`"
        in check.stderr
    )
    assert (project / f"content/notes/{POINTER}.md").read_text() == NOTE
    subprocess.run(["mv", f"content/notes/{POINTER}.md", f"content/notes/{new_id}.md"], cwd=project, check=True)
    assert run_generator(project, "check").returncode == 0


@pytest.mark.parametrize("arguments", [("check",), ("note", "Pointer Networks")])
def test_check_and_note_find_no_related_papers(tmp_path, arguments):
    """They show none: the code of related papers is never imported, no job started; `note`
    reads the papers alone and embeds none (no vector is written), `check` places papers by
    meaning (the session's store, where the reference digest's vectors are kept)."""
    project = make_project(tmp_path)
    vectors = SHARED_VECTORS if arguments[0] == "check" else tmp_path / "vectors"
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "generator", *arguments],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "PAPER_DIGEST_VECTORS_DIR": str(vectors)},
    )
    assert result.returncode == 0, result.stderr
    imported = {line.split("|")[-1].strip() for line in result.stderr.splitlines() if line.startswith("import time:")}
    assert "sklearn" not in imported and "generator.analyse.similarity" not in imported
    assert any(vectors.glob("vectors-*.bin")) == (arguments[0] == "check")


def test_each_tag_and_reading_list_offers_its_papers_as_bibtex(notes_build):
    import bibtexparser

    tag_page = notes_build.html("tags/classic/index.html")
    assert 'href="../classic.bib"' in tag_page
    for path in ("tags/classic.bib", "reading/reading.bib"):
        library = bibtexparser.parse_string((notes_build.site / path).read_text(encoding="utf-8"))
        assert [entry.fields_dict["title"].value for entry in library.entries] == ["{Pointer Networks}"], path
    assert bibtexparser.parse_string((notes_build.site / "reading/to-read.bib").read_text()).entries == []


def test_a_note_named_by_the_address_a_math_title_had_keeps_its_paper(tmp_path):
    """Addresses no longer carry TeX command names (a-short-character-sum-in-f-p-3-…, not
    …-in-mathbb-f-p-3-…). A note named by the old address is the same title's (the same hash):
    it stays attached, its file untouched, and check says how to rename it."""
    title = "A short character sum in $\\mathbb{F}_{p^3}$"
    new_id = paper_id(title)
    assert new_id.startswith("a-short-character-sum-in-f-p-3-")
    old_id = "a-short-character-sum-in-mathbb-f-p-3-" + new_id.rsplit("-", 1)[1]
    note = "---\nstatus: read\n---\nMy own words.\n"
    digest = json.dumps({"title": title, "abstract": "We bound a sum."}) + "\n"
    others = REFERENCE_DIGEST.read_text()
    project = make_project(tmp_path, digests={"a.jsonl": digest, "b.txt": others}, notes={f"{old_id}.md": note})
    check = run_generator(project, "check")
    assert check.returncode == 0, check.stderr
    assert f"content/notes/{old_id}.md is the note of '{new_id}'" in check.stdout + check.stderr
    assert (project / f"content/notes/{old_id}.md").read_text() == note
    build = mkdocs_build(project)
    assert build.returncode == 0, build.output
    assert "My own words." in build.html(f"papers/{new_id}/index.html")
