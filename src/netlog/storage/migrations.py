"""Ordered, named schema steps, each recorded; the ones a file lacks run in one transaction.

The schema version is ``PRAGMA user_version`` (= the number of steps
applied) and each step is also recorded in the ``migration`` table. Before a
file with data is migrated, :mod:`netlog.storage.db` copies it to a 0600 backup.

The schema itself is declared once, by the models (:mod:`netlog.storage.models`).
A new file is made from them (:func:`create_latest`: the generated
:mod:`netlog.storage.ddl`, then the triggers) and recorded as having had every
step; the steps are the history that brings a file an older netlog made to
the same schema. Their statements are kept as released, except the undo
triggers, whose columns come from the models: a table's columns as a step
left them are the models' less those a later step adds.
``tests/test_migrations.py`` migrates a file of every old version and
compares it with the models' schema (tables, columns, indexes, triggers), and
pins what each released step runs. Never edit a released step: add a new
one (a new column: ``ALTER TABLE … ADD COLUMN``, declared at the end of its
model; on a logged table the step also remakes its undo triggers).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

from netlog.storage.columns import COLUMNS, RECOMPUTED, UNDO_TABLES

# The netlog file marker, PRAGMA application_id: "NLOG".
APPLICATION_ID = 0x4E4C4F47

# --- the undo triggers (see netlog.storage.changes) -------------------------------
#
# While a change is open (its id is the one row of ``change_open``), triggers
# copy the before-image of every row a command inserts, updates or deletes in
# a table undo logs into ``change_row``, as a JSON object of all its columns
# (``NULL`` for a row that did not exist). Only the first touch of a row in a
# change is kept: that is the state undo brings back. An update of only the
# columns netlog recomputes on every write (``RECOMPUTED``) is not recorded.
# The columns are the models' (netlog.storage.columns); a migration that adds
# a column to a logged table drops and recreates that table's triggers, and a
# test checks every column of every logged table is covered.


def _q(column: str) -> str:
    return f'"{column}"'


def undo_triggers(table: str, columns: Sequence[str] | None = None) -> list[str]:
    """The three triggers that log ``table``'s rows (``columns``: all the models')."""
    columns = COLUMNS[table] if columns is None else columns
    image = "json_object(" + ", ".join(f"'{c}', OLD.{_q(c)}" for c in columns) + ")"
    first_touch = (
        "NOT EXISTS (SELECT 1 FROM change_row WHERE change_id = "
        f"(SELECT change_id FROM change_open) AND table_name = '{table}' AND row_id = {{row}})"
    )
    record = (
        "INSERT INTO change_row (change_id, table_name, op, row_id, image) "
        f"SELECT change_id, '{table}', '{{op}}', {{row}}, {{image}} FROM change_open"
    )
    derived = RECOMPUTED.get(table, ())
    changed = " OR ".join(f"OLD.{_q(c)} IS NOT NEW.{_q(c)}" for c in columns if c not in derived)
    return [
        f"CREATE TRIGGER undo_{table}_insert AFTER INSERT ON {table} "
        f"WHEN EXISTS (SELECT 1 FROM change_open) AND {first_touch.format(row='NEW.id')} "
        f"BEGIN {record.format(op='insert', row='NEW.id', image='NULL')}; END",
        f"CREATE TRIGGER undo_{table}_update BEFORE UPDATE ON {table} "
        f"WHEN EXISTS (SELECT 1 FROM change_open) AND ({changed}) "
        f"AND {first_touch.format(row='OLD.id')} "
        f"BEGIN {record.format(op='update', row='OLD.id', image=image)}; END",
        f"CREATE TRIGGER undo_{table}_delete BEFORE DELETE ON {table} "
        f"WHEN EXISTS (SELECT 1 FROM change_open) AND {first_touch.format(row='OLD.id')} "
        f"BEGIN {record.format(op='delete', row='OLD.id', image=image)}; END",
    ]


# Every contact carries a stable key of its own (0004): 32 hex digits, written
# to the spreadsheet as ``uid`` and to vCards as ``UID``, so that a file that
# goes out and comes back finds the same person (namesakes stay apart). Rows
# inserted without one (older code paths, undo restoring a deleted row) get
# one at once.
_NEW_UID = "lower(hex(randomblob(16)))"
UID_DEFAULT = (
    "CREATE TRIGGER contact_uid_default AFTER INSERT ON contact "
    f"WHEN NEW.uid IS NULL BEGIN UPDATE contact SET uid = {_NEW_UID} "
    "WHERE id = NEW.id; END"
)

# (name, its statements as released, the tables whose undo triggers it then
# makes with their columns of that time)
Released = tuple[str, Sequence[str], Sequence[str]]

RELEASED: Sequence[Released] = (
    (
        "0001_initial",
        (
            """CREATE TABLE contact (
                id INTEGER NOT NULL,
                name TEXT NOT NULL,
                name_key TEXT NOT NULL,
                role TEXT,
                institution TEXT,
                specialty TEXT,
                email TEXT,
                phone TEXT,
                linkedin TEXT,
                x TEXT,
                how_met TEXT,
                types TEXT NOT NULL DEFAULT '[]',
                mentor_kinds TEXT NOT NULL DEFAULT '[]',
                tier TEXT,
                tags TEXT NOT NULL DEFAULT '[]',
                core BOOLEAN NOT NULL DEFAULT 0,
                cadence_days INTEGER,
                notes TEXT,
                archived BOOLEAN NOT NULL DEFAULT 0,
                snoozed_until TEXT,
                created TEXT NOT NULL,
                updated TEXT NOT NULL,
                last_contact TEXT,
                PRIMARY KEY (id)
            )""",
            "CREATE INDEX ix_contact_name_key ON contact (name_key)",
            "CREATE INDEX ix_contact_email ON contact (email)",
            "CREATE INDEX ix_contact_linkedin ON contact (linkedin)",
            """CREATE TABLE touchpoint (
                id INTEGER NOT NULL,
                contact_id INTEGER NOT NULL,
                date TEXT NOT NULL,
                channel TEXT NOT NULL,
                kind TEXT NOT NULL,
                direction TEXT NOT NULL,
                event TEXT,
                note TEXT,
                next_step TEXT,
                follow_up TEXT,
                awaiting_reply BOOLEAN NOT NULL DEFAULT 0,
                created TEXT NOT NULL,
                PRIMARY KEY (id),
                FOREIGN KEY (contact_id) REFERENCES contact (id) ON DELETE CASCADE
            )""",
            "CREATE INDEX ix_touchpoint_contact_date ON touchpoint (contact_id, date)",
            """CREATE TABLE activity (
                id INTEGER NOT NULL,
                kind TEXT NOT NULL,
                date TEXT NOT NULL,
                text TEXT NOT NULL,
                "virtual" BOOLEAN NOT NULL DEFAULT 0,
                contact_id INTEGER,
                created TEXT NOT NULL,
                PRIMARY KEY (id),
                FOREIGN KEY (contact_id) REFERENCES contact (id) ON DELETE SET NULL
            )""",
            "CREATE INDEX ix_activity_kind_date ON activity (kind, date)",
            """CREATE TABLE letter (
                id INTEGER NOT NULL,
                contact_id INTEGER NOT NULL,
                program TEXT NOT NULL,
                status TEXT NOT NULL,
                asked_on TEXT,
                deadline TEXT,
                updated TEXT,
                note TEXT,
                PRIMARY KEY (id),
                FOREIGN KEY (contact_id) REFERENCES contact (id) ON DELETE CASCADE
            )""",
            "CREATE INDEX ix_letter_contact_id ON letter (contact_id)",
            """CREATE TABLE pending (
                id INTEGER NOT NULL,
                contact_id INTEGER NOT NULL,
                rule TEXT NOT NULL,
                due TEXT NOT NULL,
                reason TEXT NOT NULL,
                action TEXT NOT NULL,
                PRIMARY KEY (id),
                FOREIGN KEY (contact_id) REFERENCES contact (id) ON DELETE CASCADE
            )""",
            "CREATE INDEX ix_pending_contact_id ON pending (contact_id)",
            "CREATE INDEX ix_pending_due ON pending (due)",
            """CREATE TABLE meta (
                "key" TEXT NOT NULL,
                value TEXT,
                PRIMARY KEY ("key")
            )""",
            """CREATE TABLE migration (
                id INTEGER NOT NULL,
                name TEXT NOT NULL,
                applied TEXT NOT NULL,
                PRIMARY KEY (id)
            )""",
        ),
        (),
    ),
    # The change log behind ``netlog undo`` (see netlog.storage.changes).
    (
        "0002_change_log",
        (
            """CREATE TABLE change (
                id INTEGER NOT NULL,
                at TEXT NOT NULL,
                command TEXT NOT NULL,
                summary TEXT NOT NULL,
                PRIMARY KEY (id)
            )""",
            """CREATE TABLE change_row (
                id INTEGER NOT NULL,
                change_id INTEGER NOT NULL,
                table_name TEXT NOT NULL,
                op TEXT NOT NULL,
                row_id INTEGER NOT NULL,
                image TEXT,
                PRIMARY KEY (id),
                FOREIGN KEY (change_id) REFERENCES change (id) ON DELETE CASCADE
            )""",
            "CREATE INDEX ix_change_row_change_id_row "
            "ON change_row (change_id, table_name, row_id)",
            """CREATE TABLE change_open (
                change_id INTEGER NOT NULL,
                PRIMARY KEY (change_id)
            )""",
        ),
        ("contact", "touchpoint", "activity", "letter"),
    ),
    # Follow-ups that are right for their whole life. contact.core_since: the
    # day a contact became core (a milestone is owed only to those who were
    # core when it happened); existing core contacts are taken to have been
    # core since they were added. contact.imported: the day an import brought
    # the contact in, kept until you first log something with them (an
    # imported weak tie is dormant until then); NULL for everyone already in
    # the log. contact.topic / touchpoint.topic: what a draft may recall (notes
    # are private and never quoted). touchpoint.done: the day the next step
    # set by that touchpoint was marked done. pending.starts / pending.ends:
    # the days an item is shown from and until (a first-meeting follow-up
    # gives way after its window; what it gives way to starts that day).
    (
        "0003_followup_lifecycle",
        (
            "ALTER TABLE contact ADD COLUMN core_since TEXT",
            "UPDATE contact SET core_since = created WHERE core = 1",
            "ALTER TABLE contact ADD COLUMN imported TEXT",
            "ALTER TABLE contact ADD COLUMN topic TEXT",
            "ALTER TABLE touchpoint ADD COLUMN topic TEXT",
            "ALTER TABLE touchpoint ADD COLUMN done TEXT",
            "ALTER TABLE pending ADD COLUMN starts TEXT",
            "ALTER TABLE pending ADD COLUMN ends TEXT",
            *(
                f"DROP TRIGGER IF EXISTS undo_{table}_{op}"
                for table in ("contact", "touchpoint")
                for op in ("insert", "update", "delete")
            ),
        ),
        ("contact", "touchpoint"),
    ),
    # Every contact carries a stable key of its own (see UID_DEFAULT); the undo
    # log keeps the key too, so undoing a removal brings the same person back.
    (
        "0004_contact_uid",
        (
            "ALTER TABLE contact ADD COLUMN uid TEXT",
            f"UPDATE contact SET uid = {_NEW_UID} WHERE uid IS NULL",
            "CREATE INDEX ix_contact_uid ON contact (uid)",
            UID_DEFAULT,
            "DROP TRIGGER undo_contact_insert",
            "DROP TRIGGER undo_contact_update",
            "DROP TRIGGER undo_contact_delete",
        ),
        ("contact",),
    ),
    # netlog stats counts touchpoints by kind and by day without reading every row.
    (
        "0005_touchpoint_report_indexes",
        (
            "CREATE INDEX ix_touchpoint_kind_direction_date ON touchpoint (kind, direction, date)",
            "CREATE INDEX ix_touchpoint_date ON touchpoint (date)",
        ),
        (),
    ),
    # A follow-up can be dismissed with a reason (netlog skip). A skip names the
    # item by rule and due date (see domain.Skip); the rules leave that item
    # out until its cause changes. Skips are undoable like every row.
    (
        "0006_skip",
        (
            """CREATE TABLE skip (
                id INTEGER NOT NULL,
                contact_id INTEGER NOT NULL,
                rule TEXT NOT NULL,
                due TEXT NOT NULL,
                reason TEXT NOT NULL,
                created TEXT NOT NULL,
                PRIMARY KEY (id),
                FOREIGN KEY (contact_id) REFERENCES contact (id) ON DELETE CASCADE
            )""",
            "CREATE INDEX ix_skip_contact_id ON skip (contact_id)",
        ),
        ("skip",),
    ),
    # Each change names who made it, so that on a database several people share
    # (PostgreSQL) undo reverts the user's own change, not the newest by anyone.
    # A file has one user: its changes keep NULL, as those made before.
    (
        "0007_change_author",
        ("ALTER TABLE change ADD COLUMN author TEXT",),
        (),
    ),
    # Indexes the everyday views read instead of whole tables: netlog due the
    # rows of one rule up to a due date; netlog list each contact's next due
    # date and latest next step.
    (
        "0008_read_indexes",
        (
            "CREATE INDEX ix_pending_rule_due ON pending (rule, due)",
            "CREATE INDEX ix_pending_contact_due ON pending (contact_id, due, ends)",
            "CREATE INDEX ix_touchpoint_next_step ON touchpoint (contact_id, date, id, next_step) "
            "WHERE next_step IS NOT NULL",
        ),
        (),
    ),
    # netlog due's index of a rule's rows by due date also holds the days each
    # row is live and its contact: the thank-yous whose window closed weeks
    # ago (most of a rule's earliest rows) are passed over in the index, not
    # read one by one, and the counts by rule are read from the index alone.
    (
        "0009_rule_index_days",
        (
            "DROP INDEX ix_pending_rule_due",
            "CREATE INDEX ix_pending_rule_due ON pending (rule, due, ends, starts, contact_id)",
        ),
        (),
    ),
)


def added_column(statement: str) -> tuple[str, str] | None:
    """(table, column) for an ``ALTER TABLE t ADD COLUMN c …`` statement."""
    words = statement.split()
    if len(words) > 5 and " ".join(words[:2] + words[3:5]).upper() == "ALTER TABLE ADD COLUMN":
        return words[2], words[5]
    return None


def columns_after(number: int, table: str) -> tuple[str, ...]:
    """``table``'s columns once step ``number`` ran: the models' less those later steps add."""
    later = {
        added
        for _name, statements, _logged in RELEASED[number:]
        for statement in statements
        if (added := added_column(statement)) is not None
    }
    return tuple(c for c in COLUMNS[table] if (table, c) not in later)


Step = tuple[str, Sequence[str]]
_steps: tuple[Step, ...] = ()


def steps() -> tuple[Step, ...]:
    """Each step's name and statements, its undo triggers included.

    Made on first use: every command opens the database, but only one whose
    file is older than netlog runs a step, and writing out every trigger of
    every step was ~2% of ``netlog due``.
    """
    global _steps
    if not _steps:
        _steps = tuple(
            (
                step,
                (
                    *statements,
                    *(
                        sql
                        for table in logged
                        for sql in undo_triggers(table, columns_after(n, table))
                    ),
                ),
            )
            for n, (step, statements, logged) in enumerate(RELEASED, start=1)
        )
    return _steps


def __getattr__(name: str) -> Sequence[Step]:
    """``STEPS``: :func:`steps`, for the modules that read it as a constant."""
    if name != "STEPS":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return steps()


LATEST = len(RELEASED)


def latest_statements() -> tuple[str, ...]:
    """What a new file is made of: the models' tables and indexes, then the triggers.

    The key's default is made before the undo triggers, as in a migrated
    file: SQLite runs the newest trigger first, so a row inserted without a
    key is logged as added before its key is set (and undo removes it).
    """
    from netlog.storage import ddl

    return (
        *ddl.TABLES,
        *ddl.INDEXES,
        UID_DEFAULT,
        *(sql for table in UNDO_TABLES for sql in undo_triggers(table)),
    )


def create_at(conn: sqlite3.Connection, version: int) -> None:
    """Make an empty file the schema of ``version`` as the steps made it (not recorded).

    The file a PostgreSQL database at ``version`` is copied into before it is
    upgraded (:mod:`netlog.storage.pgsafety`); the copy brings its own
    ``migration`` rows. Runs in the caller's transaction.
    """
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    for _name, statements in steps()[:version]:
        for statement in statements:
            conn.execute(statement)
    conn.execute(f"PRAGMA user_version = {version}")


def create_latest(conn: sqlite3.Connection, applied: str) -> None:
    """Make an empty file the latest schema, recorded as having had every step.

    Runs inside the caller's write transaction, so a new file is made whole or
    not at all, exactly once however many processes open it at once.
    """
    for statement in latest_statements():
        conn.execute(statement)
    conn.executemany(
        "INSERT INTO migration (id, name, applied) VALUES (?, ?, ?)",
        [(number, name, applied) for number, (name, _, _) in enumerate(RELEASED, start=1)],
    )
    conn.execute(f"PRAGMA user_version = {LATEST}")
