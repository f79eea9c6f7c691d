"""The console's pages: the queue, an escalation with its transcript, and form posts whose
refusals come back as a notice on the escalation's page."""

from __future__ import annotations

from datetime import datetime, timezone
from urllib.parse import unquote

from bot.apps.console.auth import SESSION_COOKIE, csrf_token
from bot.apps.console.pages import waiting_time
from tests.apps.console.conftest import SECRET, escalate, sign_in, with_console


async def signed_in(client) -> str:
    """Sign in; the CSRF token of the session's pages."""
    await sign_in(client)
    cookie = client.session.cookie_jar.filter_cookies(client.make_url("/"))[SESSION_COOKIE]
    return csrf_token(SECRET, cookie.value)


def test_the_queue_lists_what_waits(settings, rasa, database):
    escalation_id = escalate(database, "c-queue")

    async def scenario(client):
        await signed_in(client)
        return await (await client.get("/")).text()

    page = with_console(settings, rasa, scenario)
    assert f'href="/escalations/{escalation_id}"' in page
    assert "asked to talk to a person" in page and "Valongo (PT)" in page
    assert "No webhook is configured" in page


def test_an_escalation_page_shows_the_transcript_as_text(settings, rasa, database):
    escalation_id = escalate(database, "c-page")
    rasa.events["c-page"] = [{"event": "pause", "timestamp": 1},
                             {"event": "user", "text": "<img src=x onerror=alert(1)>",
                              "timestamp": 2}]

    async def scenario(client):
        await signed_in(client)
        found = await client.get(f"/escalations/{escalation_id}")
        missing = await client.get("/escalations/999")
        return found.status, await found.text(), missing.status, await missing.text()

    status, page, missing_status, missing = with_console(settings, rasa, scenario)
    assert status == 200 and "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "<img src=x" not in page
    assert "Conversation passed to the Helpdesk (bot paused)" in page
    assert (missing_status, missing) == (404, "no escalation 999")


def post_form(settings, rasa, path: str, text: str = ""):
    async def scenario(client):
        token = await signed_in(client)
        answer = await client.post(path, data={"csrf": token, "text": text},
                                   allow_redirects=False)
        return answer.status, answer.headers["Location"]
    return with_console(settings, rasa, scenario)


def test_a_reply_form_goes_back_to_the_escalation(settings, rasa, database):
    escalation_id = escalate(database, "c-form")
    assert post_form(settings, rasa, f"/escalations/{escalation_id}/reply", "Hello") == (
        303, f"/escalations/{escalation_id}")
    assert rasa.posts() == [("/conversations/c-form/tracker/events", [
        {"event": "bot", "text": "Hello", "metadata": {"helpdesk_agent": "ana"}}])]


def test_resolving_goes_back_to_the_queue(settings, rasa, database):
    escalation_id = escalate(database, "c-resolve")
    assert post_form(settings, rasa, f"/escalations/{escalation_id}/resolve") == (303, "/")
    assert ("/conversations/c-resolve/execute", {"name": "utter_handed_back"}) in rasa.posts()


def notice(location: str) -> str:
    return unquote(location.split("?notice=", 1)[1])


def test_refusals_come_back_as_a_notice(settings, rasa, database):
    escalation_id = escalate(database, "c-notice")
    status, location = post_form(settings, rasa, f"/escalations/{escalation_id}/reply", "  ")
    assert status == 303 and location.startswith(f"/escalations/{escalation_id}?notice=")
    assert notice(location) == "a reply needs 1 to 4000 characters"
    post_form(settings, rasa, f"/escalations/{escalation_id}/resolve")
    _, location = post_form(settings, rasa, f"/escalations/{escalation_id}/claim")
    assert notice(location) == f"escalation {escalation_id} is already resolved"
    _, location = post_form(settings, rasa, "/escalations/999/claim")
    assert notice(location) == "no escalation 999"
    other = escalate(database, "c-no-rasa")
    _, location = post_form(settings, None, f"/escalations/{other}/reply", "Hello")
    assert notice(location) == "Rasa is not reachable (ClientConnectorError)"


def test_the_notice_is_shown_on_the_page(settings, rasa, database):
    escalation_id = escalate(database, "c-shown")

    async def scenario(client):
        await signed_in(client)
        return await (await client.get(
            f"/escalations/{escalation_id}?notice=a%20reply%20needs%20text")).text()

    assert '<p class="notice" role="alert">a reply needs text</p>' in with_console(
        settings, rasa, scenario)


def test_waiting_time_reads_naive_and_aware_times():
    now = datetime(2026, 11, 24, 12, 0, tzinfo=timezone.utc)
    assert waiting_time("2026-11-24T11:15:00", now) == "45 min"
    assert waiting_time("2026-11-24T09:30:00+00:00", now) == "2 h 30 min"
