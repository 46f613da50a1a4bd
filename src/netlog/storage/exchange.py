"""The SQL of ``netlog export`` and ``netlog import``.

Export reads everything with a handful of bulk queries (one for contacts,
one for the last contact and first meeting, one window query for the latest
next step), streamed row by row. Import reads the stored contacts' keys, the
log of the contacts it updates, and writes new and changed contacts with
``executemany``.

Column lists come from the store's declarations (``columns.CONTACT_FIELDS``,
``columns.TOUCHPOINT_FIELDS``); every ``SQL_*`` statement here is prepared
against the models' schema by ``tests/test_schema.py``. The callers
(:mod:`netlog.exporting`, :mod:`netlog.importing`) own the transactions.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from netlog.domain import Contact, Touchpoint
from netlog.storage import columns, touchpoints
from netlog.storage import contacts as contact_rows

# --- export ---------------------------------------------------------------------

_CONTACT_COLUMNS = ("id", *columns.CONTACT_FIELDS, "created")
"""The columns :func:`contact_rows.contact_from_row` reads, in its order."""

SQL_EXPORT_CONTACTS = (
    f"SELECT {', '.join(_CONTACT_COLUMNS)}, uid, updated FROM contact ORDER BY name_key, id"
)
SQL_EXPORT_DATES = (
    "SELECT contact_id, max(date), min(CASE WHEN kind = 'met' THEN date END) "
    "FROM touchpoint GROUP BY contact_id"
)
SQL_EXPORT_NEXT_STEPS = (
    "SELECT contact_id, next_step FROM ("
    " SELECT contact_id, next_step, row_number() OVER ("
    "  PARTITION BY contact_id ORDER BY date DESC, id DESC) AS n"
    " FROM touchpoint WHERE next_step IS NOT NULL"
    ") WHERE n = 1"
)
SQL_EXPORT_TOUCHPOINTS = (
    "SELECT "
    + ", ".join(f"t.{c}" for c in ("id", *columns.TOUCHPOINT_FIELDS))
    + ", c.name, c.email FROM touchpoint t JOIN contact c ON c.id = t.contact_id "
    "ORDER BY c.name_key, c.id, t.date, t.id"
)
SQL_ACTIVITY_ROWS = (
    'SELECT a.date, a.kind, a.text, a."virtual", c.name FROM activity a '
    "LEFT JOIN contact c ON c.id = a.contact_id ORDER BY a.date, a.id"
)


@dataclass(slots=True)
class ExportedContact:
    """A stored contact with what an export adds from the log and the row's keys."""

    contact: Contact
    met: date | None
    last_contact: date | None
    next_step: str | None
    uid: str | None
    updated: str | None


def exported_contacts(conn: sqlite3.Connection) -> Iterator[ExportedContact]:
    """Every contact (sorted by name) with its first meeting, last contact and next step."""
    dates: dict[int, tuple[str | None, str | None]] = {
        cid: (last, met) for cid, last, met in conn.execute(SQL_EXPORT_DATES)
    }
    steps: dict[int, str] = dict(conn.execute(SQL_EXPORT_NEXT_STEPS).fetchall())
    width = len(_CONTACT_COLUMNS)
    for row in conn.execute(SQL_EXPORT_CONTACTS):
        c = contact_rows.contact_from_row(row[:width])
        last, met = dates.get(c.id, (None, None))
        yield ExportedContact(
            c,
            met=date.fromisoformat(met) if met else None,
            last_contact=date.fromisoformat(last) if last else None,
            next_step=steps.get(c.id),
            uid=row[width],
            updated=row[width + 1],
        )


def exported_touchpoints(
    conn: sqlite3.Connection,
) -> Iterator[tuple[Touchpoint, str, str | None]]:
    """Every touchpoint with its contact's name and email, grouped by contact
    (sorted by name), oldest first."""
    width = 1 + len(columns.TOUCHPOINT_FIELDS)
    for row in conn.execute(SQL_EXPORT_TOUCHPOINTS):
        yield touchpoints.touchpoint_from_row(row[:width]), row[width], row[width + 1]


def activity_rows(conn: sqlite3.Connection) -> Iterator[dict[str, Any]]:
    """Reading, events, milestones and exports, oldest first, with the contact's name."""
    for day, kind, text, virtual, name in conn.execute(SQL_ACTIVITY_ROWS):
        yield {"date": day, "kind": kind, "text": text, "virtual": bool(virtual), "contact": name}


# --- import: what is stored ---------------------------------------------------------

SQL_IMPORT_KEYS = "SELECT id, name_key, email, linkedin, uid FROM contact ORDER BY id"
SQL_MAX_CONTACT_ID = "SELECT coalesce(max(id), 0) FROM contact"
SQL_LOG_DAYS = (
    "SELECT contact_id, date, kind FROM touchpoint "
    "WHERE contact_id IN (SELECT CAST(value AS INTEGER) FROM json_each(?))"
)
SQL_LOG_STEPS = (
    "SELECT contact_id, next_step FROM touchpoint "
    "WHERE contact_id IN (SELECT CAST(value AS INTEGER) FROM json_each(?)) "
    "AND next_step IS NOT NULL ORDER BY date, id"
)


def contact_keys(
    conn: sqlite3.Connection,
) -> Iterator[tuple[int, str, str | None, str | None, str | None]]:
    """Each stored contact's id, name key, email, LinkedIn URL and uid, by id."""
    yield from conn.execute(SQL_IMPORT_KEYS)


def max_contact_id(conn: sqlite3.Connection) -> int:
    return int(conn.execute(SQL_MAX_CONTACT_ID).fetchone()[0])


@dataclass(slots=True)
class ExistingLog:
    """What the log of the stored contacts an import updates already holds."""

    on_day: set[int]
    """Contacts with a touchpoint on the day the row gives as the last contact."""
    met: set[int]
    """Contacts with a first meeting."""
    steps: dict[int, str]
    """The latest next step of each contact asked for."""
    latest: dict[int, date]
    """Each contact's latest touchpoint day."""


def existing_log(
    conn: sqlite3.Connection, last_contact: Mapping[int, date | None], step_ids: Iterable[int]
) -> ExistingLog:
    """Read what the log of the contacts ``last_contact`` names holds; the latest
    next step only for ``step_ids``. Filtered as it streams, so memory stays small."""
    wanted = {cid: day.isoformat() if day else None for cid, day in last_contact.items()}
    log = ExistingLog(set(), set(), {}, {})
    latest: dict[int, str] = {}
    for cid, day, kind in conn.execute(SQL_LOG_DAYS, (json.dumps(list(wanted)),)):
        if day == wanted[cid]:
            log.on_day.add(cid)
        if kind == "met":
            log.met.add(cid)
        if day > latest.get(cid, ""):
            latest[cid] = day
    for cid, step in conn.execute(SQL_LOG_STEPS, (json.dumps(list(step_ids)),)):
        log.steps[cid] = step
    log.latest = {cid: date.fromisoformat(day) for cid, day in latest.items()}
    return log


# --- import: writing contacts ---------------------------------------------------------

KEPT_FIELDS = frozenset({"snoozed_until", "core_since", "imported", "topic"})
"""Kept by netlog, not carried by a file: an import never overwrites them."""
IMPORTED_FIELDS: tuple[str, ...] = tuple(f for f in columns.CONTACT_FIELDS if f not in KEPT_FIELDS)
"""The contact's columns a file carries, which an import writes."""

SQL_INSERT_CONTACT = (
    f"INSERT INTO contact (id, {', '.join(columns.CONTACT_FIELDS)}, name_key, created, updated, "
    f"uid) VALUES ({', '.join('?' * (len(columns.CONTACT_FIELDS) + 5))})"
)
SQL_UPDATE_CONTACT = (
    f"UPDATE contact SET {', '.join(f + ' = ?' for f in IMPORTED_FIELDS)}, "
    "name_key = ?, updated = ? WHERE id = ?"
)


def _column(field_name: str, value: Any) -> Any:
    if field_name in ("types", "mentor_kinds", "tags"):
        return json.dumps(list(value or []), ensure_ascii=False)
    if field_name in ("core", "archived"):
        return int(bool(value))
    if isinstance(value, date):
        return value.isoformat()
    return value


@dataclass(slots=True)
class NewContact:
    """A contact an import adds, with the id it planned for it."""

    id: int
    values: Mapping[str, Any]
    """Column values by name (a column left out is empty)."""
    created: date
    uid: str | None


def insert_contacts(conn: sqlite3.Connection, contacts: Iterable[NewContact], stamp: str) -> None:
    """Insert new contacts with their given ids, ``stamp`` as their last change."""
    conn.executemany(
        SQL_INSERT_CONTACT,
        (
            (
                c.id,
                *(_column(f, c.values.get(f)) for f in columns.CONTACT_FIELDS),
                contact_rows.name_key(c.values["name"]),
                c.created.isoformat(),
                stamp,
                c.uid,
            )
            for c in contacts
        ),
    )


def update_contacts(
    conn: sqlite3.Connection, contacts: Iterable[tuple[int, Mapping[str, Any]]], stamp: str
) -> None:
    """Rewrite the :data:`IMPORTED_FIELDS` of stored contacts, given as (id, values)."""
    conn.executemany(
        SQL_UPDATE_CONTACT,
        (
            (
                *(_column(f, values.get(f)) for f in IMPORTED_FIELDS),
                contact_rows.name_key(values["name"]),
                stamp,
                cid,
            )
            for cid, values in contacts
        ),
    )
