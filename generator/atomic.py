"""Files written whole or not at all: a temporary file beside the target, then a rename.

A reader (MkDocs, a browser, the next run) sees the old file or the new one, never half of
either; a killed run leaves only a temporary file whose name ends in TEMPORARY_SUFFIX.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

TEMPORARY_SUFFIX = ".paper-digest.tmp"


def write_atomically(target: Path, data: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    mode = target.stat().st_mode & 0o7777 if target.exists() else None
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=TEMPORARY_SUFFIX)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        if mode is not None:
            os.chmod(temporary, mode)
        else:
            os.chmod(temporary, 0o666 & ~current_umask())
        os.replace(temporary, target)
    except BaseException as error:
        Path(temporary).unlink(missing_ok=True)
        if isinstance(error, OSError) and error.filename is None:
            # "No space left on device" alone does not say which file could not be written.
            raise OSError(error.errno, error.strerror or str(error), str(target)) from error
        raise


def current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
