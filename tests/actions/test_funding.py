import re

from actions.funding import ActionShowCalls
from actions.orientation import ValidateOrientationForm
from tests.actions.conftest import make_tracker, rendered, run

DEADLINE = re.compile(r"deadline (\d+ \w+ \d{4}) \((\d+) days? left\)")


def _deadlines(messages):
    return [DEADLINE.search(m["text"]) for m in messages[1:]]


def test_calls_closing_soon_come_nearest_deadline_first(dispatcher, domain):
    run(ActionShowCalls().run(dispatcher, make_tracker("which calls close soon?",
                                                       "ask_calls_closing_soon"), domain))
    assert rendered(dispatcher, domain)[0]["text"].startswith(
        "Funding calls you can still apply to")
    days = [int(found.group(2)) for found in _deadlines(rendered(dispatcher, domain)) if found]
    assert days and days == sorted(days) and days[0] >= 0
    assert all("https://" in message["text"] for message in rendered(dispatcher, domain)[1:])


def test_funding_for_a_topic_lists_calls_on_its_pathway(dispatcher, domain):
    tracker = make_tracker("show funding for mobility", "ask_funding_for_topic")
    run(ActionShowCalls().run(dispatcher, tracker, domain))
    assert rendered(dispatcher, domain)[0]["text"].startswith(
        "Funding calls on infrastructure and technology")
    assert len(rendered(dispatcher, domain)) > 1


def test_a_funding_question_at_the_challenges_step_is_answered(dispatcher, domain):
    tracker = make_tracker("which calls close soon?", "ask_calls_closing_soon", confidence=0.95)
    slots = run(ValidateOrientationForm().validate_challenges(
        "which calls close soon?", dispatcher, tracker, domain))
    assert slots == {"challenges": None}
    assert dispatcher.messages[0]["response"] == "utter_calls_intro"
    assert rendered(dispatcher, domain)[0]["text"].startswith(
        "Funding calls you can still apply to")
