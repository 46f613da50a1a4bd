"""The smaller tables: activities (reading, events, milestones, exports),
recommendation letters, skipped follow-ups and the meta key/value rows."""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Sequence
from datetime import date
from typing import Any

from netlog.dates import from_iso, iso
from netlog.domain import Activity, Letter, Skip
from netlog.storage.columns import ACTIVITY_FIELDS, LETTER_FIELDS, SKIP_FIELDS
from netlog.storage.db import now_utc
from netlog.storage.rows import readable

# --- activities ---------------------------------------------------------------

# ("virtual" is an SQL keyword: quoted where it is named.)
_ACTIVITY_COLUMNS = ", ".join('"virtual"' if f == "virtual" else f for f in ACTIVITY_FIELDS)
ACTIVITY_SELECT = f"SELECT id, {_ACTIVITY_COLUMNS} FROM activity"
SQL_INSERT_ACTIVITY = (
    f"INSERT INTO activity ({_ACTIVITY_COLUMNS}, created) "
    f"VALUES ({', '.join('?' * (len(ACTIVITY_FIELDS) + 1))})"
)


@readable("activity")
def activity_from_row(row: Sequence[Any]) -> Activity:
    aid, kind, day, text, virtual, contact_id = row
    return Activity(aid, kind, date.fromisoformat(day), text, bool(virtual), contact_id)


def insert_activity(conn: sqlite3.Connection, act: Activity) -> int:
    # A file name in the text ("exported … to FILE") may hold bytes that are
    # not UTF-8: each such byte is stored as "?", the text as UTF-8.
    text = act.text.encode("utf-8", "replace").decode("utf-8")
    cursor = conn.execute(
        SQL_INSERT_ACTIVITY,
        (act.kind, act.date.isoformat(), text, int(act.virtual), act.contact_id, now_utc()),
    )
    assert cursor.lastrowid is not None
    return cursor.lastrowid


def activities(conn: sqlite3.Connection, kind: str | None = None) -> list[Activity]:
    if kind is None:
        rows = conn.execute(ACTIVITY_SELECT + " ORDER BY date, id")
    else:
        rows = conn.execute(ACTIVITY_SELECT + " WHERE kind = ? ORDER BY date, id", (kind,))
    return [activity_from_row(r) for r in rows]


def latest_milestone(conn: sqlite3.Connection) -> Activity | None:
    row = conn.execute(
        ACTIVITY_SELECT + " WHERE kind = 'milestone' ORDER BY date DESC, id DESC LIMIT 1"
    ).fetchone()
    return activity_from_row(row) if row else None


# --- recommendation letters ---------------------------------------------------

LETTER_SELECT = "SELECT id, " + ", ".join(LETTER_FIELDS) + " FROM letter"
SQL_INSERT_LETTER = (
    f"INSERT INTO letter ({', '.join(LETTER_FIELDS)}) "
    f"VALUES ({', '.join('?' * len(LETTER_FIELDS))})"
)


@readable("letter")
def letter_from_row(row: Sequence[Any]) -> Letter:
    lid, cid, program, status, asked_on, deadline, updated, note = row
    return Letter(
        lid, cid, program, status, from_iso(asked_on), from_iso(deadline), from_iso(updated), note
    )


def letters_for(conn: sqlite3.Connection, contact_id: int) -> list[Letter]:
    rows = conn.execute(LETTER_SELECT + " WHERE contact_id = ? ORDER BY id", (contact_id,))
    return [letter_from_row(r) for r in rows]


def all_letters(conn: sqlite3.Connection) -> list[Letter]:
    return [letter_from_row(r) for r in conn.execute(LETTER_SELECT + " ORDER BY id")]


def insert_letter(conn: sqlite3.Connection, letter: Letter) -> int:
    cursor = conn.execute(
        SQL_INSERT_LETTER,
        (
            letter.contact_id,
            letter.program,
            letter.status,
            iso(letter.asked_on),
            iso(letter.deadline),
            iso(letter.updated),
            letter.note,
        ),
    )
    assert cursor.lastrowid is not None
    return cursor.lastrowid


def get_letter(conn: sqlite3.Connection, letter_id: int) -> Letter | None:
    row = conn.execute(LETTER_SELECT + " WHERE id = ?", (letter_id,)).fetchone()
    return letter_from_row(row) if row else None


def set_letter_status(
    conn: sqlite3.Connection, letter_id: int, status: str, *, deadline: date | None, day: date
) -> None:
    conn.execute(
        "UPDATE letter SET status = ?, deadline = ?, updated = ? WHERE id = ?",
        (status, iso(deadline), day.isoformat(), letter_id),
    )


# --- skipped follow-ups -------------------------------------------------------

SKIP_SELECT = "SELECT id, " + ", ".join(SKIP_FIELDS) + " FROM skip"
SQL_INSERT_SKIP = (
    f"INSERT INTO skip ({', '.join(SKIP_FIELDS)}) VALUES ({', '.join('?' * len(SKIP_FIELDS))})"
)


@readable("skip")
def skip_from_row(row: Sequence[Any]) -> Skip:
    sid, cid, rule, due, reason, created = row
    return Skip(sid, cid, rule, date.fromisoformat(due), reason, from_iso(created))


def skips_for(conn: sqlite3.Connection, contact_id: int) -> list[Skip]:
    rows = conn.execute(SKIP_SELECT + " WHERE contact_id = ? ORDER BY id", (contact_id,))
    return [skip_from_row(r) for r in rows]


def skips_by_contact(
    conn: sqlite3.Connection, contact_ids: Sequence[int] | None = None
) -> dict[int, list[Skip]]:
    """Every skip (or those of these contacts), by contact."""
    if contact_ids is None:
        rows = conn.execute(SKIP_SELECT + " ORDER BY id")
    else:
        marks = ", ".join("?" * len(contact_ids))
        rows = conn.execute(
            SKIP_SELECT + f" WHERE contact_id IN ({marks}) ORDER BY id", list(contact_ids)
        )
    out: dict[int, list[Skip]] = defaultdict(list)
    for row in rows:
        skip = skip_from_row(row)
        out[skip.contact_id].append(skip)
    return out


def insert_skip(conn: sqlite3.Connection, skip: Skip) -> int:
    cursor = conn.execute(
        SQL_INSERT_SKIP,
        (skip.contact_id, skip.rule, skip.due.isoformat(), skip.reason, iso(skip.created)),
    )
    assert cursor.lastrowid is not None
    return cursor.lastrowid


# --- meta: small key/value state --------------------------------------------


def meta_get(conn: sqlite3.Connection, key: str) -> str | None:
    row = conn.execute('SELECT value FROM meta WHERE "key" = ?', (key,)).fetchone()
    return row[0] if row else None


def meta_set(conn: sqlite3.Connection, key: str, value: str | None) -> None:
    """Set (or, with ``None``, remove) a meta value.

    A user's setting kept here (the pause) is recorded in the open change, if
    any, so ``netlog undo`` can put it back; derived values are not.
    """
    from netlog.storage import changes

    changes.record_meta(conn, key, meta_get(conn, key), value)
    if value is None:
        conn.execute('DELETE FROM meta WHERE "key" = ?', (key,))
    else:
        conn.execute(
            'INSERT INTO meta ("key", value) VALUES (?, ?) '
            'ON CONFLICT("key") DO UPDATE SET value = excluded.value',
            (key, value),
        )
