"""Every follow-up right for its whole life, day by day, not only on its first date.

Each test is a situation a trainee meets; the dates are real ones (month ends,
the 2028 leap day, several things logged on one day).
"""

from __future__ import annotations

from datetime import date, timedelta
from itertools import count
from typing import Any

from netlog import agenda, balance, rules
from netlog.domain import Activity, Contact, Intervals, Letter, Pending, Touchpoint
from netlog.vocabulary import IN, OUT

IV = Intervals()
_ids = count(1)


def person(**kw: Any) -> Contact:
    kw.setdefault("created", date(2026, 1, 1))
    return Contact(id=kw.pop("id", 1), name=kw.pop("name", "Dr. Maya Patel"), **kw)


def tp(day: str, kind: str = "update", **kw: Any) -> Touchpoint:
    kw.setdefault("channel", "email")
    kw.setdefault("direction", OUT)
    return Touchpoint(id=next(_ids), contact_id=1, date=date.fromisoformat(day), kind=kind, **kw)


def seen(items: list[Pending], day: str, within: int = 0) -> list[tuple[str, str]]:
    """(rule, due) of what `netlog due --within` shows on ``day``."""
    shown = agenda.view(items, {1: "Dr. Maya Patel"}, date.fromisoformat(day), within=within)
    return [(i.rule, i.due.isoformat()) for i in shown]


def days(start: str, n: int) -> list[str]:
    first = date.fromisoformat(start)
    return [(first + timedelta(days=k)).isoformat() for k in range(n)]


# --- one nudge per thread -------------------------------------------------------


def test_a_follow_up_logged_as_a_plain_email_is_the_one_nudge_and_no_second_comes() -> None:
    tps = [
        tp("2026-01-26", "question", awaiting_reply=True),
        # Seven days later, across the month end, a follow-up logged as an update.
        tp("2026-02-02", "update", awaiting_reply=True),
    ]
    items = rules.pending_for(person(), tps, IV)
    for day in days("2026-02-02", 120):
        assert "reply-nudge" not in [r for r, _ in seen(items, day, within=7)], day


def test_before_the_follow_up_the_nudge_is_due_a_week_after_the_email() -> None:
    items = rules.pending_for(person(), [tp("2026-01-26", "question", awaiting_reply=True)], IV)
    assert ("reply-nudge", "2026-02-02") in seen(items, "2026-02-02")


def test_a_nudge_weeks_late_is_no_longer_asked_for() -> None:
    items = rules.pending_for(person(), [tp("2026-01-26", "question", awaiting_reply=True)], IV)
    assert ("reply-nudge", "2026-02-02") in seen(items, "2026-02-22")
    assert "reply-nudge" not in [r for r, _ in seen(items, "2026-02-23", within=7)]


# --- same-day order -------------------------------------------------------------


def test_their_morning_reply_does_not_close_the_question_asked_that_afternoon() -> None:
    tps = [
        tp("2028-02-22", "question", awaiting_reply=True),
        tp("2028-02-29", "reply", direction=IN),  # the leap day, morning
        tp("2028-02-29", "question", awaiting_reply=True),  # the same afternoon
    ]
    items = rules.pending_for(person(), tps, IV)
    assert ("reply-nudge", "2028-03-07") in seen(items, "2028-03-07")


def test_a_reply_logged_after_the_question_on_the_same_day_closes_it() -> None:
    tps = [
        tp("2028-02-29", "question", awaiting_reply=True),
        tp("2028-02-29", "reply", direction=IN),
    ]
    assert not [p for p in rules.pending_for(person(), tps, IV) if p.rule == "reply-nudge"]


def test_a_note_logged_before_the_meeting_on_the_same_day_does_not_answer_it() -> None:
    tps = [tp("2026-03-31", "update"), tp("2026-03-31", "met", channel="conference")]
    items = rules.pending_for(person(), tps, IV)
    assert ("conference-followup", "2026-04-03") in seen(items, "2026-04-03")


# --- a promise stays until done -------------------------------------------------


def test_a_promised_abstract_stays_due_after_an_unrelated_message() -> None:
    promise = tp("2026-02-27", "meeting", next_step="send abstract", follow_up=date(2026, 3, 20))
    tps = [promise, tp("2026-03-05", "update")]
    items = rules.pending_for(person(), tps, IV)
    assert ("next-step", "2026-03-20") in seen(items, "2026-03-20")
    assert ("next-step", "2026-03-20") in seen(items, "2026-04-30")  # still waiting, overdue


def test_a_next_step_marked_done_clears() -> None:
    promise = tp("2026-02-27", "meeting", next_step="send abstract", follow_up=date(2026, 3, 20))
    promise.done = date(2026, 3, 10)
    assert not [p for p in rules.pending_for(person(), [promise], IV) if p.rule == "next-step"]


def test_a_newer_next_step_replaces_the_older_one() -> None:
    tps = [
        tp("2026-02-27", "meeting", next_step="send abstract", follow_up=date(2026, 3, 20)),
        tp("2026-03-05", "update", next_step="send the poster", follow_up=date(2026, 4, 30)),
    ]
    steps = [p for p in rules.pending_for(person(), tps, IV) if p.rule == "next-step"]
    assert [(p.due, p.action) for p in steps] == [(date(2026, 4, 30), "send the poster")]


# --- only gives restart the clocks ----------------------------------------------


def test_a_favour_asked_of_a_core_mentor_on_day_95_is_not_the_quarterly_update() -> None:
    mentor = person(core=True)
    tps = [tp("2026-01-31", "update"), tp("2026-05-06", "ask")]  # day 95
    items = rules.pending_for(mentor, tps, IV)
    assert ("core-update", "2026-05-01") in seen(items, "2026-05-06")


def test_a_nudge_does_not_restart_keep_warm_but_a_share_does() -> None:
    tps = [tp("2025-12-31", "update"), tp("2026-06-29", "nudge")]
    assert ("keep-warm", "2026-06-29") in seen(rules.pending_for(person(), tps, IV), "2026-06-29")
    tps.append(tp("2026-06-30", "share"))
    [item] = [p for p in rules.pending_for(person(), tps, IV) if p.rule == "keep-warm"]
    assert item.due == date(2026, 12, 27)


def test_a_call_restarts_the_core_update_clock() -> None:
    tps = [tp("2026-02-28", "other", channel="call")]
    [item] = [p for p in rules.pending_for(person(core=True), tps, IV) if p.rule == "core-update"]
    assert item.due == date(2026, 5, 29)


# --- items expire and give way; one item per message ----------------------------


def test_someone_met_and_never_written_to_is_one_item_every_day_for_six_months() -> None:
    tps = [tp("2026-08-31", "met", channel="conference", event="AAOS 2026")]
    items = rules.pending_for(person(created=date(2026, 8, 31)), tps, IV)
    for day in days("2026-08-31", 200):
        shown = seen(items, day, within=7)
        assert len(shown) <= 1, (day, shown)
    assert seen(items, "2026-09-03") == [("conference-followup", "2026-09-03")]
    assert seen(items, "2026-09-23") == [("conference-followup", "2026-09-03")]
    # Three weeks past its window it gives way to one item that says what to do now.
    [(rule, due)] = seen(items, "2026-09-24")
    assert (rule, due) == ("keep-warm", "2026-09-24")
    [later] = agenda.view(items, {1: "x"}, date(2027, 2, 28))
    assert later.rule == "keep-warm" and "never sent" in later.reason
    assert "met" not in later.action or "where you met" in later.action


def test_a_shadowing_day_with_someone_just_met_is_one_thank_you_not_two_notes() -> None:
    tps = [
        tp("2026-11-30", "met", channel="in-person"),
        tp("2026-11-30", "shadowing", channel="in-person"),
    ]
    items = rules.pending_for(person(created=date(2026, 11, 30)), tps, IV)
    for day in days("2026-11-30", 60):
        assert len(seen(items, day, within=7)) <= 1, day
    assert seen(items, "2026-12-02") == [("thank-you", "2026-12-02")]


def test_one_item_per_rule_even_with_two_letters_submitted() -> None:
    letters = [
        Letter(1, 1, "HSS", "submitted", updated=date(2026, 10, 1)),
        Letter(2, 1, "Duke", "submitted", updated=date(2026, 10, 3)),
    ]
    items = rules.pending_for(person(), [tp("2026-09-01", "update")], IV, letters=letters)
    assert [p.rule for p in items].count("thank-you") == 1


# --- late core flags ------------------------------------------------------------


def test_a_contact_made_core_in_august_is_not_owed_februarys_milestone() -> None:
    news = Activity(1, "milestone", date(2026, 2, 28), "abstract accepted")
    late = person(core=True, created=date(2025, 9, 1), core_since=date(2026, 8, 14))
    assert not [
        p for p in rules.pending_for(late, [], IV, milestone=news) if p.rule == "milestone-loop"
    ]
    early = person(core=True, created=date(2025, 9, 1), core_since=date(2025, 9, 1))
    [item] = [
        p for p in rules.pending_for(early, [], IV, milestone=news) if p.rule == "milestone-loop"
    ]
    assert item.due == date(2026, 3, 7)


def test_becoming_core_within_the_milestones_week_still_hears_the_news() -> None:
    news = Activity(1, "milestone", date(2028, 2, 29), "matched")
    mentor = person(core=True, core_since=date(2028, 3, 6))
    [item] = [
        p for p in rules.pending_for(mentor, [], IV, milestone=news) if p.rule == "milestone-loop"
    ]
    assert item.due == date(2028, 3, 7)


def test_milestone_news_months_old_is_not_raised() -> None:
    news = Activity(1, "milestone", date(2026, 2, 1), "abstract accepted")
    mentor = person(core=True, core_since=date(2025, 1, 1))
    items = rules.pending_for(mentor, [tp("2026-01-15", "update")], IV, milestone=news)
    assert "milestone-loop" not in [r for r, _ in seen(items, "2026-07-16", within=7)]


# --- meeting then asking --------------------------------------------------------


def test_meeting_then_asking_the_next_day_is_flagged_and_does_not_clear_the_followup() -> None:
    tps = [
        tp("2026-04-30", "met", channel="conference", event="AAOS 2026"),
        tp("2026-05-01", "ask", awaiting_reply=True),
    ]
    assert balance.transactional(tps) is not None
    items = rules.pending_for(person(created=date(2026, 4, 30)), tps, IV)
    [item] = agenda.view(items, {1: "x"}, date(2026, 5, 3))
    assert item.rule == "conference-followup"
    assert "asked" in item.reason and "not another ask" in item.action


def test_a_give_after_the_ask_answers_the_meeting_and_the_warning_stays_on_record() -> None:
    tps = [
        tp("2026-04-30", "met", channel="conference"),
        tp("2026-05-01", "ask"),
        tp("2026-05-02", "thanks"),
    ]
    assert balance.transactional(tps) is not None
    assert "conference-followup" not in [p.rule for p in rules.pending_for(person(), tps, IV)]


# --- letters --------------------------------------------------------------------


def test_a_letter_reminder_is_its_own_rule_and_clears_when_you_write_to_the_writer() -> None:
    letter = Letter(
        1, 1, "HSS ortho", "agreed", deadline=date(2026, 3, 15), updated=date(2026, 1, 5)
    )
    tps = [tp("2026-01-05", "ask")]
    items = rules.pending_for(person(), tps, IV, letters=[letter])
    assert ("letter-reminder", "2026-03-01") in seen(items, "2026-03-01")
    tps.append(tp("2026-02-27", "update", topic="CV attached"))
    items = rules.pending_for(person(), tps, IV, letters=[letter])
    assert "letter-reminder" not in [p.rule for p in items]


def test_a_letter_reminder_is_over_after_the_deadline() -> None:
    letter = Letter(1, 1, "HSS", "agreed", deadline=date(2028, 2, 29), updated=date(2028, 1, 2))
    items = rules.pending_for(person(), [], IV, letters=[letter])
    assert ("letter-reminder", "2028-02-15") in seen(items, "2028-02-29")
    assert "letter-reminder" not in [r for r, _ in seen(items, "2028-03-01", within=30)]


# --- imports --------------------------------------------------------------------


def test_an_imported_weak_tie_is_dormant_until_you_first_log_something() -> None:
    tie = person(imported=date(2026, 11, 5), created=date(2026, 11, 5))
    connected = [tp("2021-03-01", "met", channel="other")]
    assert rules.pending_for(tie, connected, IV) == []
    awake = person(created=date(2026, 11, 5))  # the flag is cleared by the first log
    assert rules.pending_for(awake, connected, IV)


def test_every_rule_is_documented_with_what_starts_clears_and_ends_it() -> None:
    from pathlib import Path

    page = (Path(__file__).resolve().parent.parent / "docs" / "rules.md").read_text("utf-8")
    table = page.split("## The rules", 1)[1]
    assert "| rule | starts | due | clears | expires or gives way |" in table
    for rule in rules.RULE_IDS:
        assert f"| `{rule}` |" in table, rule
