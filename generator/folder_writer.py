"""Write generated pages to a folder without ever losing a file that is not ours.

Files are written atomically (temporary file + rename), only when their bytes change, and a
manifest lists what this writer created, so a later run removes only its own stale pages and
refuses to overwrite anything else.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path

from generator.atomic import TEMPORARY_SUFFIX, write_atomically
from generator.errors import UserError
from generator.render.generated import GeneratedPage

MANIFEST = ".paper-digest-manifest.json"
JOURNAL = ".paper-digest-manifest.journal"
"""Files written since the manifest was last saved, one path a line, each appended once the file
is in place: a killed run leaves a journal that the next run reads with the manifest, so it
still knows every file it made, and each file costs one short append, not a manifest rewrite."""


class WriterError(UserError):
    """The output folder cannot be written, or may not be."""


def write_pages(
    pages: list[GeneratedPage],
    out: Path,
    content: Path,
    force: bool = False,
    files: Mapping[str, bytes] | None = None,
) -> tuple[int, int, int]:
    """Write ``pages``, and ``files`` (path: bytes, the user's own pages and assets), under
    ``out``; return (written, unchanged, removed).

    ``force`` allows a folder that holds files and no manifest of ours; files this writer did
    not create are still never overwritten."""
    out = out.resolve()
    refuse_unsafe_folder(out, content.resolve(), force)
    wanted = {page.path: page.text.encode("utf-8") for page in pages}
    clashing = sorted(set(wanted) & set(files or {}))
    if clashing:
        raise WriterError(f"{content / clashing[0]} has the name of a generated page; rename or remove it")
    try:
        return write_into(out, {**(files or {}), **wanted})
    except OSError as error:
        where = f" {error.filename}" if error.filename else ""
        raise WriterError(f"could not write into {out}:{where} {error.strerror or error}") from None


def refuse_unsafe_folder(out: Path, content: Path, force: bool) -> None:
    if out.is_relative_to(content):
        raise WriterError(f"{out} is inside the content folder {content}: choose a folder outside it")
    for folder, name in (
        (Path(out.anchor), "the root folder"),
        (Path.home().resolve(), "your home folder"),
        (content.parent, "the project folder"),
    ):
        if out == folder:
            raise WriterError(f"{out} is {name}: choose an empty folder of its own, such as {content.parent / 'pages'}")
    if content.is_relative_to(out):
        raise WriterError(f"{out} holds the content folder {content}: choose a folder outside it")
    if is_foreign(out) and not force:
        raise WriterError(
            f"{out} is not empty and holds no manifest of this generator ({MANIFEST}), so it was not "
            "made by `render`: choose an empty or new folder, or pass --force to write there anyway "
            "(files it did not create are never overwritten or removed)"
        )


def is_foreign(out: Path) -> bool:
    """A folder that holds something, but not a manifest (or journal) of ours."""
    if not out.is_dir():
        return False
    names = {entry.name for entry in out.iterdir()}
    return bool(names) and not names & {MANIFEST, JOURNAL}


def write_into(out: Path, wanted: dict[str, bytes]) -> tuple[int, int, int]:
    out.mkdir(parents=True, exist_ok=True)
    owned = read_manifest(out)
    remove_leftover_temporaries(out, owned)
    # A file with the very bytes it would get is adopted (a run killed between writing it and
    # noting it in the journal left it); any other file not made here is never overwritten.
    strangers = [path for path, data in wanted.items() if path not in owned and is_other_file(out / path, data)]
    if strangers:
        raise WriterError(
            f"{out} holds files this generator did not create: {', '.join(sorted(strangers)[:5])}; "
            "move them away or choose another folder"
        )
    written = unchanged = 0
    with (out / JOURNAL).open("a", encoding="utf-8") as journal:
        for path, data in sorted(wanted.items()):
            target = out / path
            if target.exists() and target.read_bytes() == data:
                unchanged += 1
                continue
            write_atomically(target, data)
            if path not in owned:
                journal.write(path + "\n")
                journal.flush()  # in the kernel's hands: it survives this process being killed
                owned.add(path)
            written += 1
    removed = remove_stale(out, owned - set(wanted))
    save_manifest(out, set(wanted))
    (out / JOURNAL).unlink()
    return written, unchanged, removed


def is_other_file(target: Path, data: bytes) -> bool:
    return target.exists() and (not target.is_file() or target.read_bytes() != data)


def remove_leftover_temporaries(out: Path, owned: set[str]) -> None:
    """Temporary files a killed run left beside the files it was writing."""
    for folder in {(out / path).parent for path in owned} | {out}:
        for leftover in folder.glob(f".*{TEMPORARY_SUFFIX}"):
            leftover.unlink(missing_ok=True)


def remove_stale(out: Path, stale: set[str]) -> int:
    removed = 0
    for path in sorted(stale):
        (out / path).unlink(missing_ok=True)
        removed += 1
    return removed


def read_manifest(out: Path) -> set[str]:
    """The files this writer made in ``out``: the manifest's, and the journal's of a run that was stopped."""
    manifest, journal = out / MANIFEST, out / JOURNAL
    owned: set[str] = set()
    if manifest.exists():
        try:
            owned = set(json.loads(manifest.read_text(encoding="utf-8"))["files"])
        except (ValueError, KeyError, TypeError):
            raise WriterError(f"{manifest} is damaged; delete it only if every file in {out} is generated") from None
    if journal.exists():
        *complete_lines, _ = journal.read_text(encoding="utf-8").split("\n")  # a cut last line is dropped
        owned |= set(complete_lines)
    return owned


def save_manifest(out: Path, files: set[str]) -> None:
    data = json.dumps({"files": sorted(files)}, indent=1).encode("utf-8") + b"\n"
    write_atomically(out / MANIFEST, data)
