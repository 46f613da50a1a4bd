"""What is on the list from a given day: the stored follow-ups seen from
``today`` (overdue first, snoozes and pauses respected).

Pure like :mod:`netlog.rules`, which computes the items: nothing here reads
the clock, the database or the settings file.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import date, timedelta

from netlog.domain import DueItem, Pending
from netlog.rules import CADENCE_RULES


def spread_after_pause(
    items: Sequence[Pending], pause_until: date | None, per_day: int
) -> list[Pending]:
    """Move the cadence backlog due before the end of a pause to after it, a few a day.

    During exam or ICU months the regular core-update and keep-warm items
    wait; when the pause ends they are spread over the following days,
    ``per_day`` a day, oldest first, rather than landing on one morning.
    Everything else (a meeting, a favour, a promise, a thread) comes due as
    usual.
    """
    if pause_until is None:
        return list(items)
    backlog = sorted(
        (p for p in items if p.rule in CADENCE_RULES and p.due < pause_until),
        key=lambda p: (p.due, p.contact_id),
    )
    held = {id(p) for p in backlog}
    rest = [p for p in items if id(p) not in held]
    moved = [
        replace(
            p,
            due=pause_until + timedelta(days=n // per_day),
            starts=None if p.starts is None else max(p.starts, pause_until),
        )
        for n, p in enumerate(backlog)
    ]
    return moved + rest


def view(
    items: Iterable[Pending],
    names: dict[int, str],
    today: date,
    *,
    within: int = 7,
    snoozed: dict[int, date] | None = None,
) -> list[DueItem]:
    """What is due as seen from ``today``: overdue first, then up to ``within`` days.

    Items not shown on ``today`` (one that ended, one that starts later) are
    left out. A snoozed contact's items stay hidden until the snooze date.
    Sorted by days overdue (most first), then name.
    """
    snoozed = snoozed or {}
    horizon = today + timedelta(days=within)
    out = []
    for p in items:
        until = snoozed.get(p.contact_id)
        if until is not None and today < until:
            continue
        if p.due > horizon or not p.live(today):
            continue
        out.append(
            DueItem(
                p.contact_id,
                names.get(p.contact_id, f"#{p.contact_id}"),
                p.rule,
                p.due,
                (today - p.due).days,
                p.reason,
                p.action,
            )
        )
    out.sort(key=lambda d: (-d.days_overdue, d.contact.casefold(), d.rule))
    return out
