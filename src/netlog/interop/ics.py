"""Pending follow-ups as an iCalendar to-do list (written by icalendar).

``netlog export --format ics`` hands every pending item, overdue or not, to
a calendar or reminders app: one VTODO each, with

- ``DUE`` the due day (a date, not a time),
- ``SUMMARY`` "<person>: <what to do>",
- ``DESCRIPTION`` why it is due, and the rule id,
- ``STATUS`` NEEDS-ACTION, ``CATEGORIES`` netlog and the rule id,
- ``DTSTAMP`` the moment of the export (passed in, so output is repeatable),
- ``UID`` ``{contact_id}-{rule}-{due:YYYYMMDD}-{h}@netlog``.

The UID scheme: a pending item is fixed by its contact, its rule, its due day
and its reason (for example "no contact since 2026-01-10"), so ``h`` is the
first 8 hex digits of the SHA-256 of the reason. Exporting again gives the
same UID for the same item, and a calendar that re-imports the file updates
the to-do instead of adding a second one. When a touchpoint satisfies an
item and the rule starts a new cycle, the new item has a new due day and so
a new UID. ``h`` keeps two items apart that share contact, rule and day
(two letters with the same deadline). No names appear in UIDs.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import IO

from netlog.domain import DueItem, Pending

PRODID = "-//netlog//netlog//EN"

Item = DueItem | tuple[Pending, str]
"""A due item as ``netlog due`` sees it, or a pending item with the contact's name."""


@dataclass(slots=True, frozen=True)
class _Todo:
    contact_id: int
    contact: str
    rule: str
    due: date
    reason: str
    action: str


def _todo(item: Item) -> _Todo:
    if isinstance(item, DueItem):
        return _Todo(item.contact_id, item.contact, item.rule, item.due, item.reason, item.action)
    pending, name = item
    return _Todo(
        pending.contact_id, name, pending.rule, pending.due, pending.reason, pending.action
    )


def todo_uid(contact_id: int, rule: str, due: date, reason: str) -> str:
    """The stable UID of one pending item (see the module docstring)."""
    digest = hashlib.sha256(reason.encode("utf-8")).hexdigest()[:8]
    return f"{contact_id}-{rule}-{due:%Y%m%d}-{digest}@netlog"


def todos_ics(items: Iterable[Item], *, stamp: datetime) -> bytes:
    """A VCALENDAR with one VTODO per item, as bytes (UTF-8, CRLF line ends).

    ``stamp`` is the export time for DTSTAMP; give an aware datetime (UTC).
    Items are written in due order, then contact and rule.
    """
    import icalendar

    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    todos = sorted((_todo(i) for i in items), key=lambda t: (t.due, t.contact.casefold(), t.rule))
    for t in todos:
        todo = icalendar.Todo()
        todo.add("uid", todo_uid(t.contact_id, t.rule, t.due, t.reason))
        todo.add("dtstamp", stamp)
        todo.add("due", t.due)
        todo.add("summary", f"{t.contact}: {t.action}")
        todo.add("description", f"{t.reason}\n\nnetlog rule: {t.rule}")
        todo.add("status", "NEEDS-ACTION")
        todo.add("categories", ["netlog", t.rule])
        cal.add_component(todo)
    data: bytes = cal.to_ical()
    return data


def write_todos(items: Iterable[Item], out: IO[bytes] | IO[str], *, stamp: datetime) -> int:
    """Write :func:`todos_ics` to a binary or text stream; return the number of to-dos.

    A text stream must be opened with ``newline=""`` to keep the CRLF line ends.
    """
    listed = list(items)
    data = todos_ics(listed, stamp=stamp)
    if isinstance(out, io.TextIOBase):
        out.write(data.decode("utf-8"))
    else:
        out.write(data)  # type: ignore[arg-type]
    return len(listed)
