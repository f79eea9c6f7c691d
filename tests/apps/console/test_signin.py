"""Signing in to the console: password check, the signed and expiring cookie, CSRF on form
posts, signing out."""

from __future__ import annotations

import base64
import re
import time

from bot.apps.console.auth import SESSION_COOKIE, SESSION_SECONDS, csrf_token, session_cookie
from bot.apps.console.headers import CONTENT_SECURITY_POLICY
from bot.storage import audit
from bot.storage.session import session_scope
from tests.apps.console.conftest import SECRET, STAFF, escalate, sign_in, with_console


def test_a_sign_in_without_the_form_s_token_is_refused(settings):
    async def scenario(client):
        forged = await client.post("/login", data={"username": STAFF[0], "password": STAFF[1]},
                                   allow_redirects=False)
        wrong = await client.post("/login", allow_redirects=False, data={
            "username": STAFF[0], "password": STAFF[1], "csrf": "0" * 64})
        return forged.status, SESSION_COOKIE in forged.cookies, await forged.text(), \
            wrong.status

    status, cookie, page, wrong = with_console(settings, None, scenario)
    assert (status, cookie, wrong) == (403, False, 403)
    assert "The sign-in form expired; please sign in again." in page


def test_the_right_password_signs_in(settings):
    async def scenario(client):
        answer = await sign_in(client)
        cookie = answer.cookies[SESSION_COOKIE]
        queue = await client.get("/", allow_redirects=False)
        return answer.status, answer.headers["Location"], cookie, queue.status, await queue.text()

    status, location, cookie, queue_status, page = with_console(settings, None, scenario)
    assert (status, location) == (303, "/")
    assert cookie["httponly"] and cookie["samesite"] == "Strict"
    assert int(cookie["max-age"]) == SESSION_SECONDS
    assert queue_status == 200 and "Escalations waiting" in page and "ana" in page


def test_a_wrong_password_or_user_does_not(settings):
    async def scenario(client):
        results = []
        for username, password in ((STAFF[0], "not the password"), ("nobody", STAFF[1])):
            answer = await sign_in(client, username, password)
            results.append((answer.status, SESSION_COOKIE in answer.cookies, await answer.text()))
        queue = await client.get("/", allow_redirects=False)
        return results, queue.status, queue.headers.get("Location")

    results, status, location = with_console(settings, None, scenario)
    for answer_status, has_cookie, page in results:
        assert answer_status == 401 and not has_cookie
        assert "Wrong user name or password." in page
    assert (status, location) == (303, "/login")


def get_with_cookie(settings, cookie: str, path: str = "/"):
    async def scenario(client):
        client.session.cookie_jar.update_cookies({SESSION_COOKIE: cookie})
        answer = await client.get(path, allow_redirects=False)
        return answer.status, answer.headers.get("Location")
    return with_console(settings, None, scenario)


def test_a_valid_cookie_is_a_session(settings):
    assert get_with_cookie(settings, session_cookie(SECRET, "ana")) == (200, None)


def test_an_expired_cookie_is_not(settings):
    expired = session_cookie(SECRET, "ana", now=time.time() - SESSION_SECONDS - 1)
    assert get_with_cookie(settings, expired) == (303, "/login")
    assert get_with_cookie(settings, expired, "/api/escalations")[0] == 401


def test_a_tampered_or_foreign_cookie_is_not(settings):
    username, expires, signature = base64.urlsafe_b64decode(
        session_cookie(SECRET, "ana")).decode().rsplit("|", 2)
    as_someone_else = base64.urlsafe_b64encode(
        f"admin|{expires}|{signature}".encode()).decode()
    longer = base64.urlsafe_b64encode(
        f"{username}|{int(expires) + 10**6}|{signature}".encode()).decode()
    for cookie in (as_someone_else, longer, session_cookie("another secret", "ana"),
                   "not base64 at all!", ""):
        assert get_with_cookie(settings, cookie) == (303, "/login"), cookie


def test_form_posts_need_the_pages_csrf_token(settings, database):
    escalation_id = escalate(database, "c-csrf")

    async def scenario(client):
        await sign_in(client)
        cookie = client.session.cookie_jar.filter_cookies(client.make_url("/"))[
            SESSION_COOKIE].value
        page = await (await client.get(f"/escalations/{escalation_id}")).text()
        path = f"/escalations/{escalation_id}/claim"
        missing = await client.post(path, data={}, allow_redirects=False)
        wrong = await client.post(path, data={"csrf": "0" * 64}, allow_redirects=False)
        other = await client.post(path, data={"csrf": csrf_token(SECRET, "another cookie")},
                                  allow_redirects=False)
        status_before = (await (await client.get(
            f"/api/escalations/{escalation_id}")).json())["status"]
        right = await client.post(path, data={"csrf": csrf_token(SECRET, cookie)},
                                  allow_redirects=False)
        after = await (await client.get(f"/api/escalations/{escalation_id}")).json()
        return (page, csrf_token(SECRET, cookie), [(a.status, await a.text())
                                                   for a in (missing, wrong, other)],
                status_before, right.status, right.headers["Location"], after)

    page, token, refused, status_before, status, location, after = with_console(
        settings, None, scenario)
    assert f'name="csrf" value="{token}"' in page, "each form carries the session's token"
    assert refused == [(403, "The form expired; reload the page.")] * 3
    assert status_before == "open", "a refused form changes nothing"
    assert (status, location) == (303, f"/escalations/{escalation_id}")
    assert (after["status"], after["assignee"]) == ("claimed", "ana")


def test_logout_ends_the_session(settings):
    async def scenario(client):
        await sign_in(client)
        signed_in = (await client.get("/", allow_redirects=False)).status
        answer = await client.post("/logout", allow_redirects=False)
        removed = answer.cookies[SESSION_COOKIE]
        after = await client.get("/", allow_redirects=False)
        return signed_in, answer.status, answer.headers["Location"], removed, after.status, \
            after.headers.get("Location")

    signed_in, status, location, removed, after, after_location = with_console(
        settings, None, scenario)
    assert signed_in == 200
    assert (status, location) == (303, "/login")
    assert removed.value == "" and removed["max-age"] == "0"
    assert (after, after_location) == (303, "/login")


def test_the_sign_in_form_and_health_are_open(settings):
    async def scenario(client):
        form = await client.get("/login")
        health = await client.get("/health")
        return form.status, await form.text(), health.status, await health.json()

    form_status, form, health_status, health = with_console(settings, None, scenario)
    assert form_status == 200 and 'id="password"' in form and "Sign out" not in form
    assert (health_status, health) == (200, {"status": "ok"})


def test_a_failed_sign_in_is_answered_later_and_too_many_lock_the_address_out(settings,
                                                                            database):
    with session_scope(database) as session:
        for _ in range(4):
            audit.record(session, "sign_in_failed", "ana", "127.0.0.1")

    async def scenario(client):
        started = time.monotonic()
        wrong = await sign_in(client, STAFF[0], "still not it")
        waited = time.monotonic() - started
        locked = await sign_in(client)  # the right password, after five failures
        return wrong.status, waited, locked.status, await locked.text(), \
            SESSION_COOKIE in locked.cookies

    wrong, waited, locked, page, cookie = with_console(settings, None, scenario)
    assert wrong == 401 and waited >= 0.5 * 2 ** 4, "the fifth failure waits 16 times the first"
    assert locked == 429 and not cookie
    assert "Too many failed sign-ins. Try again in 5 minutes." in page
    with session_scope(database) as session:
        assert [entry.action for entry in audit.entries(session, limit=2)] == [
            "sign_in_refused", "sign_in_failed"]


def test_every_answer_carries_the_security_headers_and_pages_no_inline_script(settings):
    async def scenario(client):
        answers = [await client.get("/login"), await client.get("/", allow_redirects=False),
                   await client.get("/static/console.css")]
        await sign_in(client)
        answers.append(await client.get("/no-such-page"))
        escalation = escalate(settings.database_url, "headers-1")
        answers.append(await client.get(f"/escalations/{escalation}"))
        answers.append(await client.get("/insights"))
        return [(answer.status, dict(answer.headers), await answer.text()) for answer in answers]

    answers = with_console(settings, None, scenario)
    assert [status for status, *_ in answers] == [200, 303, 200, 404, 200, 200]
    for status, headers, body in answers:
        assert headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY, status
        assert "script-src 'self'" in CONTENT_SECURITY_POLICY
        assert "frame-ancestors 'none'" in CONTENT_SECURITY_POLICY
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "no-referrer"
        assert "Strict-Transport-Security" not in headers, "plain HTTP: no HSTS"
        if headers.get("Content-Type", "").startswith("text/html"):
            assert not re.search(r"<script(?![^>]*\bsrc=)", body), "no inline script"
            assert not re.search(r"<(?!rect|path|svg|text)[a-z]+[^>]*\sstyle=", body)
            assert "<style" not in body
    escalation_page = answers[4][2]
    assert '<script src="/static/escalation.js"></script>' in escalation_page
