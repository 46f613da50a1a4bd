"""Contact rows: adding, editing, removing, finding one by what a person types
(id, name, fragment), names, namesakes, email owners, and each contact with
its log in batches (for a pass over the whole network)."""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from netlog.dates import from_iso
from netlog.domain import Contact, Letter, Touchpoint
from netlog.errors import Ambiguous, NotFound
from netlog.storage.columns import CONTACT_FIELDS
from netlog.storage.db import ascii_lower, fold, now_utc
from netlog.storage.records import LETTER_SELECT, letter_from_row
from netlog.storage.rows import readable
from netlog.storage.touchpoints import TOUCHPOINT_SELECT, touchpoints_by_contact

_LIST_FIELDS = frozenset({"types", "mentor_kinds", "tags"})


class _Json:
    """The json module, imported at its first use: ``netlog due`` reads no
    contact's lists and need not load it (~1% of its start). The first use
    puts the module itself in its place, so later calls cost nothing more."""

    def __getattr__(self, name: str) -> Any:
        import json as module

        globals()["json"] = module
        return getattr(module, name)


json: Any = _Json()

CONTACT_SELECT = "SELECT id, " + ", ".join(CONTACT_FIELDS) + ", created FROM contact"
MAX_ID = 2**63 - 1  # the largest id SQLite stores

# The date of each contact's last touchpoint, kept with its follow-ups.
SQL_LAST_CONTACT = "UPDATE contact SET last_contact = ? WHERE id = ?"


def name_key(name: str) -> str:
    """Case- and accent-insensitive form of a name, for matching fragments."""
    return fold(name)


@readable("contact")
def contact_from_row(row: Sequence[Any]) -> Contact:
    return _contact(row, json.loads)


def contacts_from_rows(rows: Iterable[Sequence[Any]]) -> list[Contact]:
    """:func:`contact_from_row` for many rows. Types, mentor kinds and tags
    repeat from contact to contact: each distinct list of words is parsed
    once, and every contact gets its own copy of it."""
    parsed: dict[str, list[str]] = {}

    def as_list(text: Any) -> Any:
        words = parsed.get(text)
        if words is None:
            value = json.loads(text)
            if value.__class__ is not list or any(w.__class__ is not str for w in value):
                return value  # not a list of words: as json.loads gives it, never shared
            words = parsed[text] = value
        return list(words)

    convert = readable("contact")(lambda row: _contact(row, as_list))
    return [convert(row) for row in rows]


def _contact(row: Sequence[Any], as_list: Callable[[Any], Any]) -> Contact:
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
        types=as_list(types),
        mentor_kinds=as_list(mentor_kinds),
        tier=tier,
        tags=as_list(tags),
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
    row = conn.execute(CONTACT_SELECT + " WHERE id = ?", (contact_id,)).fetchone()
    if row is None:
        raise NotFound(f"no contact with id {contact_id}")
    return contact_from_row(row)


def all_contacts(conn: sqlite3.Connection) -> list[Contact]:
    return [contact_from_row(r) for r in conn.execute(CONTACT_SELECT + " ORDER BY id")]


def resolve(conn: sqlite3.Connection, query: str) -> Contact:
    """A contact by numeric id, exact full name, or a unique name fragment."""
    text = query.strip()
    if not text:
        raise NotFound("no contact given")
    if text.isascii() and text.isdigit():
        if int(text) > MAX_ID:
            raise NotFound(f"no contact has the id {text}; see 'netlog list'")
        row = conn.execute(CONTACT_SELECT + " WHERE id = ?", (int(text),)).fetchone()
        if row is not None:
            return contact_from_row(row)
    key = name_key(text)
    exact = conn.execute(CONTACT_SELECT + " WHERE name_key = ?", (key,)).fetchall()
    if len(exact) == 1:
        return contact_from_row(exact[0])
    rows = (
        exact
        or conn.execute(
            CONTACT_SELECT + " WHERE instr(name_key, ?) > 0 ORDER BY name_key", (key,)
        ).fetchall()
    )
    if not rows:
        raise NotFound(f"no contact matches {query!r}; see 'netlog list'")
    if len(rows) > 1:
        shown = ", ".join(f"{r[1]} (#{r[0]})" for r in rows[:8])
        more = f" and {len(rows) - 8} more" if len(rows) > 8 else ""
        raise Ambiguous(f"{query!r} matches {len(rows)} contacts: {shown}{more}; use the id")
    return contact_from_row(rows[0])


def contacts_by_id(conn: sqlite3.Connection, ids: Sequence[int]) -> list[Contact]:
    """These contacts, by id."""
    rows = conn.execute(
        CONTACT_SELECT
        + " WHERE id IN (SELECT CAST(value AS INTEGER) FROM json_each(?)) ORDER BY id",
        (json.dumps(list(ids)),),
    )
    return contacts_from_rows(rows)


def contact_names(conn: sqlite3.Connection) -> dict[int, str]:
    return dict(conn.execute("SELECT id, name FROM contact ORDER BY id"))


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
        "SELECT id, name FROM contact WHERE lower(email) = ? AND id IS NOT ?",
        (ascii_lower(email), skip),
    ).fetchone()
    return (int(row[0]), str(row[1])) if row else None


def sync_core_since(conn: sqlite3.Connection, contact_ids: Iterable[int], day: date) -> None:
    """Record ``day`` as the day these contacts became core if they just did
    (and forget it for those who are no longer core)."""
    conn.executemany(
        "UPDATE contact SET core_since = CASE WHEN core = 1 THEN coalesce(core_since, ?) "
        "ELSE NULL END WHERE id = ? AND (core_since IS NULL) = (core = 1)",
        [(day.isoformat(), cid) for cid in set(contact_ids)],
    )


def core_contact_ids(conn: sqlite3.Connection) -> list[int]:
    return [
        r[0]
        for r in conn.execute("SELECT id FROM contact WHERE core = 1 AND archived = 0 ORDER BY id")
    ]


def count_contacts(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT count(*) FROM contact").fetchone()[0])


REFRESH_CHUNK = 500


def contacts_with_logs(
    conn: sqlite3.Connection, ids: Sequence[int]
) -> tuple[list[Contact], dict[int, list[Touchpoint]], dict[int, list[Letter]]]:
    """These contacts (at most :data:`REFRESH_CHUNK`, by id) with their
    touchpoints and letters by contact id, in three queries."""
    marks = ", ".join("?" * len(ids))
    touchpoints = touchpoints_by_contact(
        conn.execute(
            TOUCHPOINT_SELECT + f" WHERE contact_id IN ({marks}) ORDER BY contact_id, date, id", ids
        )
    )
    letters: dict[int, list[Letter]] = defaultdict(list)
    for row in conn.execute(
        LETTER_SELECT + f" WHERE contact_id IN ({marks}) ORDER BY contact_id, id", ids
    ):
        letter = letter_from_row(row)
        letters[letter.contact_id].append(letter)
    contacts = [
        contact_from_row(row)
        for row in conn.execute(CONTACT_SELECT + f" WHERE id IN ({marks}) ORDER BY id", ids)
    ]
    return contacts, touchpoints, letters


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
            CONTACT_SELECT + " WHERE id > ? ORDER BY id LIMIT ?",
            (-MAX_ID - 1 if low is None else low, size),
        ).fetchall()
        contacts = [contact_from_row(r) for r in rows]
        last = len(contacts) < size
        high = None if last else contacts[-1].id
        bounds = (-MAX_ID - 1 if low is None else low, MAX_ID if high is None else high)
        touchpoints = touchpoints_by_contact(
            conn.execute(
                TOUCHPOINT_SELECT + " WHERE contact_id > ? AND contact_id <= ? "
                "ORDER BY contact_id, date, id",
                bounds,
            )
        )
        letters: dict[int, list[Letter]] = defaultdict(list)
        for row in conn.execute(
            LETTER_SELECT + " WHERE contact_id > ? AND contact_id <= ? ORDER BY id", bounds
        ):
            letter = letter_from_row(row)
            letters[letter.contact_id].append(letter)
        yield ContactBatch(low, high, contacts, touchpoints, letters)
        if last:
            return
        low = high
