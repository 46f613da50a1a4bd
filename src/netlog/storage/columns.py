"""The columns netlog's queries name, one tuple per table.

Each tuple lists the columns a table's queries read and write, in the order
its SELECT returns them and its row converter unpacks them (``id``, and the
bookkeeping columns a query adds itself, such as ``created``, are left out).
Every such column list in :mod:`netlog.storage` is built from these tuples.
Plain tuples, nothing else.
"""

from __future__ import annotations

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

ACTIVITY_FIELDS: tuple[str, ...] = ("kind", "date", "text", "virtual", "contact_id")

LETTER_FIELDS: tuple[str, ...] = (
    "contact_id",
    "program",
    "status",
    "asked_on",
    "deadline",
    "updated",
    "note",
)

SKIP_FIELDS: tuple[str, ...] = ("contact_id", "rule", "due", "reason", "created")

PENDING_FIELDS: tuple[str, ...] = (
    "contact_id",
    "rule",
    "due",
    "reason",
    "action",
    "starts",
    "ends",
)
