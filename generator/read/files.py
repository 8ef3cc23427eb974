"""The one way content files are found and read.

Only regular files are opened, and only those inside the content folder (a link to one is
fine). Anything else under ``content/`` is a problem named with its path: a named pipe would
block the reader forever, a link to a folder makes MkDocs walk wherever it leads (MkDocs
follows folder links when it gathers files), and a dangling link or one that leads outside is
content the repository does not hold.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from generator import site_paths
from generator.errors import Problems

KINDS = {
    stat.S_IFIFO: "a named pipe",
    stat.S_IFSOCK: "a socket",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
}


def display_path(path: Path, content_root: Path) -> str:
    """The path as a user finds it from the project folder: ``content/digests/x.txt``."""
    try:
        return path.absolute().relative_to(content_root.absolute().parent).as_posix()
    except ValueError:
        return str(path)


def check_tree(content_root: Path, problems: Problems) -> None:
    """Report every entry under ``content_root`` that must not be read: folder links, links that
    dangle or lead outside, and anything that is neither a file nor a folder. Never follows a
    folder link, so a link to ``/`` costs one line, not a walk of the disk."""
    for folder, folders, files in os.walk(content_root, followlinks=False):
        for name in sorted(folders + files):
            path = Path(folder, name)
            if problem := entry_problem(path, content_root):
                problems.add(display_path(path, content_root), 0, problem)


def entry_problem(path: Path, content_root: Path) -> str | None:
    """Why ``path`` may not be read as content, or None when it may."""
    try:
        own = path.lstat()
    except OSError as error:
        return f"cannot be read: {error.strerror}"
    if stat.S_ISLNK(own.st_mode):
        return link_problem(path, content_root)
    return None if stat.S_ISREG(own.st_mode) or stat.S_ISDIR(own.st_mode) else not_a_file(own.st_mode)


def link_problem(path: Path, content_root: Path) -> str | None:
    target = path.resolve()
    try:
        status = target.stat()
    except OSError:
        return f"is a dangling link: its target {os.readlink(path)} does not exist; remove the link or restore the file"
    if stat.S_ISDIR(status.st_mode):
        return (
            f"is a link to a folder ({target}); links to folders are refused under the content folder, "
            "because MkDocs would walk wherever they lead: move or copy the files in instead"
        )
    if not target.is_relative_to(content_root.resolve()):
        return "is a link to a file outside the content folder; copy the file in instead"
    return (
        None
        if stat.S_ISREG(status.st_mode)
        else f"is a link to {KINDS.get(stat.S_IFMT(status.st_mode), 'something')}, not a file"
    )


def not_a_file(mode: int) -> str:
    kind = KINDS.get(stat.S_IFMT(mode), "not a regular file")
    return f"is {kind}, not a regular file: only regular files are read; remove it or replace it with a file"


def read_text(path: Path, content_root: Path, problems: Problems) -> str | None:
    """UTF-8 text (a BOM dropped, ``\\n`` line endings) of one content file, or None after
    reporting why it cannot be read."""
    shown = display_path(path, content_root)
    if problem := entry_problem(path, content_root):
        problems.add(shown, 0, problem)
        return None
    try:
        data = read_regular_file(path)
    except OSError as error:
        problems.add(shown, 0, f"cannot be read: {error.strerror or error}")
        return None
    if data is None:  # replaced by something else since it was checked
        problems.add(shown, 0, "is not a regular file: only regular files are read")
        return None
    return decode(data, shown, problems)


def read_regular_file(path: Path) -> bytes | None:
    """The bytes of ``path`` if it is a regular file when opened, else None. Opened without
    blocking, so a named pipe put there after :func:`entry_problem` looked cannot hang a run."""
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(descriptor, "rb") as stream:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            return None
        return stream.read()


def decode(data: bytes, shown: str, problems: Problems) -> str | None:
    """UTF-8 text (a BOM is dropped) with ``\\n`` line endings, or None after reporting why not."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        problems.add(shown, 1, "is UTF-16 text: save it as UTF-8")
        return None
    if data.count(b"\x00") > len(data) // 10:
        # A stray NUL in scraped text is dropped like any control character; a file of them is not text.
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        problems.add(shown, line, "is mostly NUL bytes: this is a binary file, not text")
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        byte = data[error.start]
        problems.add(shown, line, f"byte 0x{byte:02x} is not UTF-8: save the file as UTF-8")
        return None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def files_in(folder: Path, pattern: str = "*") -> list[Path]:
    """What ``folder`` holds but folders (a link to one counts as one), matching ``pattern``, in
    name order; dot files are left out (.gitkeep, editor swap files). Pipes and links are among
    them: :func:`read_text` says why such a one cannot be read."""
    if not folder.is_dir() or folder.is_symlink():
        return []
    entries = (path for path in folder.glob(pattern) if not path.name.startswith(".") and not path.is_dir())
    return sorted(entries, key=lambda path: path.name)


def own_files(content: Path) -> dict[str, bytes]:
    """The user's own pages and assets in the content folder (what MkDocs would build beside
    the generated pages), by path from it: no content source, no hidden file (MkDocs leaves
    those out too)."""
    found = {}
    for path in sorted(files_below(content)):
        relative = path.relative_to(content).as_posix()
        if not relative.startswith(site_paths.CONTENT_SOURCES) and not any(
            part.startswith(".") for part in relative.split("/")
        ):
            found[relative] = path.read_bytes()
    return found


def files_below(folder: Path) -> list[Path]:
    """Every regular file below ``folder``, without following folder links."""
    return [
        Path(parent, name)
        for parent, _, names in os.walk(folder, followlinks=False)
        for name in names
        if Path(parent, name).is_file()
    ]
