"""Drafts: which message a contact's most urgent item calls for, and what the
log may recall in it (never the private notes).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from netlog import balance, followups, rules
from netlog.config import Settings
from netlog.domain import Activity, Contact, Letter, Pending, Touchpoint
from netlog.storage import contacts, records, touchpoints
from netlog.storage import pending as pending_rows
from netlog.storage.db import Database
from netlog.vocabulary import OUT, THANKS_TRIGGERS, check_choice

DRAFT_HORIZON = 7  # days ahead a pending item counts as due for a draft


@dataclass
class DraftPlan:
    """What a draft is for: the contact, the kind, and the due item that called for it."""

    contact: Contact
    kind: str
    pending: Pending | None
    context: Any  # netlog.drafts.DraftContext (imported lazily)
    warning: str | None = None  # the next message would be another ask


def draft_plan(
    db: Database, settings: Settings, contact: str, kind: str | None, *, today: date
) -> DraftPlan:
    """The draft a contact's most urgent pending item calls for (or ``kind``), with
    every field the log can fill in."""
    from netlog import drafts

    if kind is not None:
        kind = check_choice(kind, drafts.DRAFT_KINDS, "draft kind")
    followups.ensure_current(db, settings)
    with db.read() as conn:
        found = contacts.resolve(conn, contact)
        tps = touchpoints.touchpoints_for(conn, found.id)
        pending = pending_rows.pending_for_contact(conn, found.id, today)
        letters = records.letters_for(conn, found.id)
        milestone = records.latest_milestone(conn)
    # "Most urgent": the earliest item that is overdue or falls due within a week
    # (what 'netlog due' shows by default); a follow-up months away calls for nothing yet.
    horizon = today + timedelta(days=DRAFT_HORIZON)
    pending = [p for p in pending if p.due <= horizon]
    urgent = next((p for p in pending if p.rule in drafts.RULE_KINDS), None)
    if kind is None:
        kind = drafts.kind_for_rule(urgent.rule) if urgent else "update"
    elif urgent is not None and drafts.RULE_KINDS[urgent.rule] != kind:
        urgent = next((p for p in pending if drafts.RULE_KINDS.get(p.rule) == kind), None)
    warning = None
    pattern = balance.transactional(tps)
    thread = rules.open_thread(balance.order(tps))
    asking = kind in ("letter", "meeting") or (
        kind == "nudge" and thread is not None and thread[0].kind == "ask"
    )
    if pattern and asking:
        warning = f"{pattern} (this {kind} would be another ask)"
    context = _draft_context(found, tps, letters, milestone, kind, settings, urgent)
    return DraftPlan(found, kind, urgent, context, warning)


def _draft_context(
    contact: Contact,
    tps: list[Touchpoint],
    letters: list[Letter],
    milestone: Activity | None,
    kind: str,
    settings: Settings,
    urgent: Pending | None = None,
) -> Any:
    """What a draft may recall. Notes (the contact's and every touchpoint's) are
    private and never used: only the ``--topic`` written for that purpose, the
    event, the next step, the milestone, the letter."""
    from netlog.drafts import DraftContext

    past = balance.order(tps)
    met = next((t for t in reversed(past) if t.kind == "met"), None)
    topics = [t for t in past if t.topic]
    event, day = (met.event, met.date) if met else (None, None)
    topic = (met.topic if met else None) or contact.topic
    sent: date | None = None
    if kind == "thanks":
        helped = [t for t in past if t.kind in THANKS_TRIGGERS]
        if helped:
            event, day = helped[-1].event, helped[-1].date
            topic = helped[-1].topic or topic
    elif kind == "nudge":
        thread = rules.open_thread(past)
        waiting = (
            [thread[0]] if thread else [t for t in past if t.direction == OUT and t.awaiting_reply]
        )
        if waiting:
            sent, topic = waiting[-1].date, waiting[-1].topic or contact.topic
    elif kind != "followup" and topics:
        topic = topics[-1].topic
    step = rules.open_next_step(past)
    steps = [t for t in past if t.next_step]
    next_text = (step.next_step if step else None) or (steps[-1].next_step if steps else None)
    letter = letters[-1] if letters else None
    if kind == "reminder":
        letter = next((x for x in reversed(letters) if x.status == "agreed"), letter)
    return DraftContext(
        name=contact.name,
        role=contact.role,
        institution=contact.institution,
        event=event,
        met=day,
        note=topic,
        milestone=milestone.text if milestone else None,
        next_step=next_text,
        your_name=settings.name,
        your_intro=settings.intro,
        program=letter.program if letter else None,
        deadline=letter.deadline if letter else None,
        sent=sent,
    )
