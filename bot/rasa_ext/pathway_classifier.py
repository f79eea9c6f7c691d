"""Rasa NLU component that adds `pathway_ranking` (six pathways with confidences) to each message.

It trains on the examples of the `challenge_<pathway>` intents, so the same training data feeds
DIET's intents and this multi-label model, and `broker classify` measures what the bot ships.
"""

from __future__ import annotations

import pickle
import re
from collections.abc import Callable
from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.constants import SPACY_DOCS
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.domain.pathway_model import PathwayModel
from bot.domain.sentence_encoder import MODEL_NAME, shared_encoder
from bot.domain.taxonomy import CHALLENGE_INTENT_PREFIX

OUTPUT_KEY = "pathway_ranking"
MODEL_FILE = "pathway_model.pkl"


_WORDS = re.compile(r"\w+|[^\w\s]")


def lemma_text(doc) -> str:
    """Lower-case lemmas: 'retrofitting buildings' and 'retrofit a building' look alike."""
    return " ".join(token.lemma_.lower() or token.lower_ for token in doc if not token.is_space)


class EncoderMismatch(RuntimeError):
    """The model's embeddings come from another sentence encoder than the one installed."""


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class PathwayClassifier(GraphComponent):
    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {"intent_prefix": CHALLENGE_INTENT_PREFIX, "random_seed": 42,
                "regularisation": 16.0, "clause_weight": 0.6, "char_weight": 0.3,
                "embedding_weight": 1.0,
                # Part of the configuration so that a new encoder means a new model, never one
                # taken from Rasa's training cache.
                "sentence_encoder": MODEL_NAME}

    def __init__(self, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
                 model: PathwayModel | None = None) -> None:
        self._config = config
        self._model_storage = model_storage
        self._resource = resource
        self._model = model

    @classmethod
    def create(cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> PathwayClassifier:
        return cls(config, model_storage, resource)

    def _normalise(self, message: Message) -> str:
        doc = message.get(SPACY_DOCS[TEXT])
        return lemma_text(doc) if doc is not None else message.get(TEXT, "").lower()

    def train(self, training_data: TrainingData) -> Resource:
        prefix = self._config["intent_prefix"]
        examples = [ex for ex in training_data.intent_examples
                    if (ex.get("intent") or "").startswith(prefix)]
        if not examples:
            return self._resource
        model = PathwayModel(self._config["random_seed"], self._config["regularisation"],
                             self._config["clause_weight"], self._config["char_weight"],
                             self._config["embedding_weight"])
        model.fit([ex.get(TEXT) for ex in examples],
                  [ex.get("intent")[len(prefix):] for ex in examples],
                  [self._normalise(ex) for ex in examples])
        self._model = model
        with self._model_storage.write_to(self._resource) as directory:
            (directory / MODEL_FILE).write_bytes(pickle.dumps(model))
        return self._resource

    @classmethod
    def load(cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> PathwayClassifier:
        model = None
        try:
            with model_storage.read_from(resource) as directory:
                model = pickle.loads((directory / MODEL_FILE).read_bytes())
        except (ValueError, FileNotFoundError):
            model = None
        if model is not None and model.embedding_weight:
            trained_with = getattr(model, "encoder_name", "an older sentence encoder")
            if trained_with != MODEL_NAME:
                raise EncoderMismatch(
                    f"the pathway model was trained with {trained_with}, the bot now uses "
                    f"{MODEL_NAME}: train the model again (make model)")
            shared_encoder()  # load the sentence encoder now, not on the first message
        return cls(config, model_storage, resource, model)

    def process(self, messages: list[Message]) -> list[Message]:
        if self._model is None:
            return messages
        for message in messages:
            text = message.get(TEXT) or ""
            if not text.strip() or text.startswith("/"):
                message.set(OUTPUT_KEY, [], add_to_output=True)
                continue
            ranking = self._model.rank(text, lemmatiser(message.get(SPACY_DOCS[TEXT])))
            message.set(OUTPUT_KEY, [score.as_dict() for score in ranking], add_to_output=True)
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data


def lemmatiser(doc) -> Callable[[str], str]:
    """Maps a clause of the message to lemmas, using the lemmas spaCy found for the message."""
    if doc is None:
        return lambda piece: piece.lower()
    lemma_of = {token.lower_: (token.lemma_ or token.lower_).lower() for token in doc}
    return lambda piece: " ".join(
        lemma_of.get(word.lower(), word.lower()) for word in _WORDS.findall(piece))
