"""Reads that stream instead of holding everything give what holding everything
gives: ``due --json`` (the same items in the same order as ``due(limit=0)``,
on random networks with namesakes, names that fold alike, snoozes, archived
contacts, items shown only between two days, filters and a pause), the
calendar export, and a long log read by contact."""

from __future__ import annotations

import io
import random
from datetime import date, timedelta
from pathlib import Path

import pytest

from netlog import service
from netlog.config import Settings
from netlog.domain import Pending
from netlog.rules import RULE_IDS
from netlog.storage import contacts, pending, records
from netlog.storage.db import open_db

TODAY = date(2026, 11, 23)
NAMES = (
    "Dr. Maya Patel",
    "dr. maya patel",
    "Élodie Roy",
    "ELODIE ROY",
    "Straße",
    "STRASSE",
    "王伟",
    "محمد حداد",
    "Zoë Kim",
    "zoë kim",
    "Omar",
)


def _network(path: Path, seed: int) -> None:
    rng = random.Random(seed)
    db = open_db(path)
    with db.write() as conn:
        ids = []
        for _ in range(60):
            values = {"name": rng.choice(NAMES), "tags": rng.choice(([], ["ortho"], ["IMG"]))}
            values["core"] = rng.random() < 0.3
            values["archived"] = rng.random() < 0.1
            if rng.random() < 0.15:
                values["snoozed_until"] = TODAY + timedelta(days=rng.randint(-5, 10))
            ids.append(contacts.insert_contact(conn, values, created=TODAY))
        items = []
        for _ in range(400):
            due = TODAY + timedelta(days=rng.randint(-400, 40))
            starts = due - timedelta(days=rng.randint(0, 30)) if rng.random() < 0.2 else None
            ends = due + timedelta(days=rng.randint(0, 60)) if rng.random() < 0.2 else None
            items.append(
                Pending(
                    rng.choice(ids),
                    rng.choice(RULE_IDS),
                    due,
                    f"reason {rng.randint(0, 9)}",
                    f"action {rng.randint(0, 9)}",
                    starts,
                    ends,
                )
            )
        pending.replace_pending(conn, (), items, {})
    db.close()


@pytest.mark.parametrize("seed", range(6))
def test_streamed_items_are_the_items_sorted_whole(tmp_path: Path, seed: int) -> None:
    path = tmp_path / "n.db"
    _network(path, seed)
    db = open_db(path)
    try:
        rng = random.Random(seed)
        for _ in range(8):
            today = TODAY + timedelta(days=rng.randint(-10, 10))
            options = {
                "within": rng.choice((0, 7, 30, 400)),
                "rule": rng.choice((None, None, *RULE_IDS)),
                "tag": rng.choice((None, None, "ortho", "img")),
                "core": rng.random() < 0.3,
            }
            whole = service.due(db, Settings(), today=today, limit=0, **options).items
            streamed = list(service.due_items(db, Settings(), today=today, **options))
            assert streamed == whole
            assert [i.to_json() for i in streamed] == [i.to_json() for i in whole]
    finally:
        db.close()


def test_streamed_items_read_their_text_a_chunk_at_a_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "n.db"
    _network(path, 7)
    monkeypatch.setattr(pending, "TEXT_CHUNK", 3)
    db = open_db(path)
    try:
        whole = service.due(db, Settings(), today=TODAY, within=30, limit=0).items
        assert len(whole) > 10
        assert list(service.due_items(db, Settings(), today=TODAY, within=30)) == whole
    finally:
        db.close()


def test_during_and_after_a_pause_the_stream_is_the_spread_out_list(tmp_path: Path) -> None:
    path = tmp_path / "n.db"
    _network(path, 3)
    db = open_db(path)
    try:
        with db.write() as conn:
            records.meta_set(conn, "pause_start", (TODAY - timedelta(days=20)).isoformat())
            records.meta_set(conn, "pause_until", (TODAY + timedelta(days=5)).isoformat())
        for today in (TODAY, TODAY + timedelta(days=9)):
            whole = service.due(db, Settings(), today=today, limit=0).items
            assert list(service.due_items(db, Settings(), today=today)) == whole
    finally:
        db.close()


@pytest.mark.parametrize("seed", range(4))
def test_the_calendar_export_streams_what_sorting_every_item_gives(
    tmp_path: Path, seed: int
) -> None:
    """``export --format ics``: every pending item of an active contact shown
    today or later, by due day, folded name, rule (ties in pending's order)."""
    from datetime import UTC, datetime

    from netlog.exporting import _calendar_items
    from netlog.interop.ics import write_calendar, write_sorted_calendar

    path = tmp_path / "n.db"
    _network(path, seed)
    db = open_db(path)
    stamp = datetime(2026, 11, 23, 9, tzinfo=UTC)
    try:
        with db.read() as conn:
            for today in (TODAY - timedelta(days=30), TODAY, TODAY + timedelta(days=30)):
                whole = [
                    (pending._pending(cid, rule, due, reason, action, starts, ends), name)
                    for cid, name, rule, due, reason, action, _, starts, ends in conn.execute(
                        pending.SQL_DUE + pending.DUE_ORDER, {"horizon": "9999-12-31"}
                    )
                ]
                whole = [(p, name) for p, name in whole if p.live(today)]
                streamed = list(_calendar_items(conn, today))
                expected = io.StringIO()
                got = io.StringIO()
                write_calendar(whole, expected, stamp=stamp, today=today)
                write_sorted_calendar(streamed, got, stamp=stamp, today=today)
                assert got.getvalue() == expected.getvalue()
                assert len(streamed) == len(whole) > 0
    finally:
        db.close()


def test_touchpoints_read_by_contact_are_those_read_one_by_one() -> None:
    from netlog.errors import DatabaseError
    from netlog.storage.touchpoints import touchpoint_from_row, touchpoints_by_contact

    rng = random.Random(5)
    rows = [
        (
            n,
            rng.randint(1, 9),
            f"2026-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}",
            "email",
            rng.choice(("met", "update", "ask")),
            rng.choice(("in", "out")),
            rng.choice((None, "AAOS 2026")),
            rng.choice((None, "a note")),
            rng.choice((None, "send the paper")),
            rng.choice((None, "2026-12-01", "2026-12-01T09:00:00")),
            rng.choice((0, 1)),
            rng.choice((None, "ACL registry")),
            rng.choice((None, "2026-12-02")),
        )
        for n in range(300)
    ]
    one_by_one: dict[int, list[object]] = {}
    for row in rows:
        one_by_one.setdefault(row[1], []).append(touchpoint_from_row(row))
    assert touchpoints_by_contact(rows) == one_by_one
    bad = (*rows[0][:2], "2026-02-30", *rows[0][3:])
    with pytest.raises(DatabaseError) as caught:
        touchpoints_by_contact([rows[1], bad])
    with pytest.raises(DatabaseError) as expected:
        touchpoint_from_row(bad)
    assert str(caught.value) == str(expected.value)
