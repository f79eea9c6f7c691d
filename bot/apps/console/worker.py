"""The outbox worker inside the console process: every few seconds, deliver the Helpdesk
notifications that are due to the webhook (retries and their delays: services/helpdesk.py)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Callable
from datetime import datetime, timezone

from aiohttp import web

from bot.apps.console.context import off_loop
from bot.integrations.helpdesk_webhook import webhook_sender
from bot.services import helpdesk

log = logging.getLogger(__name__)
OUTBOX_INTERVAL_S = 5.0


async def deliver_notifications(url: str, interval: float = OUTBOX_INTERVAL_S) -> None:
    send = webhook_sender(url)
    while True:
        try:
            report = await off_loop(helpdesk.deliver_due_notifications, send,
                                    datetime.now(timezone.utc))
            if report.failed:
                log.warning("%d Helpdesk notification(s) failed; will retry", report.failed)
        except Exception:  # the worker must outlive a database hiccup
            log.exception("notification delivery failed")
        await asyncio.sleep(interval)


def notification_worker(url: str) -> Callable[[web.Application], AsyncIterator[None]]:
    """A cleanup context running the worker for as long as the application runs."""
    async def run(app: web.Application) -> AsyncIterator[None]:
        task = asyncio.create_task(deliver_notifications(url))
        yield
        task.cancel()
    return run
