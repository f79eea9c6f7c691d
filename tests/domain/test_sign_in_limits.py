from datetime import datetime, timedelta, timezone

from bot.domain.sign_in_limits import PER_SOURCE, answer_delay, minutes_until, refused_until

START = datetime(2026, 12, 8, 9, 0, tzinfo=timezone.utc)


def test_the_limit_holds_until_the_oldest_counted_failure_leaves_the_window():
    failures = [START + timedelta(seconds=10 * n) for n in range(6)]
    assert refused_until(failures[:4], PER_SOURCE) is None
    assert refused_until(failures[:5], PER_SOURCE) == START + timedelta(minutes=5)
    assert refused_until(failures, PER_SOURCE) == START + timedelta(minutes=5, seconds=10)


def test_each_failure_waits_twice_as_long_up_to_sixteen_times_the_first():
    assert [answer_delay(n, 0.5) for n in range(7)] == [0.5, 1, 2, 4, 8, 8, 8]


def test_the_wait_is_told_in_whole_minutes_rounded_up():
    assert minutes_until(START + timedelta(seconds=61), START) == 2
    assert minutes_until(START + timedelta(seconds=5), START) == 1
    assert minutes_until(START - timedelta(seconds=5), START) == 1
