"""Follow-up rules: pure functions of the log and a date.

Nothing here reads the clock, the database or the settings file. Each rule
takes one contact's history and returns the follow-up it owes (a ``Pending``
with a fixed due date); :func:`view` then looks at those from a given day.
Because every due date is "an event + N days", pending items can be computed
when the log changes and stored, so the morning ``netlog due`` only reads them.

Guides (in ``shared/guides/``) are cited by their number: 000 (US-citizen IMG,
orthopedics), 001 (IMG routine), 002 (residents), 003 (students), 004
(IMG in a preliminary surgery year).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, timedelta

from netlog.domain import (
    ASK_KINDS,
    IN,
    OUT,
    THANKS_TRIGGERS,
    Activity,
    Contact,
    DueItem,
    Intervals,
    Letter,
    Pending,
    Touchpoint,
)

RULE_IDS: tuple[str, ...] = (
    "conference-followup",
    "thank-you",
    "reply-nudge",
    "core-update",
    "keep-warm",
    "next-step",
    "milestone-loop",
)

# Bump when a rule's logic changes so stored follow-ups are recomputed.
RULES_VERSION = 1

_KIND_WORDS = {
    "shadowing": "shadowing day",
    "or-day": "OR day",
    "rotation": "rotation",
    "helped": "help",
}


def _after(tps: Sequence[Touchpoint], day: date, *, direction: str, skip: int) -> list[Touchpoint]:
    """Touchpoints in ``direction`` on or after ``day`` (excluding the trigger itself)."""
    return [t for t in tps if t.direction == direction and t.date >= day and t.id != skip]


def _where(tp: Touchpoint) -> str:
    return f" at {tp.event}" if tp.event else ""


def conference_followup(tps: Sequence[Touchpoint], iv: Intervals) -> Pending | None:
    """A first meeting owes a short follow-up within a few days.

    Due: met + 3 days (settable 2–5). Guide 001 says within 48 hours, 003
    within 72 hours and after any meaningful interaction, 004 within 3–5 days;
    000 and 002 stress the same prompt note after conferences. Any outgoing
    touchpoint on or after the meeting day (other than the meeting) clears it.
    """
    for tp in reversed(tps):
        if tp.kind != "met":
            continue
        replies = [t for t in _after(tps, tp.date, direction=OUT, skip=tp.id) if t.kind != "met"]
        if replies:
            return None
        return Pending(
            tp.contact_id,
            "conference-followup",
            tp.date + timedelta(days=iv.conference),
            f"met{_where(tp)} on {tp.date.isoformat()}, no follow-up sent yet",
            "send a short note that recalls one thing you talked about",
        )
    return None


def thank_you(tps: Sequence[Touchpoint], iv: Intervals) -> Pending | None:
    """A shadowing day, OR day, rotation end or a favour owes a thank-you.

    Due: the day + 2 days (settable 1–3). Guides 000, 002 and 003 ask for a
    prompt, specific thank-you after someone gives you their time. An outgoing
    touchpoint of kind ``thanks`` on or after that day clears it.
    """
    for tp in reversed(tps):
        if tp.kind not in THANKS_TRIGGERS:
            continue
        thanked = [t for t in _after(tps, tp.date, direction=OUT, skip=tp.id) if t.kind == "thanks"]
        if thanked:
            return None
        what = _KIND_WORDS.get(tp.kind, tp.kind)
        return Pending(
            tp.contact_id,
            "thank-you",
            tp.date + timedelta(days=iv.thanks),
            f"{what}{_where(tp)} on {tp.date.isoformat()}, not thanked yet",
            "send a thank-you that names one specific thing you learned",
        )
    return None


def reply_nudge(tps: Sequence[Touchpoint], iv: Intervals) -> Pending | None:
    """An email awaiting a reply gets one polite nudge, then netlog stops.

    Due: sent + 7 days (settable 7–10), from guide 004. Only the latest email
    marked awaiting-reply opens a thread; any incoming touchpoint on or after
    it closes the thread, and so does one outgoing nudge (never a second).
    """
    for tp in reversed(tps):
        if not (
            tp.awaiting_reply
            and tp.direction == OUT
            and tp.channel == "email"
            and tp.kind != "nudge"
        ):
            continue
        if _after(tps, tp.date, direction=IN, skip=tp.id):
            return None
        if any(t.kind == "nudge" for t in _after(tps, tp.date, direction=OUT, skip=tp.id)):
            return None
        return Pending(
            tp.contact_id,
            "reply-nudge",
            tp.date + timedelta(days=iv.nudge),
            f"email of {tp.date.isoformat()} still awaiting a reply",
            "send one brief, polite nudge in the same thread",
        )
    return None


def next_step(tps: Sequence[Touchpoint]) -> Pending | None:
    """A touchpoint with an explicit follow-up date is due on that date.

    Guide 003 asks to log who, where, what and the next step. The latest
    touchpoint that set a date wins (a later next step replaces an earlier
    one); any later outgoing touchpoint clears it.
    """
    for index in range(len(tps) - 1, -1, -1):
        tp = tps[index]
        if tp.follow_up is None:
            continue
        if any(t.direction == OUT for t in tps[index + 1 :]):
            return None
        return Pending(
            tp.contact_id,
            "next-step",
            tp.follow_up,
            f"you planned: {tp.next_step}" if tp.next_step else "a follow-up date you set",
            tp.next_step or "follow up as planned",
        )
    return None


def cadence(contact: Contact, tps: Sequence[Touchpoint], iv: Intervals) -> Pending | None:
    """Regular contact so a relationship never goes cold.

    Core contacts (the 3–7 core mentors, sponsors and advocates): last outgoing
    touchpoint + 90 days (settable 60–120): guide 001 says every 3–4 months,
    004 every 2–3 months. Everyone else: last touchpoint of either direction
    + 180 days (settable 90–365): guide 002 suggests one or two check-ins a
    year. A contact's own ``--every DAYS`` overrides both. With no touchpoint
    yet, the count starts when the contact was added.
    """
    if contact.core:
        moments = [t.date for t in tps if t.direction == OUT]
        days, rule = iv.core, "core-update"
    else:
        moments = [t.date for t in tps]
        days, rule = iv.keep_warm, "keep-warm"
    if contact.cadence_days:
        days = contact.cadence_days
    last = max(moments) if moments else contact.created
    if last is None:
        return None
    if rule == "core-update":
        reason = f"core contact, last update sent {last.isoformat()}"
        action = "send a concise update: what you did, what is next, one question"
    else:
        reason = f"no contact since {last.isoformat()}"
        action = "check in with a short personal note or something useful to share"
    return Pending(contact.id, rule, last + timedelta(days=days), reason, action)


def milestone_loop(
    contact: Contact, tps: Sequence[Touchpoint], milestone: Activity | None, iv: Intervals
) -> Pending | None:
    """Close the loop: tell core mentors about a milestone within a week.

    Due: milestone + 7 days. Guides 000, 002 and 004 ask to share progress
    with the people who helped. Only core contacts who were already in the log
    on that day; any outgoing touchpoint on or after the milestone clears it.
    """
    if milestone is None or not contact.core:
        return None
    if contact.created is not None and contact.created > milestone.date:
        return None
    if any(t.direction == OUT and t.date >= milestone.date for t in tps):
        return None
    return Pending(
        contact.id,
        "milestone-loop",
        milestone.date + timedelta(days=iv.milestone),
        f"milestone on {milestone.date.isoformat()} not shared yet: {milestone.text}",
        "tell them the news and thank them for their part in it",
    )


def letter_items(
    letters: Iterable[Letter], tps: Sequence[Touchpoint], iv: Intervals
) -> list[Pending]:
    """Letters of recommendation: remind before an agreed letter's deadline,
    and thank the writer after it is submitted (guides 000, 004)."""
    out: list[Pending] = []
    for letter in letters:
        if letter.status == "agreed" and letter.deadline is not None:
            out.append(
                Pending(
                    letter.contact_id,
                    "next-step",
                    letter.deadline - timedelta(days=iv.letter_lead),
                    f"letter for {letter.program} due {letter.deadline.isoformat()}",
                    "send a gentle reminder with your CV, personal statement and the deadline",
                )
            )
        elif letter.status == "submitted" and letter.updated is not None:
            day = letter.updated
            if any(t.direction == OUT and t.kind == "thanks" and t.date >= day for t in tps):
                continue
            out.append(
                Pending(
                    letter.contact_id,
                    "thank-you",
                    day + timedelta(days=iv.thanks),
                    f"letter for {letter.program} submitted {day.isoformat()}",
                    "thank them for the letter and promise to share the outcome",
                )
            )
    return out


def pending_for(
    contact: Contact,
    touchpoints: Iterable[Touchpoint],
    iv: Intervals,
    *,
    milestone: Activity | None = None,
    letters: Iterable[Letter] = (),
) -> list[Pending]:
    """Every follow-up a contact is owed, whatever today is.

    Touchpoints may come in any order; they are sorted by (date, id).
    Archived contacts owe nothing.
    """
    if contact.archived:
        return []
    tps = sorted(touchpoints, key=lambda t: (t.date, t.id))
    found = [
        conference_followup(tps, iv),
        thank_you(tps, iv),
        reply_nudge(tps, iv),
        next_step(tps),
        cadence(contact, tps, iv),
        milestone_loop(contact, tps, milestone, iv),
    ]
    items = [p for p in found if p is not None]
    items.extend(letter_items(letters, tps, iv))
    return items


def spread_after_pause(
    items: Sequence[Pending], pause_until: date | None, per_day: int
) -> list[Pending]:
    """Move everything due before the end of a pause to after it, a few a day.

    During exam or ICU months nothing is due; when the pause ends the backlog
    is spread over the following days, ``per_day`` items a day, oldest first,
    rather than landing on one morning.
    """
    if pause_until is None:
        return list(items)
    backlog = sorted((p for p in items if p.due < pause_until), key=lambda p: (p.due, p.contact_id))
    rest = [p for p in items if p.due >= pause_until]
    moved = [
        Pending(
            p.contact_id, p.rule, pause_until + timedelta(days=n // per_day), p.reason, p.action
        )
        for n, p in enumerate(backlog)
    ]
    return moved + rest


def view(
    items: Iterable[Pending],
    names: dict[int, str],
    today: date,
    *,
    within: int = 7,
    snoozed: dict[int, date] | None = None,
) -> list[DueItem]:
    """What is due as seen from ``today``: overdue first, then up to ``within`` days.

    A snoozed contact's items stay hidden until the snooze date. Sorted by
    days overdue (most first), then name.
    """
    snoozed = snoozed or {}
    horizon = today + timedelta(days=within)
    out = []
    for p in items:
        until = snoozed.get(p.contact_id)
        if until is not None and today < until:
            continue
        if p.due > horizon:
            continue
        out.append(
            DueItem(
                p.contact_id,
                names.get(p.contact_id, f"#{p.contact_id}"),
                p.rule,
                p.due,
                (today - p.due).days,
                p.reason,
                p.action,
            )
        )
    out.sort(key=lambda d: (-d.days_overdue, d.contact.casefold(), d.rule))
    return out


def transactional(touchpoints: Iterable[Touchpoint]) -> str | None:
    """Warn when a relationship looks like asks only (guides 000, 003).

    Of the last 5 outgoing touchpoints, more than half are asks (and at least
    2), or the very first outgoing touchpoint was an ask.
    """
    outgoing = [t for t in sorted(touchpoints, key=lambda t: (t.date, t.id)) if t.direction == OUT]
    if not outgoing:
        return None
    recent = outgoing[-5:]
    asks = sum(1 for t in recent if t.kind in ASK_KINDS)
    if asks >= 2 and asks * 2 > len(recent):
        return (
            f"{asks} of your last {len(recent)} messages were asks: "
            "give or update before asking again"
        )
    if outgoing[0].kind in ASK_KINDS:
        return "your first message was an ask: build the relationship before asking"
    return None
