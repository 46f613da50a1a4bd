"""Give and ask: touchpoints in the order they happened, which messages give,
and whether a relationship looks like asks only (guides 000, 003: the
warning ``show``, ``draft`` and the reply nudge give). Pure, like
:mod:`netlog.rules`."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from netlog.domain import Touchpoint
from netlog.vocabulary import ASK_KINDS, NOT_GIVE_KINDS, OUT, TOGETHER_KINDS


def order(touchpoints: Iterable[Touchpoint]) -> list[Touchpoint]:
    """Touchpoints as they happened: by date, then in the order they were logged."""
    return sorted(touchpoints, key=lambda t: (t.date, t.id))


def is_give(tp: Touchpoint) -> bool:
    """An outgoing message that gives: an update, a share, a thank-you, a
    meeting or call, a question, a reply, an introduction, news of a
    milestone. Never an ask or a nudge, and never the meeting or the day
    together that started it (those start the clocks; they answer nothing)."""
    return tp.direction == OUT and tp.kind not in NOT_GIVE_KINDS and tp.kind not in TOGETHER_KINDS


def asked_first(tps: Sequence[Touchpoint], start: int) -> bool:
    """The first outgoing message after ``tps[start]`` was an ask."""
    for t in tps[start + 1 :]:
        if t.direction == OUT and t.kind not in TOGETHER_KINDS:
            return t.kind in ASK_KINDS
    return False


def transactional(touchpoints: Iterable[Touchpoint]) -> str | None:
    """Warn when a relationship looks like asks only (guides 000, 003).

    Of the last 5 outgoing messages, more than half are asks (and at least
    2), or the first message after meeting them was an ask (guide 000 names
    meeting someone and asking straight away as a red flag). A meeting or a
    day together is not a message.
    """
    tps = order(touchpoints)
    outgoing = [t for t in tps if t.direction == OUT and t.kind not in TOGETHER_KINDS]
    if not outgoing:
        return None
    recent = outgoing[-5:]
    asks = sum(1 for t in recent if t.kind in ASK_KINDS)
    if asks >= 2 and asks * 2 > len(recent):
        return (
            f"{asks} of your last {len(recent)} messages were asks: "
            "give or update before asking again"
        )
    met = [n for n, t in enumerate(tps) if t.kind == "met"]
    if met and asked_first(tps, met[-1]):
        return "you asked right after meeting them: build the relationship before asking again"
    if outgoing[0].kind in ASK_KINDS:
        return "your first message was an ask: build the relationship before asking"
    return None
