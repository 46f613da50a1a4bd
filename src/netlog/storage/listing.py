"""The rows of ``netlog list``: filters, the search, and where a search matched."""

from __future__ import annotations

import itertools
import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from typing import Any

from netlog.dates import iso
from netlog.domain import LIST_KEYS
from netlog.storage.db import ascii_lower, fold
from netlog.vocabulary import join_types

# One pass over pending (GROUP BY) instead of a correlated subquery per contact:
# 10k contacts, 100k touchpoints: 87 ms -> ~30 ms with the next steps below.
SQL_LIST = (
    "SELECT c.id, c.name, c.institution, c.role, c.email, c.types, c.mentor_kinds, c.tags, "
    "c.core, c.archived, c.last_contact, c.how_met, "
    "(SELECT min(due) FROM pending p WHERE p.contact_id = c.id "
    "AND (p.ends IS NULL OR p.ends > ?)) "
    "FROM contact c"
)
# In name order, namesakes by id (the order of the index on name_key), sorted
# rather than read through that index: reading the table in its own order and
# sorting takes a third less time than a lookup per contact.
LIST_ORDER = " ORDER BY +c.name_key, c.id"
# Every contact's latest next step (by date, then id): the last row per contact
# wins. Read from the index of the touchpoints that have one, in its order
# (100,000 contacts: 0.12 -> 0.03 s).
SQL_NEXT_STEPS = (
    "SELECT contact_id, next_step FROM touchpoint WHERE next_step IS NOT NULL "
    "ORDER BY contact_id, date, id"
)


def _json_list(text: str) -> list[str]:
    value: list[str] = [] if text == "[]" else json.loads(text)
    return value


# What a search reads: these fields of a contact and of its touchpoints.
CONTACT_SEARCH_FIELDS = ("name", "institution", "role", "specialty", "how_met", "notes", "tags")
TOUCHPOINT_SEARCH_FIELDS = ("note", "event", "next_step")

# The name through its folded key, the other fields folded together (tags, a
# JSON list, is never NULL).
_SEARCH_CONTACT = (
    "instr(c.name_key, ?) > 0 OR instr(netlog_fold("
    + " || ' ' || ".join(
        "c.tags" if f == "tags" else f"coalesce(c.{f}, '')" for f in CONTACT_SEARCH_FIELDS[1:]
    )
    + "), ?) > 0"
)


def _search_clause(key: str) -> tuple[str, list[str]]:
    """Contacts whose fields or touchpoints hold ``key`` (already folded).

    Touchpoints are many (100k), so each text is first tried with SQLite's own
    LIKE, which ignores ASCII case; only a text with other characters (or runs
    of spaces or line breaks, when the words searched have a space) goes
    through ``netlog_fold()``, which costs ten times as much.
    """
    pattern = "%" + key.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    # Non-ASCII: more bytes than characters. Whitespace other than one space
    # matters only to words with a space between them.
    odd = "length(CAST({c} AS BLOB)) > length({c})" + (
        " OR instr({c}, '  ') > 0 OR instr({c}, char(10)) > 0 OR instr({c}, char(13)) > 0 "
        "OR instr({c}, char(9)) > 0"
        if " " in key
        else ""
    )
    tests, params = [], []
    for column in TOUCHPOINT_SEARCH_FIELDS:
        tests.append(
            f"{column} LIKE ? ESCAPE '\\' OR (({odd.format(c=column)}) "
            f"AND instr(netlog_fold({column}), ?) > 0)"
        )
        params += [pattern, key]
    touchpoints = "SELECT contact_id FROM touchpoint WHERE " + " OR ".join(tests)
    return f"({_SEARCH_CONTACT} OR c.id IN ({touchpoints}))", [key, key, *params]


# Some contacts and their touchpoints, for saying where a search matched.
SQL_SEARCH_CONTACTS = (
    "SELECT id, " + ", ".join(CONTACT_SEARCH_FIELDS) + " FROM contact "
    "WHERE id IN (SELECT CAST(value AS INTEGER) FROM json_each(?))"
)
SQL_SEARCH_TOUCHPOINTS = (
    "SELECT contact_id, date, " + ", ".join(TOUCHPOINT_SEARCH_FIELDS) + " FROM touchpoint "
    "WHERE contact_id IN (SELECT CAST(value AS INTEGER) FROM json_each(?)) ORDER BY contact_id, date, id"
)


def search_matches(
    conn: sqlite3.Connection, rows: Sequence[Sequence[Any]], needle: str
) -> dict[int, list[str]]:
    """Where ``needle`` was found for each listed contact, as short labels:
    ``institution``, ``note 2026-11-19``, ``event 2026-11-19``…"""
    key = fold(needle)
    found: dict[int, list[str]] = {}
    if not key or not rows:
        return found
    ids = [r[0] for r in rows]  # each row starts with its id
    details: dict[int, tuple[Any, ...]] = {}
    for row in conn.execute(SQL_SEARCH_CONTACTS, [json.dumps(ids)]):
        details[row[0]] = row[1:]
    for cid in ids:
        values = details.get(cid, ())
        labels = [
            field.replace("_", " ")
            for field, value in zip(CONTACT_SEARCH_FIELDS, values, strict=False)
            if value and key in fold(" ".join(_json_list(value)) if field == "tags" else value)
        ]
        found[cid] = labels
    for cid, day, *texts in conn.execute(SQL_SEARCH_TOUCHPOINTS, [json.dumps(ids)]):
        for field, value in zip(TOUCHPOINT_SEARCH_FIELDS, texts, strict=True):
            if value and key in fold(value):
                found.setdefault(cid, []).append(f"{field.replace('_', ' ')} {day}")
    return found


# What the table shows reads neither these columns nor the next steps.
_BRIEF_COLUMNS = (
    "SELECT c.id, c.name, c.institution, NULL, NULL, c.types, c.mentor_kinds, NULL, "
    "c.core, c.archived, c.last_contact, NULL, "
)


def list_rows(conn: sqlite3.Connection, **filters: Any) -> list[dict[str, Any]]:
    """The rows of ``netlog list``, all at once (see :func:`iter_list_rows`)."""
    return list(iter_list_rows(conn, **filters))


def iter_list_rows(conn: sqlite3.Connection, **filters: Any) -> Iterator[dict[str, Any]]:
    """The rows of ``netlog list`` as dicts (keys ``domain.LIST_KEYS``, and
    ``matched`` with a search), one at a time (see :func:`iter_list_tuples`)."""
    keys = (*LIST_KEYS, "matched") if filters.get("search") else LIST_KEYS
    for row in iter_list_tuples(conn, **filters):
        yield dict(zip(keys, row, strict=True))


def iter_list_tuples(
    conn: sqlite3.Connection,
    *,
    tag: str | None = None,
    type_: str | None = None,
    core: bool = False,
    search: str | None = None,
    archived: bool = False,
    today: date | None = None,
    brief: bool = False,
) -> Iterator[tuple[Any, ...]]:
    """The rows of ``netlog list`` in name order, one at a time, so that a
    list of 100,000 contacts is written as it is read, never held whole.
    Each row is a tuple of the fields ``domain.LIST_KEYS`` names (types and
    tags as lists), with ``matched`` (where a search matched) after them.
    With ``search`` the matched rows are read first (to label where each matched).
    ``brief`` rows hold only what the table shows: role, email, tags, how
    met and the next step are None (a tenth of the work at 100,000 contacts)."""
    where: list[str] = []
    params: list[Any] = [iso(today) or "0001-01-01"]
    if not archived:
        where.append("c.archived = 0")
    if core:
        where.append("c.core = 1")
    if tag:
        where.append("EXISTS (SELECT 1 FROM json_each(c.tags) j WHERE lower(j.value) = ?)")
        params.append(ascii_lower(tag))
    if type_:
        column = "c.types"
        word = type_
        if type_.startswith("mentor:"):
            column, word = "c.mentor_kinds", type_.split(":", 1)[1]
        where.append(f"EXISTS (SELECT 1 FROM json_each({column}) j WHERE j.value = ?)")
        params.append(word)
    if search:
        # Plain substring search (no wildcards), case- and accent-insensitive
        # in any script: "charite" finds "Charité", "ÉCOLE" finds "école".
        clause, values = _search_clause(fold(search))
        where.append(clause)
        params += values
    select = SQL_LIST
    if brief:
        select = _BRIEF_COLUMNS + SQL_LIST[SQL_LIST.index("(SELECT min(due)") :]
    sql = select + (" WHERE " + " AND ".join(where) if where else "") + LIST_ORDER
    rows = conn.execute(sql, params)
    first = rows.fetchone()
    if first is None:
        return
    steps: dict[int, str] = {} if brief else dict(conn.execute(SQL_NEXT_STEPS).fetchall())
    records = _list_tuples(itertools.chain((first,), rows), steps)
    if not search:
        yield from records
        return
    out = list(records)
    matched = search_matches(conn, out, search)
    for record in out:
        yield (*record, matched.get(record[0], []))


def _list_tuples(rows: Iterable[Sequence[Any]], steps: dict[int, str]) -> Iterator[tuple[Any, ...]]:
    # Types and tags repeat from contact to contact: each stored value is read
    # once and its list shared by the rows that hold it (rows are not changed).
    words: dict[tuple[str, str], list[str]] = {}
    tag_lists: dict[str | None, list[str] | None] = {None: None}
    get_step = steps.get
    for (
        cid,
        name,
        institution,
        role,
        email,
        types,
        kinds,
        tags,
        is_core,
        is_archived,
        last,
        how_met,
        next_due,
    ) in rows:
        typed = words.get((types, kinds))
        if typed is None:
            typed = words[types, kinds] = join_types(_json_list(types), _json_list(kinds))
        if tags in tag_lists:
            tag_list = tag_lists[tags]
        else:
            tag_list = tag_lists[tags] = _json_list(tags)
        yield (
            cid,
            name,
            institution,
            role,
            email,
            typed,
            tag_list,
            bool(is_core),
            bool(is_archived),
            how_met,
            last,
            get_step(cid),
            next_due,
        )
