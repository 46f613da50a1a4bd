"""The tables, declared with SQLModel: the reference for netlog's schema.

Commands talk to SQLite through the standard library (importing SQLModel
costs ~350 ms, more than a whole ``netlog due`` may take), so these models are
the schema's single declaration: the migrations in :mod:`netlog.storage.migrations`
must produce exactly these tables and columns (a test compares them), every
SQL statement in :mod:`netlog.storage.store` is prepared against a database built from
these models (another test), and ``netlog doctor`` checks a file against them.

Dates are ISO ``YYYY-MM-DD`` text; timestamps are UTC ISO text; lists (types,
mentor kinds, tags) are JSON arrays.
"""

from __future__ import annotations

from sqlalchemy import Index
from sqlmodel import Field, SQLModel


class Contact(SQLModel, table=True):
    __tablename__ = "contact"

    id: int | None = Field(default=None, primary_key=True)
    name: str
    name_key: str = Field(index=True)
    role: str | None = None
    institution: str | None = None
    specialty: str | None = None
    email: str | None = Field(default=None, index=True)
    phone: str | None = None
    linkedin: str | None = Field(default=None, index=True)
    x: str | None = None
    how_met: str | None = None
    types: str = "[]"
    mentor_kinds: str = "[]"
    tier: str | None = None
    tags: str = "[]"
    core: bool = False
    cadence_days: int | None = None
    notes: str | None = None
    archived: bool = False
    snoozed_until: str | None = None
    created: str
    updated: str
    last_contact: str | None = None
    core_since: str | None = None
    imported: str | None = None
    topic: str | None = None
    uid: str | None = Field(default=None, index=True)


class Touchpoint(SQLModel, table=True):
    __tablename__ = "touchpoint"
    __table_args__ = (
        Index("ix_touchpoint_contact_date", "contact_id", "date"),
        # netlog stats counts by kind and by day without reading every row.
        Index("ix_touchpoint_kind_direction_date", "kind", "direction", "date"),
        Index("ix_touchpoint_date", "date"),
    )

    id: int | None = Field(default=None, primary_key=True)
    contact_id: int = Field(foreign_key="contact.id", ondelete="CASCADE")
    date: str
    channel: str
    kind: str
    direction: str
    event: str | None = None
    note: str | None = None
    next_step: str | None = None
    follow_up: str | None = None
    awaiting_reply: bool = False
    created: str
    topic: str | None = None
    done: str | None = None


class Activity(SQLModel, table=True):
    __tablename__ = "activity"
    __table_args__ = (Index("ix_activity_kind_date", "kind", "date"),)

    id: int | None = Field(default=None, primary_key=True)
    kind: str
    date: str
    text: str
    virtual: bool = False
    contact_id: int | None = Field(default=None, foreign_key="contact.id", ondelete="SET NULL")
    created: str


class Letter(SQLModel, table=True):
    __tablename__ = "letter"

    id: int | None = Field(default=None, primary_key=True)
    contact_id: int = Field(foreign_key="contact.id", ondelete="CASCADE", index=True)
    program: str
    status: str
    asked_on: str | None = None
    deadline: str | None = None
    updated: str | None = None
    note: str | None = None


class Pending(SQLModel, table=True):
    """Follow-ups owed, recomputed by the rules whenever a contact's log changes."""

    __tablename__ = "pending"

    id: int | None = Field(default=None, primary_key=True)
    contact_id: int = Field(foreign_key="contact.id", ondelete="CASCADE", index=True)
    rule: str
    due: str = Field(index=True)
    reason: str
    action: str
    starts: str | None = None
    ends: str | None = None


class Skip(SQLModel, table=True):
    """A follow-up the user dismissed (``netlog skip``): rule, due date, reason."""

    __tablename__ = "skip"

    id: int | None = Field(default=None, primary_key=True)
    contact_id: int = Field(foreign_key="contact.id", ondelete="CASCADE", index=True)
    rule: str
    due: str
    reason: str
    created: str


class Meta(SQLModel, table=True):
    """Small key/value state: settings fingerprint, pause dates, last export."""

    __tablename__ = "meta"

    key: str = Field(primary_key=True)
    value: str | None = None


class Migration(SQLModel, table=True):
    __tablename__ = "migration"

    id: int | None = Field(default=None, primary_key=True)
    name: str
    applied: str


class Change(SQLModel, table=True):
    """One command's change, kept so ``netlog undo`` can revert it (the last 50)."""

    __tablename__ = "change"

    id: int | None = Field(default=None, primary_key=True)
    at: str
    command: str
    summary: str


class ChangeRow(SQLModel, table=True):
    """A row's state before a change: a JSON object of its columns, NULL if it was new.

    Written by triggers (migration 0002) while a change is open.
    """

    __tablename__ = "change_row"
    __table_args__ = (Index("ix_change_row_change_id_row", "change_id", "table_name", "row_id"),)

    id: int | None = Field(default=None, primary_key=True)
    change_id: int = Field(foreign_key="change.id", ondelete="CASCADE")
    table_name: str
    op: str
    row_id: int
    image: str | None = None


class ChangeOpen(SQLModel, table=True):
    """The change being recorded, if any (at most one row, only inside a write)."""

    __tablename__ = "change_open"

    change_id: int = Field(primary_key=True)
