"""What the bot tells a user whose conversation goes to the Helpdesk: which response, filled
with what, by the reason and the Helpdesk's hours (the words are in domain.yml)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from bot.domain.handoff.hours import HelpdeskHours
from bot.domain.languages import weekday_name
from bot.domain.replies import phrase

# Reasons whose message starts with a sentence of its own (`utter_part_handoff_opening_<reason>`).
OPENING_REASONS = ("frustration", "legal_question", "repeated_fallback")


def handoff_reply(domain: Mapping[str, Any], reason: str, hours: HelpdeskHours, now: datetime,
                  reply_time: str, contact_url: str) -> tuple[str, dict[str, str]]:
    """The response and its values that say what happens next and when a reply can be
    expected, by the Helpdesk's hours."""
    opening = phrase(domain, f"utter_part_handoff_opening_{reason}") + " " \
        if reason in OPENING_REASONS else ""
    if hours.is_open(now):
        return "utter_handoff_open", {"opening": opening, "reply_time": reply_time}
    opens = hours.next_opening(now)
    next_opening = phrase(domain, "utter_part_next_opening",
                          weekday=weekday_name(opens, domain.get("language")),
                          time=f"{opens:%H:%M}",
                          zone=str(hours.zone).split("/")[-1].replace("_", " "))
    return "utter_handoff_closed", {"opening": opening, "hours": hours.text.rsplit(" ", 1)[0],
                                    "next_opening": next_opening, "contact_url": contact_url}
