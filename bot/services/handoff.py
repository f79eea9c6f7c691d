"""Handing a conversation to the Helpdesk from the bot's side: the record comes first."""

from __future__ import annotations

from bot.config.settings import load_settings
from bot.domain.handoff.summary import Handoff
from bot.domain.languages import DEFAULT_LANGUAGE, supported
from bot.storage.escalations import open_escalation
from bot.storage.session import session_scope


def escalate(conversation_id: str, reason: str, profile: dict, pathways: list,
             recommendations_shown: list, language: str = DEFAULT_LANGUAGE) -> int:
    """Write the escalation (and its notification when a webhook is set) before the user is
    told anything; returns its id. A conversation already with the Helpdesk keeps its one."""
    settings = load_settings()
    handoff = Handoff(conversation_id, reason, profile, pathways, recommendations_shown,
                      f"{settings.rasa_url}/conversations/{conversation_id}/tracker",
                      supported(language))
    with session_scope() as session:
        return open_escalation(session, handoff, settings.helpdesk_console_url,
                               notify=bool(settings.helpdesk_webhook_url)).id
