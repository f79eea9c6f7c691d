"""Every response exists in every language, with the English text's variables, variations and
buttons; the localised domain gives the actions the words of the conversation's language."""

from __future__ import annotations

import re

import pytest

from bot.domain.languages import DEFAULT_LANGUAGE, LANGUAGES
from bot.domain.replies import phrase, reason_text, said
from bot.domain.translations import TRANSLATIONS_DIR, localised, translated_responses
from tests.conftest import DOMAIN

OTHER_LANGUAGES = [code for code in LANGUAGES if code != DEFAULT_LANGUAGE]
_VARIABLE = re.compile(r"{([^\n{}]+?)}")
# Responses made only of variables and punctuation read the same in every language.
ONLY_VARIABLES = re.compile(r"^[\s{}\w():,.\-]*$")


@pytest.fixture
def domain() -> dict:
    return DOMAIN


def variables(text: str) -> list[str]:
    return sorted(_VARIABLE.findall(text))


def test_there_is_a_file_for_every_language_and_no_other():
    assert sorted(path.stem for path in TRANSLATIONS_DIR.glob("*.yml")) == sorted(OTHER_LANGUAGES)
    assert len(LANGUAGES) == 13


@pytest.mark.parametrize("language", OTHER_LANGUAGES)
def test_every_response_is_translated_with_the_english_shape(domain, language):
    english = domain["responses"]
    translated = translated_responses(language)
    assert sorted(translated) == sorted(english), "missing or extra responses"
    for name, variations in english.items():
        assert len(translated[name]) == len(variations), name
        for ours, theirs in zip(variations, translated[name], strict=True):
            assert theirs.get("condition") == ours.get("condition"), name
            assert variables(theirs["text"]) == variables(ours["text"]), name
            assert [button["payload"] for button in theirs.get("buttons", [])] == \
                [button["payload"] for button in ours.get("buttons", [])], name
            assert all(button["title"].strip() for button in theirs.get("buttons", [])), name


@pytest.mark.parametrize("language", OTHER_LANGUAGES)
def test_texts_are_really_translated(domain, language):
    english = domain["responses"]
    translated = translated_responses(language)
    same = [name for name, variations in english.items()
            for ours, theirs in zip(variations, translated[name], strict=True)
            if theirs["text"] == ours["text"]
            and not ONLY_VARIABLES.match(_VARIABLE.sub("", ours["text"]))]
    assert same == []
    titles = [button["title"] for name, variations in translated.items()
              if name != "utter_ask_language" for variation in variations
              for button in variation.get("buttons", [])]
    english_titles = {button["title"] for variations in english.values()
                      for variation in variations for button in variation.get("buttons", [])}
    assert titles and not set(titles) & english_titles


def test_the_language_buttons_name_each_language_in_its_own_words(domain):
    buttons = domain["responses"]["utter_ask_language"][0]["buttons"]
    assert [button["title"] for button in buttons] == list(LANGUAGES.values())
    assert [button["payload"] for button in buttons] == [
        f'/switch_language{{"language": "{code}"}}' for code in LANGUAGES]


def test_a_localised_domain_speaks_the_language_and_keeps_the_rest(domain):
    turkish = localised(domain, "tr")
    assert turkish["language"] == "tr"
    assert turkish["intents"] == domain["intents"]
    assert phrase(turkish, "utter_part_pathway_finance") != \
        phrase(domain, "utter_part_pathway_finance")
    assert localised(domain, "xx")["language"] == DEFAULT_LANGUAGE
    assert localised(domain, None)["responses"] == domain["responses"]
    assert localised({}, "tr") == {"language": "tr"}


def test_parts_are_said_in_the_conversations_language(domain):
    portuguese = localised(domain, "pt")
    assert said(portuguese, {"country": "TR"}) == "Turquia"
    assert said(localised(domain, "tr"), {"country": "PT"}) == "Portekiz"
    assert said(localised(domain, "de"), {"day": "2026-12-01"}) == "1. Dezember 2026"
    listed = said(portuguese, [{"pathway": "finance"}, {"support": "networking"}])
    assert phrase(portuguese, "utter_part_pathway_finance") in listed
    assert phrase(portuguese, "utter_part_support_networking") in listed
    reason = reason_text(portuguese, [["utter_part_reason_pathways",
                                       {"pathways": [{"pathway": "finance"}]}]])
    assert phrase(portuguese, "utter_part_pathway_finance") in reason
