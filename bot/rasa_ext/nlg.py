"""Rasa's response generator, answering in the conversation's language (the `language` slot).

Rasa's own templated generator, one per language, over domain.yml's responses with that
language's translations (bot/domain/translations.py) in their place: the choice of a variation by
its conditions and the filling of `{variables}` stay Rasa's. It runs inside the Rasa server
(endpoints.yml `nlg: type:`), so a reply never waits for another process.
"""

from __future__ import annotations

from typing import Any

from rasa.core.nlg import TemplatedNaturalLanguageGenerator
from rasa.shared.core.domain import Domain
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import EndpointConfig

from bot.domain.languages import supported
from bot.domain.translations import responses_in

LANGUAGE_SLOT = "language"


class LocalisedNLG(TemplatedNaturalLanguageGenerator):
    """A templated generator (so Rasa hands it each newly loaded model's responses, as
    `responses`) with one generator per language over them."""

    def __init__(self, endpoint_config: EndpointConfig | None = None,
                 domain: Domain | None = None) -> None:
        super().__init__(domain.responses if domain is not None else {})
        self._generators: dict[str, TemplatedNaturalLanguageGenerator] = {}
        self._built_from: object = None

    def _generator(self, language: str) -> TemplatedNaturalLanguageGenerator:
        if self._built_from is not self.responses:  # a new model brought new responses
            self._generators, self._built_from = {}, self.responses
        if language not in self._generators:
            self._generators[language] = TemplatedNaturalLanguageGenerator(
                responses_in(language, self.responses))
        return self._generators[language]

    async def generate(self, utter_action: str, tracker: DialogueStateTracker,
                       output_channel: str, **kwargs: Any) -> dict[str, Any] | None:
        slots = tracker.current_slot_values()
        generator = self._generator(supported(slots.get(LANGUAGE_SLOT)))
        return generator.generate_from_slots(utter_action, slots, output_channel, **kwargs)
