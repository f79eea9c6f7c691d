from dataclasses import replace
from datetime import date, datetime, timezone

from sqlalchemy import select

from bot.domain.taxonomy import find_pathways_in_text
from bot.integrations.funding_api import FundingApiClient, Source
from bot.services.calls_sync import sync_calls
from bot.storage.models import FundingCall
from bot.storage.session import session_scope
from tests.funding_replay import ReplayServer

TODAY = date(2026, 11, 24)
NOW = datetime(2026, 11, 24, 12, tzinfo=timezone.utc)
EVERYTHING = Source("all recorded", "Horizon Europe", "43108390", ".")
OPEN_RECORDED = {"HORIZON-MISS-2027-04-CIT-01", "HORIZON-MISS-2027-05-SOIL-01-two-stage",
                 "HORIZON-CL4-2027-04-DIGITAL-EMERGING-10", "HORIZON-MISS-2027-04-CIT-03",
                 "HORIZON-MISS-2027-04-CIT-CCRI-04"}


class CountingTagger:
    """Pathways from the words of a call (taxonomy keywords), counting how often it is asked."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, text: str) -> list[str]:
        self.calls += 1
        return find_pathways_in_text(text)[:3] or ["technology"]


def _listing():
    with ReplayServer() as server:
        return FundingApiClient(server.url, page_size=4, sleep=lambda s: None).topics(EVERYTHING)


def _sync(url, listing, tagger, today=TODAY):
    with session_scope(url) as session:
        return sync_calls(session, [listing], tagger, today, NOW)


def test_first_sync_adds_open_calls_and_a_second_changes_nothing(fresh_catalogue_url,
                                                                 catalogue):
    in_catalogue = {call["identifier"] for call in catalogue.funding_calls} & OPEN_RECORDED
    assert in_catalogue, "the shipped catalogue already lists some of these topics"
    listing, tagger = _listing(), CountingTagger()
    first = _sync(fresh_catalogue_url, listing, tagger)
    assert set(first.added) == OPEN_RECORDED - in_catalogue
    assert set(first.changed) == in_catalogue, "the portal takes over catalogue entries"
    assert first.expired == 3 and not first.closed
    assert tagger.calls == len(OPEN_RECORDED - in_catalogue), "curated pathways are kept"
    second = _sync(fresh_catalogue_url, listing, tagger)
    assert (second.added, second.changed, second.closed) == ([], [], [])
    assert second.unchanged == len(OPEN_RECORDED)
    assert tagger.calls == len(OPEN_RECORDED - in_catalogue)
    with session_scope(fresh_catalogue_url) as session:
        two_stage = session.execute(select(FundingCall).where(
            FundingCall.identifier == "HORIZON-MISS-2027-05-SOIL-01-two-stage")).scalar_one()
        assert (two_stage.origin, two_stage.status) == ("portal", "forthcoming")
        assert (two_stage.deadline, two_stage.second_deadline) == (date(2027, 4, 8),
                                                                   date(2027, 9, 14))
        assert two_stage.pathways and two_stage.synced_at is not None


def test_reworded_calls_change_and_are_tagged_again(fresh_catalogue_url):
    listing, tagger = _listing(), CountingTagger()
    _sync(fresh_catalogue_url, listing, tagger)
    asked = tagger.calls
    listing.topics[0] = replace(listing.topics[0], title="Renamed: citizen engagement")
    report = _sync(fresh_catalogue_url, listing, tagger)
    assert report.changed == [listing.topics[0].identifier]
    assert tagger.calls == asked + 1


def test_calls_that_disappear_or_pass_their_deadline_are_closed(fresh_catalogue_url):
    listing, tagger = _listing(), CountingTagger()
    _sync(fresh_catalogue_url, listing, tagger)
    gone = listing.topics.pop(0).identifier
    report = _sync(fresh_catalogue_url, listing, tagger)
    assert report.closed == [gone]
    later = _sync(fresh_catalogue_url, listing, tagger, today=date(2026, 12, 2))
    with session_scope(fresh_catalogue_url) as session:
        neb = session.execute(select(FundingCall).where(
            FundingCall.identifier == "HORIZON-NEB-2026-01-REGEN-01")).scalar_one()
        assert neb.origin == "catalogue" and neb.status == "closed"
    assert "HORIZON-NEB-2026-01-REGEN-01" in later.closed
