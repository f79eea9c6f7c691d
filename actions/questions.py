"""The orientation questions, asked with the Helpdesk's exact options as buttons."""

from __future__ import annotations

import json

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot.domain.taxonomy import (
    CHALLENGES_QUESTION,
    CITY_QUESTION,
    READINESS_OPTIONS,
    READINESS_QUESTION,
    SUPPORT_OPTIONS,
    SUPPORT_QUESTION,
)

SKIP_BUTTON = {"title": "Skip this question", "payload": "/skip"}


def choice(title: str, intent: str, entity: str, value: str) -> dict:
    return {"title": title, "payload": f"/{intent}{json.dumps({entity: value})}"}


class _Question(Action):
    action_name = ""
    text = ""

    def buttons(self) -> list[dict]:
        return []

    def name(self) -> str:
        return self.action_name

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[dict]:
        dispatcher.utter_message(text=self.text, buttons=self.buttons() + [SKIP_BUTTON])
        return []


class ActionAskCity(_Question):
    action_name = "action_ask_city"
    text = CITY_QUESTION


class ActionAskReadiness(_Question):
    action_name = "action_ask_readiness"
    text = READINESS_QUESTION

    def buttons(self) -> list[dict]:
        return [choice(title, "inform_readiness", "readiness", key)
                for key, title in READINESS_OPTIONS.items()]


class ActionAskChallenges(_Question):
    action_name = "action_ask_challenges"
    text = CHALLENGES_QUESTION


class ActionAskSupportWanted(_Question):
    action_name = "action_ask_support_wanted"
    text = SUPPORT_QUESTION

    def buttons(self) -> list[dict]:
        return [choice(title, "inform_support", "support", key)
                for key, title in SUPPORT_OPTIONS.items()] + [
            choice("All three", "inform_support", "support", "all")]
