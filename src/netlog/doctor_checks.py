"""What ``netlog doctor`` checks in an open file: file modes, the schema, readable rows.

Each check adds its findings to a :class:`Report`; none changes the file.
The whole check, the stored follow-ups and the repairs are in :mod:`netlog.doctor`.
"""

from __future__ import annotations

import json
import os
import sqlite3
import stat
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from netlog.storage.migrations import LATEST, latest_statements
from netlog.vocabulary import (
    ACTIVITY_KINDS,
    CHANNELS,
    IN,
    KINDS,
    LETTER_STATUSES,
    MENTOR_KINDS,
    OUT,
    RELATIONSHIP_TYPES,
    TIERS,
)

MAX_LISTED = 20


@dataclass
class Finding:
    check: str
    problem: str | None = None  # None: the check passed
    fix: str = ""
    fixable: bool = False


@dataclass
class Report:
    path: Path
    findings: list[Finding] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def problems(self) -> list[Finding]:
        return [f for f in self.findings if f.problem is not None]

    def ok(self, check: str) -> None:
        self.findings.append(Finding(check))

    def bad(self, check: str, problem: str, fix: str, *, fixable: bool = False) -> None:
        self.findings.append(Finding(check, problem, fix, fixable))


def _sql_fix(path: Path, sql: str) -> str:
    return f'sqlite3 {path} "{sql}"'


def _is_day(value: object) -> bool:
    if not isinstance(value, str) or len(value) != 10:
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _is_list(value: object, allowed: tuple[str, ...] | None = None) -> bool:
    if not isinstance(value, str):
        return False
    try:
        data = json.loads(value)
    except ValueError:
        return False
    if not isinstance(data, list) or not all(isinstance(x, str) for x in data):
        return False
    return allowed is None or all(x in allowed for x in data)


# --- files ----------------------------------------------------------------------


def _own_folder(path: Path) -> bool:
    """True for the data folder netlog made itself (the platform's user data dir).

    A folder the user chose with ``--db`` or ``NETLOG_DB`` (their home, /tmp,
    a synced drive) is theirs: netlog neither judges nor changes its mode.
    """
    from platformdirs import user_data_path

    from netlog.config import APP

    return path.parent.resolve() == user_data_path(APP, appauthor=False).resolve()


def _mode_targets(path: Path) -> Iterator[tuple[Path, int]]:
    if _own_folder(path):
        yield path.parent, 0o700
    for suffix in ("", "-wal", "-shm"):
        candidate = Path(f"{path}{suffix}")
        if candidate.exists():
            yield candidate, 0o600


def check_modes(report: Report) -> None:
    loose = []
    for target, wanted in _mode_targets(report.path):
        mode = stat.S_IMODE(target.stat().st_mode)
        if mode & 0o077:
            loose.append(f"{target} is {mode:04o}")
            report.bad(
                "file modes",
                f"{target} is {mode:04o}: others on this machine can read it",
                f"chmod {wanted:o} {target}   (or: netlog doctor --fix)",
                fixable=True,
            )
    if not loose:
        report.ok("file modes (folder 0700, files 0600)")


def fix_modes(path: Path) -> int:
    fixed = 0
    for target, wanted in _mode_targets(path):
        if stat.S_IMODE(target.stat().st_mode) & 0o077:
            os.chmod(target, wanted)
            fixed += 1
    return fixed


# --- the schema -----------------------------------------------------------------


def expected_schema() -> dict[str, Any]:
    """Tables (with columns), indexes and triggers the models declare, as a new file has them.

    Built from the statements generated from the models (no SQLAlchemy
    needed); every migrated file has exactly these too (tests/test_migrations.py).
    """
    conn = sqlite3.connect(":memory:")
    try:
        for statement in latest_statements():
            conn.execute(statement)
        return schema_of(conn)
    finally:
        conn.close()


def schema_of(conn: sqlite3.Connection) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for kind, name in conn.execute(
        "SELECT type, name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY name"
    ):
        if kind == "table":
            out[f"table {name}"] = [
                (r[1], r[2].upper(), r[3], r[5])
                for r in conn.execute(f'PRAGMA table_info("{name}")')
            ]
        else:
            out[f"{kind} {name}"] = True
    return out


def check_schema(conn: sqlite3.Connection, report: Report) -> None:
    want, have = expected_schema(), schema_of(conn)
    missing = [k for k in want if k not in have]
    differ = [k for k in want if k in have and have[k] != want[k]]
    if missing or differ:
        what = ", ".join([*(f"missing {k}" for k in missing), *(f"changed {k}" for k in differ)])
        report.bad(
            "schema",
            f"the tables differ from what netlog expects: {what}",
            "restore a backup with 'netlog restore FILE', or export and import into a new file",
        )
    else:
        report.ok(f"schema matches netlog's (version {LATEST})")


# --- rows the rules cannot read -------------------------------------------------

RowCheck = tuple[str, Callable[[Any], bool], str, str]

_CONTACT_CHECKS: tuple[RowCheck, ...] = (
    ("name", lambda v: isinstance(v, str) and bool(v.strip()), "is empty", "'a name'"),
    ("types", lambda v: _is_list(v, RELATIONSHIP_TYPES), "is not a list of known types", "'[]'"),
    ("mentor_kinds", lambda v: _is_list(v, MENTOR_KINDS), "is not a list of mentor kinds", "'[]'"),
    ("tags", _is_list, "is not a JSON list of words", "'[]'"),
    ("tier", lambda v: v is None or v in TIERS, "is not a known tier", "NULL"),
    ("core", lambda v: v in (0, 1), "is not 0 or 1", "0"),
    ("archived", lambda v: v in (0, 1), "is not 0 or 1", "0"),
    (
        "cadence_days",
        lambda v: v is None or (isinstance(v, int) and 1 <= v <= 3650),
        "is not a number of days from 1 to 3650",
        "NULL",
    ),
    ("snoozed_until", lambda v: v is None or _is_day(v), "is not a date", "NULL"),
    ("created", lambda v: isinstance(v, str) and _is_day(v[:10]), "is not a date", "date('now')"),
)
_TOUCHPOINT_CHECKS: tuple[RowCheck, ...] = (
    ("date", _is_day, "is not a date", "'YYYY-MM-DD'"),
    ("follow_up", lambda v: v is None or _is_day(v), "is not a date", "NULL"),
    ("channel", lambda v: v in CHANNELS, "is not a known channel", "'other'"),
    ("kind", lambda v: v in KINDS, "is not a known kind", "'other'"),
    ("direction", lambda v: v in (IN, OUT), "is not 'in' or 'out'", "'out'"),
    ("awaiting_reply", lambda v: v in (0, 1), "is not 0 or 1", "0"),
)
_ACTIVITY_CHECKS: tuple[RowCheck, ...] = (
    ("date", _is_day, "is not a date", "'YYYY-MM-DD'"),
    ("kind", lambda v: v in ACTIVITY_KINDS, "is not a known activity", "'read'"),
)
_LETTER_CHECKS: tuple[RowCheck, ...] = (
    ("status", lambda v: v in LETTER_STATUSES, "is not a known status", "'asked'"),
    ("asked_on", lambda v: v is None or _is_day(v), "is not a date", "NULL"),
    ("deadline", lambda v: v is None or _is_day(v), "is not a date", "NULL"),
    ("updated", lambda v: v is None or _is_day(v), "is not a date", "NULL"),
)
_SKIP_CHECKS: tuple[RowCheck, ...] = (("due", _is_day, "is not a date", "'YYYY-MM-DD'"),)
ROW_CHECKS: dict[str, tuple[RowCheck, ...]] = {
    "contact": _CONTACT_CHECKS,
    "touchpoint": _TOUCHPOINT_CHECKS,
    "activity": _ACTIVITY_CHECKS,
    "letter": _LETTER_CHECKS,
    "skip": _SKIP_CHECKS,
}


def _text_in(values: tuple[str, ...]) -> str:
    # A text is never equal to a number or a blob, and no word of a set looks
    # like a number, so no typeof() is needed (it would cost a call a row).
    quoted = ", ".join("'" + v.replace("'", "''") + "'" for v in values)
    return "{c} IN (" + quoted + ")"


# date() always gives a text of ten characters, so a value equal to it is one.
# (date() alone takes 2026-02-30 as it is; a modifier makes it a real day.)
_DAY = "{c} >= '0001' AND date({c}, '+0 days') = {c}"
_FLAG = "typeof({c}) = 'integer' AND {c} IN (0, 1)"
# Keyed by column: every column of the same name is checked the same way.
_SURE: dict[str, str] = {
    "name": "typeof({c}) = 'text' AND {c} GLOB '*[A-Za-z0-9]*'",
    "types": "{c} = '[]'",
    "mentor_kinds": "{c} = '[]'",
    "tags": "{c} = '[]'",
    "tier": "{c} IS NULL OR " + _text_in(TIERS),
    "core": _FLAG,
    "archived": _FLAG,
    "awaiting_reply": _FLAG,
    "cadence_days": "{c} IS NULL OR (typeof({c}) = 'integer' AND {c} BETWEEN 1 AND 3650)",
    "snoozed_until": "{c} IS NULL OR (" + _DAY + ")",
    "follow_up": "{c} IS NULL OR (" + _DAY + ")",
    "asked_on": "{c} IS NULL OR (" + _DAY + ")",
    "deadline": "{c} IS NULL OR (" + _DAY + ")",
    "updated": "{c} IS NULL OR (" + _DAY + ")",
    "created": "typeof({c}) = 'text' AND (" + _DAY.replace("{c}", "substr({c}, 1, 10)") + ")",
    "date": _DAY,
    "channel": _text_in(CHANNELS),
    "direction": _text_in((IN, OUT)),
}
_SURE_BY_TABLE = {
    "touchpoint": {"kind": _text_in(KINDS)},
    "activity": {"kind": _text_in(ACTIVITY_KINDS)},
    "letter": {"status": _text_in(LETTER_STATUSES)},
}


def _row_filter(
    table: str, checks: tuple[RowCheck, ...], vouched: dict[str, str] | None = None
) -> str:
    parts = []
    for column, *_ in checks:
        sql = (vouched or {}).get(column)
        if sql is None:
            sql = _SURE_BY_TABLE.get(table, {}).get(column) or _SURE.get(column)
        parts.append(f"({sql.format(c=chr(34) + column + chr(34))})" if sql else "0")
    return " AND ".join(parts)


# A column with more distinct values than this is judged row by row.
MAX_DISTINCT = 5000
# Columns judged value by value, each distinct value once, before the rows are
# read: SQL cannot judge a JSON list as Python does, and a network has a few
# thousand lists of tags at most (the other columns that lead an index are too).
_BY_VALUE = frozenset({("contact", "types"), ("contact", "mentor_kinds"), ("contact", "tags")})


def vouched_terms(
    conn: sqlite3.Connection, table: str, checks: tuple[RowCheck, ...]
) -> dict[str, str]:
    """SQL that vouches for some text columns of ``table`` better than :data:`_SURE`:
    each distinct value is judged once by the column's own check, and the rows
    holding a value it took are vouched for (every row, when it took them all).

    The columns are those of :data:`_BY_VALUE` and those that lead an index,
    whose distinct values the index gives at once (a date column's few thousand
    among a million rows). Like every query an index answers, this trusts the
    index to hold its table's values; ``doctor --full``'s integrity_check checks it.
    """
    text = {r[1] for r in conn.execute(f'PRAGMA table_info("{table}")') if r[2].upper() == "TEXT"}
    leading = set()
    for index in conn.execute(f'PRAGMA index_list("{table}")').fetchall():
        first = conn.execute(f'PRAGMA index_xinfo("{index[1]}")').fetchone()
        if first is not None and first[4] == "BINARY":
            leading.add(first[2])
    out: dict[str, str] = {}
    for column, valid, *_ in checks:
        if column not in text or (column not in leading and (table, column) not in _BY_VALUE):
            continue
        values = [
            v
            for (v,) in conn.execute(
                f'SELECT DISTINCT "{column}" COLLATE BINARY FROM {table} LIMIT {MAX_DISTINCT + 1}'
            )
        ]
        if len(values) > MAX_DISTINCT:
            continue
        good = [v for v in values if valid(v)]
        if len(good) == len(values):
            out[column] = "1"
            continue
        literals = ["'" + v.replace("'", "''") + "'" for v in good if _literal(v)]
        if literals:
            out[column] = "{c} COLLATE BINARY IN (" + ", ".join(literals) + ")"
    return out


def _literal(value: object) -> bool:
    """True for a text SQL can quote as it is (and :meth:`str.format` leaves alone)."""
    return isinstance(value, str) and not any(ch in value for ch in "\x00{}")


def check_rows(conn: sqlite3.Connection, report: Report) -> int:
    """Report values the rules cannot read; returns how many were found."""

    def rows(table: str, checks: tuple[RowCheck, ...]) -> Iterable[Sequence[Any]]:
        columns = ", ".join(f'"{c}"' for c, *_ in checks)
        sure = _row_filter(table, checks, vouched_terms(conn, table, checks))
        return conn.execute(
            f"SELECT id, {columns} FROM {table} WHERE NOT coalesce({sure}, 0) ORDER BY id"
        )

    return judge_rows(report, rows, lambda sql: _sql_fix(report.path, sql))


def judge_rows(
    report: Report,
    rows: Callable[[str, tuple[RowCheck, ...]], Iterable[Sequence[Any]]],
    fix: Callable[[str], str],
) -> int:
    """Judge every row ``rows(table, checks)`` gives (``id`` first, then the checked
    columns) and report the unreadable values, each with the command ``fix`` gives
    for its repair; returns how many were found. Both engines' doctors use it."""
    found = 0
    for table, checks in ROW_CHECKS.items():
        # Each value is judged once: a verdict is kept by type and value.
        verdicts: list[dict[tuple[type, Any], bool]] = [{} for _ in checks]
        for row in rows(table, checks):
            for (column, valid, what, placeholder), value, seen in zip(
                checks, row[1:], verdicts, strict=True
            ):
                key = (type(value), value)
                ok = seen.get(key)
                if ok is None:
                    ok = seen[key] = valid(value)
                if ok:
                    continue
                found += 1
                if found > MAX_LISTED:
                    continue
                shown = "" if column == "name" else f" {_short(value)}"
                report.bad(
                    "rows",
                    f"{table} #{row[0]}: {column}{shown} {what}",
                    fix(f"UPDATE {table} SET {column} = {placeholder} WHERE id = {row[0]}"),
                )
    if found > MAX_LISTED:
        report.bad(
            "rows",
            f"{found - MAX_LISTED} more unreadable values not listed",
            "fix the ones above and run 'netlog doctor' again",
        )
    if not found:
        report.ok("every row readable by the rules")
    return found


def _short(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 24 else text[:21] + "..."
