"""The weekly routine and the mentorship team, as a trainee would see them."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from netlog import rules
from netlog.config import Settings
from netlog.domain import Activity, Contact, Intervals, Touchpoint
from netlog.mentorship import team
from netlog.routine import RoutineItem, WeekReport, best_to_write, week
from netlog.vocabulary import IN, OUT

THU = date(2026, 3, 12)  # a Thursday in ISO week 11; that week runs Mon 9 – Sun 15 March
IMG = Settings()
RESIDENT = Settings(routine="resident", communities=("ACS Resident forum", "Journal club"))


def person(cid: int, name: str, **kw: object) -> Contact:
    kw.setdefault("created", date(2025, 1, 1))
    return Contact(id=cid, name=name, **kw)  # type: ignore[arg-type]


def tp(
    tid: int, cid: int, day: date, kind: str = "update", direction: str = OUT, **kw: object
) -> Touchpoint:
    return Touchpoint(id=tid, contact_id=cid, date=day, kind=kind, direction=direction, **kw)  # type: ignore[arg-type]


def act(aid: int, kind: str, day: date, text: str = "x", virtual: bool = False) -> Activity:
    return Activity(id=aid, kind=kind, date=day, text=text, virtual=virtual)


def item(report: WeekReport, key: str) -> RoutineItem:
    return next(i for i in report.items if i.key == key)


LEE = person(1, "Dr. Amara Lee", types=["mentor"], mentor_kinds=["research"], core=True)
OKAFOR = person(2, "Chidi Okafor", types=["peer"])


# --- weekly: one message ------------------------------------------------------

MESSAGE_CASES = [
    pytest.param([tp(1, 1, date(2026, 3, 9))], True, id="update-sent-monday-counts-all-week"),
    pytest.param([tp(1, 2, date(2026, 3, 15), "question")], True, id="question-on-sunday-counts"),
    pytest.param([tp(1, 1, date(2026, 3, 8))], False, id="last-sundays-update-was-last-week"),
    pytest.param([tp(1, 1, date(2026, 3, 10), "ask")], False, id="an-ask-is-not-the-weekly-update"),
    pytest.param(
        [tp(1, 1, date(2026, 3, 10), "reply", IN)], False, id="a-reply-received-is-not-sent"
    ),
    pytest.param([tp(1, 1, date(2026, 3, 11), "thanks")], True, id="a-thank-you-counts"),
    pytest.param(
        [tp(1, 2, date(2026, 3, 11), "met")], False, id="meeting-someone-is-not-a-message"
    ),
    pytest.param([], False, id="nothing-logged"),
]


@pytest.mark.parametrize(("touchpoints", "done"), MESSAGE_CASES)
def test_weekly_message(touchpoints: list[Touchpoint], done: bool) -> None:
    report = week([LEE, OKAFOR], touchpoints, [], IMG, THU)
    assert report.week_start == date(2026, 3, 9)
    assert item(report, "weekly-message").done is done


def test_weekly_message_names_who_was_written_to() -> None:
    report = week([LEE, OKAFOR], [tp(1, 2, date(2026, 3, 10), "share")], [], IMG, THU)
    msg = item(report, "weekly-message")
    assert "Chidi Okafor" in msg.detail and msg.suggest is None


def test_weekly_message_not_done_suggests_someone() -> None:
    msg = item(week([LEE, OKAFOR], [], [], IMG, THU), "weekly-message")
    assert msg.suggest == "Dr. Amara Lee"
    assert "Dr. Amara Lee" in msg.detail


# --- weekly read, monthly event and export ----------------------------------------

ACTIVITY_CASES = [
    pytest.param(
        [act(1, "read", date(2026, 3, 9), "ACL graft choice")],
        "weekly-read",
        True,
        id="read-monday",
    ),
    pytest.param([act(1, "read", date(2026, 3, 2))], "weekly-read", False, id="read-last-week"),
    pytest.param(
        [act(1, "event", date(2026, 3, 1), "Virtual grand rounds", virtual=True)],
        "monthly-event",
        True,
        id="virtual-grand-rounds-on-the-1st",
    ),
    pytest.param(
        [act(1, "event", date(2026, 3, 5), "Trauma symposium")],
        "monthly-event",
        False,
        id="in-person-event-is-not-the-virtual-one",
    ),
    pytest.param(
        [act(1, "event", date(2026, 2, 28), "Webinar", virtual=True)],
        "monthly-event",
        False,
        id="webinar-last-month",
    ),
    pytest.param([act(1, "export", date(2026, 3, 31))], "monthly-export", True, id="export-31st"),
    pytest.param([act(1, "export", date(2026, 2, 27))], "monthly-export", False, id="export-feb"),
]


@pytest.mark.parametrize(("activities", "key", "done"), ACTIVITY_CASES)
def test_activity_items(activities: list[Activity], key: str, done: bool) -> None:
    assert item(week([LEE], [], activities, IMG, THU), key).done is done


def test_in_person_event_explains_why_it_does_not_count() -> None:
    report = week([LEE], [], [act(1, "event", date(2026, 3, 5), "Trauma symposium")], IMG, THU)
    assert "in person" in item(report, "monthly-event").detail


def test_week_straddling_a_month_end() -> None:
    # Wednesday 1 April 2026: the ISO week began Monday 30 March.
    today = date(2026, 4, 1)
    activities = [
        act(1, "read", date(2026, 3, 30)),
        act(2, "event", date(2026, 3, 31), "Journal club", virtual=True),
        act(3, "export", date(2026, 3, 31)),
    ]
    report = week([LEE], [tp(1, 1, date(2026, 3, 31))], activities, IMG, today)
    assert report.week_start == date(2026, 3, 30)
    assert item(report, "weekly-message").done  # same ISO week
    assert item(report, "weekly-read").done
    assert not item(report, "monthly-event").done  # March's event is not April's
    assert not item(report, "monthly-export").done
    assert item(report, "monthly-event").period_start == date(2026, 4, 1)


def test_iso_week_across_new_year() -> None:
    # Friday 1 January 2027 is in ISO week 53 of 2026, which began Monday 28 December.
    today = date(2027, 1, 1)
    activities = [act(1, "read", date(2026, 12, 28)), act(2, "export", date(2026, 12, 30))]
    report = week([LEE], [tp(1, 1, date(2026, 12, 29))], activities, IMG, today)
    assert report.week_start == date(2026, 12, 28)
    assert report.week_end == date(2027, 1, 3)
    assert item(report, "weekly-message").done
    assert item(report, "weekly-read").done
    assert not item(report, "monthly-export").done  # December's export is not January's


def test_img_routine_has_the_guide_items_in_order() -> None:
    report = week([LEE], [], [], IMG, THU)
    assert [(i.cadence, i.key) for i in report.items] == [
        ("weekly", "weekly-message"),
        ("weekly", "weekly-read"),
        ("monthly", "monthly-event"),
        ("monthly", "monthly-export"),
        ("quarterly", "quarterly-core"),
    ]


# --- quarterly: every core contact updated ----------------------------------------


@pytest.mark.parametrize(
    ("silent_days", "done"),
    [
        pytest.param(89, True, id="mentor-updated-89-days-ago"),
        pytest.param(90, False, id="mentor-silent-for-90-days-is-due-today"),
        pytest.param(91, False, id="mentor-silent-for-91-days"),
    ],
)
def test_core_update_window(silent_days: int, done: bool) -> None:
    touchpoints = [tp(1, 1, THU - timedelta(days=silent_days))]
    core = item(week([LEE, OKAFOR], touchpoints, [], IMG, THU), "quarterly-core")
    assert core.done is done
    assert core.suggest == (None if done else "Dr. Amara Lee")


@pytest.mark.parametrize("silent_days", range(80, 101))
def test_core_item_agrees_with_core_update_rule(silent_days: int) -> None:
    touchpoints = [tp(1, 1, THU - timedelta(days=silent_days))]
    pending = rules.cadence(LEE, touchpoints, Intervals())
    assert pending is not None
    core = item(week([LEE], touchpoints, [], IMG, THU), "quarterly-core")
    assert core.done is (pending.due > THU)


def test_core_interval_follows_settings_and_personal_cadence() -> None:
    touchpoints = [tp(1, 1, THU - timedelta(days=70)), tp(2, 3, THU - timedelta(days=70))]
    kim = person(3, "Dr. Kim", core=True, cadence_days=60)
    sixty = Settings(intervals=Intervals(core=60))
    assert not item(week([LEE], touchpoints, [], sixty, THU), "quarterly-core").done
    assert item(week([LEE], touchpoints, [], IMG, THU), "quarterly-core").done
    assert not item(week([LEE, kim], touchpoints, [], IMG, THU), "quarterly-core").done


def test_incoming_mail_does_not_count_as_your_update() -> None:
    touchpoints = [tp(1, 1, THU - timedelta(days=5), "reply", IN)]
    assert not item(week([LEE], touchpoints, [], IMG, THU), "quarterly-core").done


def test_archived_core_contact_is_not_waited_for() -> None:
    gone = person(3, "Dr. Retired", core=True, archived=True)
    touchpoints = [tp(1, 1, THU - timedelta(days=10))]
    assert item(week([LEE, gone], touchpoints, [], IMG, THU), "quarterly-core").done


def test_no_core_contacts_yet_asks_to_mark_some() -> None:
    core = item(week([OKAFOR], [], [], IMG, THU), "quarterly-core")
    assert not core.done and "--core" in core.detail


def test_core_item_lists_who_is_still_waiting() -> None:
    kim = person(3, "Dr. Kim", core=True)
    touchpoints = [tp(1, 1, THU - timedelta(days=10))]
    core = item(week([LEE, kim], touchpoints, [], IMG, THU), "quarterly-core")
    assert "1 of 2" in core.detail and "Dr. Kim" in core.detail


# --- who to write to now -------------------------------------------------------------

SUGGEST_CASES = [
    pytest.param(
        [
            person(1, "Dr. Lee", core=True),
            person(2, "Dr. Kim", core=True),
            person(3, "Chidi", created=date(2020, 1, 1)),
        ],
        [tp(1, 1, THU - timedelta(days=120)), tp(2, 2, THU - timedelta(days=100))],
        "Dr. Lee",
        id="most-overdue-core-mentor-first",
    ),
    pytest.param(
        [person(1, "Dr. Lee", core=True), person(2, "Dr. Kim", core=True, cadence_days=60)],
        [tp(1, 1, THU - timedelta(days=95)), tp(2, 2, THU - timedelta(days=80))],
        "Dr. Kim",
        id="personal-cadence-makes-a-mentor-more-overdue",
    ),
    pytest.param(
        [
            person(1, "Dr. Lee", core=True),
            person(2, "Chidi"),
            person(3, "Priya"),
        ],
        [
            tp(1, 1, THU - timedelta(days=10)),
            tp(2, 2, THU - timedelta(days=40)),
            tp(3, 3, THU - timedelta(days=200), "reply", IN),
        ],
        "Priya",
        id="core-up-to-date-then-the-longest-quiet-contact",
    ),
    pytest.param(
        [person(1, "Dr. Lee", core=True), person(2, "Priya", snoozed_until=THU + timedelta(1))],
        [tp(1, 1, THU - timedelta(days=10))],
        "Dr. Lee",
        id="snoozed-contact-is-skipped",
    ),
    pytest.param(
        [person(1, "Priya", archived=True)],
        [],
        None,
        id="only-archived-contacts",
    ),
]


@pytest.mark.parametrize(("contacts", "touchpoints", "expected"), SUGGEST_CASES)
def test_best_to_write(
    contacts: list[Contact], touchpoints: list[Touchpoint], expected: str | None
) -> None:
    assert best_to_write(contacts, touchpoints, IMG, THU) == expected
    assert week(contacts, touchpoints, [], IMG, THU).suggest == expected


# --- the resident variant ----------------------------------------------------------


@pytest.mark.parametrize(
    ("touchpoints", "done"),
    [
        pytest.param([tp(1, 1, date(2026, 3, 2), "meeting")], True, id="met-mentor-this-month"),
        pytest.param([tp(1, 2, date(2026, 3, 2), "meeting")], False, id="met-a-peer-only"),
        pytest.param([tp(1, 1, date(2026, 2, 27), "meeting")], False, id="met-mentor-last-month"),
        pytest.param([tp(1, 1, date(2026, 3, 2), "update")], False, id="emailed-not-met"),
    ],
)
def test_resident_mentorship_meetings(touchpoints: list[Touchpoint], done: bool) -> None:
    meetings = item(week([LEE, OKAFOR], touchpoints, [], RESIDENT, THU), "monthly-meetings")
    assert meetings.done is done
    if not done:
        assert meetings.suggest == "Dr. Amara Lee"


def test_resident_communities_named_and_counted_weekly() -> None:
    activities = [act(1, "event", date(2026, 3, 10), "ACS forum thread")]
    report = week([LEE], [], activities, RESIDENT, THU)
    community = item(report, "weekly-community")
    assert "ACS Resident forum" in community.text and "Journal club" in community.text
    assert community.done
    assert not item(week([LEE], [], [], RESIDENT, THU), "weekly-community").done


def test_resident_routine_items() -> None:
    report = week([LEE], [], [], RESIDENT, THU)
    assert [i.key for i in report.items] == [
        "monthly-meetings",
        "weekly-community",
        "quarterly-core",
    ]
    assert (
        "professional communities"
        in item(
            week([LEE], [], [], replace(RESIDENT, communities=()), THU), "weekly-community"
        ).text
    )


def test_week_json() -> None:
    data = week([LEE], [tp(1, 1, date(2026, 3, 10))], [], IMG, THU).to_json()
    assert data["week_start"] == "2026-03-09"
    items = data["items"]
    assert isinstance(items, list)
    assert {k for k in items[0]} >= {"cadence", "text", "done", "key", "detail", "suggest"}
    assert items[0]["done"] is True and items[0]["cadence"] == "weekly"


# --- the mentorship team ------------------------------------------------------------


def test_team_covered_missing_and_sponsors() -> None:
    contacts = [
        person(1, "Dr. Lee", types=["mentor", "sponsor"], mentor_kinds=["research", "career"]),
        person(2, "Dr. Adeyemi", types=["mentor"], mentor_kinds=["research"]),
        person(3, "Ravi (PGY-4)", types=["mentor"], mentor_kinds=["near-peer"]),
        person(4, "Dr. Old", types=["mentor"], mentor_kinds=["clinical"], archived=True),
    ]
    report = team(contacts, Settings(team=("clinical", "research", "career", "near-peer")))
    assert report.covered == {
        "research": ["Dr. Adeyemi", "Dr. Lee"],
        "career": ["Dr. Lee"],
        "near-peer": ["Ravi (PGY-4)"],
    }
    assert report.missing == ["clinical"]  # the archived clinical mentor does not count
    assert report.sponsors == ["Dr. Lee"]
    assert report.to_json()["missing"] == ["clinical"]


def test_team_missing_kinds_follow_settings_order() -> None:
    settings = Settings(team=("img-navigation", "clinical", "application-strategy"))
    assert team([], settings).missing == ["img-navigation", "clinical", "application-strategy"]


NUDGE_CASES = [
    pytest.param(
        [person(1, "Dr. Lee", types=["mentor"], mentor_kinds=["clinical", "research", "career"])],
        "Dr. Lee",
        id="one-mentor-carries-the-whole-team",
    ),
    pytest.param([person(1, "Chidi", types=["peer"])], "2–3 strong mentors", id="no-mentor-yet"),
    pytest.param(
        [person(i, f"Core {i}", core=True) for i in range(1, 9)],
        "3–7",
        id="eight-core-contacts-is-too-many",
    ),
    pytest.param(
        [
            person(1, "Dr. Lee", types=["mentor"], mentor_kinds=["clinical"]),
            person(2, "Dr. Kim", types=["mentor"], mentor_kinds=["research"]),
        ],
        "sponsor",
        id="mentors-but-no-sponsor-yet",
    ),
]


@pytest.mark.parametrize(("contacts", "needle"), NUDGE_CASES)
def test_team_nudges(contacts: list[Contact], needle: str) -> None:
    report = team(contacts, IMG)
    assert any(needle in n for n in report.nudges), report.nudges


def test_healthy_team_has_no_nudges() -> None:
    contacts = [
        person(1, "Dr. Lee", types=["mentor", "sponsor"], mentor_kinds=["clinical"], core=True),
        person(2, "Dr. Kim", types=["mentor"], mentor_kinds=["research"], core=True),
        person(3, "Ravi", types=["mentor"], mentor_kinds=["near-peer"], core=True),
    ]
    report = team(contacts, IMG)
    assert report.nudges == []
    assert report.core_count == 3
    assert report.mentors == ["Dr. Kim", "Dr. Lee", "Ravi"]
