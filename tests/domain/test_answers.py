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
