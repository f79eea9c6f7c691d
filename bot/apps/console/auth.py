"""Console sign-in: signed, expiring session cookies, a CSRF token bound to the session, and
who is asking (the API's bearer token or a signed-in user)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import time

from bot.domain.bearer import bearer_matches

SESSION_COOKIE = "helpdesk_session"
LOGIN_COOKIE = "helpdesk_sign_in"  # binds the sign-in form's CSRF token
SESSION_SECONDS = 12 * 3600
API_USER = "api"  # who a request with the API token is, in assignments and replies


def _sign(secret: str, message: str) -> str:
    return hmac.new(secret.encode(), message.encode(), hashlib.sha256).hexdigest()


def session_cookie(secret: str, username: str, now: float | None = None) -> str:
    expires = int((now or time.time()) + SESSION_SECONDS)
    body = f"{username}|{expires}"
    token = f"{body}|{_sign(secret, body)}"
    return base64.urlsafe_b64encode(token.encode()).decode()


def session_user(secret: str, cookie: str | None, now: float | None = None) -> str | None:
    """The signed-in user of a valid, unexpired cookie."""
    if not cookie:
        return None
    try:
        username, expires, signature = base64.urlsafe_b64decode(cookie.encode()).decode().rsplit(
            "|", 2)
    except (ValueError, UnicodeDecodeError):
        return None
    if not hmac.compare_digest(signature, _sign(secret, f"{username}|{expires}")):
        return None
    return username if int(expires) > (now or time.time()) else None


def csrf_token(secret: str, cookie: str) -> str:
    return _sign(secret, f"csrf|{cookie}")


def check_csrf(secret: str, cookie: str | None, token: str | None) -> bool:
    return bool(cookie and token) and hmac.compare_digest(csrf_token(secret, cookie), token)


def requester(secret: str, api_token: str, authorization: str | None,
              cookie: str | None) -> str | None:
    """Who is asking: the API user for the API token (any case of "Bearer"), else the
    signed-in user of the session cookie, else nobody."""
    if bearer_matches(authorization, api_token):
        return API_USER
    return session_user(secret, cookie)
