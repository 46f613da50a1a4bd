"""Contact exports of Google Contacts and Outlook, read as what they are.

Both are CSV files with one person per row and a header of their own.

Google Contacts (contacts.google.com → Export → Google CSV) has two layouts:

- the current one: ``First Name,Middle Name,Last Name,…,Name Prefix,Name
  Suffix,…,Organization Name,Organization Title,Organization Department,…,
  Notes,…,Labels,E-mail 1 - Label,E-mail 1 - Value,…,Phone 1 - Label,Phone 1 -
  Value,…,Website 1 - Value``;
- the older one: ``Name,Given Name,Additional Name,Family Name,…,Notes,…,Group
  Membership,E-mail 1 - Type,E-mail 1 - Value,…,Organization 1 - Name,
  Organization 1 - Title,…``.

Several values in one cell are separated by `` ::: `` (two addresses of the
same label, several labels). Labels become tags, without Google's own
``* myContacts`` and ``* starred``.

Outlook (File → Open & Export → Export to a file → Comma Separated Values,
and Google's "Outlook CSV") writes ``First Name,Middle Name,Last Name,Title,
Suffix,…,E-mail Address,E-mail 2 Address,…,Mobile Phone,…,Company,Job
Title,Department,…,Notes,…,Categories,…,Web Page``; ``Title`` is the
honorific ("Dr."), ``Job Title`` the role. Categories are separated by ``;``.

Mapping for both: the name (prefix, given, middle, family, suffix as the
person would be addressed), the first usable e-mail and phone, organisation
→ institution, title → role, notes, a LinkedIn or X web address → linkedin /
x, labels or categories → tags. How met is left empty: these files do not say.
An address that is not one is left out and counted, like every reader.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from netlog.errors import InvalidValue
from netlog.interop.csvio import csv_rows
from netlog.interop.records import (
    ContactRecord,
    ImportResult,
    ImportRow,
    RowSpool,
    clean,
    email_or_drop,
)

GOOGLE_SYSTEM_LABELS = frozenset(
    {"* myContacts", "* starred", "* friends", "* family", "* coworkers"}
)
_MULTI = " ::: "


def _norm(cell: str) -> str:
    return " ".join(cell.strip().removeprefix("\ufeff").lower().split())


def _header(text: str) -> tuple[list[str], int] | None:
    for line, row in csv_rows(text):
        if any(c.strip() for c in row):
            return [_norm(c) for c in row], line
    return None


def looks_like_google(words: set[str]) -> bool:
    """A header row (normalised words) of a Google Contacts CSV, either layout."""
    return "e-mail 1 - value" in words and (
        {"first name", "last name", "labels"} <= words
        or {"given name", "family name"} <= words
        or "organization 1 - name" in words
        or "organization name" in words
    )


def looks_like_outlook(words: set[str]) -> bool:
    """A header row of an Outlook contacts CSV."""
    return {"first name", "last name", "e-mail address"} <= words and (
        "job title" in words or "company" in words or "mobile phone" in words
    )


def sniff(text: str) -> str | None:
    """``google``, ``outlook`` or None, from the first row of a CSV."""
    try:
        found = _header(text)
    except InvalidValue:
        return None
    if found is None:
        return None
    words = set(found[0])
    if looks_like_google(words):
        return "google"
    if looks_like_outlook(words):
        return "outlook"
    return None


def _split_multi(value: str | None) -> list[str]:
    return [part.strip() for part in (value or "").split(_MULTI.strip()) if part.strip()]


def _links(values: list[str]) -> tuple[str | None, str | None]:
    linkedin = x = None
    for value in values:
        low = value.lower()
        if linkedin is None and "linkedin.com/" in low:
            linkedin = value
        elif x is None and re.search(r"(^|[/.])(x|twitter)\.com/", low):
            x = value
    return linkedin, x


def _name(*parts: str | None) -> str:
    return " ".join(p for p in (clean(part) for part in parts) if p)


def _read(
    text: str,
    fmt: str,
    build: Callable[[Callable[[str], str], int, ImportResult], ContactRecord],
    spool: RowSpool | None = None,
) -> ImportResult:
    rows = iter(csv_rows(text))
    header: list[str] | None = None
    for _, row in rows:
        if any(c.strip() for c in row):
            header = [_norm(c) for c in row]
            break
    words = set(header or [])
    check = looks_like_google if fmt == "google" else looks_like_outlook
    if header is None or not check(words):
        what = "Google Contacts" if fmt == "google" else "Outlook"
        raise InvalidValue(
            f"this does not look like a {what} CSV: the first row lacks its column names"
        )
    index: dict[str, int] = {}
    for i, word in enumerate(header):
        index.setdefault(word, i)
    result = ImportResult(rows=[], skipped_blank=0, spool=spool)
    for line, row in rows:
        if not any(c.strip() for c in row):
            continue

        def cell(name: str, row: list[str] = row) -> str:
            i = index.get(name)
            return row[i] if i is not None and i < len(row) else ""

        record = build(cell, line, result)
        if not record.name:
            result.skipped_blank += 1
            continue
        result.add(ImportRow(line, record))
    return result


def _numbered(cell: Callable[[str], str], what: str, suffix: str, limit: int = 10) -> list[str]:
    out: list[str] = []
    for n in range(1, limit + 1):
        out.extend(_split_multi(cell(f"{what} {n} - {suffix}")))
    return out


def _first_email(values: list[str], result: ImportResult, *, line: int, column: str) -> str | None:
    """The first value that is an address; if none is, one is counted as left out."""
    for value in values:
        probe = ImportResult(rows=[])
        email = email_or_drop(value, probe, line=line, column=column)
        if email:
            return email
    if values:
        result.drop("email")
    return None


def read_google(text: str, spool: RowSpool | None = None) -> ImportResult:
    """Read a Google Contacts CSV (current or older layout)."""

    def build(cell: Callable[[str], str], line: int, result: ImportResult) -> ContactRecord:
        current = bool(cell("first name") or cell("last name")) or "labels" in headers
        if current:
            name = _name(
                cell("name prefix"),
                cell("first name"),
                cell("middle name"),
                cell("last name"),
                cell("name suffix"),
            )
            org, title = cell("organization name"), cell("organization title")
            labels = cell("labels")
        else:
            name = clean(cell("name")) or _name(
                cell("name prefix"),
                cell("given name"),
                cell("additional name"),
                cell("family name"),
                cell("name suffix"),
            )
            org, title = cell("organization 1 - name"), cell("organization 1 - title")
            labels = cell("group membership")
        if not name:
            name = clean(cell("nickname")) or clean(cell("file as")) or ""
        if not name:
            name = clean(org) or ""
        emails = _numbered(cell, "e-mail", "value")
        phones = _numbered(cell, "phone", "value")
        linkedin, x = _links(_numbered(cell, "website", "value"))
        tags = [t for t in _split_multi(labels) if t not in GOOGLE_SYSTEM_LABELS]
        return ContactRecord(
            name=name,
            role=clean(title),
            institution=clean(org),
            email=_first_email(emails, result, line=line, column="E-mail 1 - Value"),
            phone=phones[0] if phones else None,
            linkedin=linkedin,
            x=x,
            tags=tags,
            notes=clean(cell("notes")),
        )

    found = _header(text)
    headers = set(found[0]) if found else set()
    return _read(text, "google", build, spool)


_OUTLOOK_PHONES = (
    "mobile phone",
    "business phone",
    "primary phone",
    "home phone",
    "business phone 2",
    "other phone",
)


def read_outlook(text: str, spool: RowSpool | None = None) -> ImportResult:
    """Read an Outlook contacts CSV (Outlook 2003 to 365, and Google's "Outlook CSV")."""

    def build(cell: Callable[[str], str], line: int, result: ImportResult) -> ContactRecord:
        name = _name(
            cell("title"),
            cell("first name"),
            cell("middle name"),
            cell("last name"),
            cell("suffix"),
        )
        if not name:
            name = clean(cell("company")) or ""
        emails = [
            v
            for column in ("e-mail address", "e-mail 2 address", "e-mail 3 address")
            if (v := cell(column).strip())
        ]
        phones = [v for column in _OUTLOOK_PHONES if (v := cell(column).strip())]
        linkedin, x = _links([cell("web page"), cell("personal web page")])
        categories = [c.strip() for c in re.split("[;,]", cell("categories")) if c.strip()]
        return ContactRecord(
            name=name,
            role=clean(cell("job title")),
            institution=clean(cell("company")),
            email=_first_email(emails, result, line=line, column="E-mail Address"),
            phone=phones[0] if phones else None,
            linkedin=linkedin,
            x=x,
            tags=categories,
            notes=clean(cell("notes")),
        )

    return _read(text, "outlook", build, spool)
