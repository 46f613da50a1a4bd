"""``netlog doctor`` on a long log: contacts checked a few at a time, plainly
valid rows vouched for by SQLite. It must find exactly what a check of every
value, and of every contact at once, finds."""

from __future__ import annotations

import contextlib
import json
import shutil
import sqlite3
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from netlog import doctor, doctor_checks
from netlog.config import Settings
from netlog.demo import load_demo
from netlog.storage import contacts
from netlog.storage.db import open_db
from netlog.vocabulary import ACTIVITY_KINDS, CHANNELS, KINDS, LETTER_STATUSES, TIERS


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


# --- a large network: today's slice of the contacts ---------------------------


def _findings(path: Path, *, full: bool = False) -> list[str]:
    report = doctor.diagnose(path, Settings(), full=full)
    return [
        f.problem or f.check for f in report.findings if "follow-ups" in f.check + (f.problem or "")
    ]


def _todays_turn(slices: int) -> int:
    from netlog.dates import today

    return today().toordinal() % slices


def test_a_large_network_recomputes_todays_slice_and_says_so(
    demo_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NETLOG_TODAY", "2026-11-23")
    monkeypatch.setattr(doctor, "SAMPLE", 3)  # the demo's 11 contacts: 1 in 4 a day
    turn = _todays_turn(4)
    chosen = [cid for cid in range(1, 12) if cid % 4 == turn]
    assert _findings(demo_file) == [
        f"stored follow-ups match a fresh recompute for {len(chosen)} of 11 contacts "
        "(today's 1 in 4, and any whose last-contact day is off; "
        "netlog doctor --full checks all)"
    ]
    assert _findings(demo_file, full=True) == ["stored follow-ups match a fresh recompute"]
    monkeypatch.setattr(doctor, "SAMPLE", 11)  # no larger than the network: every contact
    assert _findings(demo_file) == ["stored follow-ups match a fresh recompute"]


def test_stored_items_out_of_todays_slice_need_the_full_check_or_another_day(
    demo_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NETLOG_TODAY", "2026-11-23")
    monkeypatch.setattr(doctor, "SAMPLE", 3)
    turn = _todays_turn(4)
    conn = sqlite3.connect(demo_file)
    with conn:
        owed = [r[0] for r in conn.execute("SELECT DISTINCT contact_id FROM pending")]
        other = next(cid for cid in owed if cid % 4 != turn)
        conn.execute("DELETE FROM pending WHERE contact_id = ?", (other,))
    conn.close()
    differ = "stored follow-ups differ from a fresh recompute for 1 contact(s)"
    assert "stored follow-ups match" in _findings(demo_file)[0]
    assert _findings(demo_file, full=True) == [differ]
    monkeypatch.setenv("NETLOG_TODAY", date(2026, 11, 23 + (other - turn) % 4).isoformat())
    checked = len([cid for cid in range(1, 12) if cid % 4 == other % 4])
    assert _findings(demo_file) == [
        f"{differ} of the {checked} checked today (netlog doctor --full checks all 11)"
    ]


def test_a_touchpoint_logged_behind_netlogs_back_is_found_on_any_contact(
    demo_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NETLOG_TODAY", "2026-11-23")
    monkeypatch.setattr(doctor, "SAMPLE", 3)
    turn = _todays_turn(4)
    other = next(cid for cid in range(1, 12) if cid % 4 != turn)
    conn = sqlite3.connect(demo_file)
    with conn:
        conn.execute(
            "INSERT INTO touchpoint (contact_id, date, channel, kind, direction, created) "
            "VALUES (?, '2026-11-22', 'email', 'update', 'out', '2026-11-22')",
            (other,),
        )
    conn.close()
    checked = len([cid for cid in range(1, 12) if cid % 4 == turn]) + 1
    assert _findings(demo_file) == [
        "stored follow-ups differ from a fresh recompute for 1 contact(s) "
        f"of the {checked} checked today (netlog doctor --full checks all 11)"
    ]


@pytest.fixture(scope="module")
def demo_original(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A demo network made once for the property test, copied for each example."""
    path = tmp_path_factory.mktemp("demo") / "n.db"
    db = open_db(path)
    load_demo(db, Settings(), date(2026, 11, 23))
    db.close()
    return path


_DAMAGE = st.lists(
    st.tuples(
        st.sampled_from(
            [
                "drop item",
                "move item",
                "extra item",
                "last day",
                "add touchpoint",
                "drop touchpoint",
                "redate touchpoint",
            ]
        ),
        st.integers(min_value=0, max_value=200),
    ),
    max_size=6,
)


def _damage(conn: sqlite3.Connection, what: str, n: int) -> None:
    def nth(table: str) -> int | None:
        ids = [r[0] for r in conn.execute(f"SELECT id FROM {table} ORDER BY id")]
        return ids[n % len(ids)] if ids else None

    cid = 1 + n % 11
    if what == "drop item":
        conn.execute("DELETE FROM pending WHERE id = ?", (nth("pending"),))
    elif what == "move item":
        conn.execute("UPDATE pending SET due = '2030-01-01' WHERE id = ?", (nth("pending"),))
    elif what == "extra item":
        conn.execute(
            "INSERT INTO pending (contact_id, rule, due, reason, action) "
            "VALUES (?, 'cadence', '2026-12-01', 'a reason', 'an action')",
            (cid,),
        )
    elif what == "last day":
        day = None if n % 3 == 0 else f"20{10 + n % 17}-0{1 + n % 9}-1{n % 10}"
        conn.execute("UPDATE contact SET last_contact = ? WHERE id = ?", (day, cid))
    elif what == "add touchpoint":
        conn.execute(
            "INSERT INTO touchpoint (contact_id, date, channel, kind, direction, "
            "awaiting_reply, created) VALUES (?, ?, 'email', 'ask', 'out', 1, '2026-01-01')",
            (cid, f"2026-{1 + n % 12:02d}-{1 + n % 28:02d}"),
        )
    elif what == "drop touchpoint":
        conn.execute("DELETE FROM touchpoint WHERE id = ?", (nth("touchpoint"),))
    else:
        conn.execute("UPDATE touchpoint SET date = '2019-05-05' WHERE id = ?", (nth("touchpoint"),))


@settings(max_examples=60, deadline=None)
@given(damage=_DAMAGE, chosen=st.sets(st.integers(min_value=1, max_value=12)))
def test_a_slice_finds_exactly_what_the_full_check_finds_among_its_contacts(
    demo_original: Path, damage: list[tuple[str, int]], chosen: set[int]
) -> None:
    """The default run's recompute of some contacts is the full check's, limited
    to them; its last-day query finds every contact the full check finds so."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "n.db"
        shutil.copyfile(demo_original, path)
        conn = sqlite3.connect(path)
        with conn:
            for what, n in damage:
                _damage(conn, what, n)
        conn.execute("BEGIN")
        items, days = doctor.differing_all(conn, Settings())
        assert doctor.differing(conn, Settings(), chosen) == (items | days) & chosen
        assert {r[0] for r in conn.execute(doctor.SQL_LAST_OFF)} == days
        ids = list(range(1, 12))
        slices = {cid for day in range(4) for cid in doctor.todays_slice(conn, ids, 4, day)}
        assert slices == set(ids)
        conn.close()


_WORDS = sorted(
    {"in", "out", "[]", "'[]'", "Ω", "\t"}
    | set(CHANNELS)
    | set(KINDS)
    | set(TIERS)
    | set(LETTER_STATUSES)
    | set(ACTIVITY_KINDS)
)
_VALUES = st.one_of(
    st.none(),
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.floats(allow_nan=False),
    st.text(max_size=12),
    st.binary(max_size=12),
    st.sampled_from(_WORDS),
    st.sampled_from(_WORDS).map(str.upper),
    st.sampled_from(_WORDS).map(str.encode),
    st.dates().map(date.isoformat),
    st.dates().map(lambda d: d.isoformat().encode()),
    st.dates().map(lambda d: d.isoformat() + st_suffix(d)),
    st.sampled_from(["0000-01-01", "2026-02-30", "2026-1-05", "2026-W47-1", "20261123"]),
    st.sampled_from(["2460000.5", "2460000", "1", "0", "1.0", "0.0", " 1"]),
    st.lists(st.sampled_from(_WORDS), max_size=3).map(lambda w: json.dumps(w)),
)


def st_suffix(day: date) -> str:
    return ["", " ", "T10:00:00", "Z", "-01"][day.day % 5]


@settings(max_examples=400, deadline=None)
@given(value=_VALUES, pick=st.integers(min_value=0, max_value=10_000))
def test_sql_vouches_only_for_values_the_python_check_takes(value: Any, pick: int) -> None:
    """A row SQL's filter vouches for is never judged in Python: every value
    the filter of its column takes, the column's check must take too."""
    checks = [(t, c) for t, cs in doctor_checks.ROW_CHECKS.items() for c in cs]
    table, check = checks[pick % len(checks)]
    column, valid = check[0], check[1]
    declared = {name: kind for name, kind, *_ in doctor_checks.expected_schema()[f"table {table}"]}[
        column
    ]
    conn = sqlite3.connect(":memory:")
    conn.execute(f'CREATE TABLE probe ("{column}" {declared})')
    conn.execute("INSERT INTO probe VALUES (?)", (value,))
    term = doctor_checks._row_filter(table, (check,))
    stored, sure = conn.execute(f'SELECT "{column}", coalesce({term}, 0) FROM probe').fetchone()
    conn.close()
    if sure:
        assert valid(stored), (table, column, stored)


_LISTS = st.lists(
    st.sampled_from([*_WORDS, "mentor", "sponsor", "peer", "it's", "{x}", "a\\b"]), max_size=3
).map(json.dumps)


@settings(max_examples=80, deadline=None)
@given(
    edits=st.lists(
        st.tuples(
            st.integers(min_value=0, max_value=10_000),
            st.integers(min_value=1, max_value=12),
            st.one_of(_VALUES, _LISTS),
        ),
        max_size=8,
    )
)
def test_the_rows_doctor_reports_are_those_a_check_of_every_value_reports(
    demo_original: Path, edits: list[tuple[int, int, Any]]
) -> None:
    """Values judged once each (lists, columns an index leads) or vouched for by
    SQL are reported exactly as a check of every value in Python reports them."""
    checks = [(t, c[0]) for t, cs in doctor_checks.ROW_CHECKS.items() for c in cs]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "n.db"
        shutil.copyfile(demo_original, path)
        conn = sqlite3.connect(path)
        with conn:
            conn.execute(
                "INSERT INTO skip (contact_id, rule, due, reason, created) "
                "VALUES (1, 'cadence', '2026-12-01', 'busy', '2026-11-01')"
            )
            for pick, row, value in edits:
                table, column = checks[pick % len(checks)]
                with contextlib.suppress(sqlite3.IntegrityError):
                    conn.execute(f'UPDATE {table} SET "{column}" = ? WHERE id = ?', (value, row))
        conn.close()
        report = doctor_checks.Report(path)
        conn = sqlite3.connect(path)
        doctor_checks.check_rows(conn, report)
        conn.close()
        found = [f.problem for f in report.problems]
        expected = _every_value_in_python(path)
        if len(expected) > doctor_checks.MAX_LISTED:
            expected = expected[: doctor_checks.MAX_LISTED]
            found = found[: doctor_checks.MAX_LISTED]
        assert found == expected
