"""Activities (``read``, ``attend``, ``milestone``; an export records one too)
and letters of recommendation (``letters ask``, ``letters set``, ``letters``).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from netlog import followups
from netlog.config import Settings
from netlog.domain import Activity, Contact, Letter, Touchpoint
from netlog.errors import InvalidValue
from netlog.storage import contacts, records, touchpoints
from netlog.storage.db import Database
from netlog.vocabulary import IN, LETTER_STATUSES, OUT, check_choice


def add_activity(
    db: Database,
    settings: Settings,
    kind: str,
    text: str,
    *,
    day: date,
    virtual: bool = False,
    contact: str | None = None,
) -> tuple[Activity, Contact | None]:
    """Log an article read, an event attended, a milestone or an export.

    A milestone opens a ``milestone-loop`` follow-up for every core contact.
    """
    text = " ".join(text.split())
    if not text:
        raise InvalidValue(f"the {kind} needs a description (it was empty)")
    with db.write() as conn:
        found = contacts.resolve(conn, contact) if contact else None
        act = Activity(0, kind, day, text, virtual, found.id if found else None)
        act.id = records.insert_activity(conn, act)
        if kind == "milestone":
            followups.refresh(conn, contacts.core_contact_ids(conn), settings)
    return act, found


def _letter_email(conn: Any, contact_id: int, day: date, kind: str, note: str) -> None:
    """The email a letter's ask (out, awaiting a reply) or its answer (in) stands for."""
    asked = kind == "ask"
    touchpoints.insert_touchpoint(
        conn,
        Touchpoint(
            id=0,
            contact_id=contact_id,
            date=day,
            channel="email",
            kind=kind,
            direction=OUT if asked else IN,
            note=note,
            awaiting_reply=asked,
        ),
    )


def ask_letter(
    db: Database,
    settings: Settings,
    contact: str,
    program: str,
    *,
    today: date,
    deadline: date | None,
    note: str | None = None,
) -> tuple[Contact, int]:
    """Record a letter request: a letter row and the ask itself as a touchpoint."""
    program = " ".join(program.split())
    if not program:
        raise InvalidValue("--for needs the program or cycle the letter is for")
    with db.write() as conn:
        found = contacts.resolve(conn, contact)
        letter_id = records.insert_letter(
            conn, Letter(0, found.id, program, "asked", today, deadline, today, note)
        )
        _letter_email(conn, found.id, today, "ask", f"asked for a letter: {program}")
        followups.refresh(conn, [found.id], settings)
        return found, letter_id


def update_letter(
    db: Database,
    settings: Settings,
    letter_id: int,
    status: str,
    *,
    today: date,
    deadline: date | None = None,
) -> Letter:
    status = check_choice(status, LETTER_STATUSES, "letter status")
    with db.write() as conn:
        letter = records.get_letter(conn, letter_id) if 0 < letter_id <= contacts.MAX_ID else None
        if letter is None:
            raise InvalidValue(f"no letter with id {letter_id}; see 'netlog letters'")
        new_deadline = deadline or letter.deadline
        records.set_letter_status(conn, letter_id, status, deadline=new_deadline, day=today)
        if status != "asked":
            # Their answer is a reply to the ask: it closes the reply-nudge thread.
            _letter_email(
                conn, letter.contact_id, today, "reply", f"letter for {letter.program}: {status}"
            )
        followups.refresh(conn, [letter.contact_id], settings)
        letter.status, letter.deadline, letter.updated = status, new_deadline, today
        return letter


def letter_next(letter: Letter) -> str:
    """What to do about a letter now (guides 000, 001, 004)."""
    if letter.status == "asked":
        return "wait for their answer (one nudge after a week)"
    if letter.status == "agreed":
        if letter.deadline is None:
            return "send CV and statement; set --deadline for a reminder"
        return "send CV and statement; a reminder comes before the deadline"
    if letter.status == "submitted":
        return "thank them; tell them the outcome"
    return "look for another writer who knows your work well"


def letters(db: Database) -> list[tuple[Letter, str]]:
    with db.read() as conn:
        names = contacts.contact_names(conn)
        return [(x, names.get(x.contact_id, "?")) for x in records.all_letters(conn)]
