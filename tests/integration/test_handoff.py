"""A conversation escalated over REST, answered and handed back through the console's API."""

from __future__ import annotations

import pytest

from tests.integration.conftest import api, say, texts, tracker_events, wait_for

pytestmark = pytest.mark.integration


def test_escalate_answer_and_hand_back(servers, webhook):
    sender = "integration-handoff"
    say(servers, sender, "hi")
    say(servers, sender, "we are from Valongo")
    handed = texts(say(servers, sender, "I want to talk to a person"))
    assert "passed our conversation" in handed and "A person will reply here" in handed

    listed = api(servers, "GET", "/api/escalations").json()["escalations"]
    escalation = next(e for e in listed if e["conversation_id"] == sender)
    assert escalation["status"] == "open" and escalation["reason"] == "asked_for_person"
    assert escalation["profile"]["city"] == "Valongo"

    notice = wait_for(lambda: [n for n in webhook.bodies
                               if n["escalation_id"] == escalation["id"]])
    assert len(notice) == 1 and "Valongo" in notice[0]["text"]

    assert say(servers, sender, "hello? is anyone there?") == [], "the bot stays quiet"
    details = api(servers, "GET", f"/api/escalations/{escalation['id']}").json()
    assert "hello? is anyone there?" in [line["text"] for line in details["transcript"]]

    reply = api(servers, "POST", f"/api/escalations/{escalation['id']}/reply",
                json={"text": "Hello, this is Ana from the NZC Helpdesk."})
    assert reply.status_code == 200 and reply.json()["status"] == "claimed"
    bot_texts = [e.get("text") for e in tracker_events(servers, sender) if e["event"] == "bot"]
    assert "Hello, this is Ana from the NZC Helpdesk." in bot_texts

    resolved = api(servers, "POST", f"/api/escalations/{escalation['id']}/resolve")
    assert resolved.json()["status"] == "resolved"
    bot_texts = [e.get("text") for e in tracker_events(servers, sender) if e["event"] == "bot"]
    assert any("handed our conversation back to me" in (text or "") for text in bot_texts), \
        "the bot tells the user it is back (utter_handed_back)"
    again = texts(say(servers, sender, "what does climate neutrality mean?"))
    assert "net greenhouse-gas emissions to zero" in again, "the bot answers again"


def test_the_api_needs_sign_in_or_the_token(servers):
    assert api(servers, "GET", "/api/escalations", token=None).status_code == 401
    assert api(servers, "GET", "/api/escalations", token="wrong").status_code == 401
    assert api(servers, "GET", "/api/escalations/999999").status_code == 404
