"""Data in and out: ``netlog export`` and ``netlog import`` over the database.

The file formats themselves live in :mod:`netlog.interop` (pure, tested on
their own); this module loads and stores what they read and write.

Export reads everything with a handful of bulk queries (one for contacts,
one for the last contact and first meeting, one window query for the latest
next step), so 10,000 contacts export in a fraction of a second. A contacts
export also logs an activity of kind ``export`` (the monthly routine item
"update the spreadsheet"), in the same transaction as the read.

Import runs in one write transaction: rows are matched to stored contacts
(netlog's own key ``uid``, then LinkedIn URL, then email, then exact name, a
namesake with another key never being taken for the same person), new
contacts and touchpoints are
inserted with ``executemany``, updated ones rewritten, and the follow-ups of
every contact touched are recomputed once at the end. A field that cannot be
used (an email that is not an address, an unreadable date or photo) is left
out of its row and counted; a file that is not what it claims raises
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

from netlog import followups, service
from netlog.config import Settings
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
from netlog.storage import store
from netlog.storage.db import Database, now_utc

EXPORT_SUBJECTS: tuple[str, ...] = ("contacts", "touchpoints", "activities")
EXPORT_FORMATS: tuple[str, ...] = ("csv", "json", "vcard", "ics")
IMPORT_FORMATS: tuple[str, ...] = ("csv", "linkedin", "vcard", "google", "outlook")

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


_SQL_KEYS = "SELECT id, uid, updated FROM contact"


def iter_contact_records(conn: sqlite3.Connection) -> Iterator[ContactRecord]:
    """:func:`load_contact_records` one row at a time (an export streams them)."""
    dates: dict[int, tuple[str | None, str | None]] = {
        cid: (last, met) for cid, last, met in conn.execute(_SQL_DATES)
    }
    steps: dict[int, str] = dict(conn.execute(_SQL_NEXT_STEPS).fetchall())
    keys: dict[int, tuple[str | None, str | None]] = {
        cid: (uid, updated) for cid, uid, updated in conn.execute(_SQL_KEYS)
    }
    for row in conn.execute(_SQL_CONTACTS):
        c = store.contact_from_row(row)
        last, met = dates.get(c.id, (None, None))
        record = record_from_contact(
            c,
            met=date.fromisoformat(met) if met else None,
            last_contact=date.fromisoformat(last) if last else None,
            next_step=steps.get(c.id),
        )
        record.uid, record.updated = keys.get(c.id, (None, None))
        yield record


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


def _write_ics(conn: sqlite3.Connection, out: TextIO, *, events: bool, today: date) -> int:
    """Pending follow-ups as VTODOs (or all-day VEVENTs), written line by line.

    An item that has ended, or that only starts later (what a first-meeting
    follow-up gives way to), is left out: one to-do per message.
    """
    from netlog.interop.ics import write_calendar

    items, names = store.pending_all(conn, today)
    return write_calendar(
        ((p, names[p.contact_id]) for p in items),
        out,
        stamp=datetime.now(UTC),
        events=events,
        today=today,
    )


SQL_ACTIVITY_ROWS = (
    'SELECT a.date, a.kind, a.text, a."virtual", c.name FROM activity a '
    "LEFT JOIN contact c ON c.id = a.contact_id ORDER BY a.date, a.id"
)


def activity_rows(conn: sqlite3.Connection) -> Iterator[dict[str, Any]]:
    """Reading, events, milestones and exports, oldest first, with the contact's name."""
    for day, kind, text, virtual, name in conn.execute(SQL_ACTIVITY_ROWS):
        yield {"date": day, "kind": kind, "text": text, "virtual": bool(virtual), "contact": name}


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
        service.ensure_current(db, settings)
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
    by: str  # "netlog key", "LinkedIn URL", "email" or "name"
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
    dropped: dict[str, int] = field(default_factory=dict)
    """Fields left out of rows that still came in (``email``, ``date``, ``photo``)."""
    guessed: bool = False
    """The format was guessed from the content (no ``--format``)."""
    member: str | None = None
    """The file read inside a zip (LinkedIn's download), if any."""


MAX_ZIP_MEMBER = 512 * 1024 * 1024


def _from_zip(path: Path, data: bytes) -> tuple[str, bytes]:
    """The contacts file inside a zip: LinkedIn's ``Connections.csv``, else the only
    .csv or .vcf it holds."""
    import zipfile

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise InvalidValue(f"{path.name} looks like a zip file but cannot be opened") from None
    with archive:
        names = [i for i in archive.infolist() if not i.is_dir()]
        wanted = [i for i in names if Path(i.filename).name.lower() == "connections.csv"]
        if not wanted:
            wanted = [
                i for i in names if Path(i.filename).suffix.lower() in (".csv", ".vcf", ".vcard")
            ]
        if len(wanted) != 1:
            raise InvalidValue(
                f"{path.name} holds no Connections.csv"
                + (f" but {len(wanted)} contact files: unzip it and import one" if wanted else "")
            )
        member = wanted[0]
        if member.file_size > MAX_ZIP_MEMBER:
            raise InvalidValue(f"{member.filename} in {path.name} is too large to import")
        try:
            return member.filename, archive.read(member)
        except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError):
            raise InvalidValue(f"{member.filename} in {path.name} cannot be read") from None


def read_file(
    path: Path, fmt: str | None, progress: Progress = no_progress
) -> tuple[str, ImportResult]:
    """Decode and parse an import file; returns the format used and what it holds."""
    used, result, _, _ = read_file_info(path, fmt, progress)
    return used, result


def read_file_info(
    path: Path, fmt: str | None, progress: Progress = no_progress
) -> tuple[str, ImportResult, bool, str | None]:
    """:func:`read_file`, also saying whether the format was guessed and which file of
    a zip was read."""
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
    member: str | None = None
    name = path.name
    if data.startswith(b"PK\x03\x04"):
        member, data = _from_zip(path, data)
        name = member
    text = decode(data, name)
    guessed = fmt is None
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
            return fmt, read_vcards(text, on_card=lambda: advance(1)), guessed, member
    return fmt, read_import(text, fmt), guessed, member


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
    uid: str | None = None


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

    def __init__(
        self, conn: sqlite3.Connection, fmt: str, claimed: frozenset[str] = frozenset()
    ) -> None:
        self.conn = conn
        self.fmt = fmt
        # Keys the file's rows carry: a stored contact with one of them is that
        # row's person, never a namesake's.
        self.claimed = claimed
        self.targets: list[_Target] = []
        self.by_uid: dict[str, _Target] = {}
        self.by_linkedin: dict[str, _Target] = {}
        self.by_email: dict[str, _Target] = {}
        self.by_name: dict[str, list[_Target]] = {}
        self.stored: dict[int, _Target] = {}
        self.seen: set[int] = set()  # id() of targets some row of the file already named
        self.repeats: list[tuple[int, int, str]] = []
        # Stored contacts: keys only, the full rows are read when one matches.
        self.keys_uid: dict[str, int] = {}
        self.keys_linkedin: dict[str, int] = {}
        self.keys_email: dict[str, int] = {}
        self.keys_name: dict[str, list[int]] = {}
        self.contact_info: dict[int, tuple[str | None, str | None]] = {}
        self.contact_uid: dict[int, str | None] = {}
        for cid, key, email, linkedin, uid in conn.execute(
            "SELECT id, name_key, email, linkedin, uid FROM contact ORDER BY id"
        ):
            if uid:
                self.keys_uid.setdefault(uid, cid)
            self.contact_uid[cid] = uid
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
            target = _Target(
                line,
                _contact_values(contact),
                existing=contact,
                by=by,
                id=cid,
                uid=self.contact_uid.get(cid),
            )
            self.stored[cid] = target
            self.targets.append(target)
            self._index(target)
        return target

    def _index(self, target: _Target) -> None:
        if target.uid:
            self.by_uid.setdefault(target.uid, target)
        lk = linkedin_key(target.values.get("linkedin"))
        ek = email_key(target.values.get("email"))
        if lk:
            self.by_linkedin.setdefault(lk, target)
        if ek:
            self.by_email.setdefault(ek, target)
        from netlog.storage.store import name_key

        bucket = self.by_name.setdefault(name_key(target.values["name"]), [])
        if target not in bucket:
            bucket.append(target)

    def _conflicts(
        self, lk: str | None, ek: str | None, theirs: tuple[str | None, str | None]
    ) -> bool:
        """True when the row and a same-named person have different links or addresses."""
        their_lk, their_ek = theirs
        return bool((lk and their_lk and lk != their_lk) or (ek and their_ek and ek != their_ek))

    def _find(self, values: dict[str, Any], line: int, uid: str | None) -> _Target | None:
        from netlog.storage.store import name_key

        if uid:
            if uid in self.by_uid:
                return self.by_uid[uid]
            if uid in self.keys_uid:
                return self._stored_target(self.keys_uid[uid], line, "netlog key")
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
            if (uid or self.claimed) and target.uid and target.uid != uid:
                # A namesake: a file that carries keys gives each person their
                # own, and a row without one is someone added in the spreadsheet.
                continue
            theirs = (
                linkedin_key(target.values.get("linkedin")),
                email_key(target.values.get("email")),
            )
            if not self._conflicts(lk, ek, theirs):
                return target
        for cid in self.keys_name.get(key, []):
            if cid in self.stored or self.contact_uid.get(cid) in self.claimed:
                continue
            if not self._conflicts(lk, ek, self.contact_info[cid]):
                return self._stored_target(cid, line, "name")
        return None

    def _check_email(self, target: _Target, line: int) -> None:
        """An address already belonging to someone else is a conflict the user must settle."""
        ek = email_key(target.values.get("email"))
        if not ek:
            return
        # The message names lines and ids, never the address or the names: the
        # user did not type them in this command.
        other = self.by_email.get(ek)
        if other is not None and other is not target:
            where = (
                f"#{other.id}" if other.existing is not None else f"the row of line {other.line}"
            )
            raise InvalidValue(
                f"line {line}: the address in the email column already belongs to {where}, "
                "another person; fix the address in the file or in netlog first"
            )
        cid = self.keys_email.get(ek)
        if cid is not None and cid != target.id and cid not in self.stored:
            raise InvalidValue(
                f"line {line}: the address in the email column already belongs to #{cid}, "
                "another person; fix the address in the file or in netlog first"
            )

    def add(self, row: ImportRow) -> None:
        record, line = row.record, row.line
        values = _values(record, line, self.fmt)
        target = self._find(values, line, record.uid)
        if target is None:
            import uuid

            taken = record.uid and (record.uid in self.keys_uid or record.uid in self.by_uid)
            uid = record.uid if record.uid and not taken else uuid.uuid4().hex
            target = _Target(line, values, uid=uid)
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
    target: _Target,
    *,
    today: date,
    has_day: bool,
    has_met: bool,
    current_step: str | None,
    latest: date | None = None,
) -> list[Touchpoint]:
    """The first meeting and the last contact a row carries, as touchpoints.

    ``has_day``: the stored contact already has a touchpoint on the last
    contact day, so it is not added twice; nor is a next step that is
    already the contact's ``current_step``. A next step edited in the file
    (the row's last contact is the contact's latest day, ``latest``, and the
    step differs) is applied as a new touchpoint on that day, so the last
    contact stays where it was.
    """
    out: list[Touchpoint] = []
    met: Touchpoint | None = None
    if target.met is not None and not has_met:
        met = Touchpoint(0, target.id, target.met, "other", "met", OUT)
        out.append(met)
    last = target.last_contact
    step = target.next_step
    if last is not None and has_day:
        if step and step != current_step and (latest is None or last >= latest):
            out.append(
                Touchpoint(
                    0,
                    target.id,
                    last,
                    "other",
                    "other",
                    OUT,
                    note="next step changed in an imported file",
                    next_step=step,
                )
            )
    elif last is not None:
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
    f"INSERT INTO contact (id, {', '.join(store.CONTACT_FIELDS)}, name_key, created, updated, "
    f"uid) VALUES ({', '.join('?' * (len(store.CONTACT_FIELDS) + 5))})"
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
) -> tuple[set[int], set[int], dict[int, str], dict[int, date]]:
    """What the log of the stored contacts being updated already holds.

    Returns the contacts that already have a touchpoint on the row's last
    contact day, those that already have a first meeting, (for rows with a
    next step) each contact's latest next step, and each contact's latest
    touchpoint day. Read in chunks and filtered as it streams, so memory
    stays small.
    """
    on_day: set[int] = set()
    met: set[int] = set()
    steps: dict[int, str] = {}
    latest: dict[int, str] = {}
    wanted = {t.id: t.last_contact.isoformat() if t.last_contact else None for t in stored}
    step_ids = [t.id for t in stored if t.next_step]
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
            if day > latest.get(cid, ""):
                latest[cid] = day
    for start in range(0, len(step_ids), 500):
        chunk = step_ids[start : start + 500]
        marks = ", ".join("?" * len(chunk))
        for cid, step in conn.execute(
            f"SELECT contact_id, next_step FROM touchpoint WHERE contact_id IN ({marks}) "
            "AND next_step IS NOT NULL ORDER BY date, id",
            chunk,
        ):
            steps[cid] = step
    return on_day, met, steps, {cid: date.fromisoformat(day) for cid, day in latest.items()}


def _plan(
    conn: sqlite3.Connection,
    fmt: str,
    result: ImportResult,
    *,
    today: date,
    advance: Advance,
) -> tuple[_Planner, list[_Target], list[_Target], list[Touchpoint], ImportReport]:
    rows = result.rows
    claimed = frozenset(r.record.uid for r in rows if r.record.uid)
    planner = _Planner(conn, fmt, claimed)
    # The rows are consumed as they are planned, so the file's records and the
    # planned contacts are not both held in full.
    total = len(rows)
    rows.reverse()
    while rows:
        planner.add(rows.pop())
        if (total - len(rows)) % 100 == 0:
            advance(100)
    advance(total % 100)
    report = ImportReport(
        fmt,
        dry_run=False,
        skipped=result.skipped_blank,
        ignored_columns=result.ignored_columns,
        dropped=dict(result.dropped),
    )
    report.repeats = planner.repeats
    new = [t for t in planner.targets if t.existing is None]
    stored = [t for t in planner.targets if t.existing is not None]
    next_id = int(conn.execute("SELECT coalesce(max(id), 0) FROM contact").fetchone()[0])
    for target in new:
        next_id += 1
        target.id = next_id
    on_day, has_met, steps, latest = _existing_log(conn, stored)
    touchpoints: list[Touchpoint] = []
    changed: list[_Target] = []
    for target in planner.targets:
        planned = _planned_touchpoints(
            target,
            today=today,
            has_day=target.id in on_day,
            has_met=target.id in has_met,
            current_step=steps.get(target.id),
            latest=latest.get(target.id),
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
                        t.uid,
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
            followups.refresh_many(conn, touched, settings)
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
    used, result, guessed, member = read_file_info(path, fmt, progress)
    report = import_records(
        db, settings, used, result, today=today, dry_run=dry_run, progress=progress
    )
    report.guessed, report.member = guessed, member
    return report
