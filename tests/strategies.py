"""Hypothesis pieces shared by the property tests."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import strategies as st

from netlog.domain import Touchpoint
from netlog.vocabulary import CHANNELS, IN, KINDS, OUT


def touchpoints(
    draw: st.DrawFn, count: int, *, start: date, span: int, follow_max: int
) -> list[Touchpoint]:
    """``count`` touchpoints with contact 1 within ``span`` days of ``start``, in logged order."""
    tps = []
    for n in range(count):
        day = start + timedelta(days=draw(st.integers(0, span)))
        channel = draw(st.sampled_from(CHANNELS))
        follow = draw(st.none() | st.integers(0, follow_max))
        tps.append(
            Touchpoint(
                id=n + 1,
                contact_id=1,
                date=day,
                channel=channel,
                kind=draw(st.sampled_from(KINDS)),
                direction=draw(st.sampled_from((IN, OUT))),
                next_step=draw(st.none() | st.just("send the abstract")),
                follow_up=None if follow is None else day + timedelta(days=follow),
                awaiting_reply=channel == "email" and draw(st.booleans()),
            )
        )
    return tps
