"""Helpers shared by the safety tests: run netlog, build old-schema files."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from netlog.storage.migrations import APPLICATION_ID, STEPS


def run(
    *args: str,
    db: Path | None = None,
    stdin: str | None = None,
    check: bool = False,
    env: dict[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    """``netlog ARGS`` in a subprocess (a real process against a real file)."""
    full_env = {**os.environ, **(env or {})}
    if db is not None:
        full_env["NETLOG_DB"] = str(db)
    result = subprocess.run(
        [sys.executable, "-m", "netlog", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=full_env,
        timeout=60,
    )
    if check and result.returncode != 0:
        raise AssertionError(f"netlog {args} failed: {result.stderr}")
    return result


def make_schema(path: Path, version: int) -> sqlite3.Connection:
    """A netlog file as an old netlog wrote it: migration steps 1..version only."""
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.execute("PRAGMA journal_mode = WAL")
    for number, (name, statements) in enumerate(STEPS[:version], start=1):
        conn.execute("BEGIN")
        for statement in statements:
            conn.execute(statement)
        conn.execute(
            "INSERT INTO migration (id, name, applied) VALUES (?, ?, '2026-01-01T00:00:00Z')",
            (number, name),
        )
        conn.execute(f"PRAGMA user_version = {number}")
        conn.execute("COMMIT")
    return conn


V1_ROWS = """
INSERT INTO contact (id, name, name_key, role, institution, email, types, mentor_kinds, tags,
    core, cadence_days, notes, archived, snoozed_until, created, updated, last_contact)
VALUES
 (1, 'Dr. Maya Patel', 'dr. maya patel', 'attending', 'Mass General', 'maya@example.org',
  '["mentor"]', '["research"]', '["ortho"]', 1, NULL, 'ACL registry', 0, NULL,
  '2026-03-01', '2026-03-01T10:00:00Z', '2026-03-04'),
 (2, 'José Álvarez', 'jose alvarez', 'resident PGY-3', 'UCSF', NULL,
  '["peer"]', '[]', '[]', 0, 30, NULL, 0, '2026-12-01', '2026-04-01', '2026-04-01T10:00:00Z',
  NULL),
 (3, 'محمد علي', 'محمد علي', NULL, NULL, NULL, '[]', '[]', '["img"]', 0, NULL, NULL, 1, NULL,
  '2026-05-01', '2026-05-01T10:00:00Z', NULL);
INSERT INTO touchpoint (id, contact_id, date, channel, kind, direction, event, note, next_step,
    follow_up, awaiting_reply, created)
VALUES
 (1, 1, '2026-03-01', 'conference', 'met', 'out', 'AAOS 2026', NULL, NULL, NULL, 0,
  '2026-03-01T10:00:00Z'),
 (2, 1, '2026-03-04', 'email', 'thanks', 'out', NULL, 'thanked', 'send CV', '2026-04-01', 1,
  '2026-03-04T10:00:00Z');
INSERT INTO activity (id, kind, date, text, "virtual", contact_id, created)
VALUES (1, 'milestone', '2026-06-01', 'abstract accepted', 0, NULL, '2026-06-01T10:00:00Z'),
       (2, 'read', '2026-06-02', 'JBJS review', 0, 1, '2026-06-02T10:00:00Z');
INSERT INTO letter (id, contact_id, program, status, asked_on, deadline, updated, note)
VALUES (1, 1, 'HSS ortho', 'agreed', '2026-07-01', '2026-09-15', '2026-07-02', NULL);
INSERT INTO pending (id, contact_id, rule, due, reason, action)
VALUES (1, 1, 'next-step', '2026-04-01', 'you planned: send CV', 'send CV');
INSERT INTO meta ("key", value) VALUES ('pause_until', NULL);
"""


def make_v1(path: Path) -> None:
    """A schema-1 file with rows in every table."""
    conn = make_schema(path, 1)
    conn.executescript("BEGIN;" + V1_ROWS + "COMMIT;")
    conn.close()


def dump(path: Path, tables: tuple[str, ...]) -> dict[str, list[tuple[object, ...]]]:
    conn = sqlite3.connect(path)
    try:
        return {t: conn.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall() for t in tables}
    finally:
        conn.close()


def read_until_closed(fd: int) -> bytes:
    """Everything a pseudo-terminal's leader side gives until the program closes it."""
    chunks = []
    while True:
        try:
            data = os.read(fd, 4096)
        except OSError:  # the follower side closed with the process
            break
        if not data:
            break
        chunks.append(data)
    return b"".join(chunks)


def command_names() -> set[str]:
    """Every command and subcommand of ``netlog``, as typed (``config set``)."""
    import typer

    from netlog.cli import app

    names: set[str] = set()
    group = typer.main.get_command(app)
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        names.add(name)
        for sub in getattr(command, "commands", {}):
            names.add(f"{name} {sub}")
    return names
