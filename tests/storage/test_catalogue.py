import shutil
from collections import Counter
from datetime import date

import pytest
import yaml
from sqlalchemy import func, select

from bot.domain.taxonomy import PATHWAY_KEYS, SUPPORT_OPTIONS
from bot.storage.catalogue.check import DEFAULT_MIN_ENTRIES
from bot.storage.catalogue.loader import DATA_DIR, CatalogueError, load_catalogue
from bot.storage.catalogue.queries import is_mission_city, mission_city_offers
from bot.storage.catalogue.seed import seed
from bot.storage.models import City, ClusterProject, FundingCall, Service
from bot.storage.session import session_scope


def test_shipped_catalogue_is_sourced_and_complete(catalogue):
    assert len(catalogue.cluster_projects) == 19
    assert len(catalogue.mission_cities["cities"]) == 112
    for entry in catalogue.services + catalogue.funding_calls + catalogue.cluster_projects:
        assert entry["source_url"].startswith("https://")
        assert isinstance(entry["last_checked"], date)
    assert len(catalogue.services) >= 60
    per_pathway = Counter(key for service in catalogue.services for key in service["pathways"])
    per_support = Counter(key for service in catalogue.services for key in service["support"])
    assert min(per_pathway[key] for key in PATHWAY_KEYS) >= DEFAULT_MIN_ENTRIES
    assert min(per_support[key] for key in SUPPORT_OPTIONS) >= DEFAULT_MIN_ENTRIES
    for service in catalogue.services:
        assert service["group_format"] in ("individual", "group", "both"), service["key"]
        assert service["languages"], service["key"]


def test_invalid_entries_are_all_reported(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    services = yaml.safe_load((data / "services.yaml").read_text())
    services[0]["pathways"] = ["weather"]
    del services[1]["source_url"]
    services[2]["provider"] = "nobody"
    (data / "services.yaml").write_text(yaml.safe_dump(services, allow_unicode=True))
    with pytest.raises(CatalogueError) as error:
        load_catalogue(data)
    problems = "\n".join(error.value.problems)
    assert "unknown pathways 'weather'" in problems
    assert "missing source_url" in problems
    assert "unknown provider 'nobody'" in problems


def test_seed_is_idempotent_on_both_databases(database_url, catalogue):
    with session_scope(database_url) as session:
        before = session.execute(select(func.count(Service.id))).scalar_one()
        seed(session, catalogue)
    with session_scope(database_url) as session:
        assert session.execute(select(func.count(Service.id))).scalar_one() == before
        assert before == len(catalogue.services)
        calls = session.execute(select(func.count(FundingCall.id))).scalar_one()
        assert calls == len(catalogue.funding_calls)
        projects = session.execute(select(ClusterProject)).scalars().all()
        assert len(projects) == 19
        climaborough = next(p for p in projects if p.key == "climaborough")
        assert {city.name for city in climaborough.cities} >= {"Krk", "Cascais"}
        missions = session.execute(
            select(func.count(City.id)).where(City.is_mission_city.is_(True))).scalar_one()
        assert missions == 112


def test_mission_cities_and_their_offers(database_url):
    with session_scope(database_url) as session:
        mission = next(iter(session.execute(
            select(City).where(City.is_mission_city.is_(True))).scalars()))
        assert is_mission_city(session, [mission.name], mission.country_code)
        assert not is_mission_city(session, ["Krk"], "HR")
        offers = mission_city_offers(session)
        assert "City Advisors" in " ".join(offers)
