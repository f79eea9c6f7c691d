"""Repair: the fallback's clarifying question, a request to rephrase, and what comes after."""

from __future__ import annotations

from rasa_sdk import Action, Tracker
from rasa_sdk.events import UserUtteranceReverted
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.handoff import escalate
from bot.domain.replies import phrase

# Intents the bot may ask about when it is unsure: "Did you want to <description>?" (the
# descriptions are the responses `utter_part_intent_<intent>`).
AFFIRMABLE_INTENTS = ("start_orientation", "ask_climate_neutrality", "ask_mission_cities",
                      "ask_nzc_offer", "ask_pathways", "ask_data_use", "request_human",
                      "show_more", "correct_answer")


class ActionDefaultAskRephrase(Action):
    def name(self) -> str:
        return "action_default_ask_rephrase"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[dict]:
        dispatcher.utter_message(response="utter_ask_rephrase")
        return []


class ActionDefaultFallback(Action):
    """The end of the two-stage fallback: not understood twice, so a person takes over."""

    def name(self) -> str:
        return "action_default_fallback"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[dict]:
        return await escalate(dispatcher, tracker, domain, "repeated_fallback")


class ActionCoreFallback(Action):
    """The dialogue is unsure what to do next: say so and forget the message."""

    def name(self) -> str:
        return "action_core_fallback"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[dict]:
        dispatcher.utter_message(response="utter_give_up")
        return [UserUtteranceReverted()]


class ActionDefaultAskAffirmation(Action):
    def name(self) -> str:
        return "action_default_ask_affirmation"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[dict]:
        ranking = (tracker.latest_message or {}).get("intent_ranking") or []
        candidates = [item["name"] for item in ranking if item["name"] in AFFIRMABLE_INTENTS]
        if not candidates:
            dispatcher.utter_message(response="utter_ask_rephrase")
            return []
        intent = candidates[0]
        dispatcher.utter_message(
            response="utter_ask_affirmation",
            intent_description=phrase(domain, f"utter_part_intent_{intent}"),
            buttons=[{"title": phrase(domain, "utter_part_button_yes"), "payload": f"/{intent}"},
                     {"title": phrase(domain, "utter_part_button_something_else"),
                      "payload": "/deny"}])
        return []
