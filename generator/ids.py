"""Paper and digest ids: derived from text, stable, unique, short and safe as file names."""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata

from generator.tex import spoken
from generator.text import one_line

ARXIV_VERSION = re.compile(r"v\d+$")
"""2310.01234v2 and 2310.01234 are one paper."""
SLUG_MAX_LENGTH = 48
"""Keeps ids (slug + hash) under 60 characters: fine on every file system and in URLs."""


def normalized_title(title: str) -> str:
    """The title reduced to what identifies a paper: case, spacing and punctuation are ignored.

    Two listings of one paper that differ only in those (``BERT`` vs ``Bert``, ``A: B`` vs
    ``A - B``) get one id, so they become one page and can never collide by case alone.
    """
    folded = unicodedata.normalize("NFKC", title).casefold()
    words = re.findall(r"[^\W_]+", folded)
    return " ".join(words)


@functools.lru_cache(maxsize=1 << 16)  # asked three times of each title as digests are read and merged
def title_key(title: str) -> str:
    """What makes two titles the same paper: the normalised title, or for a title with no letters
    or digits at all (``???``), the title itself."""
    return normalized_title(title) or title.strip()


def slug(text: str, max_length: int = SLUG_MAX_LENGTH) -> str:
    """ASCII words joined by hyphens, cut at a word boundary; empty when nothing ASCII is left."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    result = ""
    for word in words:
        candidate = f"{result}-{word}" if result else word
        if len(candidate) > max_length:
            break
        result = candidate
    return result or (words[0][:max_length] if words else "")


def paper_id(title: str) -> str:
    """``<slug>-<8 hex digits>``: readable, and unique through a hash of the normalised title.

    The hash makes the id independent of the digest's order and of the other papers, so adding
    or re-ordering papers never changes an id (and never orphans a note). The readable part is
    the title's words as a reader says them: TeX command names left out, Greek letters named
    ("Sums in $\\mathbb F_p^3$" is sums-in-f-p-3, "$\\mu_0$-Net" mu-0-net).
    """
    key = title_key(title)
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:8]
    return f"{slug(spoken(title)) or 'paper'}-{digest}"


def id_hash(identifier: str) -> str | None:
    """The hash part of a paper id: the same for every id a title has had (see paper_id)."""
    hashed = identifier.rsplit("-", 1)[-1]
    return hashed if re.fullmatch(r"[0-9a-f]{8}", hashed) else None


def digest_id(file_stem: str) -> str:
    """A digest's id from its file name, e.g. ``2026-03-12 HF papers`` -> ``2026-03-12-hf-papers``."""
    return slug(file_stem, max_length=80) or "digest-" + hashlib.sha256(file_stem.encode("utf-8")).hexdigest()[:8]


def text_fingerprint(text: str) -> str:
    """8 hex digits that change when the words of a text change (white space does not count).

    A note records the fingerprint of the abstract it was written against, so a page can say
    when the abstract has changed since.
    """
    return hashlib.sha256(words_joined(text).encode("utf-8")).hexdigest()[:8]


def words_joined(text: str) -> str:
    """``" ".join(text.split())``, cheaper for a cleaned abstract (see
    :func:`generator.read.clean.clean_text`): its paragraphs joined, it takes one_line's shortcut."""
    return one_line(text.replace("\n\n", " ")).strip(" ")


def arxiv_key(arxiv_id: str) -> str:
    """An arXiv id as pages and maps look it up: its version dropped, in lower case."""
    return ARXIV_VERSION.sub("", arxiv_id).lower()
