"""When the bot hands a conversation to a person."""

from __future__ import annotations

from collections.abc import Sequence

# Intents that are themselves a reason to escalate.
ESCALATING_INTENTS = {
    "request_human": "asked_for_person",
    "express_frustration": "frustration",
    "ask_legal_advice": "legal_question",
}
REASON_TEXT = {
    "asked_for_person": "asked to talk to a person",
    "frustration": "was frustrated with the bot",
    "legal_question": "asked for legal or contractual advice on an application",
    "repeated_fallback": "was not understood twice in a row",
    "rejected_recommendations": "said the recommendations do not fit",
}
FALLBACK_INTENT = "nlu_fallback"
RECOMMENDING_ACTIONS = ("action_recommend", "action_show_more", "action_show_calls")


def _user_intents(events: Sequence[dict]) -> list[str]:
    return [((event.get("parse_data") or {}).get("intent") or {}).get("name") or ""
            for event in events if event.get("event") == "user"]


def escalation_reason(events: Sequence[dict]) -> str | None:
    """The reason to escalate after the latest user message, or None to carry on.

    `events` is the conversation's event list (as in Rasa's tracker): the latest user message
    is the last "user" event.
    """
    intents = _user_intents(events)
    if not intents:
        return None
    latest = intents[-1]
    if latest in ESCALATING_INTENTS:
        return ESCALATING_INTENTS[latest]
    if len(intents) >= 2 and intents[-1] == intents[-2] == FALLBACK_INTENT:
        return "repeated_fallback"
    if latest == "deny" and _last_bot_action(events) in RECOMMENDING_ACTIONS:
        return "rejected_recommendations"
    return None


def _last_bot_action(events: Sequence[dict]) -> str | None:
    """The last action before the latest user message, listening aside."""
    seen_user = False
    for event in reversed(events):
        if event.get("event") == "user":
            if seen_user:
                return None
            seen_user = True
        elif seen_user and event.get("event") == "action" and \
                event.get("name") not in ("action_listen", None):
            return event["name"]
    return None
