"""A configuration that builds the folder `render OUT` wrote with another engine that reads
``mkdocs.yml``: Zensical, or MkDocs without this project's plugin (the pages are made).

It inherits the project's ``mkdocs.yml`` (theme, overrides, Markdown extensions, site name and
address) and sets what differs: the pages' folder, the navigation the plugin would give MkDocs,
no plugins, and no edit buttons (the pages of OUT are not files of the repository).
"""

from __future__ import annotations

import os
from pathlib import Path

import yaml

from generator.read.project_config import ProjectConfig

HEADER = (
    "# Written by `python -m generator render` for another engine (see README.md, Other engines),\n"
    "# and written again by each run: change the project's mkdocs.yml instead.\n"
)


def engine_config(project: ProjectConfig, pages: Path, config_file: Path, navigation: list) -> str:
    """The text of ``config_file``, which builds ``pages`` with ``navigation``."""
    here = config_file.resolve().parent
    settings: dict = {
        "INHERIT": relative(project.path, here),
        "docs_dir": relative(pages, here),
        "edit_uri": "",
        "plugins": [],
        "nav": navigation,
    }
    if project.custom_dir is not None:  # relative to the file that says it: this one now
        settings["theme"] = {"custom_dir": relative(project.custom_dir, here)}
    settings["extra"] = {
        "edit_links": False
    }  # Zensical shows them whatever edit_uri says: overrides/partials/actions.html
    return HEADER + yaml.safe_dump(settings, sort_keys=False, allow_unicode=True, width=100)


def relative(path: Path, start: Path) -> str:
    return Path(os.path.relpath(path.resolve(), start)).as_posix()


def is_ours(path: Path) -> bool:
    """Whether ``path`` is missing or was written by :func:`engine_config` (else it is the
    user's, and never overwritten)."""
    try:
        with path.open(encoding="utf-8") as stream:
            return stream.read(len(HEADER)) == HEADER
    except FileNotFoundError:
        return True
    except (OSError, UnicodeDecodeError):
        return False
