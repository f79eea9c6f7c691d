"""One simulated officer: answers what the bot asks, as its visit's script says, over REST."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import requests
import yaml

from evaluation.converse.corpus import COME_BACK, Visit

MAX_MESSAGES = 40
TIMEOUT_S = 60
FORM = "orientation_form"
DEFAULT_ANSWERS = {"pathways_confirmed": ("[Yes, that's right]",)}


@dataclass
class Turn:
    said: str
    sent: str
    replies: list[dict]
    requested_slot: str | None


@dataclass
class Transcript:
    """What a visit said and got, and the tracker at its end."""

    visit: Visit
    sender: str
    turns: list[Turn] = field(default_factory=list)
    outcome: str | None = None
    outcome_at: int | None = None  # messages sent when the outcome was reached
    script_problems: list[str] = field(default_factory=list)
    events: list[dict] = field(default_factory=list)
    slots: dict = field(default_factory=dict)


class RasaRest:
    """The Rasa server's REST channel and HTTP API."""

    def __init__(self, url: str, token: str) -> None:
        self.url = url.rstrip("/")
        self.token = token
        self.http = requests.Session()

    def say(self, sender: str, text: str) -> list[dict]:
        response = self.http.post(f"{self.url}/webhooks/rest/webhook",
                                  json={"sender": sender, "message": text}, timeout=TIMEOUT_S)
        response.raise_for_status()
        return response.json()

    def tracker(self, sender: str) -> dict:
        response = self.http.get(f"{self.url}/conversations/{sender}/tracker",
                                 params={"token": self.token}, timeout=TIMEOUT_S)
        response.raise_for_status()
        return response.json()

    def new_session(self, sender: str) -> None:
        """What Rasa does when an officer comes back after the session expired."""
        response = self.http.post(f"{self.url}/conversations/{sender}/execute",
                                  params={"token": self.token},
                                  json={"name": "action_session_start"}, timeout=TIMEOUT_S)
        response.raise_for_status()


def outcome_of(events: list[dict]) -> str | None:
    """`handoff` once the conversation was paused for the Helpdesk, `recommendations` once they
    were made, else None."""
    for event in events:
        if event.get("event") == "pause":
            return "handoff"
        if event.get("event") == "action" and event.get("name") == "action_recommend":
            return "recommendations"
    return None


@cache
def _english_payloads() -> dict[str, str]:
    """Button titles of domain.yml → payloads: a visit scripted in English clicks the same
    button when the bot shows it in the officer's language."""
    domain = yaml.safe_load((Path(__file__).resolve().parents[2] / "domain.yml").read_text(
        encoding="utf-8"))
    return {button["title"]: button["payload"] for variations in domain["responses"].values()
            for variation in variations for button in variation.get("buttons") or ()}


def button_payload(replies: list[dict], title: str) -> str | None:
    english = _english_payloads().get(title)
    for reply in reversed(replies):
        for button in reply.get("buttons") or ():
            if button.get("title") == title or (english and button.get("payload") == english):
                return button.get("payload")
    return None


class Officer:
    """Chooses the next message: an interjection that is due, the opening, else the answer to
    the question the bot asks."""

    def __init__(self, visit: Visit) -> None:
        self.visit = visit
        self.opening = list(visit.opening)
        self.pending = sorted(visit.interject, key=lambda item: item.after)
        self.used: dict[str, int] = {}

    def next_message(self, sent: int, requested_slot: str | None) -> tuple[str | None, str]:
        """The message, or None with the reason there is nothing to say."""
        if self.pending and self.pending[0].after <= sent:
            return self.pending.pop(0).say, ""
        if self.opening:
            return self.opening.pop(0), ""
        if requested_slot is None:
            return None, "the bot asks nothing and the visit has not reached its outcome"
        answers = self.visit.answers.get(requested_slot) or DEFAULT_ANSWERS.get(requested_slot)
        if not answers:
            return None, f"the script has no answer to the question '{requested_slot}'"
        count = self.used.get(requested_slot, 0)
        self.used[requested_slot] = count + 1
        return answers[min(count, len(answers) - 1)], ""


def run_visit(rasa: RasaRest, visit: Visit) -> Transcript:
    """Play one visit to its outcome (or until the officer has nothing left to say)."""
    transcript = Transcript(visit, sender=f"newcomer-{visit.id}-{uuid.uuid4().hex[:6]}")
    officer = Officer(visit)
    replies: list[dict] = []
    requested_slot: str | None = None
    tracker: dict = {}
    while len(transcript.turns) < MAX_MESSAGES:
        said, problem = officer.next_message(len(transcript.turns), requested_slot)
        if said is None:
            transcript.script_problems.append(problem)
            break
        if said == COME_BACK:
            rasa.new_session(transcript.sender)
            continue
        sent = said
        if said.startswith("[") and said.endswith("]"):
            sent = button_payload(replies, said[1:-1]) or ""
            if not sent:
                transcript.script_problems.append(f"no button {said} after turn "
                                                  f"{len(transcript.turns)}")
                sent = said[1:-1]
        replies = rasa.say(transcript.sender, sent)
        tracker = rasa.tracker(transcript.sender)
        active = (tracker.get("active_loop") or {}).get("name")
        requested_slot = tracker["slots"].get("requested_slot") if active == FORM else None
        transcript.turns.append(Turn(said, sent, replies, requested_slot))
        transcript.outcome = outcome_of(tracker["events"])
        if transcript.outcome:
            transcript.outcome_at = len(transcript.turns)
            break
    transcript.events = tracker.get("events", [])
    transcript.slots = tracker.get("slots", {})
    return transcript
