from dataclasses import replace

import pytest

from bot.domain import answers
from bot.domain.answers import Message, edit_pathways, merge_pathways, read_place, read_support
from bot.domain.places.resolver import resolve_place

CURRENT = [{"pathway": "finance", "confidence": 0.8}]


def test_buttons_add_and_remove_pathways():
    added, changed = edit_pathways(CURRENT, Message("/edit_pathways", "edit_pathways",
                                                    entities=({"entity": "pathway_add",
                                                               "value": "monitoring"},)))
    assert changed and [item["pathway"] for item in added] == ["finance", "monitoring"]
    removed, _ = edit_pathways(added, Message("remove finance", "edit_pathways"))
    assert [item["pathway"] for item in removed] == ["monitoring"]


def test_unclear_edits_change_nothing():
    assert edit_pathways(CURRENT, Message("hmm", "deny")) == (CURRENT, False)


def test_new_challenges_are_merged_keeping_the_higher_confidence():
    merged = merge_pathways(CURRENT, [{"pathway": "finance", "confidence": 0.95},
                                      {"pathway": "governance", "confidence": 0.5}])
    assert merged == [{"pathway": "finance", "confidence": 0.95},
                      {"pathway": "governance", "confidence": 0.5}]


def test_spacy_entities_are_read_first():
    message = Message("we are in Bodo", "inform_place",
                      entities=({"entity": "city", "value": "Bodo"},))
    match, country = read_place(message)
    assert match.place.name == "Bodø" and country is None


def test_support_from_button_or_words():
    assert read_support(Message("/inform_support", entities=(
        {"entity": "support", "value": "all"},))) == ["funding", "technical_assistance",
                                                      "networking"]
    assert read_support(Message("we want to learn from other cities")) == ["networking"]


def test_the_topic_of_a_funding_request():
    from bot.domain.answers import topic_pathways

    assert topic_pathways(Message("show funding for mobility")) == ["technology"]
    assert topic_pathways(Message("funding for citizen engagement")) == ["ecosystem"]
    assert topic_pathways(Message("show funding", pathway_ranking=(
        {"pathway": "finance", "confidence": 0.9},))) == ["finance"]
    assert topic_pathways(Message("money for solar panels", pathway_ranking=(
        {"pathway": "finance", "confidence": 0.6},
        {"pathway": "technology", "confidence": 0.5}))) == ["technology"]
    assert topic_pathways(Message("anything?")) is None


def test_a_place_is_noted_only_when_the_bot_is_sure():
    assert answers.place_is_sure(resolve_place("Braga"), None)
    assert not answers.place_is_sure(resolve_place("Gazientep"), None)  # a typo: asked about
    assert not answers.place_is_sure(resolve_place("Braga"), "ES")  # not in the named country
    bergen = resolve_place("Bergen")
    assert answers.place_is_sure(bergen, None)  # the Dutch and German Bergens are far smaller
    rival = replace(bergen, rival=replace(bergen.rival, population=bergen.place.population // 2))
    assert not answers.place_is_sure(rival, None)
    assert answers.place_is_sure(rival, "NO")


@pytest.mark.parametrize(("text", "intent", "no_challenge"), [
    ("Valongo, Portugal", "inform_place", True),
    ("We are in Valongo", "challenge_technology", True),
    ("Portugal", "inform_place", True),
    ("🙂 ...", "nlu_fallback", True),
    ("ok", "affirm", True),
    ("Traffic in Lisbon is terrible", "challenge_technology", False),
    ("we lack staff in Braga", "challenge_foundations", False),
    ("energy", "challenge_technology", False),
    ("yes, funding is our main problem", "affirm", False),
])
def test_a_reply_without_a_challenge_is_told_apart(text, intent, no_challenge):
    message = answers.Message(text=text, intent=intent, intent_confidence=0.95)
    assert answers.states_no_challenge(message) is no_challenge


@pytest.mark.parametrize("text, place", [
    ("Good morning, I'm calling from Lousada", "Lousada"),
    ("Merhaba, Nizip Belediyesi", "Nizip"),
    ("/greet", None),  # the chat widget's opening payload, close to "Reet"
    ("Hallo", None),  # close to "Halle (Saale)"
    ("Kalimera", None),  # a greeting that is also a place's name, said alone
    ("Hei, we are from Bodø", "Bodø"),  # not Heijplaat, which GeoNames also calls "Hei"
    ("Bom dia", None),  # "dia", lower case, is only an alias of Akçakoca
    ("Hello from Lemesos municipality", "Limassol"),  # an alias, capitalised
])
def test_only_a_place_spelt_exactly_beside_a_greeting_opens_with_it(text, place):
    match = answers.place_in_opening(answers.Message(text, "greet", 0.9))
    assert (match.place.name if match else None) == place


@pytest.mark.parametrize(("text", "noted", "corrected"), [
    ("sorry, I made a mistake, we are Datça Belediyesi, not Muğla", "Muğla", ("Datça", None)),
    ("no, not Italy! Alba Iulia in Romania", "Alba", ("Alba Iulia", None)),
    ("sorry, not Braga, I am from Guimarães", "Braga", ("Guimarães", None)),
    ("Traffic in Lisbon is terrible", "Braga", None),  # another place, but not a correction
    ("we are in Braga", "Braga", None),  # the noted place again
    ("not Braga but Porto: no money for buses", "Braga", None),  # a challenge beside it
])
def test_another_place_beside_the_noted_one_corrects_it(text, noted, corrected):
    found = answers.place_correction(answers.Message(text, "challenge_monitoring", 0.5),
                                     answers.place_slot(resolve_place(noted)))
    assert (found and (found[0].place.name, found[1])) == corrected
