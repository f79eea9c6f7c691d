"""The console's JSON API: the bearer token, refusals as status codes with {"error": ...}, and
what reaches Rasa on a reply and on the hand-back."""

from __future__ import annotations

from dataclasses import replace

import pytest

from tests.apps.console.conftest import API_TOKEN, RASA_TOKEN, bearer, escalate, with_console

HANDED_BACK = "utter_handed_back"


def call(settings, rasa, method: str, path: str, headers: dict | None = None, **kwargs):
    """(status, JSON body) of one API request, by default with the API token."""
    async def scenario(client):
        answer = await client.request(method, path, headers=bearer() if headers is None
                                      else headers, **kwargs)
        return answer.status, await answer.json()
    return with_console(settings, rasa, scenario)


@pytest.mark.parametrize("scheme", ["Bearer", "bearer", "BEARER", "bEaReR"])
def test_the_token_is_accepted_with_any_case_of_bearer(settings, rasa, scheme):
    status, body = call(settings, rasa, "GET", "/api/escalations",
                        headers=bearer(scheme=scheme))
    assert (status, body) == (200, {"escalations": []})


@pytest.mark.parametrize("headers", [
    {}, bearer("wrong"), bearer(API_TOKEN.upper()), bearer(API_TOKEN, "Basic"),
    {"Authorization": API_TOKEN}, {"Authorization": "Bearer"}])
def test_no_or_a_wrong_token_is_401(settings, rasa, headers):
    assert call(settings, rasa, "GET", "/api/escalations", headers=headers) == (
        401, {"error": "sign in or send a bearer token"})
    assert call(settings, rasa, "POST", "/api/escalations/1/claim", headers=headers)[0] == 401


def test_an_empty_configured_token_opens_nothing(settings, rasa):
    assert call(replace(settings, helpdesk_api_token=""), rasa, "GET", "/api/escalations",
                headers={"Authorization": "Bearer "})[0] == 401


def test_list_and_filter_by_status(settings, rasa, database):
    first, second = escalate(database, "c-1"), escalate(database, "c-2")
    assert call(settings, rasa, "POST", f"/api/escalations/{second}/resolve")[0] == 200
    _, active = call(settings, rasa, "GET", "/api/escalations")
    assert [item["id"] for item in active["escalations"]] == [first]
    _, resolved = call(settings, rasa, "GET", "/api/escalations?status=resolved")
    assert [item["id"] for item in resolved["escalations"]] == [second]
    assert resolved["escalations"][0]["status"] == "resolved"


@pytest.mark.parametrize(("method", "path"), [
    ("GET", "/api/escalations/999"), ("POST", "/api/escalations/999/claim"),
    ("POST", "/api/escalations/999/reply"), ("POST", "/api/escalations/999/resolve")])
def test_no_such_escalation_is_404(settings, rasa, method, path):
    assert call(settings, rasa, method, path, json={"text": "hi"}) == (
        404, {"error": "no escalation 999"})
    assert rasa.calls == [], "nothing is said to Rasa about a missing escalation"


@pytest.mark.parametrize("action", ["claim", "reply", "resolve"])
def test_a_resolved_escalation_is_409(settings, rasa, database, action):
    escalation_id = escalate(database, "c-done")
    assert call(settings, rasa, "POST", f"/api/escalations/{escalation_id}/resolve")[0] == 200
    said = len(rasa.calls)
    assert call(settings, rasa, "POST", f"/api/escalations/{escalation_id}/{action}",
                json={"text": "hello"}) == (
        409, {"error": f"escalation {escalation_id} is already resolved"})
    assert len(rasa.calls) == said


@pytest.mark.parametrize(("kwargs", "error"), [
    ({"json": {"text": "   "}}, "a reply needs 1 to 4000 characters"),
    ({"json": {"text": "x" * 4001}}, "a reply needs 1 to 4000 characters"),
    ({"json": {}}, "a reply needs 1 to 4000 characters"),
    ({"data": "not json", "headers": {**bearer(), "Content-Type": "application/json"}},
     "send JSON: {\"text\": ...}")])
def test_an_unusable_reply_is_400(settings, rasa, database, kwargs, error):
    escalation_id = escalate(database, "c-empty")
    assert call(settings, rasa, "POST", f"/api/escalations/{escalation_id}/reply",
                **kwargs) == (400, {"error": error})
    assert rasa.calls == []


def test_a_reply_reaches_the_conversation_and_claims(settings, rasa, database):
    escalation_id = escalate(database, "c-reply")
    status, body = call(settings, rasa, "POST", f"/api/escalations/{escalation_id}/reply",
                        json={"text": "  Hello, this is Ana.  "})
    assert status == 200 and (body["status"], body["assignee"]) == ("claimed", "api")
    [sent] = rasa.calls
    assert (sent.method, sent.path) == ("POST", "/conversations/c-reply/tracker/events")
    assert sent.query == {"token": RASA_TOKEN, "output_channel": "latest",
                          "execute_side_effects": "true"}
    assert sent.body == [{"event": "bot", "text": "Hello, this is Ana.",
                          "metadata": {"helpdesk_agent": "api"}}]


def test_resolve_resumes_then_sends_the_domain_response(settings, rasa, database):
    escalation_id = escalate(database, "c-back")
    status, body = call(settings, rasa, "POST", f"/api/escalations/{escalation_id}/resolve")
    assert status == 200 and body["status"] == "resolved" and body["resolved_at"]
    assert rasa.posts() == [
        ("/conversations/c-back/tracker/events",
         [{"event": "resume"}, {"event": "action", "name": "action_listen"}]),
        ("/conversations/c-back/execute", {"name": HANDED_BACK}),
        ("/conversations/c-back/tracker/events", [{"event": "action", "name": "action_listen"}]),
    ]
    execute = rasa.calls[1]
    assert execute.query == {"token": RASA_TOKEN, "output_channel": "latest"}


@pytest.mark.parametrize("running", [True, False])
@pytest.mark.parametrize("action", ["reply", "resolve"])
def test_rasa_failing_is_502_and_the_record_stays(settings, rasa, database, running, action):
    escalation_id = escalate(database, "c-rasa")
    rasa.status = 500
    status, body = call(settings, rasa if running else None, "POST",
                        f"/api/escalations/{escalation_id}/{action}", json={"text": "hello"})
    assert status == 502
    assert body["error"] == ("Rasa answered HTTP 500 for /conversations/c-rasa/tracker/events"
                             if running else "Rasa is not reachable (ClientConnectorError)")
    _, after = call(settings, rasa, "GET", "/api/escalations")
    assert after["escalations"][0]["status"] == "open", "not claimed nor resolved"


def test_details_carry_the_transcript_and_what_the_user_left(settings, rasa, database):
    escalation_id = escalate(database, "c-details")
    rasa.events["c-details"] = [
        {"event": "user", "text": "I want a person", "timestamp": 1},
        {"event": "pause", "timestamp": 2},
        {"event": "user", "text": "Mail me at ana@cm-valongo.pt", "timestamp": 3}]
    status, body = call(settings, rasa, "GET", f"/api/escalations/{escalation_id}")
    assert status == 200 and body["transcript_error"] is None
    assert [line["text"] for line in body["transcript"]][-1] == "Mail me at ana@cm-valongo.pt"
    assert (body["contact_email"], body["user_message"]) == (
        "ana@cm-valongo.pt", "Mail me at ana@cm-valongo.pt")
    assert rasa.calls[0].query == {"token": RASA_TOKEN}


def test_details_without_rasa_still_answer(settings, database):
    escalation_id = escalate(database, "c-alone")
    status, body = call(settings, None, "GET", f"/api/escalations/{escalation_id}")
    assert status == 200 and body["id"] == escalation_id and body["transcript"] == []
    assert body["transcript_error"] == "Rasa is not reachable (ClientConnectorError)"
