"""Handing the conversation to the Helpdesk: record first, then tell the user, then pause."""

from __future__ import annotations

from datetime import datetime, timezone

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ConversationPaused
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.offload import off_loop
from bot.config.settings import load_settings
from bot.domain.answers import ANSWER_SLOTS, SKIPPED
from bot.domain.handoff.hours import HelpdeskHours
from bot.domain.handoff.messages import handoff_reply
from bot.domain.handoff.rules import escalation_reason
from bot.domain.languages import supported
from bot.services.handoff import escalate as record_escalation


async def escalate(dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict,
                   reason: str) -> list[dict]:
    """Record the escalation with what the bot knows, tell the user what happens next, pause."""
    profile = {name: tracker.get_slot(name) for name in ANSWER_SLOTS
               if tracker.get_slot(name) not in (None, SKIPPED)}
    shown_until = int(tracker.get_slot("recommendation_offset") or 0)
    shown = [{"kind": item["kind"], "key": item["key"], "name": item["name"]}
             for item in (tracker.get_slot("recommendations") or [])[:shown_until]]
    await off_loop(record_escalation, tracker.sender_id, reason, profile,
                   list(tracker.get_slot("pathways") or []), shown,
                   supported(tracker.get_slot("language")))
    settings = load_settings()
    response, values = handoff_reply(
        domain, reason, HelpdeskHours.parse(settings.helpdesk_hours), datetime.now(timezone.utc),
        settings.helpdesk_reply_time, settings.helpdesk_contact_url)
    dispatcher.utter_message(response=response, **values)
    return [ConversationPaused()]


class ActionEscalate(Action):
    def name(self) -> str:
        return "action_escalate"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[dict]:
        reason = next(tracker.get_latest_entity_values("handoff_reason"), None) or \
            escalation_reason(tracker.events) or "asked_for_person"
        return await escalate(dispatcher, tracker, domain, reason)
