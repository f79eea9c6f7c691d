from datetime import date

from sqlalchemy import select

from bot.domain.matching import CityProfile
from bot.services.recommendations import recommend
from bot.storage.models import FundingCall, Pathway, Provider, Service
from bot.storage.session import session_scope
from tests.conftest import said

TODAY = date(2026, 11, 24)


def _keys(recs, kind):
    return [rec.key for rec in recs if rec.kind == kind]


def test_mission_city_only_offers_are_hidden_from_other_cities(database_url):
    with session_scope(database_url) as session:
        mission_only = set(session.execute(
            select(Service.key).where(Service.audience == "mission_cities")).scalars())
        assert mission_only
        city = recommend(session, CityProfile(city="Krk", country="HR",
                                              pathways={"governance": 0.9}), TODAY)
        mission = recommend(session, CityProfile(city="Valencia", country="ES",
                                                 is_mission_city=True,
                                                 pathways={"governance": 0.9}), TODAY)
    assert not mission_only & set(_keys(city, "service"))
    assert mission_only & set(_keys(mission, "service"))


def test_closed_and_past_calls_are_never_shown(database_url):
    with session_scope(database_url) as session:
        recs = recommend(session, CityProfile(country="PT", pathways={
            key: 0.9 for key in ("technology", "governance", "finance", "ecosystem")}), TODAY)
        shown = _keys(recs, "call")
        calls = {call.identifier: call for call in session.execute(
            select(FundingCall).where(FundingCall.identifier.in_(shown))).scalars()}
    assert shown
    for call in calls.values():
        assert call.status in ("open", "forthcoming")
        assert call.deadline is None or call.deadline >= TODAY


def test_country_and_population_eligibility(database_url):
    with session_scope(database_url) as session:
        services = session.execute(select(Service)).scalars()
        spanish_only = [service for service in services if service.countries == ["ES"]]
        assert spanish_only, "the catalogue has a Spain-only platform (citiES 2030)"
        service = spanish_only[0]
        pathways = {p.key: 0.9 for p in service.pathways}
        in_spain = recommend(session, CityProfile(country="ES", population=90_000,
                                                  pathways=pathways), TODAY)
        in_france = recommend(session, CityProfile(country="FR", population=90_000,
                                                   pathways=pathways), TODAY)
        too_small = recommend(session, CityProfile(country="ES", population=1_000,
                                                   pathways=pathways), TODAY)
    assert service.key in _keys(in_spain, "service")
    assert service.key not in _keys(in_france, "service")
    if service.min_population:
        assert service.key not in _keys(too_small, "service")


def test_support_wanted_moves_matching_offers_up_and_reasons_say_why(database_url):
    profile = dict(city="Valongo", country="PT", pathways={"finance": 0.9})
    with session_scope(database_url) as session:
        funding_first = recommend(session, CityProfile(**profile, support_wanted=("funding",)),
                                  TODAY)
        peers_first = recommend(session, CityProfile(**profile, support_wanted=("networking",)),
                                TODAY)
    assert funding_first[0].kind == "call"
    assert "funding and financing" in said(funding_first[0])
    assert "peer" in " ".join(rec.kind for rec in peers_first[:4])


def test_a_service_added_to_the_database_is_recommended(sqlite_url):
    with session_scope(sqlite_url) as session:
        provider = session.execute(select(Provider)).scalars().first()
        session.add(Service(
            key="test-monitoring-clinic", name="Test Monitoring Clinic", provider=provider,
            kind="advisory", summary="", support=["technical_assistance"], audience="all",
            countries=[], url="https://example.org/clinic", source_url="https://example.org/",
            last_checked=TODAY, pathways=[session.get(Pathway, "monitoring")]))
    try:
        with session_scope(sqlite_url) as session:
            recs = recommend(session, CityProfile(
                country="IE", pathways={"monitoring": 1.0},
                support_wanted=("technical_assistance",)), TODAY)
        top = next(rec for rec in recs if rec.key == "test-monitoring-clinic")
        assert "emissions data" in said(top) and "technical assistance" in said(top)
    finally:
        with session_scope(sqlite_url) as session:
            session.delete(session.execute(select(Service).where(
                Service.key == "test-monitoring-clinic")).scalar_one())


def test_peer_projects_skip_the_city_itself(database_url):
    with session_scope(database_url) as session:
        recs = recommend(session, CityProfile(city="Krk", country="HR",
                                              pathways={"technology": 0.9}), TODAY)
    climaborough = next(rec for rec in recs if rec.key == "climaborough")
    assert "Krk (HR)" not in said(climaborough)
    assert "your city already takes part" in said(climaborough)
