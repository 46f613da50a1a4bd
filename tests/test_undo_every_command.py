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

from tests.safety_helpers import command_names, run

# Rows that must come back exactly; pending is compared without its ids
# (follow-ups are recomputed, so a row may come back under a new id).
EXACT = ("contact", "touchpoint", "activity", "letter", "meta", "skip")


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


# Commands that need something before them, run (and not undone) first.
SETUP: dict[str, list[list[str]]] = {
    "resume": [["pause", "--until", "in 3w"]],
    "archive --undo": [["archive", "patel"]],
    "done": [["log", "patel", "--kind", "meeting", "--next", "send the CV", "--due", "in 3d"]],
}
STDIN: dict[str, str] = {
    "add --at": "Dr. One | HSS | knee registry\nDr. Two | MGH\n\n",
}

WRITING_COMMANDS: dict[str, list[str]] = {
    "add": ["add", "Dr. New Person", "--at", "AAOS 2026", "--email", "new@example.org"],
    "log": ["log", "patel", "--kind", "thanks", "--via", "email", "--awaiting-reply"],
    "add --at": ["add", "--at", "AAOS 2026"],
    "edit": ["edit", "patel", "--name", "Dr. Maya P.", "--core", "--every", "30"],
    "edit --at": ["edit", "patel", "--at", "Grand rounds"],
    "read": ["read", "A paper on ACL grafts", "--for", "patel"],
    "attend": ["attend", "Grand rounds"],
    "milestone": ["milestone", "Abstract accepted"],
    "snooze": ["snooze", "patel", "--until", "in 2w"],
    "archive": ["archive", "patel"],
    "rm": ["rm", "patel", "--yes"],
    "pause": ["pause", "--until", "in 3w"],
    "resume": ["resume"],
    "archive --undo": ["archive", "patel", "--undo"],
    "letters ask": ["letters", "ask", "patel", "--for", "Ortho match 2027"],
    "letters set": ["letters", "set", "1", "submitted"],
    "export": ["export", "-o", "{tmp}/out.csv"],
    "import": ["import", "{tmp}/people.csv"],
    "done": ["done", "patel"],
    "fix": ["fix", "patel", "16", "--kind", "share", "--date", "2026-08-03"],
    "fix --rm": ["fix", "patel", "16", "--rm", "--yes"],
    "skip": ["skip", "patel", "--reason", "we meet on Monday anyway"],
    "skip RULE": ["skip", "berg", "keep-warm", "--reason", "he retired"],
}


@pytest.mark.parametrize("name", list(WRITING_COMMANDS))
def test_a_command_then_undo_puts_the_database_back_exactly(
    name: str, demo_file: Path, tmp_path: Path
) -> None:
    path = tmp_path / "netlog.db"
    shutil.copy(demo_file, path)
    (tmp_path / "people.csv").write_text("name,email\nDr. Imported,imp@example.org\n")
    env = {"NETLOG_TODAY": "2026-11-05"}
    for step in SETUP.get(name, []):
        run(*step, db=path, check=True, env=env)
    before = state(path)
    args = [a.replace("{tmp}", str(tmp_path)) for a in WRITING_COMMANDS[name]]
    run(*args, db=path, check=True, env=env, stdin=STDIN.get(name))
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


# Commands that change nothing in the database, run the same way.
READING_COMMANDS: dict[str, list[str]] = {
    "due": ["due"],
    "draft": ["draft", "patel"],
    "week": ["week"],
    "team": ["team"],
    "prep": ["prep", "AAOS 2027"],
    "letters": ["letters"],
    "list": ["list"],
    "show": ["show", "patel"],
    "stats": ["stats", "--svg", "{tmp}/network.svg"],
    "backup": ["backup", "-o", "{tmp}/copy.db"],
    "doctor": ["doctor"],
    "undo --list": ["undo", "--list"],
    "config": ["config"],
    "config get": ["config", "get", "profile"],
}
# Tested on their own: config set/unset (tests/test_config_set.py), demo
# (tests/test_activity.py), restore (below), undo itself, and remind, which writes
# no database, only a timer of its own (tests/test_search_remind.py).
ELSEWHERE = {"config set", "config unset", "db", "db copy", "demo", "restore", "undo", "remind"}


def test_every_command_is_known_to_write_or_not() -> None:
    """A new command must join one of the lists above (and so be checked)."""
    first_words = {
        n.split(" --")[0].removesuffix(" RULE") for n in [*WRITING_COMMANDS, *READING_COMMANDS]
    }
    assert command_names() <= first_words | ELSEWHERE


@pytest.mark.parametrize("name", list(READING_COMMANDS))
def test_a_command_that_only_reads_changes_nothing_and_records_nothing(
    name: str, demo_file: Path, tmp_path: Path
) -> None:
    path = tmp_path / "netlog.db"
    shutil.copy(demo_file, path)
    env = {"NETLOG_TODAY": "2026-11-05", "NETLOG_CONFIG": str(tmp_path / "config.toml")}
    before = state(path)
    log_before = run("undo", "--list", db=path, check=True, env=env).stdout
    args = [a.replace("{tmp}", str(tmp_path)) for a in READING_COMMANDS[name]]
    run(*args, db=path, check=True, env=env)
    assert state(path) == before
    assert run("undo", "--list", db=path, check=True, env=env).stdout == log_before


def test_undo_after_a_restore_refuses_and_names_it_instead_of_reaching_past_it(
    tmp_path: Path,
) -> None:
    path = tmp_path / "netlog.db"
    run("add", "Dr. Before Backup", db=path, check=True)
    run("backup", "-o", str(tmp_path / "copy.db"), db=path, check=True)
    run("add", "Dr. After Backup", db=path, check=True)
    restored = run("restore", str(tmp_path / "copy.db"), db=path, check=True)
    kept = restored.stdout.split("kept at ")[1].strip()
    before = state(path)
    refused = run("undo", db=path)
    assert refused.returncode == 1
    assert "the newest change, restore (" in refused.stderr
    assert f"netlog restore {kept}" in refused.stderr
    assert state(path) == before  # nothing was undone
    # Told so, the user may go on with the changes from before the restore.
    assert "Dr. Before Backup" in run("undo", db=path, check=True).stdout
