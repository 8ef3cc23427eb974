"""Python-Markdown configured exactly as the site's mkdocs.yml configures it."""

from __future__ import annotations

import functools

import markdown
from conftest import REPO
from mkdocs.config import load_config


@functools.cache
def _site_markdown_config():
    config = load_config(str(REPO / "mkdocs.yml"))
    return config.markdown_extensions, config.mdx_configs


def render_markdown(text: str) -> str:
    extensions, configs = _site_markdown_config()
    return markdown.Markdown(extensions=extensions, extension_configs=configs).convert(text)
