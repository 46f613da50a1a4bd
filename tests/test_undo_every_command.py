"""Every command that writes can be undone, and undo never reaches past one.

Each case runs a command that writes on a copy of the demo network (real
processes against a real file), then ``netlog undo``, and checks that the
database is exactly as it was before the command: every row of every table a
user's data lives in, the pause, and the follow-ups owed.
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from tests.safety_helpers import run

# Rows that must come back exactly; pending is compared without its ids
# (follow-ups are recomputed, so a row may come back under a new id).
EXACT = ("contact", "touchpoint", "activity", "letter", "meta")


def state(path: Path) -> dict[str, list[tuple[object, ...]]]:
    conn = sqlite3.connect(path)
    try:
        out = {t: conn.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall() for t in EXACT}
        out["pending"] = conn.execute(
            "SELECT contact_id, rule, due, reason, action FROM pending ORDER BY 1, 2, 3"
        ).fetchall()
        return out
    finally:
        conn.close()


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "netlog.db"
    run("demo", db=path, check=True, env={"NETLOG_TODAY": "2026-11-05"})
    return path


WRITING_COMMANDS: dict[str, list[str]] = {
    "add": ["add", "Dr. New Person", "--at", "AAOS 2026", "--email", "new@example.org"],
    "log": ["log", "patel", "--kind", "thanks", "--via", "email", "--awaiting-reply"],
    "edit": ["edit", "patel", "--name", "Dr. Maya P.", "--core", "--every", "30"],
    "read": ["read", "A paper on ACL grafts", "--for", "patel"],
    "attend": ["attend", "Grand rounds"],
    "milestone": ["milestone", "Abstract accepted"],
    "snooze": ["snooze", "patel", "--until", "in 2w"],
    "archive": ["archive", "patel"],
    "rm": ["rm", "patel", "--yes"],
    "pause": ["pause", "--until", "in 3w"],
    "letters ask": ["letters", "ask", "patel", "--for", "Ortho match 2027"],
    "letters set": ["letters", "set", "1", "submitted"],
    "export": ["export", "-o", "{tmp}/out.csv"],
    "import": ["import", "{tmp}/people.csv"],
}


@pytest.mark.parametrize("name", list(WRITING_COMMANDS))
def test_a_command_then_undo_puts_the_database_back_exactly(
    name: str, demo_file: Path, tmp_path: Path
) -> None:
    path = tmp_path / "netlog.db"
    shutil.copy(demo_file, path)
    (tmp_path / "people.csv").write_text("name,email\nDr. Imported,imp@example.org\n")
    env = {"NETLOG_TODAY": "2026-11-05"}
    before = state(path)
    args = [a.replace("{tmp}", str(tmp_path)) for a in WRITING_COMMANDS[name]]
    run(*args, db=path, check=True, env=env)
    assert state(path) != before, f"{name} changed nothing: the case tests nothing"
    undone = run("undo", db=path, check=True, env=env)
    assert undone.stdout.startswith(f"Undid {name.split()[0]} "), undone.stdout
    assert state(path) == before


def test_undo_after_a_pause_reverts_the_pause_not_the_contact_added_before_it(
    tmp_path: Path,
) -> None:
    path = tmp_path / "netlog.db"
    run("add", "Dr. Kept", db=path, check=True)
    run("pause", "--until", "in 2w", db=path, check=True)
    result = run("undo", db=path, check=True)
    assert "paused follow-ups until" in result.stdout
    assert "Dr. Kept" in run("list", db=path, check=True).stdout
    assert "Paused" not in run("due", db=path, check=True).stdout


def test_undo_after_resume_brings_the_pause_back(tmp_path: Path) -> None:
    path = tmp_path / "netlog.db"
    env = {"NETLOG_TODAY": "2026-11-05"}
    run("add", "Dr. Kept", db=path, check=True, env=env)
    run("pause", "--until", "2026-11-30", db=path, check=True, env=env)
    run("resume", db=path, check=True, env=env)
    assert "Paused" not in run("due", db=path, check=True, env=env).stdout
    assert "ended the pause" in run("undo", db=path, check=True, env=env).stdout
    assert "Paused until 2026-11-30" in run("due", db=path, check=True, env=env).stdout
    run("undo", db=path, check=True, env=env)
    assert "Paused" not in run("due", db=path, check=True, env=env).stdout
    assert "Dr. Kept" in run("list", db=path, check=True, env=env).stdout
