from datetime import date, datetime, timezone

import pytest

from bot.domain.moments import as_utc, parse_day


def test_a_day_is_read_or_refused_with_a_message_for_the_person_who_typed_it():
    assert parse_day("2026-12-08") == date(2026, 12, 8)
    with pytest.raises(ValueError, match=r"^'yesterday' is not a day \(YYYY-MM-DD\)$"):
        parse_day("yesterday")
    with pytest.raises(ValueError, match=r"^'xxxxxxxxxxxxxxxxxxxx' is not"):
        parse_day("x" * 500)  # a long input is not echoed whole


def test_a_naive_stored_moment_is_utc_and_an_aware_one_is_kept():
    naive = datetime(2026, 12, 8, 9, 30)
    assert as_utc(naive) == datetime(2026, 12, 8, 9, 30, tzinfo=timezone.utc)
    aware = datetime.fromisoformat("2026-12-08T09:30:00+02:00")
    assert as_utc(aware) is aware
