"""Ordered, named schema steps, each recorded; the ones a file lacks run in one transaction.

The schema version is ``PRAGMA user_version`` (= the number of steps
applied) and each step is also recorded in the ``migration`` table. Before a
file with data is migrated, :mod:`netlog.storage.db` copies it to a 0600 backup.
Never edit a released step: add a new one.
"""

from __future__ import annotations

from collections.abc import Sequence

# The netlog file marker, PRAGMA application_id: "NLOG".
APPLICATION_ID = 0x4E4C4F47

STEPS: Sequence[tuple[str, Sequence[str]]] = (
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
    ),
)


# --- 0002: the change log behind ``netlog undo`` -----------------------------
#
# While a change is open (its id is the one row of ``change_open``), triggers
# copy the before-image of every contact, touchpoint, activity and letter row a
# command inserts, updates or deletes into ``change_row`` as a JSON object of
# all its columns (``NULL`` for a row that did not exist). Only the first
# touch of a row in a change is kept: that is the state undo brings back.
# The column lists are frozen here with the step; a later step that adds a
# column must drop and recreate these triggers (a test checks every column is
# covered).

_UNDO_COLUMNS: dict[str, tuple[str, ...]] = {
    "contact": (
        "id",
        "name",
        "name_key",
        "role",
        "institution",
        "specialty",
        "email",
        "phone",
        "linkedin",
        "x",
        "how_met",
        "types",
        "mentor_kinds",
        "tier",
        "tags",
        "core",
        "cadence_days",
        "notes",
        "archived",
        "snoozed_until",
        "created",
        "updated",
        "last_contact",
    ),
    "touchpoint": (
        "id",
        "contact_id",
        "date",
        "channel",
        "kind",
        "direction",
        "event",
        "note",
        "next_step",
        "follow_up",
        "awaiting_reply",
        "created",
    ),
    "activity": ("id", "kind", "date", "text", "virtual", "contact_id", "created"),
    "letter": (
        "id",
        "contact_id",
        "program",
        "status",
        "asked_on",
        "deadline",
        "updated",
        "note",
    ),
}

# Columns netlog derives from other rows (recomputed on every write): a change
# to them alone is not a user's change and is not recorded.
_DERIVED: dict[str, frozenset[str]] = {"contact": frozenset({"last_contact", "updated"})}


def _q(column: str) -> str:
    return f'"{column}"'


def _undo_triggers(table: str, columns: tuple[str, ...]) -> list[str]:
    image = "json_object(" + ", ".join(f"'{c}', OLD.{_q(c)}" for c in columns) + ")"
    first_touch = (
        "NOT EXISTS (SELECT 1 FROM change_row WHERE change_id = "
        f"(SELECT change_id FROM change_open) AND table_name = '{table}' AND row_id = {{row}})"
    )
    record = (
        "INSERT INTO change_row (change_id, table_name, op, row_id, image) "
        f"SELECT change_id, '{table}', '{{op}}', {{row}}, {{image}} FROM change_open"
    )
    derived = _DERIVED.get(table, frozenset())
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


STEPS = (
    *STEPS,
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
            *(sql for table, cols in _UNDO_COLUMNS.items() for sql in _undo_triggers(table, cols)),
        ),
    ),
)


# --- 0003: follow-ups that are right for their whole life ----------------------
#
# contact.core_since: the day a contact became core (a milestone is owed only to
# those who were core when it happened); existing core contacts are taken to
# have been core since they were added. contact.imported: the day an import
# brought the contact in, kept until you first log something with them (an
# imported weak tie is dormant until then); NULL for everyone already in the
# log. contact.topic / touchpoint.topic: what a draft may recall (notes are
# private and never quoted). touchpoint.done: the day the next step set by
# that touchpoint was marked done. pending.starts / pending.ends: the days an
# item is shown from and until (a first-meeting follow-up gives way after
# its window; what it gives way to starts that day).

_UNDO_COLUMNS_0003: dict[str, tuple[str, ...]] = {
    **_UNDO_COLUMNS,
    "contact": (*_UNDO_COLUMNS["contact"], "core_since", "imported", "topic"),
    "touchpoint": (*_UNDO_COLUMNS["touchpoint"], "topic", "done"),
}

STEPS = (
    *STEPS,
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
            *(
                sql
                for table in ("contact", "touchpoint")
                for sql in _undo_triggers(table, _UNDO_COLUMNS_0003[table])
            ),
        ),
    ),
)

# --- 0004: every contact carries a stable key of its own ---------------------
#
# 32 hex digits, written to the spreadsheet as ``uid`` and to vCards as ``UID``,
# so that a file that goes out and comes back finds the same person (namesakes
# stay apart). Rows inserted without one (older code paths, undo restoring a
# deleted row) get one at once.
_NEW_UID = "lower(hex(randomblob(16)))"

_UNDO_COLUMNS_0004: dict[str, tuple[str, ...]] = {
    **_UNDO_COLUMNS_0003,
    "contact": (*_UNDO_COLUMNS_0003["contact"], "uid"),
}

STEPS = (
    *STEPS,
    (
        "0004_contact_uid",
        (
            "ALTER TABLE contact ADD COLUMN uid TEXT",
            f"UPDATE contact SET uid = {_NEW_UID} WHERE uid IS NULL",
            "CREATE INDEX ix_contact_uid ON contact (uid)",
            "CREATE TRIGGER contact_uid_default AFTER INSERT ON contact "
            f"WHEN NEW.uid IS NULL BEGIN UPDATE contact SET uid = {_NEW_UID} "
            "WHERE id = NEW.id; END",
            # The undo log keeps the key too, so undoing a removal brings the same person back.
            "DROP TRIGGER undo_contact_insert",
            "DROP TRIGGER undo_contact_update",
            "DROP TRIGGER undo_contact_delete",
            *_undo_triggers("contact", _UNDO_COLUMNS_0004["contact"]),
        ),
    ),
)

# --- 0005: netlog stats counts touchpoints by kind and by day without reading every row
STEPS = (
    *STEPS,
    (
        "0005_touchpoint_report_indexes",
        (
            "CREATE INDEX ix_touchpoint_kind_direction_date ON touchpoint (kind, direction, date)",
            "CREATE INDEX ix_touchpoint_date ON touchpoint (date)",
        ),
    ),
)

# --- 0006: a follow-up can be dismissed with a reason (netlog skip) -------------
#
# A skip names the item by rule and due date (see domain.Skip); the rules leave
# that item out until its cause changes. Skips are undoable like every row.
_UNDO_COLUMNS_0006: dict[str, tuple[str, ...]] = {
    **_UNDO_COLUMNS_0004,
    "skip": ("id", "contact_id", "rule", "due", "reason", "created"),
}

STEPS = (
    *STEPS,
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
            *_undo_triggers("skip", _UNDO_COLUMNS_0006["skip"]),
        ),
    ),
)

UNDO_TABLES: tuple[str, ...] = tuple(_UNDO_COLUMNS_0006)

LATEST = len(STEPS)
