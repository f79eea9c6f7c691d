"""What a city answered in the orientation, as the Helpdesk's needs assessment keeps it."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Intake:
    """One conversation's answers; a skipped question is listed in `skipped`, not guessed."""

    conversation_id: str
    city: str | None = None
    country_code: str | None = None
    geonameid: int | None = None
    is_mission_city: bool | None = None
    readiness: str | None = None
    challenge_text: str | None = None
    pathways: list[dict] = field(default_factory=list)
    support_wanted: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    language: str | None = None
    population: int | None = None
    pathways_outcome: str | None = None  # bot.domain.insights.CLASSIFICATION_OUTCOMES
