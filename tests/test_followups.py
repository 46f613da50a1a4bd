"""One recompute keeps the stored follow-ups current: after a write, an import,
a settings change, and in doctor's check, the same items for the same log."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from netlog import followups, service
from netlog.config import Settings
from netlog.demo import load_demo
from netlog.domain import Intervals
from netlog.service import ContactInput, TouchpointInput
from netlog.storage import records
from netlog.storage.db import Database, open_db

MONDAY = date(2026, 11, 23)


def stored(db: Database) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
    with db.read() as conn:
        pending = conn.execute(
            "SELECT contact_id, rule, due, reason, action, starts, ends FROM pending "
            "ORDER BY contact_id, rule, due"
        ).fetchall()
        last = conn.execute("SELECT id, last_contact FROM contact ORDER BY id").fetchall()
    return pending, last


def demo(tmp_path: Path) -> tuple[Database, Settings]:
    db = open_db(tmp_path / "netlog.db")
    settings = Settings()
    load_demo(db, settings, MONDAY)
    return db, settings


def test_a_conference_follow_up_is_the_date_the_rules_stored(tmp_path: Path) -> None:
    db = open_db(tmp_path / "netlog.db")
    settings = Settings(intervals=Intervals(conference=4))
    met = service.add_contact(
        db, settings, ContactInput(name="Dr. Maya Patel"), today=MONDAY, at="AAOS 2026"
    )
    plain = service.add_contact(db, settings, ContactInput(name="Sam Okafor"), today=MONDAY)
    assert service.conference_follow_up(db, met) == MONDAY + timedelta(days=4)
    assert service.conference_follow_up(db, plain) is None
    service.log_touchpoint(
        db, settings, str(met), TouchpointInput(kind="thanks", day=MONDAY), today=MONDAY
    )
    assert service.conference_follow_up(db, met) is None  # the note went out


def test_every_path_stores_what_one_fresh_recompute_gives(tmp_path: Path) -> None:
    db, settings = demo(tmp_path)
    after_writes = stored(db)
    with db.write() as conn:
        ids = [r[0] for r in conn.execute("SELECT id FROM contact")]
        conn.execute("DELETE FROM pending")
        followups.refresh_many(conn, ids, settings)
    assert stored(db) == after_writes
    with db.write() as conn:
        conn.execute("DELETE FROM pending")
        conn.execute("UPDATE contact SET last_contact = NULL")
        followups.refresh(conn, ids, settings)
    assert stored(db) == after_writes
    with db.write() as conn:
        conn.execute("DELETE FROM pending")
        assert followups.refresh_all(conn, settings) == len(ids)
    assert stored(db) == after_writes


def test_doctor_expects_exactly_what_is_stored(tmp_path: Path) -> None:
    db, settings = demo(tmp_path)
    pending, last = stored(db)
    with db.read() as conn:
        batches = list(followups.expected(conn, settings))
    items = sorted(
        (p.contact_id, p.rule, p.due.isoformat(), p.reason, p.action)
        for _, owed in batches
        for p in owed.items
    )
    assert items == sorted(row[:5] for row in pending)
    days = {
        cid: d.isoformat() if d else None for _, o in batches for cid, d in o.last_contact.items()
    }
    assert days == dict(last)


def test_a_settings_change_recomputes_on_the_next_open(tmp_path: Path) -> None:
    db, settings = demo(tmp_path)
    followups.ensure_current(db, settings)
    before = stored(db)
    slower = Settings(intervals=Intervals(keep_warm=365))
    followups.ensure_current(db, slower)
    assert stored(db) != before
    with db.read() as conn:
        fingerprint = records.meta_get(conn, "rules")
    assert fingerprint == followups.rules_fingerprint(slower)
    followups.ensure_current(db, settings)
    assert stored(db) == before


def test_the_storage_runs_no_rules_and_reads_no_settings() -> None:
    import ast

    import netlog.storage

    folder = Path(netlog.storage.__file__).parent
    for path in sorted(folder.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module:
                names.add(node.module)
                names |= {f"{node.module}.{a.name}" for a in node.names}
            elif isinstance(node, ast.Import):
                names |= {a.name for a in node.names}
        assert not names & {"netlog.rules", "netlog.config", "netlog.followups"}, path.name
