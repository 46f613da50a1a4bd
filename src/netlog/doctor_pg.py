"""``netlog doctor`` on PostgreSQL: what applies on a server.

There is no file to check (header, modes, WAL, temporary files): the server
keeps its pages. What is checked: that the schema is netlog's at this
netlog's version, that every table, column and constraint the models declare
is there, no change was left open, every row is one the rules can read, and
the stored follow-ups match the rules. Nothing is changed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any, cast

from netlog.doctor_checks import MAX_LISTED, Report, RowCheck, judge_rows
from netlog.errors import NetlogError
from netlog.storage import engines
from netlog.storage.migrations import APPLICATION_ID, LATEST


def _psql_fix(url: str, sql: str) -> str:
    return f'psql "{engines.redact(url)}" -c "{sql}"'


def diagnose(url: str, settings: Any, check_pending: Callable[[Any, Report, Any], None]) -> Report:
    """The doctor's findings for the PostgreSQL database ``url`` (``check_pending``:
    the doctor's comparison of the stored follow-ups, which runs on either engine)."""
    from netlog.storage import pgschema, postgres

    report = Report(cast(Path, engines.redact(url)))
    try:
        conn = postgres.connect(url)
    except NetlogError as exc:
        report.bad("connection", str(exc), "check the URL, the server and the password")
        return report
    try:
        conn.execute("BEGIN")  # one consistent snapshot for every check
        try:
            app_id, version, _tables = pgschema.schema_state_raw(conn)
            if app_id == 0:
                report.notes.append(
                    f"no netlog network in {report.path} yet: netlog creates it on first use"
                )
                return report
            if app_id != APPLICATION_ID:
                report.bad(
                    "schema",
                    f"the schema of {report.path} holds another application's tables",
                    "give netlog a database or schema of its own",
                )
                return report
            if version != LATEST:
                newer = version > LATEST
                report.bad(
                    "schema",
                    f"schema {version}, this netlog knows {LATEST}",
                    "upgrade netlog" if newer else "netlog db copy it into a new database",
                )
                return report
            report.ok(f"schema version {version}")
            if not _check_tables(conn, report) or not _check_constraints(conn, report):
                return report
            if conn.execute("SELECT 1 FROM change_open LIMIT 1").fetchone() is not None:
                report.bad(
                    "change log",
                    "a change was left open: later writes would be logged into it",
                    "netlog doctor --fix",
                    fixable=True,
                )
            if _check_rows(conn, report, url):
                report.notes.append("follow-ups not compared: fix the rows above first")
                return report
            check_pending(cast(Any, conn), report, settings)
        finally:
            conn.execute("ROLLBACK")
    except NetlogError as exc:
        report.bad("connection", str(exc), "run 'netlog doctor' again")
    except Exception as exc:
        report.bad(
            "connection", str(postgres.translate_error(exc, url)), "run 'netlog doctor' again"
        )
    finally:
        conn.close()
        conn.engine.dispose()
    return report


def fix(url: str, report: Report, settings: Any) -> list[str]:
    """Repair what can be repaired safely (a change left open, stored follow-ups)."""
    from netlog import followups
    from netlog.storage import postgres

    checks = {f.check for f in report.problems if f.fixable}
    if not checks & {"change log", "follow-ups"}:
        return []
    db = postgres.open_db(url)
    try:
        with db.write() as conn:
            conn.execute("DELETE FROM change_open")
            count = followups.refresh_all(cast(Any, conn), settings)
    finally:
        db.close()
    return [f"recomputed the follow-ups of {count} contact(s)"]


def _check_tables(conn: Any, report: Report) -> bool:
    from netlog.storage import pgschema

    found: dict[str, set[str]] = {}
    for table, column in conn.execute(
        "SELECT table_name, column_name FROM information_schema.columns "
        "WHERE table_schema = current_schema()"
    ):
        found.setdefault(str(table), set()).add(str(column))
    missing: list[str] = []
    for table in pgschema.pg_metadata().sorted_tables:
        have = found.get(table.name)
        if have is None:
            missing.append(f"table {table.name}")
            continue
        missing += [f"{table.name}.{c.name}" for c in table.columns if c.name not in have]
    if missing:
        report.bad(
            "schema",
            "missing: " + ", ".join(missing[:MAX_LISTED]),
            "copy the network into a new database with 'netlog db copy' from a backup",
        )
        return False
    report.ok("tables and columns")
    return True


def _check_constraints(conn: Any, report: Report) -> bool:
    from sqlalchemy import ForeignKeyConstraint

    from netlog.storage import pgschema

    expected = sum(
        1
        for table in pgschema.pg_metadata().sorted_tables
        for c in table.constraints
        if isinstance(c, ForeignKeyConstraint)
    )
    row = conn.execute(
        "SELECT count(*) FILTER (WHERE contype = 'f'), count(*) FILTER (WHERE contype = 'p'), "
        "count(*) FILTER (WHERE NOT convalidated) FROM pg_constraint "
        "WHERE connamespace = current_schema()::regnamespace"
    ).fetchone()
    foreign, primary, unvalidated = (int(v) for v in row)
    tables = len(pgschema.pg_metadata().sorted_tables)
    if foreign < expected or primary < tables or unvalidated:
        report.bad(
            "constraints",
            f"{foreign} of {expected} foreign keys and {primary} of {tables} primary keys "
            f"in place ({unvalidated} not validated)",
            "copy the network into a new database with 'netlog db copy'",
        )
        return False
    report.ok("constraints")
    return True


def _check_rows(conn: Any, report: Report, url: str) -> int:
    """Values the rules cannot read (the columns are typed; dates and lists are text)."""

    def rows(table: str, checks: tuple[RowCheck, ...]) -> Iterable[Sequence[Any]]:
        columns = ", ".join(f'"{c}"' for c, *_ in checks)
        return cast(
            "Iterable[Sequence[Any]]",
            conn.execute(f"SELECT id, {columns} FROM {table} ORDER BY id"),
        )

    return judge_rows(report, rows, lambda sql: _psql_fix(url, sql))
