"""BERT's uncased WordPiece tokenizer, as the model's ``tokenizer.json`` describes it.

Written out here rather than taken from the `tokenizers` package, which would bring an HTTP
client, a model hub client and a binary download helper into every install for a few dozen
lines. It gives the same word pieces as `tokenizers` for every text of the arXiv corpus and
the reference digest (benchmarks/README.md, Curation); tests/test_meaning.py pins
the cases where the two could part (accents, CJK, control characters, long words).
"""

from __future__ import annotations

import json
import unicodedata
from functools import cached_property
from pathlib import Path

MOST_WORD_CHARACTERS = 100
"""A longer word is one unknown token, as in BERT."""


class WordPiece:
    """Text to token ids: normalised (cleaned, CJK set apart, accents stripped, lowercased),
    split into words and punctuation, each word cut into the longest pieces of the vocabulary."""

    def __init__(self, tokenizer_json: Path, most_tokens: int) -> None:
        self.path = tokenizer_json
        self.most_tokens = most_tokens

    @cached_property
    def vocabulary(self) -> dict[str, int]:
        return json.loads(self.path.read_text(encoding="utf-8"))["model"]["vocab"]

    def ids(self, text: str) -> list[int]:
        vocabulary = self.vocabulary
        pieces: list[int] = []
        room = self.most_tokens - 2  # [CLS] and [SEP]
        for word in words(normalised(text)):
            pieces.extend(self.word_pieces(word, vocabulary))
            if len(pieces) >= room:
                break
        return [vocabulary["[CLS]"], *pieces[:room], vocabulary["[SEP]"]]

    @staticmethod
    def word_pieces(word: str, vocabulary: dict[str, int]) -> list[int]:
        if len(word) > MOST_WORD_CHARACTERS:
            return [vocabulary["[UNK]"]]
        found, start = [], 0
        while start < len(word):
            end = len(word)
            while end > start:
                piece = word[start:end] if start == 0 else "##" + word[start:end]
                if piece in vocabulary:
                    found.append(vocabulary[piece])
                    break
                end -= 1
            else:
                return [vocabulary["[UNK]"]]  # a word no pieces make is one unknown token
            start = end
        return found


def normalised(text: str) -> str:
    """BertNormalizer(clean_text, handle_chinese_chars, strip_accents=lowercase, lowercase)."""
    kept = []
    for character in text:
        code = ord(character)
        if code == 0 or code == 0xFFFD or is_control(character):
            continue
        if is_whitespace(character):
            kept.append(" ")
        elif is_chinese(code):
            kept.append(f" {character} ")
        else:
            kept.append(character)
    decomposed = unicodedata.normalize("NFD", "".join(kept))
    return "".join(character for character in decomposed if unicodedata.category(character) != "Mn").lower()


def words(text: str) -> list[str]:
    """BertPreTokenizer: split at white space, and every punctuation character a word of its own."""
    found: list[str] = []
    for chunk in text.split():
        current = []
        for character in chunk:
            if is_punctuation(character):
                if current:
                    found.append("".join(current))
                    current = []
                found.append(character)
            else:
                current.append(character)
        if current:
            found.append("".join(current))
    return found


def is_whitespace(character: str) -> bool:
    return character in " \t\n\r" or unicodedata.category(character) == "Zs"


def is_control(character: str) -> bool:
    if character in "\t\n\r":
        return False
    return unicodedata.category(character).startswith("C")


def is_punctuation(character: str) -> bool:
    code = ord(character)
    if 33 <= code <= 47 or 58 <= code <= 64 or 91 <= code <= 96 or 123 <= code <= 126:
        return True
    return unicodedata.category(character).startswith("P")


CHINESE_RANGES = (
    (0x4E00, 0x9FFF),
    (0x3400, 0x4DBF),
    (0x20000, 0x2A6DF),
    (0x2A700, 0x2B73F),
    (0x2B740, 0x2B81F),
    (0x2B820, 0x2CEAF),
    (0xF900, 0xFAFF),
    (0x2F800, 0x2FA1F),
)


def is_chinese(code: int) -> bool:
    return any(low <= code <= high for low, high in CHINESE_RANGES)
