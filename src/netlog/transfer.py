"""Data in and out: ``netlog export`` and ``netlog import`` over the database.

The file formats themselves live in :mod:`netlog.interop` (pure, tested on
their own); this module loads and stores what they read and write.

Export reads everything with a handful of bulk queries (one for contacts,
one for the last contact and first meeting, one window query for the latest
next step), so 10,000 contacts export in a fraction of a second. A contacts
export also logs an activity of kind ``export`` (the monthly routine item
"update the spreadsheet"), in the same transaction as the read.

Import runs in one write transaction: rows are matched to stored contacts
(LinkedIn URL, then email, then exact name), new contacts and touchpoints are
inserted with ``executemany``, updated ones rewritten, and the follow-ups of
every contact touched are recomputed once at the end. Any invalid row raises
:class:`~netlog.errors.InvalidValue` naming its line, which rolls everything
back: an import is all or nothing.
"""

from __future__ import annotations

import contextlib
import io
import json
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import IO, Any, TextIO

from netlog import service, store
from netlog.config import Settings
from netlog.db import Database, now_utc
from netlog.domain import OUT, Activity, Contact, Touchpoint
from netlog.errors import DatabaseError, InvalidValue
from netlog.interop.records import (
    ContactRecord,
    ImportResult,
    ImportRow,
    TouchpointRecord,
    email_key,
    linkedin_key,
    record_from_contact,
)

EXPORT_SUBJECTS: tuple[str, ...] = ("contacts", "touchpoints", "activities")
EXPORT_FORMATS: tuple[str, ...] = ("csv", "json", "vcard", "ics")
IMPORT_FORMATS: tuple[str, ...] = ("csv", "linkedin", "vcard")

Advance = Callable[[int], None]
Progress = Callable[[int, str], AbstractContextManager[Advance]]
"""``progress(total, label)`` opens a progress display; the callable it yields advances it."""


@contextlib.contextmanager
def no_progress(total: int, label: str) -> Iterator[Advance]:
    yield lambda n: None


# --- loading records in bulk ------------------------------------------------

_SQL_CONTACTS = store._CONTACT_SELECT + " ORDER BY name_key, id"
_SQL_DATES = (
    "SELECT contact_id, max(date), min(CASE WHEN kind = 'met' THEN date END) "
    "FROM touchpoint GROUP BY contact_id"
)
_SQL_NEXT_STEPS = (
    "SELECT contact_id, next_step FROM ("
    " SELECT contact_id, next_step, row_number() OVER ("
    "  PARTITION BY contact_id ORDER BY date DESC, id DESC) AS n"
    " FROM touchpoint WHERE next_step IS NOT NULL"
    ") WHERE n = 1"
)
_SQL_TOUCHPOINTS = (
    "SELECT t.id, t.contact_id, t.date, t.channel, t.kind, t.direction, t.event, t.note, "
    "t.next_step, t.follow_up, t.awaiting_reply, t.topic, t.done, c.name, c.email "
    "FROM touchpoint t JOIN contact c ON c.id = t.contact_id "
    "ORDER BY c.name_key, c.id, t.date, t.id"
)


def load_contact_records(conn: sqlite3.Connection) -> list[ContactRecord]:
    """Every contact as a spreadsheet row (sorted by name), with met, last contact, next step."""
    return list(iter_contact_records(conn))


def iter_contact_records(conn: sqlite3.Connection) -> Iterator[ContactRecord]:
    """:func:`load_contact_records` one row at a time (an export streams them)."""
    dates: dict[int, tuple[str | None, str | None]] = {
        cid: (last, met) for cid, last, met in conn.execute(_SQL_DATES)
    }
    steps: dict[int, str] = dict(conn.execute(_SQL_NEXT_STEPS).fetchall())
    for row in conn.execute(_SQL_CONTACTS):
        c = store.contact_from_row(row)
        last, met = dates.get(c.id, (None, None))
        yield record_from_contact(
            c,
            met=date.fromisoformat(met) if met else None,
            last_contact=date.fromisoformat(last) if last else None,
            next_step=steps.get(c.id),
        )


def iter_touchpoint_records(conn: sqlite3.Connection) -> Iterator[TouchpointRecord]:
    """Every touchpoint, grouped by contact (sorted by name), oldest first."""
    for row in conn.execute(_SQL_TOUCHPOINTS):
        tp = store.touchpoint_from_row(row[:13])
        yield TouchpointRecord(
            contact=row[13],
            email=row[14],
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


# --- export -------------------------------------------------------------------


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


ICS_BATCH = 500


def _write_ics(conn: sqlite3.Connection, out: TextIO, today: date | None = None) -> int:
    """Pending follow-ups as VTODOs, built 500 at a time to keep memory small.

    With ``today``, an item that has ended, or that only starts later (what a
    first-meeting follow-up gives way to), is left out: one to-do per message.
    """
    from netlog.interop.ics import todos_ics

    items, names = store.pending_all(conn, today)
    todos = sorted(
        ((p, names[p.contact_id]) for p in items),
        key=lambda t: (t[0].due, t[1].casefold(), t[0].rule),
    )
    stamp = datetime.now(UTC)
    end = "END:VCALENDAR\r\n"
    start = 0
    while True:
        text = todos_ics(todos[start : start + ICS_BATCH], stamp=stamp).decode("utf-8")
        head, found, body = text.partition("BEGIN:VTODO\r\n")
        if start == 0:
            out.write(head)
        if found:
            out.write(found + body.removesuffix(end))
        start += ICS_BATCH
        if start >= len(todos):
            break
    out.write(end)
    return len(todos)


SQL_ACTIVITY_ROWS = (
    'SELECT a.date, a.kind, a.text, a."virtual", c.name FROM activity a '
    "LEFT JOIN contact c ON c.id = a.contact_id ORDER BY a.date, a.id"
)


def activity_rows(conn: sqlite3.Connection) -> Iterator[dict[str, Any]]:
    """Reading, events, milestones and exports, oldest first, with the contact's name."""
    for day, kind, text, virtual, name in conn.execute(SQL_ACTIVITY_ROWS):
        yield {"date": day, "kind": kind, "text": text, "virtual": bool(virtual), "contact": name}


def _render(
    conn: sqlite3.Connection,
    subject: str,
    fmt: str,
    progress: Progress,
    out: TextIO,
    today: date | None = None,
) -> tuple[int, str]:
    """Write the export to ``out``; return the number of items and what they are."""
    if fmt == "ics":
        return _write_ics(conn, out, today), "follow-ups"
    if subject == "activities":
        rows = activity_rows(conn)
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

        total = int(conn.execute("SELECT count(*) FROM contact").fetchone()[0])
        with progress(total, "Writing vCards") as advance:
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
    today: date | None = None,
) -> tuple[int, str]:
    with opener() as raw:
        out = io.TextIOWrapper(raw, encoding="utf-8", newline="", write_through=False)
        try:
            return _render(conn, subject, fmt, progress, out, today)
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
) -> ExportResult:
    """Write ``subject`` in ``fmt`` to the stream ``opener`` gives, row by row.

    The rows are read in one read transaction, which never blocks another
    command's write however slowly the output is consumed. A finished
    contacts export is then logged as an ``export`` activity in a short write
    of its own; when the database cannot be written (read-only file, held by
    another process) the export stands, unlogged, with a warning.
    """
    _check_export(subject, fmt)
    if fmt == "ics":
        service.ensure_current(db, settings)
    if subject != "contacts" or fmt == "ics":
        with db.read() as conn:
            count, noun = _stream(conn, subject, fmt, progress, opener, today)
        return ExportResult(count, noun, logged=False)

    # Read in a read transaction (a slow reader never holds up a writer), then
    # log the export in a short write of its own.
    with db.read() as conn:
        count, noun = _stream(conn, subject, fmt, progress, opener)
    where = f" to {target}" if target else ""
    text = f"exported {count} contacts as {fmt}{where}"
    try:
        with db.write() as conn:
            store.insert_activity(conn, Activity(0, "export", today, text))
    except DatabaseError as exc:
        return ExportResult(count, noun, logged=False, warning=f"the export was not logged: {exc}")
    return ExportResult(count, noun, logged=True)


# --- import -------------------------------------------------------------------


@dataclass
class Match:
    """A stored contact the file updated (or would update)."""

    id: int
    name: str
    by: str  # "LinkedIn URL", "email" or "name"
    changed: bool


@dataclass
class ImportReport:
    fmt: str
    dry_run: bool
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    touchpoints: int = 0
    matches: list[Match] = field(default_factory=list)
    repeats: list[tuple[int, int, str]] = field(default_factory=list)
    """Rows that repeat a person already earlier in the file: (line, first line, name)."""
    ignored_columns: list[str] = field(default_factory=list)


def read_file(
    path: Path, fmt: str | None, progress: Progress = no_progress
) -> tuple[str, ImportResult]:
    """Decode and parse an import file; returns the format used and what it holds."""
    from netlog.interop.detect import decode, detect_format, read_import

    if fmt is not None:
        fmt = fmt.strip().lower()
        if fmt not in IMPORT_FORMATS:
            raise InvalidValue(
                f"unknown import format {fmt!r}: choose one of {', '.join(IMPORT_FORMATS)}"
            )
    try:
        data = path.expanduser().read_bytes()
    except FileNotFoundError:
        raise InvalidValue(f"no such file: {path}") from None
    except IsADirectoryError:
        raise InvalidValue(f"{path} is a folder, not a file to import") from None
    except OSError as exc:
        raise InvalidValue(f"cannot read {path}: {exc.strerror}") from None
    text = decode(data)
    if fmt is None:
        try:
            fmt = detect_format(text)
        except InvalidValue:
            first = text.lstrip().split("\n", 1)[0]
            if "," not in first:
                raise
            fmt = "csv"  # a spreadsheet without a name column: its reader says so
    if fmt == "vcard":
        from netlog.interop.vcard import read_vcards

        cards = sum(1 for line in text.splitlines() if line.strip().upper() == "BEGIN:VCARD")
        with progress(cards, "Reading vCards") as advance:
            return fmt, read_vcards(text, on_card=lambda: advance(1))
    return fmt, read_import(text, fmt)


@dataclass
class _Target:
    """One contact the import writes: a new one, or a stored one being updated."""

    line: int
    values: dict[str, Any]
    existing: Contact | None = None
    by: str = ""
    met: date | None = None
    last_contact: date | None = None
    next_step: str | None = None
    id: int = 0


def _in_line(line: int, exc: InvalidValue) -> InvalidValue:
    text = str(exc)
    return exc if text.startswith("line ") else InvalidValue(f"line {line}: {text}")


def _values(record: ContactRecord, line: int, fmt: str) -> dict[str, Any]:
    """Validated column values the record carries (empty cells are left out)."""
    try:
        values: dict[str, Any] = {"name": service.clean_name(record.name)}
        for key in ("role", "institution", "specialty", "email", "phone", "linkedin", "x"):
            value = getattr(record, key)
            if value is not None and value.strip():
                values[key] = value
        if record.how_met:
            values["how_met"] = record.how_met
        if fmt == "linkedin":
            connected = f", connected {record.met.isoformat()}" if record.met else ""
            values["how_met"] = f"LinkedIn{connected}"
        if record.tier:
            values["tier"] = record.tier
        if record.every is not None:
            values["cadence_days"] = service.check_cadence(record.every)
        if record.notes:
            values["notes"] = record.notes
        if record.types:
            values["types"], values["mentor_kinds"] = service.parse_types(record.types)
        if record.tags:
            values["tags"] = list(record.tags)
        if record.core:
            values["core"] = True
        if record.archived:
            values["archived"] = True
    except InvalidValue as exc:
        raise _in_line(line, exc) from None
    return values


def _union(old: list[str], new: list[str]) -> list[str]:
    return [*old, *(n for n in new if n not in old)]


def _merge(
    base: dict[str, Any], new: dict[str, Any], *, keep_name: bool, keep_how_met: bool
) -> None:
    """Fold ``new`` into ``base``: values overwrite, lists are merged, flags only switch on."""
    for key, value in new.items():
        if key in ("types", "mentor_kinds", "tags"):
            base[key] = _union(base.get(key) or [], value)
        elif base.get(key) and (
            (key == "name" and keep_name) or (key == "how_met" and keep_how_met)
        ):
            continue
        else:
            base[key] = value


def _contact_values(c: Contact) -> dict[str, Any]:
    return {
        "name": c.name,
        "role": c.role,
        "institution": c.institution,
        "specialty": c.specialty,
        "email": c.email,
        "phone": c.phone,
        "linkedin": c.linkedin,
        "x": c.x,
        "how_met": c.how_met,
        "types": list(c.types),
        "mentor_kinds": list(c.mentor_kinds),
        "tier": c.tier,
        "tags": list(c.tags),
        "core": c.core,
        "cadence_days": c.cadence_days,
        "notes": c.notes,
        "archived": c.archived,
    }


class _Planner:
    """Matches rows to stored contacts and to earlier rows of the same file."""

    def __init__(self, conn: sqlite3.Connection, fmt: str) -> None:
        self.conn = conn
        self.fmt = fmt
        self.targets: list[_Target] = []
        self.by_linkedin: dict[str, _Target] = {}
        self.by_email: dict[str, _Target] = {}
        self.by_name: dict[str, list[_Target]] = {}
        self.stored: dict[int, _Target] = {}
        self.seen: set[int] = set()  # id() of targets some row of the file already named
        self.repeats: list[tuple[int, int, str]] = []
        # Stored contacts: keys only, the full rows are read when one matches.
        self.keys_linkedin: dict[str, int] = {}
        self.keys_email: dict[str, int] = {}
        self.keys_name: dict[str, list[int]] = {}
        self.contact_info: dict[int, tuple[str | None, str | None]] = {}
        for cid, key, email, linkedin in conn.execute(
            "SELECT id, name_key, email, linkedin FROM contact ORDER BY id"
        ):
            lk, ek = linkedin_key(linkedin), email_key(email)
            if lk:
                self.keys_linkedin.setdefault(lk, cid)
            if ek:
                self.keys_email.setdefault(ek, cid)
            self.keys_name.setdefault(key, []).append(cid)
            self.contact_info[cid] = (lk, ek)

    # -- matching --

    def _stored_target(self, cid: int, line: int, by: str) -> _Target:
        target = self.stored.get(cid)
        if target is None:
            contact = store.get_contact(self.conn, cid)
            target = _Target(line, _contact_values(contact), existing=contact, by=by, id=cid)
            self.stored[cid] = target
            self.targets.append(target)
            self._index(target)
        return target

    def _index(self, target: _Target) -> None:
        lk = linkedin_key(target.values.get("linkedin"))
        ek = email_key(target.values.get("email"))
        if lk:
            self.by_linkedin.setdefault(lk, target)
        if ek:
            self.by_email.setdefault(ek, target)
        from netlog.store import name_key

        bucket = self.by_name.setdefault(name_key(target.values["name"]), [])
        if target not in bucket:
            bucket.append(target)

    def _conflicts(
        self, lk: str | None, ek: str | None, theirs: tuple[str | None, str | None]
    ) -> bool:
        """True when the row and a same-named person have different links or addresses."""
        their_lk, their_ek = theirs
        return bool((lk and their_lk and lk != their_lk) or (ek and their_ek and ek != their_ek))

    def _find(self, values: dict[str, Any], line: int) -> _Target | None:
        from netlog.store import name_key

        lk = linkedin_key(values.get("linkedin"))
        ek = email_key(values.get("email"))
        if lk:
            if lk in self.by_linkedin:
                return self.by_linkedin[lk]
            if lk in self.keys_linkedin:
                return self._stored_target(self.keys_linkedin[lk], line, "LinkedIn URL")
        if ek:
            if ek in self.by_email:
                return self.by_email[ek]
            if ek in self.keys_email:
                return self._stored_target(self.keys_email[ek], line, "email")
        key = name_key(values["name"])
        for target in self.by_name.get(key, []):
            theirs = (
                linkedin_key(target.values.get("linkedin")),
                email_key(target.values.get("email")),
            )
            if not self._conflicts(lk, ek, theirs):
                return target
        for cid in self.keys_name.get(key, []):
            if cid in self.stored:
                continue
            if not self._conflicts(lk, ek, self.contact_info[cid]):
                return self._stored_target(cid, line, "name")
        return None

    def _check_email(self, target: _Target, line: int) -> None:
        """An address already belonging to someone else is a conflict the user must settle."""
        ek = email_key(target.values.get("email"))
        if not ek:
            return
        other = self.by_email.get(ek)
        if other is not None and other is not target:
            raise InvalidValue(
                f"line {line}: {target.values['email']} already belongs to "
                f"{other.values['name']}, but this row is {target.values['name']}; "
                "fix the address in the file or in netlog first"
            )
        cid = self.keys_email.get(ek)
        if cid is not None and cid != target.id and cid not in self.stored:
            name = self.conn.execute("SELECT name FROM contact WHERE id = ?", (cid,)).fetchone()[0]
            raise InvalidValue(
                f"line {line}: {target.values['email']} already belongs to {name} (#{cid}), "
                f"but this row is {target.values['name']}; fix the address first"
            )

    def add(self, row: ImportRow) -> None:
        record, line = row.record, row.line
        values = _values(record, line, self.fmt)
        target = self._find(values, line)
        if target is None:
            target = _Target(line, values)
            self.targets.append(target)
        else:
            if id(target) in self.seen:
                self.repeats.append((line, target.line, target.values["name"]))
            _merge(
                target.values,
                values,
                keep_name=self.fmt != "csv" or target.by == "name" or target.existing is None,
                keep_how_met=self.fmt == "linkedin",
            )
        self.seen.add(id(target))
        self._check_email(target, line)
        self._index(target)
        if self.fmt != "linkedin":
            if record.met and (target.met is None or record.met < target.met):
                target.met = record.met
            if record.last_contact and (
                target.last_contact is None or record.last_contact >= target.last_contact
            ):
                target.last_contact = record.last_contact
                target.next_step = record.next_step or target.next_step
            elif record.next_step and target.last_contact is None:
                target.next_step = record.next_step


def _planned_touchpoints(
    target: _Target, *, today: date, has_day: bool, has_met: bool, current_step: str | None
) -> list[Touchpoint]:
    """The first meeting and the last contact a row carries, as touchpoints.

    ``has_day``: the stored contact already has a touchpoint on the last
    contact day, so it is not added twice; nor is a next step without a date
    that is already the contact's ``current_step``.
    """
    out: list[Touchpoint] = []
    met: Touchpoint | None = None
    if target.met is not None and not has_met:
        met = Touchpoint(0, target.id, target.met, "other", "met", OUT)
        out.append(met)
    last = target.last_contact
    step = target.next_step
    if last is not None and not has_day:
        if met is not None and met.date == last:
            met.next_step = step
        else:
            out.append(
                Touchpoint(
                    0,
                    target.id,
                    last,
                    "other",
                    "update",
                    OUT,
                    note="last contact, from an imported file",
                    next_step=step,
                )
            )
    elif last is None and step:
        if met is not None:
            met.next_step = step
        elif step != current_step:
            out.append(
                Touchpoint(
                    0,
                    target.id,
                    today,
                    "other",
                    "other",
                    OUT,
                    note="next step noted on import",
                    next_step=step,
                )
            )
    return out


_SQL_INSERT_CONTACT = (
    f"INSERT INTO contact (id, {', '.join(store.CONTACT_FIELDS)}, name_key, created, updated) "
    f"VALUES ({', '.join('?' * (len(store.CONTACT_FIELDS) + 4))})"
)
# Kept by netlog, not carried by a file: an import never overwrites them.
_KEPT_FIELDS = frozenset({"snoozed_until", "core_since", "imported", "topic"})
_UPDATE_FIELDS = tuple(f for f in store.CONTACT_FIELDS if f not in _KEPT_FIELDS)
_SQL_UPDATE_CONTACT = (
    f"UPDATE contact SET {', '.join(f + ' = ?' for f in _UPDATE_FIELDS)}, "
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


def _existing_log(
    conn: sqlite3.Connection, stored: list[_Target]
) -> tuple[set[int], set[int], dict[int, str]]:
    """What the log of the stored contacts being updated already holds.

    Returns the contacts that already have a touchpoint on the row's last
    contact day, those that already have a first meeting, and (only for rows
    with a next step but no date) each contact's latest next step. Read in
    chunks and filtered as it streams, so memory stays small.
    """
    on_day: set[int] = set()
    met: set[int] = set()
    steps: dict[int, str] = {}
    wanted = {t.id: t.last_contact.isoformat() if t.last_contact else None for t in stored}
    step_ids = [t.id for t in stored if t.next_step and t.last_contact is None]
    ids = list(wanted)
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ", ".join("?" * len(chunk))
        for cid, day, kind in conn.execute(
            f"SELECT contact_id, date, kind FROM touchpoint WHERE contact_id IN ({marks})", chunk
        ):
            if day == wanted[cid]:
                on_day.add(cid)
            if kind == "met":
                met.add(cid)
    for start in range(0, len(step_ids), 500):
        chunk = step_ids[start : start + 500]
        marks = ", ".join("?" * len(chunk))
        for cid, step in conn.execute(
            f"SELECT contact_id, next_step FROM touchpoint WHERE contact_id IN ({marks}) "
            "AND next_step IS NOT NULL ORDER BY date, id",
            chunk,
        ):
            steps[cid] = step
    return on_day, met, steps


def _plan(
    conn: sqlite3.Connection,
    fmt: str,
    result: ImportResult,
    *,
    today: date,
    advance: Advance,
) -> tuple[_Planner, list[_Target], list[_Target], list[Touchpoint], ImportReport]:
    planner = _Planner(conn, fmt)
    # The rows are consumed as they are planned, so the file's records and the
    # planned contacts are not both held in full.
    rows = result.rows
    total = len(rows)
    rows.reverse()
    while rows:
        planner.add(rows.pop())
        if (total - len(rows)) % 100 == 0:
            advance(100)
    advance(total % 100)
    report = ImportReport(
        fmt, dry_run=False, skipped=result.skipped_blank, ignored_columns=result.ignored_columns
    )
    report.repeats = planner.repeats
    new = [t for t in planner.targets if t.existing is None]
    stored = [t for t in planner.targets if t.existing is not None]
    next_id = int(conn.execute("SELECT coalesce(max(id), 0) FROM contact").fetchone()[0])
    for target in new:
        next_id += 1
        target.id = next_id
    on_day, has_met, steps = _existing_log(conn, stored)
    touchpoints: list[Touchpoint] = []
    changed: list[_Target] = []
    for target in planner.targets:
        planned = _planned_touchpoints(
            target,
            today=today,
            has_day=target.id in on_day,
            has_met=target.id in has_met,
            current_step=steps.get(target.id),
        )
        touchpoints.extend(planned)
        if target.existing is not None:
            differs = target.values != _contact_values(target.existing)
            if differs or planned:
                changed.append(target)
            report.matches.append(
                Match(target.id, target.existing.name, target.by, bool(differs or planned))
            )
    report.added = len(new)
    report.updated = len(changed)
    report.unchanged = len(stored) - len(changed)
    report.touchpoints = len(touchpoints)
    return planner, new, changed, touchpoints, report


def import_records(
    db: Database,
    settings: Settings,
    fmt: str,
    result: ImportResult,
    *,
    today: date,
    dry_run: bool = False,
    progress: Progress = no_progress,
) -> ImportReport:
    """Store what a reader found, in one transaction (or only count it with ``dry_run``).

    ``result.rows`` is consumed (emptied) as the rows are planned.
    """
    rows = len(result.rows)
    with progress(rows + (0 if dry_run else max(rows // 4, 1)), "Importing") as advance:
        if dry_run:
            with db.read() as conn:
                *_, report = _plan(conn, fmt, result, today=today, advance=advance)
            report.dry_run = True
            return report
        with db.write() as conn:
            _, new, changed, touchpoints, report = _plan(
                conn, fmt, result, today=today, advance=advance
            )
            stamp = now_utc()
            # A new contact the file gives no history with (a LinkedIn connection,
            # an address book card) is a weak tie, dormant until you first log
            # something with them (rules.is_dormant); rows with a last contact are not.
            known = {tp.contact_id for tp in touchpoints if tp.kind != "met"}
            conn.executemany(
                _SQL_INSERT_CONTACT,
                [
                    (
                        t.id,
                        *(
                            _column(
                                f,
                                (None if t.id in known else today)
                                if f == "imported"
                                else t.values.get(f),
                            )
                            for f in store.CONTACT_FIELDS
                        ),
                        store.name_key(t.values["name"]),
                        (min(today, t.met) if t.met and fmt != "linkedin" else today).isoformat(),
                        stamp,
                    )
                    for t in new
                ],
            )
            conn.executemany(
                _SQL_UPDATE_CONTACT,
                [
                    (
                        *(_column(f, t.values.get(f)) for f in _UPDATE_FIELDS),
                        store.name_key(t.values["name"]),
                        stamp,
                        t.id,
                    )
                    for t in changed
                ],
            )
            store.insert_touchpoints_bulk(conn, touchpoints)
            touched = [t.id for t in new] + [t.id for t in changed]
            store.sync_core_since(conn, touched, today)
            store.refresh_many(conn, touched, settings)
            advance(max(rows // 4, 1))
    return report


def import_file(
    db: Database,
    settings: Settings,
    path: Path,
    *,
    fmt: str | None = None,
    today: date,
    dry_run: bool = False,
    progress: Progress = no_progress,
) -> ImportReport:
    """``netlog import FILE``: read, match, store (all or nothing)."""
    used, result = read_file(path, fmt, progress)
    return import_records(
        db, settings, used, result, today=today, dry_run=dry_run, progress=progress
    )
