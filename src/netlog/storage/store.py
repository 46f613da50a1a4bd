"""Queries and writes on an open connection (the caller owns the transaction).

Every statement here names only tables and columns declared in
:mod:`netlog.storage.models`; ``tests/test_schema.py`` prepares each one against a
database built from those models.
"""

from __future__ import annotations

import functools
import itertools
import json
import sqlite3
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, TypeVar

from netlog import urgency
from netlog.dates import from_iso, iso
from netlog.domain import Activity, Contact, Letter, Pending, Skip, Touchpoint
from netlog.errors import Ambiguous, DatabaseError, NotFound
from netlog.storage.db import fold, now_utc

CONTACT_FIELDS: tuple[str, ...] = (
    "name",
    "role",
    "institution",
    "specialty",
    "email",
    "phone",
    "linkedin",
    "x",
    "how_met",
    "types",
    "mentor_kinds",
    "tier",
    "tags",
    "core",
    "cadence_days",
    "notes",
    "archived",
    "snoozed_until",
    "core_since",
    "imported",
    "topic",
)
_LIST_FIELDS = frozenset({"types", "mentor_kinds", "tags"})
_CONTACT_SELECT = "SELECT id, " + ", ".join(CONTACT_FIELDS) + ", created FROM contact"

TOUCHPOINT_FIELDS: tuple[str, ...] = (
    "contact_id",
    "date",
    "channel",
    "kind",
    "direction",
    "event",
    "note",
    "next_step",
    "follow_up",
    "awaiting_reply",
    "topic",
    "done",
)
_TOUCHPOINT_SELECT = "SELECT id, " + ", ".join(TOUCHPOINT_FIELDS) + " FROM touchpoint"

SQL_PENDING_DELETE = "DELETE FROM pending WHERE contact_id = ?"
SQL_PENDING_INSERT = (
    "INSERT INTO pending (contact_id, rule, due, reason, action, starts, ends) "
    "VALUES (?, ?, ?, ?, ?, ?, ?)"
)


def pending_row(p: Pending) -> tuple[Any, ...]:
    """The values of :data:`SQL_PENDING_INSERT` for one item."""
    return (p.contact_id, p.rule, p.due.isoformat(), p.reason, p.action, iso(p.starts), iso(p.ends))


SQL_LAST_CONTACT = "UPDATE contact SET last_contact = ? WHERE id = ?"


def name_key(name: str) -> str:
    """Case- and accent-insensitive form of a name, for matching fragments."""
    return fold(name)


# --- contacts ---------------------------------------------------------------


R = TypeVar("R")


def _readable(table: str) -> Callable[[Callable[[Sequence[Any]], R]], Callable[[Sequence[Any]], R]]:
    """Turn a row netlog cannot read (a date that is not a date, broken JSON)
    into a clear error that points at ``netlog doctor``, not a traceback."""

    def decorate(convert: Callable[[Sequence[Any]], R]) -> Callable[[Sequence[Any]], R]:
        @functools.wraps(convert)
        def wrapped(row: Sequence[Any]) -> R:
            try:
                return convert(row)
            except (ValueError, TypeError):
                raise DatabaseError(
                    f"{table} #{row[0]} holds a value netlog cannot read (edited outside "
                    "netlog?); 'netlog doctor' shows it and how to fix it"
                ) from None

        return wrapped

    return decorate


@_readable("contact")
def contact_from_row(row: Sequence[Any]) -> Contact:
    (
        cid,
        name,
        role,
        institution,
        specialty,
        email,
        phone,
        linkedin,
        x,
        how_met,
        types,
        mentor_kinds,
        tier,
        tags,
        core,
        cadence_days,
        notes,
        archived,
        snoozed_until,
        core_since,
        imported,
        topic,
        created,
    ) = row
    return Contact(
        id=cid,
        name=name,
        role=role,
        institution=institution,
        specialty=specialty,
        email=email,
        phone=phone,
        linkedin=linkedin,
        x=x,
        how_met=how_met,
        types=json.loads(types),
        mentor_kinds=json.loads(mentor_kinds),
        tier=tier,
        tags=json.loads(tags),
        core=bool(core),
        cadence_days=cadence_days,
        notes=notes,
        archived=bool(archived),
        snoozed_until=from_iso(snoozed_until),
        created=from_iso(created),
        core_since=from_iso(core_since),
        imported=from_iso(imported),
        topic=topic,
    )


def _db_value(field: str, value: Any) -> Any:
    if field in _LIST_FIELDS:
        return json.dumps(list(value), ensure_ascii=False)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return int(value)
    return value


def insert_contact(conn: sqlite3.Connection, values: dict[str, Any], *, created: date) -> int:
    import uuid

    fields = [f for f in CONTACT_FIELDS if f in values]
    stamp = now_utc()
    columns = [*fields, "name_key", "created", "updated", "uid"]
    params = [_db_value(f, values[f]) for f in fields]
    # The person's stable key (spreadsheet ``uid``, vCard ``UID``).
    params += [name_key(values["name"]), created.isoformat(), stamp, uuid.uuid4().hex]
    sql = f"INSERT INTO contact ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
    cursor = conn.execute(sql, params)
    assert cursor.lastrowid is not None
    return cursor.lastrowid


def update_contact(conn: sqlite3.Connection, contact_id: int, values: dict[str, Any]) -> None:
    fields = [f for f in CONTACT_FIELDS if f in values]
    if not fields:
        return
    assignments = [f"{f} = ?" for f in fields]
    params = [_db_value(f, values[f]) for f in fields]
    if "name" in values:
        assignments.append("name_key = ?")
        params.append(name_key(values["name"]))
    assignments.append("updated = ?")
    params.append(now_utc())
    params.append(contact_id)
    conn.execute(f"UPDATE contact SET {', '.join(assignments)} WHERE id = ?", params)


def delete_contact(conn: sqlite3.Connection, contact_id: int) -> None:
    conn.execute("DELETE FROM contact WHERE id = ?", (contact_id,))


def get_contact(conn: sqlite3.Connection, contact_id: int) -> Contact:
    row = conn.execute(_CONTACT_SELECT + " WHERE id = ?", (contact_id,)).fetchone()
    if row is None:
        raise NotFound(f"no contact with id {contact_id}")
    return contact_from_row(row)


def all_contacts(conn: sqlite3.Connection) -> list[Contact]:
    return [contact_from_row(r) for r in conn.execute(_CONTACT_SELECT + " ORDER BY id")]


# The contacts ``netlog team`` reads: active ones that are core, a mentor (of
# any kind) or a sponsor; the others change nothing in the team.
SQL_TEAM_CONTACTS = (
    _CONTACT_SELECT + " WHERE archived = 0 AND (core OR json_array_length(mentor_kinds) > 0 "
    "OR EXISTS (SELECT 1 FROM json_each(types) j WHERE j.value IN ('mentor', 'sponsor'))) "
    "ORDER BY id"
)


def team_contacts(conn: sqlite3.Connection) -> list[Contact]:
    """Active contacts that are core, a mentor or a sponsor, by id."""
    return [contact_from_row(r) for r in conn.execute(SQL_TEAM_CONTACTS)]


MAX_ID = 2**63 - 1  # the largest id SQLite stores


def resolve(conn: sqlite3.Connection, query: str) -> Contact:
    """A contact by numeric id, exact full name, or a unique name fragment."""
    text = query.strip()
    if not text:
        raise NotFound("no contact given")
    if text.isascii() and text.isdigit():
        if int(text) > MAX_ID:
            raise NotFound(f"no contact has the id {text}; see 'netlog list'")
        row = conn.execute(_CONTACT_SELECT + " WHERE id = ?", (int(text),)).fetchone()
        if row is not None:
            return contact_from_row(row)
    key = name_key(text)
    exact = conn.execute(_CONTACT_SELECT + " WHERE name_key = ?", (key,)).fetchall()
    if len(exact) == 1:
        return contact_from_row(exact[0])
    rows = (
        exact
        or conn.execute(
            _CONTACT_SELECT + " WHERE instr(name_key, ?) > 0 ORDER BY name_key", (key,)
        ).fetchall()
    )
    if not rows:
        raise NotFound(f"no contact matches {query!r}; see 'netlog list'")
    if len(rows) > 1:
        shown = ", ".join(f"{r[1]} (#{r[0]})" for r in rows[:8])
        more = f" and {len(rows) - 8} more" if len(rows) > 8 else ""
        raise Ambiguous(f"{query!r} matches {len(rows)} contacts: {shown}{more}; use the id")
    return contact_from_row(rows[0])


# --- touchpoints, activities, letters --------------------------------------


@_readable("touchpoint")
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


def insert_touchpoints_bulk(conn: sqlite3.Connection, tps: Iterable[Touchpoint]) -> int:
    """Insert many touchpoints with one prepared statement (imports, bench data).

    Ids are assigned by SQLite; the follow-ups are not refreshed here: call
    :func:`refresh` for the contacts touched (or :func:`refresh_all`).
    Returns the number of rows inserted.
    """
    stamp = now_utc()
    cursor = conn.executemany(SQL_INSERT_TOUCHPOINT, (touchpoint_row(tp, stamp) for tp in tps))
    return cursor.rowcount


def touchpoints_for(conn: sqlite3.Connection, contact_id: int) -> list[Touchpoint]:
    rows = conn.execute(
        _TOUCHPOINT_SELECT + " WHERE contact_id = ? ORDER BY date, id", (contact_id,)
    )
    return [touchpoint_from_row(r) for r in rows]


def all_touchpoints(conn: sqlite3.Connection) -> list[Touchpoint]:
    rows = conn.execute(_TOUCHPOINT_SELECT + " ORDER BY contact_id, date, id")
    return [touchpoint_from_row(r) for r in rows]


SQL_ROUTINE_TOUCHPOINTS = (
    _TOUCHPOINT_SELECT + " WHERE date BETWEEN :start AND :end OR id IN ("
    " SELECT (SELECT x.id FROM touchpoint x WHERE x.contact_id = c.id AND x.date <= :today"
    "  ORDER BY x.date DESC, x.id DESC LIMIT 1) FROM contact c"
    " UNION SELECT (SELECT x.id FROM touchpoint x WHERE x.contact_id = c.id"
    "  AND x.date <= :today AND x.direction = 'out' ORDER BY x.date DESC, x.id DESC LIMIT 1)"
    " FROM contact c) ORDER BY contact_id, date, id"
)


def routine_touchpoints(
    conn: sqlite3.Connection, start: date, end: date, today: date
) -> list[Touchpoint]:
    """What the routine needs of the log, not all of it: every touchpoint dated
    between ``start`` and ``end``, plus each contact's latest touchpoint and
    latest outgoing one up to ``today``."""
    params = {"start": start.isoformat(), "end": end.isoformat(), "today": today.isoformat()}
    return [touchpoint_from_row(r) for r in conn.execute(SQL_ROUTINE_TOUCHPOINTS, params)]


# What ``netlog week`` reads of the contacts: the core ones, the mentorship team
# (mentors, sponsors, allies), whoever was sent a message this week, and the
# available contacts gone quiet the longest (their last touchpoint up to today,
# else the day they were added; ties all come, never-heard-of first). Every
# other contact changes nothing in the routine.
SQL_WEEK_CONTACTS = (
    "WITH q AS (SELECT c.id AS id, coalesce((SELECT max(t.date) FROM touchpoint t "
    "WHERE t.contact_id = c.id AND t.date <= :today), nullif(substr(c.created, 1, 10), '')) "
    "AS quiet FROM contact c WHERE c.archived = 0 AND NOT c.core "
    "AND coalesce(c.imported, '') = '' "
    "AND (coalesce(c.snoozed_until, '') = '' OR substr(c.snoozed_until, 1, 10) <= :today)) "
    + _CONTACT_SELECT
    + " WHERE core OR json_array_length(mentor_kinds) > 0 "
    "OR EXISTS (SELECT 1 FROM json_each(types) j WHERE j.value IN ('mentor', 'sponsor', 'ally')) "
    "OR id IN (SELECT contact_id FROM touchpoint WHERE date BETWEEN :monday AND :sunday "
    "AND direction = 'out' AND kind IN (SELECT value FROM json_each(:kinds))) "
    "OR id IN (SELECT id FROM q WHERE quiet IS "
    "(SELECT quiet FROM q ORDER BY quiet IS NOT NULL, quiet LIMIT 1)) "
    "ORDER BY id"
)
# Of the touchpoints: this month's meetings, this week's messages, and each read
# contact's latest touchpoint and latest outgoing one up to today.
SQL_WEEK_TOUCHPOINTS = (
    _TOUCHPOINT_SELECT + " WHERE (kind = 'meeting' AND date BETWEEN :start AND :end) "
    "OR (date BETWEEN :monday AND :sunday AND direction = 'out' "
    "AND kind IN (SELECT value FROM json_each(:kinds))) OR id IN ("
    " SELECT (SELECT x.id FROM touchpoint x WHERE x.contact_id = c.value AND x.date <= :today"
    "  ORDER BY x.date DESC, x.id DESC LIMIT 1) FROM json_each(:ids) c"
    " UNION SELECT (SELECT x.id FROM touchpoint x WHERE x.contact_id = c.value"
    "  AND x.date <= :today AND x.direction = 'out' ORDER BY x.date DESC, x.id DESC LIMIT 1)"
    " FROM json_each(:ids) c) ORDER BY contact_id, date, id"
)


def week_log(
    conn: sqlite3.Connection,
    *,
    start: date,
    end: date,
    monday: date,
    today: date,
    message_kinds: Iterable[str],
) -> tuple[list[Contact], list[Touchpoint]]:
    """The contacts and touchpoints ``netlog week`` needs, not the whole log:
    the routine for ``today`` from these is the routine from all of it
    (``start``–``end`` spans this month and this ISO week)."""
    kinds = json.dumps(sorted(message_kinds))
    params = {
        "today": today.isoformat(),
        "monday": monday.isoformat(),
        "sunday": (monday + timedelta(days=6)).isoformat(),
        "start": start.isoformat(),
        "end": end.isoformat(),
        "kinds": kinds,
    }
    contacts = [contact_from_row(r) for r in conn.execute(SQL_WEEK_CONTACTS, params)]
    params["ids"] = json.dumps([c.id for c in contacts])
    rows = conn.execute(SQL_WEEK_TOUCHPOINTS, params)
    return contacts, [touchpoint_from_row(r) for r in rows]


def prep_leads(
    conn: sqlite3.Connection, today: date
) -> tuple[Iterator[tuple[int, str, str | None]], list[str]]:
    """What ``netlog prep`` sifts before reading anyone in full: each active
    contact's ``(id, tags, institution)``, and the events touchpoints up to
    ``today`` were at. (``+date``: one pass over the table beats a lookup per
    row through the index on dates.)"""
    events = [
        row[0]
        for row in conn.execute(
            "SELECT DISTINCT event FROM touchpoint "
            "WHERE event IS NOT NULL AND event != '' AND +date <= ?",
            (today.isoformat(),),
        )
    ]
    rows = conn.execute("SELECT id, tags, institution FROM contact WHERE archived = 0")
    return rows, events


def met_at(conn: sqlite3.Connection, events: Sequence[str], today: date) -> list[int]:
    """The contacts with a touchpoint up to ``today`` at one of these events."""
    if not events:
        return []
    rows = conn.execute(
        "SELECT DISTINCT contact_id FROM touchpoint "
        "WHERE event IN (SELECT value FROM json_each(?)) AND +date <= ?",
        (json.dumps(list(events)), today.isoformat()),
    )
    return [row[0] for row in rows]


def contacts_by_id(conn: sqlite3.Connection, ids: Sequence[int]) -> list[Contact]:
    """These contacts, by id."""
    rows = conn.execute(
        _CONTACT_SELECT + " WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id",
        (json.dumps(list(ids)),),
    )
    return [contact_from_row(r) for r in rows]


# Per contact, up to a day: the last touchpoint's date, the last one with a
# note, the last one with a next step or its date (by date, then id).
SQL_HISTORIES = (
    "SELECT c.value, "
    "(SELECT max(t.date) FROM touchpoint t WHERE t.contact_id = c.value AND t.date <= :today), "
    "(SELECT t.id FROM touchpoint t WHERE t.contact_id = c.value AND t.date <= :today "
    " AND t.note != '' ORDER BY t.date DESC, t.id DESC LIMIT 1), "
    "(SELECT t.id FROM touchpoint t WHERE t.contact_id = c.value AND t.date <= :today "
    " AND (t.next_step != '' OR t.follow_up != '') ORDER BY t.date DESC, t.id DESC LIMIT 1) "
    "FROM json_each(:ids) c"
)


def histories(
    conn: sqlite3.Connection, ids: Sequence[int], today: date
) -> dict[int, dict[str, Any]]:
    """What these contacts' touchpoints up to ``today`` say, summed up by
    SQLite: ``last`` (date), ``noted`` and ``step`` (the touchpoints, or
    None) and ``events`` (in order of first appearance), for each contact
    that has any."""
    params = {"ids": json.dumps(list(ids)), "today": today.isoformat()}
    found: dict[int, dict[str, Any]] = {}
    wanted: set[int] = set()
    for cid, last, noted, step in conn.execute(SQL_HISTORIES, params):
        if last is None:
            continue
        found[cid] = {"last": from_iso(last), "noted": noted, "step": step, "events": []}
        wanted.update(x for x in (noted, step) if x is not None)
    picked = {
        tp.id: tp
        for tp in map(
            touchpoint_from_row,
            conn.execute(
                _TOUCHPOINT_SELECT + " WHERE id IN (SELECT value FROM json_each(?))",
                (json.dumps(sorted(wanted)),),
            ),
        )
    }
    for entry in found.values():
        entry["noted"] = picked.get(entry["noted"])
        entry["step"] = picked.get(entry["step"])
    for cid, event in conn.execute(
        "SELECT contact_id, event FROM touchpoint "
        "WHERE contact_id IN (SELECT value FROM json_each(:ids)) AND event != '' "
        "AND date <= :today ORDER BY contact_id, date, id",
        params,
    ):
        found[cid]["events"].append(event)
    return found


@_readable("activity")
def activity_from_row(row: Sequence[Any]) -> Activity:
    aid, kind, day, text, virtual, contact_id = row
    return Activity(aid, kind, date.fromisoformat(day), text, bool(virtual), contact_id)


_ACTIVITY_SELECT = 'SELECT id, kind, date, text, "virtual", contact_id FROM activity'


def insert_activity(conn: sqlite3.Connection, act: Activity) -> int:
    # A file name in the text ("exported … to FILE") may hold bytes that are
    # not UTF-8: each such byte is stored as "?", the text as UTF-8.
    text = act.text.encode("utf-8", "replace").decode("utf-8")
    cursor = conn.execute(
        'INSERT INTO activity (kind, date, text, "virtual", contact_id, created) '
        "VALUES (?, ?, ?, ?, ?, ?)",
        (act.kind, act.date.isoformat(), text, int(act.virtual), act.contact_id, now_utc()),
    )
    assert cursor.lastrowid is not None
    return cursor.lastrowid


def activities(conn: sqlite3.Connection, kind: str | None = None) -> list[Activity]:
    if kind is None:
        rows = conn.execute(_ACTIVITY_SELECT + " ORDER BY date, id")
    else:
        rows = conn.execute(_ACTIVITY_SELECT + " WHERE kind = ? ORDER BY date, id", (kind,))
    return [activity_from_row(r) for r in rows]


def latest_milestone(conn: sqlite3.Connection) -> Activity | None:
    row = conn.execute(
        _ACTIVITY_SELECT + " WHERE kind = 'milestone' ORDER BY date DESC, id DESC LIMIT 1"
    ).fetchone()
    return activity_from_row(row) if row else None


_LETTER_SELECT = (
    "SELECT id, contact_id, program, status, asked_on, deadline, updated, note FROM letter"
)


@_readable("letter")
def letter_from_row(row: Sequence[Any]) -> Letter:
    lid, cid, program, status, asked_on, deadline, updated, note = row
    return Letter(
        lid, cid, program, status, from_iso(asked_on), from_iso(deadline), from_iso(updated), note
    )


def letters_for(conn: sqlite3.Connection, contact_id: int) -> list[Letter]:
    rows = conn.execute(_LETTER_SELECT + " WHERE contact_id = ? ORDER BY id", (contact_id,))
    return [letter_from_row(r) for r in rows]


def all_letters(conn: sqlite3.Connection) -> list[Letter]:
    return [letter_from_row(r) for r in conn.execute(_LETTER_SELECT + " ORDER BY id")]


def insert_letter(conn: sqlite3.Connection, letter: Letter) -> int:
    cursor = conn.execute(
        "INSERT INTO letter (contact_id, program, status, asked_on, deadline, updated, note) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
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
    row = conn.execute(_LETTER_SELECT + " WHERE id = ?", (letter_id,)).fetchone()
    return letter_from_row(row) if row else None


def set_letter_status(
    conn: sqlite3.Connection, letter_id: int, status: str, *, deadline: date | None, day: date
) -> None:
    conn.execute(
        "UPDATE letter SET status = ?, deadline = ?, updated = ? WHERE id = ?",
        (status, iso(deadline), day.isoformat(), letter_id),
    )


_SKIP_SELECT = "SELECT id, contact_id, rule, due, reason, created FROM skip"


@_readable("skip")
def skip_from_row(row: Sequence[Any]) -> Skip:
    sid, cid, rule, due, reason, created = row
    return Skip(sid, cid, rule, date.fromisoformat(due), reason, from_iso(created))


def skips_for(conn: sqlite3.Connection, contact_id: int) -> list[Skip]:
    rows = conn.execute(_SKIP_SELECT + " WHERE contact_id = ? ORDER BY id", (contact_id,))
    return [skip_from_row(r) for r in rows]


def skips_by_contact(
    conn: sqlite3.Connection, contact_ids: Sequence[int] | None = None
) -> dict[int, list[Skip]]:
    """Every skip (or those of these contacts), by contact."""
    if contact_ids is None:
        rows = conn.execute(_SKIP_SELECT + " ORDER BY id")
    else:
        marks = ", ".join("?" * len(contact_ids))
        rows = conn.execute(
            _SKIP_SELECT + f" WHERE contact_id IN ({marks}) ORDER BY id", list(contact_ids)
        )
    out: dict[int, list[Skip]] = defaultdict(list)
    for row in rows:
        skip = skip_from_row(row)
        out[skip.contact_id].append(skip)
    return out


def insert_skip(conn: sqlite3.Connection, skip: Skip) -> int:
    cursor = conn.execute(
        "INSERT INTO skip (contact_id, rule, due, reason, created) VALUES (?, ?, ?, ?, ?)",
        (skip.contact_id, skip.rule, skip.due.isoformat(), skip.reason, iso(skip.created)),
    )
    assert cursor.lastrowid is not None
    return cursor.lastrowid


def contact_names(conn: sqlite3.Connection) -> dict[int, str]:
    return dict(conn.execute("SELECT id, name FROM contact"))


def namesakes(conn: sqlite3.Connection, contact_id: int) -> list[int]:
    rows = conn.execute(
        "SELECT o.id FROM contact c JOIN contact o ON o.name_key = c.name_key AND o.id != c.id "
        "WHERE c.id = ? ORDER BY o.id",
        (contact_id,),
    )
    return [int(r[0]) for r in rows]


def email_owner(
    conn: sqlite3.Connection, email: str, *, skip: int | None = None
) -> tuple[int, str] | None:
    """The contact (id, name) that already has this email address, if any."""
    row = conn.execute(
        "SELECT id, name FROM contact WHERE lower(email) = lower(?) AND id IS NOT ?",
        (email, skip),
    ).fetchone()
    return (int(row[0]), str(row[1])) if row else None


# --- pending follow-ups (kept current at write time) ------------------------


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


REFRESH_CHUNK = 500


@dataclass
class ContactBatch:
    """Some contacts, by id, with everything their follow-ups are computed from.

    ``low`` (exclusive, ``None`` for the first batch) and ``high`` (inclusive,
    ``None`` for the last) bound the ids: the batches together cover every id,
    so rows of other tables can be compared batch by batch.
    """

    low: int | None
    high: int | None
    contacts: list[Contact]
    touchpoints: dict[int, list[Touchpoint]]
    letters: dict[int, list[Letter]]


def contact_batches(conn: sqlite3.Connection, size: int | None = None) -> Iterator[ContactBatch]:
    """Every contact, ``size`` (default :data:`REFRESH_CHUNK`) at a time with
    their touchpoints and letters, so that a pass over the whole log holds
    only one batch in memory."""
    size = size or REFRESH_CHUNK
    low: int | None = None
    while True:
        rows = conn.execute(
            _CONTACT_SELECT + " WHERE id > ? ORDER BY id LIMIT ?",
            (-MAX_ID - 1 if low is None else low, size),
        ).fetchall()
        contacts = [contact_from_row(r) for r in rows]
        last = len(contacts) < size
        high = None if last else contacts[-1].id
        bounds = (-MAX_ID - 1 if low is None else low, MAX_ID if high is None else high)
        touchpoints: dict[int, list[Touchpoint]] = defaultdict(list)
        for row in conn.execute(
            _TOUCHPOINT_SELECT + " WHERE contact_id > ? AND contact_id <= ? "
            "ORDER BY contact_id, date, id",
            bounds,
        ):
            tp = touchpoint_from_row(row)
            touchpoints[tp.contact_id].append(tp)
        letters: dict[int, list[Letter]] = defaultdict(list)
        for row in conn.execute(
            _LETTER_SELECT + " WHERE contact_id > ? AND contact_id <= ? ORDER BY id", bounds
        ):
            letter = letter_from_row(row)
            letters[letter.contact_id].append(letter)
        yield ContactBatch(low, high, contacts, touchpoints, letters)
        if last:
            return
        low = high


def sync_core_since(conn: sqlite3.Connection, contact_ids: Iterable[int], day: date) -> None:
    """Record ``day`` as the day these contacts became core if they just did
    (and forget it for those who are no longer core)."""
    conn.executemany(
        "UPDATE contact SET core_since = CASE WHEN core = 1 THEN coalesce(core_since, ?) "
        "ELSE NULL END WHERE id = ? AND (core_since IS NULL) = (core = 1)",
        [(day.isoformat(), cid) for cid in set(contact_ids)],
    )


def core_contact_ids(conn: sqlite3.Connection) -> list[int]:
    return [r[0] for r in conn.execute("SELECT id FROM contact WHERE core = 1 AND archived = 0")]


SQL_DUE = (
    "SELECT p.contact_id, c.name, p.rule, p.due, p.reason, p.action, c.snoozed_until, "
    "p.starts, p.ends "
    "FROM pending p JOIN contact c ON c.id = p.contact_id "
    "WHERE c.archived = 0 AND p.due <= :horizon"
)


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
                " AND EXISTS (SELECT 1 FROM json_each(c.tags) j WHERE lower(j.value) = lower(:tag))"
                if self.tag
                else ""
            )
            + (" AND c.core = 1" if self.core else "")
        )

    def params(self) -> dict[str, Any]:
        return {"rule": self.rule, "tag": self.tag}


NO_FILTER = DueFilter()


def pending_until(
    conn: sqlite3.Connection, horizon: date, where: DueFilter = NO_FILTER
) -> tuple[list[Pending], dict[int, str], dict[int, date]]:
    """Pending items due on or before ``horizon``, with names and snoozes.

    Items whose days (``starts``/``ends``) do not include a given day are
    still returned: :func:`netlog.rules.view` leaves them out.
    """
    items: list[Pending] = []
    names: dict[int, str] = {}
    snoozed: dict[int, date] = {}
    rows = conn.execute(SQL_DUE + where.sql(), {"horizon": iso(horizon), **where.params()})
    for cid, name, rule, due, reason, action, snooze, starts, ends in rows:
        items.append(_pending(cid, rule, due, reason, action, starts, ends))
        names[cid] = name
        if snooze:
            snoozed[cid] = date.fromisoformat(snooze)
    return items, names, snoozed


# Only what the screen shows: counts over everything due, then the earliest rows.
# (Scanning pending for the counts beats its due index once most rows match:
# 10k due items counted in ~4 ms instead of ~14 ms.)
_DUE_WHERE = (
    " FROM pending p JOIN contact c ON c.id = p.contact_id "
    "WHERE c.archived = 0 AND {due} <= :horizon "
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


def pending_all(
    conn: sqlite3.Connection, today: date | None = None
) -> tuple[list[Pending], dict[int, str]]:
    """Every pending item of active contacts (no horizon), with names; with
    ``today``, only those shown on that day or falling due later."""
    items: list[Pending] = []
    names: dict[int, str] = {}
    for cid, name, rule, due, reason, action, _, starts, ends in conn.execute(
        SQL_DUE, {"horizon": "9999-12-31"}
    ):
        item = _pending(cid, rule, due, reason, action, starts, ends)
        if today is not None and not item.live(today):
            continue
        items.append(item)
        names[cid] = name
    return items, names


def pending_for_contact(
    conn: sqlite3.Connection, contact_id: int, today: date | None = None
) -> list[Pending]:
    """A contact's pending items by due date; with ``today``, only those shown that day."""
    rows = conn.execute(
        "SELECT contact_id, rule, due, reason, action, starts, ends FROM pending "
        "WHERE contact_id = ? ORDER BY due",
        (contact_id,),
    )
    items = [_pending(*r) for r in rows]
    return [p for p in items if today is None or p.live(today)]


# --- listing ------------------------------------------------------------------

# One pass over pending (GROUP BY) instead of a correlated subquery per contact:
# 10k contacts, 100k touchpoints: 87 ms -> ~30 ms with the next steps below.
SQL_LIST = (
    "SELECT c.id, c.name, c.institution, c.role, c.email, c.types, c.mentor_kinds, c.tags, "
    "c.core, c.archived, c.last_contact, c.how_met, "
    "(SELECT min(due) FROM pending p WHERE p.contact_id = c.id "
    "AND (p.ends IS NULL OR p.ends > ?)) "
    "FROM contact c"
)
# In name order, namesakes by id (the order of the index on name_key), sorted
# rather than read through that index: reading the table in its own order and
# sorting takes a third less time than a lookup per contact.
LIST_ORDER = " ORDER BY +c.name_key, c.id"
# Every contact's latest next step (by date, then id): the last row per contact wins.
SQL_NEXT_STEPS = (
    "SELECT contact_id, next_step FROM touchpoint WHERE next_step IS NOT NULL "
    "ORDER BY contact_id, date, id"
)


def _json_list(text: str) -> list[str]:
    value: list[str] = [] if text == "[]" else json.loads(text)
    return value


_SEARCH_CONTACT = (
    "instr(c.name_key, ?) > 0 OR instr(netlog_fold(coalesce(c.institution, '') || ' ' || "
    "coalesce(c.role, '') || ' ' || coalesce(c.specialty, '') || ' ' || "
    "coalesce(c.how_met, '') || ' ' || coalesce(c.notes, '') || ' ' || c.tags), ?) > 0"
)


def _search_clause(key: str) -> tuple[str, list[str]]:
    """Contacts whose fields or touchpoints hold ``key`` (already folded).

    Touchpoints are many (100k), so each text is first tried with SQLite's own
    LIKE, which ignores ASCII case; only a text with other characters (or runs
    of spaces or line breaks, when the words searched have a space) goes
    through ``netlog_fold()``, which costs ten times as much.
    """
    pattern = "%" + key.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    # Non-ASCII: more bytes than characters. Whitespace other than one space
    # matters only to words with a space between them.
    odd = "length(CAST({c} AS BLOB)) > length({c})" + (
        " OR instr({c}, '  ') OR instr({c}, char(10)) OR instr({c}, char(13)) "
        "OR instr({c}, char(9))"
        if " " in key
        else ""
    )
    tests, params = [], []
    for column in ("note", "event", "next_step"):
        tests.append(
            f"{column} LIKE ? ESCAPE '\\' OR (({odd.format(c=column)}) "
            f"AND instr(netlog_fold({column}), ?) > 0)"
        )
        params += [pattern, key]
    touchpoints = "SELECT contact_id FROM touchpoint WHERE " + " OR ".join(tests)
    return f"({_SEARCH_CONTACT} OR c.id IN ({touchpoints}))", [key, key, *params]


# The touchpoints of some contacts, for saying where a search matched.
SQL_SEARCH_TOUCHPOINTS = (
    "SELECT contact_id, date, note, event, next_step FROM touchpoint "
    "WHERE contact_id IN (SELECT value FROM json_each(?)) ORDER BY contact_id, date, id"
)

CONTACT_SEARCH_FIELDS = ("name", "institution", "role", "specialty", "how_met", "notes", "tags")
TOUCHPOINT_SEARCH_FIELDS = ("note", "event", "next_step")


def search_matches(
    conn: sqlite3.Connection, rows: Sequence[dict[str, Any]], needle: str
) -> dict[int, list[str]]:
    """Where ``needle`` was found for each listed contact, as short labels:
    ``institution``, ``note 2026-11-19``, ``event 2026-11-19``…"""
    key = fold(needle)
    found: dict[int, list[str]] = {}
    if not key or not rows:
        return found
    ids = [r["id"] for r in rows]
    details: dict[int, tuple[Any, ...]] = {}
    sql = (
        "SELECT id, name, institution, role, specialty, how_met, notes, tags FROM contact "
        "WHERE id IN (SELECT value FROM json_each(?))"
    )
    for row in conn.execute(sql, [json.dumps(ids)]):
        details[row[0]] = row[1:]
    for cid in ids:
        values = details.get(cid, ())
        labels = [
            field.replace("_", " ")
            for field, value in zip(CONTACT_SEARCH_FIELDS, values, strict=False)
            if value and key in fold(" ".join(_json_list(value)) if field == "tags" else value)
        ]
        found[cid] = labels
    for cid, day, *texts in conn.execute(SQL_SEARCH_TOUCHPOINTS, [json.dumps(ids)]):
        for field, value in zip(TOUCHPOINT_SEARCH_FIELDS, texts, strict=True):
            if value and key in fold(value):
                found.setdefault(cid, []).append(f"{field.replace('_', ' ')} {day}")
    return found


def list_rows(conn: sqlite3.Connection, **filters: Any) -> list[dict[str, Any]]:
    """The rows of ``netlog list``, all at once (see :func:`iter_list_rows`)."""
    return list(iter_list_rows(conn, **filters))


def iter_list_rows(
    conn: sqlite3.Connection,
    *,
    tag: str | None = None,
    type_: str | None = None,
    core: bool = False,
    search: str | None = None,
    archived: bool = False,
    today: date | None = None,
) -> Iterator[dict[str, Any]]:
    """The rows of ``netlog list`` in name order, one at a time, so that a
    list of 100,000 contacts is written as it is read, never held whole.
    With ``search`` the matched rows are read first (to label where each matched)."""
    where: list[str] = []
    params: list[Any] = [iso(today) or "0001-01-01"]
    if not archived:
        where.append("c.archived = 0")
    if core:
        where.append("c.core = 1")
    if tag:
        where.append("EXISTS (SELECT 1 FROM json_each(c.tags) j WHERE lower(j.value) = lower(?))")
        params.append(tag)
    if type_:
        column = "c.types"
        word = type_
        if type_.startswith("mentor:"):
            column, word = "c.mentor_kinds", type_.split(":", 1)[1]
        where.append(f"EXISTS (SELECT 1 FROM json_each({column}) j WHERE j.value = ?)")
        params.append(word)
    if search:
        # Plain substring search (no wildcards), case- and accent-insensitive
        # in any script: "charite" finds "Charité", "ÉCOLE" finds "école".
        clause, values = _search_clause(fold(search))
        where.append(clause)
        params += values
    sql = SQL_LIST + (" WHERE " + " AND ".join(where) if where else "") + LIST_ORDER
    rows = conn.execute(sql, params)
    first = rows.fetchone()
    if first is None:
        return
    steps: dict[int, str] = dict(conn.execute(SQL_NEXT_STEPS).fetchall())
    # Types and tags repeat from contact to contact: each stored value is read
    # once and its list shared by the rows that hold it (rows are not changed).
    words: dict[tuple[str, str], list[str]] = {}
    tags: dict[str, list[str]] = {}
    records = (_list_record(row, steps, words, tags) for row in itertools.chain((first,), rows))
    if not search:
        yield from records
        return
    out = list(records)
    matched = search_matches(conn, out, search)
    for record in out:
        record["matched"] = matched.get(record["id"], [])
    yield from out


def _list_record(
    row: Sequence[Any],
    steps: dict[int, str],
    words: dict[tuple[str, str], list[str]],
    tag_lists: dict[str, list[str]],
) -> dict[str, Any]:
    (
        cid,
        name,
        institution,
        role,
        email,
        types,
        kinds,
        tags,
        is_core,
        is_archived,
        last,
        how_met,
        next_due,
    ) = row
    typed = words.get((types, kinds))
    if typed is None:
        typed = words[types, kinds] = type_words(_json_list(types), _json_list(kinds))
    tag_list = tag_lists.get(tags)
    if tag_list is None:
        tag_list = tag_lists[tags] = _json_list(tags)
    return {
        "id": cid,
        "name": name,
        "institution": institution,
        "role": role,
        "email": email,
        "types": typed,
        "tags": tag_list,
        "core": bool(is_core),
        "archived": bool(is_archived),
        "how_met": how_met,
        "last_contact": last,
        "next_step": steps.get(cid),
        "next_due": next_due,
    }


def type_words(types: list[str], kinds: list[str]) -> list[str]:
    """Relationship types as typed on the command line: mentor kinds as ``mentor:KIND``."""
    words = [t for t in types if t != "mentor" or not kinds]
    return [*(f"mentor:{k}" for k in kinds), *words]


def count_contacts(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT count(*) FROM contact").fetchone()[0])


# --- network health (netlog stats): counted by SQLite, never loaded row by row ------

SQL_STATS_CONTACTS = (
    "SELECT COUNT(*), COALESCE(SUM(NOT archived), 0), COALESCE(SUM(core AND NOT archived), 0) "
    "FROM contact"
)
# Each active contact once per relationship type; a mentor kind makes a mentor.
SQL_STATS_TYPES = (
    "SELECT word, COUNT(DISTINCT id) FROM ("
    "SELECT c.id AS id, j.value AS word FROM contact c, json_each(c.types) j "
    "WHERE NOT c.archived "
    "UNION ALL SELECT id, 'mentor' FROM contact WHERE NOT archived AND mentor_kinds != '[]'"
    ") GROUP BY word"
)
SQL_STATS_TIERS = "SELECT tier, COUNT(*) FROM contact WHERE NOT archived GROUP BY tier"
SQL_STATS_KINDS = (
    "SELECT kind, direction, COUNT(*) FROM touchpoint WHERE date <= ? GROUP BY kind, direction"
)
# Outgoing emails awaiting a reply, and how many the same contact answered on or after.
SQL_STATS_REPLIES = (
    "SELECT COUNT(*), COALESCE(SUM(EXISTS (SELECT 1 FROM touchpoint r "
    "WHERE r.contact_id = t.contact_id AND r.direction = 'in' "
    "AND r.date >= t.date AND r.date <= ?)), 0) "
    "FROM touchpoint t WHERE t.direction = 'out' AND t.channel = 'email' "
    "AND t.awaiting_reply AND +t.date <= ?"
)
# Active contacts written to and heard from within the window. (``+t.date``: the
# contact-and-date index serves these two better than the one on dates alone.)
SQL_STATS_STRONG = (
    "SELECT COUNT(*) FROM (SELECT t.contact_id FROM touchpoint t "
    "JOIN contact c ON c.id = t.contact_id AND NOT c.archived "
    "WHERE +t.date >= ? AND +t.date <= ? GROUP BY t.contact_id "
    "HAVING SUM(t.direction = 'out') > 0 AND SUM(t.direction != 'out') > 0)"
)
SQL_STATS_DAYS = "SELECT date, COUNT(*) FROM touchpoint WHERE date >= ? AND date <= ? GROUP BY date"


def stats_counts(
    conn: sqlite3.Connection, today: date, *, strong_since: date, weeks_from: date
) -> dict[str, Any]:
    """The raw counts behind ``netlog stats``, as seen from ``today`` (later rows left out).

    ``kinds`` maps (kind, direction) to a count; ``days`` maps each day from
    ``weeks_from`` to ``today`` that has touchpoints to their number.
    """
    contacts, active, core = conn.execute(SQL_STATS_CONTACTS).fetchone()
    awaiting, replied = conn.execute(SQL_STATS_REPLIES, (iso(today), iso(today))).fetchone()
    strong = conn.execute(SQL_STATS_STRONG, (iso(strong_since), iso(today))).fetchone()[0]
    return {
        "contacts": contacts,
        "active": active,
        "core": core,
        "types": dict(conn.execute(SQL_STATS_TYPES).fetchall()),
        "tiers": dict(conn.execute(SQL_STATS_TIERS).fetchall()),
        "kinds": {(k, d): n for k, d, n in conn.execute(SQL_STATS_KINDS, (iso(today),))},
        "awaiting": awaiting,
        "replied": replied,
        "strong": strong,
        "days": {
            from_iso(day): n
            for day, n in conn.execute(SQL_STATS_DAYS, (iso(weeks_from), iso(today)))
        },
    }
