"""The Helpdesk's webhook (a chat or ticket tool): one JSON POST per notification, with a
timeout and an `Idempotency-Key` header; anything but a 2xx answer is a failure to retry."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

import requests

TIMEOUT_S = 10.0

Send = Callable[[str, dict], None]  # (idempotency key, JSON payload); raises on failure


class WebhookFailed(RuntimeError):
    """The webhook answered, but not with 2xx."""


def post_notification(url: str, key: str, payload: dict, timeout: float = TIMEOUT_S) -> None:
    """POST `payload` as JSON; raise WebhookFailed on a non-2xx answer (and requests' errors on
    no answer), so that the outbox keeps the message."""
    response = requests.post(url, json=payload, timeout=timeout, headers={
        "Idempotency-Key": key, "User-Agent": "helpdesk-broker"})
    if not 200 <= response.status_code < 300:
        raise WebhookFailed(f"webhook answered HTTP {response.status_code}")


def webhook_sender(url: str, timeout: float = TIMEOUT_S) -> Send:
    """A `Send` for the outbox delivery that posts to `url`."""
    return partial(post_notification, url, timeout=timeout)
