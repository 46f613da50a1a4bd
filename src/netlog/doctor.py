"""``netlog doctor``: check a database file and say what to do about each problem.

The checks never change the file; :func:`fix` repairs what is safe to repair
without a decision from the user (file modes, stored follow-ups, schema
upgrades, a change left open). Problems name rows by id, never by content.
The checks of modes, schema and rows are in :mod:`netlog.doctor_checks`.
"""

from __future__ import annotations

import contextlib
import functools
import sqlite3
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from netlog.doctor_checks import (
    MAX_LISTED,
    Report,
    _sql_fix,
    check_modes,
    check_rows,
    check_schema,
    fix_modes,
)
from netlog.storage.migrations import APPLICATION_ID, LATEST

__all__ = [
    "check_leftovers",
    "check_pending",
    "diagnose",
    "differing",
    "differing_all",
    "fix",
    "todays_slice",
]


# --- stored follow-ups ----------------------------------------------------------


# A default run recomputes at most about this many contacts' follow-ups: a
# different slice of the network each day, so that a daily doctor goes round
# every contact within ``contacts / SAMPLE`` days; ``--full`` recomputes all.
SAMPLE = 1000

# Contacts whose stored last-contact day is not their log's latest day: a
# touchpoint added, removed or re-dated behind netlog's back (one index seek each).
SQL_LAST_OFF = (
    "SELECT id FROM contact WHERE last_contact IS NOT "
    "(SELECT max(date) FROM touchpoint WHERE touchpoint.contact_id = contact.id)"
)


def check_pending(
    conn: sqlite3.Connection, report: Report, settings: Any, *, full: bool = True
) -> None:
    """Compare the stored follow-ups with a fresh recompute: of every contact
    when ``full`` or the network is small, else of today's slice of
    :data:`SAMPLE` contacts and every contact :data:`SQL_LAST_OFF` finds."""
    from netlog import followups
    from netlog.storage import records

    stored_rules = records.meta_get(conn, "rules")
    if stored_rules is not None and stored_rules != followups.rules_fingerprint(settings):
        report.notes.append(
            "the settings or rules changed since follow-ups were computed; "
            "netlog recomputes them on the next 'due', 'list' or 'show'"
        )
        return
    if not full:
        ids = [r[0] for r in conn.execute("SELECT id FROM contact ORDER BY id")]
        slices = -(-len(ids) // SAMPLE)
        if slices > 1:
            _check_pending_slice(conn, report, settings, ids, slices)
            return
    _check_pending_all(conn, report, settings)


def _check_pending_all(conn: sqlite3.Connection, report: Report, settings: Any) -> None:
    differ, stale_last = differing_all(conn, settings)
    if differ or stale_last:
        _differ(report, len(differ | stale_last))  # a contact whose both differ counts once
    else:
        report.ok("stored follow-ups match a fresh recompute")


def _check_pending_slice(
    conn: sqlite3.Connection, report: Report, settings: Any, ids: list[int], slices: int
) -> None:
    """:func:`_check_pending_all` for today's slice of the contacts (one id in
    ``slices``) and the contacts :data:`SQL_LAST_OFF` finds."""
    from netlog.dates import today

    chosen = todays_slice(conn, ids, slices, today().toordinal())
    differ = differing(conn, settings, chosen)
    if differ:
        _differ(
            report,
            len(differ),
            f" of the {len(chosen)} checked today (netlog doctor --full checks all {len(ids)})",
        )
    else:
        report.ok(
            f"stored follow-ups match a fresh recompute for {len(chosen)} of {len(ids)} "
            f"contacts (today's 1 in {slices}, and any whose last-contact day is off; "
            "netlog doctor --full checks all)"
        )


def todays_slice(conn: sqlite3.Connection, ids: list[int], slices: int, day: int) -> set[int]:
    """The contacts a default run recomputes on ``day`` (a day number): the ids
    equal to ``day`` modulo ``slices``, and those :data:`SQL_LAST_OFF` finds."""
    turn = day % slices
    chosen = {cid for cid in ids if cid % slices == turn}
    chosen |= {r[0] for r in conn.execute(SQL_LAST_OFF)}
    return chosen


def differing_all(conn: sqlite3.Connection, settings: Any) -> tuple[set[int], set[int]]:
    """The contacts whose stored follow-ups, and those whose stored last-contact
    day, differ from a fresh recompute of every contact."""
    from netlog import followups
    from netlog.storage import contacts as contact_rows

    # A few hundred contacts at a time, each batch's expected items compared
    # with the stored rows of the same ids: memory stays flat however long the log.
    differ: set[int] = set()
    stale_last: set[int] = set()
    for batch, owed in followups.expected(conn, settings):
        want: Counter[tuple[Any, ...]] = Counter(
            (p.contact_id, p.rule, p.due.isoformat(), p.reason, p.action) for p in owed.items
        )
        last_wanted = {
            cid: day.isoformat() if day else None for cid, day in owed.last_contact.items()
        }
        bounds = (
            -contact_rows.MAX_ID - 1 if batch.low is None else batch.low,
            contact_rows.MAX_ID if batch.high is None else batch.high,
        )
        have: Counter[tuple[Any, ...]] = Counter(
            tuple(r)
            for r in conn.execute(
                "SELECT contact_id, rule, due, reason, action FROM pending "
                "WHERE contact_id > ? AND contact_id <= ?",
                bounds,
            )
        )
        differ |= {k[0] for k in (want - have) + (have - want)}
        stale_last |= {
            cid
            for cid, last in conn.execute(
                "SELECT id, last_contact FROM contact WHERE id > ? AND id <= ?", bounds
            )
            if last_wanted.get(cid) != last
        }
    return differ, stale_last


def differing(conn: sqlite3.Connection, settings: Any, chosen: Iterable[int]) -> set[int]:
    """The contacts of ``chosen`` whose stored follow-ups or last-contact day
    differ from a fresh recompute (the comparison of :func:`differing_all`)."""
    from netlog import followups

    differ: set[int] = set()
    for chunk, owed in followups.expected_for(conn, chosen, settings):
        marks = ", ".join("?" * len(chunk))
        want: Counter[tuple[Any, ...]] = Counter(
            (p.contact_id, p.rule, p.due.isoformat(), p.reason, p.action) for p in owed.items
        )
        have: Counter[tuple[Any, ...]] = Counter(
            tuple(r)
            for r in conn.execute(
                "SELECT contact_id, rule, due, reason, action FROM pending "
                f"WHERE contact_id IN ({marks})",
                chunk,
            )
        )
        differ |= {k[0] for k in (want - have) + (have - want)}
        last_wanted = {
            cid: day.isoformat() if day else None for cid, day in owed.last_contact.items()
        }
        differ |= {
            cid
            for cid, last in conn.execute(
                f"SELECT id, last_contact FROM contact WHERE id IN ({marks})", chunk
            )
            if last_wanted.get(cid) != last
        }
    return differ


def _differ(report: Report, count: int, checked: str = "") -> None:
    report.bad(
        "follow-ups",
        f"stored follow-ups differ from a fresh recompute for {count} contact(s){checked}",
        "netlog doctor --fix   (recomputes them from the log)",
        fixable=True,
    )


# --- the whole check ------------------------------------------------------------


def _header(path: Path) -> tuple[str | None, int, int]:
    """(problem, page size, pages in header) from the file's first 100 bytes."""
    from netlog.storage.header import HEADER_SIZE, is_sqlite_header

    with path.open("rb") as handle:
        head = handle.read(HEADER_SIZE)
    if not head:
        return None, 0, 0
    if not is_sqlite_header(head):
        return "not an SQLite database file", 0, 0
    page_size = int.from_bytes(head[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(head[28:32], "big")
    valid = head[24:28] == head[92:96]
    return None, page_size, pages if valid else 0


def _wal_has_frames(path: Path) -> bool:
    """True when ``path-wal`` holds committed pages not yet copied into the file."""
    wal = Path(f"{path}-wal")
    try:
        return wal.is_file() and wal.stat().st_size > 32
    except OSError:
        return False


def check_leftovers(report: Report) -> None:
    from netlog.files import stale_temps

    stale = stale_temps(report.path.parent)
    if stale:
        names = ", ".join(p.name for p in stale[:3]) + (" …" if len(stale) > 3 else "")
        report.bad(
            "leftovers",
            f"{len(stale)} temporary file(s) left by an interrupted netlog: {names}",
            "netlog doctor --fix   (removes them; any netlog write does too)",
            fixable=True,
        )


def diagnose(path: Path | str, settings: Any, *, full: bool = False) -> Report:
    """What is wrong with the database at ``path`` and what to do about it.

    SQLite's ``quick_check`` vouches for the file's pages unless ``full`` asks
    for its ``integrity_check``, which also reads every index against its
    table (about six times as long on a large file). On a network of more
    than :data:`SAMPLE` contacts the stored follow-ups are recomputed for a
    different slice each day unless ``full`` asks for every contact
    (:func:`check_pending`).
    """
    if isinstance(path, str):  # a PostgreSQL URL
        from netlog.doctor_pg import diagnose as diagnose_pg

        return diagnose_pg(path, settings, functools.partial(check_pending, full=full))
    report = Report(path)
    if not path.exists():
        report.notes.append(f"no database at {path} yet: netlog creates it on first use")
        return report
    if not path.is_file():
        report.bad(
            "file",
            f"{path} is not a regular file (a folder, pipe, device or socket)",
            "point --db or NETLOG_DB at your netlog database",
        )
        return report
    check_leftovers(report)
    try:
        problem, page_size, pages = _header(path)
    except OSError as exc:
        report.bad("file", f"cannot read {path}: {exc.strerror}", "check the file's owner and mode")
        return report
    restore = "netlog restore BACKUP-FILE   (netlog keeps backups next to the database)"
    if problem:
        report.bad("file", f"{path} is {problem}", restore)
        return report
    if page_size == 0:
        check_modes(report)
        report.notes.append(
            f"{path} is empty (a first use was interrupted): netlog sets it up on next use"
        )
        return report
    # A file shorter than its header says is normal while the WAL still holds
    # the pages (a checkpoint cut short by a kill or a full disk): SQLite reads
    # them from there, and the quick or integrity check below judges the result.
    if pages and path.stat().st_size < pages * page_size and not _wal_has_frames(path):
        report.bad(
            "file",
            f"{path} is truncated ({path.stat().st_size} bytes, header says {pages * page_size})",
            restore,
        )
        return report
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, isolation_level=None)
    except sqlite3.Error as exc:
        report.bad("file", f"SQLite cannot open {path}: {exc}", restore)
        return report
    try:
        _diagnose_open(conn, report, settings, restore, full=full)
    except sqlite3.DatabaseError as exc:
        report.bad("integrity", f"SQLite cannot read the file: {exc}", restore)
    finally:
        conn.close()
    return report


def _diagnose_open(
    conn: sqlite3.Connection, report: Report, settings: Any, restore: str, *, full: bool
) -> None:
    conn.execute("PRAGMA busy_timeout = 5000")
    app_id = conn.execute("PRAGMA application_id").fetchone()[0]
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if app_id != APPLICATION_ID:
        report.bad(
            "file",
            f"{report.path} belongs to another application (application_id {app_id})",
            "point --db or NETLOG_DB at your netlog database",
        )
        return
    check_modes(report)  # only netlog's own files: another application's are not ours
    check = "integrity_check" if full else "quick_check"
    lines = [r[0] for r in conn.execute(f"PRAGMA {check}(20)")]
    if lines != ["ok"]:
        report.bad("integrity", "; ".join(lines[:3]), restore)
        return
    report.ok(check if full else f"{check} (netlog doctor --full runs integrity_check)")
    bad_keys = conn.execute("PRAGMA foreign_key_check").fetchall()
    if bad_keys:
        for table, rowid, parent, _ in bad_keys[:MAX_LISTED]:
            report.bad(
                "foreign keys",
                f"{table} #{rowid} points to a {parent} that does not exist",
                _sql_fix(report.path, f"DELETE FROM {table} WHERE id = {rowid}"),
            )
    else:
        report.ok("foreign_key_check")
    if version > LATEST:
        report.bad(
            "schema",
            f"schema {version} was written by a newer netlog (this one knows {LATEST})",
            "upgrade netlog",
        )
        return
    if version < LATEST:
        report.bad(
            "schema",
            f"schema {version}, latest is {LATEST}",
            "netlog doctor --fix, or any netlog command, upgrades it (a backup is kept first)",
            fixable=True,
        )
        return
    check_schema(conn, report)
    if conn.execute("SELECT count(*) FROM change_open").fetchone()[0]:
        report.bad(
            "change log",
            "a change was left open: later writes would be logged into it",
            "netlog doctor --fix",
            fixable=True,
        )
    unreadable = check_rows(conn, report)
    if unreadable or bad_keys:
        report.notes.append("follow-ups not compared: fix the rows above first")
        return
    with contextlib.suppress(sqlite3.OperationalError):
        conn.execute("BEGIN")
    try:
        check_pending(conn, report, settings, full=full)
    finally:
        with contextlib.suppress(sqlite3.OperationalError):
            conn.execute("ROLLBACK")


def fix(path: Path, report: Report, settings: Any) -> list[str]:
    """Repair what can be repaired safely; returns what was done."""
    from netlog import followups
    from netlog.storage.db import open_db

    done: list[str] = []
    checks = {f.check for f in report.problems if f.fixable}
    if "file modes" in checks:
        done.append(f"set private modes on {fix_modes(path)} file(s)")
    if "leftovers" in checks:
        from netlog.files import sweep

        done.append(f"removed {sweep(path.parent)} temporary file(s) of an interrupted netlog")
    if checks & {"schema", "change log", "follow-ups"}:
        readable = not any(f.check in ("rows", "foreign keys") for f in report.problems)
        db = open_db(path)  # migrates an older schema, keeping a backup first
        try:
            with db.write() as conn:
                conn.execute("DELETE FROM change_open")
                count = followups.refresh_all(conn, settings) if readable else 0
        finally:
            db.close()
        if "schema" in checks:
            done.append(f"upgraded the schema to version {LATEST} (a backup was kept)")
        if readable:
            done.append(f"recomputed the follow-ups of {count} contact(s)")
        if "file modes" in checks:
            fix_modes(path)
    return done
