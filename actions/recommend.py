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
from bot.domain.answers import ANSWER_SLOTS, SKIPPED, country_phrase
from bot.domain.insights import classification_outcome, pathways_history
from bot.domain.intake import Intake
from bot.domain.languages import DEFAULT_LANGUAGE, supported
from bot.domain.matching import CityProfile, page
from bot.domain.replies import pathway, phrase, reason_text, said
from bot.domain.textnorm import escape_user_text
from bot.services.intake import record_intake, record_shown
from bot.services.recommendations import for_city


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


def utter_recommendation(dispatcher: CollectingDispatcher, domain: DomainDict,
                         item: dict) -> None:
    """One offer per message (one bubble in the widget): the name links to the offer and the
    reason follows on the next line."""
    dispatcher.utter_message(response="utter_recommendation",
                             label=phrase(domain, f"utter_part_kind_{item['kind']}"),
                             link=markdown.link(item["name"], item["url"]),
                             provider=markdown.escape(item["provider"]) or phrase(
                                 domain, f"utter_part_provider_{item['kind']}"),
                             reason=reason_text(domain, item["reason"]))


def say_descriptions_are_english(dispatcher: CollectingDispatcher, domain: DomainDict) -> None:
    """Catalogue entries keep their source's words (English): said once before a list in any
    other language."""
    if supported(domain.get("language")) != DEFAULT_LANGUAGE:
        dispatcher.utter_message(response="utter_descriptions_in_english")


def pathway_list(domain: DomainDict, keys: list[str]) -> str:
    """The pathways in plain words, as one phrase: "funding and financing and ..."."""
    return said(domain, [pathway(key) for key in keys])


async def send_page(dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict,
                    items: list[dict], offset: int) -> list[dict]:
    """The next page of offers, noted as shown for the insights."""
    chunk, next_offset = page(items, offset)
    await off_loop(record_shown, tracker.sender_id, chunk)
    for item in chunk:
        utter_recommendation(dispatcher, domain, item)
    remaining = len(items) - next_offset
    if remaining == 1:
        dispatcher.utter_message(response="utter_one_more")
    elif remaining > 1:
        dispatcher.utter_message(response="utter_more", count=remaining)
    elif chunk:
        dispatcher.utter_message(response="utter_no_more")
    return [SlotSet("recommendation_offset", next_offset)]


class ActionSaveIntake(Action):
    def name(self) -> str:
        return "action_save_intake"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[dict]:
        place = tracker.get_slot("place") or {}
        pathways = list(tracker.get_slot("pathways") or [])
        intake = Intake(
            conversation_id=tracker.sender_id,
            city=_answer(tracker, "city"),
            country_code=_answer(tracker, "country"),
            geonameid=place.get("geonameid"),
            is_mission_city=place.get("is_mission_city"),
            readiness=_answer(tracker, "readiness"),
            challenge_text=_answer(tracker, "challenges"),
            pathways=pathways,
            support_wanted=list(_answer(tracker, "support_wanted") or []),
            skipped=[name for name in ANSWER_SLOTS if tracker.get_slot(name) == SKIPPED],
            language=tracker.get_slot("language"),
            population=place.get("population"),
            pathways_outcome=classification_outcome(pathways, *pathways_history(tracker.events)),
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
        city = escape_user_text(profile.city) if profile.city else ""
        country = country_phrase(profile.country, domain.get("language"))
        where = phrase(domain, "utter_part_city_in_country", city=city, country=country) \
            if city and country else city or country or phrase(domain, "utter_part_your_city")
        if not found:
            dispatcher.utter_message(response="utter_no_offers", place=where)
            return [SlotSet("recommendations", []), SlotSet("recommendation_offset", 0)]
        topics = pathway_list(domain, list(profile.pathways))
        if topics:
            dispatcher.utter_message(response="utter_recommendations_intro_on_topics",
                                     place=where, topics=topics)
        else:
            dispatcher.utter_message(response="utter_recommendations_intro", place=where)
        say_descriptions_are_english(dispatcher, domain)
        return [SlotSet("recommendations", found)] + await send_page(
            dispatcher, tracker, domain, found, 0)


class ActionShowMore(Action):
    def name(self) -> str:
        return "action_show_more"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[dict]:
        items = tracker.get_slot("recommendations") or []
        offset = int(tracker.get_slot("recommendation_offset") or 0)
        if not items:
            dispatcher.utter_message(response="utter_no_recommendations_yet")
            return []
        if offset >= len(items):
            dispatcher.utter_message(response="utter_no_more")
            return []
        return await send_page(dispatcher, tracker, domain, items, offset)
