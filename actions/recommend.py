"""Storing the intake and showing recommendations, a page at a time."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.offload import off_loop
from bot.config.settings import load_settings
from bot.domain import markdown
from bot.domain.answers import SKIPPED, country_phrase
from bot.domain.intake import Intake
from bot.domain.matching import CityProfile, page
from bot.domain.taxonomy import describe_pathways
from bot.domain.textnorm import escape_user_text
from bot.services.intake import record_intake
from bot.services.recommendations import for_city

ANSWER_SLOTS = ("city", "country", "readiness", "challenges", "support_wanted")
NO_MORE = ("That's everything I found for now. Change an answer to see other suggestions, "
           "or ask to talk to a person from the Helpdesk.")


def _answer(tracker: Tracker, name: str) -> Any:
    value = tracker.get_slot(name)
    return None if value == SKIPPED else value


def profile_from(tracker: Tracker) -> CityProfile:
    place = tracker.get_slot("place") or {}
    return CityProfile(
        city=_answer(tracker, "city"),
        country=_answer(tracker, "country"),
        population=place.get("population"),
        is_mission_city=bool(place.get("is_mission_city")),
        pathways={item["pathway"]: float(item["confidence"])
                  for item in tracker.get_slot("pathways") or []},
        support_wanted=tuple(_answer(tracker, "support_wanted") or ()),
    )


def format_recommendation(item: dict) -> str:
    """One offer per message (one bubble in the widget): the name links to the offer and the
    reason follows on the next line (a Markdown line break: socket.io splits at blank lines)."""
    label = {"service": "Support", "call": "Funding call", "peer": "Peers to learn from"}
    return (f"{label[item['kind']]}: {markdown.link(item['name'], item['url'])} "
            f"({markdown.escape(item['provider'])}){markdown.LINE_BREAK}{item['reason']}")


def send_page(dispatcher: CollectingDispatcher, items: list[dict], offset: int) -> list[dict]:
    chunk, next_offset = page(items, offset)
    for item in chunk:
        dispatcher.utter_message(text=format_recommendation(item))
    remaining = len(items) - next_offset
    if remaining > 0:
        dispatcher.utter_message(
            text=f"There {'is' if remaining == 1 else 'are'} {remaining} more.",
            buttons=[{"title": "Show more", "payload": "/show_more"}])
    elif chunk:
        dispatcher.utter_message(text=NO_MORE)
    return [SlotSet("recommendation_offset", next_offset)]


class ActionSaveIntake(Action):
    def name(self) -> str:
        return "action_save_intake"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[dict]:
        place = tracker.get_slot("place") or {}
        intake = Intake(
            conversation_id=tracker.sender_id,
            city=_answer(tracker, "city"),
            country_code=_answer(tracker, "country"),
            geonameid=place.get("geonameid"),
            is_mission_city=place.get("is_mission_city"),
            readiness=_answer(tracker, "readiness"),
            challenge_text=_answer(tracker, "challenges"),
            pathways=list(tracker.get_slot("pathways") or []),
            support_wanted=list(_answer(tracker, "support_wanted") or []),
            skipped=[name for name in ANSWER_SLOTS if tracker.get_slot(name) == SKIPPED],
        )
        await off_loop(record_intake, intake)
        return [SlotSet("orientation_complete", True)]


class ActionRecommend(Action):
    def name(self) -> str:
        return "action_recommend"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[dict]:
        profile = profile_from(tracker)
        today = load_settings().today()
        found = await off_loop(for_city, profile, today)
        where = ", ".join(part for part in (
            escape_user_text(profile.city) if profile.city else "",
            country_phrase(profile.country)) if part) or "your city"
        topics = describe_pathways(list(profile.pathways))
        if not found:
            dispatcher.utter_message(text=f"I found no offer that fits {where} right now. "
                                          "The Helpdesk team can help: just ask for a person.")
            return [SlotSet("recommendations", []), SlotSet("recommendation_offset", 0)]
        about = f", for {topics}" if topics else ""
        dispatcher.utter_message(text=f"Here is support that fits {where}{about}:")
        return [SlotSet("recommendations", found)] + send_page(dispatcher, found, 0)


class ActionShowMore(Action):
    def name(self) -> str:
        return "action_show_more"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[dict]:
        items = tracker.get_slot("recommendations") or []
        offset = int(tracker.get_slot("recommendation_offset") or 0)
        if not items:
            dispatcher.utter_message(text="I have not made any recommendations yet. Tell me "
                                          "about your city first: say \"let's start\".")
            return []
        if offset >= len(items):
            dispatcher.utter_message(text=NO_MORE)
            return []
        return send_page(dispatcher, items, offset)
