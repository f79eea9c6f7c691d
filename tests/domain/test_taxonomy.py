import pytest

from bot.domain.taxonomy import (
    PATHWAY_KEYS,
    READINESS_OPTIONS,
    find_pathways_in_text,
    map_readiness,
    map_support,
)


def test_six_pathways_in_the_helpdesk_order():
    assert PATHWAY_KEYS == ("foundations", "ecosystem", "monitoring", "technology",
                            "governance", "finance")


@pytest.mark.parametrize(("text", "key"), [
    ("Yes, we already have a climate-neutral target in place", "target_in_place"),
    ("the council adopted climate neutrality by 2040", "target_in_place"),
    ("we plan to set one next year", "planning_target"),
    ("not sure, still exploring", "exploring"),
    ("we don't know yet", "exploring"),
    ("no, we do not plan to", "not_planning"),
    ("banana", None),
])
def test_readiness_free_text(text, key):
    assert map_readiness(text) == key


def test_every_readiness_title_maps_to_itself():
    for key, title in READINESS_OPTIONS.items():
        assert map_readiness(title) == key


@pytest.mark.parametrize(("text", "keys"), [
    ("money please", ["funding"]),
    ("funding and peer learning", ["funding", "networking"]),
    ("expert advice", ["technical_assistance"]),
    ("all of them", ["funding", "technical_assistance", "networking"]),
    ("hmm", []),
])
def test_support_free_text(text, keys):
    assert map_support(text) == keys


def test_pathways_named_in_text():
    assert find_pathways_in_text("add monitoring and governance") == ["monitoring", "governance"]
