"""What the routine commands read, no more than they need: ``netlog week``,
``team``, ``prep`` and ``stats`` (counted by SQLite)."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, timedelta
from typing import Any

from netlog.dates import from_iso, iso
from netlog.domain import Contact, Touchpoint
from netlog.storage.contacts import CONTACT_SELECT, contacts_from_rows
from netlog.storage.touchpoints import TOUCHPOINT_SELECT, touchpoint_from_row

# --- the mentorship team and the weekly routine ---------------------------------

# The contacts ``netlog team`` reads: active ones that are core, a mentor (of
# any kind) or a sponsor; the others change nothing in the team.
SQL_TEAM_CONTACTS = (
    CONTACT_SELECT + " WHERE archived = 0 AND (core OR json_array_length(mentor_kinds) > 0 "
    "OR EXISTS (SELECT 1 FROM json_each(types) j WHERE j.value IN ('mentor', 'sponsor'))) "
    "ORDER BY id"
)


def team_contacts(conn: sqlite3.Connection) -> list[Contact]:
    """Active contacts that are core, a mentor or a sponsor, by id."""
    return contacts_from_rows(conn.execute(SQL_TEAM_CONTACTS))


SQL_ROUTINE_TOUCHPOINTS = (
    TOUCHPOINT_SELECT + " WHERE date BETWEEN :start AND :end OR id IN ("
    " SELECT (SELECT x.id FROM touchpoint x WHERE x.contact_id = c.id AND x.date <= :today"
    "  ORDER BY x.date DESC, x.id DESC LIMIT 1) FROM contact c"
    " UNION SELECT (SELECT x.id FROM touchpoint x WHERE x.contact_id = c.id"
    "  AND x.date <= :today AND x.direction = 'out' ORDER BY x.date DESC, x.id DESC LIMIT 1)"
    " FROM contact c) ORDER BY contact_id, date, id"
)


def routine_touchpoints(
    conn: sqlite3.Connection, start: date, end: date, today: date
) -> list[Touchpoint]:
    """What the routine needs of the log, not all of it: every touchpoint dated
    between ``start`` and ``end``, plus each contact's latest touchpoint and
    latest outgoing one up to ``today``."""
    params = {"start": start.isoformat(), "end": end.isoformat(), "today": today.isoformat()}
    return [touchpoint_from_row(r) for r in conn.execute(SQL_ROUTINE_TOUCHPOINTS, params)]


# What ``netlog week`` reads of the contacts: the core ones, the mentorship team
# (mentors, sponsors, allies), whoever was sent a message this week, and the
# available contacts gone quiet the longest (their last touchpoint up to today,
# else the day they were added; ties all come, never-heard-of first). Every
# other contact changes nothing in the routine.
SQL_WEEK_CONTACTS = (
    "WITH q AS (SELECT c.id AS id, coalesce((SELECT max(t.date) FROM touchpoint t "
    "WHERE t.contact_id = c.id AND t.date <= :today), nullif(substr(c.created, 1, 10), '')) "
    "AS quiet FROM contact c WHERE c.archived = 0 AND NOT c.core "
    "AND coalesce(c.imported, '') = '' "
    "AND (coalesce(c.snoozed_until, '') = '' OR substr(c.snoozed_until, 1, 10) <= :today)) "
    + CONTACT_SELECT
    + " WHERE core OR json_array_length(mentor_kinds) > 0 "
    "OR EXISTS (SELECT 1 FROM json_each(types) j WHERE j.value IN ('mentor', 'sponsor', 'ally')) "
    "OR id IN (SELECT contact_id FROM touchpoint WHERE date BETWEEN :monday AND :sunday "
    "AND direction = 'out' AND kind IN (SELECT value FROM json_each(:kinds))) "
    "OR id IN (SELECT id FROM q WHERE quiet IS "
    "(SELECT quiet FROM q ORDER BY quiet IS NOT NULL, quiet LIMIT 1)) "
    "ORDER BY id"
)
# Of the touchpoints: this month's meetings, this week's messages, and each read
# contact's latest touchpoint and latest outgoing one up to today. Each part
# finds its ids through its own index (kind, direction and date for the first
# two) and the rows are read once by id: as one OR over the columns, SQLite
# went through every touchpoint of the month by date to find the meetings
# (100,000 contacts: 0.31 -> 0.19 s).
SQL_WEEK_TOUCHPOINTS = (
    TOUCHPOINT_SELECT + " WHERE id IN ("
    "SELECT id FROM touchpoint WHERE kind = 'meeting' AND date BETWEEN :start AND :end"
    " UNION SELECT id FROM touchpoint WHERE date BETWEEN :monday AND :sunday"
    " AND direction = 'out' AND kind IN (SELECT value FROM json_each(:kinds))"
    " UNION SELECT (SELECT x.id FROM touchpoint x WHERE x.contact_id = CAST(c.value AS INTEGER)"
    "  AND x.date <= :today ORDER BY x.date DESC, x.id DESC LIMIT 1) FROM json_each(:ids) c"
    " UNION SELECT (SELECT x.id FROM touchpoint x WHERE x.contact_id = CAST(c.value AS INTEGER)"
    "  AND x.date <= :today AND x.direction = 'out' ORDER BY x.date DESC, x.id DESC LIMIT 1)"
    " FROM json_each(:ids) c) ORDER BY contact_id, date, id"
)


def week_log(
    conn: sqlite3.Connection,
    *,
    start: date,
    end: date,
    monday: date,
    today: date,
    message_kinds: Iterable[str],
) -> tuple[list[Contact], list[Touchpoint]]:
    """The contacts and touchpoints ``netlog week`` needs, not the whole log:
    the routine for ``today`` from these is the routine from all of it
    (``start``–``end`` spans this month and this ISO week)."""
    kinds = json.dumps(sorted(message_kinds))
    params = {
        "today": today.isoformat(),
        "monday": monday.isoformat(),
        "sunday": (monday + timedelta(days=6)).isoformat(),
        "start": start.isoformat(),
        "end": end.isoformat(),
        "kinds": kinds,
    }
    contacts = contacts_from_rows(conn.execute(SQL_WEEK_CONTACTS, params))
    params["ids"] = json.dumps([c.id for c in contacts])
    rows = conn.execute(SQL_WEEK_TOUCHPOINTS, params)
    return contacts, [touchpoint_from_row(r) for r in rows]


# --- conference preparation (netlog prep): whom to look for, what was discussed ---


def prep_leads(
    conn: sqlite3.Connection, today: date
) -> tuple[Iterator[tuple[int, str, str | None]], list[str]]:
    """What ``netlog prep`` sifts before reading anyone in full: each active
    contact's ``(id, tags, institution)``, and the events touchpoints up to
    ``today`` were at. (``+date``: one pass over the table beats a lookup per
    row through the index on dates.)"""
    events = [
        row[0]
        for row in conn.execute(
            "SELECT DISTINCT event FROM touchpoint "
            "WHERE event IS NOT NULL AND event != '' AND +date <= ?",
            (today.isoformat(),),
        )
    ]
    rows = conn.execute("SELECT id, tags, institution FROM contact WHERE archived = 0 ORDER BY id")
    return rows, events


def met_at(conn: sqlite3.Connection, events: Sequence[str], today: date) -> list[int]:
    """The contacts with a touchpoint up to ``today`` at one of these events."""
    if not events:
        return []
    # Without DISTINCT, SQLite reads the table in its own order, not through
    # the index on contacts and dates with a lookup per row: half the time.
    rows = conn.execute(
        "SELECT contact_id FROM touchpoint "
        "WHERE event IN (SELECT value FROM json_each(?)) AND +date <= ?",
        (json.dumps(list(events)), today.isoformat()),
    )
    return sorted({row[0] for row in rows})


# Per contact, up to a day: the last touchpoint's date, the last one with a
# note, the last one with a next step or its date (by date, then id).
SQL_HISTORIES = (
    "SELECT CAST(c.value AS INTEGER), "
    "(SELECT max(t.date) FROM touchpoint t WHERE t.contact_id = CAST(c.value AS INTEGER) AND t.date <= :today), "
    "(SELECT t.id FROM touchpoint t WHERE t.contact_id = CAST(c.value AS INTEGER) AND t.date <= :today "
    " AND t.note != '' ORDER BY t.date DESC, t.id DESC LIMIT 1), "
    "(SELECT t.id FROM touchpoint t WHERE t.contact_id = CAST(c.value AS INTEGER) AND t.date <= :today "
    " AND (t.next_step != '' OR t.follow_up != '') ORDER BY t.date DESC, t.id DESC LIMIT 1) "
    "FROM json_each(:ids) c"
)


def histories(
    conn: sqlite3.Connection, ids: Sequence[int], today: date
) -> dict[int, dict[str, Any]]:
    """What these contacts' touchpoints up to ``today`` say, summed up by
    SQLite: ``last`` (date), ``noted`` and ``step`` (the touchpoints, or
    None) and ``events`` (in order of first appearance), for each contact
    that has any."""
    params = {"ids": json.dumps(list(ids)), "today": today.isoformat()}
    found: dict[int, dict[str, Any]] = {}
    wanted: set[int] = set()
    for cid, last, noted, step in conn.execute(SQL_HISTORIES, params):
        if last is None:
            continue
        found[cid] = {"last": from_iso(last), "noted": noted, "step": step, "events": []}
        wanted.update(x for x in (noted, step) if x is not None)
    picked = {
        tp.id: tp
        for tp in map(
            touchpoint_from_row,
            conn.execute(
                TOUCHPOINT_SELECT
                + " WHERE id IN (SELECT CAST(value AS INTEGER) FROM json_each(?))",
                (json.dumps(sorted(wanted)),),
            ),
        )
    }
    for entry in found.values():
        entry["noted"] = picked.get(entry["noted"])
        entry["step"] = picked.get(entry["step"])
    for cid, event in conn.execute(
        "SELECT contact_id, event FROM touchpoint "
        "WHERE contact_id IN (SELECT CAST(value AS INTEGER) FROM json_each(:ids)) AND event != '' "
        "AND date <= :today ORDER BY contact_id, date, id",
        params,
    ):
        found[cid]["events"].append(event)
    return found


# --- network health (netlog stats): counted by SQLite, never loaded row by row ------

SQL_STATS_CONTACTS = (
    "SELECT COUNT(*), COALESCE(SUM(NOT archived), 0), COALESCE(SUM(core AND NOT archived), 0) "
    "FROM contact"
)
# Each active contact once per relationship type; a mentor kind makes a mentor.
SQL_STATS_TYPES = (
    "SELECT word, COUNT(DISTINCT id) FROM ("
    "SELECT c.id AS id, j.value AS word FROM contact c, json_each(c.types) j "
    "WHERE NOT c.archived "
    "UNION ALL SELECT id, 'mentor' FROM contact WHERE NOT archived AND mentor_kinds != '[]'"
    ") GROUP BY word ORDER BY word"
)
SQL_STATS_TIERS = (
    "SELECT tier, COUNT(*) FROM contact WHERE NOT archived GROUP BY tier ORDER BY tier NULLS FIRST"
)
SQL_STATS_KINDS = (
    "SELECT kind, direction, COUNT(*) FROM touchpoint WHERE date <= ? GROUP BY kind, direction "
    "ORDER BY kind, direction"
)
# Outgoing emails awaiting a reply, and how many the same contact answered on or after.
SQL_STATS_REPLIES = (
    "SELECT COUNT(*), COALESCE(SUM(EXISTS (SELECT 1 FROM touchpoint r "
    "WHERE r.contact_id = t.contact_id AND r.direction = 'in' "
    "AND r.date >= t.date AND r.date <= ?)), 0) "
    "FROM touchpoint t WHERE t.direction = 'out' AND t.channel = 'email' "
    "AND t.awaiting_reply AND +t.date <= ?"
)
# Active contacts written to and heard from within the window. (``+t.date``: the
# contact-and-date index serves these two better than the one on dates alone.)
SQL_STATS_STRONG = (
    "SELECT COUNT(*) FROM (SELECT t.contact_id FROM touchpoint t "
    "JOIN contact c ON c.id = t.contact_id AND NOT c.archived "
    "WHERE +t.date >= ? AND +t.date <= ? GROUP BY t.contact_id "
    "HAVING SUM(t.direction = 'out') > 0 AND SUM(t.direction != 'out') > 0)"
)
SQL_STATS_DAYS = "SELECT date, COUNT(*) FROM touchpoint WHERE date >= ? AND date <= ? GROUP BY date ORDER BY date"


def stats_counts(
    conn: sqlite3.Connection, today: date, *, strong_since: date, weeks_from: date
) -> dict[str, Any]:
    """The raw counts behind ``netlog stats``, as seen from ``today`` (later rows left out).

    ``kinds`` maps (kind, direction) to a count; ``days`` maps each day from
    ``weeks_from`` to ``today`` that has touchpoints to their number.
    """
    contacts, active, core = conn.execute(SQL_STATS_CONTACTS).fetchone()
    awaiting, replied = conn.execute(SQL_STATS_REPLIES, (iso(today), iso(today))).fetchone()
    strong = conn.execute(SQL_STATS_STRONG, (iso(strong_since), iso(today))).fetchone()[0]
    return {
        "contacts": contacts,
        "active": active,
        "core": core,
        "types": dict(conn.execute(SQL_STATS_TYPES).fetchall()),
        "tiers": dict(conn.execute(SQL_STATS_TIERS).fetchall()),
        "kinds": {(k, d): n for k, d, n in conn.execute(SQL_STATS_KINDS, (iso(today),))},
        "awaiting": awaiting,
        "replied": replied,
        "strong": strong,
        "days": {
            from_iso(day): n
            for day, n in conn.execute(SQL_STATS_DAYS, (iso(weeks_from), iso(today)))
        },
    }
