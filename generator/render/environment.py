"""The Jinja2 environment of the pages, and the helpers that keep untrusted text in its place:
markdown escaping by default, front matter no text can add a key to, links between pages.

Every ``{{ value }}`` in a template is escaped for markdown unless it is :class:`SafeMarkdown`
(the way Jinja's autoescape treats ``Markup`` in HTML), so forgetting a filter can only make a
page show too literally, never inject.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import jinja2
import yaml

from generator import site_paths
from generator.render.escape import SafeMarkdown, literal


def make_environment(templates: Path | None = None) -> jinja2.Environment:
    loaders: list[jinja2.BaseLoader] = [jinja2.PackageLoader("generator.render", "templates")]
    if templates:
        loaders.insert(0, jinja2.FileSystemLoader(templates))
    environment = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=False,  # HTML escaping is the wrong escaping for markdown: see `escape_markdown`
        finalize=escape_markdown,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,  # a new environment for each build: no file to check before each page
    )
    environment.filters["trusted"] = SafeMarkdown
    return environment


def escape_markdown(value: object) -> str:
    if isinstance(value, SafeMarkdown):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return literal(str(value))


def link_from_papers(target: str) -> SafeMarkdown:
    """``target`` as a paper page links it (what its template's ``link`` gives)."""
    return SafeMarkdown(relative_link(target, site_paths.PAPERS_FOLDER))


def relative_link(target: str, folder: str) -> str:
    """``target`` (a path in the site) as seen from a page in ``folder``. posixpath.relpath
    gives the same for the generated pages' shallow paths, at many times the cost."""
    if not folder:
        return target
    if target.startswith(folder + "/"):
        return target[len(folder) + 1 :]
    return "../" * (folder.count("/") + 1) + target


def front_matter(**fields: object) -> SafeMarkdown:
    """A front-matter block that no text can add a key to: each value is one YAML scalar."""
    if not fields:
        return SafeMarkdown("")
    lines = "".join(f"{key}: {yaml_value(value)}\n" for key, value in sorted(fields.items()))
    return SafeMarkdown(f"---\n{lines}---\n")


# Characters a YAML stream may hold as they are (the YAML 1.1 printable set).
_YAML_PRINTABLE = re.compile("[\\t\\n\\r\\x20-\\x7e\\x85\\xa0-\\ud7ff\\ue000-\\ufffd\\U00010000-\\U0010ffff]*")
# Line breaks to YAML, which a double-quoted scalar would fold, but not to JSON.
_YAML_LINE_BREAKS = {0x85: "\\u0085", 0x2028: "\\u2028", 0x2029: "\\u2029"}


def yaml_value(value: object) -> str:
    """A value as one flow-style YAML scalar or sequence. A JSON string is a YAML double-quoted
    scalar, and json.dumps is far cheaper than yaml.safe_dump, which is kept for what JSON
    would write raw and a YAML stream may not hold (lone surrogates, U+FFFE)."""
    if json_is_yaml(value):
        return json.dumps(value, ensure_ascii=False).translate(_YAML_LINE_BREAKS)
    return (
        yaml.safe_dump(value, default_flow_style=True, allow_unicode=True, width=10_000)
        .removesuffix("\n...\n")
        .rstrip("\n")
    )


def json_is_yaml(value: object) -> bool:
    """Whether JSON writes ``value`` as YAML reads it back: text of YAML's printable set, in
    mappings of text and lists (JSON is YAML's flow style then)."""
    if isinstance(value, str):
        return _YAML_PRINTABLE.fullmatch(value) is not None
    if isinstance(value, list):
        return all(json_is_yaml(item) for item in value)
    if isinstance(value, dict):
        return all(isinstance(key, str) and json_is_yaml(key) and json_is_yaml(item) for key, item in value.items())
    return False
