"""How urgent a follow-up is: the order ``netlog due`` lists things in.

Days overdue alone put a keep-warm note a month late above a conference
follow-up a day late, though the follow-up's whole window is 48 hours to 5
days (guides 001, 003, 004) and a check-in can wait a week without harm
(002). So each rule has a *window* (the days after its due date within which
it is still on time in the guides' terms) and a *weight* (what a late one
costs). Pure: no dates are read here, only the days overdue as of the day
being asked about. docs/rules.md ("The order of the morning list") states the
same table in words.
"""

from __future__ import annotations

import math
from functools import lru_cache
from typing import NamedTuple


class Urgency(NamedTuple):
    window: int  # days after the due date before the item is thoroughly late
    weight: float  # what lateness costs, 1 (little) to 10 (the moment is lost)


RULE_URGENCY: dict[str, Urgency] = {
    # A first meeting fades fast: follow up within 48 h to 5 days (001, 003, 004).
    "conference-followup": Urgency(window=2, weight=10),
    # Thanks for a shadowing or OR day belongs to the next day or two (000, 002, 003).
    "thank-you": Urgency(window=2, weight=9),
    # A letter's deadline two weeks out: a week late and the application may go
    # without it (001).
    "letter-reminder": Urgency(window=7, weight=9),
    # A next step you promised on a date: someone is waiting for it (003).
    "next-step": Urgency(window=3, weight=8),
    # One nudge 7 to 10 days after the email (004).
    "reply-nudge": Urgency(window=3, weight=7),
    # Closing the loop on news while it is news (000, 002, 004).
    "milestone-loop": Urgency(window=7, weight=6),
    # The core update every 2-4 months: a few weeks either way is fine (001, 004).
    "core-update": Urgency(window=30, weight=4),
    # One or two check-ins a year (002).
    "keep-warm": Urgency(window=60, weight=2),
}

# A rule this table does not know yet (a reminder added later)
# ranks in the middle: after the time-critical follow-ups, before the cadence
# check-ins.
DEFAULT = Urgency(window=7, weight=5)

# Lateness counts up to this many windows; after that an item stays as urgent
# as it is, so a keep-warm note a year late never outranks a fresh follow-up.
MAX_WINDOWS = 2.0
MAX_WEIGHT = 10.0


@lru_cache(maxsize=8192)
def urgency(rule: str, days_overdue: int) -> float:
    """The urgency of an item of ``rule`` that is ``days_overdue`` days late.

    Due today or overdue: ``weight × (1 + min(days late / window, 2))``, so at
    least 1 and at most 30. Not yet due: ``weight / 10 / (1 + days ahead)``,
    below 1, so everything due now comes first and the nearest upcoming item
    next. Rounded to two decimals (the figure ``due --json`` shows).
    """
    return round(raw(rule, days_overdue), 2)


def _row(rule: str) -> tuple[int, float]:
    window, weight = RULE_URGENCY.get(rule, DEFAULT)
    return max(window, 1), min(max(weight, 1.0), MAX_WEIGHT)


def raw(rule: str, days_overdue: int) -> float:
    """:func:`urgency` before rounding."""
    window, weight = _row(rule)
    if days_overdue >= 0:
        return weight * (1 + min(days_overdue / window, MAX_WINDOWS))
    return weight / MAX_WEIGHT / (1 - days_overdue)


def ceiling(rule: str) -> tuple[int, float, float]:
    """``(late, top, below)``: from ``late`` days overdue on, an item of ``rule``
    has the figure ``top`` (:func:`raw`), its highest; an item less late has at
    most ``below``. ``pending.due_first`` finds the most urgent rows with it."""
    window, _ = _row(rule)
    late = math.ceil(MAX_WINDOWS * window)
    return late, raw(rule, late), raw(rule, late - 1)


def sql(today: str = ":today", due: str = "p.due", rule: str = "p.rule") -> str:
    """:func:`raw` as an SQLite expression, so the store can find the most
    urgent rows without reading them all (``pending.due_most_urgent``)."""
    windows = " ".join(f"WHEN '{r}' THEN {_row(r)[0]}" for r in RULE_URGENCY)
    weights = " ".join(f"WHEN '{r}' THEN {_row(r)[1]!r}" for r in RULE_URGENCY)
    window = f"(CASE {rule} {windows} ELSE {_row('')[0]} END)"
    weight = f"(CASE {rule} {weights} ELSE {_row('')[1]!r} END)"
    late = f"(julianday({today}) - julianday({due}))"
    return (
        f"(CASE WHEN {late} >= 0 THEN {weight} * (1 + min({late} / {window}, {MAX_WINDOWS!r})) "
        f"ELSE {weight} / {MAX_WEIGHT!r} / (1 - {late}) END)"
    )


def sort_key(rule: str, days_overdue: int, contact: str) -> tuple[float, int, str, str]:
    """Most urgent first; then the longer overdue, then by name and rule.

    Two items whose figures round alike are less than 0.01 apart before
    rounding, which is the margin ``pending.due_most_urgent`` reads with.
    """
    return (-urgency(rule, days_overdue), -days_overdue, contact.casefold(), rule)
