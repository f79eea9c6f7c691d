"""The NumPy sentence encoder gives the embeddings of the reference implementation."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from bot.domain.sentence_encoder import (
    DIMENSION,
    EncoderFilesError,
    SentenceEncoder,
    memoised,
    model_directory,
    shared_encoder,
)

# Recorded once with sentence-transformers on PyTorch from the same model files (see the file).
REFERENCE = Path(__file__).resolve().parents[1] / "fixtures" / "sentence_encoder" / \
    "reference_embeddings.json"


def test_embeddings_equal_the_reference_implementation():
    reference = json.loads(REFERENCE.read_text(encoding="utf-8"))
    ours = shared_encoder().encode(reference["texts"])
    expected = np.array(reference["embeddings"], dtype=np.float32)
    assert ours.shape == expected.shape == (len(reference["texts"]), DIMENSION)
    assert np.abs(ours - expected).max() < 1e-5


def test_a_batch_gives_what_each_text_gives_alone():
    texts = ["no money", "our council has too few staff to plan the heat transition properly"]
    together = shared_encoder().encode(texts)
    alone = np.vstack([shared_encoder().encode([text]) for text in texts])
    assert np.abs(together - alone).max() < 1e-5
    assert np.allclose(np.linalg.norm(together, axis=1), 1.0, atol=1e-5)
    assert shared_encoder().encode([]).shape == (0, DIMENSION)


def test_similar_meanings_are_closer_than_different_ones():
    money, funding, data = shared_encoder().encode(
        ["we have no money", "there is no funding for our projects", "we lack emissions data"])
    assert money @ funding > money @ data + 0.2


def test_files_that_are_not_the_published_ones_are_refused(tmp_path):
    copy = tmp_path / "model"
    shutil.copytree(model_directory(), copy)
    tokenizer = copy / "tokenizer.json"
    tokenizer.write_text(tokenizer.read_text().replace("[UNK]", "[UNKNOWN]", 1))
    with pytest.raises(EncoderFilesError, match="tokenizer.json"):
        SentenceEncoder(copy)
    (copy / "model.safetensors").unlink()
    with pytest.raises(EncoderFilesError, match="model.safetensors"):
        SentenceEncoder(copy)


def test_memoised_encoding_embeds_each_text_once():
    calls: list[list[str]] = []

    def encode(texts):
        calls.append(list(texts))
        return shared_encoder().encode(texts)

    cached = memoised(encode)
    first = cached(["a", "b", "a"])
    second = cached(["b", "c"])
    assert calls == [["a", "b"], ["c"]]
    assert np.array_equal(first[0], first[2]) and np.array_equal(first[1], second[0])
