"""The one place dates are parsed and formatted.

Accepted forms: ``YYYY-MM-DD``, ``today``, ``yesterday``, ``tomorrow``,
``3d ago``, ``2w ago``, ``in 5d``, ``+5d``, ``-2d``, ``next week``, ``last
week``, ``next month``, ``last month``, ``next friday``, ``last friday``,
weekday names (the most recent one for past-facing options, the next one for
future-facing options), and whatever python-dateutil parses unambiguously
(``Nov 3``, ``3 Nov 2026``). A day without a year is the nearest one on the
option's side of today; for a past-facing option one at most :data:`SOON_DAYS`
ahead is refused as a slip. A word that is nearly one of these gets a
"did you mean".
"""

from __future__ import annotations

import os
import re
from datetime import date, timedelta
from typing import Literal

from netlog.errors import InvalidValue

Direction = Literal["past", "future"]

_WEEKDAYS = {
    "monday": 0,
    "mon": 0,
    "tuesday": 1,
    "tue": 1,
    "tues": 1,
    "wednesday": 2,
    "wed": 2,
    "thursday": 3,
    "thu": 3,
    "thur": 3,
    "thurs": 3,
    "friday": 4,
    "fri": 4,
    "saturday": 5,
    "sat": 5,
    "sunday": 6,
    "sun": 6,
}
_UNITS = {"d": 1, "day": 1, "days": 1, "w": 7, "wk": 7, "week": 7, "weeks": 7}
_ISO = r"^(\d{4})-(\d{1,2})-(\d{1,2})$"
_AGO = r"^(\d+)\s*([a-z]+)\s+ago$"
_IN = r"^in\s+(\d+)\s*([a-z]+)$"
_SIGNED = r"^([+-])(\d+)\s*([a-z]+)$"
_MONTH_UNITS = {"m", "mo", "month", "months"}
_NEXT_LAST = r"^(next|last)\s+([a-z]+)$"
_WORDS = (
    "today",
    "yesterday",
    "tomorrow",
    "next week",
    "last week",
    "next month",
    "last month",
    *(f"{p} {d}" for p in ("next", "last") for d in ("monday", "friday")),
    *(name for name in _WEEKDAYS if len(name) > 4 or name == "friday"),
)
_HINT = "use YYYY-MM-DD, 'today', '3d ago', 'in 5d', 'next week' or a weekday"


# The years netlog takes: room for any follow-up interval on either side,
# far from the ends of the calendar where date arithmetic fails.
MIN_YEAR = 1900
MAX_YEAR = 2999


def today() -> date:
    """Today's date, or ``NETLOG_TODAY`` when it is set (planning and tests)."""
    value = os.environ.get("NETLOG_TODAY", "").strip()
    if not value:
        return date.today()
    match = re.match(_ISO, value)
    if not match:
        raise InvalidValue(f"NETLOG_TODAY must be YYYY-MM-DD, not {value!r}")
    try:
        return _make(value, *map(int, match.groups()))
    except InvalidValue as exc:
        raise InvalidValue(f"NETLOG_TODAY: {exc}") from None


def _make(text: str, year: int, month: int, day: int) -> date:
    try:
        made = date(year, month, day)
    except ValueError:
        raise InvalidValue(f"invalid date {text!r}: no such day") from None
    return _in_range(made, text)


def _in_range(day: date, text: str) -> date:
    if not MIN_YEAR <= day.year <= MAX_YEAR:
        raise InvalidValue(
            f"invalid date {text!r}: out of range (netlog takes the years {MIN_YEAR}–{MAX_YEAR})"
        )
    return day


def _offset(text: str, count: int, unit: str) -> timedelta | int:
    if unit in _MONTH_UNITS:
        return count  # whole months, applied by relativedelta
    if unit not in _UNITS:
        from netlog.words import did_you_mean

        hint = did_you_mean(unit, [*_UNITS, "month", "months"])
        raise InvalidValue(f"invalid date {text!r}: unknown unit {unit!r}{hint}; use d, w or m")
    return timedelta(days=count * _UNITS[unit])


def _shift(base: date, text: str, count: int, unit: str, sign: int) -> date:
    try:
        step = _offset(text, count, unit)
        if isinstance(step, int):
            from dateutil.relativedelta import relativedelta

            return base + relativedelta(months=sign * step)
        return base + sign * step
    except OverflowError:
        raise InvalidValue(f"invalid date {text!r}: out of range") from None


def parse_date(text: str, *, direction: Direction = "past", base: date | None = None) -> date:
    """Parse a user-typed date relative to ``base`` (default: :func:`today`)."""
    return _in_range(_parse(text, direction, base), text)


def _parse(text: str, direction: Direction, base: date | None) -> date:
    raw = text
    text = text.strip().lower()
    if not text:
        raise InvalidValue("invalid date '': empty")
    match = re.match(_ISO, text)
    if match:
        return _make(raw, *map(int, match.groups()))
    ref = base if base is not None else today()
    if text == "today":
        return ref
    if text == "yesterday":
        return ref - timedelta(days=1)
    if text == "tomorrow":
        return ref + timedelta(days=1)
    if text in _WEEKDAYS:
        target = _WEEKDAYS[text]
        if direction == "past":
            return ref - timedelta(days=(ref.weekday() - target) % 7)
        return ref + timedelta(days=((target - ref.weekday()) % 7) or 7)
    match = re.match(_NEXT_LAST, text)
    if match:
        sign = 1 if match.group(1) == "next" else -1
        word = match.group(2)
        if word in _WEEKDAYS:
            # "next friday" is the coming one, "last friday" the one before
            # today (a week ago on a Friday), whatever the option looks at.
            target = _WEEKDAYS[word]
            if sign > 0:
                return ref + timedelta(days=((target - ref.weekday()) % 7) or 7)
            return ref - timedelta(days=((ref.weekday() - target) % 7) or 7)
        return _shift(ref, raw, 1, word, sign)
    for pattern, sign in ((_AGO, -1), (_IN, 1)):
        match = re.match(pattern, text)
        if match:
            return _shift(ref, raw, int(match.group(1)), match.group(2), sign)
    match = re.match(_SIGNED, text)
    if match:
        sign = 1 if match.group(1) == "+" else -1
        return _shift(ref, raw, int(match.group(2)), match.group(3), sign)
    return _dateutil(raw, ref, direction)


_LEAP_YEAR = 1904  # a default year with a 29 February, unlikely to be typed


def _dateutil(raw: str, ref: date, direction: Direction) -> date:
    from datetime import datetime

    from dateutil import parser

    # Parse twice with different defaults: a field that changes with the
    # default was not in the text. A missing month or day makes the text
    # ambiguous; a missing year means the nearest such day in ``direction``
    # ("Dec 20" typed in January is last December for --met, and "Jan 5"
    # typed in December is next January for --due).
    try:
        first = parser.parse(raw, default=datetime(_LEAP_YEAR, 1, 1), dayfirst=False)
        second = parser.parse(raw, default=datetime(_LEAP_YEAR, 2, 2), dayfirst=False)
    except (ValueError, OverflowError, parser.ParserError):
        from netlog.words import did_you_mean

        hint = did_you_mean(raw, _WORDS)
        raise InvalidValue(f"invalid date {raw!r}{hint}: {_HINT}") from None
    if first.month != second.month or first.day != second.day:
        raise InvalidValue(f"invalid date {raw!r}: ambiguous, give the month and the day")
    if first.hour or first.minute or first.second:
        raise InvalidValue(f"invalid date {raw!r}: give a day, not a time")
    if _is_numeric_ambiguous(raw):
        raise InvalidValue(f"invalid date {raw!r}: ambiguous day and month, use YYYY-MM-DD")
    if first.year != _LEAP_YEAR or str(_LEAP_YEAR) in raw:
        return first.date()
    return _nearest(first.month, first.day, ref, direction, raw)


SOON_DAYS = 30
"""A day typed without a year for a past-facing option that falls this close
ahead is a slip, not last year's: ``--met "Mar 3"`` typed on 1 March is
refused, not read as 363 days ago. Further ahead, last year's is meant
("Dec 20" typed in January is last December)."""


def _occurrence(month: int, day: int, ref: date, step: int) -> date | None:
    """The first ``month``/``day`` from ``ref`` (itself included) going ``step`` years."""
    for offset in range(0, 9):  # 29 February comes round within 8 years
        try:
            candidate = date(ref.year + step * offset, month, day)
        except ValueError:
            continue
        if (candidate <= ref) if step < 0 else (candidate >= ref):
            return candidate
    return None


def _nearest(month: int, day: int, ref: date, direction: Direction, raw: str) -> date:
    """The ``month``/``day`` closest to ``ref`` on the side ``direction`` points to.

    For a past-facing option, one within :data:`SOON_DAYS` ahead is refused
    (see there). A future-facing option takes the next one even if this
    year's has just passed (an annual deadline, "Nov 3" typed on 5 November).
    """
    if direction == "past":
        after = _occurrence(month, day, ref, 1)
        before = _occurrence(month, day, ref, -1)
        if after is not None and 0 < (after - ref).days <= SOON_DAYS:
            n = (after - ref).days
            also = f"; for last year's, type {before.isoformat()}" if before else ""
            raise InvalidValue(
                f"invalid date {raw!r}: that is in {n} day{'s' if n > 1 else ''} "
                f"({after.isoformat()}), but this option takes a day that has passed{also}"
            )
        chosen = before
    else:
        chosen = _occurrence(month, day, ref, 1)
    if chosen is None:
        raise InvalidValue(f"invalid date {raw!r}: no such day")
    return chosen


_NUMERIC = r"^\s*(\d{1,2})[/.](\d{1,2})(?:[/.](\d{2,4}))?\s*$"


def _is_numeric_ambiguous(raw: str) -> bool:
    """``3/4`` could be March 4 or April 3; refuse unless one reading is impossible."""
    match = re.match(_NUMERIC, raw)
    if not match:
        return False
    a, b = int(match.group(1)), int(match.group(2))
    return a != b and a <= 12 and b <= 12


def iso(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def from_iso(value: str | None) -> date | None:
    """Read a stored ISO date; ``None`` stays ``None``."""
    if not value:
        return None
    return date.fromisoformat(value[:10])


def humanize(day: date, ref: date) -> str:
    """'today', 'in 3 days', '5 days ago' — for screens, never for JSON."""
    delta = (day - ref).days
    if delta == 0:
        return "today"
    if delta == 1:
        return "tomorrow"
    if delta == -1:
        return "yesterday"
    if delta > 0:
        return f"in {delta} days"
    return f"{-delta} days ago"


def week_start(day: date) -> date:
    """The Monday of ``day``'s ISO week."""
    return day - timedelta(days=day.weekday())
