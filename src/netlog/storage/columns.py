"""Each table's columns, in the order the models declare them.

Generated from :mod:`netlog.storage.models` by ``python -m netlog.storage.schema
--write``; do not edit by hand (tests/test_schema.py fails when this differs
from the models). Plain tuples, so that queries and the undo triggers name
columns without importing SQLAlchemy.

``TABLE_COLUMNS`` are all of a table's columns; ``TABLE_FIELDS`` the ones a
command writes: neither the key nor the columns netlog keeps itself (stamps,
keys and values derived from other columns; ``kept`` in the models).
"""

CONTACT_COLUMNS: tuple[str, ...] = (
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
    "core_since",
    "imported",
    "topic",
    "uid",
)
CONTACT_FIELDS: tuple[str, ...] = (
    "name",
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
    "core_since",
    "imported",
    "topic",
)

TOUCHPOINT_COLUMNS: tuple[str, ...] = (
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
    "topic",
    "done",
)
TOUCHPOINT_FIELDS: tuple[str, ...] = (
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
    "topic",
    "done",
)

ACTIVITY_COLUMNS: tuple[str, ...] = (
    "id",
    "kind",
    "date",
    "text",
    "virtual",
    "contact_id",
    "created",
)
ACTIVITY_FIELDS: tuple[str, ...] = ("kind", "date", "text", "virtual", "contact_id")

LETTER_COLUMNS: tuple[str, ...] = (
    "id",
    "contact_id",
    "program",
    "status",
    "asked_on",
    "deadline",
    "updated",
    "note",
)
LETTER_FIELDS: tuple[str, ...] = (
    "contact_id",
    "program",
    "status",
    "asked_on",
    "deadline",
    "updated",
    "note",
)

PENDING_COLUMNS: tuple[str, ...] = (
    "id",
    "contact_id",
    "rule",
    "due",
    "reason",
    "action",
    "starts",
    "ends",
)
PENDING_FIELDS: tuple[str, ...] = (
    "contact_id",
    "rule",
    "due",
    "reason",
    "action",
    "starts",
    "ends",
)

SKIP_COLUMNS: tuple[str, ...] = ("id", "contact_id", "rule", "due", "reason", "created")
SKIP_FIELDS: tuple[str, ...] = ("contact_id", "rule", "due", "reason", "created")

META_COLUMNS: tuple[str, ...] = ("key", "value")
META_FIELDS: tuple[str, ...] = ("value",)

MIGRATION_COLUMNS: tuple[str, ...] = ("id", "name", "applied")
MIGRATION_FIELDS: tuple[str, ...] = ("name", "applied")

CHANGE_COLUMNS: tuple[str, ...] = ("id", "at", "command", "summary", "author")
CHANGE_FIELDS: tuple[str, ...] = ("at", "command", "summary", "author")

CHANGE_ROW_COLUMNS: tuple[str, ...] = ("id", "change_id", "table_name", "op", "row_id", "image")
CHANGE_ROW_FIELDS: tuple[str, ...] = ("change_id", "table_name", "op", "row_id", "image")

CHANGE_OPEN_COLUMNS: tuple[str, ...] = ("change_id",)
CHANGE_OPEN_FIELDS: tuple[str, ...] = ()

# Every table's columns, by table.
COLUMNS: dict[str, tuple[str, ...]] = {
    "contact": CONTACT_COLUMNS,
    "touchpoint": TOUCHPOINT_COLUMNS,
    "activity": ACTIVITY_COLUMNS,
    "letter": LETTER_COLUMNS,
    "pending": PENDING_COLUMNS,
    "skip": SKIP_COLUMNS,
    "meta": META_COLUMNS,
    "migration": MIGRATION_COLUMNS,
    "change": CHANGE_COLUMNS,
    "change_row": CHANGE_ROW_COLUMNS,
    "change_open": CHANGE_OPEN_COLUMNS,
}

# The tables whose rows 'netlog undo' logs.
UNDO_TABLES: tuple[str, ...] = ("contact", "touchpoint", "activity", "letter", "skip")

# Columns rewritten on every write: a change to them alone is not the user's.
RECOMPUTED: dict[str, tuple[str, ...]] = {
    "contact": ("updated", "last_contact"),
}
