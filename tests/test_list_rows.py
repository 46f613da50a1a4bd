"""`netlog list` reads tuples, not dicts: the table from brief rows and the
JSON put together field by field must be exactly what the dicts give."""

from __future__ import annotations

import io
import json
import random
import sys
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from netlog import service
from netlog.config import Settings
from netlog.demo import load_demo
from netlog.domain import LIST_KEYS
from netlog.printing import console
from netlog.printing.console import print_json, print_json_rows
from netlog.printing.contacts import contact_list, contact_list_json
from netlog.service import ContactInput, TouchpointInput
from netlog.storage import listing
from netlog.storage.db import Database, open_db

TODAY = date(2026, 11, 23)

# Text a cell or a JSON string may hold: quotes, backslashes, control
# characters, accents, wide and combining characters, a percent sign.
TEXT = st.text(
    alphabet=st.sampled_from(list('ab Z"\\%\n\t\x00\x1f\x7féü漢字\u0301\u200b★/')), max_size=12
)
MAYBE = st.none() | TEXT
WORDS = st.lists(TEXT, max_size=3)


@st.composite
def list_rows(draw: st.DrawFn, search: bool) -> tuple[Any, ...]:
    day = st.none() | st.dates(date(2019, 1, 1), date(2028, 1, 1)).map(date.isoformat)
    row = (
        draw(st.integers(1, 10**9)),
        draw(TEXT),
        draw(MAYBE),
        draw(MAYBE),
        draw(MAYBE),
        draw(WORDS),
        draw(WORDS),
        draw(st.booleans()),
        draw(st.booleans()),
        draw(MAYBE),
        draw(day),
        draw(MAYBE),
        draw(day),
    )
    return (*row, draw(WORDS)) if search else row


def _printed(write: Any, *args: Any, **kwargs: Any) -> str:
    out = io.StringIO()
    saved = sys.stdout
    sys.stdout = out
    try:
        write(*args, **kwargs)
    finally:
        sys.stdout = saved
    return out.getvalue()


def _dicts(rows: list[tuple[Any, ...]]) -> list[dict[str, Any]]:
    return [dict(zip((*LIST_KEYS, "matched"), row, strict=False)) for row in rows]


@settings(max_examples=200, deadline=None)
@given(st.booleans().flatmap(lambda search: st.lists(list_rows(search), max_size=6)))
def test_the_list_json_from_tuples_is_what_the_json_encoder_writes(
    rows: list[tuple[Any, ...]],
) -> None:
    expected = _printed(print_json_rows, _dicts(rows))
    assert _printed(contact_list_json, rows) == expected
    assert _printed(print_json, _dicts(rows)) == expected
    assert json.loads(expected) == _dicts(rows)


@pytest.fixture
def network(tmp_path: Path) -> Database:
    """Namesakes, archived and core contacts, types and tags, next steps and
    follow-ups on both sides of today."""
    db = open_db(tmp_path / "l.db")
    current = Settings()
    load_demo(db, current, TODAY)
    rng = random.Random(5)
    types = ["mentor", "sponsor", "ally", "peer", "mentor:research", "mentor:career"]
    for n in range(30):
        service.add_contact(
            db,
            current,
            ContactInput(
                name=rng.choice(["Dr. Ana Ruiz", "Zoë Ångström", "Ben Okafor", f"Person {n}"]),
                institution=rng.choice([None, "HSS", "Charité Berlin"]),
                email=rng.choice([None, f"p{n}@example.org"]),
                types=rng.sample(types, rng.randint(0, 2)),
                tags=rng.sample(["aaos", "AAOS 2026", "ortho", "ors"], rng.randint(0, 2)),
                core=rng.random() < 0.2,
            ),
            today=TODAY - timedelta(days=rng.randint(0, 400)),
        )
    ids = [row[0] for row in service.iter_contact_rows(db, current, today=TODAY)]
    for cid in rng.sample(ids, 5):
        service.archive(db, current, str(cid))
    for _ in range(120):
        day = TODAY + timedelta(days=rng.randint(-300, 10))
        service.log_touchpoint(
            db,
            current,
            str(rng.choice(ids)),
            TouchpointInput(
                kind=rng.choice(["update", "question", "meeting", "ask", "thanks"]),
                day=day,
                next_step=rng.choice([None, "send the abstract", "ask about the rotation"]),
            ),
            today=day,
        )
    return db


def _rows(db: Database, **kwargs: Any) -> Iterator[tuple[Any, ...]]:
    return service.iter_contact_rows(db, Settings(), today=TODAY, **kwargs)


@pytest.mark.parametrize(
    "filters",
    [
        {},
        {"archived": True},
        {"core": True},
        {"tag": "AAOS"},
        {"type_": "mentor"},
        {"search": "ruiz"},
        {"search": "send the", "archived": True},
    ],
)
@pytest.mark.parametrize("terminal", [False, True])
def test_the_table_from_brief_rows_is_the_table_from_whole_rows(
    network: Database, monkeypatch: pytest.MonkeyPatch, filters: dict[str, Any], terminal: bool
) -> None:
    monkeypatch.setattr(console, "is_terminal", lambda: terminal)
    monkeypatch.setattr(console, "width", lambda: 80)
    whole = list(_rows(network, **filters))
    brief = list(_rows(network, brief=True, **filters))
    assert whole
    assert any(row[LIST_KEYS.index("next_step")] for row in whole) or filters
    shown = [LIST_KEYS.index(k) for k in ("id", "name", "institution", "types", "core")]
    shown += [LIST_KEYS.index(k) for k in ("archived", "last_contact", "next_due")]
    assert [[row[i] for i in shown] for row in brief] == [[row[i] for i in shown] for row in whole]
    assert [row[len(LIST_KEYS) :] for row in brief] == [row[len(LIST_KEYS) :] for row in whole]
    assert _printed(contact_list, brief, TODAY) == _printed(contact_list, whole, TODAY)


def test_the_dict_rows_are_the_tuple_rows_with_their_keys(network: Database) -> None:
    with network.read() as conn:
        for filters in ({}, {"search": "ruiz"}, {"tag": "ortho", "archived": True}):
            keys = (*LIST_KEYS, "matched") if "search" in filters else LIST_KEYS
            tuples = list(listing.iter_list_tuples(conn, today=TODAY, **filters))
            dicts = listing.list_rows(conn, today=TODAY, **filters)
            assert dicts == [dict(zip(keys, row, strict=True)) for row in tuples]
            assert all(list(d) == list(keys) for d in dicts)


WORD = st.text(alphabet=st.sampled_from(list("abZé漢\u0301\t\n\x00-")), min_size=1, max_size=9)
# Cells of a few words (columns get narrowed and wrapped), with odd spacing and
# characters beyond ASCII, some empty.
CELL = (
    st.lists(WORD, max_size=4).map(" ".join)
    | st.tuples(st.sampled_from(["", " ", "  "]), WORD, st.sampled_from(["", " "])).map("".join)
    | st.sampled_from(["", "Hôpital Necker", "漢字漢字漢字", "a b c d e f g"])
)


def _tables(
    cells: st.SearchStrategy[str], min_rows: int
) -> st.SearchStrategy[tuple[list[str], list[list[str]]]]:
    """(headers, rows) of one to five columns, up to eight rows of ``cells``."""
    return st.integers(1, 5).flatmap(
        lambda n: st.tuples(
            st.lists(
                st.sampled_from(["id", "name", "last contact", "next due", "x"]),
                min_size=n,
                max_size=n,
            ),
            st.lists(st.lists(cells, min_size=n, max_size=n), min_size=min_rows, max_size=8),
        )
    )


@settings(max_examples=400, deadline=None)
@given(
    _tables(CELL, min_rows=1),
    st.integers(8, 90),
)
def test_the_streamed_terminal_table_is_the_table(
    table: tuple[list[str], list[list[str]]], width: int
) -> None:
    from netlog.printing import tables

    headers, rows = table
    saved = console.is_terminal, console.width
    console.is_terminal = lambda: True  # type: ignore[assignment]
    console.width = lambda: width  # type: ignore[assignment]
    try:
        expected = _printed(tables.table, headers, rows)
        assert _printed(tables.table_streamed, headers, iter(rows)) == expected
    finally:
        console.is_terminal, console.width = saved  # type: ignore[assignment]


@settings(max_examples=300, deadline=None)
@given(_tables(CELL | TEXT, min_rows=0))
def test_the_streamed_plain_table_is_the_plain_table(
    table: tuple[list[str], list[list[str]]],
) -> None:
    from netlog.printing import tables

    headers, rows = table
    expected = _printed(tables.plain_table, headers, rows)
    assert _printed(tables.plain_table_streamed, headers, iter(rows)) == expected
