"""What is due: the morning list (``due``), its one-line brief, and the pause
that holds the regular check-ins back.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from netlog import agenda, rules
from netlog.config import Settings
from netlog.domain import DueItem
from netlog.errors import InvalidValue
from netlog.storage import contacts, pending, records
from netlog.storage.db import Database

MAX_WITHIN = 36500  # due --within: a hundred years ahead at most


def pause_state(conn: Any) -> tuple[date | None, date | None]:
    start = records.meta_get(conn, "pause_start")
    until = records.meta_get(conn, "pause_until")
    return (
        date.fromisoformat(start) if start else None,
        date.fromisoformat(until) if until else None,
    )


@dataclass
class DueReport:
    """What ``netlog due`` shows: the items, most urgent first, and the counts around them."""

    items: list[DueItem]
    paused_until: date | None = None
    total_contacts: int = 0
    # Set when ``items`` holds only the first rows (``due(limit=N)``): the
    # number of items due in all, and how many of them are overdue.
    total: int | None = None
    overdue: int | None = None
    # Items due in the window that a snooze hides today.
    hidden: int = 0


def by_urgency(items: list[DueItem]) -> list[DueItem]:
    """Most urgent first: the order of :func:`netlog.urgency.sort_key`, inlined."""
    from netlog.urgency import urgency

    return sorted(
        items,
        key=lambda i: (
            -urgency(i.rule, i.days_overdue),
            -i.days_overdue,
            i.contact.casefold(),
            i.rule,
        ),
    )


def due(
    db: Database,
    settings: Settings,
    *,
    today: date,
    within: int = 7,
    limit: int = 0,
    rule: str | None = None,
    tag: str | None = None,
    core: bool = False,
) -> DueReport:
    """What is owed as of ``today`` within ``within`` days, most urgent first.

    With ``limit`` > 0 only the first ``limit`` items are read and returned
    (with the counts of all of them in ``total``/``overdue``), as a screen
    shows; 0 returns every item. ``rule``, ``tag`` and ``core`` narrow the
    list to one rule, one tag, the core contacts.
    """
    where = _checked_filter(within, rule, tag, core)
    with db.read() as conn:
        _, pause_until = pause_state(conn)
        horizon = today + timedelta(days=within)
        if pause_until is None and limit > 0:
            count, overdue, hidden, read = pending.due_first(conn, today, horizon, limit, where)
            if read is not None:
                first, names = read
                seen = agenda.view(first, names, today, within=within)
                return DueReport(
                    by_urgency(seen)[:limit],
                    total_contacts=len(names),
                    total=count,
                    overdue=overdue,
                    hidden=hidden,
                )
        return _everything_due(conn, settings, today, within, where, pause_until)


def _checked_filter(
    within: int, rule: str | None, tag: str | None, core: bool
) -> pending.DueFilter:
    if not 0 <= within <= MAX_WITHIN:
        raise InvalidValue(f"invalid --within {within}: give 0 to {MAX_WITHIN} days")
    if rule is not None and rule not in rules.RULE_IDS:
        raise InvalidValue(f"unknown rule {rule!r}; the rules are: {', '.join(rules.RULE_IDS)}")
    return pending.DueFilter(rule=rule, tag=tag, core=core)


def _everything_due(
    conn: Any,
    settings: Settings,
    today: date,
    within: int,
    where: pending.DueFilter,
    pause_until: date | None,
) -> DueReport:
    """:func:`due` with no limit: every item, read whole."""
    # During a pause only the backlog of regular check-ins waits (and is
    # spread out after it); what you did lately comes due as usual.
    paused = pause_until if pause_until is not None and today < pause_until else None
    horizon = today + timedelta(days=within)
    if pause_until is not None:
        horizon = max(horizon, pause_until)
    items, names, snoozed = pending.pending_until(conn, horizon, where)
    total = contacts.count_contacts(conn) if not items else len(names)
    items = agenda.spread_after_pause(items, pause_until, settings.spread_per_day)
    shown = by_urgency(agenda.view(items, names, today, within=within, snoozed=snoozed))
    window = today + timedelta(days=within)
    hidden = sum(
        1
        for p in items
        if p.due <= window and p.live(today) and today < snoozed.get(p.contact_id, today)
    )
    return DueReport(shown, paused_until=paused, total_contacts=total, hidden=hidden)


def due_items(
    db: Database,
    settings: Settings,
    *,
    today: date,
    within: int = 7,
    rule: str | None = None,
    tag: str | None = None,
    core: bool = False,
) -> Iterator[DueItem]:
    """The items of ``due(limit=0)``, in the same order, one at a time (for
    ``due --json``), read in one transaction held until the last.

    Only what orders the items is held for all of them (their urgency, days
    overdue, folded name, rule and id, the order :func:`by_urgency` gives
    after :func:`netlog.agenda.view`); their name, reason and action are
    read a few hundred at a time as they are written. During or after a pause
    the items are read whole, as :func:`due` does.
    """
    from netlog.urgency import urgency

    where = _checked_filter(within, rule, tag, core)
    with db.read() as conn:
        _, pause_until = pause_state(conn)
        if pause_until is not None:
            yield from _everything_due(conn, settings, today, within, where, pause_until).items
            return
        horizon = today + timedelta(days=within)
        day = today.isoformat()
        folded: dict[str, str] = {}
        words: dict[str, str] = {}
        keys: list[tuple[float, int, str, str, int, int]] = []
        for pid, cid, name, rule_, due_, snooze, starts, ends in pending.due_keys(
            conn, horizon, where
        ):
            # agenda.view: a snoozed contact's items wait; an item shows between its days.
            if (snooze and day < snooze[:10]) or (starts and starts[:10] > day):
                continue
            if ends and ends[:10] <= day:
                continue
            late = (today - date.fromisoformat(due_)).days
            key = folded.get(name)
            if key is None:
                key = folded[name] = name.casefold()
            rule_ = words.setdefault(rule_, rule_)
            keys.append((-urgency(rule_, late), -late, key, rule_, pid, cid))
        keys.sort()
        texts = pending.texts_in_order(conn, [k[4] for k in keys])
        for (_, neg_late, _, rule_, _, cid), (name, reason, action) in zip(
            keys, texts, strict=True
        ):
            day_due = today + timedelta(days=neg_late)
            yield DueItem(cid, name, rule_, day_due, -neg_late, reason, action)


def due_brief(db: Database, settings: Settings, *, today: date) -> str | None:
    """One line for a shell start-up file or a status bar, or None when nothing is due."""
    with db.read() as conn:
        _, pause_until = pause_state(conn)
        if pause_until is None:
            count, overdue, _ = pending.due_counts(conn, today, today)
    if pause_until is not None:  # during a pause nothing; after it, the spread-out backlog
        items = due(db, settings, today=today, within=0).items
        count, overdue = len(items), sum(1 for i in items if i.days_overdue > 0)
    if count == 0:
        return None
    noun = "follow-up" if count == 1 else "follow-ups"
    late = f" ({overdue} overdue)" if overdue else ""
    return f"{count} {noun} due today{late} — netlog due"


def set_pause(db: Database, *, start: date, until: date | None) -> None:
    """Pause every follow-up until ``until`` (``None`` ends the pause now)."""
    with db.write() as conn:
        if until is None:
            _, current = pause_state(conn)
            if current is None or current <= start:
                raise InvalidValue("netlog is not paused")
            records.meta_set(conn, "pause_until", start.isoformat())
            return
        if until <= start:
            raise InvalidValue(
                f"--until {until.isoformat()} must be after today ({start.isoformat()})"
            )
        records.meta_set(conn, "pause_start", start.isoformat())
        records.meta_set(conn, "pause_until", until.isoformat())
