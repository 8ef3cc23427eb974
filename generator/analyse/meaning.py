"""Paper vectors by meaning: the sentence-embedding model all-MiniLM-L6-v2, run with NumPy.

The model (6 transformer layers, 384 dimensions; weights and tokenizer vendored in
``model/``, see its README for source, licence and checksums) maps a paper's title and
abstract to a unit vector; papers about the same thing in other words get close vectors.
It runs on the CPU with no download and no deep-learning framework: the forward pass below
is the BERT encoder written out in NumPy, with mean pooling as the model was trained.

Each text is encoded alone, never in a batch: padding a batch changes the shapes that the
BLAS kernels see, and with them the last bits of the result. Encoded alone, a text gets the
same vector whatever else is new, so a site built with a warm cache and one built from
nothing have the same bytes.
"""

from __future__ import annotations

from functools import cached_property
from pathlib import Path

import numpy as np

from generator.analyse.wordpiece import WordPiece
from generator.text import without_addresses

MODEL_FOLDER = Path(__file__).parent / "model"
MODEL_ID = "all-MiniLM-L6-v2-int8-numpy-1"
"""Names the model and the way it is run: part of every cache key, so a change here embeds anew."""
DIMENSIONS = 384
MOST_TOKENS = 256
"""The model was trained on at most 256 word pieces; longer texts are cut (most abstracts fit)."""
LAYERS, HEADS = 6, 12
LAYER_NORM_EPSILON = 1e-12


def text_to_embed(title: str, abstract: str) -> str:
    """What a paper's vector is made from: its title, then its abstract, addresses left out
    (a GitHub address says nothing of what the paper is about)."""
    return without_addresses(f"{title}. {abstract}".strip())


class Encoder:
    """The model, loaded on first use (about half a second)."""

    @cached_property
    def _tokenizer(self) -> WordPiece:
        return WordPiece(MODEL_FOLDER / "tokenizer.json", MOST_TOKENS)

    @cached_property
    def _weights(self) -> dict[str, np.ndarray]:
        stored = np.load(MODEL_FOLDER / "weights.npz")
        weights = {}
        for name in stored.files:
            if name.endswith(".scale"):
                continue
            if name.endswith(".int8"):
                base = name[: -len(".int8")]
                weights[base] = stored[name].astype(np.float32) * stored[base + ".scale"][:, None]
            else:
                weights[name] = stored[name]
        # Linear layers are stored (out, in); transposed once so that each product reads x @ W.
        for name in [name for name in weights if name.endswith("dense.weight") or ".self." in name]:
            if name.endswith(".weight"):
                weights[name] = np.ascontiguousarray(weights[name].T)
        return weights

    def encode(self, text: str) -> np.ndarray:
        """The unit vector of one text (float32, DIMENSIONS long)."""
        ids = np.array(self._tokenizer.ids(text), dtype=np.int64)
        hidden = self._embedded(ids)
        for layer in range(LAYERS):
            hidden = self._layer(hidden, f"encoder.layer.{layer}.")
        pooled = hidden.mean(axis=0)
        return (pooled / np.linalg.norm(pooled)).astype(np.float32)

    def _embedded(self, ids: np.ndarray) -> np.ndarray:
        weight = self._weights
        hidden = (
            weight["embeddings.word_embeddings.weight"][ids]
            + weight["embeddings.position_embeddings.weight"][: len(ids)]
            + weight["embeddings.token_type_embeddings.weight"][0]
        )
        return layer_norm(hidden, weight["embeddings.LayerNorm.weight"], weight["embeddings.LayerNorm.bias"])

    def _layer(self, hidden: np.ndarray, prefix: str) -> np.ndarray:
        weight = self._weights
        length, width = hidden.shape
        head_width = width // HEADS

        def heads(name: str) -> np.ndarray:
            projected = hidden @ weight[f"{prefix}attention.self.{name}.weight"]
            projected += weight[f"{prefix}attention.self.{name}.bias"]
            return projected.reshape(length, HEADS, head_width).transpose(1, 0, 2)

        scores = heads("query") @ heads("key").transpose(0, 2, 1)
        scores *= np.float32(1 / np.sqrt(head_width))
        scores = np.exp(scores - scores.max(axis=-1, keepdims=True))
        scores /= scores.sum(axis=-1, keepdims=True)
        context = (scores @ heads("value")).transpose(1, 0, 2).reshape(length, width)
        attended = context @ weight[f"{prefix}attention.output.dense.weight"]
        attended += weight[f"{prefix}attention.output.dense.bias"]
        hidden = layer_norm(
            attended + hidden,
            weight[f"{prefix}attention.output.LayerNorm.weight"],
            weight[f"{prefix}attention.output.LayerNorm.bias"],
        )
        inner = gelu(hidden @ weight[f"{prefix}intermediate.dense.weight"] + weight[f"{prefix}intermediate.dense.bias"])
        output = inner @ weight[f"{prefix}output.dense.weight"] + weight[f"{prefix}output.dense.bias"]
        return layer_norm(
            output + hidden, weight[f"{prefix}output.LayerNorm.weight"], weight[f"{prefix}output.LayerNorm.bias"]
        )


def layer_norm(values: np.ndarray, gain: np.ndarray, bias: np.ndarray) -> np.ndarray:
    centred = values - values.mean(axis=-1, keepdims=True)
    variance = (centred * centred).mean(axis=-1, keepdims=True)
    return centred / np.sqrt(variance + np.float32(LAYER_NORM_EPSILON)) * gain + bias


def gelu(values: np.ndarray) -> np.ndarray:
    """BERT's activation, with the exact error function (the model was trained with it)."""
    from scipy.special import erf

    return np.float32(0.5) * values * (np.float32(1) + erf(values * np.float32(1 / np.sqrt(2))))
