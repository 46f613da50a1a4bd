"""The SQLModel models are the one declaration of the schema.

What commands use of them is generated (columns.py, ddl.py) and must be what
the models make now; a new file is the models' schema; and every statement
every command runs prepares against a database built from the models.
"""

from __future__ import annotations

import re
import shutil
import sqlite3
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from netlog import service
from netlog.storage import (
    changes,
    columns,
    completion,
    contacts,
    ddl,
    exchange,
    listing,
    pending,
    records,
    reports,
    touchpoints,
)
from netlog.storage.db import open_db, register_functions
from netlog.storage.migrations import latest_statements
from tests.safety_helpers import command_names

FIXTURES = Path(__file__).parent / "fixtures"


def models_db(path: Path) -> Path:
    """A file SQLAlchemy makes from the models, with the undo triggers made from their columns."""
    from sqlalchemy import create_engine
    from sqlmodel import SQLModel

    import netlog.storage.models  # noqa: F401  (registers the tables)

    engine = create_engine(f"sqlite:///{path}")
    SQLModel.metadata.create_all(engine)
    engine.dispose()
    conn = sqlite3.connect(path)
    try:
        for statement in latest_statements():
            if statement.startswith("CREATE TRIGGER"):
                conn.execute(statement)
        conn.commit()
    finally:
        conn.close()
    return path


def shape(conn: sqlite3.Connection) -> dict[str, Any]:
    """Every table: its columns in order (name, type, not null, default, pk position),
    foreign keys (with ON DELETE), explicit indexes (name, unique, columns) and
    triggers (name and SQL, in the order SQLite made them)."""
    out: dict[str, Any] = {}
    tables = [
        r[0]
        for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' "
            "AND name NOT LIKE 'sqlite_%' ORDER BY name"
        )
    ]
    for table in tables:
        cols = [
            (r[1], r[2].upper(), bool(r[3]), r[4], r[5])
            for r in conn.execute(f'PRAGMA table_info("{table}")')
        ]
        keys = sorted(
            (r[2], r[3], r[4], r[5], r[6])
            for r in conn.execute(f'PRAGMA foreign_key_list("{table}")')
        )
        indexes = sorted(
            (r[1], bool(r[2]), tuple(c[2] for c in conn.execute(f'PRAGMA index_info("{r[1]}")')))
            for r in conn.execute(f'PRAGMA index_list("{table}")')
            if r[3] == "c"  # only CREATE INDEX (primary-key autoindexes differ by design)
        )
        triggers = conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ? "
            "ORDER BY rowid",
            (table,),
        ).fetchall()
        out[table] = {"columns": cols, "keys": keys, "indexes": indexes, "triggers": triggers}
    return out


def shape_of(path: Path) -> dict[str, Any]:
    conn = sqlite3.connect(path)
    try:
        return shape(conn)
    finally:
        conn.close()


# --- the generated modules ----------------------------------------------------------


def test_the_generated_modules_are_what_the_models_make_now() -> None:
    from netlog.storage import schema

    assert schema.stale() == [], "run: python -m netlog.storage.schema --write"
    assert schema.main(["--check"]) == 0
    assert schema.columns() == columns.COLUMNS
    assert schema.create_tables() == ddl.TABLES
    assert schema.create_indexes() == ddl.INDEXES
    for table, fields in schema.fields().items():
        assert getattr(columns, f"{table.upper()}_FIELDS") == fields, table
        assert getattr(columns, f"{table.upper()}_COLUMNS") == columns.COLUMNS[table], table
    assert schema.undo_tables() == columns.UNDO_TABLES
    assert schema.recomputed() == columns.RECOMPUTED


def test_the_fields_are_the_ones_the_queries_name() -> None:
    """The store's column lists are the models' fields, in the models' order."""
    assert columns.CONTACT_FIELDS == columns.CONTACT_FIELDS
    assert columns.TOUCHPOINT_FIELDS == columns.TOUCHPOINT_FIELDS
    assert columns.UNDO_TABLES[0] == "contact"  # undo describes contacts first, then the rest
    assert set(changes._NOUNS) == set(columns.UNDO_TABLES)  # and has words for every table
    assert columns.RECOMPUTED == {"contact": ("updated", "last_contact")}


def test_the_check_finds_a_stale_module_and_write_brings_it_back(tmp_path: Path) -> None:
    from netlog.storage import schema

    for name in schema.GENERATED:
        shutil.copy(Path(schema.__file__).parent / name, tmp_path / name)
    assert schema.stale(tmp_path) == []
    edited = tmp_path / "columns.py"
    edited.write_text(edited.read_text().replace('"snoozed_until",', '"snoozed",', 1))
    (tmp_path / "ddl.py").unlink()
    assert sorted(schema.stale(tmp_path)) == sorted([edited, tmp_path / "ddl.py"])
    assert sorted(schema.write(tmp_path)) == sorted([edited, tmp_path / "ddl.py"])
    assert schema.stale(tmp_path) == []


def test_the_models_compile_to_the_types_every_netlog_file_has() -> None:
    """TEXT, INTEGER and BOOLEAN, with the defaults the first schema gave."""
    contact = next(sql for sql in ddl.TABLES if sql.startswith("CREATE TABLE contact "))
    assert "VARCHAR" not in "".join(ddl.TABLES)
    assert "types TEXT DEFAULT '[]' NOT NULL" in contact
    assert "core BOOLEAN DEFAULT 0 NOT NULL" in contact


# --- a new file ---------------------------------------------------------------------


def test_a_new_file_is_exactly_the_models_schema(tmp_path: Path) -> None:
    new = tmp_path / "netlog.db"
    open_db(new).close()
    declared = shape_of(models_db(tmp_path / "models.db"))
    assert shape_of(new) == declared


def test_every_table_has_an_integer_or_text_primary_key(tmp_path: Path) -> None:
    for table, info in shape_of(models_db(tmp_path / "models.db")).items():
        assert any(pk for *_, pk in info["columns"]), table


# --- every statement netlog runs prepares against the models' schema ----------------


@pytest.fixture
def traced(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Every statement run on any connection netlog opens (the store, backups, doctor…)."""
    seen: list[str] = []
    real_connect = sqlite3.connect

    def connect(*args: Any, **kwargs: Any) -> sqlite3.Connection:
        conn = real_connect(*args, **kwargs)
        conn.set_trace_callback(seen.append)
        return conn

    monkeypatch.setattr(sqlite3, "connect", connect)
    yield seen


# Every command, most of them in several ways, on the sample network and on a
# network the day builds. {tmp} is the test's folder.
SCENARIO: list[list[str]] = [
    ["due"],
    ["demo"],
    ["due"],
    ["due", "--within", "400", "--json"],
    ["due", "--rule", "keep-warm", "--core", "--tag", "ortho", "--limit", "1"],
    ["due", "--brief"],
    ["add", "Dr. Ana Ruiz", "--at", "AAOS 2026", "--email", "ana@example.org", "--core"],
    ["add", "Sam Okonkwo", "--met", "yesterday", "--type", "mentor:research", "--tag", "ortho"],
    ["add", "Lee", "--every", "30", "--tier", "home", "--note", "ICU attending"],
    ["add", "--at", "Grand rounds"],  # one person a line, on standard input
    ["log", "ruiz", "--kind", "thanks", "--awaiting-reply", "--topic", "registry"],
    ["log", "okonkwo", "--kind", "meeting", "--next", "send CV", "--due", "friday"],
    ["log", "lee", "--incoming", "--via", "call", "--at", "Grand rounds"],
    ["log", "okonkwo", "--kind", "share", "--topic", "my CV", "--done"],
    ["log", "ruiz", "--kind", "meeting", "--next", "send the abstract", "--due", "in 3d"],
    ["done", "ruiz"],
    ["fix", "patel", "16", "--kind", "share", "--date", "2026-08-03", "--at", "AAOS 2026"],
    ["fix", "patel", "16", "--due", "", "--no-awaiting-reply"],
    ["fix", "patel", "16", "--rm", "--yes"],
    ["read", "JBJS: ACL reconstruction outcomes", "--for", "patel", "--point", "ask about it"],
    ["attend", "Virtual ortho grand rounds", "--virtual", "--date", "yesterday"],
    ["milestone", "Abstract accepted at AAOS 2027"],
    ["skip", "berg", "--reason", "he retired"],
    ["skip", "kim", "keep-warm", "--reason", "we talk every week on the ward"],
    ["draft", "patel"],
    ["draft", "okafor", "--kind", "letter", "--mailto"],
    ["draft", "ruiz", "--json"],
    ["week"],
    ["week", "--json"],
    ["team"],
    ["team", "--json"],
    ["prep", "AAOS 2027"],
    ["prep", "AAOS 2026", "--json"],
    ["letters"],
    ["letters", "ask", "patel", "--for", "Ortho match 2027", "--deadline", "2027-09-01"],
    ["letters", "set", "2", "submitted"],
    ["remind"],
    ["snooze", "lee", "--until", "in 2w"],
    ["pause", "--until", "in 3w"],
    ["due"],
    ["resume"],
    ["list"],
    ["list", "--tag", "ortho", "--type", "mentor:research", "--core", "--search", "a%"],
    ["list", "--type", "sponsor", "--archived", "--json"],
    ["list", "--search", "registry"],
    ["show", "patel", "--json"],
    ["show", "patel", "--search", "acl"],
    ["show", "3"],
    ["edit", "okonkwo", "--type", "sponsor", "--remove-tag", "ortho", "--name", "Sam O."],
    ["edit", "lee", "--no-core", "--email", "lee@example.org", "--remove-type", "peer"],
    ["edit", "lee", "--at", "AAOS 2026", "--met", "2026-11-01"],
    ["archive", "lee"],
    ["archive", "lee", "--undo"],
    ["stats"],
    ["stats", "--json", "--svg", "{tmp}/network.svg"],
    ["export", "-o", "{tmp}/network.csv"],
    ["export", "--excel", "-o", "{tmp}/excel.csv"],
    ["export", "touchpoints", "--format", "json", "-o", "{tmp}/log.json"],
    ["export", "activities", "--format", "csv", "-o", "{tmp}/activities.csv"],
    ["export", "--format", "vcard", "-o", "{tmp}/contacts.vcf"],
    ["export", "--format", "ics", "-o", "{tmp}/due.ics"],
    ["export", "--format", "ics", "--events", "-o", "{tmp}/due-events.ics"],
    ["export", "--format", "json"],
    ["import", "{tmp}/people.csv", "--dry-run"],
    ["import", "{tmp}/people.csv"],
    ["import", "{tmp}/network.csv"],  # netlog's own spreadsheet: everyone matched by key
    ["import", "{tmp}/contacts.vcf"],
    ["import", str(FIXTURES / "linkedin_connections_current.csv")],
    ["import", "{tmp}/linkedin.zip"],
    ["import", str(FIXTURES / "google_contacts.csv"), "--format", "google"],
    ["import", str(FIXTURES / "outlook_contacts.csv"), "--format", "outlook"],
    ["import", str(FIXTURES / "apple_contacts.vcf")],
    ["undo", "--list"],
    ["undo"],
    ["config"],
    ["config", "--init"],
    ["config", "set", "profile", "resident"],
    ["config", "get", "profile"],
    ["undo"],
    ["config", "set", "profile", "resident"],
    ["config", "unset", "profile"],
    ["backup"],
    ["backup", "-o", "{tmp}/copy.db"],
    ["db", "copy", "{tmp}/copy.db", "{tmp}/copied.db"],
    ["db", "--help"],
    ["rm", "lee", "--yes"],
    ["restore", "{tmp}/copy.db"],
    ["undo"],  # refused: a restore cannot be undone (exit 1), and the mark is dropped
    ["undo"],
    ["doctor"],
    ["doctor", "--fix"],
    ["due"],
]
STDIN = {("add", "--at", "Grand rounds"): "Dr. One | HSS | knee registry\nDr. Two | MGH\n\n"}
# Runs that end with another exit code than 0, by their place in the scenario.
EXIT = {
    i: 1 for i, args in enumerate(SCENARIO) if args == ["undo"] and SCENARIO[i - 1][0] == "restore"
}

_SKIP = re.compile(
    r"^\s*(PRAGMA|BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE|CREATE|ALTER|DROP)\b",
    re.I,
)


def module_sql() -> list[str]:
    """The SQL constants of the storage rooms and the service."""
    found = []
    rooms = (contacts, touchpoints, records, pending, listing, reports, exchange, completion)
    for module in (*rooms, service):
        for name, value in vars(module).items():
            if isinstance(value, str) and (
                name.lstrip("_").startswith("SQL_") or name.endswith("_SELECT")
            ):
                found.append(value)
    return found


def unprepared(statements: set[str], database: Path) -> list[str]:
    """The statements that do not prepare against ``database``, with SQLite's reason."""
    conn = sqlite3.connect(database)
    register_functions(conn)
    failures = []
    try:
        for sql in sorted(statements):
            try:
                # Preparing is the check; NULL parameters are enough for EXPLAIN.
                named = set(re.findall(r"(?<![:\w]):([A-Za-z_]\w*)", sql))
                params: Any = dict.fromkeys(named) if named else (None,) * sql.count("?")
                conn.execute("EXPLAIN " + sql, params).fetchall()
            except sqlite3.Error as exc:
                failures.append(f"{exc}: {sql}")
    finally:
        conn.close()
    return failures


def _complete(words: str) -> str:
    """Shell completion, in process (the name query reads the file itself)."""
    from netlog.cli import app

    env = {"_NETLOG_COMPLETE": "complete_bash", "COMP_WORDS": words}
    env["COMP_CWORD"] = str(len(words.split()) - 1)
    result = CliRunner().invoke(app, [], env=env, prog_name="netlog")
    assert result.exit_code == 0, result.output
    return result.stdout


def test_the_scenario_runs_every_command() -> None:
    ran = {
        " ".join(args[:2]) if " ".join(args[:2]) in command_names() else args[0]
        for args in SCENARIO
    }
    assert command_names() <= ran


def test_every_statement_of_every_command_prepares_against_the_models(
    netlog: Any, traced: list[str], tmp_path: Path
) -> None:
    (tmp_path / "people.csv").write_text(
        "name,email,institution\nDr. Imported,imp@example.org,UCSF\nDr. Ana Ruiz,,HSS\n",
        encoding="utf-8",
    )
    with zipfile.ZipFile(tmp_path / "linkedin.zip", "w") as archive:
        archive.write(FIXTURES / "linkedin_connections_old.csv", "Connections.csv")
    for i, args in enumerate(SCENARIO):
        r = netlog(*[a.replace("{tmp}", str(tmp_path)) for a in args], input=STDIN.get(tuple(args)))
        assert r.exit_code == EXIT.get(i, 0), (args, r.stdout, r.stderr)
    assert "Álvarez" in _complete("netlog show Álv")  # not ASCII: every name is read
    assert "patel" in _complete("netlog log pat")

    statements = {s for s in traced if not _SKIP.match(s)}
    statements.update(module_sql())
    # The run reached every kind of statement netlog runs.
    verbs = {s.split()[0].upper() for s in statements}
    assert {"SELECT", "INSERT", "UPDATE", "DELETE"} <= verbs
    for table in columns.COLUMNS:
        assert any(re.search(rf"\b{table}\b", s) for s in statements), table
    assert any("json_each" in s for s in statements)
    assert any("FROM change_row" in s for s in statements)  # undo

    failures = unprepared(statements, models_db(tmp_path / "models.db"))
    assert not failures, "\n".join(failures)


def test_a_misspelt_column_would_be_caught(tmp_path: Path) -> None:
    models = models_db(tmp_path / "models.db")
    good = "SELECT snoozed_until FROM contact WHERE id = ?"
    assert unprepared({good}, models) == []
    (failure,) = unprepared({good.replace("snoozed_until", "snoozed")}, models)
    assert "no such column: snoozed" in failure
