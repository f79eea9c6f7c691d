"""The bot's responses in every language: domain.yml in English, translations/<code>.yml.

A translation file holds every response of domain.yml under the same name, with the same
variations in the same order (conditions and button payloads unchanged), so Rasa's own choice of
a variation (by `question_misses`, say) works alike in every language. The file's top key is
`translations`, not `responses`, so Rasa never reads it as part of the domain.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from bot.domain.languages import DEFAULT_LANGUAGE, supported

TRANSLATIONS_DIR = Path(__file__).resolve().parents[2] / "translations"
LANGUAGE_KEY = "language"  # the conversation's language, added to a localised domain

Responses = Mapping[str, list[dict[str, Any]]]


@cache
def translated_responses(language: str) -> dict[str, list[dict[str, Any]]]:
    """The responses of one language's file (empty for English, whose words are domain.yml's)."""
    if language == DEFAULT_LANGUAGE:
        return {}
    path = TRANSLATIONS_DIR / f"{language}.yml"
    with path.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)["translations"]


def responses_in(language: str | None, english: Responses) -> dict[str, list[dict[str, Any]]]:
    """Every response in `language`; one a translation lacks stays English (a test keeps
    every translation complete)."""
    return {**english, **translated_responses(supported(language))}


def localised(domain: Mapping[str, Any], language: str | None) -> dict[str, Any]:
    """The domain as the action server receives it, with the responses of `language`: what
    bot/domain/replies.py composes its words from. A call that carries no responses (a bare
    webhook call) gets none added: the action answers by response name alone."""
    code = supported(language)
    if "responses" not in domain:
        return {**domain, LANGUAGE_KEY: code}
    return {**domain, "responses": responses_in(code, domain["responses"]), LANGUAGE_KEY: code}
