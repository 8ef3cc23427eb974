"""The meaning model: its vendored files, its tokenizer, and what its vectors say."""

import hashlib

import numpy as np
import pytest

from generator.analyse.meaning import MODEL_FOLDER, MOST_TOKENS, Encoder
from generator.analyse.wordpiece import WordPiece

# Token ids as the `tokenizers` package (0.23) gives them for the model's tokenizer.json: the
# cases where a tokenizer written anew could part from it.
PINNED = [
    (
        "Café naïve Ünïcödé 中文 zero\u200bwidth\u00a0space",
        [101, 7668, 15743, 27260, 1746, 1861, 5717, 9148, 11927, 2232, 2686, 102],
    ),
    ("x\u2028y\ttab\x0bvt", [101, 1060, 1061, 21628, 2615, 2102, 102]),
    ("\ufffd\x00ok e\u0301", [101, 7929, 1041, 102]),
    (
        "Schrödinger's state-space (SSM) models, 3.5% better!",
        [
            101,
            8040,
            8093,
            7716,
            9912,
            1005,
            1055,
            2110,
            1011,
            2686,
            1006,
            7020,
            2213,
            1007,
            4275,
            1010,
            1017,
            1012,
            1019,
            1003,
            2488,
            999,
            102,
        ],
    ),
    ("a" * 120 + " end", [101, 100, 2203, 102]),  # a word over 100 characters is one unknown token
    (
        "supercalifragilistic quantumchromodynamics",
        [101, 3565, 9289, 10128, 29181, 24411, 4588, 8559, 2818, 21716, 7716, 18279, 22924, 102],
    ),
]


@pytest.mark.parametrize(("text", "ids"), PINNED)
def test_word_pieces_are_the_reference_tokenizers(text, ids):
    assert WordPiece(MODEL_FOLDER / "tokenizer.json", MOST_TOKENS).ids(text) == ids


def test_a_long_text_is_cut_to_the_models_length_and_special_tokens_in_text_are_words():
    tokenizer = WordPiece(MODEL_FOLDER / "tokenizer.json", MOST_TOKENS)
    ids = tokenizer.ids("word " * 1000)
    assert len(ids) == MOST_TOKENS and ids[0] == 101 and ids[-1] == 102
    assert 101 not in tokenizer.ids("the [CLS] token")[1:]  # untrusted text cannot make a special token


def test_the_vendored_files_are_the_ones_the_model_readme_names():
    readme = (MODEL_FOLDER / "README.md").read_text(encoding="utf-8")
    for name in ("weights.npz", "tokenizer.json"):
        assert hashlib.sha256((MODEL_FOLDER / name).read_bytes()).hexdigest() in readme, name
    assert "Apache License" in (MODEL_FOLDER / "LICENSE").read_text(encoding="utf-8")


def test_vectors_say_what_texts_mean_and_are_the_same_bytes_each_time():
    encoder = Encoder()
    eating, bread, baby = (
        encoder.encode(text)
        for text in ("A man is eating food.", "A man is eating a piece of bread.", "The girl is carrying a baby.")
    )
    assert eating.dtype == np.float32 and eating.shape == (384,)
    assert abs(float(np.linalg.norm(eating)) - 1) < 1e-5
    assert float(eating @ bread) > 0.7 > 0.1 > float(eating @ baby)  # the model card's example, as published
    assert encoder.encode("A man is eating food.").tobytes() == eating.tobytes()
