"""Properties of the follow-up lifecycle over generated histories.

Histories crowd many touchpoints into few days so that same-day order matters.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from netlog import agenda, balance, rules
from netlog.domain import Activity, Contact, Intervals, Touchpoint
from netlog.vocabulary import CHANNELS, IN, KINDS, OUT
from tests.strategies import touchpoints

START = date(2028, 2, 20)  # the leap day falls inside the window
IV = Intervals()
GROUP = {
    "conference-followup",
    "thank-you",
    "reply-nudge",
    "milestone-loop",
    "core-update",
    "keep-warm",
}


@st.composite
def histories(draw: st.DrawFn) -> tuple[Contact, list[Touchpoint], Activity | None]:
    core = draw(st.booleans())
    contact = Contact(
        id=1,
        name="Dr. Test",
        core=core,
        core_since=START + timedelta(days=draw(st.integers(0, 60))) if core else None,
        cadence_days=draw(st.none() | st.integers(1, 400)),
        created=START,
    )
    tps = touchpoints(draw, draw(st.integers(0, 14)), start=START, span=40, follow_max=30)
    milestone = draw(
        st.none()
        | st.builds(
            lambda d: Activity(1, "milestone", START + timedelta(days=d), "paper accepted"),
            st.integers(0, 40),
        )
    )
    return contact, tps, milestone


def _after(
    tps: list[Touchpoint], gap: int, milestone: Activity | None = None, **kw: object
) -> Touchpoint:
    last = max([t.date for t in tps] + ([milestone.date] if milestone else []), default=START)
    fields = {"channel": "email", "kind": "update", "direction": OUT} | kw
    return Touchpoint(id=len(tps) + 100, contact_id=1, date=last + timedelta(days=gap), **fields)  # type: ignore[arg-type]


@settings(max_examples=400)
@given(histories(), st.integers(0, 400))
def test_no_person_has_two_items_asking_for_the_same_message_on_any_day(
    history: tuple[Contact, list[Touchpoint], Activity | None], offset: int
) -> None:
    contact, tps, milestone = history
    items = rules.pending_for(contact, tps, IV, milestone=milestone)
    day = START + timedelta(days=offset)
    for within in (0, 7):
        shown = agenda.view(items, {1: "x"}, day, within=within)
        assert len({i.rule for i in shown}) == len(shown)
        assert sum(1 for i in shown if i.rule in GROUP) <= 1


@settings(max_examples=400)
@given(histories())
def test_an_item_is_never_shown_before_its_cause(
    history: tuple[Contact, list[Touchpoint], Activity | None],
) -> None:
    contact, tps, milestone = history
    causes = [t.date for t in tps] + ([milestone.date] if milestone else []) + [START]
    for item in rules.pending_for(contact, tps, IV, milestone=milestone):
        assert item.due >= min(causes)
        if item.starts is not None:
            assert item.starts > min(causes)
        if item.ends is not None:
            assert item.ends > item.due
        if item.rule == "milestone-loop":
            assert milestone is not None and item.due > milestone.date


@settings(max_examples=400)
@given(histories(), st.integers(0, 30))
def test_logging_what_satisfies_an_item_clears_it(
    history: tuple[Contact, list[Touchpoint], Activity | None], gap: int
) -> None:
    contact, tps, milestone = history
    for item in rules.pending_for(contact, tps, IV, milestone=milestone):
        if item.rule == "next-step":
            step = rules.open_next_step(balance.order(tps))
            assert step is not None
            after = [replace(t, done=t.date) if t is step else t for t in tps]
        elif item.rule == "reply-nudge":
            after = [*tps, _after(tps, gap, kind="reply", direction=IN)]
        elif item.rule == "thank-you":
            after = [*tps, _after(tps, gap, kind="thanks")]
        else:  # a give answers a first meeting, the news and the cadence
            after = [*tps, _after(tps, gap, milestone, kind="update")]
        left = [
            p
            for p in rules.pending_for(contact, after, IV, milestone=milestone)
            if p.rule == item.rule
        ]
        if item.rule in ("core-update", "keep-warm"):
            give = after[-1].date
            assert all(p.due > give for p in left)
        else:
            assert left == [], (item, left)


@settings(max_examples=400)
@given(histories(), st.integers(0, 20), st.sampled_from(KINDS), st.sampled_from(CHANNELS))
def test_a_nudge_is_owed_at_most_once_per_thread(
    history: tuple[Contact, list[Touchpoint], Activity | None], gap: int, kind: str, channel: str
) -> None:
    contact, tps, _ = history
    nudge = [p for p in rules.pending_for(contact, tps, IV) if p.rule == "reply-nudge"]
    ordered = balance.order(tps)
    if nudge:
        # Only the email that opened the thread, with nothing after it yet.
        opener = ordered[-1]
        assert opener.awaiting_reply and opener.direction == OUT and opener.kind != "nudge"
        assert nudge[0].due == opener.date + timedelta(days=IV.nudge)
    # Inside an open thread, whatever you send next, logged as whatever kind,
    # is that thread's one nudge: none is owed after it, nor after a third.
    if rules.open_thread(ordered) is None:
        return
    sent = _after(tps, gap, kind=kind, channel=channel, awaiting_reply=channel == "email")
    again = _after([*tps, sent], gap, kind="update", awaiting_reply=True)
    for later in ([*tps, sent], [*tps, sent, again]):
        assert "reply-nudge" not in {p.rule for p in rules.pending_for(contact, later, IV)}
