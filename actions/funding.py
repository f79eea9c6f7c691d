"""Funding calls on request, at any point of the conversation."""

from __future__ import annotations

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.offload import off_loop
from actions.recommend import format_recommendation, profile_from
from bot.config.settings import load_settings
from bot.domain import answers
from bot.domain.answers import Message
from bot.domain.taxonomy import describe_pathways
from bot.services.recommendations import calls_closing_soon

FUNDING_QUESTIONS = ("ask_calls_closing_soon", "ask_funding_for_topic")


async def send_calls(dispatcher: CollectingDispatcher, tracker: Tracker,
                     message: Message) -> None:
    """Open and forthcoming calls, nearest deadline first, on the topic asked if any."""
    pathways = answers.topic_pathways(message) if message.intent == "ask_funding_for_topic" \
        else None
    profile = profile_from(tracker)
    today = load_settings().today()
    calls = await off_loop(calls_closing_soon, profile, today, pathways)
    topic = f" on {describe_pathways(pathways)}" if pathways else ""
    if not calls:
        dispatcher.utter_message(text=f"I know of no open or forthcoming call{topic} right now. "
                                      "New calls are added as the EU publishes them.")
        return
    dispatcher.utter_message(text=f"Funding calls{topic} you can still apply to, "
                                  "nearest deadline first:")
    for call in calls:
        dispatcher.utter_message(text=format_recommendation(call))


class ActionShowCalls(Action):
    def name(self) -> str:
        return "action_show_calls"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[dict]:
        await send_calls(dispatcher, tracker, Message.from_parse(tracker.latest_message or {}))
        return []
