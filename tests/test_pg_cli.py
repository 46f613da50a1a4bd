"""netlog on PostgreSQL from the command line: db copy, backup/restore, and the drills.

Real processes against the real test server (tests/pgserver.py): many
clients writing at once, a client killed mid-import, the server restarted
between two commands, a wrong password and an unreachable host.
"""

from __future__ import annotations

import concurrent.futures
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from tests.pgserver import SUPERPASS, PgDatabase, PgServer
from tests.safety_helpers import run

pytestmark = pytest.mark.postgres


def _count(pg: PgDatabase, table: str) -> int:
    return int(pg.sql(f'SELECT count(*) FROM "{table}"')[0][0])


def _pg_env(pg: PgDatabase) -> dict[str, str]:
    return {"NETLOG_DB": pg.url}


# --- db copy ---------------------------------------------------------------------------


def _undated(calendar: str) -> str:
    """A calendar export without its DTSTAMP lines (the moment of the export)."""
    return "".join(line for line in calendar.splitlines(True) if not line.startswith("DTSTAMP"))


def test_db_copy_goes_sqlite_to_postgres_to_sqlite_and_postgres_to_postgres(
    netlog: Any, tmp_path: Path, pg: PgDatabase, pg_server: PgServer
) -> None:
    netlog("demo")
    local = os.environ["NETLOG_DB"]
    before = netlog("list", "--json").json()
    due_before = netlog("due", "--json", "--within", "60").stdout
    ics_before = _undated(netlog("export", "--format", "ics").stdout)
    r = netlog("db", "copy", local, pg.url)
    assert r.exit_code == 0, r.stderr
    assert "counts checked" in r.stdout and SUPERPASS not in r.stdout
    assert netlog("--db", pg.url, "list", "--json").json() == before
    assert netlog("--db", pg.url, "due", "--json", "--within", "60").stdout == due_before
    assert _undated(netlog("--db", pg.url, "export", "--format", "ics").stdout) == ics_before
    again = tmp_path / "again.db"
    assert netlog("db", "copy", pg.url, str(again)).exit_code == 0
    assert netlog("--db", str(again), "list", "--json").json() == before
    other = pg_server.new_database()
    try:
        assert netlog("db", "copy", pg.url, other.url).exit_code == 0
        assert netlog("--db", other.url, "list", "--json").json() == before
        assert _count(other, "touchpoint") == _count(pg, "touchpoint")
    finally:
        pg_server.drop_database(other.name)


def test_names_complete_alike_from_postgres_and_sqlite(netlog: Any, pg: PgDatabase) -> None:
    from netlog.storage.completion import active_names

    netlog("demo")
    assert netlog("db", "copy", os.environ["NETLOG_DB"], pg.url).exit_code == 0
    local = Path(os.environ["NETLOG_DB"])
    for typed in ("pat", "MA", "dr", "zz"):
        assert active_names(pg.url, typed) == active_names(local, typed)
    assert active_names(pg.url, "pat")


def test_db_copy_refuses_a_destination_that_holds_a_network(netlog: Any, pg: PgDatabase) -> None:
    netlog("add", "Dr. Maya Patel", "--at", "AAOS 2026")
    assert netlog("--db", pg.url, "add", "Someone Else").exit_code == 0
    r = netlog("db", "copy", os.environ["NETLOG_DB"], pg.url)
    assert r.exit_code == 1 and "already holds a netlog network" in r.stderr
    assert SUPERPASS not in r.stderr
    assert _count(pg, "contact") == 1


def test_backup_on_postgres_is_a_local_file_restore_takes_back(
    netlog: Any, tmp_path: Path, pg: PgDatabase
) -> None:
    env = _pg_env(pg)
    netlog("add", "Dr. Maya Patel", "--at", "AAOS 2026", env=env)
    target = tmp_path / "pg-backup.db"
    r = netlog("backup", "-o", str(target), env=env)
    assert r.exit_code == 0 and str(target) in r.stdout
    assert (target.stat().st_mode & 0o777) == 0o600
    assert netlog("--db", str(target), "list", "--json").json()[0]["name"] == "Dr. Maya Patel"
    netlog("add", "José Núñez", env=env)
    r = netlog("restore", str(target), env=env)
    assert r.exit_code == 0, r.stderr
    assert [c["name"] for c in netlog("list", "--json", env=env).json()] == ["Dr. Maya Patel"]
    assert "kept at" in r.stdout
    r = netlog("doctor", env=env)
    assert r.exit_code == 0 and "No problems found." in r.stdout


def test_doctor_on_postgres_recomputes_todays_slice_and_finds_what_changed_behind_its_back(
    netlog: Any, pg: PgDatabase, monkeypatch: pytest.MonkeyPatch
) -> None:
    from netlog import doctor
    from netlog.config import Settings
    from netlog.dates import today

    netlog("demo")
    assert netlog("db", "copy", os.environ["NETLOG_DB"], pg.url).exit_code == 0
    monkeypatch.setattr(doctor, "SAMPLE", 3)  # the demo's 11 contacts: 1 in 4 a day
    turn = today().toordinal() % 4

    def follow_ups() -> list[str]:
        report = doctor.diagnose(pg.url, Settings())
        return [
            f.problem or f.check
            for f in report.findings
            if "follow-ups" in f.check + str(f.problem)
        ]

    chosen = [cid for cid in range(1, 12) if cid % 4 == turn]
    assert follow_ups() == [
        f"stored follow-ups match a fresh recompute for {len(chosen)} of 11 contacts "
        "(today's 1 in 4, and any whose last-contact day is off; "
        "netlog doctor --full checks all)"
    ]
    owed = [r[0] for r in pg.sql("SELECT DISTINCT contact_id FROM pending ORDER BY 1")]
    inside = next(cid for cid in owed if cid % 4 == turn)
    outside = next(cid for cid in range(1, 12) if cid % 4 != turn)
    pg.sql("DELETE FROM pending WHERE contact_id = %s", (inside,))
    pg.sql(
        "INSERT INTO touchpoint (contact_id, date, channel, kind, direction, awaiting_reply, "
        "created) VALUES (%s, '2026-11-22', 'email', 'update', 'out', false, '2026-11-22')",
        (outside,),
    )
    differ = "stored follow-ups differ from a fresh recompute for 2 contact(s)"
    assert follow_ups() == [
        f"{differ} of the {len(chosen) + 1} checked today (netlog doctor --full checks all 11)"
    ]
    report = doctor.diagnose(pg.url, Settings(), full=True)
    assert [f.problem for f in report.problems] == [differ]


# --- drills ----------------------------------------------------------------------------


def test_four_clients_writing_fifty_times_at_once_all_land(pg: PgDatabase) -> None:
    env = {**os.environ, "NETLOG_DB": pg.url}
    run("add", "Dr. Maya Patel", "--at", "AAOS 2026", env=env, check=True)

    def client(n: int) -> list[int]:
        codes = []
        for i in range(50):
            args = (
                ("add", f"Client{n} Person{i}")
                if i % 2 == 0
                else ("log", "maya", "--note", f"client {n} note {i}")
            )
            codes.append(run(*args, env=env).returncode)
        return codes

    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        results = list(pool.map(client, range(4)))
    assert all(code == 0 for codes in results for code in codes)
    assert _count(pg, "contact") == 1 + 4 * 25
    assert _count(pg, "touchpoint") == 1 + 4 * 25  # Maya's meeting and every log


def test_a_client_killed_mid_import_leaves_nothing_of_it(tmp_path: Path, pg: PgDatabase) -> None:
    rows = ["name,email,institution"] + [
        f"Person {i},p{i}@example.org,Uni {i % 50}" for i in range(6000)
    ]
    source = tmp_path / "big.csv"
    source.write_text("\n".join(rows) + "\n")
    env = {**os.environ, "NETLOG_DB": pg.url}
    run("add", "Dr. Maya Patel", env=env, check=True)
    proc = subprocess.Popen(
        [sys.executable, "-m", "netlog", "import", str(source)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 30
    # Wait until the import holds netlog's writer lock (it is writing), then kill it.
    while time.monotonic() < deadline:
        held = pg.sql("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted")
        if held[0][0] or proc.poll() is not None:
            break
        time.sleep(0.02)
    time.sleep(0.3)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    count = _count(pg, "contact")
    assert count in (1, 6001)  # all or nothing
    r = run("list", "--json", env=env)
    assert r.returncode == 0


def test_server_restarted_between_two_commands_then_it_works(
    netlog: Any, pg: PgDatabase, pg_server: PgServer
) -> None:
    env = _pg_env(pg)
    assert netlog("add", "Dr. Maya Patel", env=env).exit_code == 0
    pg_server.stop()
    try:
        r = netlog("list", env=env)
        assert r.exit_code == 1 and r.stderr.count("\n") == 1
        assert r.stderr.startswith("Error: ") and "Traceback" not in r.stderr
        assert SUPERPASS not in r.stderr
    finally:
        pg_server.start()
    r = netlog("list", env=env)
    assert r.exit_code == 0 and "Dr. Maya Patel" in r.stdout


@pytest.mark.parametrize("how", ["password", "host", "debug"])
def test_a_wrong_password_or_unreachable_host_is_one_line(
    pg: PgDatabase, tmp_path: Path, how: str
) -> None:
    if how == "host":
        url = f"postgresql://netlog_admin:{SUPERPASS}@/{pg.name}?host={tmp_path}&connect_timeout=2"
    else:
        url = pg.url_for("netlog_admin", "wrong-" + SUPERPASS)
    args = ("--debug", "due") if how == "debug" else ("due",)
    r = run(*args, env={**os.environ, "NETLOG_DB": url})
    assert SUPERPASS not in r.stderr + r.stdout
    if how == "debug":
        return  # a traceback is what --debug is for; the password is still not in it
    assert r.returncode == 1
    assert r.stderr.startswith("Error: ") and r.stderr.count("\n") == 1, r.stderr
    assert "Traceback" not in r.stderr


# --- undo on a schema several people share ----------------------------------------------


def _share(pg: PgDatabase, *people: str) -> dict[str, dict[str, str]]:
    """netlog's schema in ``pg``, written by each of ``people`` (a role each); their env."""
    from netlog.storage import postgres

    postgres.open_database(pg.url).close()
    envs = {}
    for person in people:
        role = f"{person}_{pg.name}"
        password = f"pw-{person}-secret"
        pg.sql(f"CREATE ROLE {role} LOGIN PASSWORD '{password}'")
        pg.sql(f"GRANT ALL ON ALL TABLES IN SCHEMA public TO {role}")
        envs[person] = {"NETLOG_DB": pg.url_for(role, password)}
    return envs


def test_undo_on_a_shared_schema_reverts_your_own_last_change_not_the_newest(
    netlog: Any, pg: PgDatabase
) -> None:
    env = _share(pg, "alice", "bob")
    alice, bob = env["alice"], env["bob"]
    assert netlog("add", "Dr. Maya Patel", "--at", "AAOS 2026", env=alice).exit_code == 0
    assert netlog("add", "Dr. Omar Haddad", env=bob).exit_code == 0

    listed = netlog("undo", "--list", env=alice)
    assert "Dr. Maya Patel" in listed.stdout and "Omar" not in listed.stdout
    assert (
        f"1 change(s) by other users of this database; undo reverts only yours (alice_{pg.name})"
        in (" ".join(listed.stdout.split()))
    )

    r = netlog("undo", env=alice)
    assert r.exit_code == 0, r.stderr
    assert r.stdout.startswith("Undid add") and "Dr. Maya Patel" in r.stdout
    names = [c["name"] for c in netlog("list", "--json", env=bob).json()]
    assert names == ["Dr. Omar Haddad"]
    # Nothing of Alice's left to undo: Bob's change is not hers to take back.
    r = netlog("undo", env=alice)
    assert r.exit_code == 1 and "nothing to undo" in r.stderr
    assert [c["name"] for c in netlog("list", "--json", env=bob).json()] == ["Dr. Omar Haddad"]
    # Clearing the change log forgets only your own changes.
    netlog("add", "Dr. Grace Lee", env=alice)
    assert netlog("undo", "--clear", env=bob).stdout.startswith("Forgot 1 recorded change(s)")
    assert "Dr. Grace Lee" in netlog("undo", "--list", env=alice).stdout


def test_undo_refuses_in_one_line_when_someone_else_since_touched_the_same_rows(
    netlog: Any, pg: PgDatabase
) -> None:
    env = _share(pg, "alice", "bob")
    alice, bob = env["alice"], env["bob"]
    netlog("add", "Dr. Omar Haddad", env=bob)
    assert netlog("edit", "omar", "--institution", "Cleveland Clinic", env=alice).exit_code == 0
    assert netlog("edit", "omar", "--role", "fellow", env=bob).exit_code == 0

    r = netlog("undo", env=alice)
    assert r.exit_code == 1 and r.stderr.count("\n") == 1, r.stderr
    assert r.stderr.startswith("Error: cannot undo your last change, edit (")
    assert f"a later change by bob_{pg.name} (edit," in r.stderr
    assert "touched the same rows. Nothing was undone" in r.stderr
    assert "pw-" not in r.stderr + r.stdout and SUPERPASS not in r.stderr
    [omar] = netlog("list", "--json", env=alice).json()
    assert (omar["institution"], omar["role"]) == ("Cleveland Clinic", "fellow")

    # A contact Alice added that Bob has since written to would take his log with it.
    netlog("add", "Dr. Maya Patel", "--at", "AAOS 2026", env=alice)
    netlog("log", "maya", "--kind", "thanks", env=bob)
    r = netlog("undo", env=alice)
    assert r.exit_code == 1 and "cannot undo your last change, add (" in r.stderr
    assert f"by bob_{pg.name} (log," in r.stderr
    assert _count(pg, "touchpoint") == 2

    # Once Bob takes his log back, Alice's add can go.
    assert netlog("undo", env=bob).stdout.startswith("Undid log")
    r = netlog("undo", env=alice)
    assert r.exit_code == 0 and "Dr. Maya Patel" in r.stdout
    assert [c["name"] for c in netlog("list", "--json", env=bob).json()] == ["Dr. Omar Haddad"]


def test_undo_refuses_your_change_when_someone_else_restored_a_backup_since(
    netlog: Any, pg: PgDatabase, tmp_path: Path
) -> None:
    env = _share(pg, "alice", "bob")
    alice, bob = env["alice"], env["bob"]
    netlog("add", "Dr. Maya Patel", "--at", "AAOS 2026", env=alice)
    saved = tmp_path / "shared.db"
    assert netlog("backup", "-o", str(saved), env=bob).exit_code == 0
    assert netlog("restore", str(saved), env=bob).exit_code == 0

    r = netlog("undo", env=alice)
    assert r.exit_code == 1 and r.stderr.count("\n") == 1, r.stderr
    assert "cannot undo your last change, add (" in r.stderr
    assert f"bob_{pg.name} restored a backup since" in r.stderr
    assert [c["name"] for c in netlog("list", "--json", env=alice).json()] == ["Dr. Maya Patel"]
