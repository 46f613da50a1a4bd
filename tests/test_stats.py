"""Network health as a trainee reads it: replies, asks vs gives, strong ties, weeks."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from netlog import stats as stats_mod
from netlog.domain import Contact, Touchpoint
from netlog.storage.db import open_db
from netlog.storage.touchpoints import insert_touchpoint
from netlog.vocabulary import IN, OUT

TODAY = date(2026, 3, 12)  # Thursday, ISO week 11


@pytest.fixture
def stats(tmp_path: Path) -> Callable[[list[Contact], list[Touchpoint], date], dict[str, object]]:
    """``netlog stats``'s figures for these contacts and touchpoints, stored in a fresh file."""
    count = iter(range(1_000_000))

    def figures(
        contacts: list[Contact], touchpoints: list[Touchpoint], today: date
    ) -> dict[str, object]:
        db = open_db(tmp_path / f"stats-{next(count)}.db")
        with db.write() as conn:
            for c in contacts:
                conn.execute(
                    "INSERT INTO contact (id, name, name_key, types, mentor_kinds, tier, tags, "
                    "core, archived, created, updated) "
                    "VALUES (?, ?, ?, ?, ?, ?, '[]', ?, ?, '2026-01-01', '2026-01-01')",
                    (
                        c.id,
                        c.name,
                        c.name.lower(),
                        json.dumps(c.types),
                        json.dumps(c.mentor_kinds),
                        c.tier,
                        c.core,
                        c.archived,
                    ),
                )
            for t in touchpoints:
                insert_touchpoint(conn, t)
        try:
            return stats_mod.stats(db, today)
        finally:
            db.close()

    return figures


def weekly_counts(touchpoints: list[Touchpoint], today: date, figures: Any) -> list[int]:
    weeks: list[int] = figures([person(1, "A")], touchpoints, today)["weeks"]
    return weeks


def person(cid: int, name: str, **kw: object) -> Contact:
    return Contact(id=cid, name=name, **kw)  # type: ignore[arg-type]


def tp(
    tid: int, cid: int, day: date, kind: str = "update", direction: str = OUT, **kw: object
) -> Touchpoint:
    return Touchpoint(id=tid, contact_id=cid, date=day, kind=kind, direction=direction, **kw)  # type: ignore[arg-type]


def email(tid: int, cid: int, day: date) -> Touchpoint:
    return tp(tid, cid, day, "question", channel="email", awaiting_reply=True)


def test_counts_and_breakdowns(stats: Any) -> None:
    contacts = [
        person(
            1,
            "Dr. Lee",
            types=["mentor", "sponsor"],
            mentor_kinds=["research"],
            tier="home",
            core=True,
        ),
        person(2, "Dr. Kim", mentor_kinds=["career"], tier="society"),
        person(3, "Chidi", types=["peer"]),
        person(4, "Dr. Gone", types=["mentor"], tier="home", archived=True),
    ]
    touchpoints = [tp(1, 1, date(2026, 3, 1)), tp(2, 3, date(2026, 3, 2), "met")]
    s = stats(contacts, touchpoints, TODAY)
    assert (s["contacts"], s["active"], s["archived"], s["core"]) == (4, 3, 1, 1)
    assert s["touchpoints"] == 2
    by_type = s["by_type"]
    assert isinstance(by_type, dict)
    assert by_type["mentor"] == 2  # a mentor kind makes a mentor; the archived one is out
    assert by_type["sponsor"] == 1 and by_type["peer"] == 1 and by_type["alumni"] == 0
    assert s["by_tier"] == {"home": 1, "regional": 0, "society": 1, "unset": 1}
    assert s["by_kind"] == {"met": 1, "update": 1}


def test_empty_log(stats: Any) -> None:
    s = stats([], [], TODAY)
    assert s["contacts"] == 0 and s["reply_rate"] is None
    assert s["weeks"] == [0] * 53
    assert s["strong_relationships"] == 0


REPLY_CASES = [
    pytest.param([], None, id="no-email-awaiting-a-reply"),
    pytest.param(
        [email(1, 1, date(2026, 2, 1)), tp(2, 1, date(2026, 2, 5), "reply", IN)],
        1.0,
        id="mentor-answered-within-a-week",
    ),
    pytest.param(
        [
            email(1, 1, date(2026, 2, 1)),
            tp(2, 1, date(2026, 2, 5), "reply", IN),
            email(3, 2, date(2026, 2, 10)),
        ],
        0.5,
        id="one-of-two-cold-emails-answered",
    ),
    pytest.param(
        [tp(1, 1, date(2026, 1, 5), "reply", IN), email(2, 1, date(2026, 2, 1))],
        0.0,
        id="a-message-before-the-email-is-not-a-reply",
    ),
    pytest.param(
        [email(1, 1, date(2026, 2, 1)), tp(2, 2, date(2026, 2, 3), "reply", IN)],
        0.0,
        id="someone-else-wrote-back",
    ),
    pytest.param(
        [
            tp(1, 1, date(2026, 2, 1), "update", channel="email"),
            tp(2, 1, date(2026, 2, 3), "reply", IN),
        ],
        None,
        id="an-update-not-awaiting-a-reply-is-not-counted",
    ),
]


@pytest.mark.parametrize(("touchpoints", "rate"), REPLY_CASES)
def test_reply_rate(stats: Any, touchpoints: list[Touchpoint], rate: float | None) -> None:
    assert stats([person(1, "A"), person(2, "B")], touchpoints, TODAY)["reply_rate"] == rate


def test_asks_versus_gives(stats: Any) -> None:
    touchpoints = [
        tp(1, 1, date(2026, 1, 1), "ask"),
        tp(2, 1, date(2026, 1, 2), "thanks"),
        tp(3, 1, date(2026, 1, 3), "share"),
        tp(4, 1, date(2026, 1, 4), "update"),
        tp(5, 1, date(2026, 1, 5), "ask", IN),  # they asked you: not your ask
        tp(6, 1, date(2026, 1, 6), "meeting"),  # neither
    ]
    s = stats([person(1, "A")], touchpoints, TODAY)
    assert (s["asks"], s["gives"]) == (1, 3)


STRONG_CASES = [
    pytest.param(
        [tp(1, 1, TODAY - timedelta(30)), tp(2, 1, TODAY - timedelta(20), "reply", IN)],
        1,
        id="both-ways-this-month",
    ),
    pytest.param(
        [tp(1, 1, TODAY - timedelta(30)), tp(2, 1, TODAY - timedelta(40))], 0, id="only-you-writing"
    ),
    pytest.param(
        [tp(1, 1, TODAY - timedelta(89)), tp(2, 1, TODAY, "reply", IN)], 1, id="edge-89-days"
    ),
    pytest.param(
        [tp(1, 1, TODAY - timedelta(90)), tp(2, 1, TODAY, "reply", IN)],
        0,
        id="silent-for-90-days-on-your-side",
    ),
    pytest.param(
        [tp(1, 2, TODAY - timedelta(5)), tp(2, 2, TODAY - timedelta(3), "reply", IN)],
        0,
        id="archived-contact",
    ),
]


@pytest.mark.parametrize(("touchpoints", "strong"), STRONG_CASES)
def test_strong_relationships(stats: Any, touchpoints: list[Touchpoint], strong: int) -> None:
    contacts = [person(1, "A"), person(2, "B", archived=True)]
    s = stats(contacts, touchpoints, TODAY)
    assert s["strong_relationships"] == strong
    assert s["strong_target"] == [5, 10]


def test_weeks_end_this_iso_week(stats: Any) -> None:
    touchpoints = [
        tp(1, 1, date(2026, 3, 9)),  # Monday this week
        tp(2, 1, date(2026, 3, 12)),  # today
        tp(3, 1, date(2026, 3, 8)),  # last Sunday
        tp(4, 1, date(2026, 3, 14)),  # Saturday, not yet happened: left out
        tp(5, 1, date(2025, 3, 10)),  # Monday of the first week shown (52 weeks back)
        tp(6, 1, date(2025, 3, 9)),  # a day too old
    ]
    s = stats([person(1, "A")], touchpoints, TODAY)
    weeks = s["weeks"]
    assert isinstance(weeks, list) and len(weeks) == 53
    assert weeks[-1] == 2 and weeks[-2] == 1 and weeks[0] == 1
    assert sum(weeks) == 4
    assert s["weeks_start"] == "2025-03-10"
    assert s["touchpoints"] == 5  # the planned Saturday one is not counted yet


def test_weeks_across_new_year(stats: Any) -> None:
    # Sunday 3 January 2027 closes ISO week 53 of 2026 (Mon 28 Dec – Sun 3 Jan).
    today = date(2027, 1, 3)
    touchpoints = [
        tp(1, 1, date(2026, 12, 28)),
        tp(2, 1, date(2027, 1, 2)),
        tp(3, 1, date(2026, 12, 27)),
    ]
    assert weekly_counts(touchpoints, today, stats)[-2:] == [1, 2]
