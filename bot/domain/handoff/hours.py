"""The Helpdesk's working hours, to tell users when a person can answer."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DEFAULT_HOURS = "Mon-Fri 09:00-17:00 Europe/Brussels"
_SPEC = re.compile(r"^\s*(\w{3})\s*-\s*(\w{3})\s+(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})"
                   r"\s+([\w/+-]+)\s*$")


@dataclass(frozen=True)
class HelpdeskHours:
    first_day: int
    last_day: int
    opens: time
    closes: time
    zone: ZoneInfo
    text: str

    @classmethod
    def parse(cls, spec: str = DEFAULT_HOURS) -> HelpdeskHours:
        """"Mon-Fri 09:00-17:00 Europe/Brussels" (days, hours, IANA time zone)."""
        match = _SPEC.match(spec)
        if not match or match.group(1).lower() not in DAYS or match.group(2).lower() not in DAYS:
            raise ValueError(f"Helpdesk hours must look like {DEFAULT_HOURS!r}, got {spec!r}")
        first, last, h1, m1, h2, m2, zone = match.groups()
        return cls(DAYS.index(first.lower()), DAYS.index(last.lower()), time(int(h1), int(m1)),
                   time(int(h2), int(m2)), ZoneInfo(zone), spec.strip())

    def _working_day(self, day: int) -> bool:
        return self.first_day <= day <= self.last_day

    def is_open(self, moment: datetime) -> bool:
        local = moment.astimezone(self.zone)
        return self._working_day(local.weekday()) and self.opens <= local.time() < self.closes

    def next_opening(self, moment: datetime) -> datetime:
        """When the Helpdesk next opens (the moment itself if it is open)."""
        if self.is_open(moment):
            return moment
        local = moment.astimezone(self.zone)
        day = local.date()
        if local.time() >= self.opens:
            day += timedelta(days=1)
        while not self._working_day(day.weekday()):
            day += timedelta(days=1)
        return datetime.combine(day, self.opens, tzinfo=self.zone)

    def describe_next_opening(self, moment: datetime) -> str:
        opening = self.next_opening(moment)
        zone_name = str(self.zone).split("/")[-1].replace("_", " ")
        return f"{opening:%A} at {opening:%H:%M} ({zone_name} time)"
