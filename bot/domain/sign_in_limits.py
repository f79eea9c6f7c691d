"""How many failed sign-ins the console takes before it stops checking passwords for a while.

As the trusted helpdesk tools do (Chatwoot: 5 attempts per 5 minutes per address, 10 per 15
minutes per account; OWASP ASVS 2.2.1): past either limit every sign-in is refused, a right
password too, until the oldest counted failure leaves its window; before that, each failure's
answer comes later than the one before, so that guessing is slow from the first try.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(frozen=True)
class Limit:
    failures: int
    window: timedelta


PER_SOURCE = Limit(5, timedelta(minutes=5))  # one network address
PER_ACCOUNT = Limit(10, timedelta(minutes=15))  # one user name, from anywhere
LONGEST_DELAY_STEPS = 4  # the delay doubles up to 2**4 times the first


def refused_until(failures: list[datetime], limit: Limit) -> datetime | None:
    """When sign-ins may be tried again, given the failures inside the limit's window (oldest
    first); None while the limit is not reached."""
    if len(failures) < limit.failures:
        return None
    return failures[-limit.failures] + limit.window


def answer_delay(failures_before: int, first_delay: float) -> float:
    """Seconds to hold the answer to a failed sign-in after `failures_before` recent ones:
    first_delay, then twice as long each time, up to 16 times."""
    return first_delay * 2 ** min(failures_before, LONGEST_DELAY_STEPS)


def minutes_until(moment: datetime, now: datetime) -> int:
    """Whole minutes to wait, at least one, to say to the person who is refused."""
    return max(1, -(-int((moment - now).total_seconds()) // 60))
