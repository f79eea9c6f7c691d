"""The newcomer corpus and the judging of a visit (the visits themselves run in
tests/integration/test_newcomers.py and `make converse-eval`)."""

from __future__ import annotations

import pytest

from bot.domain.places.gazetteer import load_places
from evaluation.converse.corpus import COME_BACK, ExpectedPlace, load_visits
from evaluation.converse.simulator import Officer, Transcript, Turn, button_payload, outcome_of
from evaluation.converse.verdict import judge, loops, noted_places, summarise

QUESTIONS = {"city", "country", "readiness", "challenges", "pathways_confirmed",
             "support_wanted", "place_confirmed"}
VISITS = load_visits()


def test_the_corpus_is_large_varied_and_mostly_small_towns():
    assert len(VISITS) >= 120
    small = [visit for visit in VISITS if visit.population and visit.population < 50_000]
    assert len(small) * 3 >= len(VISITS)
    assert {visit.outcome for visit in VISITS} == {"recommendations", "handoff"}
    countries = {visit.place.country for visit in VISITS if visit.place.country}
    assert len(countries) >= 20


@pytest.mark.parametrize("visit", VISITS, ids=[visit.id for visit in VISITS])
def test_each_visit_names_a_real_place_and_answers_only_real_questions(visit):
    assert set(visit.answers) <= QUESTIONS
    places: dict[tuple[str, str], int] = {}
    for place in load_places():  # most populous first: a name's largest place
        places.setdefault((place.name, place.country), place.population)
    for expected in (visit.place, *visit.earlier_places):
        if expected.listed:
            assert (expected.name, expected.country) in places, expected
    if visit.place.listed and visit.population:
        assert places[(visit.place.name, visit.place.country)] == visit.population


def test_every_reported_failure_has_its_visit():
    reported = {visit.id for visit in VISITS if visit.reported}
    assert {"braga-city-of-in-country", "leeds-the-city-of", "evet-to-readiness",
            "place-given-as-challenge"} <= reported


def test_expected_places_are_parsed_strictly():
    assert ExpectedPlace.parse("Braga, PT") == ExpectedPlace("Braga", "PT", True)
    assert ExpectedPlace.parse("unlisted: Krk Island, HR") == ExpectedPlace("Krk Island", "HR",
                                                                            False)
    assert ExpectedPlace.parse("skipped") == ExpectedPlace(None, None, False)
    with pytest.raises(ValueError):
        ExpectedPlace.parse("Braga")


def test_the_officer_answers_what_is_asked_and_interjects_on_time():
    visit = next(visit for visit in VISITS if visit.id == "person-midway")
    officer = Officer(visit)
    assert officer.next_message(0, None) == (visit.opening[0], "")
    assert officer.next_message(1, "readiness") == (visit.answers["readiness"][0], "")
    assert officer.next_message(2, "challenges") == ("can I talk to a person please", "")
    said, problem = officer.next_message(3, "challenges")
    assert said is None and "no answer" in problem


def test_a_stubborn_officer_repeats_the_last_answer():
    visit = next(visit for visit in VISITS if visit.id == "evet-to-readiness")
    officer = Officer(visit)
    officer.opening.clear()
    said = [officer.next_message(n, "readiness")[0] for n in range(5)]
    assert said == ["evet", "evet", "[Yes, we plan to set a climate-neutral target]",
                    "[Yes, we plan to set a climate-neutral target]",
                    "[Yes, we plan to set a climate-neutral target]"]
    assert COME_BACK == "<come back>"


def test_buttons_are_clicked_by_their_title():
    replies = [{"text": "Q", "buttons": [{"title": "Yes", "payload": "/affirm"}]}]
    assert button_payload(replies, "Yes") == "/affirm"
    assert button_payload(replies, "No") is None


def slot(name, value):
    return {"event": "slot", "name": name, "value": value}


def user(text):
    return {"event": "user", "text": text}


def bot(text):
    return {"event": "bot", "text": text}


LEEDS = {"name": "Leeds", "country": "GB"}
LONDON = {"name": "City of London", "country": "GB"}


def transcript(visit_id: str, events: list[dict], slots: dict, outcome: str | None,
               replies: tuple = ({"text": "ok"},)) -> Transcript:
    visit = next(visit for visit in VISITS if visit.id == visit_id)
    turns = [Turn(said="x", sent="x", replies=list(replies), requested_slot=None)]
    return Transcript(visit, "s", turns=turns, outcome=outcome,
                      outcome_at=1 if outcome else None, events=events, slots=slots)


def test_a_wrong_place_noted_counts_once_per_turn():
    events = [user("the city of Leeds"), slot("city", "City of London"),
              slot("country", "GB"), slot("place", LONDON), user("yes"), slot("place", LONDON),
              user("no, Leeds"), slot("place", LEEDS)]
    assert noted_places(events) == [("City of London", "GB", True), ("Leeds", "GB", True)]
    verdict = judge(transcript("leeds-the-city-of", events, {
        "place": LEEDS, "readiness": "target_in_place",
        "pathways": [{"pathway": "ecosystem", "confidence": 0.9}]}, "recommendations"))
    assert verdict.wrong_places == ["City of London, GB"] and verdict.place_right
    assert not verdict.all_right


def test_the_same_question_three_times_in_the_same_words_is_a_loop():
    asked = [slot("requested_slot", "readiness"), bot("Are you ready?")]
    events = asked + [user("evet")] + asked + [user("evet")] + asked
    assert loops(transcript("evet-to-readiness", events, {}, None)) == ["readiness"]
    put_differently = asked + [user("evet")] + asked + [user("evet"),
                                                        slot("requested_slot", "readiness"),
                                                        bot("Let me ask differently")]
    assert loops(transcript("evet-to-readiness", put_differently, {}, None)) == []


def test_silent_turns_and_outcomes_are_counted():
    events = [user("hi"), {"event": "action", "name": "action_recommend"}]
    assert outcome_of(events) == "recommendations"
    assert outcome_of([user("a person"), {"event": "pause"}]) == "handoff"
    silent = judge(transcript("leeds-the-city-of", [user("hi")], {}, None, replies=()))
    assert silent.silent_turns == 1 and not silent.completed
    figures = summarise([silent])
    assert figures["completion"] == 0.0 and figures["silent_turns"] == 1
    assert figures["targets_met"] == {"completion": False, "confident_wrong_places": True,
                                      "loops": True, "silent_turns": False}
