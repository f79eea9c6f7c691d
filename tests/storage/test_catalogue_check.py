from datetime import date

from sqlalchemy import select

from bot.storage.catalogue.check import ERROR, WARNING, check_catalogue
from bot.storage.models import Service
from bot.storage.session import session_scope

TODAY = date(2026, 11, 24)


def test_the_shipped_catalogue_has_no_errors(database_url):
    with session_scope(database_url) as session:
        findings = check_catalogue(session, TODAY)
    assert [str(f) for f in findings if f.level == ERROR] == []


def test_problems_are_found(sqlite_url):
    with session_scope(sqlite_url) as session:
        services = session.execute(select(Service).order_by(Service.key)).scalars().all()
        saved = [(s.source_url, s.min_population, s.max_population, s.last_checked)
                 for s in services[:3]]
        services[0].source_url = "http://insecure.example"
        services[1].min_population, services[1].max_population = 50_000, 10_000
        services[2].last_checked = date(2020, 1, 1)
        session.flush()
        findings = {(f.level, f.where, f.message) for f in check_catalogue(
            session, TODAY, min_entries=1000)}
        for service, (source, low, high, checked) in zip(services, saved, strict=False):
            service.source_url, service.min_population = source, low
            service.max_population, service.last_checked = high, checked
    assert (ERROR, f"service {services[0].key}", "no https source URL") in findings
    assert (ERROR, f"service {services[1].key}", "population range 50000–10000 is empty") \
        in findings
    assert any(level == WARNING and where == f"service {services[2].key}" and
               "more than 365 days ago" in message for level, where, message in findings)
    assert any(where == "pathway monitoring" for _, where, _ in findings)
    assert any(where == "support networking" for _, where, _ in findings)
