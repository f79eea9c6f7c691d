"""The response generator answers in the conversation's language, also after Rasa hands it a
newly loaded model's responses (as it does at start-up, when the generator was built empty)."""

from __future__ import annotations

from rasa.shared.core.domain import Domain
from rasa.shared.core.events import SlotSet
from rasa.shared.core.trackers import DialogueStateTracker

from bot.domain.translations import translated_responses
from bot.rasa_ext.nlg import LocalisedNLG
from tests.conftest import run_coroutine

DOMAIN = Domain.load("domain.yml")


def said(nlg: LocalisedNLG, language: str | None, response: str) -> str | None:
    events = [SlotSet("language", language)] if language else []
    tracker = DialogueStateTracker.from_events("nlg", events, slots=DOMAIN.slots)
    message = run_coroutine(nlg.generate(response, tracker, "rest"))
    return message and message["text"]


def test_each_language_gets_its_words_and_english_is_the_default():
    nlg = LocalisedNLG(None, DOMAIN)
    english = DOMAIN.responses["utter_ask_readiness"][0]["text"]
    assert said(nlg, None, "utter_ask_readiness") == english
    assert said(nlg, "en", "utter_ask_readiness") == english
    assert said(nlg, "tr", "utter_ask_readiness") == \
        translated_responses("tr")["utter_ask_readiness"][0]["text"]


def test_responses_handed_over_after_creation_are_used():
    nlg = LocalisedNLG(None, None)  # as Rasa creates it before the model is loaded
    nlg.responses = DOMAIN.responses  # what Rasa's agent does on loading a model
    assert said(nlg, "en", "utter_ask_readiness") == \
        DOMAIN.responses["utter_ask_readiness"][0]["text"]
    assert said(nlg, "de", "utter_greet") == translated_responses("de")["utter_greet"][0]["text"]
