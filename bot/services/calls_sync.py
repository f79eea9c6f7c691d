"""`broker calls sync`: bring the portal's calls into the database, idempotently.

Everything is fetched first and applied in one transaction, so a failing portal leaves the
existing calls untouched. New or reworded topics are tagged with pathways by the trained
classifier; a second run with the same answers changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.domain.eligibility import OPEN_STATUSES, status_on
from bot.integrations.funding_api import FundingTopic, Listing
from bot.storage.catalogue.seed import CHANGED, UNCHANGED, upsert
from bot.storage.models import FundingCall, Pathway

# Pathways for a call's text (the trained classifier, given by the caller).
Tagger = Callable[[str], list[str]]


@dataclass
class SyncReport:
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    closed: list[str] = field(default_factory=list)
    unchanged: int = 0
    expired: int = 0

    def lines(self) -> list[str]:
        out = [f"added {len(self.added)}, changed {len(self.changed)}, closed "
               f"{len(self.closed)}, unchanged {self.unchanged}, skipped as past their "
               f"deadline {self.expired}"]
        out += [f"  added:   {identifier}" for identifier in self.added]
        out += [f"  changed: {identifier}" for identifier in self.changed]
        out += [f"  closed:  {identifier}" for identifier in self.closed]
        return out


def tagging_text(topic: FundingTopic) -> str:
    """What the classifier reads of a call: its words, not its bookkeeping."""
    return ". ".join(part for part in (topic.title, "; ".join(topic.keywords), topic.summary)
                     if part)


def _content(topic: FundingTopic, today: date) -> dict:
    return {"title": topic.title, "programme": topic.programme, "status": topic.status_on(today),
            "opens_on": topic.opens_on, "deadline": topic.deadline,
            "second_deadline": topic.second_deadline, "keywords": list(topic.keywords),
            "summary": topic.summary, "url": topic.url, "source_url": topic.url}


def sync_calls(session: Session, listings: list[Listing], tagger: Tagger, today: date,
               now: datetime) -> SyncReport:
    """Apply fetched listings; close calls that are past their deadline or no longer listed."""
    report = SyncReport()
    listed: set[str] = set()
    for listing in listings:
        for topic in listing.topics:
            listed.add(topic.identifier)
            values = _content(topic, today)
            existing = session.execute(select(FundingCall).where(
                FundingCall.identifier == topic.identifier)).scalar_one_or_none()
            if existing is None and values["status"] == "closed":
                report.expired += 1  # listed as open by the portal, but past its deadline
                continue
            previous_status = existing.status if existing is not None else None
            # Tag new calls and reworded portal calls; pathways curated in the catalogue stay.
            needs_tags = existing is None or (existing.origin == "portal" and any(
                getattr(existing, name) != values[name]
                for name in ("title", "keywords", "summary")))
            if needs_tags:
                keys = tagger(tagging_text(topic))
                values["pathways"] = [session.get(Pathway, key) for key in keys]
            values.update({"origin": "portal", "audience": existing.audience if existing
                           else "all", "countries": existing.countries if existing else []})
            row, status = upsert(session, FundingCall, "identifier", topic.identifier, values,
                                 keep_newer=False)
            row.last_checked, row.synced_at = today, now
            if values["status"] == "closed" and previous_status != "closed":
                report.closed.append(topic.identifier)
            elif status == UNCHANGED:
                report.unchanged += 1
            elif status == CHANGED:
                report.changed.append(topic.identifier)
            else:
                report.added.append(topic.identifier)
    still_open = select(FundingCall).where(FundingCall.status.in_(OPEN_STATUSES))
    for call in session.execute(still_open).scalars():
        gone = call.origin == "portal" and call.identifier not in listed
        last = call.second_deadline or call.deadline
        if gone or status_on(call.status, last, today) == "closed":
            call.status = "closed"
            if call.identifier in report.changed:
                report.changed.remove(call.identifier)
            if call.identifier not in report.closed:
                report.closed.append(call.identifier)
    session.flush()
    return report
