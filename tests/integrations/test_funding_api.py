import json
from datetime import date

import pytest

from bot.integrations.funding_api import FundingApiClient, FundingApiError, Source, parse_topic
from tests.funding_replay import FIXTURES, ReplayServer

EVERYTHING = Source("all recorded", "Horizon Europe", "43108390", ".")
CITIES = Source("Cities Mission", "Horizon Europe", "43108390", "^HORIZON-MISS-.*CIT")


def _client(server: ReplayServer, **options) -> FundingApiClient:
    return FundingApiClient(server.url, page_size=4, sleep=lambda seconds: None, **options)


def _results() -> list[dict]:
    return [result for page in sorted(FIXTURES.glob("page_*.json"))
            for result in json.loads(page.read_text())["results"]]


def test_pages_to_the_end_dropping_duplicates_and_stubs():
    with ReplayServer() as server:
        listing = _client(server).topics(EVERYTHING)
    assert [request["page"] for request in server.requests] == [1, 2, 3]
    identifiers = [topic.identifier for topic in listing.topics]
    assert len(identifiers) == len(set(identifiers)) == 8
    assert listing.duplicates == 1 and listing.stubs == 1


def test_query_is_sent_as_json_parts_with_the_portal_parameters():
    with ReplayServer() as server:
        _client(server).topics(CITIES)
    first = server.requests[0]
    assert first["query"]["apiKey"] == ["SEDIA"] and first["query"]["pageSize"] == ["4"]
    assert b'"frameworkProgramme": ["43108390"]' in first["body"]
    assert b'"status": ["31094501", "31094502"]' in first["body"]


def test_only_followed_topics_are_kept():
    with ReplayServer() as server:
        listing = _client(server).topics(CITIES)
    assert [t.identifier for t in listing.topics] == [
        "HORIZON-MISS-2027-04-CIT-01", "HORIZON-MISS-2027-04-CIT-03",
        "HORIZON-MISS-2027-04-CIT-CCRI-04"]
    assert listing.other_topics == 5


def test_untidy_metadata_is_normalised():
    topics = {t.identifier: t for t in filter(None, (parse_topic(r, "Horizon Europe")
                                                     for r in _results()))}
    two_stage = topics["HORIZON-MISS-2027-05-SOIL-01-two-stage"]
    assert (two_stage.deadline, two_stage.second_deadline) == (date(2027, 4, 8),
                                                               date(2027, 9, 14))
    assert two_stage.status == "forthcoming"
    keywords = topics["HORIZON-CL2-2024-TRANSFORMATIONS-01-08"].keywords
    assert "New European Bauhaus" in keywords and not any(k.startswith("[") for k in keywords)
    assert len(keywords) == len(set(keywords))
    expired = topics["HORIZON-INFRA-2024-EOSC-01-03"]
    assert expired.status == "open" and expired.status_on(date(2026, 11, 24)) == "closed"
    assert topics["HORIZON-CL3-2026-02-CS-ECCC-01"].status == "closed"
    assert "<" not in two_stage.summary and two_stage.url.endswith(two_stage.identifier)


def test_server_errors_are_retried_with_backoff():
    waits: list[float] = []
    with ReplayServer() as server:
        server.failures_left = 2
        client = FundingApiClient(server.url, page_size=4, sleep=waits.append, backoff=0.5)
        listing = client.topics(EVERYTHING)
    assert len(listing.topics) == 8 and waits == [0.5, 1.0]


def test_a_slow_page_times_out_and_is_asked_again():
    with ReplayServer() as server:
        server.slow_page, server.delay = 2, 1.5
        listing = _client(server, timeout=0.5).topics(EVERYTHING)
    assert len(listing.topics) == 8
    assert [request["page"] for request in server.requests] == [1, 2, 2, 3]


def test_a_portal_that_keeps_failing_raises_after_the_last_retry():
    with ReplayServer() as server:
        server.always_fail = True
        with pytest.raises(FundingApiError, match="HTTP 500 on page 1, after 4 attempts"):
            _client(server, retries=3).topics(EVERYTHING)
    assert len(server.requests) == 4
