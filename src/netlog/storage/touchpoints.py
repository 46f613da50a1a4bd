"""Touchpoint rows: logging, fixing, removing and reading a contact's log."""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from netlog.dates import from_iso, iso
from netlog.domain import Touchpoint
from netlog.storage.columns import TOUCHPOINT_FIELDS
from netlog.storage.db import now_utc
from netlog.storage.rows import readable

TOUCHPOINT_SELECT = "SELECT id, " + ", ".join(TOUCHPOINT_FIELDS) + " FROM touchpoint"


@readable("touchpoint")
def touchpoint_from_row(row: Sequence[Any]) -> Touchpoint:
    tid, cid, day, channel, kind, direction, event, note, step, follow_up, awaiting, topic, done = (
        row
    )
    return Touchpoint(
        id=tid,
        contact_id=cid,
        date=date.fromisoformat(day),
        channel=channel,
        kind=kind,
        direction=direction,
        event=event,
        note=note,
        next_step=step,
        follow_up=from_iso(follow_up),
        awaiting_reply=bool(awaiting),
        topic=topic,
        done=from_iso(done),
    )


def touchpoints_by_contact(rows: Iterable[Sequence[Any]]) -> dict[int, list[Touchpoint]]:
    """:func:`touchpoint_from_row` for many rows, by contact id (in the rows' order).

    A third faster for a long log: positional fields, and each day parsed
    once; a row netlog cannot read raises the same error.
    """
    out: dict[int, list[Touchpoint]] = defaultdict(list)
    days: dict[str, date] = {}
    parse = date.fromisoformat
    for row in rows:
        try:
            tid, cid, day, channel, kind, direction, event, note, step, follow_up, awaiting = row[
                :11
            ]
            when = days.get(day)
            if when is None:
                when = days[day] = parse(day)
            tp = Touchpoint(
                tid,
                cid,
                when,
                channel,
                kind,
                direction,
                event,
                note,
                step,
                parse(follow_up[:10]) if follow_up else None,
                bool(awaiting),
                row[11],
                parse(row[12][:10]) if row[12] else None,
            )
        except (ValueError, TypeError):
            touchpoint_from_row(row)  # raises the error that names the row
            raise
        out[cid].append(tp)
    return out


SQL_INSERT_TOUCHPOINT = (
    f"INSERT INTO touchpoint ({', '.join(TOUCHPOINT_FIELDS)}, created) "
    f"VALUES ({', '.join('?' * (len(TOUCHPOINT_FIELDS) + 1))})"
)


def touchpoint_row(tp: Touchpoint, stamp: str) -> tuple[Any, ...]:
    """The values of :data:`SQL_INSERT_TOUCHPOINT` for one touchpoint."""
    return (
        tp.contact_id,
        tp.date.isoformat(),
        tp.channel,
        tp.kind,
        tp.direction,
        tp.event,
        tp.note,
        tp.next_step,
        iso(tp.follow_up),
        int(tp.awaiting_reply),
        tp.topic,
        iso(tp.done),
        stamp,
    )


SQL_WAKE = "UPDATE contact SET imported = NULL WHERE id = ? AND imported IS NOT NULL"


def insert_touchpoint(conn: sqlite3.Connection, tp: Touchpoint) -> int:
    """Log one touchpoint; an imported contact is no longer a dormant weak tie."""
    cursor = conn.execute(SQL_INSERT_TOUCHPOINT, touchpoint_row(tp, now_utc()))
    conn.execute(SQL_WAKE, (tp.contact_id,))
    assert cursor.lastrowid is not None
    return cursor.lastrowid


def mark_step_done(conn: sqlite3.Connection, touchpoint_id: int, day: date) -> None:
    """Mark the next step set by this touchpoint done on ``day``."""
    conn.execute("UPDATE touchpoint SET done = ? WHERE id = ?", (day.isoformat(), touchpoint_id))


SQL_UPDATE_TOUCHPOINT = (
    "UPDATE touchpoint SET "
    + ", ".join(f"{f} = ?" for f in TOUCHPOINT_FIELDS if f != "contact_id")
    + " WHERE id = ?"
)


def update_touchpoint(conn: sqlite3.Connection, tp: Touchpoint) -> None:
    """Write every field of an existing touchpoint (``netlog fix``)."""
    values = touchpoint_row(tp, "")[1:-1]
    conn.execute(SQL_UPDATE_TOUCHPOINT, (*values, tp.id))


def delete_touchpoint(conn: sqlite3.Connection, touchpoint_id: int) -> None:
    conn.execute("DELETE FROM touchpoint WHERE id = ?", (touchpoint_id,))


def insert_touchpoints_bulk(
    conn: sqlite3.Connection, tps: Iterable[Touchpoint], stamp: str | None = None
) -> int:
    """Insert many touchpoints with one prepared statement (imports, bench data).

    Ids are assigned by SQLite; the follow-ups are not refreshed here: call
    :func:`netlog.followups.refresh` for the contacts touched (or ``refresh_all``).
    Returns the number of rows inserted. ``stamp``: their time of writing (now).
    """
    stamp = stamp or now_utc()
    cursor = conn.executemany(SQL_INSERT_TOUCHPOINT, (touchpoint_row(tp, stamp) for tp in tps))
    return cursor.rowcount


def touchpoints_for(conn: sqlite3.Connection, contact_id: int) -> list[Touchpoint]:
    rows = conn.execute(
        TOUCHPOINT_SELECT + " WHERE contact_id = ? ORDER BY date, id", (contact_id,)
    )
    return [touchpoint_from_row(r) for r in rows]


def all_touchpoints(conn: sqlite3.Connection) -> list[Touchpoint]:
    rows = conn.execute(TOUCHPOINT_SELECT + " ORDER BY contact_id, date, id")
    return [touchpoint_from_row(r) for r in rows]
