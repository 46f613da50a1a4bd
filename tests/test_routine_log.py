"""`netlog week` reads only part of the log; it must say exactly what the whole log says."""

from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path

import pytest

from netlog import mentorship, routine, service
from netlog.config import Settings
from netlog.demo import load_demo
from netlog.service import TouchpointInput
from netlog.storage.db import Database, open_db

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


@pytest.fixture
def mixed_network(tmp_path: Path) -> Database:
    """A random log with everything that decides who the views pick: archived,
    snoozed and imported contacts, allies, sponsors, mentors of every kind,
    core contacts, namesakes, and touchpoints on both sides of today."""
    from netlog.service import ContactInput
    from netlog.storage import contacts

    db = open_db(tmp_path / "m.db")
    settings = Settings(institutions=["HSS"])
    start = date(2026, 11, 23)
    load_demo(db, settings, start)
    rng = random.Random(11)
    types = ["mentor", "sponsor", "ally", "peer", "mentor:research", "mentor:career"]
    for n in range(40):
        service.add_contact(
            db,
            settings,
            ContactInput(
                name=rng.choice(["Dr. Ana Ruiz", "Dr. Ana Ruiz", "Ben Okafor", f"Person {n}"]),
                institution=rng.choice([None, "HSS", "Mayo Clinic"]),
                types=rng.sample(types, rng.randint(0, 2)),
                tags=rng.sample(["aaos", "AAOS 2026", "ortho", "ors"], rng.randint(0, 2)),
                core=rng.random() < 0.15,
            ),
            today=start - timedelta(days=rng.randint(0, 400)),
        )
    with db.write() as conn:
        ids = [c.id for c in contacts.all_contacts(conn)]
        for cid in rng.sample(ids, 6):
            contacts.update_contact(conn, cid, {"archived": True})
        for cid in rng.sample(ids, 6):
            contacts.update_contact(conn, cid, {"snoozed_until": start + timedelta(days=20)})
        for cid in rng.sample(ids, 6):
            contacts.update_contact(conn, cid, {"imported": start - timedelta(days=30)})
    for _ in range(300):
        day = start + timedelta(days=rng.randint(-300, 40))
        service.log_touchpoint(
            db,
            settings,
            str(rng.choice(ids)),
            TouchpointInput(
                kind=rng.choice(KINDS),
                day=day,
                incoming=rng.random() < 0.3,
                event=rng.choice([None, None, "AAOS 2026", "ORS 2026", "AAOS 2025"]),
                note=rng.choice([None, "registry study design"]),
            ),
            today=day,
        )
    return db


@pytest.mark.parametrize("offset", [-200, -40, -3, 0, 1, 8, 35, 90])
def test_week_team_and_prep_from_part_of_a_mixed_log_equal_them_from_all_of_it(
    mixed_network: Database, offset: int
) -> None:
    from netlog import prep

    today = date(2026, 11, 23) + timedelta(days=offset)
    whole = service.network(mixed_network)
    part = service.routine_log(mixed_network, today)
    assert part.has_contacts
    for profile in ("img", "resident"):
        current = Settings(routine=profile, institutions=["HSS"])
        expected = routine.week(whole.contacts, whole.touchpoints, whole.activities, current, today)
        got = routine.week(part.contacts, part.touchpoints, part.activities, current, today)
        assert got == expected
    current = Settings(institutions=["HSS"])
    people, any_contact = service.team_contacts(mixed_network)
    assert any_contact
    assert mentorship.team(people, current) == mentorship.team(whole.contacts, current)
    for event in ("AAOS 2027", "ors", "Mayo Clinic 2026"):
        report, _ = service.prep(mixed_network, current, event, today=today)
        assert report == prep.prep(event, whole.contacts, whole.touchpoints, current, today)


def test_an_empty_log_has_no_contacts_for_week_team_or_prep(tmp_path: Path) -> None:
    db = open_db(tmp_path / "empty.db")
    today = date(2026, 11, 23)
    assert service.routine_log(db, today).has_contacts is False
    assert service.team_contacts(db) == ([], False)
    report, any_contact = service.prep(db, Settings(), "AAOS 2027", today=today)
    assert not any_contact and report.targets == []


def test_contacts_read_together_equal_contacts_read_one_by_one(mixed_network: Database) -> None:
    from netlog.storage.contacts import CONTACT_SELECT, contact_from_row, contacts_from_rows

    with mixed_network.read() as conn:
        rows = conn.execute(CONTACT_SELECT + " ORDER BY id").fetchall()
    together = contacts_from_rows(rows)
    assert together == [contact_from_row(row) for row in rows]
    # Each contact has lists of its own, though the stored text repeats.
    lists = [id(words) for c in together for words in (c.types, c.mentor_kinds, c.tags)]
    assert len(set(lists)) == len(lists)
    assert len({tuple(c.types) for c in together}) < len(together)  # the texts repeat


def test_a_contact_unreadable_among_many_is_the_same_error(tmp_path: Path) -> None:
    from netlog.errors import DatabaseError
    from netlog.storage.contacts import CONTACT_SELECT, contact_from_row, contacts_from_rows

    db = open_db(tmp_path / "bad.db")
    load_demo(db, Settings(), date(2026, 11, 23))
    with db.write() as conn:
        conn.execute("UPDATE contact SET tags = '[\"ortho\"' WHERE id = 3")
    with db.read() as conn:
        rows = conn.execute(CONTACT_SELECT + " ORDER BY id").fetchall()
    with pytest.raises(DatabaseError) as one:
        [contact_from_row(row) for row in rows]
    with pytest.raises(DatabaseError) as many:
        contacts_from_rows(rows)
    assert str(many.value) == str(one.value)
    assert "contact #3" in str(many.value)
