"""Contacts and touchpoints as JSON-ready dicts (every field, dates as YYYY-MM-DD).

The keys are the field names of the records; lists stay lists, booleans stay
booleans, and missing values are ``null``. ``json.dumps(..., ensure_ascii=False)``
keeps names in any script readable. A contact's ``uid`` is netlog's stable key
for the person.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import fields
from datetime import date
from typing import Any

from netlog.interop.records import ContactRecord, TouchpointRecord


def _plain(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        return list(value)
    return value


_INTERNAL = frozenset({"updated"})  # a vCard's REV; not part of the exported data


def _to_dict(record: ContactRecord | TouchpointRecord) -> dict[str, Any]:
    return {
        f.name: _plain(getattr(record, f.name)) for f in fields(record) if f.name not in _INTERNAL
    }


def contacts_to_json(records: Iterable[ContactRecord]) -> list[dict[str, Any]]:
    """One dict per contact with every field of :class:`ContactRecord`."""
    return [_to_dict(r) for r in records]


def touchpoints_to_json(records: Iterable[TouchpointRecord]) -> list[dict[str, Any]]:
    """One dict per touchpoint with every field of :class:`TouchpointRecord`."""
    return [_to_dict(r) for r in records]
