"""Dates as a trainee types them, seen from Thursday 5 November 2026."""

from __future__ import annotations

from datetime import date

import pytest

from netlog.dates import humanize, parse_date, today, week_start
from netlog.errors import InvalidValue

THU = date(2026, 11, 5)


@pytest.mark.parametrize(
    ("text", "direction", "expected"),
    [
        # ISO, with and without padding
        ("2026-11-03", "past", date(2026, 11, 3)),
        ("2026-1-9", "past", date(2026, 1, 9)),
        # words
        ("today", "past", THU),
        ("Today", "future", THU),
        ("yesterday", "past", date(2026, 11, 4)),
        ("tomorrow", "future", date(2026, 11, 6)),
        # relative
        ("3d ago", "past", date(2026, 11, 2)),
        ("3 days ago", "past", date(2026, 11, 2)),
        ("2w ago", "past", date(2026, 10, 22)),
        ("in 5d", "future", date(2026, 11, 10)),
        ("in 2 weeks", "future", date(2026, 11, 19)),
        ("+5d", "future", date(2026, 11, 10)),
        ("-2d", "past", date(2026, 11, 3)),
        ("in 1 month", "future", date(2026, 12, 5)),
        # weekday names: most recent for the past, next for the future
        ("monday", "past", date(2026, 11, 2)),
        ("monday", "future", date(2026, 11, 9)),
        ("fri", "past", date(2026, 10, 30)),
        ("friday", "future", date(2026, 11, 6)),
        # on the weekday itself: today looking back, a week ahead looking forward
        ("thursday", "past", THU),
        ("thursday", "future", date(2026, 11, 12)),
        # what dateutil reads unambiguously
        ("Nov 3", "past", date(2026, 11, 3)),
        ("3 Nov 2026", "past", date(2026, 11, 3)),
        ("November 3, 2026", "past", date(2026, 11, 3)),
        ("31/12/2026", "past", date(2026, 12, 31)),  # only one reading is a real day
        # month ends and leap days
        ("2026-01-31", "past", date(2026, 1, 31)),
        ("2026-04-30", "past", date(2026, 4, 30)),
        ("2028-02-29", "past", date(2028, 2, 29)),
        ("Feb 29 2028", "past", date(2028, 2, 29)),
        ("2999-12-31", "future", date(2999, 12, 31)),  # the last year netlog takes
    ],
)
def test_dates_a_user_types(text: str, direction: str, expected: date) -> None:
    assert parse_date(text, direction=direction, base=THU) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("base", "text", "expected"),
    [
        (date(2026, 1, 31), "in 1 month", date(2026, 2, 28)),  # no Feb 31st: month end
        (date(2028, 1, 31), "in 1 month", date(2028, 2, 29)),  # leap year
        (date(2026, 3, 1), "1d ago", date(2026, 2, 28)),
        (date(2028, 3, 1), "1d ago", date(2028, 2, 29)),
        (date(2026, 12, 31), "tomorrow", date(2027, 1, 1)),
        (date(2027, 1, 1), "yesterday", date(2026, 12, 31)),
    ],
)
def test_relative_dates_across_month_and_year_ends(base: date, text: str, expected: date) -> None:
    assert parse_date(text, direction="future", base=base) == expected


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("2026-02-29", ["2026-02-29", "no such day"]),  # 2026 is not a leap year
        ("2026-02-30", ["2026-02-30", "no such day"]),
        ("2026-04-31", ["2026-04-31"]),
        ("2026-13-01", ["2026-13-01"]),
        ("someday", ["someday"]),
        ("next-ish", ["next-ish"]),
        ("3/4", ["3/4", "ambiguous"]),  # March 4 or April 3?
        ("04.03", ["04.03", "ambiguous"]),
        ("10000-01-01", ["10000-01-01"]),  # past year 9999
        ("Jan 1 10000", ["Jan 1 10000"]),
        ("in 99999999999999999999d", ["out of range"]),
        ("9999-12-31", ["9999-12-31", "out of range"]),  # date arithmetic would overflow
        ("1066-10-14", ["1066-10-14", "out of range"]),
        ("in 3000000d", ["in 3000000d", "out of range"]),
        ("Nov", ["Nov", "ambiguous"]),
        ("2026-11-05T10:00", ["not a time"]),
        ("in 3 fortnights", ["unknown unit"]),
        ("", ["empty"]),
    ],
)
def test_invalid_dates_are_refused_naming_the_value(text: str, words: list[str]) -> None:
    with pytest.raises(InvalidValue) as err:
        parse_date(text, base=THU)
    for word in words:
        assert word in str(err.value)


def test_netlog_today_sets_the_day(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NETLOG_TODAY", "2028-02-29")
    assert today() == date(2028, 2, 29)
    assert parse_date("tomorrow") == date(2028, 3, 1)


def test_a_malformed_netlog_today_is_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NETLOG_TODAY", "next tuesday")
    with pytest.raises(InvalidValue, match="NETLOG_TODAY"):
        today()


@pytest.mark.parametrize(
    ("day", "text"),
    [
        (THU, "today"),
        (date(2026, 11, 6), "tomorrow"),
        (date(2026, 11, 4), "yesterday"),
        (date(2026, 11, 8), "in 3 days"),
        (date(2026, 10, 31), "5 days ago"),
    ],
)
def test_humanized_days(day: date, text: str) -> None:
    assert humanize(day, THU) == text


def test_weeks_start_on_monday() -> None:
    assert week_start(THU) == date(2026, 11, 2)
    assert week_start(date(2026, 11, 2)) == date(2026, 11, 2)
    assert week_start(date(2026, 11, 8)) == date(2026, 11, 2)  # Sunday


@pytest.mark.parametrize(
    ("base", "text", "direction", "expected"),
    [
        # A day without a year is the nearest one on the side the option looks to.
        (date(2027, 1, 10), "Dec 20", "past", date(2026, 12, 20)),  # --met in January
        (date(2026, 12, 10), "Jan 5", "future", date(2027, 1, 5)),  # --due in December
        (date(2026, 11, 5), "Nov 3", "future", date(2027, 11, 3)),  # passed already
        (date(2026, 11, 5), "Nov 5", "future", date(2026, 11, 5)),  # today counts
        (date(2026, 11, 5), "Nov 5", "past", date(2026, 11, 5)),
        (date(2026, 3, 1), "Feb 29", "past", date(2024, 2, 29)),  # the last leap day
        (date(2026, 3, 1), "Feb 29", "future", date(2028, 2, 29)),  # the next one
        (date(2026, 11, 5), "3 Nov 2027", "past", date(2027, 11, 3)),  # a year given wins
    ],
)
def test_a_day_without_a_year_rolls_to_the_nearest_in_the_right_direction(
    base: date, text: str, direction: str, expected: date
) -> None:
    assert parse_date(text, direction=direction, base=base) == expected  # type: ignore[arg-type]


# --- a day without a year, near today on the wrong side ---------------------------


@pytest.mark.parametrize(
    ("base", "text", "direction", "expected"),
    [
        # past-facing (--met, --date): a few days ahead is a slip ...
        (date(2027, 3, 1), "Mar 3", "past", "in 2 days (2027-03-03)"),
        (date(2027, 3, 1), "Mar 31", "past", "in 30 days (2027-03-31)"),
        (date(2026, 12, 31), "Jan 1", "past", "in 1 day (2027-01-01)"),
        (date(2026, 1, 31), "Feb 28", "past", "in 28 days (2026-02-28)"),
        (date(2028, 2, 27), "Feb 29", "past", "in 2 days (2028-02-29)"),  # leap year
        # ... further ahead it is last year's (or the last one that exists)
        (date(2027, 3, 1), "Apr 1", "past", date(2026, 4, 1)),  # 31 days ahead
        (date(2027, 3, 1), "Mar 1", "past", date(2027, 3, 1)),  # today itself
        (date(2027, 3, 1), "Feb 28", "past", date(2027, 2, 28)),
        (date(2027, 2, 27), "Feb 29", "past", date(2024, 2, 29)),  # none in 2025-2027
        (date(2026, 1, 5), "Dec 20", "past", date(2025, 12, 20)),
        # future-facing (--due, --until, --deadline) takes the next one, as before
        (date(2026, 4, 1), "Mar 1", "future", date(2027, 3, 1)),
        (date(2026, 12, 20), "Jan 5", "future", date(2027, 1, 5)),
        (date(2029, 3, 1), "Feb 29", "future", date(2032, 2, 29)),
    ],
)
def test_a_day_without_a_year_just_on_the_wrong_side_of_today_is_a_slip(
    base: date, text: str, direction: str, expected: date | str
) -> None:
    if isinstance(expected, date):
        assert parse_date(text, direction=direction, base=base) == expected  # type: ignore[arg-type]
        return
    with pytest.raises(InvalidValue) as caught:
        parse_date(text, direction=direction, base=base)  # type: ignore[arg-type]
    assert expected in str(caught.value)
    assert "type" in str(caught.value)  # says how to mean the other year


@pytest.mark.parametrize(
    ("text", "direction", "expected"),
    [
        ("next week", "future", date(2026, 11, 12)),
        ("last week", "past", date(2026, 10, 29)),
        ("next month", "future", date(2026, 12, 5)),
        ("last month", "past", date(2026, 10, 5)),
        ("next friday", "future", date(2026, 11, 6)),
        ("next thursday", "future", date(2026, 11, 12)),  # on a Thursday: a week on
        ("last thursday", "past", date(2026, 10, 29)),
        ("last monday", "past", date(2026, 11, 2)),
    ],
)
def test_next_and_last_week_month_and_weekday(text: str, direction: str, expected: date) -> None:
    assert parse_date(text, direction=direction, base=THU) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "suggestion"),
    [
        ("nxt week", "next week"),
        ("tomorow", "tomorrow"),
        ("yesterdy", "yesterday"),
        ("thrusday", "thursday"),
        ("3 dyas ago", "days"),
        ("in 2 weks", "weeks"),
    ],
)
def test_a_mistyped_date_word_gets_a_suggestion(text: str, suggestion: str) -> None:
    with pytest.raises(InvalidValue, match=f"did you mean '{suggestion}'"):
        parse_date(text, direction="future", base=THU)


def test_a_date_nothing_like_a_date_word_gets_no_guess() -> None:
    with pytest.raises(InvalidValue) as caught:
        parse_date("qqqq", base=THU)
    assert "did you mean" not in str(caught.value)
