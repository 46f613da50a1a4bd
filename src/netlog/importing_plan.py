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
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol, cast

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
    tid: int = -1
    """Its place among the import's targets, which is also how the store finds it."""
    seen: bool = False
    """Some row of the file already named it (a later one is a repeat)."""


def _keys(target: Target) -> tuple[str | None, str | None, str | None]:
    """A target's uid, LinkedIn key and email key, as its values stand."""
    return (
        target.uid,
        linkedin_key(target.values.get("linkedin")),
        email_key(target.values.get("email")),
    )


class Store(Protocol):
    """Where the planner keeps its targets and the keys they and the stored contacts
    are found by: :class:`MemoryStore`, or for a large file
    :class:`netlog.storage.import_scratch.ScratchStore`. Key indexes keep the
    first target given a key (``setdefault``); lists keep insertion order."""

    count: int

    def load_stored(
        self, keys: Iterable[tuple[int, str, str | None, str | None, str | None]]
    ) -> None: ...
    def key_cid(self, kind: str, key: str) -> int | None: ...
    def name_cids(self, key: str) -> list[int]: ...
    def info(self, cid: int) -> tuple[str | None, str | None]: ...
    def uid_of(self, cid: int) -> str | None: ...
    def add_target(self, target: Any, cid: int | None) -> None: ...
    def save(self, target: Any) -> None: ...
    def get(self, tid: int) -> Any: ...
    def stored_tid(self, cid: int) -> int | None: ...
    def targets(self, *, stored_only: bool = False) -> Iterator[Any]: ...
    def find(self, kind: str, key: str) -> int | None: ...
    def index(self, kind: str, key: str, tid: int) -> None: ...
    def names(self, key: str) -> list[tuple[int, str | None]]:
        """The targets a name key gives, in order, each as (tid, uid)."""
        ...

    def target_keys(self, tid: int) -> tuple[str | None, str | None]:
        """A target's LinkedIn and email keys as its values stand."""
        ...

    def add_name(self, key: str, tid: int) -> None: ...
    def close(self) -> None: ...


class MemoryStore:
    """The planner's working set as dictionaries: quick, for files of ordinary size."""

    def __init__(self) -> None:
        self.count = 0
        self.items: list[Target] = []
        self.by: dict[str, dict[str, int]] = {"uid": {}, "linkedin": {}, "email": {}}
        self.by_name: dict[str, list[int]] = {}
        self.stored: dict[int, int] = {}
        self.keys: dict[str, dict[str, int]] = {"uid": {}, "linkedin": {}, "email": {}}
        self.keys_name: dict[str, list[int]] = {}
        self.contact_info: dict[int, tuple[str | None, str | None]] = {}
        self.contact_uid: dict[int, str | None] = {}

    def close(self) -> None:
        pass

    def load_stored(
        self, keys: Iterable[tuple[int, str, str | None, str | None, str | None]]
    ) -> None:
        for cid, key, uid, lk, ek in keys:
            if uid:
                self.keys["uid"].setdefault(uid, cid)
            self.contact_uid[cid] = uid
            if lk:
                self.keys["linkedin"].setdefault(lk, cid)
            if ek:
                self.keys["email"].setdefault(ek, cid)
            self.keys_name.setdefault(key, []).append(cid)
            self.contact_info[cid] = (lk, ek)

    def key_cid(self, kind: str, key: str) -> int | None:
        return self.keys[kind].get(key)

    def name_cids(self, key: str) -> list[int]:
        return self.keys_name.get(key, [])

    def info(self, cid: int) -> tuple[str | None, str | None]:
        return self.contact_info[cid]

    def uid_of(self, cid: int) -> str | None:
        return self.contact_uid.get(cid)

    def add_target(self, target: Target, cid: int | None) -> None:
        target.tid = self.count
        self.count += 1
        self.items.append(target)
        if cid is not None:
            self.stored[cid] = target.tid

    def save(self, target: Target) -> None:
        pass  # the object itself is kept

    def get(self, tid: int) -> Target:
        return self.items[tid]

    def stored_tid(self, cid: int) -> int | None:
        return self.stored.get(cid)

    def targets(self, *, stored_only: bool = False) -> Iterator[Target]:
        return iter(
            [t for t in self.items if t.existing is not None] if stored_only else self.items
        )

    def find(self, kind: str, key: str) -> int | None:
        return self.by[kind].get(key)

    def index(self, kind: str, key: str, tid: int) -> None:
        self.by[kind].setdefault(key, tid)

    def names(self, key: str) -> list[tuple[int, str | None]]:
        return [(tid, self.items[tid].uid) for tid in self.by_name.get(key, [])]

    def target_keys(self, tid: int) -> tuple[str | None, str | None]:
        values = self.items[tid].values
        return linkedin_key(values.get("linkedin")), email_key(values.get("email"))

    def add_name(self, key: str, tid: int) -> None:
        bucket = self.by_name.setdefault(key, [])
        if tid not in bucket:
            bucket.append(tid)


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
        self,
        conn: sqlite3.Connection,
        fmt: str,
        claimed: frozenset[str] = frozenset(),
        store: Store | None = None,
    ) -> None:
        self.conn = conn
        self.fmt = fmt
        # Keys the file's rows carry: a stored contact with one of them is that
        # row's person, never a namesake's.
        self.claimed = claimed
        self.store: Store = MemoryStore() if store is None else store
        self.repeats: list[tuple[int, int, str]] = []
        # Stored contacts: keys only, the full rows are read when one matches.
        self.store.load_stored(
            (cid, key, uid, linkedin_key(linkedin), email_key(email))
            for cid, key, email, linkedin, uid in exchange.contact_keys(conn)
        )

    # -- matching --

    def _stored_target(self, cid: int, line: int, by: str) -> Target:
        store = self.store
        tid = store.stored_tid(cid)
        if tid is not None:
            return cast(Target, store.get(tid))
        contact = contacts.get_contact(self.conn, cid)
        target = Target(
            line,
            _contact_values(contact),
            existing=contact,
            by=by,
            id=cid,
            uid=store.uid_of(cid),
        )
        store.add_target(target, cid)
        self._index(target)
        return target

    def _index(self, target: Target) -> None:
        store = self.store
        if target.uid:
            store.index("uid", target.uid, target.tid)
        lk = linkedin_key(target.values.get("linkedin"))
        ek = email_key(target.values.get("email"))
        if lk:
            store.index("linkedin", lk, target.tid)
        if ek:
            store.index("email", ek, target.tid)
        store.add_name(contacts.name_key(target.values["name"]), target.tid)

    def _conflicts(
        self, lk: str | None, ek: str | None, theirs: tuple[str | None, str | None]
    ) -> bool:
        """True when the row and a same-named person have different links or addresses."""
        their_lk, their_ek = theirs
        return bool((lk and their_lk and lk != their_lk) or (ek and their_ek and ek != their_ek))

    def _by_key(self, kind: str, key: str, line: int, by: str) -> Target | None:
        """The target, else the stored contact, a key belongs to."""
        tid = self.store.find(kind, key)
        if tid is not None:
            return cast(Target, self.store.get(tid))
        cid = self.store.key_cid(kind, key)
        if cid is not None:
            return self._stored_target(cid, line, by)
        return None

    def _find(self, values: dict[str, Any], line: int, uid: str | None) -> Target | None:
        store = self.store
        if uid:
            found = self._by_key("uid", uid, line, "netlog key")
            if found is not None:
                return found
        lk = linkedin_key(values.get("linkedin"))
        ek = email_key(values.get("email"))
        if lk:
            found = self._by_key("linkedin", lk, line, "LinkedIn URL")
            if found is not None:
                return found
        if ek:
            found = self._by_key("email", ek, line, "email")
            if found is not None:
                return found
        key = contacts.name_key(values["name"])
        for tid, their_uid in store.names(key):
            if (uid or self.claimed) and their_uid and their_uid != uid:
                # A namesake: a file that carries keys gives each person their
                # own, and a row without one is someone added in the spreadsheet.
                continue
            if not self._conflicts(lk, ek, store.target_keys(tid)):
                return cast(Target, store.get(tid))
        for cid in store.name_cids(key):
            if store.stored_tid(cid) is not None or store.uid_of(cid) in self.claimed:
                continue
            if not self._conflicts(lk, ek, store.info(cid)):
                return self._stored_target(cid, line, "name")
        return None

    def _check_email(self, target: Target, line: int) -> None:
        """An address already belonging to someone else is a conflict the user must settle."""
        ek = email_key(target.values.get("email"))
        if not ek:
            return
        # The message names lines and ids, never the address or the names: the
        # user did not type them in this command.
        tid = self.store.find("email", ek)
        if tid is not None and tid != target.tid:
            other = cast(Target, self.store.get(tid))
            where = (
                f"#{other.id}" if other.existing is not None else f"the row of line {other.line}"
            )
            raise InvalidValue(
                f"line {line}: the address in the email column already belongs to {where}, "
                "another person; fix the address in the file or in netlog first"
            )
        cid = self.store.key_cid("email", ek)
        if cid is not None and cid != target.id and self.store.stored_tid(cid) is None:
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

            taken = record.uid and (
                self.store.key_cid("uid", record.uid) is not None
                or self.store.find("uid", record.uid) is not None
            )
            uid = record.uid if record.uid and not taken else uuid.uuid4().hex
            target = Target(line, values, uid=uid)
            self.store.add_target(target, None)
        else:
            if target.seen:
                self.repeats.append((line, target.line, target.values["name"]))
            _merge(
                target.values,
                values,
                keep_name=self.fmt != "csv" or target.by == "name" or target.existing is None,
                keep_how_met=self.fmt == "linkedin",
            )
        target.seen = True
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
        self.store.save(target)


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


SCRATCH_ROWS = 20_000
"""A file with more rows than this is planned in a temporary file
(:class:`~netlog.storage.import_scratch.ScratchStore`), so memory stays flat."""


@dataclass
class Plan:
    """What an import writes, read back target by target (:meth:`targets`): new
    contacts (with their ids), changed stored ones and the touchpoints the rows
    give; and the report of it all. :meth:`close` lets go of the working set."""

    store: Store
    first_id: int
    """The largest contact id before the import; new contacts follow it in file order."""
    log: exchange.ExistingLog
    today: date
    report: ImportReport

    kept: list[tuple[Target, list[Touchpoint], bool]] | None = None

    def targets(self) -> Iterator[tuple[Target, list[Touchpoint], bool]]:
        """Each target with its id, its touchpoints, and whether a stored one changes
        (worked out once and kept when the targets are in memory anyway)."""
        if self.kept is not None:
            return iter(self.kept)
        found = self._work_out()
        if isinstance(self.store, MemoryStore):
            self.kept = list(found)
            return iter(self.kept)
        return found

    def _work_out(self) -> Iterator[tuple[Target, list[Touchpoint], bool]]:
        next_id = self.first_id
        log = self.log
        for target in self.store.targets():
            if target.existing is None:
                next_id += 1
                target.id = next_id
            planned = _planned_touchpoints(
                target,
                today=self.today,
                has_day=target.id in log.on_day,
                has_met=target.id in log.met,
                current_step=log.steps.get(target.id),
                latest=log.latest.get(target.id),
            )
            changed = target.existing is not None and bool(
                planned or target.values != _contact_values(target.existing)
            )
            yield target, planned, changed

    def close(self) -> None:
        self.store.close()


def _rows(result: ImportResult) -> tuple[Iterator[ImportRow], frozenset[str]]:
    """The rows (consumed as they are planned) and the uids they carry."""
    if result.spool is not None:
        return result.spool.drain(), frozenset(result.spool.uids)
    rows = result.rows
    claimed = frozenset(r.record.uid for r in rows if r.record.uid)

    def consume() -> Iterator[ImportRow]:
        # The records are dropped as they are planned, so the file's records
        # and the planned contacts are not both held in full.
        rows.reverse()
        while rows:
            yield rows.pop()

    return consume(), claimed


def plan_import(
    conn: sqlite3.Connection,
    fmt: str,
    result: ImportResult,
    *,
    today: date,
    advance: Advance,
    scratch_rows: int | None = None,
) -> Plan:
    """Match every row of ``result`` (consumed as it is planned) and plan the writes.

    The caller closes the plan once it is written.
    """
    total = result.count()
    rows, claimed = _rows(result)
    if total > (SCRATCH_ROWS if scratch_rows is None else scratch_rows):
        from netlog.storage.import_scratch import ScratchStore

        store: Store = ScratchStore(_keys)
    else:
        store = MemoryStore()
    try:
        planner = Planner(conn, fmt, claimed, store)
        for done, row in enumerate(rows, 1):
            planner.add(row)
            if done % 100 == 0:
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
        stored = {t.id: t.last_contact for t in store.targets(stored_only=True)}
        steps = [t.id for t in store.targets(stored_only=True) if t.next_step]
        log = exchange.existing_log(conn, stored, steps)
        plan = Plan(store, exchange.max_contact_id(conn), log, today, report)
        changed = 0
        for target, planned, differs in plan.targets():
            report.touchpoints += len(planned)
            if target.existing is None:
                report.added += 1
                continue
            changed += differs
            report.matches.append(Match(target.id, target.existing.name, target.by, differs))
        report.updated = changed
        report.unchanged = len(stored) - changed
    except BaseException:
        store.close()
        raise
    return plan
