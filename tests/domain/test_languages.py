"""How a conversation's language is chosen, and names said in that language."""

from __future__ import annotations

from datetime import date

import pytest

from bot.domain.languages import (
    DEFAULT_LANGUAGE,
    country_name,
    day_text,
    detected_language,
    greeting_language,
    language_in_request,
    language_named,
    supported,
    weekday_name,
)
from bot.rasa_ext.language_detector import language_guesses


@pytest.mark.parametrize(("text", "code"), [
    ("Türkçe", "tr"), ("turkce", "tr"), ("in English please", "en"), ("English", "en"),
    ("auf Deutsch bitte", "de"), ("español por favor", "es"), ("Ελληνικά", "el"),
    ("en français s'il vous plaît", "fr"), ("Polski", "pl"), ("Nederlands", "nl"),
    ("Norsk", "nb"), ("italiano", "it"), ("Português", "pt"), ("română", "ro"),
])
def test_a_message_that_names_a_language_chooses_it(text, code):
    assert language_named(text) == code


@pytest.mark.parametrize("text", [
    "Suomi",  # Finland's name too: an answer to the country question
    "we are from Poland", "Deutschland", "ok", "the Turkish border region", "Lisboa",
    "it is about energy", "de",
])
def test_other_messages_name_no_language(text):
    assert language_named(text) is None


def test_a_request_to_switch_names_its_language():
    assert language_in_request("can you write in Spanish?") == "es"
    assert language_in_request("können wir auf Türkisch schreiben") == "tr"
    assert language_in_request("change the language") is None
    assert language_in_request("Spanish or Portuguese?") is None


def test_greetings_of_one_language_tell_the_language():
    assert greeting_language("Merhaba!") == "tr"
    assert greeting_language("Bom dia") == "pt"
    assert greeting_language("Γεια σας") == "el"
    assert greeting_language("Hello") is None  # English is the default anyway
    assert greeting_language("Hallo") is None  # German and Dutch alike


@pytest.mark.parametrize(("text", "code"), [
    ("Belediyemizde iklim konusunda uzman personel yok", "tr"),
    ("paramız yok", "tr"),
    ("não temos dinheiro para renovar os edifícios", "pt"),
    ("we need funding for buildings", "en"),
    ("Hyvää päivää", "fi"),
    ("Δεν έχουμε χρήματα για έργα", "el"),
])
def test_a_long_enough_text_tells_its_language(text, code):
    assert detected_language(text, language_guesses(text)) == code


@pytest.mark.parametrize("text", ["ok", "Bodø", "Lisbon", "Valongo, Portugal",
                                  "Câmara Municipal de Valongo", "no money"])
def test_short_or_unclear_texts_keep_the_language(text):
    assert detected_language(text, language_guesses(text)) is None


def test_a_detected_language_the_bot_lacks_is_none():
    assert detected_language("Dobrý den, nemáme peníze na projekty", [("cs", 0.99)]) is None
    assert detected_language("Vi har ikke penger til prosjekter", [("no", 0.95)]) == "nb"
    assert detected_language("anything at all here", []) is None


def test_names_and_dates_in_the_language():
    assert supported("tr") == "tr" and supported("xx") == supported(None) == DEFAULT_LANGUAGE
    assert country_name("PT", "tr") == "Portekiz"
    assert country_name("GR", "el") == "Ελλάδα"
    assert day_text(date(2026, 12, 1), "tr") == "1 Aralık 2026"
    assert weekday_name(date(2026, 12, 7), "es") == "lunes"
