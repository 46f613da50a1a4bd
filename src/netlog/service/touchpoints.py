"""Touchpoints: logging one (``log``), correcting or removing it (``log --fix``,
``log --rm``), marking a next step done (``done``) and dismissing an owed item
(``skip``). Each write recomputes the contact's follow-ups.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from datetime import date
from typing import Any

from netlog import agenda, followups, rules
from netlog.config import Settings
from netlog.domain import Contact, Pending, Skip, Touchpoint
from netlog.errors import InvalidValue
from netlog.service.due_list import by_urgency
from netlog.storage import contacts, pending, records, touchpoints
from netlog.storage.db import Database
from netlog.vocabulary import (
    CHANNEL_SYNONYMS,
    CHANNELS,
    IN,
    KIND_SYNONYMS,
    KINDS,
    OUT,
    check_choice,
)


@dataclass
class _Logged:
    """What ``log`` records and ``fix`` changes (``None``: not given)."""

    channel: str | None = None
    kind: str | None = None
    day: date | None = None
    event: str | None = None
    note: str | None = None
    next_step: str | None = None
    follow_up: date | None = None


@dataclass
class TouchpointInput(_Logged):
    """Options of ``log``: what to record (``None``: not given)."""

    awaiting_reply: bool = False
    incoming: bool = False
    topic: str | None = None
    done: bool = False


@dataclass
class Logged:
    """What ``log`` recorded, and what it means for the next step."""

    contact: Contact
    touchpoint: Touchpoint
    done: Touchpoint | None = None  # the next step this marked done
    waiting: Touchpoint | None = None  # an open next step still waiting


def log_touchpoint(
    db: Database, settings: Settings, contact: str, data: TouchpointInput, *, today: date
) -> Logged:
    """Record a touchpoint; the follow-ups it satisfies clear at once.

    With ``done`` the open next step is marked done; otherwise an open next
    step stays (an unrelated message does not clear it) and is reported back
    as still waiting.
    """
    if data.awaiting_reply and data.incoming:
        raise InvalidValue("--awaiting-reply is for messages you sent, not --incoming ones")
    if data.channel is not None:
        channel = check_choice(data.channel, CHANNELS, "channel", CHANNEL_SYNONYMS)
    elif data.event:
        channel = "conference"
    else:
        channel = "email"
    if data.kind is not None:
        kind = check_choice(data.kind, KINDS, "kind", KIND_SYNONYMS)
    else:
        kind = "reply" if data.incoming else "update"
    if data.awaiting_reply and channel != "email":
        raise InvalidValue("--awaiting-reply tracks emails; add --via email")
    day = data.day or today
    if data.follow_up is not None and data.follow_up < day:
        raise InvalidValue(
            f"--due {data.follow_up.isoformat()} is before the touchpoint's date {day.isoformat()}"
        )
    with db.write() as conn:
        found = contacts.resolve(conn, contact)
        before = rules.open_next_step(touchpoints.touchpoints_for(conn, found.id))
        if data.done and before is None:
            raise InvalidValue(
                f"{found.name} has no open next step to mark done (see 'netlog show {found.id}')"
            )
        tp = Touchpoint(
            id=0,
            contact_id=found.id,
            date=day,
            channel=channel,
            kind=kind,
            direction=IN if data.incoming else OUT,
            event=(data.event or "").strip() or None,
            note=data.note,
            next_step=(data.next_step or "").strip() or None,
            follow_up=data.follow_up,
            awaiting_reply=data.awaiting_reply,
            topic=" ".join((data.topic or "").split()) or None,
        )
        if data.done and before is not None:
            touchpoints.mark_step_done(conn, before.id, day)
        tp.id = touchpoints.insert_touchpoint(conn, tp)
        followups.refresh(conn, [found.id], settings)
        waiting = rules.open_next_step(touchpoints.touchpoints_for(conn, found.id))
    return Logged(
        found,
        tp,
        done=before if data.done else None,
        waiting=waiting if waiting is not None and waiting.id != tp.id else None,
    )


def mark_done(
    db: Database, settings: Settings, contact: str, *, today: date
) -> tuple[Contact, Touchpoint]:
    """``netlog done CONTACT``: the open next step is done (no message logged)."""
    with db.write() as conn:
        found = contacts.resolve(conn, contact)
        step = rules.open_next_step(touchpoints.touchpoints_for(conn, found.id))
        if step is None:
            raise InvalidValue(
                f"{found.name} has no open next step to mark done (see 'netlog show {found.id}')"
            )
        touchpoints.mark_step_done(conn, step.id, today)
        followups.refresh(conn, [found.id], settings)
        return found, step


@dataclass
class TouchpointFix(_Logged):
    """The fields of a touchpoint to change (``None``: keep as logged).

    Text fields given as empty strings are cleared; ``clear_follow_up``
    removes the follow-up date.
    """

    clear_follow_up: bool = False
    awaiting_reply: bool | None = None
    incoming: bool | None = None
    topic: str | None = None

    def given(self) -> bool:
        return self.clear_follow_up or any(
            getattr(self, f.name) is not None for f in fields(self) if f.name != "clear_follow_up"
        )


def _touchpoint_of(conn: Any, contact: Contact, number: int) -> Touchpoint:
    """The contact's touchpoint with this number (its id, as ``show`` lists it)."""
    for tp in touchpoints.touchpoints_for(conn, contact.id):
        if tp.id == number:
            return tp
    raise InvalidValue(
        f"{contact.name} has no touchpoint #{number}; 'netlog show {contact.id}' numbers them"
    )


def _text(value: str | None, old: str | None) -> str | None:
    if value is None:
        return old
    return " ".join(value.split()) or None


def fix_touchpoint(
    db: Database, settings: Settings, contact: str, number: int, data: TouchpointFix
) -> tuple[Contact, Touchpoint, Touchpoint]:
    """Correct a logged touchpoint; the follow-ups are recomputed as on ``log``.

    Returns the contact, the touchpoint as it was, and as it is now.
    """
    if not data.given():
        raise InvalidValue(
            "say what to change (--kind, --date, --via, --note, …), or --rm to remove it"
        )
    with db.write() as conn:
        found = contacts.resolve(conn, contact)
        old = _touchpoint_of(conn, found, number)
        new = replace(old)
        if data.channel is not None:
            new.channel = check_choice(data.channel, CHANNELS, "channel", CHANNEL_SYNONYMS)
        if data.kind is not None:
            new.kind = check_choice(data.kind, KINDS, "kind", KIND_SYNONYMS)
        if data.day is not None:
            new.date = data.day
        if data.incoming is not None:
            new.direction = IN if data.incoming else OUT
        if data.awaiting_reply is not None:
            new.awaiting_reply = data.awaiting_reply
        elif data.incoming:
            new.awaiting_reply = False  # their message awaits nothing from them
        new.event = _text(data.event, old.event)
        new.next_step = _text(data.next_step, old.next_step)
        new.topic = _text(data.topic, old.topic)
        if data.note is not None:
            new.note = data.note.strip() or None
        if data.clear_follow_up:
            new.follow_up = None
        elif data.follow_up is not None:
            new.follow_up = data.follow_up
        if new.awaiting_reply and new.direction == IN:
            raise InvalidValue("--awaiting-reply is for messages you sent, not --incoming ones")
        if new.awaiting_reply and new.channel != "email":
            raise InvalidValue("--awaiting-reply tracks emails; add --via email")
        if new.follow_up is not None and new.follow_up < new.date:
            raise InvalidValue(
                f"--due {new.follow_up.isoformat()} is before the touchpoint's date "
                f"{new.date.isoformat()}"
            )
        if (new.next_step, new.follow_up) != (old.next_step, old.follow_up):
            new.done = None  # a different next step is open again
        touchpoints.update_touchpoint(conn, new)
        followups.refresh(conn, [found.id], settings)
    return found, old, new


def remove_touchpoint(
    db: Database, settings: Settings, contact: str, number: int
) -> tuple[Contact, Touchpoint]:
    """Delete one logged touchpoint; the follow-ups are recomputed."""
    with db.write() as conn:
        found = contacts.resolve(conn, contact)
        tp = _touchpoint_of(conn, found, number)
        touchpoints.delete_touchpoint(conn, tp.id)
        followups.refresh(conn, [found.id], settings)
    return found, tp


def find_touchpoint(db: Database, contact: str, number: int) -> tuple[Contact, Touchpoint]:
    """Read one touchpoint (to show it before asking to remove it)."""
    with db.read() as conn:
        found = contacts.resolve(conn, contact)
        return found, _touchpoint_of(conn, found, number)


MAX_REASON = 500


def skip_item(
    db: Database,
    settings: Settings,
    contact: str,
    rule: str | None,
    reason: str,
    *,
    today: date,
) -> tuple[Contact, Pending]:
    """Dismiss one owed item with a reason (``netlog skip``).

    Without ``rule``, the contact's most urgent item of those ``due`` shows;
    the item stays dismissed until its cause changes (see :class:`Skip`).
    """
    reason = " ".join(reason.split())
    if not reason:
        raise InvalidValue("--reason needs a few words: why you will not act on it")
    if len(reason) > MAX_REASON:
        raise InvalidValue(f"--reason is longer than {MAX_REASON} characters")
    if rule is not None:
        rule = check_choice(rule, rules.RULE_IDS, "rule")
    with db.write() as conn:
        found = contacts.resolve(conn, contact)
        owed = pending.pending_for_contact(conn, found.id)
        if rule is None:
            shown = by_urgency(agenda.view(owed, {found.id: found.name}, today))
            if not shown:
                raise InvalidValue(
                    f"nothing is due for {found.name} in the next 7 days; "
                    f"name the rule: netlog skip {found.id} RULE --reason TEXT"
                )
            item = next(p for p in owed if (p.rule, p.due) == (shown[0].rule, shown[0].due))
        else:
            mine = [p for p in owed if p.rule == rule]
            if not mine:
                others = sorted({p.rule for p in owed})
                listed = f" (owed: {', '.join(others)})" if others else " (nothing is owed now)"
                raise InvalidValue(f"{found.name} owes no {rule}{listed}")
            live = [p for p in mine if p.live(today)]
            item = min(live or mine, key=lambda p: p.due)
        records.insert_skip(conn, Skip(0, found.id, item.rule, item.due, reason, today))
        followups.refresh(conn, [found.id], settings)
    return found, item
