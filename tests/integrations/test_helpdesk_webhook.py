"""The Helpdesk webhook client against a local HTTP receiver: JSON body, Idempotency-Key, any
2xx is success, anything else (or no answer in time) is a failure."""

from __future__ import annotations

import socket
import time

import pytest
import requests

from bot.integrations.helpdesk_webhook import WebhookFailed, post_notification, webhook_sender
from tests.webhook_receiver import WebhookReceiver

PAYLOAD = {"event": "escalation.created", "escalation_id": 7, "text": "New escalation #7"}


@pytest.fixture
def receiver():
    made = []

    def make(**kwargs) -> WebhookReceiver:
        made.append(WebhookReceiver(**kwargs))
        return made[-1]

    yield make
    for each in made:
        each.close()


@pytest.mark.parametrize("status", [200, 202, 204])
def test_a_2xx_answer_is_a_delivery(receiver, status):
    hook = receiver(status=status)
    post_notification(hook.url, "outbox-7", PAYLOAD)
    [(path, headers, body)] = hook.received
    assert path == "/hook" and body == PAYLOAD
    assert headers["Idempotency-Key"] == "outbox-7"
    assert headers["Content-Type"] == "application/json"
    assert headers["User-Agent"] == "helpdesk-broker"


@pytest.mark.parametrize("status", [301, 400, 404, 500, 503])
def test_any_other_answer_is_a_failure(receiver, status):
    hook = receiver(status=status)
    with pytest.raises(WebhookFailed, match=f"webhook answered HTTP {status}"):
        webhook_sender(hook.url)("outbox-8", PAYLOAD)
    assert len(hook.received) == 1


def test_a_slow_receiver_times_out(receiver):
    hook = receiver(delay=1.0)
    started = time.monotonic()
    with pytest.raises(requests.Timeout):
        webhook_sender(hook.url, timeout=0.2)("outbox-9", PAYLOAD)
    assert time.monotonic() - started < 0.9


def test_no_receiver_is_a_failure():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(requests.ConnectionError):
        post_notification(f"http://127.0.0.1:{port}/hook", "outbox-10", PAYLOAD, timeout=2)
