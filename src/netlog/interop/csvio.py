"""netlog's own spreadsheet: contacts and touchpoints as CSV (stdlib :mod:`csv`).

The contact file starts with the columns the guides ask for (name,
institution, how met, last contact, next step) and then carries every other
field, so export → import → export gives the same bytes.

Why did my cell get a quote? A spreadsheet runs a cell that starts with
``=``, ``+``, ``-``, ``@``, a tab or a carriage return as a formula, and a
file that travels can carry a formula that fetches or runs something (OWASP
"CSV injection"). On export such a cell gets a leading ``'``, which Excel,
LibreOffice and Google Sheets show as text. On import of any CSV (netlog's,
or one a spreadsheet re-saved with columns moved or renamed) that one ``'``
is removed again, by the cell's content, so a phone
number ``+1 617 555 0100`` comes back unchanged however often it travels. A
value that itself starts with apostrophes before such a character gets one
more, so nothing is ever lost.

Lists (types, tags) are joined with ``"; "``. Files are UTF-8; a byte-order
mark, CRLF line ends, quoted line breaks (as Excel writes them) and a
semicolon or tab between cells (European Excel, LibreOffice) are accepted.
Open output files with ``newline=""``.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TextIO

from netlog.dates import iso
from netlog.errors import InvalidValue
from netlog.interop.records import (
    ContactRecord,
    ImportResult,
    ImportRow,
    RowSpool,
    TouchpointRecord,
    clean,
    date_or_drop,
    email_or_drop,
    lines_of,
    read_bool,
    read_every,
    read_tier,
    read_types,
)

CONTACT_COLUMNS: tuple[str, ...] = (
    "name",
    "institution",
    "how_met",
    "last_contact",
    "next_step",
    "role",
    "specialty",
    "email",
    "phone",
    "linkedin",
    "x",
    "types",
    "tier",
    "tags",
    "core",
    "every",
    "notes",
    "archived",
    "met",
    "uid",
)
"""The contact file's columns; ``uid`` is netlog's own key for the person, which
import matches first so that namesakes stay apart."""

TOUCHPOINT_COLUMNS: tuple[str, ...] = (
    "contact",
    "email",
    "date",
    "channel",
    "kind",
    "direction",
    "event",
    "note",
    "next_step",
    "follow_up",
    "awaiting_reply",
)

FORMULA_START: tuple[str, ...] = ("=", "+", "-", "@", "\t", "\r")
LIST_SEPARATOR = "; "

# Header words other spreadsheets use for netlog's columns (compared after
# lower-casing and turning spaces and hyphens into underscores).
_ALIASES: dict[str, str] = {
    "full_name": "name",
    "contact_name": "name",
    "organization": "institution",
    "organisation": "institution",
    "company": "institution",
    "hospital": "institution",
    "program": "institution",
    "where_met": "how_met",
    "met_at": "how_met",
    "last_contacted": "last_contact",
    "last_contact_date": "last_contact",
    "next_steps": "next_step",
    "title": "role",
    "position": "role",
    "e_mail": "email",
    "email_address": "email",
    "phone_number": "phone",
    "mobile": "phone",
    "twitter": "x",
    "type": "types",
    "relationship": "types",
    "tag": "tags",
    "cadence": "every",
    "cadence_days": "every",
    "note": "notes",
    "first_met": "met",
    "connected_on": "met",
    "netlog_uid": "uid",
}

MAX_CELL = 16 * 1024 * 1024
"""The longest cell read (characters): far above any note, far below memory trouble.
Python's csv module stops at 131,072 by default, shorter than a long note."""


def _is_formula_like(cell: str) -> bool:
    return cell.lstrip("'").startswith(FORMULA_START)


def neutralise(cell: str) -> str:
    """Prefix ``'`` to a cell a spreadsheet would run as a formula.

    Also prefixes a cell whose leading apostrophes are followed by such a
    character, so that :func:`restore` can undo exactly one level.
    """
    return "'" + cell if _is_formula_like(cell) else cell


def restore(cell: str) -> str:
    """Undo :func:`neutralise` (used only for netlog's own files)."""
    return cell[1:] if cell.startswith("'") and _is_formula_like(cell) else cell


def _lines(value: str) -> str:
    """Line breaks inside a cell as ``\\n`` (a lone CR would end the row for many readers)."""
    return value.replace("\r\n", "\n").replace("\r", "\n")


def _text(value: str | None) -> str:
    return "" if value is None else _lines(value)


def _yes(value: bool) -> str:
    return "yes" if value else ""


def _writer(out: TextIO) -> Callable[[Iterable[str]], object]:
    writer = csv.writer(out, lineterminator="\n")
    return lambda cells: writer.writerow([neutralise(c) for c in cells])


def contact_cells(record: ContactRecord) -> list[str]:
    """The row of :data:`CONTACT_COLUMNS` for one record, before neutralising."""
    return [
        _text(record.name),
        _text(record.institution),
        _text(record.how_met),
        iso(record.last_contact) or "",
        _text(record.next_step),
        _text(record.role),
        _text(record.specialty),
        _text(record.email),
        _text(record.phone),
        _text(record.linkedin),
        _text(record.x),
        LIST_SEPARATOR.join(record.types),
        _text(record.tier),
        LIST_SEPARATOR.join(_text(t) for t in record.tags),
        _yes(record.core),
        "" if record.every is None else str(record.every),
        _text(record.notes),
        _yes(record.archived),
        iso(record.met) or "",
        record.uid or "",
    ]


def write_contacts(records: Iterable[ContactRecord], out: TextIO) -> int:
    """Write the header and one row per contact; return the number of rows."""
    write = _writer(out)
    write(CONTACT_COLUMNS)
    count = 0
    for record in records:
        write(contact_cells(record))
        count += 1
    return count


def write_touchpoints(records: Iterable[TouchpointRecord], out: TextIO) -> int:
    """Write the header and one row per touchpoint; return the number of rows."""
    write = _writer(out)
    write(TOUCHPOINT_COLUMNS)
    count = 0
    for tp in records:
        write(
            [
                _text(tp.contact),
                _text(tp.email),
                tp.date.isoformat(),
                tp.channel,
                tp.kind,
                tp.direction,
                _text(tp.event),
                _text(tp.note),
                _text(tp.next_step),
                iso(tp.follow_up) or "",
                _yes(tp.awaiting_reply),
            ]
        )
        count += 1
    return count


ACTIVITY_COLUMNS: tuple[str, ...] = ("date", "kind", "text", "virtual", "contact")


def write_activities(rows: Iterable[dict[str, Any]], out: TextIO) -> int:
    """Activities (reading, events, milestones, exports), one row each."""
    write = _writer(out)
    write(ACTIVITY_COLUMNS)
    count = 0
    for row in rows:
        write(
            [
                row["date"],
                row["kind"],
                _text(row["text"]),
                _yes(bool(row["virtual"])),
                _text(row["contact"]),
            ]
        )
        count += 1
    return count


# --- reading --------------------------------------------------------------


def head_lines(text: str, count: int, *, start: int = 8192) -> list[str]:
    """``text.splitlines()[:count]``, splitting only as much of the text as that
    takes (``start`` characters first, four times as many each time after)."""
    size = start
    while True:
        lines = text[:size].splitlines()
        if size >= len(text) or len(lines) > count:
            return lines[:count]
        size *= 4


def first_filled_line(text: str, *, start: int = 8192) -> str:
    """The first line of ``text`` (as ``splitlines`` splits it) that is not blank,
    or "", splitting only as much of the text as that takes (as :func:`head_lines`)."""
    size = start
    while True:
        whole = size >= len(text)
        lines = text[:size].splitlines()
        for line in lines if whole else lines[:-1]:  # the last may be cut short
            if line.strip():
                return line
        if whole:
            return ""
        size *= 4


def sniff_delimiter(text: str) -> str:
    """``,`` or the ``;`` (European Excel) or tab (Excel's "Unicode text") the first
    row is split by: whichever appears most outside quotes."""
    first = first_filled_line(text.removeprefix("\ufeff"))
    counts = dict.fromkeys(",;\t", 0)
    quoted = False
    for char in first:
        if char == '"':
            quoted = not quoted
        elif not quoted and char in counts:
            counts[char] += 1
    best = max(counts, key=lambda c: (counts[c], c == ","))
    return best if counts[best] else ","


_LINE_END = re.compile(r"\r\n|\r|\n")


def physical_lines(text: str) -> Iterator[str]:
    """The lines of ``text`` with their ends (``\n``, ``\r\n`` or a lone ``\r``),
    as ``io.StringIO(text, newline="")`` gives them, without a copy of the whole
    text (StringIO keeps four bytes a character: 80 MB for a 20 MB file)."""
    return lines_of(text, _LINE_END, ends=True)


def csv_rows(text: str, delimiter: str | None = None) -> Iterator[tuple[int, list[str]]]:
    """CSV rows with the line number each one starts on (quoted line breaks count).

    The delimiter is the one of the first row (see :func:`sniff_delimiter`)
    unless given. Cells up to :data:`MAX_CELL` characters are read.
    """
    body = text.removeprefix("\ufeff")
    sep = delimiter or sniff_delimiter(body)
    csv.field_size_limit(max(csv.field_size_limit(), min(len(body) + 1, MAX_CELL)))
    reader = csv.reader(physical_lines(body), strict=True, delimiter=sep)
    start = 1
    try:
        for row in reader:
            yield start, row
            start = reader.line_num + 1
    except csv.Error as exc:
        if "field larger than field limit" in str(exc):
            raise InvalidValue(
                f"line {start}: a cell is longer than {MAX_CELL:,} characters"
            ) from None
        raise InvalidValue(f"line {reader.line_num}: not valid CSV ({exc})") from None


def _column_name(cell: str) -> str:
    return "_".join(cell.strip().lower().replace("-", " ").split())


def _map_header(header: list[str]) -> tuple[dict[str, int], list[str]]:
    """Column name → index for the columns netlog knows, and the ignored header cells."""
    known: dict[str, int] = {}
    ignored: list[str] = []
    for index, cell in enumerate(header):
        word = _column_name(cell)
        word = _ALIASES.get(word, word)
        if word not in CONTACT_COLUMNS:
            if cell.strip():
                ignored.append(cell.strip())
            continue
        if word in known:
            raise InvalidValue(f"line 1: the column {cell.strip()!r} appears twice in the header")
        known[word] = index
    return known, ignored


def header_has_name(header: list[str]) -> bool:
    """True when a header row has a column netlog reads as the name."""
    return any(_ALIASES.get(w, w) == "name" for w in map(_column_name, header))


def _no_name_column(header: list[str]) -> InvalidValue:
    words = {_column_name(c) for c in header}
    if {"first_name", "last_name"} <= words:
        return InvalidValue(
            "this CSV has First Name and Last Name columns but no 'name' column; "
            "if it is LinkedIn's Connections.csv, import it as linkedin"
        )
    return InvalidValue(
        "this CSV has no 'name' column: the first row must name the columns, "
        f"for example {','.join(CONTACT_COLUMNS[:5])}"
    )


def read_contacts(text: str, spool: RowSpool | None = None) -> ImportResult:
    """Read contacts from netlog's own CSV or from a spreadsheet with a ``name`` column.

    With netlog's exact header the file is read as written: cells keep their
    spaces and neutralised cells are restored. Any other header is matched
    by column name (case, spaces and a few common synonyms forgiven; unknown
    columns are listed in ``ignored_columns``) and cells are trimmed.

    Rows whose name is empty are skipped and counted; empty lines are
    ignored. An email that is not an address or a date netlog cannot read is
    left out of its row and counted in ``dropped``; any other invalid value
    raises :class:`InvalidValue` naming its line and column (never the cell).
    """
    rows = iter(csv_rows(text))
    header: list[str] | None = None
    for _, row in rows:
        if any(cell.strip() for cell in row):
            header = row
            break
    if header is None:
        raise InvalidValue("the CSV file is empty: no header row and no contacts")
    columns, ignored = _map_header(header)
    # netlog's own file (its columns perhaps moved about, or from before ``uid``):
    # read as written, spaces kept.
    own = not ignored and set(header) in (set(CONTACT_COLUMNS), set(CONTACT_COLUMNS[:-1]))
    if "name" not in columns:
        raise _no_name_column(header)

    result = ImportResult(rows=[], skipped_blank=0, ignored_columns=ignored, spool=spool)
    for line, row in rows:
        if not row:
            continue
        extra = [c for c in row[len(header) :] if c.strip()]
        if extra:
            raise InvalidValue(
                f"line {line}: {len(row)} cells but the header names {len(header)} columns"
            )
        cells = {name: _lines(restore(row[i])) for name, i in columns.items() if i < len(row)}
        if not (cells.get("name") or "").strip():
            result.skipped_blank += 1
            continue
        result.add(ImportRow(line, _record(cells, result, line=line, own=own)))
    return result


def _split(value: str | None, separators: str = ";") -> list[str]:
    text = value or ""
    for sep in separators[1:]:
        text = text.replace(sep, separators[0])
    return [part.strip() for part in text.split(separators[0]) if part.strip()]


def _uid(value: str | None) -> str | None:
    text = (value or "").strip().lower()
    return text if len(text) == 32 and all(c in "0123456789abcdef" for c in text) else None


def _record(cells: dict[str, str], result: ImportResult, *, line: int, own: bool) -> ContactRecord:
    def text(column: str) -> str | None:
        value = cells.get(column)
        if own:
            return value or None
        return clean(value)

    return ContactRecord(
        name=text("name") or "",
        role=text("role"),
        institution=text("institution"),
        specialty=text("specialty"),
        email=email_or_drop(cells.get("email"), result, line=line),
        phone=text("phone"),
        linkedin=text("linkedin"),
        x=text("x"),
        how_met=text("how_met"),
        types=read_types(_split(cells.get("types"), ";,"), line=line),
        tier=read_tier(cells.get("tier"), line=line),
        tags=_split(cells.get("tags")),
        core=read_bool(cells.get("core"), line=line, column="core"),
        every=read_every(cells.get("every"), line=line),
        notes=text("notes"),
        archived=read_bool(cells.get("archived"), line=line, column="archived"),
        met=date_or_drop(cells.get("met"), result, line=line, column="met"),
        last_contact=date_or_drop(
            cells.get("last_contact"), result, line=line, column="last_contact"
        ),
        next_step=text("next_step"),
        uid=_uid(cells.get("uid")),
    )
