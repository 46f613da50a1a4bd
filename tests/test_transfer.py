"""Data in and out: the monthly spreadsheet, LinkedIn, address books, calendars."""

from __future__ import annotations

import csv
import io
import json
import os
import sqlite3
import stat
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import fields
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from netlog.cli import app
from netlog.interop.csvio import CONTACT_COLUMNS
from netlog.interop.records import ContactRecord, TouchpointRecord

FIXTURES = Path(__file__).parent / "fixtures"
TODAY = "2026-11-23"

Run = Callable[..., Result]


@pytest.fixture
def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Run:
    """``run(*args, db="other")`` runs netlog on one of several databases in tmp_path."""
    monkeypatch.setenv("NETLOG_CONFIG", str(tmp_path / "config.toml"))
    monkeypatch.setenv("NETLOG_TODAY", TODAY)
    monkeypatch.delenv("NO_COLOR", raising=False)
    runner = CliRunner()

    def invoke(
        *args: str, db: str = "main", today: str | None = None, input: str | None = None
    ) -> Result:
        monkeypatch.setenv("NETLOG_DB", str(tmp_path / f"{db}.db"))
        monkeypatch.setenv("NETLOG_TODAY", today or TODAY)
        return runner.invoke(app, list(args), input=input)

    return invoke


def ok(result: Result) -> Result:
    assert result.exit_code == 0, (result.stdout, result.stderr)
    return result


def rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


def count(tmp_path: Path, db: str, sql: str) -> int:
    conn = sqlite3.connect(tmp_path / f"{db}.db")
    try:
        return int(conn.execute(sql).fetchone()[0])
    finally:
        conn.close()


def network(run: Run) -> None:
    """A small network with every kind of value the spreadsheet must carry."""
    ok(
        run(
            "add",
            "Dr. Elena Petrova",
            "--role",
            "attending",
            "--institution",
            "Brigham and Women's Hospital",
            "--specialty",
            "orthopedic surgery / hand",
            "--email",
            "elena.petrova@example.org",
            "--phone",
            "+1 617 555 0100",
            "--linkedin",
            "https://www.linkedin.com/in/elena-petrova",
            "--x",
            "@epetrova",
            "--how-met",
            "AAOS 2026, poster session",
            "--type",
            "mentor:research",
            "--type",
            "sponsor",
            "--tier",
            "society",
            "--tag",
            "ortho",
            "--core",
            "--every",
            "60",
            "--met",
            "2026-03-12",
            "--note",
            "=cmd|' /C calc'!A0",
        )
    )
    ok(run("log", "petrova", "--date", "2026-03-15", "--next", "send abstract draft"))
    ok(run("log", "petrova", "--date", "2026-04-02", "--incoming", "--note", "liked the draft"))
    ok(run("add", "أحمد الخطيب", "--institution", "مستشفى الملك فيصل", "--at", "ACS 2026"))
    ok(run("add", "अनन्या शर्मा", "--institution", "AIIMS दिल्ली", "--type", "peer"))
    ok(run("add", "王小明", "--institution", "北京协和医院", "--tag", "心胸外科"))
    ok(run("archive", "王小明"))
    ok(run("add", "Zoë Ångström 🦴", "--how-met", "-- hallway chat --", "--every", "120"))


# --- the spreadsheet ----------------------------------------------------------


def test_the_monthly_spreadsheet_survives_a_trip_through_an_empty_database(
    run: Run, tmp_path: Path
) -> None:
    network(run)
    first = ok(run("export")).stdout
    table = rows(first)
    assert tuple(table[0][:5]) == ("name", "institution", "how_met", "last_contact", "next_step")
    assert tuple(table[0]) == CONTACT_COLUMNS
    elena = next(r for r in table if r[0] == "Dr. Elena Petrova")
    assert elena[3:5] == ["2026-04-02", "send abstract draft"]
    # Cells a spreadsheet would run are neutralised; the phone keeps its digits.
    assert elena[CONTACT_COLUMNS.index("phone")] == "'+1 617 555 0100"
    assert elena[CONTACT_COLUMNS.index("notes")] == "'=cmd|' /C calc'!A0"

    path = tmp_path / "network.csv"
    path.write_text(first, encoding="utf-8", newline="")
    report = ok(run("import", str(path), db="fresh")).stdout
    assert "5 added, 0 updated, 0 unchanged" in report
    assert ok(run("export", db="fresh")).stdout == first

    # The stored values are the originals, not the neutralised cells.
    shown = json.loads(ok(run("show", "petrova", "--json", db="fresh")).stdout)
    assert shown["phone"] == "+1 617 555 0100"
    assert shown["notes"] == "=cmd|' /C calc'!A0"
    assert shown["types"] == ["mentor:research", "sponsor"]


def test_importing_the_same_spreadsheet_twice_adds_nobody_and_no_touchpoint(
    run: Run, tmp_path: Path
) -> None:
    network(run)
    path = tmp_path / "network.csv"
    ok(run("export", "-o", str(path)))
    ok(run("import", str(path), db="fresh"))
    touchpoints = count(tmp_path, "fresh", "SELECT count(*) FROM touchpoint")
    again = ok(run("import", str(path), db="fresh")).stdout
    assert "0 added, 0 updated, 5 unchanged" in again
    assert count(tmp_path, "fresh", "SELECT count(*) FROM contact") == 5
    assert count(tmp_path, "fresh", "SELECT count(*) FROM touchpoint") == touchpoints
    # Nor into the database it came from: each last contact is already in the log.
    before = count(tmp_path, "main", "SELECT count(*) FROM touchpoint")
    assert "0 added" in ok(run("import", str(path))).stdout
    assert count(tmp_path, "main", "SELECT count(*) FROM touchpoint") == before
    assert ok(run("export", db="fresh")).stdout == path.read_text(encoding="utf-8")


def test_a_dry_run_counts_and_writes_nothing(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_text(
        "name,email,institution\n"
        "Dr. Maya Patel,maya@example.org,MGH\n"
        ",,closed account\n"
        "Kwame Mensah,,Grady\n",
        encoding="utf-8",
    )
    ok(run("add", "Dr. Maya Patel", "--institution", "Mass General"))
    out = ok(run("import", str(path), "--dry-run")).stdout
    assert "would add 1, update 1, leave 0 unchanged; skip 1 row without a name" in out
    assert "Nothing was written." in out
    listed = json.loads(ok(run("list", "--json")).stdout)
    assert [(c["name"], c["institution"]) for c in listed] == [("Dr. Maya Patel", "Mass General")]


@pytest.mark.parametrize(
    ("bad_line", "message"),
    [
        ("Rosa Diaz,rosa@example.org,2026-01-05,stray", "4 cells but the header names 3"),
        ('"Rosa Diaz,rosa@example.org,2026-01-05', "not valid CSV"),
    ],
)
def test_a_row_that_breaks_the_file_stops_the_whole_import_and_names_its_line(
    run: Run, tmp_path: Path, bad_line: str, message: str
) -> None:
    path = tmp_path / "people.csv"
    path.write_text(
        "name,email,last_contact\n"
        "Dr. Maya Patel,maya@example.org,2026-01-02\n"
        "Kwame Mensah,,2026-01-03\n"
        f"{bad_line}\n",
        encoding="utf-8",
    )
    result = run("import", str(path))
    assert result.exit_code == 1
    assert "line 4" in result.stderr and message in result.stderr
    assert "Traceback" not in result.output
    assert count(tmp_path, "main", "SELECT count(*) FROM contact") == 0


def test_unusable_emails_and_dates_are_left_out_counted_and_the_rows_come_in(
    run: Run, tmp_path: Path
) -> None:
    path = tmp_path / "people.csv"
    path.write_text(
        "name,email,last_contact\n"
        "Dr. Maya Patel,maya@example.org,2026-01-02\n"
        "Kwame Mensah,Confided: going through a divorce,2026-01-03\n"
        "Rosa Diaz,rosa@@example,someday\n",
        encoding="utf-8",
    )
    result = ok(run("import", str(path)))
    assert "3 added" in result.stdout
    assert "2 emails were not addresses and were left out." in result.stdout
    assert "1 date was in a form netlog cannot read and was left out." in result.stdout
    assert "Confided" not in result.output
    listed = {c["name"]: c["email"] for c in json.loads(ok(run("list", "--json")).stdout)}
    assert listed == {"Dr. Maya Patel": "maya@example.org", "Kwame Mensah": None, "Rosa Diaz": None}


def test_a_file_without_a_name_column_is_refused(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_text("who,email\nMaya,maya@example.org\n", encoding="utf-8")
    result = run("import", str(path))
    assert result.exit_code == 1
    assert "no 'name' column" in result.stderr
    result = run("import", str(path), "--format", "csv")
    assert result.exit_code == 1 and "no 'name' column" in result.stderr


def test_a_file_saved_in_a_legacy_encoding_is_refused_clearly(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "latin1.csv"
    path.write_bytes("name,institution\nJosé Núñez,HSS\n".encode("latin-1"))
    result = run("import", str(path))
    assert result.exit_code == 1
    assert "not UTF-8" in result.stderr and "CSV UTF-8" in result.stderr


def test_people_are_matched_by_link_then_email_then_name_and_updated(
    run: Run, tmp_path: Path
) -> None:
    ok(run("add", "Dr. Maya Patel", "--email", "maya@example.org", "--tag", "ortho"))
    ok(run("add", "Kwame Mensah", "--linkedin", "https://www.linkedin.com/in/kwame-m"))
    ok(run("add", "Sam Lee", "--email", "sam.lee@example.org"))
    path = tmp_path / "people.csv"
    path.write_text(
        "name,email,linkedin,institution,tags\n"
        "Maya Patel,MAYA@example.org,,Mass General,research\n"
        "Kwame Mensah MD,,linkedin.com/in/Kwame-M/,Grady,\n"
        "sam lee,other.sam@example.org,,Stanford,\n"  # same name, another address
        "Zoë Ångström,,,Karolinska,\n"
        "zoe angstrom,,,,peer-group\n",  # a repeat within the file
        encoding="utf-8",
    )
    out = ok(run("import", str(path))).stdout
    assert "2 added, 2 updated, 0 unchanged" in out
    assert "Maya Patel (#1, matched by email)" in out
    assert "(#2, matched by LinkedIn URL)" in out
    assert "line 6 into line 5" in out
    people = {c["name"]: c for c in json.loads(ok(run("list", "--json")).stdout)}
    assert sorted(people) == ["Kwame Mensah MD", "Maya Patel", "Sam Lee", "Zoë Ångström", "sam lee"]
    assert people["Maya Patel"]["institution"] == "Mass General"
    assert people["Maya Patel"]["tags"] == ["ortho", "research"]
    assert people["Zoë Ångström"]["tags"] == ["peer-group"]
    assert people["Sam Lee"]["institution"] is None


def test_an_address_that_belongs_to_someone_else_stops_the_import(run: Run, tmp_path: Path) -> None:
    ok(run("add", "Dr. Maya Patel", "--email", "maya@example.org"))
    ok(run("add", "Kwame Mensah", "--linkedin", "https://www.linkedin.com/in/kwame-m"))
    path = tmp_path / "people.csv"
    path.write_text(
        "name,email,linkedin\nKwame Mensah,maya@example.org,https://linkedin.com/in/kwame-m\n",
        encoding="utf-8",
    )
    result = run("import", str(path))
    assert result.exit_code == 1
    assert "line 2" in result.stderr and "already belongs to #1" in result.stderr
    # Neither the address nor the other person's name: the user did not type them.
    assert "maya@" not in result.stderr and "Maya" not in result.stderr


# --- LinkedIn ---------------------------------------------------------------------


def test_a_linkedin_download_brings_people_in_without_a_flood_of_follow_ups(
    run: Run, tmp_path: Path
) -> None:
    fixture = FIXTURES / "linkedin_connections_current.csv"
    out = ok(run("import", str(fixture))).stdout
    assert "(linkedin): 5 added" in out
    assert "skipped 1 row without a name (closed accounts)" in out
    assert json.loads(ok(run("due", "--json")).stdout) == []
    assert count(tmp_path, "main", "SELECT count(*) FROM touchpoint") == 0

    people = {c["name"]: c for c in json.loads(ok(run("list", "--json")).stdout)}
    assert people["Priya Raman"]["how_met"] == "LinkedIn, connected 2024-10-09"
    assert people["José Núñez 🦴"]["institution"] == "Hospital for Special Surgery"
    # Weak ties from an import are dormant until you first write to them: six
    # months later they do not all fall due on one morning.
    later = json.loads(ok(run("due", "--json", today="2027-05-22")).stdout)
    assert later == []
    # The formula in one Position is stored as typed and neutralised on export.
    exported = ok(run("export")).stdout
    assert "'=HYPERLINK" in exported
    assert "(linkedin): 0 added, 0 updated, 5 unchanged" in ok(run("import", str(fixture))).stdout


def test_a_linkedin_connection_already_in_netlog_is_updated_not_duplicated(
    run: Run, tmp_path: Path
) -> None:
    ok(run("add", "Dr. Priya Raman", "--how-met", "Sub-I at MGH", "--met", "2024-08-01"))
    ok(run("add", "Michael Okafor", "--email", "m.okafor@example.com"))
    ok(run("import", str(FIXTURES / "linkedin_connections_current.csv")))
    out = ok(run("import", str(FIXTURES / "linkedin_connections_old.csv"))).stdout
    assert "1 added, 1 updated" in out
    ok(run("edit", "Dr. Priya Raman", "--linkedin", "https://www.linkedin.com/in/priya-raman-md"))
    again = ok(run("import", str(FIXTURES / "linkedin_connections_current.csv"))).stdout
    assert "0 added" in again
    okafor = json.loads(ok(run("show", "Okafor", "--json")).stdout)
    assert okafor["institution"] == "Johns Hopkins Hospital"
    assert okafor["how_met"] == "LinkedIn, connected 2018-01-08"
    names = [c["name"] for c in json.loads(ok(run("list", "--json")).stdout)]
    assert names.count("Michael Okafor") == 1


# --- vCard, ICS, JSON -----------------------------------------------------------


def test_an_address_book_round_trip_keeps_every_field(run: Run, tmp_path: Path) -> None:
    network(run)
    cards = tmp_path / "network.vcf"
    ok(run("export", "--format", "vcard", "-o", str(cards)))
    data = cards.read_bytes()
    assert data.count(b"BEGIN:VCARD") == 5
    assert b"\r\n" in data and b"\n" not in data.replace(b"\r\n", b"")
    assert "5 added" in ok(run("import", str(cards), db="fresh")).stdout
    assert ok(run("export", db="fresh")).stdout == ok(run("export")).stdout
    assert "0 added" in ok(run("import", str(cards), db="fresh")).stdout


def test_google_contacts_import_into_netlog(run: Run) -> None:
    out = ok(run("import", str(FIXTURES / "google_contacts.vcf"))).stdout
    assert "(vcard)" in out and "added" in out


def _uids(ics: str) -> list[str]:
    return [line[4:] for line in ics.replace("\r\n ", "").splitlines() if line.startswith("UID:")]


def test_the_calendar_has_one_to_do_per_follow_up_with_stable_ids(run: Run, tmp_path: Path) -> None:
    network(run)
    first = ok(run("export", "--format", "ics")).stdout_bytes.decode()
    second = ok(run("export", "--format", "ics")).stdout_bytes.decode()
    pending = count(
        tmp_path,
        "main",
        # Items shown today: not what a first-meeting follow-up gives way to later.
        "SELECT count(*) FROM pending p JOIN contact c ON c.id = p.contact_id WHERE c.archived = 0"
        " AND (p.starts IS NULL OR p.starts <= '2026-11-23')"
        " AND (p.ends IS NULL OR p.ends > '2026-11-23')",
    )
    assert pending >= 4
    assert first.count("BEGIN:VTODO") == pending
    assert _uids(first) == _uids(second)
    assert len(set(_uids(first))) == pending
    assert "\r\n" in first
    # Logging the follow-up removes its to-do from the next export.
    ok(run("log", "الخطيب", "--kind", "thanks"))
    third = ok(run("export", "--format", "ics")).stdout_bytes.decode()
    # (its keep-warm, held back while the follow-up was open, takes its place)
    gone = set(_uids(first)) - set(_uids(third))
    assert len(gone) == 1 and "conference-followup" in gone.pop()
    assert len(_uids(third)) == pending


def test_json_export_has_every_field_with_iso_dates(run: Run) -> None:
    network(run)
    contacts = json.loads(ok(run("export", "--format", "json")).stdout)
    assert len(contacts) == 5
    assert all(set(c) == {f.name for f in fields(ContactRecord)} - {"updated"} for c in contacts)
    elena = next(c for c in contacts if c["name"] == "Dr. Elena Petrova")
    assert elena["met"] == "2026-03-12" and elena["last_contact"] == "2026-04-02"
    assert elena["types"] == ["mentor:research", "sponsor"] and elena["core"] is True
    touchpoints = json.loads(ok(run("export", "touchpoints", "--format", "json")).stdout)
    assert all(set(t) == {f.name for f in fields(TouchpointRecord)} for t in touchpoints)
    dates = [t["date"] for t in touchpoints if t["contact"] == "Dr. Elena Petrova"]
    assert dates == ["2026-03-12", "2026-03-15", "2026-04-02"]


def test_touchpoints_export_as_a_spreadsheet_too(run: Run) -> None:
    network(run)
    table = rows(ok(run("export", "touchpoints")).stdout)
    assert table[0][:3] == ["contact", "email", "date"]
    assert len(table) == 1 + 4  # three for Elena, one for the meeting at ACS
    refused = run("export", "touchpoints", "--format", "vcard")
    assert refused.exit_code == 1 and "csv or json" in refused.stderr
    assert run("export", "people").exit_code == 1


# --- files and the log ------------------------------------------------------------


@pytest.fixture
def umask_022() -> Iterator[None]:
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


@pytest.mark.usefixtures("umask_022")
@pytest.mark.parametrize("fmt", ["csv", "json", "vcard", "ics"])
def test_a_file_written_with_o_is_private_and_replaced_whole(
    run: Run, tmp_path: Path, fmt: str
) -> None:
    network(run)
    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / f"network.{fmt}"
    target.write_text("old contents", encoding="utf-8")
    os.chmod(target, 0o644)
    out = ok(run("export", "--format", fmt, "-o", str(target))).stdout
    assert f"to {target}" in out
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert os.listdir(folder) == [target.name]  # no temporary file left behind
    assert target.read_text(encoding="utf-8") != "old contents"


def test_export_into_a_missing_folder_fails_cleanly_and_logs_nothing(
    run: Run, tmp_path: Path
) -> None:
    network(run)
    result = run("export", "-o", str(tmp_path / "nowhere" / "network.csv"))
    assert result.exit_code == 1 and "does not exist" in result.stderr
    assert count(tmp_path, "main", "SELECT count(*) FROM activity") == 0


def test_exporting_the_spreadsheet_is_logged_for_the_monthly_routine(
    run: Run, tmp_path: Path
) -> None:
    network(run)
    ok(run("export", "-o", str(tmp_path / "network.csv")))
    ok(run("export", "touchpoints"))
    ok(run("export", "--format", "ics"))
    conn = sqlite3.connect(tmp_path / "main.db")
    logged = conn.execute("SELECT kind, date, text FROM activity").fetchall()
    conn.close()
    assert logged == [("export", TODAY, f"exported 5 contacts as csv to {tmp_path}/network.csv")]


def test_an_export_still_works_while_another_process_holds_the_database(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    network(run)
    monkeypatch.setattr("netlog.storage.db.BUSY_TIMEOUT_MS", 100)
    other = sqlite3.connect(tmp_path / "main.db", isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        result = ok(run("export"))
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert len(rows(result.stdout)) == 6
    assert "not logged" in result.stderr
    assert count(tmp_path, "main", "SELECT count(*) FROM activity") == 0


def test_a_large_file_imports_in_one_transaction(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    lines = ["name,email,institution,last_contact,next_step,met"]
    lines += [
        f"Person {i},p{i}@example.org,Hospital {i % 40},2026-0{1 + i % 9}-1{i % 10},"
        f"{'send the paper' if i % 3 == 0 else ''},2025-12-0{1 + i % 9}"
        for i in range(2000)
    ]
    path.write_text("\n".join([*lines, "Broken Row,,,,,,stray"]) + "\n", encoding="utf-8")
    failed = run("import", str(path))
    assert failed.exit_code == 1 and "line 2002" in failed.stderr
    assert count(tmp_path, "main", "SELECT count(*) FROM contact") == 0
    assert count(tmp_path, "main", "SELECT count(*) FROM touchpoint") == 0

    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert "2000 added" in ok(run("import", str(path))).stdout
    assert count(tmp_path, "main", "SELECT count(*) FROM contact") == 2000
    assert count(tmp_path, "main", "SELECT count(*) FROM touchpoint") == 4000
    # Every imported contact has its follow-ups computed.
    assert count(tmp_path, "main", "SELECT count(DISTINCT contact_id) FROM pending") == 2000
    table = rows(ok(run("export")).stdout)
    assert len(table) == 2001
    assert {r[4] for r in table[1:]} == {"", "send the paper"}


# --- as a real process ----------------------------------------------------------------


def _netlog(tmp_path: Path, db: str, *args: str) -> subprocess.CompletedProcess[bytes]:
    env = dict(os.environ)
    env.update(
        NETLOG_DB=str(tmp_path / f"{db}.db"),
        NETLOG_CONFIG=str(tmp_path / "config.toml"),
        NETLOG_TODAY=TODAY,
    )
    return subprocess.run(
        [sys.executable, "-m", "netlog", *args], env=env, capture_output=True, check=False
    )


def test_piping_the_spreadsheet_between_two_databases(run: Run, tmp_path: Path) -> None:
    network(run)
    exported = _netlog(tmp_path, "main", "export")
    assert exported.returncode == 0, exported.stderr
    assert exported.stderr == b""  # no progress bar or chatter when piped
    path = tmp_path / "piped.csv"
    path.write_bytes(exported.stdout)
    imported = _netlog(tmp_path, "other", "import", str(path))
    assert imported.returncode == 0, imported.stderr
    assert b"5 added" in imported.stdout
    again = _netlog(tmp_path, "other", "export")
    assert again.stdout == exported.stdout
    assert "王小明".encode() in again.stdout


def test_a_bad_row_from_a_real_process_exits_1_without_a_traceback(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("name,core\nDr. Maya Patel,maybe\n", encoding="utf-8")
    result = _netlog(tmp_path, "main", "import", str(path))
    assert result.returncode == 1
    assert result.stderr.decode().strip() == (
        "Error: line 2: invalid value in core (use yes or no)"
    )


def test_activities_export_lists_reading_events_and_milestones(run: Run) -> None:
    ok(run("add", "Dr. Maya Patel"))
    ok(run("read", "=JBJS review", "--for", "patel", "--date", "2026-11-01"))
    ok(run("attend", "Journal club", "--virtual", "--date", "2026-11-02"))
    ok(run("milestone", "Abstract accepted", "--date", "2026-11-03"))
    table = rows(ok(run("export", "activities")).stdout)
    assert table[0] == ["date", "kind", "text", "virtual", "contact"]
    assert table[1] == ["2026-11-01", "read", "'=JBJS review", "", "Dr. Maya Patel"]
    assert table[2][1:4] == ["event", "Journal club", "yes"]
    assert table[3][1] == "milestone"
    items = json.loads(ok(run("export", "activities", "--format", "json")).stdout)
    assert [i["kind"] for i in items] == ["read", "event", "milestone"]
    assert items[1]["virtual"] is True
    refused = run("export", "activities", "--format", "ics")
    assert refused.exit_code == 1 and "csv or json" in refused.stderr
