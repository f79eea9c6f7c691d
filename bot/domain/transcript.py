"""A conversation's transcript, read from Rasa's tracker events."""

from __future__ import annotations

import re
from datetime import datetime, timezone

EVENT_LABELS = {"pause": "Conversation passed to the Helpdesk (bot paused)",
                "resume": "Conversation handed back to the bot"}


def transcript(events: list[dict]) -> list[dict]:
    """Who said what, when: user and bot messages, and the hand-over markers."""
    lines = []
    for event in events:
        kind = event.get("event")
        when = datetime.fromtimestamp(float(event.get("timestamp") or 0), tz=timezone.utc)
        stamp = when.strftime("%Y-%m-%d %H:%M:%S UTC")
        if kind == "user" and event.get("text"):
            lines.append({"who": "user", "text": event["text"], "time": stamp})
        elif kind == "bot" and event.get("text"):
            agent = (event.get("metadata") or {}).get("helpdesk_agent")
            lines.append({"who": f"helpdesk ({agent})" if agent else "bot",
                          "text": event["text"], "time": stamp})
        elif kind in EVENT_LABELS:
            lines.append({"who": "system", "text": EVENT_LABELS[kind], "time": stamp})
    return lines


_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def left_after_handoff(events: list[dict]) -> tuple[str | None, str | None]:
    """The e-mail address and the message a user wrote after the conversation was passed on.

    The bot asks for them only with consent ("by writing it you agree that the Helpdesk uses
    it only to answer you"), so an address written then is kept for that purpose."""
    paused_at = max((index for index, event in enumerate(events)
                     if event.get("event") == "pause"), default=None)
    if paused_at is None:
        return None, None
    written = [event["text"] for event in events[paused_at:]
               if event.get("event") == "user" and event.get("text")]
    emails = [match for text in written for match in _EMAIL.findall(text)]
    return (emails[-1] if emails else None), ("\n".join(written) or None)
