"""``netlog doctor`` on a long log: contacts checked a few at a time, plainly
valid rows vouched for by SQLite. It must find exactly what a check of every
value, and of every contact at once, finds."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from netlog import doctor, doctor_checks
from netlog.config import Settings
from netlog.demo import load_demo
from netlog.storage import contacts
from netlog.storage.db import open_db


@pytest.fixture
def demo_file(tmp_path: Path) -> Path:
    path = tmp_path / "n.db"
    db = open_db(path)
    load_demo(db, Settings(), date(2026, 11, 23))
    db.close()
    return path


def _problems(path: Path) -> list[str]:
    report = doctor.diagnose(path, Settings())
    return [f.problem for f in report.problems if f.problem]


def test_stale_follow_ups_are_found_in_every_batch_and_counted_once_per_contact(
    demo_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(contacts, "REFRESH_CHUNK", 3)
    assert _problems(demo_file) == []
    conn = sqlite3.connect(demo_file)
    with conn:
        first, *_, last = [r[0] for r in conn.execute("SELECT DISTINCT contact_id FROM pending")]
        conn.execute("DELETE FROM pending WHERE contact_id = ?", (first,))
        conn.execute("UPDATE pending SET due = '2030-01-01' WHERE contact_id = ?", (last,))
        conn.execute("UPDATE contact SET last_contact = '2001-01-01' WHERE id = 6")
    conn.close()
    assert _problems(demo_file) == [
        "stored follow-ups differ from a fresh recompute for 3 contact(s)"
    ]


ODD_VALUES: list[tuple[str, str, Any]] = [
    ("contact", "name", "\t"),  # only whitespace: SQL's trim() would keep it
    ("contact", "name", "Ω"),  # no ASCII letter, and fine
    ("contact", "types", '["mentor", "guru"]'),
    ("contact", "types", '["sponsor"]'),  # fine
    ("contact", "tags", "[1]"),
    ("contact", "cadence_days", 30.0),
    ("contact", "core", 1.0),  # Python takes 1.0 for 1: fine
    ("contact", "created", "2026-11-23T10:00:00"),  # fine
    ("contact", "snoozed_until", "0000-01-01"),
    ("touchpoint", "date", "2026-02-30"),
    ("touchpoint", "date", "2026-1-05"),
    ("touchpoint", "follow_up", "2026-12-01 "),
    ("touchpoint", "kind", "Meeting"),
    ("touchpoint", "awaiting_reply", "1"),
    ("activity", "kind", "nap"),
    ("letter", "status", "asked "),
]


def _every_value_in_python(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    found = []
    for table, checks in doctor_checks.ROW_CHECKS.items():
        columns = ", ".join(f'"{c}"' for c, *_ in checks)
        for row in conn.execute(f"SELECT id, {columns} FROM {table} ORDER BY id"):
            for (column, valid, what, _), value in zip(checks, row[1:], strict=True):
                if not valid(value):
                    shown = "" if column == "name" else f" {doctor_checks._short(value)}"
                    found.append(f"{table} #{row[0]}: {column}{shown} {what}")
    conn.close()
    return found


def test_doctor_finds_exactly_the_values_a_check_of_every_value_finds(demo_file: Path) -> None:
    conn = sqlite3.connect(demo_file)
    with conn:
        for _ in range(3):
            conn.execute(
                "INSERT INTO letter (contact_id, status, asked_on, program) "
                "VALUES (1, 'asked', '2026-11-01', 'Ortho')"
            )
            conn.execute(
                "INSERT INTO activity (kind, date, text, virtual, created) "
                "VALUES ('read', '2026-11-20', 'a paper', 0, '2026-11-20')"
            )
        rows: dict[str, int] = {}
        for table, column, value in ODD_VALUES:
            # One odd value a row: the others of the row are plainly valid.
            rows[table] = rows.get(table, 0) + 1
            if table == "contact":
                conn.execute(
                    "UPDATE contact SET types = '[]', mentor_kinds = '[]', tags = '[]' "
                    "WHERE id = ?",
                    (rows[table],),
                )
            conn.execute(f'UPDATE {table} SET "{column}" = ? WHERE id = ?', (value, rows[table]))
    conn.close()
    expected = _every_value_in_python(demo_file)
    assert len(expected) >= 10
    rows = [
        p
        for p in _problems(demo_file)
        if p.split(":")[0].split(" #")[0] in doctor_checks.ROW_CHECKS
    ]
    assert rows == expected


def test_an_index_out_of_step_with_its_table_needs_the_full_check(demo_file: Path) -> None:
    """The quick check reads every page; only --full (integrity_check) also
    compares each index with its table."""
    conn = sqlite3.connect(demo_file)
    conn.execute("PRAGMA writable_schema = ON")
    with conn:  # the index keeps its entries for email, but claims to index phone
        conn.execute(
            "UPDATE sqlite_master SET sql = 'CREATE INDEX ix_contact_email ON contact (phone)' "
            "WHERE name = 'ix_contact_email'"
        )
    conn.close()
    quick = doctor.diagnose(demo_file, Settings())
    assert [f.problem for f in quick.problems] == []
    assert "quick_check (netlog doctor --full runs integrity_check)" in [
        f.check for f in quick.findings
    ]
    full = doctor.diagnose(demo_file, Settings(), full=True)
    assert [f.check for f in full.problems] == ["integrity"]
    assert "missing from index ix_contact_email" in (full.problems[0].problem or "")


def test_a_healthy_file_passes_the_full_check(demo_file: Path) -> None:
    report = doctor.diagnose(demo_file, Settings(), full=True)
    assert report.problems == []
    assert "integrity_check" in [f.check for f in report.findings]
