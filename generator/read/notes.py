"""The researcher's notes: ``content/notes/<paper-id>.md``, optional front matter, a markdown body.

Notes are trusted markdown. They are read, never written (except by ``generator note``, on request).
"""

from __future__ import annotations

import re
from pathlib import Path

from generator import site_paths
from generator.errors import Problems
from generator.model import Note, TopicNote
from generator.read.files import display_path, files_in, read_text
from generator.read.yaml_lines import LineDict, YamlProblem, load_yaml

STATUSES = ("to-read", "reading", "read")
NOTE_KEYS = ("status", "rating", "topics", "tldr", "tags", "seen_abstract")
FRONT_MATTER = re.compile(r"\A---[ \t]*\n(?P<yaml>.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)


def markdown_files(folder: Path, content_root: Path, problems: Problems):
    """(path, shown path, text) of each ``*.md`` in ``folder``, in name order; bad files are reported."""
    for path in files_in(folder, "*.md"):
        text = read_text(path, content_root, problems)
        if text is not None:
            yield path, display_path(path, content_root), text


def load_notes(folder: Path, content_root: Path, problems: Problems) -> dict[str, Note]:
    notes: dict[str, Note] = {}
    for path, shown, text in markdown_files(folder, content_root, problems):
        if note := read_note(path, shown, text, problems):
            notes[note.paper_id] = note
    return notes


def read_note(path: Path, shown: str, text: str, problems: Problems) -> Note | None:
    meta, body = split_front_matter(text, shown, problems)
    if meta is None:
        return None
    problems_before = len(problems)
    fields = read_fields(meta, shown, problems)
    if len(problems) > problems_before:
        return None
    return Note(paper_id=path.stem, path=f"{site_paths.NOTES_FOLDER}/{path.name}", body=body.strip("\n"), **fields)


def split_front_matter(text: str, shown: str, problems: Problems) -> tuple[LineDict | None, str]:
    if not text.startswith("---"):
        return LineDict(), text
    match = FRONT_MATTER.match(text)
    if not match:
        problems.add(shown, 1, "the front matter that starts on line 1 has no closing `---` line")
        return None, text
    try:
        meta = load_yaml(match["yaml"] or "", first_line=2)
    except YamlProblem as problem:
        problems.add(shown, problem.line, problem.message)
        return None, text
    if meta is None:
        meta = LineDict()
    if not isinstance(meta, LineDict):
        problems.add(shown, 2, "the front matter must be `key: value` lines")
        return None, text
    return meta, text[match.end() :]


def read_fields(meta: LineDict, shown: str, problems: Problems) -> dict:
    fields: dict = {}
    for key, value in meta.items():
        line = meta.line_of(key)
        if key not in NOTE_KEYS:
            problems.add(shown, line, f"unknown key {key!r}; allowed: {', '.join(NOTE_KEYS)}")
        elif key == "status" and value not in STATUSES:
            problems.add(shown, line, f"`status: {value}` is not allowed; use one of {', '.join(STATUSES)}")
        elif key == "rating" and (not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 5):
            problems.add(shown, line, f"`rating: {value}` is not allowed; use a whole number from 1 to 5")
        elif key == "tldr" and not isinstance(value, str):
            problems.add(shown, line, "`tldr:` must be one line of text")
        elif key == "tags" and not is_list_of_words(value):
            problems.add(shown, line, "`tags:` must be a list, e.g. `tags: [baseline, reread]`")
        elif key == "seen_abstract" and not (isinstance(value, str) and re.fullmatch(r"[0-9a-f]{8}", value)):
            problems.add(
                shown,
                line,
                "`seen_abstract:` must be the 8 hex digits the paper page shows, e.g. `seen_abstract: 1a2b3c4d`",
            )
        elif key == "topics":
            fields.update(read_topic_changes(value, line, shown, problems))
        elif key == "tags":
            fields["tags"] = tuple(str(tag) for tag in value)
        else:
            fields[key] = value
    return fields


def read_topic_changes(value: object, line: int, shown: str, problems: Problems) -> dict:
    usage = "`topics:` takes `add:` and `remove:` lists of topic ids, e.g. `topics: {add: [memory]}`"
    if not isinstance(value, LineDict) or set(value) - {"add", "remove"}:
        problems.add(shown, line, usage)
        return {}
    if not all(is_list_of_words(value.get(key, [])) for key in ("add", "remove")):
        problems.add(shown, line, usage)
        return {}
    return {
        "add_topics": tuple(str(topic) for topic in value.get("add", [])),
        "remove_topics": tuple(str(topic) for topic in value.get("remove", [])),
    }


def is_list_of_words(value: object) -> bool:
    """A YAML list of words, where a number (`tags: [2024]`) counts as a word."""
    return isinstance(value, list) and all(isinstance(item, (str, int)) for item in value)


def load_topic_notes(folder: Path, content_root: Path, problems: Problems) -> dict[str, TopicNote]:
    """``content/topics/<topic-id>.md``: an introduction shown on the topic's page (no front matter)."""
    return {
        path.stem: TopicNote(path.stem, f"{site_paths.TOPIC_NOTES_FOLDER}/{path.name}", text.strip("\n"))
        for path, _, text in markdown_files(folder, content_root, problems)
    }
