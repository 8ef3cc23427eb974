"""The settings of the project's ``mkdocs.yml`` that pages show, read without MkDocs: the
site's name and address, where a content file is edited, and the plugin's own templates. What
``python -m generator render OUT`` renders with, so that a folder made for another engine
links, cites and edits as the built site does.

``!ENV`` is read as MkDocs reads it (the first variable set, else the last item); any other
tag (``!!python/name:`` of the emoji extension) stands for something the pages never use, and
is read as nothing.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin

import yaml

from generator.errors import UserError

PLUGIN_NAME = "paper-digest"


@dataclass(frozen=True)
class ProjectConfig:
    path: Path
    site_name: str = "Paper digest"
    site_url: str = ""
    repo_url: str = ""
    edit_uri: str = ""
    templates_dir: Path | None = None
    """The plugin's ``templates_dir``."""
    custom_dir: Path | None = None
    """The theme's ``custom_dir`` (this project's ``overrides/``)."""

    @property
    def edit_base(self) -> str | None:
        return edit_base(self.repo_url, self.edit_uri)


def edit_base(repo_url: str | None, edit_uri: str | None) -> str | None:
    """The address a content path is appended to for editing, as MkDocs joins them."""
    if not repo_url or not edit_uri:
        return None
    return urljoin(repo_url.rstrip("/") + "/", edit_uri)


class _Loader(yaml.SafeLoader):
    """YAML as MkDocs reads it, for the keys read here."""


def _environment_value(loader: yaml.SafeLoader, node: yaml.Node):
    names = [loader.construct_scalar(node)] if isinstance(node, yaml.ScalarNode) else loader.construct_sequence(node)
    for name in names[:-1] if len(names) > 1 else names:
        if str(name) in os.environ:
            return os.environ[str(name)]
    return names[-1] if len(names) > 1 else None


_Loader.add_constructor("!ENV", _environment_value)
_Loader.add_multi_constructor("", lambda loader, suffix, node: None)  # any tag not read above


def read_project_config(path: Path) -> ProjectConfig:
    """The settings of ``path`` (an ``mkdocs.yml``); a file that does not read is a UserError
    naming it and the line."""
    try:
        # _Loader is a SafeLoader: no tag constructs an object.
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)
    except OSError as error:
        raise UserError(f"{path}: cannot be read: {error.strerror or error}") from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f", line {mark.line + 1}" if mark is not None else ""
        raise UserError(f"{path}{where}: not valid YAML: {getattr(error, 'problem', None) or error}") from None
    if not isinstance(data, dict):
        raise UserError(f"{path}: not an MkDocs configuration (a mapping of settings)")
    templates = _plugin_options(data.get("plugins")).get("templates_dir")
    theme = data.get("theme") if isinstance(data.get("theme"), dict) else {}
    custom_dir = _text(theme.get("custom_dir"))
    return ProjectConfig(
        path=path,
        site_name=_text(data.get("site_name")) or ProjectConfig.site_name,
        site_url=_address(_text(data.get("site_url"))),
        repo_url=_text(data.get("repo_url")),
        edit_uri=_text(data.get("edit_uri")),
        templates_dir=path.parent / str(templates) if templates else None,
        custom_dir=path.parent / custom_dir if custom_dir else None,
    )


def _plugin_options(plugins) -> dict:
    """The options given to this project's plugin, in either form MkDocs takes a plugin list."""
    if isinstance(plugins, dict):
        options = plugins.get(PLUGIN_NAME)
        return options if isinstance(options, dict) else {}
    for entry in plugins if isinstance(plugins, list) else []:
        if isinstance(entry, dict) and isinstance(entry.get(PLUGIN_NAME), dict):
            return entry[PLUGIN_NAME]
    return {}


def _text(value) -> str:
    return value.strip() if isinstance(value, str) else ""


def _address(url: str) -> str:
    """``site_url`` ending in ``/``, as MkDocs normalises it."""
    return url if not url or url.endswith("/") else url + "/"
