"""Recording a city's orientation answers for the Helpdesk's needs assessment."""

from __future__ import annotations

from bot.domain.intake import Intake
from bot.storage.intake import save_intake
from bot.storage.session import session_scope


def record_intake(intake: Intake) -> int:
    """Store the answers (a correction updates the conversation's row); returns the row id."""
    with session_scope() as session:
        return save_intake(session, intake).id
