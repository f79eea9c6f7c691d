"""Words of the bot's replies, read from the domain (domain.yml) that every action receives.

A message made of parts (a list of pathways, "Noted: a; b.", a recommendation) is composed here
from responses named `utter_part_*`, so that every word the bot says lives in domain.yml and can
get a variation per language there. Pure: the domain is the plain dict Rasa sends.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from bot.domain.languages import country_name, day_text

_VARIABLE = re.compile(r"{([^\n{}]+?)}")  # as Rasa's interpolator finds `{name}`


def phrase(domain: Mapping[str, Any], name: str, **values: Any) -> str:
    """The text of response `name`, filled with `values`: a part of a message, in the domain's
    words rather than Python's."""
    text = domain["responses"][name][0]["text"]
    return _VARIABLE.sub(lambda found: str(values[found.group(1)]), text)


def listing(domain: Mapping[str, Any], items: Sequence[str]) -> str:
    """"a, b and c": a list said as a sentence, with the domain's word for "and"."""
    items = [item for item in items if item]
    if len(items) <= 1:
        return "".join(items)
    return phrase(domain, "utter_part_list_and", items=", ".join(items[:-1]), last=items[-1])


def pathway(key: str) -> dict[str, str]:
    """A pathway as a value of a message part: said in the conversation's language."""
    return {"pathway": key}


def support(key: str) -> dict[str, str]:
    """A kind of support as a value of a message part."""
    return {"support": key}


def country(code: str) -> dict[str, str]:
    """A country (ISO code) as a value of a message part."""
    return {"country": code}


def day(value: date) -> dict[str, str]:
    """A date as a value of a message part."""
    return {"day": value.isoformat()}


def said(domain: Mapping[str, Any], value: Any) -> str:
    """A part's value in the words of the domain's language: a list as "a, b and c", a
    pathway, kind of support, country or date by its name there, anything else as it is."""
    if isinstance(value, list):
        return listing(domain, [said(domain, item) for item in value])
    if isinstance(value, dict) and len(value) == 1:
        ((kind, key),) = value.items()
        language = domain.get("language")
        if kind in ("pathway", "support"):
            return phrase(domain, f"utter_part_{kind}_{key}")
        if kind == "country":
            return country_name(key, language)
        if kind == "day":
            return day_text(date.fromisoformat(key), language)
    return str(value)


def reason_text(domain: Mapping[str, Any], parts: Sequence[Sequence[Any]]) -> str:
    """An offer's one-line reason from its parts (bot/domain/matching.py), largest first:
    "Helps with funding and financing; offers access to funding."."""
    said_parts = [phrase(domain, name, **{key: said(domain, value)
                                          for key, value in values.items()})
                  for name, values in parts] or [phrase(domain, "utter_part_reason_general")]
    text = "; ".join(said_parts)
    return text[0].upper() + text[1:] + "."


def noted(domain: Mapping[str, Any], parts: Sequence[tuple[str, dict[str, Any]]]) -> str:
    """The `{noted}` of "Noted: country Portugal; your readiness.": one part per answer."""
    return "; ".join(phrase(domain, name, **{key: said(domain, value)
                                             for key, value in values.items()})
                     for name, values in parts)
