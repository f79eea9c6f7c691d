"""Funding calls on request, at any point of the conversation."""

from __future__ import annotations

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.offload import off_loop
from actions.recommend import (
    pathway_list,
    profile_from,
    say_descriptions_are_english,
    utter_recommendation,
)
from bot.config.settings import load_settings
from bot.domain import answers
from bot.domain.answers import Message
from bot.services.recommendations import calls_closing_soon

FUNDING_QUESTIONS = ("ask_calls_closing_soon", "ask_funding_for_topic")


async def send_calls(dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict,
                     message: Message) -> None:
    """Open and forthcoming calls, nearest deadline first, on the topic asked if any."""
    pathways = answers.topic_pathways(message) if message.intent == "ask_funding_for_topic" \
        else None
    profile = profile_from(tracker)
    today = load_settings().today()
    calls = await off_loop(calls_closing_soon, profile, today, pathways)
    topic = pathway_list(domain, pathways) if pathways else ""
    if not calls:
        if topic:
            dispatcher.utter_message(response="utter_no_calls_on_topic", topic=topic)
        else:
            dispatcher.utter_message(response="utter_no_calls")
        return
    if topic:
        dispatcher.utter_message(response="utter_calls_intro_on_topic", topic=topic)
    else:
        dispatcher.utter_message(response="utter_calls_intro")
    say_descriptions_are_english(dispatcher, domain)
    for call in calls:
        utter_recommendation(dispatcher, domain, call)


class ActionShowCalls(Action):
    def name(self) -> str:
        return "action_show_calls"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[dict]:
        message = Message.from_parse(tracker.latest_message or {})
        await send_calls(dispatcher, tracker, domain, message)
        return []
