"""The follow-up rules, as a trainee's weeks would exercise them.

Rules are pure: a contact, its touchpoints and a day in, follow-ups out.
"""

from __future__ import annotations

from datetime import date, timedelta
from itertools import count
from typing import Any

import pytest

from netlog import agenda, balance, rules
from netlog.domain import Activity, Contact, Intervals, Pending, Touchpoint
from netlog.vocabulary import IN, OUT

IV = Intervals()
_ids = count(1)


def person(**kw: Any) -> Contact:
    kw.setdefault("created", date(2026, 1, 1))
    return Contact(id=kw.pop("id", 1), name=kw.pop("name", "Dr. Maya Patel"), **kw)


def tp(day: date | str, kind: str = "update", **kw: Any) -> Touchpoint:
    if isinstance(day, str):
        day = date.fromisoformat(day)
    kw.setdefault("channel", "email")
    kw.setdefault("direction", OUT)
    return Touchpoint(id=next(_ids), contact_id=kw.pop("contact_id", 1), date=day, kind=kind, **kw)


def due_of(rule: str, contact: Contact, tps: list[Touchpoint], **kw: Any) -> date | None:
    found = [p for p in rules.pending_for(contact, tps, kw.pop("iv", IV), **kw) if p.rule == rule]
    assert len(found) <= 1
    return found[0].due if found else None


# --- conference-followup ------------------------------------------------------


@pytest.mark.parametrize(
    ("met", "due"),
    [
        ("2026-11-05", "2026-11-08"),  # a conference on Thursday → due Sunday
        ("2026-01-30", "2026-02-02"),  # across a month end
        ("2026-02-27", "2026-03-02"),  # February, common year
        ("2028-02-27", "2028-03-01"),  # February, leap year
        ("2026-12-30", "2027-01-02"),  # across the year end
    ],
)
def test_a_conference_meeting_is_due_three_days_later(met: str, due: str) -> None:
    meeting = tp(met, "met", channel="conference", event="AAOS 2026")
    assert due_of("conference-followup", person(), [meeting]) == date.fromisoformat(due)


def test_a_note_sent_the_next_day_clears_the_conference_followup() -> None:
    tps = [tp("2026-11-05", "met", channel="conference"), tp("2026-11-06", "thanks")]
    assert due_of("conference-followup", person(), tps) is None


def test_a_note_sent_the_same_evening_clears_it_too() -> None:
    tps = [tp("2026-11-05", "met", channel="conference"), tp("2026-11-05", "update")]
    assert due_of("conference-followup", person(), tps) is None


def test_an_incoming_email_does_not_clear_what_you_owe() -> None:
    tps = [tp("2026-11-05", "met"), tp("2026-11-06", "reply", direction=IN)]
    assert due_of("conference-followup", person(), tps) == date(2026, 11, 8)


def test_meeting_again_at_a_later_conference_reopens_the_followup() -> None:
    tps = [
        tp("2026-03-10", "met", event="AAOS 2026"),
        tp("2026-03-11", "thanks"),
        tp("2026-10-20", "met", event="ACS Clinical Congress"),
    ]
    assert due_of("conference-followup", person(), tps) == date(2026, 10, 23)


def test_a_conference_window_of_five_days_from_settings() -> None:
    iv = Intervals(conference=5)
    assert due_of("conference-followup", person(), [tp("2026-11-05", "met")], iv=iv) == date(
        2026, 11, 10
    )


# --- thank-you ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "day", "due"),
    [
        ("shadowing", "2026-11-05", "2026-11-07"),
        ("or-day", "2026-02-27", "2026-03-01"),
        ("or-day", "2028-02-28", "2028-03-01"),
        ("rotation", "2026-06-30", "2026-07-02"),
        ("helped", "2026-12-31", "2027-01-02"),
    ],
)
def test_a_day_someone_gave_you_is_owed_a_thank_you_two_days_later(
    kind: str, day: str, due: str
) -> None:
    tps = [tp(day, kind, channel="in-person")]
    assert due_of("thank-you", person(), tps) == date.fromisoformat(due)


def test_only_a_thank_you_clears_a_thank_you() -> None:
    tps = [tp("2026-11-05", "shadowing", channel="in-person"), tp("2026-11-06", "update")]
    assert due_of("thank-you", person(), tps) == date(2026, 11, 7)
    tps.append(tp("2026-11-06", "thanks"))
    assert due_of("thank-you", person(), tps) is None


def test_a_thank_you_sent_before_the_or_day_does_not_count() -> None:
    tps = [tp("2026-11-01", "thanks"), tp("2026-11-05", "or-day", channel="in-person")]
    assert due_of("thank-you", person(), tps) == date(2026, 11, 7)


# --- reply-nudge --------------------------------------------------------------


def awaiting(day: str, **kw: Any) -> Touchpoint:
    return tp(day, "question", awaiting_reply=True, **kw)


def test_an_unanswered_email_gets_a_nudge_a_week_later() -> None:
    assert due_of("reply-nudge", person(), [awaiting("2026-11-05")]) == date(2026, 11, 12)


def test_an_email_sent_on_feb_25_of_a_leap_year_is_nudged_on_march_3() -> None:
    assert due_of("reply-nudge", person(), [awaiting("2028-02-25")]) == date(2028, 3, 3)


def test_a_reply_closes_the_thread() -> None:
    tps = [awaiting("2026-11-05"), tp("2026-11-09", "reply", direction=IN)]
    assert due_of("reply-nudge", person(), tps) is None


def test_exactly_one_nudge_then_netlog_stops_asking() -> None:
    tps = [awaiting("2026-11-05"), tp("2026-11-12", "nudge")]
    assert due_of("reply-nudge", person(), tps) is None


def test_a_nudge_marked_awaiting_reply_never_opens_a_new_thread() -> None:
    tps = [awaiting("2026-11-05"), tp("2026-11-12", "nudge", awaiting_reply=True)]
    assert due_of("reply-nudge", person(), tps) is None
    assert due_of("reply-nudge", person(), [tp("2026-11-12", "nudge", awaiting_reply=True)]) is None


def test_a_call_awaiting_reply_is_not_an_email_thread() -> None:
    assert due_of("reply-nudge", person(), [awaiting("2026-11-05", channel="call")]) is None


def test_a_new_email_after_a_closed_thread_opens_a_new_one() -> None:
    tps = [
        awaiting("2026-10-01"),
        tp("2026-10-03", "reply", direction=IN),
        awaiting("2026-11-05"),
    ]
    assert due_of("reply-nudge", person(), tps) == date(2026, 11, 12)


# --- core-update and keep-warm ------------------------------------------------


def test_a_core_mentor_silent_for_91_days_is_overdue() -> None:
    mentor = person(core=True)
    tps = [tp("2026-08-06", "update")]
    due = due_of("core-update", mentor, tps)
    assert due == date(2026, 11, 4)
    item = agenda.view(rules.pending_for(mentor, tps, IV), {1: "Dr. Maya Patel"}, date(2026, 11, 5))
    assert [(i.rule, i.days_overdue) for i in item] == [("core-update", 1)]


def test_their_emails_do_not_count_as_your_update_to_a_core_mentor() -> None:
    mentor = person(core=True)
    tps = [tp("2026-08-06", "update"), tp("2026-10-30", "reply", direction=IN)]
    assert due_of("core-update", mentor, tps) == date(2026, 11, 4)
    assert due_of("keep-warm", mentor, tps) is None


def test_a_peer_written_to_in_may_is_warm_until_november_and_their_reply_does_not_count() -> None:
    tps = [tp("2026-05-01", "update"), tp("2026-06-01", "reply", direction=IN)]
    assert due_of("keep-warm", person(), tps) == date(2026, 10, 28)
    assert due_of("core-update", person(), tps) is None


def test_keep_warm_counts_from_the_day_added_when_nothing_was_logged() -> None:
    contact = person(created=date(2028, 2, 29))
    assert due_of("keep-warm", contact, []) == date(2028, 8, 27)


def test_a_core_contact_never_written_to_counts_from_the_day_added() -> None:
    contact = person(core=True, created=date(2026, 11, 30))
    [item] = [p for p in rules.pending_for(contact, [], IV) if p.rule == "core-update"]
    assert item.due == date(2027, 2, 28)
    assert "no update sent yet" in item.reason


@pytest.mark.parametrize("core", [True, False])
def test_a_personal_cadence_overrides_the_defaults(core: bool) -> None:
    contact = person(core=core, cadence_days=30)
    rule = "core-update" if core else "keep-warm"
    assert due_of(rule, contact, [tp("2026-01-31", "update")]) == date(2026, 3, 2)


# --- next-step ----------------------------------------------------------------


def test_a_next_step_is_due_on_the_date_you_set() -> None:
    tps = [tp("2026-11-05", "meeting", next_step="send my CV", follow_up=date(2026, 11, 20))]
    [item] = [p for p in rules.pending_for(person(), tps, IV) if p.rule == "next-step"]
    assert item.due == date(2026, 11, 20)
    assert item.action == "send my CV"
    assert "meeting of 2026-11-05" in item.reason


def test_an_unrelated_message_later_does_not_clear_the_next_step() -> None:
    tps = [
        tp("2026-11-05", "meeting", next_step="send my CV", follow_up=date(2026, 11, 20)),
        tp("2026-11-10", "share"),
    ]
    assert due_of("next-step", person(), tps) == date(2026, 11, 20)


def test_their_reply_does_not_clear_your_next_step() -> None:
    tps = [
        tp("2026-11-05", "meeting", next_step="send my CV", follow_up=date(2026, 11, 20)),
        tp("2026-11-10", "reply", direction=IN),
    ]
    assert due_of("next-step", person(), tps) == date(2026, 11, 20)


def test_a_later_next_step_replaces_the_earlier_one() -> None:
    tps = [
        tp("2026-11-05", "meeting", next_step="send my CV", follow_up=date(2026, 11, 20)),
        tp("2026-11-06", "reply", direction=IN, next_step="call", follow_up=date(2026, 12, 1)),
    ]
    assert due_of("next-step", person(), tps) == date(2026, 12, 1)


# --- milestone-loop -----------------------------------------------------------

PAPER = Activity(1, "milestone", date(2026, 11, 5), "paper accepted in JBJS")


def test_core_mentors_hear_about_an_accepted_paper_within_a_week() -> None:
    mentor = person(core=True)
    assert due_of("milestone-loop", mentor, [], milestone=PAPER) == date(2026, 11, 12)


def test_a_milestone_loop_closes_when_you_write_after_it() -> None:
    mentor = person(core=True)
    assert due_of("milestone-loop", mentor, [tp("2026-11-06", "share")], milestone=PAPER) is None


def test_a_milestone_is_not_owed_to_non_core_contacts_or_people_met_later() -> None:
    assert due_of("milestone-loop", person(), [], milestone=PAPER) is None
    later = person(core=True, created=date(2026, 12, 1))
    assert due_of("milestone-loop", later, [], milestone=PAPER) is None


# --- archive, snooze, view ----------------------------------------------------


def test_an_archived_contact_is_never_due() -> None:
    tps = [tp("2020-01-01", "met"), awaiting("2020-01-02")]
    assert rules.pending_for(person(archived=True, core=True), tps, IV, milestone=PAPER) == []


def item(cid: int, due: str, rule: str = "keep-warm") -> Pending:
    return Pending(cid, rule, date.fromisoformat(due), "why", "what")


NAMES = {1: "Ana", 2: "Ben", 3: "Chen"}


def test_a_snoozed_contact_hides_until_the_snooze_date_and_returns_on_it() -> None:
    items = [item(1, "2026-11-01")]
    snoozed = {1: date(2026, 11, 10)}
    assert agenda.view(items, NAMES, date(2026, 11, 9), snoozed=snoozed) == []
    [back] = agenda.view(items, NAMES, date(2026, 11, 10), snoozed=snoozed)
    assert back.days_overdue == 9


def test_the_most_overdue_comes_first_then_what_is_due_soon() -> None:
    items = [
        item(3, "2026-11-09"),
        item(2, "2026-11-01"),
        item(1, "2026-11-04"),
        item(1, "2026-11-05", "reply-nudge"),
        item(2, "2026-11-30"),  # beyond the 7-day horizon
    ]
    seen = agenda.view(items, NAMES, date(2026, 11, 5), within=7)
    assert [(i.contact, i.days_overdue) for i in seen] == [
        ("Ben", 4),
        ("Ana", 1),
        ("Ana", 0),
        ("Chen", -4),
    ]


@pytest.mark.parametrize(("within", "shown"), [(0, 1), (3, 1), (4, 2), (25, 3)])
def test_within_sets_the_horizon(within: int, shown: int) -> None:
    items = [item(1, "2026-11-05"), item(2, "2026-11-09"), item(3, "2026-11-30")]
    assert len(agenda.view(items, NAMES, date(2026, 11, 5), within=within)) == shown


def test_after_an_icu_month_the_backlog_is_spread_a_few_a_day() -> None:
    backlog = [item(n, f"2026-10-{10 + n:02d}") for n in range(7)]
    later = item(9, "2026-12-20")
    moved = agenda.spread_after_pause([*backlog, later], date(2026, 12, 1), per_day=3)
    days = sorted(p.due for p in moved if p.contact_id != 9)
    assert days == [date(2026, 12, 1)] * 3 + [date(2026, 12, 2)] * 3 + [date(2026, 12, 3)]
    assert later in moved
    assert agenda.spread_after_pause(backlog, None, per_day=3) == backlog


# --- transactional warning ----------------------------------------------------


@pytest.mark.parametrize(
    ("kinds", "warned"),
    [
        (["update", "share", "thanks"], False),  # balanced: no warning
        (["update", "ask", "share", "ask", "thanks"], False),  # 2 of 5 is not more than half
        (["update", "ask", "ask"], True),  # 2 of the last 3
        (["update", "update", "ask", "ask", "ask"], True),
        (["ask"], True),  # the first message was an ask
        (["update", "ask"], False),  # one ask after giving first
    ],
)
def test_a_relationship_that_only_asks_is_flagged(kinds: list[str], warned: bool) -> None:
    start = date(2026, 1, 1)
    tps = [tp(start + timedelta(days=n), kind) for n, kind in enumerate(kinds)]
    assert (balance.transactional(tps) is not None) is warned


def test_their_asks_do_not_make_you_transactional() -> None:
    tps = [tp("2026-11-01", "update"), tp("2026-11-02", "ask", direction=IN)]
    tps.append(tp("2026-11-03", "ask", direction=IN))
    assert balance.transactional(tps) is None
