"""Rasa NLU featurizer that gives DIET the message's multilingual sentence embedding.

Word and character counts tell intents apart only in the words of the training examples; the
sentence embedding (bot/domain/sentence_encoder.py) places "talk to a person", "bir insanla
konuşmak istiyorum" and "quero falar com alguém" together, so a handful of examples per language
is enough. The pathway classifier embeds the same text, and the encoder's cache makes that free.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.featurizers.dense_featurizer.dense_featurizer import DenseFeaturizer
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.domain.sentence_encoder import MODEL_NAME, shared_encoder


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER],
                          is_trainable=False)
class SentenceFeaturizer(DenseFeaturizer, GraphComponent):
    @staticmethod
    def get_default_config() -> dict[str, Any]:
        # The encoder's name is configuration: a new encoder means a new model, never one
        # taken from Rasa's training cache.
        return {**DenseFeaturizer.get_default_config(), "sentence_encoder": MODEL_NAME}

    @classmethod
    def validate_config(cls, config: dict[str, Any]) -> None:
        """Nothing to validate: the encoder is fixed by the installed package."""

    @classmethod
    def create(cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> SentenceFeaturizer:
        shared_encoder()  # load the model now, not on the first message
        return cls(execution_context.node_name, config)

    def _featurize(self, messages: list[Message]) -> None:
        chosen = [message for message in messages if message.get(TEXT)]
        if not chosen:
            return
        vectors = shared_encoder().encode([message.get(TEXT) for message in chosen])
        for message, vector in zip(chosen, vectors, strict=True):
            self.add_features_to_message(None, np.asarray(vector)[None, :], TEXT, message)

    def process(self, messages: list[Message]) -> list[Message]:
        self._featurize(messages)
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        self._featurize(training_data.training_examples)
        return training_data
