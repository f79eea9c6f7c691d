"""The languages the bot speaks, how a conversation's language is chosen, and localised names.

A conversation starts in the portal page's language (or English) and follows the user: a
language named ("in English please", "türkçe") or chosen with a button always wins; otherwise
the language of a free text is taken only when the text is long enough for a detector to be
sure ("ok" or "Bodø" keep the current language).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from functools import cache

from babel import Locale
from babel.dates import format_date

from bot.domain.textnorm import fold_key

DEFAULT_LANGUAGE = "en"
# Code (ISO 639-1; Norwegian Bokmål as "nb") and the language's own name, in the order the
# language buttons show them.
LANGUAGES: dict[str, str] = {
    "en": "English", "tr": "Türkçe", "pt": "Português", "es": "Español", "ro": "Română",
    "fr": "Français", "el": "Ελληνικά", "pl": "Polski", "nl": "Nederlands", "fi": "Suomi",
    "nb": "Norsk (bokmål)", "it": "Italiano", "de": "Deutsch",
}
# What a language detector may call our languages.
_DETECTOR_CODES = {"no": "nb", "nn": "nb"}
# A free text decides the language only when the detector is this sure of it, given its length:
# (words, letters, confidence): two words may do ("paramız yok"), one never does ("Bodø").
DETECTION_BARS = ((3, 12, 0.6), (2, 8, 0.9))
# Greetings that belong to one language only: a visit opened with "Merhaba" is in Turkish.
GREETINGS: dict[str, str] = {
    "merhaba": "tr", "merhabalar": "tr", "selam": "tr", "selamlar": "tr", "iyi gunler": "tr",
    "gunaydin": "tr", "bom dia": "pt", "boa tarde": "pt", "ola": "pt", "ola bom dia": "pt",
    "hola": "es", "buenos dias": "es", "buenas tardes": "es", "buenas": "es",
    "buna ziua": "ro", "buna": "ro", "salutare": "ro", "bonjour": "fr", "bonsoir": "fr",
    "γεια": "el", "γεια σας": "el", "γεια σου": "el", "καλημερα": "el", "yassou": "el",
    "kalimera": "el", "dzien dobry": "pl", "czesc": "pl", "witam": "pl", "goedemorgen": "nl",
    "goedendag": "nl", "goedemiddag": "nl", "hoi": "nl", "dag": "nl", "moi": "fi",
    "terve": "fi", "hyvaa paivaa": "fi", "huomenta": "fi", "god dag": "nb", "god morgen": "nb",
    "hei hei": "nb", "ciao": "it", "buongiorno": "it", "salve": "it", "buonasera": "it",
    "guten tag": "de", "guten morgen": "de", "moin": "de", "servus": "de", "gruss gott": "de",
    "hallo zusammen": "de",
}
# Words around a language's name that still make the whole message a choice of language.
_CHOICE_WORDS = frozenset(word for phrase in (
    "please", "in", "speak", "language", "lütfen", "dil", "por favor", "em", "en", "idioma",
    "língua", "vă rog", "limba", "în", "s'il vous plaît", "stp", "langue", "παρακαλώ", "στα",
    "γλώσσα", "proszę", "po", "język", "alstublieft", "graag", "in het", "taal", "kiitos",
    "kieli", "kielellä", "vær så snill", "på", "takk", "språk", "per favore", "lingua", "in",
    "bitte", "auf", "sprache", "i") for word in fold_key(phrase).split())


@cache
def _language_names() -> dict[str, str]:
    """Every folded name of each language in each language ("turkish", "turkce", "turkisch",
    "τουρκικα" ...) → its code."""
    names: dict[str, str] = {}
    for code in LANGUAGES:
        names[fold_key(LANGUAGES[code])] = code
        for speaker in LANGUAGES:
            name = Locale.parse(speaker).languages.get(code)
            if name:
                names[fold_key(name)] = code
    names[fold_key("norsk")] = names[fold_key("norwegian")] = "nb"
    # A country's name is an answer, not a choice of language ("Suomi" is also Finland).
    countries = {fold_key(name) for speaker in LANGUAGES
                 for name in Locale.parse(speaker).territories.values()}
    return {name: code for name, code in names.items() if name not in countries}


def _named(words: list[str]) -> set[str]:
    """The languages named by single words or word pairs ("norsk bokmal")."""
    names = _language_names()
    pairs = [f"{a} {b}" for a, b in zip(words, words[1:], strict=False)]
    return {names[key] for key in [*words, *pairs] if key in names}


def language_named(text: str) -> str | None:
    """The language a message names, when that is what the message is about ("Türkçe",
    "in English please", "auf Deutsch bitte"): None when other words are in it."""
    words = fold_key(text).split()
    named = _named(words)
    rest = [word for word in words
            if word not in _language_names() and word not in _CHOICE_WORDS]
    return named.pop() if len(named) == 1 and len(rest) <= 1 else None


def language_in_request(text: str) -> str | None:
    """The one language a request to switch names ("can you write in Spanish?"), if any."""
    named = _named(fold_key(text).split())
    return named.pop() if len(named) == 1 else None


def greeting_language(text: str) -> str | None:
    """The language of a message that is only a greeting of one language ("Bom dia!")."""
    return GREETINGS.get(fold_key(text))


def detected_language(text: str, guesses: Sequence[tuple[str, float]]) -> str | None:
    """The language of a free text, from a detector's guesses (best first), or None when the
    text is too short for the detector's confidence or is in a language the bot lacks."""
    if not guesses:
        return None
    code, confidence = guesses[0]
    code = _DETECTOR_CODES.get(code, code)
    words, letters = len(text.split()), sum(char.isalpha() for char in text)
    long_enough = any(words >= min_words and letters >= min_letters and confidence >= sure
                      for min_words, min_letters, sure in DETECTION_BARS)
    return code if long_enough and code in LANGUAGES else None


def supported(language: str | None) -> str:
    """The language to answer in: `language` when the bot speaks it, else English."""
    return language if language in LANGUAGES else DEFAULT_LANGUAGE


def language_name(code: str) -> str:
    """A language's English name, as the Helpdesk reads it ("Turkish")."""
    return Locale.parse("en").languages.get(supported(code), code)


def country_name(code: str, language: str | None) -> str:
    """A country's name in the conversation's language ("Portekiz" for PT in Turkish)."""
    return Locale.parse(supported(language)).territories.get(code.upper(), code)


def _date_locale(language: str | None) -> str:
    code = supported(language)
    return "en_GB" if code == DEFAULT_LANGUAGE else code  # "1 December 2026", as Europe writes


def day_text(day: date, language: str | None) -> str:
    """A date as the language writes it ("1 Aralık 2026")."""
    return format_date(day, format="long", locale=_date_locale(language))


def weekday_name(day: date, language: str | None) -> str:
    """The weekday's name in the language ("Pazartesi")."""
    return format_date(day, format="EEEE", locale=_date_locale(language))
