"""What the bot tells a user whose conversation goes to the Helpdesk."""

from __future__ import annotations

from datetime import datetime

from bot.domain.handoff.hours import HelpdeskHours

OPENINGS = {
    "frustration": "I'm sorry this isn't helping. ",
    "legal_question": "I can't give legal or contractual advice on a specific application. ",
    "repeated_fallback": "I'm sorry, I still don't understand. ",
    "rejected_recommendations": "",
    "asked_for_person": "",
}


def handoff_message(reason: str, hours: HelpdeskHours, now: datetime, reply_time: str,
                    contact_url: str) -> str:
    """Says what happens next and when a reply can be expected, by the Helpdesk's hours."""
    opening = OPENINGS.get(reason, "")
    if hours.is_open(now):
        return (f"{opening}I've passed our conversation, with your answers so far, to the NZC "
                f"Helpdesk team. A person will reply here, usually {reply_time}. Until they "
                "hand you back to me I'll stay quiet; everything you write here reaches them.")
    return (f"{opening}I've passed our conversation, with your answers so far, to the NZC "
            f"Helpdesk team. They work {hours.text.rsplit(' ', 1)[0]} and are not at work now; "
            f"they will read it from {hours.describe_next_opening(now)}. You can leave a "
            "message here. If you would like an answer by e-mail, write your e-mail address "
            "too: by writing it you agree that the Helpdesk uses it only to answer you. "
            f"You can also reach them through {contact_url}.")
