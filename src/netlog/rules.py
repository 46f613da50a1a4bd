"""Follow-up rules: pure functions of the log and a date.

Nothing here reads the clock, the database or the settings file. Each rule
takes one contact's history and returns the follow-up it owes (a ``Pending``
with a fixed due date, and the days it is shown from and until);
:mod:`netlog.agenda` then looks at those from a given day. Because every date is
"an event + N days", pending items can be computed when the log changes and
stored, so the morning ``netlog due`` only reads them.

Touchpoints are taken in the order they happened: by date, and within one
day in the order they were logged (their id). "After" a touchpoint means
later in that order, so a reply logged in the morning does not answer a
question logged that afternoon.

Guides are cited by their number: 000 (orthopedic surgery residency),
001 (US-citizen IMGs in orthopedics, with the weekly routine), 002 (residents),
003 (cardiothoracic surgery applicants), 004 (IMGs in a preliminary surgery
year). ``docs/rules.md`` maps each rule to its guide and interval, and says
when each item starts, clears, and expires or gives way.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import date, timedelta

from netlog.balance import asked_first, is_give, order, transactional
from netlog.domain import (
    Activity,
    Contact,
    Intervals,
    Letter,
    Pending,
    Skip,
    Touchpoint,
)
from netlog.vocabulary import (
    ASK_KINDS,
    IN,
    OUT,
    THANKS_TRIGGERS,
    TOGETHER_KINDS,
)

RULE_IDS: tuple[str, ...] = (
    "conference-followup",
    "thank-you",
    "reply-nudge",
    "core-update",
    "keep-warm",
    "next-step",
    "milestone-loop",
    "letter-reminder",
)

# The rules whose backlog a pause holds back (the regular cadence); everything
# else is something that just happened and comes due as usual.
CADENCE_RULES: frozenset[str] = frozenset({"core-update", "keep-warm"})

# Bump when a rule's logic changes so stored follow-ups are recomputed.
RULES_VERSION = 3

# How long past its due date an item stays before it gives way (days).
# A "good to meet you" note three weeks late is no longer that note (001: 48
# hours; 003: 72 hours; 000, 002, 004: 3–5 days); nor is a thank-you a month
# late, a nudge (004: one, after 7–10 days) or news weeks old.
FOLLOWUP_GRACE = 21
THANKS_GRACE = 28
NUDGE_GRACE = 21
MILESTONE_GRACE = 21
# A letter reminder is shown from this many days before its date, and writing
# to the writer from then on clears it.
LETTER_WINDOW = 7

# When two items would be answered by the same message, the one due first is
# shown; on the same day, the more specific one (this order).
_PRIORITY = {
    rule: n
    for n, rule in enumerate(
        (
            "thank-you",
            "conference-followup",
            "milestone-loop",
            "reply-nudge",
            "core-update",
            "keep-warm",
        )
    )
}

_KIND_WORDS = {
    "shadowing": "shadowing day",
    "or-day": "OR day",
    "rotation": "rotation",
    "helped": "help",
}


def is_dormant(contact: Contact) -> bool:
    """A weak tie brought in by an import and not yet in touch.

    ``imported`` is set by an import and cleared when you first log anything
    with the contact; a core contact is never dormant (you chose them).
    """
    return contact.imported is not None and not contact.core


def _where(tp: Touchpoint) -> str:
    return f" at {tp.event}" if tp.event else ""


def conference_followup(tps: Sequence[Touchpoint], iv: Intervals) -> Pending | None:
    """A first meeting owes a short follow-up within a few days.

    Due: met + 3 days (settable 2–5). Guide 001 says within 48 hours, 003
    within 72 hours, 000, 002 and 004 within 3–5 days. The latest meeting
    counts; a give after it (not an ask, not a nudge) clears it. Three weeks
    past its due date it ends and gives way to the contact's cadence item.
    """
    for index in range(len(tps) - 1, -1, -1):
        tp = tps[index]
        if tp.kind != "met":
            continue
        if any(is_give(t) for t in tps[index + 1 :]):
            return None
        due = tp.date + timedelta(days=iv.conference)
        reason = f"met{_where(tp)} on {tp.date.isoformat()}, no follow-up sent yet"
        action = "send a short note that recalls one thing you talked about"
        if asked_first(tps, index):
            reason = f"met{_where(tp)} on {tp.date.isoformat()}, then asked before following up"
            action = "send a note that gives (thanks, an update), not another ask"
        return Pending(
            tp.contact_id,
            "conference-followup",
            due,
            reason,
            action,
            ends=due + timedelta(days=FOLLOWUP_GRACE),
        )
    return None


def thank_you(tps: Sequence[Touchpoint], iv: Intervals) -> Pending | None:
    """A shadowing day, OR day, rotation end or a favour owes a thank-you.

    Due: the day + 2 days (settable 1–3). Guides 000, 002 and 003 ask for a
    prompt, specific thank-you after someone gives you their time. An outgoing
    ``thanks`` after it clears it; four weeks past its due date it gives way
    to the contact's cadence item.
    """
    for index in range(len(tps) - 1, -1, -1):
        tp = tps[index]
        if tp.kind not in THANKS_TRIGGERS:
            continue
        if any(t.direction == OUT and t.kind == "thanks" for t in tps[index + 1 :]):
            return None
        what = _KIND_WORDS.get(tp.kind, tp.kind)
        due = tp.date + timedelta(days=iv.thanks)
        return Pending(
            tp.contact_id,
            "thank-you",
            due,
            f"{what}{_where(tp)} on {tp.date.isoformat()}, not thanked yet",
            "send a thank-you that names one specific thing you learned",
            ends=due + timedelta(days=THANKS_GRACE),
        )
    return None


def open_thread(tps: Sequence[Touchpoint]) -> tuple[Touchpoint, bool] | None:
    """The email thread still waiting for their answer, and whether it was nudged.

    An outgoing email marked awaiting-reply opens a thread; anything from
    them closes it. Any outgoing message inside an open thread, whatever its
    kind, is the one nudge; a later message does not open a new thread until
    they have answered.
    """
    thread: Touchpoint | None = None
    nudged = False
    for t in tps:
        if t.direction == IN:
            thread, nudged = None, False
        elif thread is not None:
            nudged = True
        elif t.awaiting_reply and t.channel == "email" and t.kind != "nudge":
            thread = t
    return (thread, nudged) if thread is not None else None


def reply_nudge(tps: Sequence[Touchpoint], iv: Intervals) -> Pending | None:
    """An email awaiting a reply gets one polite nudge, then netlog stops.

    Due: sent + 7 days (settable 7–10), from guide 004. See :func:`open_thread`:
    their answer closes the thread, and the first outgoing message inside it
    is the nudge (never a second). Three weeks past its due date it ends.
    """
    found = open_thread(tps)
    if found is None or found[1]:
        return None
    tp = found[0]
    due = tp.date + timedelta(days=iv.nudge)
    action = "send one brief, polite nudge in the same thread"
    if tp.kind in ASK_KINDS and transactional(tps):
        action += " that gives something (an update, thanks) rather than pressing the ask"
    return Pending(
        tp.contact_id,
        "reply-nudge",
        due,
        f"email of {tp.date.isoformat()} still awaiting a reply",
        action,
        ends=due + timedelta(days=NUDGE_GRACE),
    )


def open_next_step(tps: Sequence[Touchpoint]) -> Touchpoint | None:
    """The touchpoint whose next step is still open: the latest next step
    (a newer one replaces it), with a date, not marked done."""
    for tp in reversed(tps):
        if tp.next_step is None and tp.follow_up is None:
            continue
        if tp.follow_up is None or tp.done is not None:
            return None
        return tp
    return None


def next_step(tps: Sequence[Touchpoint]) -> Pending | None:
    """A touchpoint with an explicit follow-up date is due on that date.

    Guide 003 asks to log who, where, what and the next step. It stays until
    you mark it done (``log … --done`` or ``netlog done``) or a newer next
    step replaces it; an unrelated message does not clear it.
    """
    tp = open_next_step(tps)
    if tp is None or tp.follow_up is None:
        return None
    return Pending(
        tp.contact_id,
        "next-step",
        tp.follow_up,
        f"next step you set after the {tp.kind} of {tp.date.isoformat()}",
        tp.next_step or "follow up as planned",
    )


def cadence(contact: Contact, tps: Sequence[Touchpoint], iv: Intervals) -> Pending | None:
    """Regular contact so a relationship never goes cold.

    Core contacts (the 3–7 core mentors, sponsors and advocates): last give
    + 90 days (settable 60–120): guide 001 says every 3–4 months, 004 every
    2–3 months. Everyone else: last give + 180 days (settable 90–365): guide
    002 suggests one or two check-ins a year. Only gives (see :func:`netlog.balance.is_give`)
    and time spent together (a meeting, a shadowing day…) restart the clock;
    asks, nudges and their messages do not. A contact's own ``--every DAYS``
    overrides both. With neither yet, the count starts when the contact
    became core, or was added. An imported weak tie is dormant.
    """
    if contact.core:
        days, rule = iv.core, "core-update"
    else:
        if is_dormant(contact):
            return None
        days, rule = iv.keep_warm, "keep-warm"
    if contact.cadence_days:
        days = contact.cadence_days
    moments = [t.date for t in tps if is_give(t) or t.kind in TOGETHER_KINDS]
    start = (contact.core_since or contact.created) if contact.core else contact.created
    last = max(moments) if moments else start
    if last is None:
        return None
    if rule == "core-update":
        if moments:
            reason = f"core contact, last update sent {last.isoformat()}"
        else:
            reason = f"core contact since {last.isoformat()}, no update sent yet"
        action = "send a concise update: what you did, what is next, one question"
    else:
        if moments:
            reason = f"nothing sent since {last.isoformat()}"
        else:
            reason = f"added {last.isoformat()}, nothing sent since"
        action = "check in with a short personal note or something useful to share"
    return Pending(contact.id, rule, last + timedelta(days=days), reason, action)


def milestone_loop(
    contact: Contact, tps: Sequence[Touchpoint], milestone: Activity | None, iv: Intervals
) -> Pending | None:
    """Close the loop: tell core mentors about a milestone within a week.

    Due: milestone + 7 days. Guides 000, 002 and 004 ask to share progress
    with the people who helped. Owed only to those who were core when it
    happened (or became core within that week); a give on or after the
    milestone's day clears it. Three weeks past its due date it ends.
    """
    if milestone is None or not contact.core:
        return None
    due = milestone.date + timedelta(days=iv.milestone)
    since = contact.core_since or contact.created
    if since is not None and since > due:
        return None
    if any(is_give(t) and t.date >= milestone.date for t in tps):
        return None
    return Pending(
        contact.id,
        "milestone-loop",
        due,
        f"milestone on {milestone.date.isoformat()} not shared yet: {milestone.text}",
        "tell them the news and thank them for their part in it",
        ends=due + timedelta(days=MILESTONE_GRACE),
    )


def letter_items(
    letters: Iterable[Letter], tps: Sequence[Touchpoint], iv: Intervals
) -> list[Pending]:
    """Letters of recommendation (guides 000, 001, 004).

    An agreed letter with a deadline: a ``letter-reminder`` 14 days before
    (settable), shown from a week before that, cleared when you write to the
    writer from then on, over after the deadline. A submitted letter owes a
    thank-you.
    """
    out: list[Pending] = []
    for letter in letters:
        if letter.status == "agreed" and letter.deadline is not None:
            due = letter.deadline - timedelta(days=iv.letter_lead)
            since = due - timedelta(days=LETTER_WINDOW)
            if letter.updated is not None:
                since = max(since, letter.updated)
            if any(t.direction == OUT and t.kind not in ASK_KINDS and t.date >= since for t in tps):
                continue
            out.append(
                Pending(
                    letter.contact_id,
                    "letter-reminder",
                    due,
                    f"letter for {letter.program} due {letter.deadline.isoformat()}",
                    "send a gentle reminder with your CV, personal statement and the deadline",
                    ends=letter.deadline + timedelta(days=1),
                )
            )
        elif letter.status == "submitted" and letter.updated is not None:
            day = letter.updated
            if any(t.direction == OUT and t.kind == "thanks" and t.date >= day for t in tps):
                continue
            due = day + timedelta(days=iv.thanks)
            out.append(
                Pending(
                    letter.contact_id,
                    "thank-you",
                    due,
                    f"letter for {letter.program} submitted {day.isoformat()}",
                    "thank them for the letter and promise to share the outcome",
                    ends=due + timedelta(days=THANKS_GRACE),
                )
            )
    return out


def _gave_way(item: Pending, cadence_item: Pending, start: date) -> Pending:
    """The cadence item that takes over from an unanswered first-meeting
    follow-up or thank-you: due the day that one ends, saying what to do now."""
    if item.rule == "conference-followup":
        reason = item.reason.replace(", no follow-up sent yet", "").replace(
            ", then asked before following up", ""
        )
        reason += "; the first note was never sent"
        action = "write now anyway: say where you met, share one update, ask nothing"
    else:
        reason = item.reason.replace(", not thanked yet", "") + "; never thanked"
        action = "send a late thank-you anyway, naming one thing you took from it"
    return replace(
        cadence_item, due=min(cadence_item.due, start), reason=reason, action=action, starts=start
    )


def _one_message(
    items: list[Pending], cadence_item: Pending | None, pull: frozenset[str]
) -> list[Pending]:
    """At most one item a person at a time that one message would answer.

    Of the items something recent caused (a meeting, a favour, a thread, a
    milestone) the one due first is shown (the more specific on a tie); when
    it ends, the next one still open starts. The cadence item (core-update,
    keep-warm) waits until they are over: an unanswered first-meeting
    follow-up or thank-you (``pull``: those with nothing sent since) gives
    way to it that very day, and it then says what to do now.
    """

    def key(p: Pending) -> tuple[date, int]:
        return (p.due, _PRIORITY.get(p.rule, 99))

    out: list[Pending] = []
    start: date | None = None
    gave_way: Pending | None = None
    remaining = list(items)
    while remaining:
        live = [p for p in remaining if start is None or p.ends is None or p.ends > start]
        if not live:
            break
        first = min(live, key=key)
        out.append(first if start is None else replace(first, starts=start))
        if first.ends is None:
            return out
        if first.rule in pull:
            gave_way = first
        start = first.ends
        remaining = [p for p in live if p is not first]
    if cadence_item is not None:
        if gave_way is not None and start is not None:
            out.append(_gave_way(gave_way, cadence_item, start))
        elif start is not None:
            out.append(replace(cadence_item, starts=start))
        else:
            out.append(cadence_item)
    return out


def _unanswered_since_trigger(tps: Sequence[Touchpoint]) -> bool:
    """Nothing given since the latest day someone gave you their time."""
    for index in range(len(tps) - 1, -1, -1):
        if tps[index].kind in THANKS_TRIGGERS:
            return not any(is_give(t) for t in tps[index + 1 :])
    return True


def pending_for(
    contact: Contact,
    touchpoints: Iterable[Touchpoint],
    iv: Intervals,
    *,
    milestone: Activity | None = None,
    letters: Iterable[Letter] = (),
    skips: Iterable[Skip] = (),
) -> list[Pending]:
    """Every follow-up a contact is owed, whatever today is.

    ``skips`` are items the user dismissed (``netlog skip``): an item of the
    same rule and due date is left out (and the next one a give would answer
    takes its turn); a new cause (a new meeting, thread or give) brings a new
    item with another due date, owed as usual.

    Touchpoints may come in any order; they are taken by (date, id). Archived
    contacts owe nothing; an imported weak tie not yet in touch owes only
    the next steps you set. At most one item per rule, and at most one at a
    time of the items one message would answer (see :func:`_one_message`).
    """
    if contact.archived:
        return []
    dismissed = {(s.rule, s.due) for s in skips}

    def kept(p: Pending | None) -> bool:
        return p is not None and (p.rule, p.due) not in dismissed

    tps = order(touchpoints)
    step = next_step(tps)
    if not kept(step):
        step = None
    if is_dormant(contact):
        return [step] if step else []
    found = [
        conference_followup(tps, iv),
        thank_you(tps, iv),
        reply_nudge(tps, iv),
        milestone_loop(contact, tps, milestone, iv),
        *letter_items(letters, tps, iv),
    ]
    by_rule: dict[str, Pending] = {}
    for p in found:
        if p is not None and kept(p) and (p.rule not in by_rule or p.due < by_rule[p.rule].due):
            by_rule[p.rule] = p
    # A letter reminder is its own message (CV, statement, deadline), like a
    # next step; the rest are answered by any one give.
    reminder = by_rule.pop("letter-reminder", None)
    # An unanswered first meeting or favour with nothing sent since gives way
    # to a cadence item due at once; if you have written since, the cadence
    # simply runs from that message.
    pull = frozenset({"conference-followup"})
    if _unanswered_since_trigger(tps):
        pull |= {"thank-you"}
    items = _one_message(list(by_rule.values()), cadence(contact, tps, iv), pull)
    # The cadence item (or what a first meeting gave way to) may be dismissed too.
    items = [p for p in items if kept(p)]
    items.extend(p for p in (reminder, step) if p is not None)
    return items
