"""What Pagefind is sent of a page: the converted markdown in the article Material would wrap it
in, without the parts Pagefind would read only to leave out."""

from __future__ import annotations

import html
import re


def page_for_index(content: str, title: str, language: str) -> str:
    """What Pagefind reads of a built page (the ROOT_SELECTOR element and the page's language),
    made from the page's converted markdown before the theme is applied. Material's article
    adds, around the content, only icon buttons with no text, and the title as a heading when
    the content has none. tests/test_search_index.py checks that the index is the same as from
    the built pages."""
    heading = "" if "<h1" in content else f"<h1>{html.escape(title)}</h1>"
    content = text_for_index(content)
    return (
        f'<!doctype html><html lang="{html.escape(language)}"><head><meta charset="utf-8"></head><body>'
        f'<article class="md-content__inner md-typeset">{heading}{content}</article></body></html>'
    )


IGNORE_ATTRIBUTE = "data-pagefind-ignore"
IGNORED_ELEMENT = re.compile(
    r"""<([a-zA-Z][\w-]*)(?=[\s/>])[^>]*?\sdata-pagefind-ignore\s*=\s*(?:"all"|'all'|all(?=[\s/>]))[^>]*>"""
)
VOID_ELEMENTS = frozenset("area base br col embed hr img input link meta source track wbr".split())
RAW_TEXT_OPENINGS = ("<!--", "<![cdata[", "<script", "<style", "<textarea", "<template", "<title", "<xmp", "<plaintext")
"""Where ``<`` may not start a tag: text that holds one is sent whole."""
RAW_TEXT = re.compile("|".join(re.escape(opening) for opening in RAW_TEXT_OPENINGS), re.IGNORECASE)
RAW_TEXT_CANDIDATE = re.compile(r"<(?:[!A-Z]|s[cCtT]|t[eEiI]|x[mM]|p[lL])")
"""Where RAW_TEXT may match (its first two characters in any case), found fast: RAW_TEXT itself,
which ignores case, is tried at every character."""
ICON_START = '<span class="twemoji"><svg'
ICON_END = "</svg></span>"
"""Material's icons and emoji (``:material-calendar:``): an SVG in a span, with no text."""


def text_for_index(content: str) -> str:
    """``content`` without what Pagefind would read and then leave out: the elements marked
    ``data-pagefind-ignore="all"`` (a paper page's related papers, links and BibTeX; a listing's
    papers) and icons (an SVG each, with no text).
    Pagefind's work on the other core slows MkDocs' own. Sent whole when a tag could hide in a
    comment or a script (notes may hold raw HTML)."""
    if may_hide_tags(content):
        return content
    return without_icons(without_ignored_elements(content))


def may_hide_tags(content: str) -> bool:
    return any(RAW_TEXT.match(content, candidate.start()) for candidate in RAW_TEXT_CANDIDATE.finditer(content))


def without_ignored_elements(content: str) -> str:
    """``content`` without the elements marked ``data-pagefind-ignore="all"``; whole if one of
    them is never closed. Found from the attribute (a few on a page) rather than by trying an
    expression at every tag."""
    kept, position, found = [], 0, 0
    while (found := content.find(IGNORE_ATTRIBUTE, found)) != -1:
        start = ignored_element_around(content, position, found)
        if start is None:
            found += len(IGNORE_ATTRIBUTE)
            continue
        end = element_end(content, start)
        if end is None:
            return content
        kept.append(content[position : start.start()])
        position = found = end
    if not kept:
        return content
    kept.append(content[position:])
    return "".join(kept)


def ignored_element_around(content: str, position: int, found: int) -> re.Match[str] | None:
    """The tag, if any, that holds the attribute found at ``found``: it opens at a ``<`` after
    the last ``>`` before it (the first such ``<`` where IGNORED_ELEMENT matches)."""
    tag_start = content.find("<", max(content.rfind(">", position, found) + 1, position), found)
    while tag_start != -1:
        if start := IGNORED_ELEMENT.match(content, tag_start):
            return start
        tag_start = content.find("<", tag_start + 1, found)
    return None


def without_icons(content: str) -> str:
    """``content`` without Material's icon spans (an SVG and nothing else); a span that starts
    like one and holds more is kept, with everything after it."""
    kept, position = [], 0
    while (start := content.find(ICON_START, position)) != -1:
        end = content.find("</span>", start)
        if end == -1 or not content.endswith(ICON_END, start, end + len("</span>")):
            break  # not the span Material makes
        kept.append(content[position:start])
        position = end + len("</span>")
    if not kept:
        return content
    kept.append(content[position:])
    return "".join(kept)


def element_end(content: str, start: re.Match[str]) -> int | None:
    """Where the element opened by ``start`` ends, after its closing tag (counting nested
    elements of the same name); None if it is never closed."""
    name = start[1].lower()
    if name in VOID_ELEMENTS or start[0].endswith("/>"):
        return start.end()
    tags = re.compile(rf"<(/?){re.escape(name)}(?=[\s/>])[^>]*>", re.IGNORECASE)
    depth = 1
    for tag in tags.finditer(content, start.end()):
        depth += -1 if tag[1] else 1
        if depth == 0:
            return tag.end()
    return None
