"""Write generated pages to a folder without ever losing a file that is not ours.

Files are written atomically (temporary file + rename), only when their bytes change, and a
manifest lists what this writer created, so a later run removes only its own stale pages and
refuses to overwrite anything else.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from .render import GeneratedPage

MANIFEST = ".paper-digest-manifest.json"


class WriterError(Exception):
    pass


def write_pages(pages: list[GeneratedPage], out: Path, content: Path) -> tuple[int, int, int]:
    """Write ``pages`` under ``out``; return (written, unchanged, removed)."""
    out = out.resolve()
    if out.is_relative_to(content.resolve()):
        raise WriterError(f"{out} is inside the content folder {content}: choose a folder outside it")
    out.mkdir(parents=True, exist_ok=True)
    owned = read_manifest(out)
    wanted = {page.path: page.text.encode("utf-8") for page in pages}
    strangers = [path for path in wanted if (out / path).exists() and path not in owned]
    if strangers:
        raise WriterError(
            f"{out} holds files this generator did not create: {', '.join(sorted(strangers)[:5])}; "
            "move them away or choose another folder"
        )
    written = unchanged = 0
    for path, data in sorted(wanted.items()):
        target = out / path
        if target.exists() and target.read_bytes() == data:
            unchanged += 1
            continue
        write_atomically(target, data)
        owned.add(path)
        save_manifest(out, owned)  # after every file: an interrupted run still knows what it made
        written += 1
    removed = remove_stale(out, owned - set(wanted))
    save_manifest(out, set(wanted))
    return written, unchanged, removed


def write_atomically(target: Path, data: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    mode = target.stat().st_mode & 0o7777 if target.exists() else None
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        if mode is not None:
            os.chmod(temporary, mode)
        else:
            os.chmod(temporary, 0o666 & ~current_umask())
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def remove_stale(out: Path, stale: set[str]) -> int:
    removed = 0
    for path in sorted(stale):
        (out / path).unlink(missing_ok=True)
        removed += 1
    return removed


def read_manifest(out: Path) -> set[str]:
    manifest = out / MANIFEST
    if not manifest.exists():
        return set()
    try:
        return set(json.loads(manifest.read_text(encoding="utf-8"))["files"])
    except (ValueError, KeyError, TypeError):
        raise WriterError(f"{manifest} is damaged; delete it only if every file in {out} is generated") from None


def save_manifest(out: Path, files: set[str]) -> None:
    data = json.dumps({"files": sorted(files)}, indent=1).encode("utf-8") + b"\n"
    write_atomically(out / MANIFEST, data)


def current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
