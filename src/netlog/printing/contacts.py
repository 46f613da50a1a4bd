"""Contacts: the list (``netlog list``) and one contact (``netlog show``)."""

from __future__ import annotations

import itertools
import sys
from collections.abc import Iterable, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from netlog.dates import humanize
from netlog.printing import console, layout
from netlog.printing.console import say
from netlog.printing.messages import no_contacts
from netlog.printing.tables import plain_table_streamed, table_streamed

if TYPE_CHECKING:
    from netlog.service import ContactView

WIDE = 120  # a terminal this wide has room for every column


# Where each field is in a list row (the order of domain.LIST_KEYS).
_ID, _NAME, _INSTITUTION, _TYPES, _CORE, _ARCHIVED, _LAST, _NEXT_DUE = 0, 1, 2, 5, 7, 8, 10, 12
_MATCHED = 13  # after the fields, with a search


def contact_list(rows: Iterable[Sequence[Any]], today: date, *, filtered: bool = False) -> None:
    """The contacts as a table, from rows in the order of ``domain.LIST_KEYS``
    (and ``matched`` after them with a search). The rows are read once and
    kept as one compact line each until the column widths are known."""
    it = iter(rows)
    first = next(it, None)
    if first is None and filtered:
        say("No contacts match these filters. 'netlog list' shows everyone.")
        return
    if first is None:
        say(no_contacts())
        return
    headers = ["id", "name", "institution", "types", "last contact", "next due"]
    if len(first) > _MATCHED:
        headers.append("matched")
    ago: dict[str, str] = {}  # "3 days ago" for each day seen (days repeat)
    cells = (_list_cells(r, today, ago) for r in itertools.chain((first,), it))
    if not console.is_terminal():
        plain_table_streamed(headers, cells)
        return
    if console.width() < WIDE:
        # At 80 columns the types give way (show and --json have them).
        headers.remove("types")
        cells = (row[:3] + row[4:] for row in cells)
    table_streamed(headers, cells)


def _list_cells(r: Sequence[Any], today: date, ago: dict[str, str]) -> list[str]:
    last = r[_LAST]
    if not last:
        when = "never"
    else:
        when = ago.get(last) or ago.setdefault(last, humanize(date.fromisoformat(last), today))
    cells = [
        str(r[_ID]),
        ("★ " if r[_CORE] else "") + r[_NAME] + (" (archived)" if r[_ARCHIVED] else ""),
        r[_INSTITUTION] or "",
        ", ".join(r[_TYPES]),
        when,
        r[_NEXT_DUE] or "",
    ]
    if len(r) > _MATCHED:
        cells.append(", ".join(r[_MATCHED]))
    return cells


def contact_list_json(rows: Iterable[Sequence[Any]]) -> None:
    """``list --json``: byte for byte what ``print_json_rows`` writes for the
    rows as dicts (keys ``domain.LIST_KEYS``, and ``matched`` with a search),
    each record put together from its fields' JSON text: no dict a row, and
    each distinct list of types or tags encoded once (100,000 records:
    0.47 -> 0.25 s of CPU)."""
    from json.encoder import encode_basestring

    from netlog.domain import LIST_KEYS
    from netlog.printing.console import ChunkWriter, record_encoder

    encode = record_encoder()
    quote = encode_basestring  # what the encoder writes for a str (ensure_ascii=False)
    lists: dict[tuple[str, ...] | None, str] = {}

    def listed(value: Any) -> str:
        if value is None or value.__class__ is list:
            key = None if value is None else tuple(value)
            text = lists.get(key)
            if text is None:
                text = lists[key] = encode(value)
            return text
        return encode(value)

    def string(value: Any) -> str:  # a value that is not a str (a str is quoted inline)
        return "null" if value is None else encode(value)

    def flag(value: Any) -> str:
        return "true" if value is True else "false" if value is False else encode(value)

    # One record: the keys' JSON and %s for each value's.
    template = "{" + ", ".join(quote(key).replace("%", "%%") + ": %s" for key in LIST_KEYS)
    matched_name = ", " + quote("matched") + ": "
    it = iter(rows)
    first = next(it, None)
    if first is None:
        sys.stdout.write("[]\n")
        return
    with ChunkWriter() as out:
        write = out.write
        chunk: list[str] = []
        lead = "[\n  "
        for r in itertools.chain((first,), it):
            (cid, name, inst, role, email, types, tags, core, archived, how, last, step, due) = r[
                :_MATCHED
            ]
            record = lead + template % (
                str(cid) if cid.__class__ is int else encode(cid),
                quote(name) if name.__class__ is str else string(name),
                quote(inst) if inst.__class__ is str else string(inst),
                quote(role) if role.__class__ is str else string(role),
                quote(email) if email.__class__ is str else string(email),
                listed(types),
                listed(tags),
                flag(core),
                flag(archived),
                quote(how) if how.__class__ is str else string(how),
                quote(last) if last.__class__ is str else string(last),
                quote(step) if step.__class__ is str else string(step),
                quote(due) if due.__class__ is str else string(due),
            )
            if len(r) > _MATCHED:
                record += matched_name + listed(r[_MATCHED])
            chunk.append(record + "}")
            lead = ",\n  "
            if len(chunk) >= 500:
                write("".join(chunk))
                chunk.clear()
        chunk.append("\n]\n")
        write("".join(chunk))


def contact_view(view: ContactView, today: date, *, search: str | None = None) -> None:
    c = view.contact
    lines = [
        f"{c.name}  (#{c.id}){'  ★ core' if c.core else ''}{'  [archived]' if c.archived else ''}"
    ]
    details = [
        ("role", c.role),
        ("institution", c.institution),
        ("specialty", c.specialty),
        ("email", c.email),
        ("phone", c.phone),
        ("linkedin", c.linkedin),
        ("x", c.x),
        ("how met", c.how_met),
        (
            "types",
            ", ".join(
                [
                    *(f"mentor:{k}" for k in c.mentor_kinds),
                    *(t for t in c.types if t != "mentor" or not c.mentor_kinds),
                ]
            ),
        ),
        ("tier", c.tier),
        ("tags", ", ".join(c.tags)),
        ("every", f"{c.cadence_days} days" if c.cadence_days else None),
        ("snoozed until", c.snoozed_until.isoformat() if c.snoozed_until else None),
        ("notes", c.notes),
    ]
    for label, value in details:
        if value:
            lines.append(f"  {label + ':':<15}{value}")
    if c.archived:
        lines.append(f"  Archived: never due. 'netlog archive {c.id} --undo' brings them back.")
    for w in view.warnings:
        lines.append(f"  ! {w['message']}")
    if view.pending:
        lines.append("\nOwed:")
        for p in view.pending:
            lines.append(f"  {p.due.isoformat()}  {p.rule}: {p.reason} → {p.action}")
    if view.skips:
        lines.append("\nSkipped:")
        for skip in view.skips:
            lines.append(f"  {skip.due.isoformat()}  {skip.rule}: {skip.reason}")
    if view.letters:
        lines.append("\nLetters:")
        for letter in view.letters:
            deadline = f", due {letter.deadline.isoformat()}" if letter.deadline else ""
            lines.append(f"  {letter.program}: {letter.status}{deadline}")
    if view.activities:
        lines.append("\nTo discuss:")
        for act in view.activities:
            lines.append(f"  {act.date.isoformat()}  {act.text}")
    lines.append(
        f"\nTimeline ('netlog fix {c.id} N' corrects touchpoint #N):"
        if view.touchpoints
        else "\nNo touchpoints yet — record one with: netlog log"
    )
    width = max((len(str(t.id)) for t in view.touchpoints), default=0) + 1
    for t in view.touchpoints:
        arrow = "←" if t.direction == "in" else "→"
        number = f"#{t.id}".rjust(width)
        parts = [f"  {number} {t.date.isoformat()} {arrow} {t.kind} ({t.channel})"]
        if t.event:
            parts.append(f"at {t.event}")
        if t.note:
            parts.append(f"— {t.note}")
        if t.next_step:
            due = f" by {t.follow_up.isoformat()}" if t.follow_up else ""
            done = f", done {t.done.isoformat()}" if t.done else ""
            parts.append(f"[next: {t.next_step}{due}{done}]")
        elif t.follow_up:
            parts.append(f"[follow up {t.follow_up.isoformat()}]")
        if t.awaiting_reply:
            parts.append("(awaiting reply)")
        lines.append(" ".join(parts))
    if search:
        hits = sum(1 for line in lines[1:] if layout.match_spans(line, search))
        said = (
            f"{hits} line(s) below match '{search}'"
            + (" (highlighted)" if console.use_colour() and hits else "")
            if hits
            else f"nothing below matches '{search}'"
        )
        lines.insert(1, f"  search:        {said}")
    for n, line in enumerate(lines):
        say(line, "bold" if n == 0 else None, mark=search if n != 1 else None)
