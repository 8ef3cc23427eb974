"""Paths of content files as a user sees them, and the rule that content stays inside its folder."""

from __future__ import annotations

from pathlib import Path


def display_path(path: Path, content_root: Path) -> str:
    """The path as a user finds it from the project folder: ``content/digests/x.txt``."""
    try:
        return path.absolute().relative_to(content_root.absolute().parent).as_posix()
    except ValueError:
        return str(path)


def is_inside(path: Path, root: Path) -> bool:
    """False for a symbolic link that leads out of the content folder: such files are refused."""
    return path.resolve().is_relative_to(root.resolve())
