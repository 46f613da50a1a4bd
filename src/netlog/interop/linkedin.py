"""LinkedIn's ``Connections.csv`` (Settings → Data privacy → Get a copy of your data).

Two layouts are in the wild. The current one opens with a ``Notes:`` line, a
quoted paragraph about missing e-mail addresses and a blank line, then::

    First Name,Last Name,URL,Email Address,Company,Position,Connected On
    Jane,Doe,https://www.linkedin.com/in/jane-doe,,Mass General,PGY-3,09 Oct 2024

Older exports have no preamble and no URL column, and write the date as
``1/8/18, 6:14 PM`` (US month/day/year). Neither layout is trusted to keep
its line count: the reader looks for the header row by its column names.
Closed accounts appear as rows with no name (``,,,,,,02 Jun 2022``); they are
skipped and counted.

The 2018 export writes ``urn:li:member:…`` in the Email Address column of
people who hid their address; such a cell (anything that is not one
address) is left out of its row and counted, and the row still comes in, as
is a Connected On date in a form netlog cannot read.

Mapping: Company → institution, Position → role, URL → linkedin,
Email Address → email, Connected On → met, and how_met is "LinkedIn".
The download is a zip (``Basic_LinkedInDataExport_….zip``); ``netlog
import`` finds ``Connections.csv`` inside it.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from netlog.errors import InvalidValue
from netlog.interop.csvio import csv_rows, head_lines
from netlog.interop.records import (
    ContactRecord,
    ImportResult,
    ImportRow,
    RowSpool,
    clean,
    date_or_drop,
    email_or_drop,
)

HOW_MET = "LinkedIn"

_DATE_FORMATS = (
    "%d %b %Y",  # 09 Oct 2024 (current export)
    "%m/%d/%y, %I:%M %p",  # 1/8/18, 6:14 PM (older export)
    "%m/%d/%Y, %I:%M %p",
    "%m/%d/%y",
    "%m/%d/%Y",
    "%d-%b-%y",
    "%d %B %Y",
)

# Normalised header word → field; older files spell some headers differently.
_HEADERS = {
    "firstname": "first",
    "lastname": "last",
    "url": "url",
    "profileurl": "url",
    "emailaddress": "email",
    "email": "email",
    "company": "company",
    "position": "position",
    "connectedon": "connected",
}


def _word(cell: str) -> str:
    return re.sub(r"[^a-z]", "", cell.lower())


def looks_like_linkedin(text: str) -> bool:
    """True when the text has LinkedIn's header row within its first lines."""
    for line in head_lines(text.removeprefix("\ufeff"), 40):
        words = {_word(cell) for cell in re.split("[,;\t]", line)}
        if {"firstname", "lastname", "connectedon"} <= words:
            return True
        if {"firstname", "lastname", "company", "position"} <= words and len(words) <= 9:
            return True
    return False


def _connected_on(value: str, result: ImportResult, *, line: int) -> date | None:
    text = clean(value)
    if text is None:
        return None
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return date_or_drop(text, result, line=line, column="Connected On")


def read_linkedin(text: str, spool: RowSpool | None = None) -> ImportResult:
    """Read LinkedIn connections; line numbers are those of the original file.

    Raises :class:`InvalidValue` when no header with First Name and Last Name
    is found, or when a row has an invalid e-mail address or date.
    """
    rows = iter(csv_rows(text))
    columns: dict[str, int] = {}
    for _, row in rows:
        words = [_word(cell) for cell in row]
        if "firstname" in words and "lastname" in words:
            columns = {_HEADERS[w]: i for i, w in enumerate(words) if w in _HEADERS}
            break
    if not columns:
        raise InvalidValue(
            "this does not look like LinkedIn's Connections.csv: "
            "no header row with First Name and Last Name"
        )

    def cell(row: list[str], key: str) -> str:
        index = columns.get(key)
        return row[index] if index is not None and index < len(row) else ""

    result = ImportResult(rows=[], skipped_blank=0, spool=spool)
    for line, row in rows:
        if not any(c.strip() for c in row):
            continue
        name = " ".join(
            part for part in (clean(cell(row, "first")), clean(cell(row, "last"))) if part
        )
        if not name:
            result.skipped_blank += 1
            continue
        record = ContactRecord(
            name=name,
            role=clean(cell(row, "position")),
            institution=clean(cell(row, "company")),
            email=email_or_drop(cell(row, "email"), result, line=line, column="Email Address"),
            linkedin=clean(cell(row, "url")),
            how_met=HOW_MET,
            met=_connected_on(cell(row, "connected"), result, line=line),
        )
        result.add(ImportRow(line, record))
    return result
