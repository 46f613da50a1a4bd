"""`netlog week` reads only part of the log; it must say exactly what the whole log says."""

from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path

import pytest

from netlog import routine, service
from netlog.config import Settings
from netlog.db import Database, open_db
from netlog.demo import load_demo
from netlog.service import TouchpointInput

KINDS = ["update", "question", "meeting", "ask", "thanks", "reply", "share", "nudge"]


@pytest.fixture
def busy_network(tmp_path: Path) -> Database:
    db = open_db(tmp_path / "n.db")
    settings = Settings()
    start = date(2026, 11, 23)
    load_demo(db, settings, start)
    rng = random.Random(7)
    for _ in range(150):
        day = start + timedelta(days=rng.randint(-200, 60))
        service.log_touchpoint(
            db,
            settings,
            str(rng.randint(1, 11)),
            TouchpointInput(kind=rng.choice(KINDS), day=day, incoming=rng.random() < 0.3),
            today=day,
        )
    return db


@pytest.mark.parametrize(
    "today",
    [
        date(2026, 11, 23),  # a Monday
        date(2026, 11, 30),  # month end, mid-week
        date(2026, 12, 1),  # month start, same ISO week
        date(2026, 12, 31),  # the ISO week runs into 2027
        date(2027, 1, 3),  # a Sunday
        date(2026, 10, 15),  # before many logged touchpoints
    ],
)
def test_the_routine_from_part_of_the_log_equals_the_routine_from_all_of_it(
    busy_network: Database, today: date
) -> None:
    whole = service.network(busy_network)
    part = service.routine_log(busy_network, today)
    assert len(part.touchpoints) < len(whole.touchpoints)
    for profile in ("student", "resident"):
        current = Settings(routine="img" if profile == "student" else "resident")
        expected = routine.week(whole.contacts, whole.touchpoints, whole.activities, current, today)
        got = routine.week(part.contacts, part.touchpoints, part.activities, current, today)
        assert got == expected
