"""The documented normalisation of untrusted text (titles, abstracts, names), applied when it is read."""

from __future__ import annotations

import re

from generator.text import collapse_spaces


def clean_text(text: str) -> str:
    """The documented normalisation of untrusted text, applied when it is read.

    Control characters (NUL, escape, ...) are dropped: they have no glyph and no meaning in a title
    or abstract. Each paragraph's white space is collapsed to single spaces; paragraphs stay
    separated by one blank line. Everything else, bidi and zero-width characters included, is kept.
    """
    if text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
        # Nothing to do (most names and titles): no control or separator character but single
        # spaces inside. Checked in C, where the general case costs a pass per step.
        return text
    return clean_paragraphs(text)


def clean_paragraphs(text: str) -> str:
    """clean_text step by step."""
    paragraphs = re.split(r"\n[ \t]*\n", text)
    cleaned = (collapse_spaces(drop_control_characters(paragraph)) for paragraph in paragraphs)
    return "\n\n".join(paragraph for paragraph in cleaned if paragraph)


CONTROL_CHARACTERS = {
    code: " " if chr(code) in "\t\n" else None
    for code in [*range(0x00, 0x20), *range(0x7F, 0xA0)]  # Unicode category Cc, all of it
}


def drop_control_characters(text: str) -> str:
    return text.translate(CONTROL_CHARACTERS)
