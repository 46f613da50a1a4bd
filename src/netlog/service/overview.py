"""The whole log or the parts of it the weekly routine, the mentorship team and
event prep read.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from netlog.config import Settings
from netlog.domain import Activity, Contact, Touchpoint
from netlog.storage import contacts as contact_rows
from netlog.storage import records, reports, touchpoints
from netlog.storage.db import Database


@dataclass
class Network:
    """Everything the routine, team, prep and stats views read: the whole log."""

    contacts: list[Contact]
    touchpoints: list[Touchpoint]
    activities: list[Activity]
    # Whether the log has any contact, when ``contacts`` holds only some of them.
    has_contacts: bool | None = None


def routine_log(db: Database, today: date) -> Network:
    """The part of the log ``netlog week`` reads: the contacts that can change
    the routine, this week's messages and this month's meetings, and those
    contacts' latest touchpoints (a whole log of 1,000,000 touchpoints would
    take seconds to load)."""
    from netlog.routine import MESSAGE_KINDS

    first = today.replace(day=1)
    last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    monday = today - timedelta(days=today.weekday())
    start, end = min(first, monday), max(last, monday + timedelta(days=6))
    with db.read() as conn:
        people, touchpoints = reports.week_log(
            conn, start=start, end=end, monday=monday, today=today, message_kinds=MESSAGE_KINDS
        )
        return Network(
            people,
            touchpoints,
            records.activities(conn),
            has_contacts=bool(people) or contact_rows.count_contacts(conn) > 0,
        )


PREP_BATCH = 500  # contacts read in full at a time by prep


def prep(db: Database, settings: Settings, event: str, *, today: date) -> tuple[Any, bool]:
    """The prep report for ``event`` (a :class:`netlog.prep.PrepReport`), and
    whether the log has any contact. Only the contacts that may be targets are
    read, a few hundred at a time, each with what SQLite sums up of their
    touchpoints, so memory stays flat however long the log."""
    from netlog import prep as prep_mod

    event = " ".join(event.split())
    found = []
    with db.read() as conn:
        rows, events = reports.prep_leads(conn, today)
        ids, editions = prep_mod.candidates(event, rows, events, settings)
        ids.update(reports.met_at(conn, editions, today))
        chosen = sorted(ids)
        for start in range(0, len(chosen), PREP_BATCH):
            batch = chosen[start : start + PREP_BATCH]
            seen = {
                cid: prep_mod.History(
                    last_contact=h["last"],
                    discussed_on=h["noted"].date if h["noted"] else None,
                    discussed=h["noted"].note if h["noted"] else None,
                    next_step=h["step"].next_step if h["step"] else None,
                    next_due=h["step"].follow_up if h["step"] else None,
                    events=tuple(dict.fromkeys(h["events"])),
                )
                for cid, h in reports.histories(conn, batch, today).items()
            }
            people = contact_rows.contacts_by_id(conn, batch)
            found += prep_mod.targets_from(event, people, seen, settings)
        any_contact = bool(chosen) or contact_rows.count_contacts(conn) > 0
    return prep_mod.report(event, found, settings), any_contact


def team_contacts(db: Database) -> tuple[list[Contact], bool]:
    """The contacts the mentorship team is made of (see :func:`netlog.mentorship.team`),
    and whether the log has any contact at all."""
    with db.read() as conn:
        return reports.team_contacts(conn), contact_rows.count_contacts(conn) > 0


def contacts(db: Database) -> list[Contact]:
    with db.read() as conn:
        return contact_rows.all_contacts(conn)


def network(db: Database) -> Network:
    """The whole log, read in one transaction."""
    with db.read() as conn:
        return Network(
            contact_rows.all_contacts(conn),
            touchpoints.all_touchpoints(conn),
            records.activities(conn),
        )
