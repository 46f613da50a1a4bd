"""Mistakes and ordinary shell use get their own one-line answer, never "run doctor".

Real processes against real files: a number too large for the database, a
date at the end of the calendar, bytes that are not UTF-8, and a reader that
closes the pipe early (``netlog export | head -1``).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.safety_helpers import run

UNEXPECTED = "unexpected problem"


def test_a_contact_id_too_large_for_the_database_is_simply_not_found(tmp_path: Path) -> None:
    db = tmp_path / "n.db"
    run("add", "Dr. Lee", db=db, check=True)
    result = run("show", "99999999999999999999", db=db)
    assert result.returncode == 1
    assert result.stderr == "Error: no contact has the id 99999999999999999999; see 'netlog list'\n"


def test_a_letter_id_too_large_is_simply_not_found(tmp_path: Path) -> None:
    result = run("letters", "set", "99999999999999999999", "submitted", db=tmp_path / "n.db")
    assert result.returncode == 1
    assert "no letter with id 99999999999999999999" in result.stderr


def test_due_within_a_huge_number_of_days_says_what_it_takes(tmp_path: Path) -> None:
    result = run("due", "--within", "9223372036854775808", db=tmp_path / "n.db")
    assert result.returncode == 1
    assert result.stderr == ("Error: invalid --within 9223372036854775808: give 0 to 36500 days\n")


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01"])
def test_netlog_today_at_the_end_of_the_calendar_is_refused_clearly(
    tmp_path: Path, day: str
) -> None:
    result = run("due", db=tmp_path / "n.db", env={"NETLOG_TODAY": day})
    assert result.returncode == 1
    assert result.stderr.startswith(f"Error: NETLOG_TODAY: invalid date '{day}': out of range")
    assert UNEXPECTED not in result.stderr


@pytest.mark.parametrize("value", ["Dec 31 9999", "in 99999999999999999999w", "9999-12-31"])
def test_a_date_option_far_in_the_future_is_refused_clearly(tmp_path: Path, value: str) -> None:
    db = tmp_path / "n.db"
    run("add", "Dr. Lee", db=db, check=True)
    result = run("snooze", "lee", "--until", value, db=db)
    assert result.returncode == 1
    assert result.stderr.startswith(f"Error: --until: invalid date '{value}': out of range")


def _netlog_bytes(args: list[bytes], db: Path) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "NETLOG_DB": str(db)}
    return subprocess.run(
        [sys.executable.encode(), b"-m", b"netlog", *args],
        capture_output=True,
        env=env,
        timeout=60,
    )


@pytest.mark.parametrize(
    ("args", "where"),
    [
        ([b"add", b"Dr. \xff"], "argument 2"),
        ([b"show", b"\xffpatel"], "argument 2"),
        ([b"log", b"lee", b"--note", b"caf\xe9"], "the value after --note"),
        ([b"log", b"lee", b"--note=caf\xe9"], "the value of --note"),
        ([b"list", b"--search", b"\xff"], "the value after --search"),
    ],
)
def test_an_argument_that_is_not_utf8_is_named_and_refused(
    tmp_path: Path, args: list[bytes], where: str
) -> None:
    db = tmp_path / "n.db"
    run("add", "Dr. Lee", db=db, check=True)
    result = _netlog_bytes(args, db)
    assert result.returncode == 1
    err = result.stderr.decode()
    assert err.startswith(f"Error: {where} is not valid UTF-8 text"), err
    assert err.count("\n") == 1 and UNEXPECTED not in err
    assert run("list", "--json", db=db, check=True).stdout.count('"name"') == 1


@pytest.fixture(scope="module")
def big_network(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """2,000 contacts: far more output than a pipe holds (64 KiB)."""
    folder = tmp_path_factory.mktemp("big")
    rows = "".join(
        f"Dr. Person {i},p{i}@example.org,a note long enough to fill a line {i}\n"
        for i in range(2000)
    )
    (folder / "people.csv").write_text("name,email,notes\n" + rows)
    db = folder / "netlog.db"
    run("import", str(folder / "people.csv"), db=db, check=True)
    return db


@pytest.mark.parametrize(
    "args",
    [["export"], ["export", "--format", "json"], ["list"], ["list", "--json"], ["--help"]],
)
def test_a_reader_that_closes_the_pipe_early_ends_netlog_quietly(
    big_network: Path, args: list[str]
) -> None:
    env = {**os.environ, "NETLOG_DB": str(big_network)}
    for _ in range(3):
        proc = subprocess.Popen(
            [sys.executable, "-m", "netlog", *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
        )
        assert proc.stdout is not None and proc.stderr is not None
        proc.stdout.readline()  # `| head -1`
        proc.stdout.close()
        err = proc.stderr.read().decode()
        code = proc.wait(timeout=60)
        assert err == ""
        assert code in (0, 141)


# --- messages quote only what the user typed -------------------------------------


def test_an_email_someone_else_has_names_them_by_id_not_by_name(tmp_path: Path) -> None:
    db = tmp_path / "n.db"
    run("add", "Dr. Confidential Source", "--email", "shared@example.org", db=db, check=True)
    before = run("list", "--json", db=db, check=True).stdout
    result = run("add", "Dr. Lee", "--email", "shared@example.org", db=db)
    assert result.returncode == 1
    assert result.stderr.startswith(
        "Error: another contact (#1) already has the email shared@example.org;"
    )
    assert "Confidential" not in result.stderr
    edited = run("add", "Dr. Kim", db=db, check=True)
    assert edited.returncode == 0
    result = run("edit", "kim", "--email", "SHARED@example.org", db=db)
    assert result.returncode == 1 and "(#1)" in result.stderr
    assert "Confidential" not in result.stderr
    assert json_names(run("list", "--json", db=db, check=True).stdout) == [
        *json_names(before),
        "Dr. Kim",
    ]


def test_an_email_clash_with_the_very_name_typed_may_name_them(tmp_path: Path) -> None:
    db = tmp_path / "n.db"
    run("add", "Dr. Lee", "--email", "lee@example.org", db=db, check=True)
    result = run("add", "dr. lee", "--email", "lee@example.org", db=db)
    assert result.returncode == 1
    assert "another contact (Dr. Lee, #1) already has the email" in result.stderr


def json_names(text: str) -> list[str]:
    import json

    return [c["name"] for c in json.loads(text)]


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["rm", "secr"], "not deleting contact #1 ('secr') without confirmation; add --yes"),
        (["draft", "secr", "--mailto"], "contact #1 ('secr') has no email address"),
    ],
)
def test_an_error_about_a_contact_names_what_was_typed_not_their_full_name(
    tmp_path: Path, args: list[str], expected: str
) -> None:
    db = tmp_path / "n.db"
    run("add", "Dr. Secret Whole Name", "--met", "2026-11-01", db=db, check=True)
    result = run(*args, db=db, stdin="")
    assert result.returncode == 1
    assert expected in result.stderr
    assert "Whole Name" not in result.stderr


def test_a_file_name_that_is_not_utf8_is_still_a_file_name(tmp_path: Path) -> None:
    folder = os.fsencode(tmp_path)
    db = folder + b"/caf\xe9.db"
    env = {**os.environ}
    env.pop("NETLOG_DB", None)
    for args in ([b"--db", db, b"add", b"Dr. Lee"], [b"--db", db, b"export", b"-o", db + b".csv"]):
        result = subprocess.run(
            [sys.executable.encode(), b"-m", b"netlog", *args], capture_output=True, env=env
        )
        assert result.returncode == 0, result.stderr
    assert os.path.exists(db + b".csv")
