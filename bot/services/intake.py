"""Recording a city's orientation answers for the Helpdesk's needs assessment."""

from __future__ import annotations

import logging

from sqlalchemy.exc import SQLAlchemyError

from bot.domain.intake import Intake
from bot.storage.intake import save_intake, save_progress, save_shown
from bot.storage.session import session_scope

log = logging.getLogger(__name__)


def record_intake(intake: Intake) -> int:
    """Store the answers (a correction updates the conversation's row); returns the row id."""
    with session_scope() as session:
        return save_intake(session, intake).id


def record_progress(conversation_id: str, question: str | None, language: str | None) -> bool:
    """Note how far the conversation got. A figure, not an answer: when the database fails,
    the conversation goes on and the failure is logged (False)."""
    try:
        with session_scope() as session:
            save_progress(session, conversation_id, question, language)
        return True
    except SQLAlchemyError as error:
        log.warning("orientation progress not recorded: %s", type(error).__name__)
        return False


def record_shown(conversation_id: str, offers: list[dict]) -> bool:
    """Note the offers shown. A figure, not an answer: a database failure is logged (False)
    and the conversation goes on."""
    try:
        with session_scope() as session:
            save_shown(session, conversation_id, offers)
        return True
    except SQLAlchemyError as error:
        log.warning("recommendations shown not recorded: %s", type(error).__name__)
        return False
