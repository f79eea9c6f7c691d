"""No trap: what the bot does when an answer to one of its questions cannot be read.

The first unreadable answer gets a short "sorry" and the question again; the second gets the
question put differently, with its options as buttons, a skip and a person; the third leaves the
question open and goes on. An officer never meets the same question a third time in a row.
"""

from __future__ import annotations

# Slots the orientation keeps about the question being asked (see domain.yml).
MISSES_SLOT = "question_misses"
OPTIONS_AFTER = 2  # `utter_ask_<slot>` has a variation for this count: options, skip, person
LEAVE_OPEN_AFTER = 3

SORRY, OPTIONS, LEAVE_OPEN = "sorry", "options", "leave_open"


def after_miss(misses: int) -> str:
    """What follows the `misses`-th unreadable answer to the same question."""
    if misses >= LEAVE_OPEN_AFTER:
        return LEAVE_OPEN
    return OPTIONS if misses >= OPTIONS_AFTER else SORRY
