import pytest
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import select

from actions.orientation import (
    ActionAskCountry,
    ActionAskPathwaysConfirmed,
    ActionAskPlaceConfirmed,
    ActionUpdateAnswers,
    ValidateOrientationForm,
)
from bot.domain import answers
from bot.domain.places.resolver import resolve_place
from bot.storage.models import City, OrientationProgress
from bot.storage.session import session_scope
from tests.actions.conftest import make_tracker, rendered, run

FORM = ValidateOrientationForm()
RANKING = [{"pathway": "finance", "confidence": 0.92}, {"pathway": "governance",
                                                         "confidence": 0.71},
           {"pathway": "technology", "confidence": 0.1}]


def test_a_known_city_sets_place_and_country(dispatcher, domain):
    slots = run(FORM.validate_city("we are from Bodo", dispatcher,
                                   make_tracker("we are from Bodo"), domain))
    assert slots["city"] == "Bodø" and slots["country"] == "NO"
    assert slots["place"]["is_mission_city"] is False
    assert "Bodø, Norway: noted." in rendered(dispatcher, domain)[0]["text"]


def test_a_mission_city_is_told_about_mission_only_offers(dispatcher, domain, action_database):
    with session_scope(action_database) as session:
        city = session.execute(select(City).where(City.is_mission_city.is_(True),
                                                  City.country_code == "ES")).scalars().first()
    slots = run(FORM.validate_city(city.name, dispatcher, make_tracker(city.name), domain))
    assert slots["place"]["is_mission_city"] is True
    said = " ".join(message["text"] for message in rendered(dispatcher, domain))
    assert "one of the 112 EU Mission Cities" in said and "City Advisors" in said


def test_an_unknown_place_is_kept_and_its_country_asked(dispatcher, domain):
    slots = run(FORM.validate_city("Trușeni commune", dispatcher,
                                   make_tracker("Trușeni commune"), domain))
    assert slots == {"city": "Trușeni commune", "place": None, "country": None}
    country = run(FORM.validate_country("Moldova", dispatcher, make_tracker(
        "Moldova", city="Trușeni commune"), domain))
    assert country == {"country": "MD"}
    last = rendered(dispatcher, domain)[-1]
    assert last["response"] == "utter_place_not_listed"
    assert last["text"] == ("Thanks. Trușeni commune is not in my list of places yet, but I have "
                            "noted it in Moldova.")


def test_a_place_with_its_country_in_one_answer(dispatcher, domain):
    slots = run(FORM.validate_city("Ilovik, Croatia", dispatcher,
                                   make_tracker("Ilovik, Croatia"), domain))
    assert slots == {"city": "Ilovik", "place": None, "country": "HR"}


def test_user_text_is_escaped_when_echoed(dispatcher, domain):
    tracker = make_tracker("<script>", city="<b>Town</b>")
    run(ActionAskCountry().run(dispatcher, tracker, domain))
    assert "<b>" not in rendered(dispatcher, domain)[0]["text"]
    assert "&lt;b&gt;Town&lt;/b&gt;" in rendered(dispatcher, domain)[0]["text"]


def test_readiness_from_button_and_from_words(dispatcher, domain):
    button = make_tracker('/inform_readiness{"readiness": "exploring"}', "inform_readiness",
                          entities=[{"entity": "readiness", "value": "exploring"}])
    assert run(FORM.validate_readiness("x", dispatcher, button, domain)) == {
        "readiness": "exploring"}
    words = make_tracker("the council already adopted a 2040 target", "inform_readiness")
    assert run(FORM.validate_readiness("x", dispatcher, words, domain)) == {
        "readiness": "target_in_place"}
    unclear = run(FORM.validate_readiness("banana", dispatcher, make_tracker("banana"), domain))
    assert unclear == {"readiness": None, "question_misses": 1} and dispatcher.messages


def test_sure_of_the_challenges_says_so_and_goes_on(dispatcher, domain):
    text = "upfront costs and a bureaucratic process"
    tracker = make_tracker(text, "challenge_finance", ranking=RANKING)
    slots = run(FORM.validate_challenges(text, dispatcher, tracker, domain))
    assert [item["pathway"] for item in slots["pathways"]] == ["finance", "governance"]
    assert slots["pathways_confirmed"] is True
    assert rendered(dispatcher, domain)[-1]["text"].startswith(
        "I understand your challenges are mainly about funding and financing, and also "
        "policy, governance and regulation.")


def test_unsure_of_the_challenges_asks_to_confirm_with_buttons(dispatcher, domain):
    text = "the process is complicated"
    unsure = [{"pathway": "governance", "confidence": 0.5}, {"pathway": "finance",
                                                             "confidence": 0.46}]
    tracker = make_tracker(text, "challenge_governance", ranking=unsure)
    slots = run(FORM.validate_challenges(text, dispatcher, tracker, domain))
    assert slots["pathways_confirmed"] is None and not dispatcher.messages
    asked = make_tracker(text, pathways=slots["pathways"])
    run(ActionAskPathwaysConfirmed().run(dispatcher, asked, domain))
    message = rendered(dispatcher, domain)[-1]
    assert "policy, governance and regulation (probably)" in message["text"]
    assert "Is that right?" in message["text"]
    payloads = [button["payload"] for button in message["buttons"]]
    assert payloads[0] == "/affirm"
    assert '/edit_pathways{"pathway_remove": "governance"}' in payloads
    assert '/edit_pathways{"pathway_add": "monitoring"}' in payloads


def test_lost_in_the_challenges_asks_to_rephrase_then_reads_the_new_words(dispatcher, domain):
    text = "it is complicated"
    lost = [{"pathway": "ecosystem", "confidence": 0.2}]
    slots = run(FORM.validate_challenges(text, dispatcher, make_tracker(
        text, "challenge_ecosystem", ranking=lost), domain))
    assert slots == {"challenges": text, "pathways_confirmed": None, "pathways": []}
    run(ActionAskPathwaysConfirmed().run(dispatcher, make_tracker(text, pathways=[]), domain))
    assert "say it in other words" in rendered(dispatcher, domain)[-1]["text"]
    assert len(rendered(dispatcher, domain)[-1]["buttons"]) == 6  # or choose topics

    again = "we cannot find money for the projects"
    tracker = make_tracker(again, "challenge_finance", challenges=text, pathways=[],
                           ranking=[{"pathway": "finance", "confidence": 0.9}])
    slots = run(FORM.validate_pathways_confirmed(again, dispatcher, tracker, domain))
    assert slots == {"challenges": f"{text}\n{again}", "pathways_confirmed": True,
                     "pathways": [{"pathway": "finance", "confidence": 0.9}]}


def test_skipping_challenges_skips_their_confirmation(dispatcher, domain):
    slots = run(FORM.validate_challenges("skipped", dispatcher, make_tracker("/skip", "skip"),
                                         domain))
    assert slots == {"challenges": "skipped", "pathways": [], "pathways_confirmed": True}


def test_a_correction_updates_the_country(dispatcher, domain):
    tracker = make_tracker("actually we are in Portugal", "correct_answer", city="Krk",
                           country="HR")
    events = run(ActionUpdateAnswers().run(dispatcher, tracker, domain))
    assert {"event": "slot", "timestamp": None, "name": "country", "value": "PT"} in events
    assert rendered(dispatcher, domain)[0]["text"] == "Noted: country Portugal."


def test_a_challenge_outside_the_form_is_kept(dispatcher, domain):
    tracker = make_tracker("we have no emissions data", "challenge_monitoring",
                           ranking=[{"pathway": "monitoring", "confidence": 0.9}],
                           challenges="no money")
    events = {event["name"]: event["value"] for event in run(
        ActionUpdateAnswers().run(dispatcher, tracker, domain))}
    assert events["challenges"] == "no money\nwe have no emissions data"
    assert events["pathways"] == [{"pathway": "monitoring", "confidence": 0.9}]


def test_a_statement_mistaken_for_a_correction_is_kept_as_challenges(dispatcher, domain):
    text = "nobody measures what the bike lanes actually changed in traffic"
    tracker = make_tracker(text, "correct_answer", confidence=0.99,
                           ranking=[{"pathway": "monitoring", "confidence": 0.7}])
    slots = run(FORM.validate_challenges(text, dispatcher, tracker, domain))
    assert slots["challenges"] == text
    assert slots["pathways"] == [{"pathway": "monitoring", "confidence": 0.7}]


def test_a_real_question_at_the_challenges_step_is_answered_and_asked_again(dispatcher, domain):
    text = "what does climate neutrality include?"
    tracker = make_tracker(text, "ask_climate_neutrality", confidence=0.97)
    assert run(FORM.validate_challenges(text, dispatcher, tracker, domain)) == {"challenges": None}
    assert rendered(dispatcher, domain)[0]["response"] == "utter_climate_neutrality"


def ask(domain: dict, response: str, **slots) -> dict:
    """A question as Rasa's response generator picks it, given the slots (its variations)."""
    from rasa.core.nlg.response import TemplatedNaturalLanguageGenerator

    return TemplatedNaturalLanguageGenerator(domain["responses"]).generate_from_slots(
        response, slots, "collector")


def test_unreadable_answers_get_sorry_then_the_options_then_the_question_is_left_open(
        dispatcher, domain):
    first = run(FORM.validate_readiness("hmm, blue", dispatcher, make_tracker("hmm, blue"), domain))
    assert first == {"readiness": None, "question_misses": 1}
    assert [m["response"] for m in rendered(dispatcher, domain)] == ["utter_readiness_not_matched"]

    second = CollectingDispatcher()
    slots = run(FORM.validate_readiness("hmm, blue", second, make_tracker(
        "hmm, blue", question_misses=1), domain))
    assert slots == {"readiness": None, "question_misses": 2} and not second.messages
    normal = ask(domain, "utter_ask_readiness", question_misses=1)
    options = ask(domain, "utter_ask_readiness", question_misses=2)
    assert options["text"] != normal["text"]
    titles = [button["title"] for button in options["buttons"]]
    assert titles[:4] == [button["title"] for button in normal["buttons"]][:4]
    assert "Skip this question" in titles and "Talk to a person" in titles

    third = CollectingDispatcher()
    slots = run(FORM.validate_readiness("hmm, blue", third, make_tracker(
        "hmm, blue", question_misses=2), domain))
    assert slots == {"readiness": "skipped", "question_misses": 0}
    assert [m["response"] for m in rendered(third, domain)] == ["utter_question_left_open"]


@pytest.mark.parametrize("slot", ["city", "readiness", "challenges", "support_wanted"])
def test_every_free_question_is_put_differently_after_two_misses(domain, slot):
    options = ask(domain, f"utter_ask_{slot}", question_misses=2)
    assert options["text"] != ask(domain, f"utter_ask_{slot}", question_misses=None)["text"]
    assert {"/skip", "/request_human"} <= {button["payload"] for button in options["buttons"]}


def test_the_topics_question_offers_skip_and_a_person_after_two_misses(dispatcher, domain):
    tracker = make_tracker("hmm", pathways=[{"pathway": "finance", "confidence": 0.5}],
                           question_misses=2)
    run(ActionAskPathwaysConfirmed().run(dispatcher, tracker, domain))
    shown = rendered(dispatcher, domain)[0]
    assert shown["response"] == "utter_ask_pathways_confirmed_options"
    assert {"/skip", "/request_human", "/affirm"} <= {b["payload"] for b in shown["buttons"]}


def test_a_question_answered_starts_the_next_one_with_no_misses(dispatcher, domain):
    tracker = make_tracker("we plan to set a target", "inform_readiness",
                           requested_slot="readiness", readiness="we plan to set a target",
                           question_misses=2, city="Braga", country="PT")
    tracker.events.append({"event": "slot", "name": "readiness",
                           "value": "we plan to set a target"})
    events = run(FORM.run(dispatcher, tracker, domain))
    assert {"event": "slot", "name": "readiness", "value": "planning_target",
            "timestamp": None} in events
    assert events[-1]["name"] == "question_misses" and events[-1]["value"] == 0


def test_a_misspelt_place_is_asked_about_and_noted_only_when_confirmed(dispatcher, domain):
    slots = run(FORM.validate_city("Gazientep", dispatcher, make_tracker("Gazientep"), domain))
    assert slots["city"] is None and slots["place"] is None and not dispatcher.messages
    guess = slots["place_guess"]
    assert (guess["name"], guess["country"]) == ("Gaziantep", "TR")
    required = run(FORM.required_slots(["city", "country"], dispatcher,
                                       make_tracker("Gazientep", place_guess=guess), domain))
    assert required == ["place_confirmed", "city", "country"]

    run(ActionAskPlaceConfirmed().run(dispatcher, make_tracker("x", place_guess=guess), domain))
    question = rendered(dispatcher, domain)[0]
    assert question["text"] == "Did you mean Gaziantep, Türkiye?"
    assert [b["payload"] for b in question["buttons"]] == ["/affirm", "/deny"]

    yes = CollectingDispatcher()
    slots = run(FORM.validate_place_confirmed("/affirm", yes, make_tracker(
        "/affirm", "affirm", place_guess=guess), domain))
    assert (slots["city"], slots["country"], slots["place_guess"]) == ("Gaziantep", "TR", None)
    assert rendered(yes, domain)[0]["text"] == "Gaziantep, Türkiye: noted."

    no = CollectingDispatcher()
    slots = run(FORM.validate_place_confirmed("/deny", no, make_tracker(
        "/deny", "deny", place_guess=guess), domain))
    assert slots == {"place_guess": None, "place_confirmed": None, "city": None}

    other = CollectingDispatcher()
    slots = run(FORM.validate_place_confirmed("Gaziantep", other, make_tracker(
        "Gaziantep", place_guess=guess), domain))
    assert slots["city"] == "Gaziantep" and slots["place_guess"] is None


def test_a_place_in_another_country_than_the_one_named_is_asked_about(dispatcher, domain):
    slots = run(FORM.validate_city("Braga, Spain", dispatcher, make_tracker("Braga, Spain"),
                                   domain))
    assert slots["place_guess"]["country"] == "PT" and slots["country"] == "ES"
    assert not dispatcher.messages


def test_the_place_in_a_greeting_is_read_when_the_form_starts(dispatcher, domain):
    text = "Good morning, I'm calling from Lousada"
    greeting = make_tracker(text, "greet")
    assert run(FORM.extract_city(dispatcher, greeting, domain)) == {"city": text}
    assert run(FORM.extract_city(dispatcher, make_tracker("hello", "greet"), domain)) == {}
    assert run(FORM.extract_city(dispatcher, make_tracker("/greet", "greet"), domain)) == {}
    asked = make_tracker(text, "greet", requested_slot="readiness")
    assert run(FORM.extract_city(dispatcher, asked, domain)) == {}
    answering = make_tracker("Hola, I write from Ronda, Málaga", "greet", requested_slot="city")
    assert run(FORM.extract_city(dispatcher, answering, domain)) == {
        "city": "Hola, I write from Ronda, Málaga"}
    first = "Bristol City Council here, there are not enough people in the team"
    challenge_first = make_tracker(first, "challenge_foundations")
    assert run(FORM.extract_city(dispatcher, challenge_first, domain)) == {"city": first}


@pytest.mark.parametrize(("validate", "text", "noted", "name"), [
    (FORM.validate_readiness, "no, not Italy! Alba Iulia in Romania", "Alba", "Alba Iulia"),
    (FORM.validate_challenges, "sorry, we are Datça Belediyesi, not Muğla", "Muğla", "Datça"),
    (FORM.validate_support_wanted, "I am from Guimarães, not Braga", "Braga", "Guimarães"),
])
def test_a_place_corrected_at_a_later_question_is_noted_and_the_question_asked_again(
        dispatcher, domain, validate, text, noted, name):
    place = answers.place_slot(resolve_place(noted))
    slot = validate.__name__.removeprefix("validate_")
    slots = run(validate(text, dispatcher, make_tracker(text, "correct_answer", 0.6, place=place),
                         domain))
    assert slots[slot] is None and slots["place"]["name"] == name
    assert rendered(dispatcher, domain)[0]["text"].startswith(f"{name}, ")


def test_a_place_given_for_the_challenges_is_not_classified(dispatcher, domain):
    text = "Valongo, Portugal"
    tracker = make_tracker(text, "challenge_technology", ranking=[
        {"pathway": "technology", "confidence": 0.5}])
    slots = run(FORM.validate_challenges(text, dispatcher, tracker, domain))
    assert slots == {"challenges": None, "question_misses": 1}
    assert rendered(dispatcher, domain)[0]["text"] == "That does not look like a challenge to me."


def test_a_place_the_opening_noted_is_not_noted_again(dispatcher, domain):
    place = {"name": "Braga", "country": "PT", "variants": []}
    tracker = make_tracker("We are the city of Braga in Portugal", place=place)
    assert run(FORM.validate_city("Braga", dispatcher, tracker, domain)) == {"city": "Braga"}
    assert run(FORM.validate_country("PT", dispatcher, tracker, domain)) == {"country": "PT"}
    assert not dispatcher.messages


def test_a_misspelt_place_before_the_form_is_left_for_the_form_to_ask_about(dispatcher,
                                                                             domain):
    tracker = make_tracker("hello from Gazientep", "inform_place", orientation_complete=False)
    events = {event["name"]: event["value"]
              for event in run(ActionUpdateAnswers().run(dispatcher, tracker, domain))}
    assert events["place_guess"]["name"] == "Gaziantep" and "city" not in events
    assert not dispatcher.messages


def test_the_reply_to_did_you_mean_is_read_but_a_question_in_between_is_not(dispatcher,
                                                                              domain):
    guess = {"name": "Gaziantep", "country": "TR", "variants": []}
    reply = make_tracker("yes", "affirm", place_guess=guess, requested_slot="place_confirmed")
    reply.events.append({"event": "action", "name": "orientation_form"})
    assert run(FORM.extract_place_confirmed(dispatcher, reply, domain)) == {
        "place_confirmed": "yes"}
    digression = make_tracker("what is a mission city?", "ask_mission_cities",
                              place_guess=guess, requested_slot="place_confirmed")
    digression.events += [{"event": "action", "name": "utter_mission_cities"},
                          {"event": "bot", "text": "Mission Cities are ..."},
                          {"event": "action", "name": "orientation_form"}]
    assert run(FORM.extract_place_confirmed(dispatcher, digression, domain)) == {}


def test_a_visit_that_opens_with_an_answer_is_greeted_first_and_only_once(dispatcher, domain):
    tracker = make_tracker("Muğla Belediyesi", "inform_place", orientation_complete=False)
    tracker.events.insert(0, {"event": "session_started"})
    run(ActionUpdateAnswers().run(dispatcher, tracker, domain))
    said = [message["text"] for message in rendered(dispatcher, domain)]
    assert said[0].startswith("Hello! I help cities") and said[2] == "Muğla, Türkiye: noted."
    assert said[1] == domain["responses"]["utter_data_use_notice"][0]["text"]
    later = CollectingDispatcher()
    tracker.events.insert(1, {"event": "bot", "text": "Which city or municipality …?"})
    run(ActionUpdateAnswers().run(later, tracker, domain))
    assert [message["response"] for message in later.messages] == ["utter_place_noted"]


def test_readiness_typed_in_the_officers_language_is_read(dispatcher, domain):
    for text, key in (("evet, hedefimiz var", "target_in_place"),
                      ("ainda não sabemos", "exploring"),
                      ("wir planen, ein Klimaziel festzulegen", "planning_target")):
        slots = run(FORM.validate_readiness(text, dispatcher, make_tracker(text), domain))
        assert slots["readiness"] == key, text


def _progress(url: str, conversation_id: str):
    with session_scope(url) as session:
        row = session.execute(select(OrientationProgress).where(
            OrientationProgress.conversation_id == conversation_id)).scalar_one_or_none()
        return (row.question, row.language) if row else None


def test_each_form_turn_notes_the_question_asked_next(dispatcher, domain, action_database):
    opening = make_tracker("we are from Bodo", sender="conv-progress", language="nb")
    run(FORM.run(dispatcher, opening, domain))
    assert _progress(action_database, "conv-progress") == ("readiness", "nb"), \
        "Bodø gives city and country: the next question is readiness"
    later = make_tracker("no money", sender="conv-progress", language="nb", city="Bodø",
                         country="NO", readiness="exploring", challenges="no money",
                         pathways_confirmed=True, support_wanted=["funding"],
                         requested_slot="support_wanted")
    run(FORM.run(dispatcher, later, domain))
    assert _progress(action_database, "conv-progress") == (None, "nb"), "all answered"


def test_a_call_without_the_form_in_its_domain_notes_nothing(dispatcher, domain,
                                                             action_database):
    tracker = make_tracker("we are from Bodo", sender="conv-no-form")
    run(FORM.run(dispatcher, tracker, {**domain, "forms": {}}))
    assert _progress(action_database, "conv-no-form") is None
