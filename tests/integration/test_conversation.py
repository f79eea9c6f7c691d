"""The real action server and Rasa server on the trained model, driven over the REST channel."""

from __future__ import annotations

import pytest
import requests
from sqlalchemy import select

from bot.storage.models import IntakeAnswer
from bot.storage.session import session_scope
from tests.integration.conftest import TEST_SERVICE, TOKEN, say, texts

pytestmark = pytest.mark.integration


def test_whole_orientation_over_rest(servers, sqlite_url):
    sender = "integration-valongo"
    greeting = texts(say(servers, sender, "hi"))
    assert "kept for the NetZeroCities Helpdesk" in greeting
    assert "Which city or municipality" in greeting

    assert "Valongo, Portugal: noted." in texts(say(servers, sender, "we are from Valongo"))
    readiness = say(servers, sender, '/inform_readiness{"readiness": "planning_target"}')
    assert "most important challenges" in texts(readiness)

    understood = say(servers, sender, "the upfront costs of retrofitting are too high and "
                                      "we cannot find co-financing")
    # Sure of what it read, the bot says so and goes on to the next question.
    assert "mainly about funding and financing" in texts(understood)
    assert "How could NetZeroCities assist you" in texts(understood)
    replies = say(servers, sender, '/inform_support{"support": "funding"}')
    shown = texts(replies)
    assert "Here is support that fits Valongo, Portugal" in shown
    while TEST_SERVICE not in shown and "more" in shown.split("\n")[-1]:
        replies = say(servers, sender, "/show_more")
        shown = texts(replies)
    assert TEST_SERVICE in shown, "a service added to the database reaches the conversation"

    with session_scope(sqlite_url) as session:
        intake = session.execute(select(IntakeAnswer).where(
            IntakeAnswer.conversation_id == sender)).scalar_one()
        assert (intake.city, intake.country_code, intake.readiness) == (
            "Valongo", "PT", "planning_target")
        assert "finance" in [item["pathway"] for item in intake.pathways]
        assert intake.support_wanted == ["funding"]
        # read with confidence and not questioned (see above), in English
        assert (intake.language, intake.pathways_outcome) == ("en", "sure")
        assert intake.city_key == f"g{intake.geonameid}" and intake.population > 0


def test_question_mid_form_then_back_to_the_question(servers):
    sender = "integration-digression"
    say(servers, sender, "hello")
    answer = texts(say(servers, sender, "what does climate neutrality mean?"))
    assert "net greenhouse-gas emissions to zero" in answer
    assert "Which city or municipality" in answer


def test_funding_questions_at_any_point(servers):
    sender = "integration-calls"
    say(servers, sender, "hello")
    soon = texts(say(servers, sender, "which calls close soon?"))
    assert "nearest deadline first" in soon and "days left" in soon
    assert "Which city or municipality" in soon, "the orientation goes on afterwards"
    mobility = texts(say(servers, sender, "show funding for mobility"))
    assert "Funding calls on infrastructure and technology" in mobility


def test_http_api_needs_the_token(servers):
    url = f"http://127.0.0.1:{servers.rasa_port}/conversations/integration-valongo/tracker"
    assert requests.get(url, timeout=10).status_code == 401
    assert requests.get(url, params={"token": TOKEN}, timeout=10).status_code == 200


def test_typed_rasa_commands_get_an_answer(servers):
    sender = "integration-typed-commands"
    say(servers, sender, "hello")
    assert texts(say(servers, sender, "/session_start")).strip()
    assert texts(say(servers, sender, "/back")).strip()
    assert "I have cleared our conversation" in texts(say(servers, sender, "/restart"))


def test_unreadable_answers_never_trap_the_officer(servers):
    sender = "integration-no-trap"
    say(servers, sender, "hello")
    say(servers, sender, "Valongo, Portugal")
    first = texts(say(servers, sender, "hmm, blue"))
    assert "could not match" in first and "Are you ready to go climate neutral?" in first
    second = say(servers, sender, "hmm, blue")
    assert "Let me ask differently" in texts(second)
    titles = [button["title"] for reply in second for button in reply.get("buttons") or ()]
    assert {"Skip this question", "Talk to a person",
            "Yes, we plan to set a climate-neutral target"} <= set(titles)
    third = texts(say(servers, sender, "hmm, blue"))
    assert "leave that question open" in third and "most important challenges" in third


def test_a_place_the_bot_is_unsure_of_is_asked_about_not_noted(servers):
    sender = "integration-unsure-place"
    say(servers, sender, "hi")
    asked = say(servers, sender, "Gazientep")
    assert "Did you mean Gaziantep, Türkiye?" in texts(asked) and "noted" not in texts(asked)
    assert "Gaziantep, Türkiye: noted." in texts(say(servers, sender, "/affirm"))


def test_a_place_given_for_the_challenges_is_asked_about_again(servers):
    sender = "integration-place-as-challenge"
    say(servers, sender, "We are the city of Braga in Portugal")
    say(servers, sender, '/inform_readiness{"readiness": "planning_target"}')
    reply = texts(say(servers, sender, "Braga, Portugal"))
    assert "does not look like a challenge" in reply and "most important challenges" in reply
