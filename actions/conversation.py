"""Repair: the fallback's clarifying question, a request to rephrase, and what comes after."""

from __future__ import annotations

from rasa_sdk import Action, Tracker
from rasa_sdk.events import UserUtteranceReverted
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.handoff import escalate

# What the bot asks when it is unsure of an intent: "Did you want to <description>?"
INTENT_DESCRIPTIONS = {
    "start_orientation": "find support for your city",
    "ask_climate_neutrality": "know what climate neutrality means",
    "ask_mission_cities": "know the difference between Mission Cities and other cities",
    "ask_nzc_offer": "know what NetZeroCities offers",
    "ask_pathways": "know the six support pathways",
    "ask_data_use": "know how your answers are used",
    "request_human": "talk to a person from the Helpdesk",
    "show_more": "see more recommendations",
    "correct_answer": "change one of your answers",
}


ASK_REPHRASE = "Sorry, I'm not sure I understood. Could you say it in other words?"
GIVE_UP = ("Sorry, I still can't understand that. You can ask me about climate neutrality, "
           "NetZeroCities' offers or the six pathways, or ask to talk to a person.")


class ActionDefaultAskRephrase(Action):
    def name(self) -> str:
        return "action_default_ask_rephrase"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[dict]:
        dispatcher.utter_message(text=ASK_REPHRASE)
        return []


class ActionDefaultFallback(Action):
    """The end of the two-stage fallback: not understood twice, so a person takes over."""

    def name(self) -> str:
        return "action_default_fallback"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[dict]:
        return await escalate(dispatcher, tracker, "repeated_fallback")


class ActionCoreFallback(Action):
    """The dialogue is unsure what to do next: say so and forget the message."""

    def name(self) -> str:
        return "action_core_fallback"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[dict]:
        dispatcher.utter_message(text=GIVE_UP)
        return [UserUtteranceReverted()]


class ActionDefaultAskAffirmation(Action):
    def name(self) -> str:
        return "action_default_ask_affirmation"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[dict]:
        ranking = (tracker.latest_message or {}).get("intent_ranking") or []
        candidates = [item["name"] for item in ranking if item["name"] in INTENT_DESCRIPTIONS]
        if not candidates:
            dispatcher.utter_message(text=ASK_REPHRASE)
            return []
        intent = candidates[0]
        dispatcher.utter_message(
            text=("Sorry, I'm not sure I understood. "
                  f"Did you want to {INTENT_DESCRIPTIONS[intent]}?"),
            buttons=[{"title": "Yes", "payload": f"/{intent}"},
                     {"title": "No, something else", "payload": "/deny"}])
        return []
