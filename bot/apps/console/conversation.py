"""The console's moves in a conversation, shared by pages and API: the services keep the
escalation's record, Rasa's HTTP API carries the words to the user."""

from __future__ import annotations

from bot.apps.console.context import Console, off_loop
from bot.domain.errors import NotFound
from bot.domain.transcript import transcript
from bot.integrations.rasa_http import RasaUnavailable
from bot.services import helpdesk

HANDED_BACK = "utter_handed_back"  # the bot's words on the hand-back live in domain.yml


async def details(console: Console, escalation_id: int) -> tuple[dict, list[dict], str | None]:
    """The escalation, its transcript, and why the transcript is missing (Rasa unreachable)."""
    escalation = await off_loop(helpdesk.escalation, escalation_id)
    try:
        tracker = await console.rasa.tracker(escalation["conversation_id"])
    except RasaUnavailable as error:
        return escalation, [], str(error)
    events = tracker.get("events") or []
    escalation = await off_loop(helpdesk.keep_what_user_left, escalation_id, events)
    return escalation, transcript(events), None


async def claim(console: Console, escalation_id: int, agent: str, text: str = "") -> dict:
    return await off_loop(helpdesk.claim, escalation_id, agent)


async def reply(console: Console, escalation_id: int, agent: str, text: str = "") -> dict:
    escalation = await off_loop(helpdesk.unresolved, escalation_id)
    message = helpdesk.reply_text(text)
    await console.rasa.say(escalation["conversation_id"], message, agent)
    return await off_loop(helpdesk.record_reply, escalation_id, agent)


async def resolve(console: Console, escalation_id: int, agent: str, text: str = "") -> dict:
    escalation = await off_loop(helpdesk.unresolved, escalation_id)
    await console.rasa.resume(escalation["conversation_id"])
    await console.rasa.execute(escalation["conversation_id"], HANDED_BACK)
    return await off_loop(helpdesk.resolve, escalation_id, agent)


MOVES = {"claim": claim, "reply": reply, "resolve": resolve}


async def move(console: Console, escalation_id: int, action: str, agent: str,
               text: str = "") -> dict:
    """Claim, reply or resolve; the escalation as it is afterwards."""
    if action not in MOVES:
        raise NotFound(f"no move {action!r}")
    return await MOVES[action](console, escalation_id, agent, text)
