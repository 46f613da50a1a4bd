"""``netlog export``: the database streamed out through the pure :mod:`netlog.interop` formats.

The rows come from :mod:`netlog.storage.exchange` one at a time and are
written as they come (CSV, JSON, vCard, or the pending follow-ups as an
iCalendar file), so 10,000 contacts export in a fraction of a second and
memory stays small. A contacts export also logs an activity of kind
``export`` (the monthly routine item "update the spreadsheet") in a short
write of its own after the read.
"""

from __future__ import annotations

import io
import json
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import IO, Any, TextIO

from netlog import followups
from netlog.config import Settings
from netlog.domain import Activity, Pending
from netlog.errors import DatabaseError, InvalidValue
from netlog.interop.records import ContactRecord, TouchpointRecord, record_from_contact
from netlog.progress import Advance, Progress, no_progress
from netlog.storage import contacts, exchange, pending, records
from netlog.storage.db import Database

EXPORT_SUBJECTS: tuple[str, ...] = ("contacts", "touchpoints", "activities")
EXPORT_FORMATS: tuple[str, ...] = ("csv", "json", "vcard", "ics")


# --- the rows ---------------------------------------------------------------------


def iter_contact_records(conn: sqlite3.Connection) -> Iterator[ContactRecord]:
    """Every contact as a spreadsheet row (sorted by name), with met, last contact,
    next step, one at a time."""
    for row in exchange.exported_contacts(conn):
        record = record_from_contact(
            row.contact, met=row.met, last_contact=row.last_contact, next_step=row.next_step
        )
        record.uid, record.updated = row.uid, row.updated
        yield record


def iter_touchpoint_records(conn: sqlite3.Connection) -> Iterator[TouchpointRecord]:
    """Every touchpoint, grouped by contact (sorted by name), oldest first."""
    for tp, name, email in exchange.exported_touchpoints(conn):
        yield TouchpointRecord(
            contact=name,
            email=email,
            date=tp.date,
            channel=tp.channel,
            kind=tp.kind,
            direction=tp.direction,
            event=tp.event,
            note=tp.note,
            next_step=tp.next_step,
            follow_up=tp.follow_up,
            awaiting_reply=tp.awaiting_reply,
        )


# --- writing ----------------------------------------------------------------------


@dataclass
class ExportResult:
    count: int
    noun: str
    logged: bool
    warning: str | None = None


def _check_export(subject: str, fmt: str) -> None:
    if subject not in EXPORT_SUBJECTS:
        raise InvalidValue(
            f"cannot export {subject!r}: choose {' or '.join(EXPORT_SUBJECTS)} "
            "(pending follow-ups: --format ics)"
        )
    if fmt not in EXPORT_FORMATS:
        raise InvalidValue(
            f"unknown export format {fmt!r}: choose one of {', '.join(EXPORT_FORMATS)}"
        )
    if subject in ("touchpoints", "activities") and fmt in ("vcard", "ics"):
        raise InvalidValue(f"{subject} export as csv or json, not {fmt}")


def _write_json(items: Iterable[dict[str, Any]], out: TextIO) -> int:
    """A JSON array written item by item; the same text as ``json.dumps(list, indent=2)``."""
    count = 0
    for item in items:
        text = json.dumps(item, ensure_ascii=False, indent=2).replace("\n", "\n  ")
        out.write(("[\n  " if count == 0 else ",\n  ") + text)
        count += 1
    out.write("\n]\n" if count else "[]\n")
    return count


def _write_ics(conn: sqlite3.Connection, out: TextIO, *, events: bool, today: date) -> int:
    """Pending follow-ups as VTODOs (or all-day VEVENTs), written line by line.

    An item that has ended, or that only starts later (what a first-meeting
    follow-up gives way to), is left out: one to-do per message.
    """
    from netlog.interop.ics import write_sorted_calendar

    return write_sorted_calendar(
        _calendar_items(conn, today), out, stamp=datetime.now(UTC), events=events, today=today
    )


def _calendar_items(conn: sqlite3.Connection, today: date) -> Iterator[tuple[Pending, str]]:
    """Every pending item of an active contact shown today or falling due later,
    in the calendar's order (:func:`netlog.interop.ics.calendar_order`, ties by
    pending's id), holding only what orders them; their text is read a few
    hundred at a time."""
    day = today.isoformat()
    folded: dict[str, str] = {}
    words: dict[str, str] = {}
    keys: list[tuple[str, str, str, int, int]] = []
    for pid, cid, name, rule, due, _, starts, ends in pending.due_keys(conn, pending.NO_HORIZON):
        if (starts and starts[:10] > day) or (ends and ends[:10] <= day):
            continue  # not shown today (Pending.live)
        key = folded.get(name)
        if key is None:
            key = folded[name] = name.casefold()
        keys.append((due, key, words.setdefault(rule, rule), pid, cid))
    keys.sort()
    texts = pending.texts_in_order(conn, [k[3] for k in keys])
    for (due, _, rule, _, cid), (name, reason, action) in zip(keys, texts, strict=True):
        yield Pending(cid, rule, date.fromisoformat(due), reason, action), name


@dataclass(frozen=True)
class ExportOptions:
    """How an export is written: a byte-order mark for Excel, events instead of to-dos."""

    bom: bool = False
    events: bool = False
    today: date | None = None


def _render(
    conn: sqlite3.Connection,
    subject: str,
    fmt: str,
    progress: Progress,
    out: TextIO,
    options: ExportOptions = ExportOptions(),
) -> tuple[int, str]:
    """Write the export to ``out``; return the number of items and what they are."""
    if options.bom and fmt == "csv":
        out.write("\ufeff")
    if fmt == "ics":
        day = options.today or date.today()
        return _write_ics(conn, out, events=options.events, today=day), "follow-ups"
    if subject == "activities":
        rows = exchange.activity_rows(conn)
        if fmt == "json":
            return _write_json(rows, out), "activities"
        from netlog.interop.csvio import write_activities

        return write_activities(rows, out), "activities"
    if subject == "touchpoints":
        tps = iter_touchpoint_records(conn)
        if fmt == "json":
            from netlog.interop.jsonio import touchpoints_to_json

            return _write_json((touchpoints_to_json([t])[0] for t in tps), out), "touchpoints"
        from netlog.interop.csvio import write_touchpoints

        return write_touchpoints(tps, out), "touchpoints"
    records = iter_contact_records(conn)
    if fmt == "json":
        from netlog.interop.jsonio import contacts_to_json

        return _write_json((contacts_to_json([r])[0] for r in records), out), "contacts"
    if fmt == "vcard":
        from netlog.interop.vcard import write_vcards

        with progress(contacts.count_contacts(conn), "Writing vCards") as advance:
            return write_vcards(_ticking(records, advance), out), "contacts"
    from netlog.interop.csvio import write_contacts

    return write_contacts(records, out), "contacts"


Opener = Callable[[], AbstractContextManager[IO[bytes]]]
"""Opens the binary stream an export is written to (a private file, or stdout)."""


def _stream(
    conn: sqlite3.Connection,
    subject: str,
    fmt: str,
    progress: Progress,
    opener: Opener,
    options: ExportOptions = ExportOptions(),
) -> tuple[int, str]:
    with opener() as raw:
        out = io.TextIOWrapper(raw, encoding="utf-8", newline="", write_through=False)
        try:
            return _render(conn, subject, fmt, progress, out, options)
        finally:
            out.flush()
            out.detach()


def _ticking(items: Iterable[ContactRecord], advance: Advance) -> Iterator[ContactRecord]:
    for item in items:
        yield item
        advance(1)


def export(
    db: Database,
    settings: Settings,
    subject: str,
    fmt: str,
    opener: Opener,
    *,
    today: date,
    target: str | None = None,
    progress: Progress = no_progress,
    bom: bool = False,
    events: bool = False,
) -> ExportResult:
    """Write ``subject`` in ``fmt`` to the stream ``opener`` gives, row by row.

    ``bom`` starts a CSV with a byte-order mark (Excel on Windows then reads
    it as UTF-8); ``events`` writes an ics export as all-day events.

    The rows are read in one read transaction, which never blocks another
    command's write however slowly the output is consumed. A finished
    contacts export is then logged as an ``export`` activity in a short write
    of its own; when the database cannot be written (read-only file, held by
    another process) the export stands, unlogged, with a warning.
    """
    _check_export(subject, fmt)
    options = ExportOptions(bom=bom, events=events, today=today)
    if events and fmt != "ics":
        raise InvalidValue("--events goes with --format ics")
    if bom and fmt != "csv":
        raise InvalidValue("--excel (a byte-order mark) goes with --format csv")
    if fmt == "ics":
        followups.ensure_current(db, settings)
    if subject != "contacts" or fmt == "ics":
        with db.read() as conn:
            count, noun = _stream(conn, subject, fmt, progress, opener, options)
        return ExportResult(count, noun, logged=False)

    # Read in a read transaction (a slow reader never holds up a writer), then
    # log the export in a short write of its own.
    with db.read() as conn:
        count, noun = _stream(conn, subject, fmt, progress, opener, options)
    where = f" to {target}" if target else ""
    text = f"exported {count} contacts as {fmt}{where}"
    try:
        with db.write() as conn:
            records.insert_activity(conn, Activity(0, "export", today, text))
    except DatabaseError as exc:
        return ExportResult(count, noun, logged=False, warning=f"the export was not logged: {exc}")
    return ExportResult(count, noun, logged=True)
