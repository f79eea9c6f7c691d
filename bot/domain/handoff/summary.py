"""What the Helpdesk reads first about a conversation handed to it."""

from __future__ import annotations

from dataclasses import dataclass

from bot.domain.handoff.rules import REASON_TEXT
from bot.domain.languages import DEFAULT_LANGUAGE, language_name
from bot.domain.places.countries import country_display_name
from bot.domain.taxonomy import READINESS_OPTIONS, describe_pathways, describe_support


@dataclass(frozen=True)
class Handoff:
    """What the bot knows when it hands over."""

    conversation_id: str
    reason: str
    profile: dict
    pathways: list
    recommendations_shown: list
    transcript_ref: str
    language: str = DEFAULT_LANGUAGE


def summarise(handoff: Handoff) -> str:
    """Two lines a person can read before opening the transcript."""
    profile = handoff.profile
    place = ", ".join(part for part in (
        profile.get("city"),
        country_display_name(profile["country"]) if profile.get("country") else None) if part)
    parts = [place or "City not given yet"]
    if profile.get("readiness") in READINESS_OPTIONS:
        parts.append(READINESS_OPTIONS[profile["readiness"]].lower())
    keys = [item["pathway"] for item in handoff.pathways]
    if keys:
        parts.append(f"challenges: {describe_pathways(keys)}")
    if profile.get("support_wanted"):
        parts.append(f"wants {describe_support(profile['support_wanted'])}")
    shown = len(handoff.recommendations_shown)
    parts.append(f"{shown} recommendation{'s' if shown != 1 else ''} shown")
    if handoff.language != DEFAULT_LANGUAGE:
        parts.append(f"writes in {language_name(handoff.language)}")
    return "; ".join(parts) + f". The user {REASON_TEXT.get(handoff.reason, handoff.reason)}."
