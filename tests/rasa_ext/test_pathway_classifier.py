"""The Rasa component refuses a pathway model trained with another sentence encoder."""

from __future__ import annotations

import pickle

import pytest
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource

from bot.domain.pathway_model import PathwayModel
from bot.domain.sentence_encoder import MODEL_NAME
from bot.rasa_ext.pathway_classifier import MODEL_FILE, EncoderMismatch, PathwayClassifier

TEXTS = ["no money", "the budget is too small", "no political will", "slow procedures"]
LABELS = ["finance", "finance", "governance", "governance"]


def _load(tmp_path, model: PathwayModel) -> PathwayClassifier:
    storage = LocalModelStorage(tmp_path)
    resource = Resource("pathway_classifier")
    with storage.write_to(resource) as directory:
        (directory / MODEL_FILE).write_bytes(pickle.dumps(model))
    config = PathwayClassifier.get_default_config()
    return PathwayClassifier.load(config, storage, resource, execution_context=None)


def test_a_model_of_this_encoder_loads_and_ranks(tmp_path):
    model = PathwayModel(random_seed=1).fit(TEXTS, LABELS)
    assert model.encoder_name == MODEL_NAME
    assert PathwayClassifier.get_default_config()["sentence_encoder"] == MODEL_NAME
    loaded = _load(tmp_path, model)
    assert loaded._model.rank("we have no money")[0].pathway == "finance"


def test_a_model_of_another_encoder_is_refused_with_what_to_do(tmp_path):
    model = PathwayModel(random_seed=1).fit(TEXTS, LABELS)
    model.encoder_name = "another-encoder"
    with pytest.raises(EncoderMismatch, match="another-encoder.*make model"):
        _load(tmp_path, model)
    del model.encoder_name  # a model saved before models recorded their encoder
    with pytest.raises(EncoderMismatch, match="older sentence encoder"):
        _load(tmp_path, model)
