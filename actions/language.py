"""The conversation's language, switched by the user."""

from __future__ import annotations

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict


class ActionSwitchLanguage(Action):
    """"In English please", "türkçe" or a language button: the slot is already set from the
    message (bot/rasa_ext/language_detector.py), so the confirmation comes in the new language;
    a request naming no language gets the language buttons."""

    def name(self) -> str:
        return "action_switch_language"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[dict]:
        chosen = any(entity.get("entity") == "language"
                     for entity in (tracker.latest_message or {}).get("entities") or [])
        dispatcher.utter_message(response="utter_language_switched" if chosen
                                 else "utter_ask_language")
        return []
