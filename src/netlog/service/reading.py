"""Reading contacts: ``list`` rows, the ``show`` view, and the JSON-ready
dicts both print with ``--json``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from netlog import balance
from netlog.config import Settings
from netlog.domain import Activity, Contact, Letter, Pending, Skip, Touchpoint
from netlog.storage import contacts, listing, records, touchpoints
from netlog.storage import pending as pending_rows
from netlog.storage.db import Database
from netlog.vocabulary import IN, join_types, parse_types


def list_contacts(
    db: Database, settings: Settings, *, today: date | None = None, **filters: Any
) -> list[dict[str, Any]]:
    return list(iter_contacts(db, settings, today=today, **filters))


def iter_contacts(
    db: Database, settings: Settings, *, today: date | None = None, **filters: Any
) -> Iterator[dict[str, Any]]:
    """The rows of ``netlog list`` one at a time, read in one transaction
    (held until the last row is read)."""
    if filters.get("type_"):
        parse_types([filters["type_"]])
    return _read_rows(db, today, filters)


def _read_rows(
    db: Database, today: date | None, filters: dict[str, Any]
) -> Iterator[dict[str, Any]]:
    with db.read() as conn:
        yield from listing.iter_list_rows(conn, today=today, **filters)


def iter_contact_rows(
    db: Database,
    settings: Settings,
    *,
    today: date | None = None,
    brief: bool = False,
    **filters: Any,
) -> Iterator[tuple[Any, ...]]:
    """What :func:`iter_contacts` gives, as tuples of the fields
    ``domain.LIST_KEYS`` names (and ``matched`` with a search): no dict a
    row. ``brief`` rows leave out what the table does not show."""
    if filters.get("type_"):
        parse_types([filters["type_"]])
    return _read_tuples(db, today, brief, filters)


def _read_tuples(
    db: Database, today: date | None, brief: bool, filters: dict[str, Any]
) -> Iterator[tuple[Any, ...]]:
    with db.read() as conn:
        yield from listing.iter_list_tuples(conn, today=today, brief=brief, **filters)


@dataclass
class ContactView:
    """One contact as ``show`` sees it: the record, its log, letters, items and skips."""

    contact: Contact
    touchpoints: list[Touchpoint]
    pending: list[Pending]
    warnings: list[dict[str, str]]
    letters: list[Letter]
    activities: list[Activity]
    last_contact: date | None
    next_step: str | None
    skips: list[Skip] = field(default_factory=list)


def show(
    db: Database, settings: Settings, contact: str, *, today: date | None = None
) -> ContactView:
    with db.read() as conn:
        found = contacts.resolve(conn, contact)
        tps = touchpoints.touchpoints_for(conn, found.id)
        pending = pending_rows.pending_for_contact(conn, found.id, today)
        letters = records.letters_for(conn, found.id)
        acts = [a for a in records.activities(conn) if a.contact_id == found.id]
        skips = records.skips_for(conn, found.id)
    warnings = []
    message = None if found.archived else balance.transactional(tps)
    if message:
        warnings.append({"rule": "transactional", "message": message})
    steps = [t.next_step for t in tps if t.next_step]
    return ContactView(
        found,
        tps,
        pending,
        warnings,
        letters,
        acts,
        max((t.date for t in tps), default=None),
        steps[-1] if steps else None,
        skips,
    )


def contact_dict(c: Contact) -> dict[str, Any]:
    """A contact as JSON-ready data (``types`` written as on the command line)."""
    return {
        "id": c.id,
        "name": c.name,
        "role": c.role,
        "institution": c.institution,
        "specialty": c.specialty,
        "email": c.email,
        "phone": c.phone,
        "linkedin": c.linkedin,
        "x": c.x,
        "how_met": c.how_met,
        "types": join_types(c.types, c.mentor_kinds),
        "tier": c.tier,
        "tags": c.tags,
        "core": c.core,
        "every": c.cadence_days,
        "notes": c.notes,
        "topic": c.topic,
        "archived": c.archived,
        "snoozed_until": c.snoozed_until.isoformat() if c.snoozed_until else None,
    }


def touchpoint_dict(t: Touchpoint) -> dict[str, Any]:
    return {
        "id": t.id,
        "date": t.date.isoformat(),
        "channel": t.channel,
        "kind": t.kind,
        "direction": "incoming" if t.direction == IN else "outgoing",
        "event": t.event,
        "note": t.note,
        "next_step": t.next_step,
        "follow_up": t.follow_up.isoformat() if t.follow_up else None,
        "awaiting_reply": t.awaiting_reply,
        "topic": t.topic,
        "done": t.done.isoformat() if t.done else None,
    }


def view_dict(view: ContactView) -> dict[str, Any]:
    data = contact_dict(view.contact)
    data["last_contact"] = view.last_contact.isoformat() if view.last_contact else None
    data["next_step"] = view.next_step
    data["next_due"] = min((p.due for p in view.pending), default=None)
    if data["next_due"] is not None:
        data["next_due"] = data["next_due"].isoformat()
    data["touchpoints"] = [touchpoint_dict(t) for t in view.touchpoints]
    data["pending"] = [
        {"rule": p.rule, "due": p.due.isoformat(), "reason": p.reason, "action": p.action}
        for p in view.pending
    ]
    data["letters"] = [
        {
            "id": x.id,
            "program": x.program,
            "status": x.status,
            "asked_on": x.asked_on.isoformat() if x.asked_on else None,
            "deadline": x.deadline.isoformat() if x.deadline else None,
        }
        for x in view.letters
    ]
    data["warnings"] = view.warnings
    data["skips"] = [
        {
            "rule": x.rule,
            "due": x.due.isoformat(),
            "reason": x.reason,
            "skipped": x.created.isoformat() if x.created else None,
        }
        for x in view.skips
    ]
    return data
