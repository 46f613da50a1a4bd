"""How an import's rows become contacts and touchpoints: matching and planning.

Rows are matched to stored contacts (netlog's own key ``uid``, then LinkedIn
URL, then email, then exact name, a namesake with another key never being
taken for the same person) and to earlier rows of the same file, which are
merged into them. The plan says which contacts are new, which stored ones
change, and the touchpoints the rows' first meeting, last contact and next
step become; :mod:`netlog.importing` writes it.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from netlog import service, vocabulary
from netlog.domain import Contact, Touchpoint
from netlog.errors import InvalidValue
from netlog.interop.records import (
    ContactRecord,
    ImportResult,
    ImportRow,
    email_key,
    linkedin_key,
)
from netlog.progress import Advance
from netlog.storage import contacts, exchange
from netlog.vocabulary import OUT


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


@dataclass(slots=True)
class Target:
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
            values["types"], values["mentor_kinds"] = vocabulary.parse_types(record.types)
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
    """What a file can carry of a stored contact, as :func:`_values` gives it."""
    values: dict[str, Any] = {}
    for name in exchange.IMPORTED_FIELDS:
        value = getattr(c, name)
        values[name] = list(value) if isinstance(value, list) else value
    return values


class Planner:
    """Matches rows to stored contacts and to earlier rows of the same file."""

    def __init__(
        self, conn: sqlite3.Connection, fmt: str, claimed: frozenset[str] = frozenset()
    ) -> None:
        self.conn = conn
        self.fmt = fmt
        # Keys the file's rows carry: a stored contact with one of them is that
        # row's person, never a namesake's.
        self.claimed = claimed
        self.targets: list[Target] = []
        self.by_uid: dict[str, Target] = {}
        self.by_linkedin: dict[str, Target] = {}
        self.by_email: dict[str, Target] = {}
        self.by_name: dict[str, list[Target]] = {}
        self.stored: dict[int, Target] = {}
        self.seen: set[int] = set()  # id() of targets some row of the file already named
        self.repeats: list[tuple[int, int, str]] = []
        # Stored contacts: keys only, the full rows are read when one matches.
        self.keys_uid: dict[str, int] = {}
        self.keys_linkedin: dict[str, int] = {}
        self.keys_email: dict[str, int] = {}
        self.keys_name: dict[str, list[int]] = {}
        self.contact_info: dict[int, tuple[str | None, str | None]] = {}
        self.contact_uid: dict[int, str | None] = {}
        for cid, key, email, linkedin, uid in exchange.contact_keys(conn):
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

    def _stored_target(self, cid: int, line: int, by: str) -> Target:
        target = self.stored.get(cid)
        if target is None:
            contact = contacts.get_contact(self.conn, cid)
            target = Target(
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

    def _index(self, target: Target) -> None:
        if target.uid:
            self.by_uid.setdefault(target.uid, target)
        lk = linkedin_key(target.values.get("linkedin"))
        ek = email_key(target.values.get("email"))
        if lk:
            self.by_linkedin.setdefault(lk, target)
        if ek:
            self.by_email.setdefault(ek, target)
        bucket = self.by_name.setdefault(contacts.name_key(target.values["name"]), [])
        if target not in bucket:
            bucket.append(target)

    def _conflicts(
        self, lk: str | None, ek: str | None, theirs: tuple[str | None, str | None]
    ) -> bool:
        """True when the row and a same-named person have different links or addresses."""
        their_lk, their_ek = theirs
        return bool((lk and their_lk and lk != their_lk) or (ek and their_ek and ek != their_ek))

    def _find(self, values: dict[str, Any], line: int, uid: str | None) -> Target | None:
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
        key = contacts.name_key(values["name"])
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

    def _check_email(self, target: Target, line: int) -> None:
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
            target = Target(line, values, uid=uid)
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
    target: Target,
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


@dataclass
class Plan:
    """What an import writes: new contacts (with their ids), changed stored ones,
    the touchpoints the rows give, and the report of it all."""

    new: list[Target]
    changed: list[Target]
    touchpoints: list[Touchpoint]
    report: ImportReport


def plan_import(
    conn: sqlite3.Connection,
    fmt: str,
    result: ImportResult,
    *,
    today: date,
    advance: Advance,
) -> Plan:
    """Match every row of ``result`` (consumed as it is planned) and plan the writes."""
    rows = result.rows
    claimed = frozenset(r.record.uid for r in rows if r.record.uid)
    planner = Planner(conn, fmt, claimed)
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
    next_id = exchange.max_contact_id(conn)
    for target in new:
        next_id += 1
        target.id = next_id
    log = exchange.existing_log(
        conn, {t.id: t.last_contact for t in stored}, [t.id for t in stored if t.next_step]
    )
    touchpoints: list[Touchpoint] = []
    changed: list[Target] = []
    for target in planner.targets:
        planned = _planned_touchpoints(
            target,
            today=today,
            has_day=target.id in log.on_day,
            has_met=target.id in log.met,
            current_step=log.steps.get(target.id),
            latest=log.latest.get(target.id),
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
    return Plan(new, changed, touchpoints, report)
