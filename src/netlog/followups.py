"""Follow-ups: which items each contact is owed, and keeping the stored ones current.

Given a contact's log (touchpoints, letters, skips), the settings and the
latest milestone, :mod:`netlog.rules` says what is owed; because every item
is "an event + N days", the items are computed when the log changes and
stored, and the morning ``netlog due`` only reads them.

:func:`owed` is the one recompute: every path that keeps the stored items
current runs it over a batch of loaded contacts.

- a write or an undo: :func:`refresh` for the contacts it touched;
- an import: :func:`refresh_many`, the same, a few hundred contacts at a time;
- a settings or rules change: :func:`ensure_current` (on opening the
  database) and :func:`refresh_all` (``doctor --fix``), every contact;
- ``netlog doctor``: :func:`expected` (every contact) or :func:`expected_for`
  (some), to compare with what is stored.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from netlog import rules
from netlog.config import Settings
from netlog.domain import Activity, Contact, Letter, Pending, Skip, Touchpoint
from netlog.storage import contacts as contact_rows
from netlog.storage import pending, records

if TYPE_CHECKING:
    from netlog.storage.db import Database


def rules_fingerprint(settings: Settings) -> str:
    """What the stored items were computed under: the rules' version and the settings."""
    return f"v{rules.RULES_VERSION}:{settings.fingerprint()}"


# --- the recompute -------------------------------------------------------------


@dataclass(slots=True)
class Loaded:
    """Some contacts with everything their follow-ups are computed from, by contact id."""

    contacts: list[Contact]
    touchpoints: Mapping[int, Sequence[Touchpoint]] = field(default_factory=dict)
    letters: Mapping[int, Sequence[Letter]] = field(default_factory=dict)
    skips: Mapping[int, Sequence[Skip]] = field(default_factory=dict)


@dataclass(slots=True)
class Owed:
    """What a batch of contacts is owed, and each one's latest touchpoint day
    (stored beside the items as ``last_contact``)."""

    items: list[Pending]
    last_contact: dict[int, date | None]


def owed(batch: Loaded, settings: Settings, *, milestone: Activity | None) -> Owed:
    """The items the rules owe each contact of ``batch``, whatever today is."""
    items: list[Pending] = []
    last: dict[int, date | None] = {}
    for contact in batch.contacts:
        tps = batch.touchpoints.get(contact.id, ())
        items += rules.pending_for(
            contact,
            tps,
            settings.intervals,
            milestone=milestone,
            letters=batch.letters.get(contact.id, ()),
            skips=batch.skips.get(contact.id, ()),
        )
        last[contact.id] = max((t.date for t in tps), default=None)
    return Owed(items, last)


# --- loading and storing -------------------------------------------------------


def _load(conn: sqlite3.Connection, ids: Sequence[int]) -> Loaded:
    """These contacts (at most :data:`contact_rows.REFRESH_CHUNK`) with their
    logs, in four queries."""
    contacts, touchpoints, letters = contact_rows.contacts_with_logs(conn, ids)
    return Loaded(contacts, touchpoints, letters, records.skips_by_contact(conn, ids))


def _batches(conn: sqlite3.Connection) -> Iterator[tuple[contact_rows.ContactBatch, Loaded]]:
    """Every contact, a batch at a time (memory stays flat however long the log)."""
    skips = records.skips_by_contact(conn)
    for batch in contact_rows.contact_batches(conn):
        yield batch, Loaded(batch.contacts, batch.touchpoints, batch.letters, skips)


def _store(conn: sqlite3.Connection, clear: Sequence[int], found: Owed) -> None:
    """Store ``found`` in place of the items of the contacts ``clear`` names."""
    pending.replace_pending(conn, clear, found.items, found.last_contact)


# --- keeping the stored items current --------------------------------------------


def refresh(conn: sqlite3.Connection, contact_ids: Iterable[int], settings: Settings) -> None:
    """Recompute the follow-ups owed by these contacts after their log changed.

    :data:`contact_rows.REFRESH_CHUNK` contacts at a time, four queries each, so an
    import of thousands costs what a write of one does per contact, and
    memory stays bounded by the chunk.
    """
    milestone = records.latest_milestone(conn)
    ids = sorted(set(contact_ids))
    for start in range(0, len(ids), contact_rows.REFRESH_CHUNK):
        chunk = ids[start : start + contact_rows.REFRESH_CHUNK]
        _store(conn, chunk, owed(_load(conn, chunk), settings, milestone=milestone))


def refresh_many(conn: sqlite3.Connection, contact_ids: Iterable[int], settings: Settings) -> None:
    """:func:`refresh` for the many contacts an import touched (the same recompute)."""
    refresh(conn, contact_ids, settings)


def refresh_all(conn: sqlite3.Connection, settings: Settings) -> int:
    """Recompute every contact's follow-ups (after a settings or rules change);
    returns the number of contacts."""
    milestone = records.latest_milestone(conn)
    pending.clear_all_pending(conn)
    count = 0
    for _, batch in _batches(conn):
        _store(conn, (), owed(batch, settings, milestone=milestone))
        count += len(batch.contacts)
    records.meta_set(conn, "rules", rules_fingerprint(settings))
    return count


def ensure_current(db: Database, settings: Settings) -> None:
    """Recompute the stored follow-ups when the intervals or the rules changed
    since they were computed (a cheap read when nothing did)."""
    wanted = rules_fingerprint(settings)
    with db.read() as conn:
        if records.meta_get(conn, "rules") == wanted:
            return
        empty = contact_rows.count_contacts(conn) == 0
    with db.write() as conn:
        if empty:
            records.meta_set(conn, "rules", wanted)
        else:
            refresh_all(conn, settings)


def expected(
    conn: sqlite3.Connection, settings: Settings
) -> Iterator[tuple[contact_rows.ContactBatch, Owed]]:
    """What a fresh recompute would store, batch by batch (see
    :func:`contact_rows.contact_batches` for the batches' id bounds): for ``doctor``
    to compare with the stored items without writing anything."""
    milestone = records.latest_milestone(conn)
    for batch, loaded in _batches(conn):
        yield batch, owed(loaded, settings, milestone=milestone)


def expected_for(
    conn: sqlite3.Connection, contact_ids: Iterable[int], settings: Settings
) -> Iterator[tuple[list[int], Owed]]:
    """What a fresh recompute would store for these contacts, by chunks of
    :data:`contact_rows.REFRESH_CHUNK` ids (each chunk with what they are owed):
    :func:`expected` for a few contacts, loaded as :func:`refresh` loads them."""
    milestone = records.latest_milestone(conn)
    ids = sorted(set(contact_ids))
    for start in range(0, len(ids), contact_rows.REFRESH_CHUNK):
        chunk = ids[start : start + contact_rows.REFRESH_CHUNK]
        yield chunk, owed(_load(conn, chunk), settings, milestone=milestone)
