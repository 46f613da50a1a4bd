"""The tables, declared once with SQLModel: the truth of netlog's schema.

Commands talk to SQLite through the standard library (importing SQLModel
costs ~350 ms, more than a whole ``netlog due`` may take), so what commands
need from these models is generated into plain modules by
``python -m netlog.storage.schema --write`` (tests fail when they differ):

- :mod:`netlog.storage.columns`: each table's columns, the fields a command
  writes, the tables ``netlog undo`` logs; queries and the undo triggers are
  built from them;
- :mod:`netlog.storage.ddl`: the ``CREATE`` statements of a new file.

The migrations bring every older file to exactly these tables (a test
migrates each old version), every statement netlog runs is prepared against a
database built from these models (another test), and ``netlog doctor`` checks
a file against them.

Dates are ISO ``YYYY-MM-DD`` text; timestamps are UTC ISO text; lists (types,
mentor kinds, tags) are JSON arrays.

Besides SQL types, a column may say (in its ``info``) that netlog keeps it
itself (``kept``: a stamp, a key or a value derived from other columns, never
one of the fields a command writes) and that it is rewritten on every write
(``recomputed``: a change to it alone is not the user's change, so undo does
not record it). A table says ``undo`` when ``netlog undo`` logs its rows.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Index, text
from sqlalchemy.ext.compiler import compiles
from sqlmodel import Field, SQLModel
from sqlmodel.sql.sqltypes import AutoString


@compiles(AutoString, "sqlite")
def _text(_type: AutoString, _compiler: Any, **_kw: Any) -> str:
    """Text columns are TEXT in SQLite, as every netlog file has always said."""
    return "TEXT"


def kept(default: Any = None, *, recomputed: bool = False, **kwargs: Any) -> Any:
    """A column netlog fills in itself, not one of the fields a command writes."""
    info = {"kept": True, "recomputed": recomputed}
    return Field(default=default, sa_column_kwargs={"info": info}, **kwargs)


def json_list() -> Any:
    """A JSON array of words, ``'[]'`` when empty."""
    return Field(default="[]", sa_column_kwargs={"server_default": "[]"})


def flag() -> Any:
    """0 or 1, 0 unless set."""
    return Field(default=False, sa_column_kwargs={"server_default": text("0")})


class Contact(SQLModel, table=True):
    __tablename__ = "contact"
    __table_args__ = {"info": {"undo": True}}

    id: int | None = Field(default=None, primary_key=True)
    name: str
    name_key: str = kept(..., index=True)  # netlog_fold(name), for matching fragments
    role: str | None = None
    institution: str | None = None
    specialty: str | None = None
    email: str | None = Field(default=None, index=True)
    phone: str | None = None
    linkedin: str | None = Field(default=None, index=True)
    x: str | None = None
    how_met: str | None = None
    types: str = json_list()
    mentor_kinds: str = json_list()
    tier: str | None = None
    tags: str = json_list()
    core: bool = flag()
    cadence_days: int | None = None
    notes: str | None = None
    archived: bool = flag()
    snoozed_until: str | None = None
    created: str = kept(...)
    updated: str = kept(..., recomputed=True)
    last_contact: str | None = kept(recomputed=True)  # the latest touchpoint's date
    core_since: str | None = None
    imported: str | None = None
    topic: str | None = None
    uid: str | None = kept(index=True)  # 32 hex digits, set by the file when a row has none


class Touchpoint(SQLModel, table=True):
    __tablename__ = "touchpoint"
    __table_args__ = (
        Index("ix_touchpoint_contact_date", "contact_id", "date"),
        # netlog stats counts by kind and by day without reading every row.
        Index("ix_touchpoint_kind_direction_date", "kind", "direction", "date"),
        Index("ix_touchpoint_date", "date"),
        # netlog list --json: each contact's latest next step, read from this
        # index of the touchpoints that have one (0008).
        Index(
            "ix_touchpoint_next_step",
            "contact_id",
            "date",
            "id",
            "next_step",
            sqlite_where=text("next_step IS NOT NULL"),
            postgresql_where=text("next_step IS NOT NULL"),
        ),
        {"info": {"undo": True}},
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
    awaiting_reply: bool = flag()
    created: str = kept(...)
    topic: str | None = None
    done: str | None = None


class Activity(SQLModel, table=True):
    __tablename__ = "activity"
    __table_args__ = (Index("ix_activity_kind_date", "kind", "date"), {"info": {"undo": True}})

    id: int | None = Field(default=None, primary_key=True)
    kind: str
    date: str
    text: str
    virtual: bool = flag()
    contact_id: int | None = Field(default=None, foreign_key="contact.id", ondelete="SET NULL")
    created: str = kept(...)


class Letter(SQLModel, table=True):
    __tablename__ = "letter"
    __table_args__ = {"info": {"undo": True}}

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
    # netlog due counts the rows of each rule from the index alone, and reads
    # the most urgent by due date, passing over those closed or not yet open
    # in the index (0008, with the days and contact from 0009); netlog list
    # each contact's next due date, from the index alone (0008).
    __table_args__ = (
        Index("ix_pending_rule_due", "rule", "due", "ends", "starts", "contact_id"),
        Index("ix_pending_contact_due", "contact_id", "due", "ends"),
    )

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
    __table_args__ = {"info": {"undo": True}}

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
    """One schema step applied to the file (see :mod:`netlog.storage.migrations`)."""

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
    # Who made it, on a database several people share (PostgreSQL: the role the
    # client connected as); NULL in a file, which has one user (0007).
    author: str | None = None


class ChangeRow(SQLModel, table=True):
    """A row's state before a change: a JSON object of its columns, NULL if it was new.

    Written by the undo triggers (see :mod:`netlog.storage.changes`) while a
    change is open.
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
