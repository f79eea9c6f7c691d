"""Trackers built with Tracker.from_dict, and the action server's database pointed at a test one."""

from __future__ import annotations

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from tests.conftest import run_coroutine as run  # noqa: F401  (the action tests' runner)

SLOTS = ("city", "country", "readiness", "challenges", "pathways_confirmed", "support_wanted",
         "pathways", "place", "recommendations", "recommendation_offset", "orientation_complete",
         "requested_slot")


def make_tracker(text: str, intent: str = "inform_place", confidence: float = 0.95,
                 entities: list[dict] | None = None, ranking: list[dict] | None = None,
                 sender: str = "test-conversation", **slots) -> Tracker:
    latest = {"text": text, "intent": {"name": intent, "confidence": confidence},
              "entities": entities or [], "intent_ranking": [{"name": intent,
                                                              "confidence": confidence}]}
    if ranking is not None:
        latest["pathway_ranking"] = ranking
    return Tracker.from_dict({
        "sender_id": sender, "slots": {name: slots.get(name) for name in SLOTS},
        "latest_message": latest, "paused": False, "followup_action": None,
        # As Rasa sends it: the conversation so far ends with the latest user message.
        "events": [{"event": "user", "text": text, "parse_data": latest}],
        "active_loop": {"name": "orientation_form"}, "latest_action_name": "action_listen"})


@pytest.fixture
def dispatcher() -> CollectingDispatcher:
    return CollectingDispatcher()


@pytest.fixture(autouse=True)
def action_database(sqlite_url, monkeypatch) -> str:
    monkeypatch.setenv("DATABASE_URL", sqlite_url)
    monkeypatch.setenv("BROKER_TODAY", "2026-11-24")
    return sqlite_url
