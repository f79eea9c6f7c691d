"""Client for the EU Funding & Tenders Portal's search API (the one its own pages use).

The API is public but undocumented and its data is untidy: every metadata value is an array,
keywords may be a JSON string inside the array, two-stage topics have two deadlines, pages repeat
results and hold empty stub rows, and topics stay "open" after their deadline. This module
turns it into clean `FundingTopic`s and fails loudly (FundingApiError) rather than returning half
a listing.
"""

from __future__ import annotations

import html
import json
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import requests
import yaml

from bot.domain.eligibility import status_on

DEFAULT_URL = "https://api.tech.ec.europa.eu/search-api/prod/rest/search"
SOURCES_FILE = Path(__file__).resolve().parent / "funding_sources.yaml"
TOPIC_URL = ("https://ec.europa.eu/info/funding-tenders/opportunities/portal/screen/"
             "opportunities/topic-details/{identifier}")
STATUS_NAMES = {"31094501": "forthcoming", "31094502": "open", "31094503": "closed"}
GRANT_TOPIC = "1"
PAGE_SIZE = 100
MAX_PAGES = 50
_TAGS = re.compile(r"<[^>]+>")
_SPACES = re.compile(r"\s+")


class FundingApiError(RuntimeError):
    """The portal could not give a complete answer."""


@dataclass(frozen=True)
class Source:
    name: str
    programme: str
    framework_programme: str
    identifier_pattern: str

    def follows(self, identifier: str) -> bool:
        return re.search(self.identifier_pattern, identifier) is not None


@dataclass(frozen=True)
class FundingTopic:
    identifier: str
    title: str
    programme: str
    status: str  # forthcoming | open | closed, as the portal says
    url: str
    opens_on: date | None = None
    deadline: date | None = None
    second_deadline: date | None = None
    keywords: tuple[str, ...] = ()
    summary: str = ""
    call_identifier: str | None = None

    def status_on(self, today: date) -> str:
        """The real status: a topic the portal still calls open is closed after its deadline."""
        return status_on(self.status, self.second_deadline or self.deadline, today)


@dataclass
class Listing:
    topics: list[FundingTopic] = field(default_factory=list)
    duplicates: int = 0
    stubs: int = 0
    other_topics: int = 0


def load_sources(path: Path = SOURCES_FILE) -> list[Source]:
    with path.open(encoding="utf-8") as handle:
        return [Source(**entry) for entry in yaml.safe_load(handle)["sources"]]


def _first(metadata: dict, name: str) -> str | None:
    values = metadata.get(name) or []
    return str(values[0]).strip() if values and str(values[0]).strip() else None


def _day(value: str) -> date | None:
    try:
        return date.fromisoformat(value[:10])
    except (TypeError, ValueError):
        return None


def _keywords(values: list) -> tuple[str, ...]:
    """Flatten keywords; the portal sometimes sends a JSON list inside the array."""
    found: list[str] = []
    for value in values or []:
        text = str(value).strip()
        if text.startswith("["):
            try:
                found += [str(item).strip() for item in json.loads(text)]
                continue
            except json.JSONDecodeError:
                pass
        found.append(text)
    return tuple(dict.fromkeys(word for word in found if word))


def _plain(markup: str | None, limit: int = 400) -> str:
    text = _SPACES.sub(" ", html.unescape(_TAGS.sub(" ", markup or ""))).strip()
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def parse_topic(result: dict, programme: str) -> FundingTopic | None:
    """One search result as a topic, or None for a stub row without identifier or title."""
    metadata = result.get("metadata") or {}
    identifier = _first(metadata, "identifier")
    title = _first(metadata, "title")
    status = STATUS_NAMES.get(_first(metadata, "status") or "")
    if not identifier or not title or status is None:
        return None
    deadlines = sorted(filter(None, (_day(value) for value in metadata.get("deadlineDate") or [])))
    return FundingTopic(
        identifier=identifier, title=title, programme=programme, status=status,
        url=TOPIC_URL.format(identifier=identifier),
        opens_on=_day(_first(metadata, "startDate") or ""),
        deadline=deadlines[0] if deadlines else None,
        second_deadline=deadlines[1] if len(deadlines) > 1 else None,
        keywords=_keywords(metadata.get("keywords")),
        summary=_plain(_first(metadata, "descriptionByte")) or str(result.get("summary") or ""),
        call_identifier=_first(metadata, "callIdentifier"))


class FundingApiClient:
    """Pages through a search to the end, with a timeout on every call and retries with
    exponential backoff on server errors, time-outs and dropped connections."""

    def __init__(self, base_url: str = DEFAULT_URL, timeout: float = 20.0, retries: int = 3,
                 backoff: float = 1.0, page_size: int = PAGE_SIZE,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.base_url = base_url
        self.timeout = timeout
        self.retries = retries
        self.backoff = backoff
        self.page_size = page_size
        self.sleep = sleep
        self.http = requests.Session()

    def _post(self, query: dict, page: int) -> dict:
        params = {"apiKey": "SEDIA", "text": "***", "pageSize": self.page_size,
                  "pageNumber": page}
        # The API reads `query` only as a JSON file part; as a form field it answers 500.
        files = {"query": ("blob", json.dumps(query), "application/json"),
                 "languages": ("blob", json.dumps(["en"]), "application/json")}
        problem = "no answer"
        for attempt in range(self.retries + 1):
            if attempt:
                self.sleep(self.backoff * 2 ** (attempt - 1))
            try:
                response = self.http.post(self.base_url, params=params, files=files,
                                          timeout=self.timeout)
            except (requests.Timeout, requests.ConnectionError) as error:
                problem = f"{type(error).__name__} on page {page}"
                continue
            if response.status_code >= 500:
                problem = f"HTTP {response.status_code} on page {page}"
                continue
            if response.status_code != 200:
                raise FundingApiError(f"HTTP {response.status_code} on page {page}: "
                                  f"{response.text[:200]}")
            try:
                return response.json()
            except ValueError as error:
                raise FundingApiError(f"page {page} is not JSON") from error
        raise FundingApiError(f"{problem}, after {self.retries + 1} attempts")

    def search(self, query: dict) -> Iterator[dict]:
        """Every result of the query, page after page, until the total is reached."""
        page, seen = 1, 0
        while page <= MAX_PAGES:
            body = self._post(query, page)
            results = body.get("results") or []
            seen += len(results)
            yield from results
            total = int(body.get("totalResults") or 0)
            if not results or seen >= total:
                return
            page += 1
        raise FundingApiError(f"more than {MAX_PAGES} pages: refine the query")

    def topics(self, source: Source) -> Listing:
        """Open and forthcoming grant topics of a source, de-duplicated, stubs dropped."""
        query = {"bool": {"must": [
            {"terms": {"type": [GRANT_TOPIC]}},
            {"terms": {"status": ["31094501", "31094502"]}},
            {"terms": {"frameworkProgramme": [source.framework_programme]}}]}}
        listing = Listing()
        seen: set[str] = set()
        for result in self.search(query):
            topic = parse_topic(result, source.programme)
            if topic is None:
                listing.stubs += 1
            elif topic.identifier in seen:
                listing.duplicates += 1
            elif not source.follows(topic.identifier):
                listing.other_topics += 1
            else:
                seen.add(topic.identifier)
                listing.topics.append(topic)
        return listing
