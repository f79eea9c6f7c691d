"""Whole orientations in the officers' own languages over REST, against the real servers: every
question in the language the officer writes, recommendations at the end, the language kept,
switched on request and handed to the Helpdesk."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from bot.domain.translations import translated_responses
from bot.storage.models import Escalation, IntakeAnswer
from bot.storage.session import session_scope
from tests.integration.conftest import say, texts, tracker_events

pytestmark = pytest.mark.integration

QUESTIONS = ("utter_ask_readiness", "utter_ask_challenges", "utter_ask_support_wanted")
# (language, opening, city answer, readiness, challenges, support, expected city)
VISITS = [
    ("tr", "Merhaba", "Bolu, Türkiye", "Evet, 2050 için iklim nötr hedefimiz zaten var",
     "Binaların enerji yenilemesi için yeterli finansman ve bütçe bulamıyoruz",
     "Finansmana erişim ve diğer şehirlerle ağ kurma", "Bolu"),
    ("pt", "Olá!", "Viseu, Portugal",
     "Ainda não sabemos, estamos a explorar possibilidades",
     "Não temos dinheiro suficiente para renovar os edifícios municipais",
     "Precisamos de acesso a financiamento", "Viseu"),
    ("es", "Hola, buenos días", "Soria, España",
     "Estamos preparando un objetivo de neutralidad climática",
     "Nos falta financiación para la rehabilitación energética de los edificios públicos",
     "Acceso a financiación y asistencia técnica", "Soria"),
    ("el", "Γεια σας", "Τρίκαλα, Ελλάδα", "Ναι, έχουμε ήδη στόχο κλιματικής ουδετερότητας",
     "Δεν έχουμε αρκετά χρήματα για την ενεργειακή αναβάθμιση των δημοτικών κτιρίων",
     "Πρόσβαση σε χρηματοδότηση", "Tríkala"),
]


def opening(language: str, response: str) -> str:
    """The first words of a response in a language, before any {variable}."""
    text = translated_responses(language)[response][0]["text"]
    return re.split(r"[{\n]", text)[0].strip()[:40]


def answered(servers, sender: str, language: str, message: str, expected: str) -> str:
    """Send `message`; when the bot checks what it understood first, confirm; return what it
    said up to the question `expected`."""
    shown = texts(say(servers, sender, message))
    if opening(language, expected) not in shown and \
            opening(language, "utter_ask_pathways_confirmed") in shown:
        shown += texts(say(servers, sender, "/affirm"))
    return shown


@pytest.mark.parametrize(("language", "hello", "city", "readiness", "challenges", "support",
                          "name"), VISITS, ids=[visit[0] for visit in VISITS])
def test_a_whole_orientation_in_the_officers_language(servers, sqlite_url, language, hello,
                                                      city, readiness, challenges, support,
                                                      name):
    sender = f"integration-language-{language}"
    greeting = texts(say(servers, sender, hello))
    assert opening(language, "utter_greet") in greeting
    assert opening(language, "utter_ask_city") in greeting
    assert "Which city" not in greeting

    shown = texts(say(servers, sender, city))
    assert opening(language, "utter_ask_readiness") in shown, shown
    shown = texts(say(servers, sender, readiness))
    assert opening(language, "utter_ask_challenges") in shown, shown
    shown = answered(servers, sender, language, challenges, "utter_ask_support_wanted")
    assert opening(language, "utter_ask_support_wanted") in shown, shown
    shown = texts(say(servers, sender, support))
    assert opening(language, "utter_descriptions_in_english") in shown, shown
    assert opening(language, "utter_recommendations_intro_on_topics") in shown \
        or opening(language, "utter_recommendations_intro") in shown, shown

    with session_scope(sqlite_url) as session:
        intake = session.execute(select(IntakeAnswer).where(
            IntakeAnswer.conversation_id == sender)).scalar_one()
        assert intake.city == name
        assert intake.readiness is not None
        assert "finance" in [item["pathway"] for item in intake.pathways]
        assert "funding" in intake.support_wanted
        assert intake.language == language
        assert intake.pathways_outcome in ("sure", "confirmed")


def test_the_language_is_kept_on_short_answers_and_switched_on_request(servers):
    sender = "integration-language-switch"
    assert opening("tr", "utter_ask_city") in texts(say(servers, sender, "Merhaba"))
    # "Bodø" tells no language: the question after it stays Turkish
    assert opening("tr", "utter_ask_readiness") in texts(say(servers, sender, "Bodø"))
    switched = texts(say(servers, sender, "in English please"))
    assert "From now on I will write in English" in switched
    assert "Are you ready to go climate neutral?" in switched, "the question comes again"
    chosen = texts(say(servers, sender, '/switch_language{"language": "de"}'))
    assert opening("de", "utter_language_switched") in chosen
    assert opening("de", "utter_ask_readiness") in chosen
    buttons = say(servers, sender, "change the language")
    assert [button["title"] for reply in buttons for button in reply.get("buttons", [])][:2] == \
        ["English", "Türkçe"]


def test_the_portal_pages_language_starts_the_chat(servers):
    sender = "integration-language-page"
    shown = texts(say(servers, sender, '/greet{"language": "fi"}'))
    assert opening("fi", "utter_greet") in shown and opening("fi", "utter_ask_city") in shown


def test_the_helpdesk_sees_the_language_and_the_original_text(servers, sqlite_url):
    sender = "integration-language-handoff"
    say(servers, sender, "Merhaba")
    asked = "Bir insanla, Yardım Masası'ndan biriyle konuşmak istiyorum lütfen"
    say(servers, sender, asked)
    with session_scope(sqlite_url) as session:
        escalation = session.execute(select(Escalation).where(
            Escalation.conversation_id == sender)).scalar_one()
        assert escalation.language == "tr"
        assert "writes in Turkish" in escalation.summary
    said = [event.get("text") for event in tracker_events(servers, sender)
            if event.get("event") == "user"]
    assert asked in said, "the transcript keeps what the officer wrote, as written"
