"""Console sign-in: signed, expiring session cookies and a CSRF token bound to the session."""

from __future__ import annotations

import base64
import hashlib
import hmac
import time

SESSION_COOKIE = "helpdesk_session"
SESSION_SECONDS = 12 * 3600


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
