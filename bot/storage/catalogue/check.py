"""`broker catalogue check`: what in the live catalogue needs the Helpdesk's attention.

Errors (the command fails): an entry without an https source, a check date in the future,
contradictory eligibility. Warnings: entries not checked for too long, offers that have closed,
pathways or kinds of support with too few services to choose from.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.domain.taxonomy import AUDIENCES, PATHWAY_KEYS, SUPPORT_OPTIONS
from bot.storage.models import ClusterProject, FundingCall, Provider, Service

DEFAULT_MAX_AGE_DAYS = 365
DEFAULT_MIN_ENTRIES = 5
ERROR, WARNING = "error", "warning"


@dataclass(frozen=True)
class Finding:
    level: str
    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.level}: {self.where}: {self.message}"


def _sourced(row, where: str, today: date, max_age_days: int) -> list[Finding]:
    found = []
    if not (row.source_url or "").startswith("https://"):
        found.append(Finding(ERROR, where, "no https source URL"))
    if row.last_checked is None:
        found.append(Finding(ERROR, where, "no last-checked date"))
    elif row.last_checked > today:
        found.append(Finding(ERROR, where, f"last checked in the future ({row.last_checked})"))
    elif (today - row.last_checked).days > max_age_days:
        found.append(Finding(WARNING, where, f"last checked {row.last_checked}, more than "
                                             f"{max_age_days} days ago"))
    return found


def _eligibility(service: Service, where: str, today: date) -> list[Finding]:
    found = []
    low, high = service.min_population, service.max_population
    if low is not None and high is not None and low > high:
        found.append(Finding(ERROR, where, f"population range {low}–{high} is empty"))
    if service.opens_on and service.closes_on and service.opens_on > service.closes_on:
        found.append(Finding(ERROR, where, "opens after it closes"))
    if service.audience not in AUDIENCES:
        found.append(Finding(ERROR, where, f"unknown audience {service.audience!r}"))
    if service.closes_on and service.closes_on < today:
        found.append(Finding(WARNING, where, f"closed on {service.closes_on}: update or remove"))
    if not service.pathways:
        found.append(Finding(ERROR, where, "no pathway"))
    if not service.support:
        found.append(Finding(ERROR, where, "no kind of support"))
    return found


def check_catalogue(session: Session, today: date, max_age_days: int = DEFAULT_MAX_AGE_DAYS,
                    min_entries: int = DEFAULT_MIN_ENTRIES) -> list[Finding]:
    """Every finding, errors first."""
    findings: list[Finding] = []
    services = list(session.execute(select(Service).order_by(Service.key)).scalars())
    for service in services:
        where = f"service {service.key}"
        findings += _sourced(service, where, today, max_age_days)
        findings += _eligibility(service, where, today)
    for provider in session.execute(select(Provider).order_by(Provider.key)).scalars():
        findings += _sourced(provider, f"provider {provider.key}", today, max_age_days)
    for project in session.execute(select(ClusterProject).order_by(ClusterProject.key)).scalars():
        findings += _sourced(project, f"project {project.key}", today, max_age_days)
    calls = select(FundingCall).where(FundingCall.origin == "catalogue").order_by(
        FundingCall.identifier)
    for call in session.execute(calls).scalars():
        where = f"call {call.identifier}"
        findings += _sourced(call, where, today, max_age_days)
        if call.opens_on and call.deadline and call.opens_on > call.deadline:
            findings.append(Finding(ERROR, where, "opens after its deadline"))
    per_pathway = Counter(p.key for service in services for p in service.pathways)
    per_support = Counter(key for service in services for key in service.support or [])
    for key in PATHWAY_KEYS:
        if per_pathway[key] < min_entries:
            findings.append(Finding(WARNING, f"pathway {key}",
                                    f"only {per_pathway[key]} services (fewer than {min_entries})"))
    for key in SUPPORT_OPTIONS:
        if per_support[key] < min_entries:
            findings.append(Finding(WARNING, f"support {key}",
                                    f"only {per_support[key]} services (fewer than {min_entries})"))
    return sorted(findings, key=lambda finding: finding.level != ERROR)
