"""Properties of the follow-up rules and of date parsing, over generated histories."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from netlog.balance import is_give
from netlog.dates import parse_date
from netlog.domain import Activity, Contact, Intervals, Touchpoint
from netlog.errors import InvalidValue
from netlog.rules import pending_for
from netlog.vocabulary import IN, OUT, TOGETHER_KINDS
from tests.strategies import touchpoints

START = date(2024, 1, 1)
IV = Intervals()


@st.composite
def histories(draw: st.DrawFn) -> tuple[Contact, list[Touchpoint]]:
    contact = Contact(
        id=1,
        name="Dr. Test",
        core=draw(st.booleans()),
        cadence_days=draw(st.none() | st.integers(1, 3650)),
        created=START,
    )
    count = draw(st.integers(0, 12))
    tps = touchpoints(draw, count, start=START, span=700, follow_max=60)
    return contact, tps


milestones = st.none() | st.builds(
    lambda d: Activity(1, "milestone", START + timedelta(days=d), "paper accepted"),
    st.integers(0, 700),
)


@settings(max_examples=300)
@given(histories(), milestones)
def test_a_due_date_never_precedes_the_touchpoint_that_caused_it(
    history: tuple[Contact, list[Touchpoint]], milestone: Activity | None
) -> None:
    contact, tps = history
    for item in pending_for(contact, tps, IV, milestone=milestone):
        if item.rule == "next-step":
            assert any(t.follow_up == item.due and t.date <= item.due for t in tps)
        elif item.rule == "milestone-loop":
            assert milestone is not None and item.due >= milestone.date
        elif item.rule in ("core-update", "keep-warm"):
            # The clock restarts at your last give or day together; an item that
            # took over from an unanswered first meeting is due after that meeting.
            clock = [t.date for t in tps if is_give(t) or t.kind in TOGETHER_KINDS]
            assert item.due > max(clock, default=START) or (
                item.starts is not None and item.due == item.starts
            )
            causes = [t.date for t in tps] + ([milestone.date] if milestone else [])
            assert item.starts is None or any(day < item.starts for day in causes)
        else:
            assert any(t.date < item.due for t in tps)


@settings(max_examples=300)
@given(histories(), milestones, st.sampled_from(("thanks", "update")), st.integers(0, 30))
def test_an_outgoing_thanks_or_update_after_any_history_clears_what_it_answers(
    history: tuple[Contact, list[Touchpoint]],
    milestone: Activity | None,
    kind: str,
    gap: int,
) -> None:
    contact, tps = history
    last = max([t.date for t in tps] + ([milestone.date] if milestone else []), default=START)
    answer = Touchpoint(
        id=len(tps) + 1,
        contact_id=1,
        date=last + timedelta(days=gap),
        channel="email",
        kind=kind,
        direction=OUT,
    )
    rules = {p.rule for p in pending_for(contact, [*tps, answer], IV, milestone=milestone)}
    assert "conference-followup" not in rules
    assert "milestone-loop" not in rules
    if kind == "thanks":
        assert "thank-you" not in rules


@settings(max_examples=300)
@given(histories(), st.integers(0, 30))
def test_an_incoming_message_clears_the_reply_nudge(
    history: tuple[Contact, list[Touchpoint]], gap: int
) -> None:
    contact, tps = history
    last = max((t.date for t in tps), default=START)
    reply = Touchpoint(len(tps) + 1, 1, last + timedelta(days=gap), "email", "reply", IN)
    assert "reply-nudge" not in {p.rule for p in pending_for(contact, [*tps, reply], IV)}


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2999, 12, 31)))
def test_any_valid_iso_date_round_trips(day: date) -> None:
    assert parse_date(day.isoformat()) == day
    assert parse_date(f"  {day.isoformat()} ", direction="future") == day


@given(
    st.one_of(
        st.dates(min_value=date(1, 1, 1), max_value=date(1899, 12, 31)),
        st.dates(min_value=date(3000, 1, 1), max_value=date(9999, 12, 31)),
    )
)
def test_a_date_outside_the_years_netlog_takes_is_refused_not_a_crash(day: date) -> None:
    with pytest.raises(InvalidValue, match="out of range"):
        parse_date(day.isoformat())


@given(st.dates(min_value=date(1960, 1, 1), max_value=date(2200, 12, 31)), st.integers(0, 20000))
def test_in_n_days_and_n_days_ago_are_inverses(base: date, n: int) -> None:
    later = parse_date(f"in {n}d", base=base)
    assert later == base + timedelta(days=n)
    assert parse_date(f"{n}d ago", base=later) == base
    assert parse_date(f"+{n}d", base=base) == later
    earlier = parse_date(f"{n}d ago", base=base)
    assert parse_date(f"in {n}d", base=earlier) == base


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31)), st.integers(0, 2000))
def test_weeks_are_seven_days(base: date, n: int) -> None:
    assert parse_date(f"in {n}w", base=base) == base + timedelta(weeks=n)
    assert parse_date(f"{n}w ago", base=parse_date(f"in {n}w", base=base)) == base
