"""The schema the migrations build is the one the SQLModel models declare,
and every statement netlog runs prepares against the models' schema."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from netlog import service
from netlog.storage import exchange, store
from netlog.storage.db import open_db, register_functions


def models_db(path: Path) -> Path:
    from sqlalchemy import create_engine
    from sqlmodel import SQLModel

    import netlog.storage.models  # noqa: F401  (registers the tables)

    engine = create_engine(f"sqlite:///{path}")
    SQLModel.metadata.create_all(engine)
    engine.dispose()
    return path


def describe(path: Path) -> dict[str, Any]:
    """Tables → columns (name, not null, pk position), indexes, foreign keys."""
    conn = sqlite3.connect(path)
    try:
        tables = [
            r[0]
            for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' "
                "AND name NOT LIKE 'sqlite_%' ORDER BY name"
            )
        ]
        out: dict[str, Any] = {}
        for table in tables:
            info = conn.execute(f'PRAGMA table_info("{table}")').fetchall()
            columns = [(c[1], bool(c[3]), c[5]) for c in info]
            indexes = set()
            for _, name, unique, origin, _partial in conn.execute(f'PRAGMA index_list("{table}")'):
                if origin != "c":  # only explicit CREATE INDEX (pk/unique autoindexes differ)
                    continue
                cols = tuple(r[2] for r in conn.execute(f'PRAGMA index_info("{name}")'))
                indexes.add((cols, bool(unique)))
            fks = {
                (r[2], r[3], r[4], r[6])
                for r in conn.execute(f'PRAGMA foreign_key_list("{table}")')
            }
            out[table] = {"columns": columns, "indexes": indexes, "foreign_keys": fks}
        return out
    finally:
        conn.close()


def test_migrations_build_exactly_the_models_schema(tmp_path: Path) -> None:
    migrated = tmp_path / "migrated.db"
    open_db(migrated).close()
    declared = describe(models_db(tmp_path / "models.db"))
    built = describe(migrated)
    assert sorted(built) == sorted(declared)
    for table in declared:
        assert built[table] == declared[table], table


def test_every_table_has_an_integer_or_text_primary_key(tmp_path: Path) -> None:
    for table, info in describe(models_db(tmp_path / "models.db")).items():
        assert any(pk for _, _, pk in info["columns"]), table


# --- every statement netlog runs prepares against the models' schema ----------------


@pytest.fixture
def traced(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    seen: list[str] = []
    real_connect = sqlite3.connect

    def connect(*args: Any, **kwargs: Any) -> sqlite3.Connection:
        conn = real_connect(*args, **kwargs)
        conn.set_trace_callback(seen.append)
        return conn

    monkeypatch.setattr(sqlite3, "connect", connect)
    yield seen


SCENARIO: list[list[str]] = [
    ["due"],
    ["add", "Dr. Maya Patel", "--at", "AAOS 2026", "--email", "maya@example.org", "--core"],
    ["add", "Sam Okafor", "--met", "yesterday", "--type", "mentor:research", "--tag", "ortho"],
    ["add", "Lee", "--every", "30", "--tier", "home", "--note", "ICU attending"],
    ["log", "patel", "--kind", "thanks", "--awaiting-reply"],
    ["log", "okafor", "--kind", "meeting", "--next", "send CV", "--due", "friday"],
    ["log", "lee", "--incoming", "--via", "call", "--at", "Grand rounds"],
    ["due", "--within", "400"],
    ["due", "--json"],
    ["list"],
    ["list", "--tag", "ortho", "--type", "mentor:research", "--core", "--search", "a%"],
    ["list", "--type", "sponsor", "--archived", "--json"],
    ["show", "patel", "--json"],
    ["show", "3"],
    ["edit", "okafor", "--type", "sponsor", "--remove-tag", "ortho", "--name", "Sam O."],
    ["edit", "lee", "--no-core", "--email", "lee@example.org"],
    ["snooze", "lee", "--until", "in 2w"],
    ["archive", "lee"],
    ["archive", "lee", "--undo"],
    ["backup"],
    ["rm", "lee", "--yes"],
]

_SKIP = re.compile(
    r"^\s*(PRAGMA|BEGIN|COMMIT|ROLLBACK|CREATE|ALTER|DROP|INSERT INTO migration)\b", re.I
)


def module_sql() -> list[str]:
    """The SQL constants of the store, service and exchange modules."""
    found = []
    for module in (store, service, exchange):
        for name, value in vars(module).items():
            if isinstance(value, str) and (
                name.lstrip("_").startswith("SQL_") or name.endswith("_SELECT")
            ):
                found.append(value)
    return found


def test_every_statement_of_a_full_day_prepares_against_the_models(
    netlog: Any, traced: list[str], tmp_path: Path
) -> None:
    for args in SCENARIO:
        r = netlog(*args)
        assert r.exit_code == 0, (args, r.stderr)
    statements = {s for s in traced if not _SKIP.match(s)}
    statements.update(module_sql())
    # The scenario reached every kind of statement the store runs.
    verbs = {s.split()[0].upper() for s in statements}
    assert {"SELECT", "INSERT", "UPDATE", "DELETE"} <= verbs
    assert any("json_each" in s for s in statements)
    assert any("FROM activity" in s for s in statements)
    assert any("FROM letter" in s for s in statements)

    conn = sqlite3.connect(models_db(tmp_path / "models.db"))
    register_functions(conn)
    failures = []
    for sql in sorted(statements):
        try:
            # Preparing is the check; NULL parameters are enough for EXPLAIN.
            named = set(re.findall(r"(?<![:\w]):([A-Za-z_]\w*)", sql))
            params: Any = dict.fromkeys(named) if named else (None,) * sql.count("?")
            conn.execute("EXPLAIN " + sql, params).fetchall()
        except sqlite3.Error as exc:
            failures.append(f"{exc}: {sql}")
    conn.close()
    assert not failures, "\n".join(failures)


def test_a_misspelt_column_would_be_caught(tmp_path: Path) -> None:
    conn = sqlite3.connect(models_db(tmp_path / "models.db"))
    register_functions(conn)
    with pytest.raises(sqlite3.OperationalError):
        conn.execute("EXPLAIN SELECT snoozed FROM contact")
    conn.close()
