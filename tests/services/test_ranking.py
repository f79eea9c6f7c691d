"""The ranking order and its explanation, pinned on a small crafted catalogue."""

from datetime import date

import pytest

from bot.domain.matching import CityProfile
from bot.domain.taxonomy import PATHWAYS
from bot.services.recommendations import recommend
from bot.storage.migrate import upgrade
from bot.storage.models import FundingCall, Pathway, Provider, Service
from bot.storage.session import session_scope
from tests.conftest import said

TODAY = date(2026, 11, 24)
SOURCE = {"source_url": "https://example.org/source", "last_checked": TODAY}


@pytest.fixture(scope="module")
def crafted_url(tmp_path_factory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('ranking') / 'crafted.db'}"
    upgrade(url)
    with session_scope(url) as session:
        for pathway in PATHWAYS:
            session.add(Pathway(key=pathway.key, title=pathway.title,
                                challenge_category=pathway.challenge_category))
        provider = Provider(key="p", name="Provider", url="https://example.org", **SOURCE)
        session.flush()
        paths = {key: session.get(Pathway, key) for key in ("finance", "governance")}

        def service(key, pathways, support, **extra):
            session.add(Service(key=key, name=key, provider=provider, kind="advisory",
                                summary="", support=support, audience=extra.pop("audience", "all"),
                                countries=extra.pop("countries", []), url=f"https://x.org/{key}",
                                pathways=[paths[p] for p in pathways], **SOURCE, **extra))

        def call(key, pathways, status, deadline):
            session.add(FundingCall(identifier=key, title=key, programme="Test", status=status,
                                    deadline=deadline, audience="all", countries=[], summary="",
                                    url=f"https://x.org/{key}",
                                    pathways=[paths[p] for p in pathways], **SOURCE))

        service("finance-coach", ["finance"], ["technical_assistance"])
        service("finance-grants", ["finance"], ["funding"])
        service("governance-lab", ["governance"], ["funding"])
        service("portuguese-finance-desk", ["finance"], [], countries=["PT"])
        service("mission-only", ["finance"], ["funding"], audience="mission_cities")
        call("CALL-FINANCE", ["finance"], "open", date(2027, 1, 10))
        call("CALL-BOTH", ["finance", "governance"], "forthcoming", date(2026, 12, 1))
        call("CALL-CLOSED", ["finance"], "closed", date(2027, 1, 10))
        call("CALL-PAST", ["finance"], "open", date(2026, 11, 1))
    return url


PROFILE = dict(city="Valongo", country="PT", pathways={"finance": 0.9, "governance": 0.5})


def _ranked(url, **changes):
    with session_scope(url) as session:
        return recommend(session, CityProfile(**{**PROFILE, **changes}), TODAY)


def test_funding_wanted_puts_calls_first_then_services_by_score(crafted_url):
    ranked = _ranked(crafted_url, support_wanted=("funding",))
    assert [rec.key for rec in ranked] == [
        "CALL-BOTH", "CALL-FINANCE", "finance-grants", "portuguese-finance-desk",
        "governance-lab", "finance-coach"]
    assert [rec.score for rec in ranked] == [4.3, 3.3, 3.3, 2.8, 2.5, 1.8]


def test_each_score_is_the_sum_of_its_components(crafted_url):
    for rec in _ranked(crafted_url, support_wanted=("funding",)):
        assert rec.score == pytest.approx(sum(rec.components.values()))
    desk = next(r for r in _ranked(crafted_url) if r.key == "portuguese-finance-desk")
    assert desk.components == {"pathway_match": 1.8, "support_wanted": 0.0,
                               "eligibility": 1.0, "peers": 0.0}


def test_the_reason_names_the_largest_component_first(crafted_url):
    ranked = {rec.key: rec for rec in _ranked(crafted_url, support_wanted=("funding",))}
    assert said(ranked["finance-grants"]) == (
        "Helps with funding and financing; offers access to funding.")
    assert said(ranked["governance-lab"]) == (
        "Offers access to funding; helps with policy, governance and regulation.")
    assert said(ranked["portuguese-finance-desk"]) == (
        "Helps with funding and financing; made for cities in Portugal.")
    assert said(ranked["CALL-BOTH"]).endswith("deadline 1 December 2026 (7 days left).")


def test_other_support_reorders_the_services(crafted_url):
    services = [rec.key for rec in _ranked(crafted_url, support_wanted=("technical_assistance",))
                if rec.kind == "service"]
    assert services == ["finance-coach", "portuguese-finance-desk", "finance-grants",
                        "governance-lab"]


def test_ineligible_and_closed_offers_never_appear(crafted_url):
    keys = {rec.key for rec in _ranked(crafted_url, support_wanted=("funding",))}
    assert not keys & {"mission-only", "CALL-CLOSED", "CALL-PAST"}
    mission = {rec.key for rec in _ranked(crafted_url, is_mission_city=True)}
    assert "mission-only" in mission
