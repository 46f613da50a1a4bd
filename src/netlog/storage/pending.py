"""Stored follow-ups (the ``pending`` rows the rules keep current) and the
queries of ``netlog due``: counts, the most urgent items, a contact's items."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from netlog import urgency
from netlog.dates import from_iso, iso
from netlog.domain import Pending
from netlog.storage.columns import PENDING_FIELDS
from netlog.storage.contacts import SQL_LAST_CONTACT
from netlog.storage.db import ascii_lower

# --- the stored items, replaced whenever a contact's follow-ups are recomputed ---

SQL_PENDING_DELETE = "DELETE FROM pending WHERE contact_id = ?"
SQL_PENDING_INSERT = (
    f"INSERT INTO pending ({', '.join(PENDING_FIELDS)}) "
    f"VALUES ({', '.join('?' * len(PENDING_FIELDS))})"
)
SQL_PENDING_FOR_CONTACT = (
    "SELECT " + ", ".join(PENDING_FIELDS) + " FROM pending WHERE contact_id = ? ORDER BY due"
)


def pending_row(p: Pending) -> tuple[Any, ...]:
    """The values of :data:`SQL_PENDING_INSERT` for one item."""
    return (p.contact_id, p.rule, p.due.isoformat(), p.reason, p.action, iso(p.starts), iso(p.ends))


def replace_pending(
    conn: sqlite3.Connection,
    clear: Sequence[int],
    items: Sequence[Pending],
    last_contact: Mapping[int, date | None],
) -> None:
    """Store ``items`` in place of the stored items of the contacts ``clear``
    names, and each contact's latest touchpoint day (``last_contact``)."""
    if clear:
        marks = ", ".join("?" * len(clear))
        conn.execute(f"DELETE FROM pending WHERE contact_id IN ({marks})", clear)
    conn.executemany(SQL_PENDING_INSERT, [pending_row(p) for p in items])
    conn.executemany(SQL_LAST_CONTACT, [(iso(last), cid) for cid, last in last_contact.items()])


def clear_all_pending(conn: sqlite3.Connection) -> None:
    """Forget every stored item (before a recompute of every contact)."""
    conn.execute("DELETE FROM pending")


# --- what is due ------------------------------------------------------------

SQL_DUE = (
    "SELECT p.contact_id, c.name, p.rule, p.due, p.reason, p.action, c.snoozed_until, "
    "p.starts, p.ends "
    "FROM pending p JOIN contact c ON c.id = p.contact_id "
    "WHERE c.archived = 0 AND p.due <= :horizon"
)
# The order SQLite reads them in (ix_pending_due), said so PostgreSQL gives it too.
DUE_ORDER = " ORDER BY p.due, p.id"


def _pending(
    cid: int, rule: str, due: str, reason: str, action: str, starts: str | None, ends: str | None
) -> Pending:
    return Pending(
        cid, rule, date.fromisoformat(due), reason, action, from_iso(starts), from_iso(ends)
    )


@dataclass(frozen=True)
class DueFilter:
    """What ``netlog due --rule/--tag/--core`` narrows the list to."""

    rule: str | None = None
    tag: str | None = None
    core: bool = False

    def sql(self) -> str:
        return (
            (" AND p.rule = :rule" if self.rule else "")
            + (
                " AND EXISTS (SELECT 1 FROM json_each(c.tags) j WHERE lower(j.value) = :tag)"
                if self.tag
                else ""
            )
            + (" AND c.core = 1" if self.core else "")
        )

    def params(self) -> dict[str, Any]:
        return {"rule": self.rule, "tag": ascii_lower(self.tag) if self.tag else self.tag}


NO_FILTER = DueFilter()


def pending_until(
    conn: sqlite3.Connection, horizon: date, where: DueFilter = NO_FILTER
) -> tuple[list[Pending], dict[int, str], dict[int, date]]:
    """Pending items due on or before ``horizon``, with names and snoozes.

    Items whose days (``starts``/``ends``) do not include a given day are
    still returned: :func:`netlog.agenda.view` leaves them out.
    """
    items: list[Pending] = []
    names: dict[int, str] = {}
    snoozed: dict[int, date] = {}
    rows = conn.execute(
        SQL_DUE + where.sql() + DUE_ORDER, {"horizon": iso(horizon), **where.params()}
    )
    for cid, name, rule, due, reason, action, snooze, starts, ends in rows:
        items.append(_pending(cid, rule, due, reason, action, starts, ends))
        names[cid] = name
        if snooze:
            snoozed[cid] = date.fromisoformat(snooze)
    return items, names, snoozed


# Only what the screen shows: counts over everything due, then the earliest rows.
# (Scanning pending for the counts beats its due index once most rows match:
# 10k due items counted in ~4 ms instead of ~14 ms. CROSS JOIN keeps pending
# the outer table whatever ANALYZE has found: read contact by contact through
# pending's contact index, the counts take a fifth longer.)
_DUE_WHERE = (
    " FROM pending p CROSS JOIN contact c "
    "WHERE c.id = p.contact_id AND c.archived = 0 AND {due} <= :horizon "
    "AND (p.starts IS NULL OR p.starts <= :today) AND (p.ends IS NULL OR p.ends > :today) "
)
_AWAKE = "AND (c.snoozed_until IS NULL OR c.snoozed_until <= :today)"
DUE_COUNTS_TEMPLATE = (
    "SELECT count(*) FILTER (WHERE awake), count(*) FILTER (WHERE awake AND due < :today), "
    "count(*) FILTER (WHERE NOT awake) FROM (SELECT p.due AS due, "
    "(c.snoozed_until IS NULL OR c.snoozed_until <= :today) AS awake"
    + _DUE_WHERE.format(due="+p.due")
    + "{filters})"
)
# The most urgent rows, found in SQL (netlog.urgency.sql mirrors urgency.raw):
# the figure of the N-th, then every row within 0.01 of it or above.
DUE_SCORE = urgency.sql()
DUE_BOUNDARY_TEMPLATE = (
    f"SELECT {DUE_SCORE} AS score"
    + _DUE_WHERE.format(due="+p.due")
    + _AWAKE
    + "{filters} ORDER BY score DESC LIMIT 1 OFFSET :offset"
)
DUE_URGENT_TEMPLATE = (
    "SELECT p.contact_id, c.name, p.rule, p.due, p.reason, p.action"
    + _DUE_WHERE.format(due="+p.due")
    + _AWAKE
    + f"{{filters}} AND {DUE_SCORE} >= :score"
)


def due_counts(
    conn: sqlite3.Connection, today: date, horizon: date, where: DueFilter = NO_FILTER
) -> tuple[int, int, int]:
    """(items due by ``horizon``, of which overdue, and how many a snooze hides)."""
    count, overdue, hidden = conn.execute(
        DUE_COUNTS_TEMPLATE.format(filters=where.sql()),
        {"horizon": horizon.isoformat(), "today": today.isoformat(), **where.params()},
    ).fetchone()
    return int(count), int(overdue), int(hidden)


# The counts of due_counts by rule, with each rule's items at least
# urgency.ceiling(rule) days late (all of one figure, the rule's highest).
_KNOWN_RULES = tuple(urgency.RULE_URGENCY)
_AWAKE_ROW = "(c.snoozed_until IS NULL OR c.snoozed_until <= :today)"
# The rules as the CASE below tries them, commonest first (in a network kept
# for a while, most rows are check-ins, then next steps and thank-yous): a
# row's rule is found after fewer comparisons.
_COMMONEST_FIRST = ("keep-warm", "next-step", "thank-you", "reply-nudge")
DUE_TALLY_TEMPLATE = (
    f"SELECT p.rule, count(*) FILTER (WHERE {_AWAKE_ROW}), "
    f"count(*) FILTER (WHERE {_AWAKE_ROW} AND p.due < :today), "
    f"count(*) FILTER (WHERE NOT {_AWAKE_ROW}), "
    f"count(*) FILTER (WHERE {_AWAKE_ROW} AND p.due <= CASE p.rule "
    + " ".join(
        f"WHEN '{rule}' THEN :top{_KNOWN_RULES.index(rule)}"
        for rule in (*_COMMONEST_FIRST, *(r for r in _KNOWN_RULES if r not in _COMMONEST_FIRST))
    )
    + " ELSE '' END)"
    + _DUE_WHERE.format(due="+p.due")
    # Grouped in the order of the index on (rule, due, ends, starts, contact_id),
    # which holds all the counts read of pending: neither the table nor a sort
    # is needed (a fifth fewer instructions than scanning the table and sorting).
    + "{filters} GROUP BY p.rule"
)
# The rows at their rule's highest figure, of the rules :func:`_at_the_top`
# names: one SELECT a rule (``{rule}``: its conditions), each read through the
# index on (rule, due, ends, starts, …), which also holds the days an item is
# live, so the rows already closed or not yet open are passed over there.
_TOP_ROWS = "SELECT {columns}" + _DUE_WHERE.format(due="+p.due") + _AWAKE + "{filters} AND {rule}"
_TOP_COLUMNS = "p.id, p.contact_id, c.name, p.rule, p.due, p.reason, p.action"


def _each_rule(columns: str, filters: str, rules: Sequence[str]) -> str:
    """The rows of each of ``rules`` (conditions on one rule each), as one query."""
    return " UNION ALL ".join(
        _TOP_ROWS.format(columns=columns, filters=filters, rule=rule) for rule in rules
    )


# Two items whose figures differ by less than this may sort either way once
# rounded: the screen reads every row within it of the N-th.
MARGIN = 0.01


def due_first(
    conn: sqlite3.Connection,
    today: date,
    horizon: date,
    limit: int,
    where: DueFilter = NO_FILTER,
) -> tuple[int, int, int, tuple[list[Pending], dict[int, str]] | None]:
    """:func:`due_counts`, and when more than ``limit`` items are due, the rows
    :func:`due_most_urgent` gives (None otherwise: read them all).

    Usually the ``limit`` most urgent items are all at their rule's highest
    figure (long overdue: 9,000 of the 9,400 items due on the bench's
    network). The counting scan, by rule, then also tells which rules' rows
    those are, and they are read without scoring and sorting every due row
    in SQL: a third fewer instructions than counting, then ranking. Otherwise
    :func:`due_most_urgent` ranks them. The rows, and their order, are the
    same either way (``tests/test_due_urgency.py``)."""
    tops = [urgency.ceiling(rule) for rule in _KNOWN_RULES]
    params: dict[str, Any] = {
        "horizon": horizon.isoformat(),
        "today": today.isoformat(),
        **where.params(),
    }
    for i, (late, _, _) in enumerate(tops):
        params[f"top{i}"] = (today - timedelta(days=late)).isoformat()
    filters = where.sql()
    shown = [0] * len(_KNOWN_RULES)
    topped = [0] * len(_KNOWN_RULES)
    count = overdue = hidden = unknown = 0
    for rule, awake, behind, asleep, at_top in conn.execute(
        DUE_TALLY_TEMPLATE.format(filters=filters), params
    ):
        count, overdue, hidden = count + awake, overdue + behind, hidden + asleep
        if rule in _KNOWN_RULES:
            i = _KNOWN_RULES.index(rule)
            shown[i], topped[i] = awake, at_top
        else:
            unknown += awake
    if count <= limit:
        return count, overdue, hidden, None
    chosen = _at_the_top(tops, shown, topped, limit)
    if chosen is None or unknown:  # a rule netlog.urgency does not know: rank in SQL
        return count, overdue, hidden, due_most_urgent(conn, today, horizon, limit, where)
    rules = _needed_rows(conn, filters, params, chosen, tops, topped, limit)
    items: list[Pending] = []
    names: dict[int, str] = {}
    # In pending's own order, as due_most_urgent reads them: ties sort the same.
    for _, cid, name, rule, due, reason, action in conn.execute(
        _each_rule(_TOP_COLUMNS, filters, rules) + " ORDER BY 1", params
    ):
        items.append(Pending(cid, rule, date.fromisoformat(due), reason, action))
        names[cid] = name
    return count, overdue, hidden, (items, names)


def _needed_rows(
    conn: sqlite3.Connection,
    filters: str,
    params: dict[str, Any],
    chosen: list[int],
    tops: Sequence[tuple[int, float, float]],
    topped: Sequence[int],
    limit: int,
) -> list[str]:
    """The SQL conditions, one a rule, for the rows of the ``chosen`` rules that
    can be among the first ``limit``: all of them, save at the figure where
    ``limit`` is reached, where only the rows due no later than the one that
    reaches it.

    Topped rows of one rule share one figure, so they list by (figure, days
    overdue, name, rule): whole figures first, then at the last figure the
    earliest due dates (every row on the last date read, the name deciding
    among them in Python). The first ``limit`` rows after sorting are those
    of reading every chosen row (``tests/test_due_urgency.py``). The last day
    is put in ``params`` as ``:last_day``."""
    from itertools import groupby

    # The figure the screen sorts a topped row by: urgency at ``late`` days, rounded.
    figure = {i: urgency.urgency(_KNOWN_RULES[i], tops[i][0]) for i in chosen}
    parts: list[str] = []
    before = 0
    for _, grouped in groupby(sorted(chosen, key=lambda i: -figure[i]), key=figure.get):
        indices = list(grouped)
        group = [f"p.rule = '{_KNOWN_RULES[i]}' AND p.due <= :top{i}" for i in indices]
        at = sum(topped[i] for i in indices)
        if before + at < limit:
            parts += group
            before += at
            continue
        # These rules' rows in due order, each rule's through its index.
        row = conn.execute(
            f"SELECT due FROM ({_each_rule('p.due AS due', filters, group)}) "
            "ORDER BY due LIMIT 1 OFFSET :offset",
            {**params, "offset": limit - before - 1},
        ).fetchone()
        params["last_day"] = row[0]
        parts += [f"{rule} AND p.due <= :last_day" for rule in group]
        break
    return parts


def _at_the_top(
    tops: Sequence[tuple[int, float, float]],
    due: Sequence[int],
    topped: Sequence[int],
    limit: int,
) -> list[int] | None:
    """Which rules' topped rows are exactly the rows :func:`due_most_urgent` reads,
    or None when the counts cannot tell.

    ``tops[i]`` is ``urgency.ceiling`` of rule i; ``due[i]`` its rows due,
    ``topped[i]`` those at the top figure. Going down the top figures, the
    first one at which ``limit`` rows are reached is the N-th row's figure,
    provided no row below a top figure comes within :data:`MARGIN` of it.
    """
    above = 0
    for level in sorted({tops[i][1] for i, n in enumerate(topped) if n}, reverse=True):
        at = sum(n for i, n in enumerate(topped) if tops[i][1] == level)
        if above + at >= limit:
            floor = level - MARGIN
            if any(due[i] > topped[i] and tops[i][2] >= floor for i in range(len(tops))):
                return None
            return [i for i, n in enumerate(topped) if n and tops[i][1] >= floor]
        above += at
    return None


def due_most_urgent(
    conn: sqlite3.Connection,
    today: date,
    horizon: date,
    limit: int,
    where: DueFilter = NO_FILTER,
) -> tuple[list[Pending], dict[int, str]]:
    """Items due by ``horizon`` (snoozed contacts left out) among which are the
    ``limit`` most urgent, ties included: sorting these gives the same first
    ``limit`` rows as sorting everything. 10k due items: two scans, ~20 ms."""
    params = {"horizon": horizon.isoformat(), "today": today.isoformat(), **where.params()}
    filters = where.sql()
    if not filters:
        return _most_urgent_in_one_pass(conn, params, limit)
    row = conn.execute(
        DUE_BOUNDARY_TEMPLATE.format(filters=filters), {**params, "offset": limit - 1}
    ).fetchone()
    items: list[Pending] = []
    names: dict[int, str] = {}
    if row is None:
        return items, names
    rows = conn.execute(
        DUE_URGENT_TEMPLATE.format(filters=filters), {**params, "score": row[0] - 0.01}
    )
    for cid, name, rule, due, reason, action in rows:
        items.append(Pending(cid, rule, date.fromisoformat(due), reason, action))
        names[cid] = name
    return items, names


# The same rows as the two queries above, in one pass: every row due, scored
# once and sorted by SQLite, read only down to 0.01 below the N-th.
DUE_RANKED = (
    f"SELECT p.id, p.contact_id, c.name, p.rule, p.due, p.reason, p.action, {DUE_SCORE} AS score"
    + _DUE_WHERE.format(due="+p.due")
    + _AWAKE
    + " ORDER BY score DESC"
)


def _most_urgent_in_one_pass(
    conn: sqlite3.Connection, params: dict[str, Any], limit: int
) -> tuple[list[Pending], dict[int, str]]:
    """:func:`due_most_urgent` without filters: one scan of pending instead of two
    (10k due items: ~10 ms less). The rows come back in the order the two-query
    form reads them (pending's own order), so ties sort the same afterwards."""
    rows = conn.execute(DUE_RANKED, params)
    chosen: list[tuple[Any, ...]] = []
    floor: float | None = None
    for row in rows:
        if floor is not None and row[-1] < floor:
            break
        chosen.append(row)
        if floor is None and len(chosen) == limit:
            floor = row[-1] - 0.01
    rows.close()
    items: list[Pending] = []
    names: dict[int, str] = {}
    if floor is None:  # fewer than ``limit`` rows: the caller counted more
        return items, names
    chosen.sort(key=lambda r: r[0])
    for _, cid, name, rule, due, reason, action, _score in chosen:
        items.append(Pending(cid, rule, date.fromisoformat(due), reason, action))
        names[cid] = name
    return items, names


NO_HORIZON = date(9999, 12, 31)

# ``due --json`` in two passes: first what orders the items (a few small
# values each), then the text of a few hundred at a time, by id. The keys are
# read in table order, which the caller's sort makes irrelevant: at 130,000
# due items a scan of pending takes a third of the time its due index does.
SQL_DUE_KEYS = (
    "SELECT p.id, p.contact_id, c.name, p.rule, p.due, c.snoozed_until, p.starts, p.ends "
    "FROM pending p JOIN contact c ON c.id = p.contact_id "
    "WHERE c.archived = 0 AND +p.due <= :horizon"
)


def due_keys(
    conn: sqlite3.Connection, horizon: date, where: DueFilter = NO_FILTER
) -> Iterator[tuple[int, int, str, str, str, str | None, str | None, str | None]]:
    """(id, contact id, name, rule, due, snoozed until, starts, ends) of the
    items :func:`pending_until` reads, without their text, in no set order."""
    yield from conn.execute(SQL_DUE_KEYS + where.sql(), {"horizon": iso(horizon), **where.params()})


TEXT_CHUNK = 500  # items whose text :func:`texts_in_order` reads at a time


def texts_in_order(conn: sqlite3.Connection, ids: Sequence[int]) -> Iterator[tuple[str, str, str]]:
    """(contact's name, reason, action) of the items ``ids`` names, in that
    order, read :data:`TEXT_CHUNK` at a time."""
    for start in range(0, len(ids), TEXT_CHUNK):
        chunk = ids[start : start + TEXT_CHUNK]
        marks = ", ".join("?" * len(chunk))
        rows = conn.execute(
            "SELECT p.id, c.name, p.reason, p.action FROM pending p "
            f"JOIN contact c ON c.id = p.contact_id WHERE p.id IN ({marks})",
            chunk,
        )
        texts = {pid: (name, reason, action) for pid, name, reason, action in rows}
        for pid in chunk:
            yield texts[pid]


def pending_for_contact(
    conn: sqlite3.Connection, contact_id: int, today: date | None = None
) -> list[Pending]:
    """A contact's pending items by due date; with ``today``, only those shown that day."""
    rows = conn.execute(SQL_PENDING_FOR_CONTACT, (contact_id,))
    items = [_pending(*r) for r in rows]
    return [p for p in items if today is None or p.live(today)]
