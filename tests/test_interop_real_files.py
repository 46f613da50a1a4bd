"""Files other programs really write, in without loss; netlog's files, out into real clients.

Each fixture under ``tests/fixtures/`` is written the way its tool writes it
(``tests/fixtures/README.md`` says where each layout comes from). The tests
run the ``netlog`` command line on them, as a user would.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import zipfile
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from netlog.cli import app

FIXTURES = Path(__file__).parent / "fixtures"
TODAY = "2026-11-23"

Run = Callable[..., Result]


@pytest.fixture
def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Run:
    """``run(*args, db="other")`` runs netlog on one of several databases in tmp_path."""
    monkeypatch.setenv("NETLOG_CONFIG", str(tmp_path / "config.toml"))
    monkeypatch.delenv("NO_COLOR", raising=False)
    runner = CliRunner()

    def invoke(*args: str, db: str = "main", today: str = TODAY) -> Result:
        monkeypatch.setenv("NETLOG_DB", str(tmp_path / f"{db}.db"))
        monkeypatch.setenv("NETLOG_TODAY", today)
        return runner.invoke(app, list(args))

    return invoke


def ok(result: Result) -> Result:
    assert result.exit_code == 0, (result.stdout, result.stderr)
    return result


def people(run: Run, db: str = "main") -> dict[str, dict[str, object]]:
    return {c["name"]: c for c in json.loads(ok(run("list", "--json", db=db)).stdout)}


def csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"), newline="")))


# --- LinkedIn -----------------------------------------------------------------------


def test_linkedin_2018_urn_emails_are_left_out_and_every_row_comes_in(run: Run) -> None:
    result = ok(run("import", str(FIXTURES / "linkedin_connections_2018.csv")))
    assert "3 added" in result.stdout and "skipped 1 row without a name" in result.stdout
    assert "2 emails were not addresses and were left out." in result.stdout
    assert "urn:li" not in result.output
    listed = people(run)
    assert listed["Michael Okafor"]["email"] == "m.okafor@example.com"
    assert listed["Aisha Rahman"]["email"] is None
    assert listed["Aisha Rahman"]["institution"] == "Cleveland Clinic"


def test_the_linkedin_download_zip_is_read_through_to_connections_csv(
    run: Run, tmp_path: Path
) -> None:
    archive = tmp_path / "Basic_LinkedInDataExport_12-01-2026.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("Profile.csv", "First Name,Last Name,Headline\nMe,Myself,Resident\n")
        z.writestr("Connections.csv", (FIXTURES / "linkedin_connections_current.csv").read_bytes())
        z.writestr("messages.csv", "FROM,TO,CONTENT\n")
    result = ok(run("import", str(archive)))
    assert "Connections.csv inside" in result.stdout
    assert "(linkedin)" in result.stdout and "5 added" in result.stdout
    assert "Priya Raman" in people(run)


def test_a_zip_without_connections_is_refused_naming_what_is_missing(
    run: Run, tmp_path: Path
) -> None:
    archive = tmp_path / "photos.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("a.jpg", b"\xff\xd8")
    result = run("import", str(archive))
    assert result.exit_code == 1 and "holds no Connections.csv" in result.stderr


# --- vCards from phones, mail programs and servers -----------------------------------------


@pytest.mark.parametrize(
    ("fixture", "expected"),
    [
        ("iphone.vcf", {"Dr. Aisha Rahman": "Company, The, TheDepartment"}),
        ("android_2_1.vcf", {"Dr. Jörg Müller": "Charité, Unfallchirurgie", "Kwame Mensah": None}),
        ("google_contacts.vcf", {"Dr. Hannah Cho": "Massachusetts General Hospital, "
                                 "Department of Orthopaedic Surgery", "李娜": None}),
        ("outlook_2003.vcf", {"Dr. Michael Okafor MD": "Johns Hopkins Hospital, Department of Surgery"}),
        ("outlook_2007.vcf", {"Sarah Lindqvist": "University of Michigan"}),
        ("radicale.vcf", {"Zoë Ångström": "Karolinska Universitetssjukhuset", "王小明": "北京协和医院"}),
        ("nextcloud.vcf", {"Prof. Hans Weber": "Universitätsklinikum Heidelberg, Orthopädie"}),
    ],
)  # fmt: skip
def test_cards_from_each_address_book_import_with_their_organisation(
    run: Run, fixture: str, expected: dict[str, str | None]
) -> None:
    ok(run("import", str(FIXTURES / fixture)))
    listed = people(run)
    assert {name: listed[name]["institution"] for name in expected} == expected
    assert set(listed) == set(expected)


def test_a_photo_that_cannot_be_decoded_never_loses_the_cards_after_it(run: Run) -> None:
    result = ok(run("import", str(FIXTURES / "android_2_1.vcf")))
    assert "2 added" in result.stdout
    assert "1 photo could not be decoded and was left out." in result.stdout
    result = ok(run("import", str(FIXTURES / "radicale.vcf"), db="other"))
    assert "2 added" in result.stdout and "1 photo could not be decoded" in result.stdout


def test_importing_the_same_phone_export_again_updates_by_its_uid(run: Run) -> None:
    ok(run("import", str(FIXTURES / "nextcloud.vcf")))
    again = ok(run("import", str(FIXTURES / "nextcloud.vcf")))
    assert "0 added" in again.stdout and "1 unchanged" in again.stdout


# --- Google and Outlook CSV --------------------------------------------------------------


def test_a_google_contacts_csv_is_read_as_google_not_linkedin(run: Run) -> None:
    result = ok(run("import", str(FIXTURES / "google_contacts.csv")))
    assert "as Google Contacts CSV, guessed from its content (--format google)" in result.stdout
    assert "2 added" in result.stdout and "skipped 1 row without a name" in result.stdout
    assert "1 email was not an address and was left out." in result.stdout
    cho = people(run)["Dr. Hannah Cho"]
    assert cho["institution"] == "Massachusetts General Hospital"
    assert cho["role"] == "Assistant Professor"
    assert cho["email"] == "hannah.cho@example.edu"
    assert cho["tags"] == ["Mentors", "Ortho"]  # "* myContacts" is Google's, not a tag
    shown = json.loads(ok(run("show", "Hannah Cho", "--json")).stdout)
    assert shown["how_met"] is None and shown["linkedin"].endswith("/in/hannah-cho-md")
    assert shown["notes"] == "Met at AAOS 2026, hand session"


def test_the_older_google_layout_imports_too(run: Run) -> None:
    result = ok(run("import", str(FIXTURES / "google_contacts_old.csv")))
    assert "(google)" in result.stdout
    okafor = people(run)["Dr. Michael Okafor"]
    assert (okafor["institution"], okafor["role"]) == ("Johns Hopkins Hospital", "Program Director")
    assert okafor["tags"] == ["Surgery"]


def test_an_outlook_csv_is_read_as_outlook(run: Run) -> None:
    result = ok(run("import", str(FIXTURES / "outlook_contacts.csv")))
    assert "as Outlook contacts CSV" in result.stdout and "2 added" in result.stdout
    assert "1 email was not an address" in result.stdout
    assert "priya@example" not in result.output
    haddad = people(run)["Dr. Layla Haddad MD"]
    assert haddad["institution"] == "Cleveland Clinic" and haddad["role"] == "Program Director"
    assert haddad["email"] == "haddadl@example.org"
    assert haddad["tags"] == ["Mentors", "Interview season"]
    shown = json.loads(ok(run("show", "Haddad", "--json")).stdout)
    assert shown["how_met"] is None and shown["phone"] == "+1 (216) 555-0117"


def test_format_forces_the_reader_and_a_wrong_one_names_what_is_missing(run: Run) -> None:
    result = ok(run("import", str(FIXTURES / "outlook_contacts.csv"), "--format", "outlook"))
    assert "guessed" not in result.stdout and "(outlook)" in result.stdout
    wrong = run("import", str(FIXTURES / "outlook_contacts.csv"), "--format", "google", db="x")
    assert wrong.exit_code == 1 and "does not look like a Google Contacts CSV" in wrong.stderr


# --- spreadsheets re-saved by Excel and LibreOffice ------------------------------------------


def test_an_excel_resaved_file_keeps_namesakes_apart_and_reads_its_dates(run: Run) -> None:
    result = ok(run("import", str(FIXTURES / "excel_resaved.csv")))
    assert "3 added" in result.stdout
    assert "1 date was in a form netlog cannot read and was left out." in result.stdout  # 3/4/2026
    contacts = json.loads(ok(run("list", "--json")).stdout)
    browns = sorted((c["institution"], c["last_contact"]) for c in contacts)
    assert browns == [
        ("Mass General", "2026-03-04"),
        ("NYU Langone", "2026-03-13"),
        ("UCSF", None),
    ]
    phones = {c["institution"]: c.get("phone") for c in contacts}
    shown = json.loads(ok(run("show", str(contacts[0]["id"]), "--json")).stdout)
    assert not str(shown["phone"] or "").startswith("'"), phones


def test_a_libreoffice_semicolon_file_with_day_first_dates(run: Run) -> None:
    ok(run("import", str(FIXTURES / "libreoffice_semicolon.csv")))
    listed = people(run)
    assert listed["Jörg Müller"]["last_contact"] == "2026-03-04"
    assert listed["Jörg Müller"]["next_step"] == "Paper schicken; nachfragen"
    assert listed["Zoë Ångström"]["last_contact"] == "2026-02-13"


def test_a_windows_1252_file_gets_a_hint_that_fits_it(run: Run, tmp_path: Path) -> None:
    result = run("import", str(FIXTURES / "excel_cp1252.csv"))
    assert result.exit_code == 1
    assert "Windows-1252" in result.stderr and "CSV UTF-8" in result.stderr
    vcf = tmp_path / "old.vcf"
    vcf.write_bytes("BEGIN:VCARD\r\nVERSION:2.1\r\nFN:José\r\nEND:VCARD\r\n".encode("cp1252"))
    result = run("import", str(vcf))
    assert result.exit_code == 1 and "Windows-1252" in result.stderr
    assert "CSV" not in result.stderr and "vCard" in result.stderr


def test_excel_export_starts_with_a_bom_and_imports_back(run: Run, tmp_path: Path) -> None:
    ok(run("add", "Zoë Ångström", "--institution", "Karolinska"))
    plain = ok(run("export")).stdout_bytes
    excel = ok(run("export", "--excel")).stdout_bytes
    assert not plain.startswith(b"\xef\xbb\xbf")
    assert excel == b"\xef\xbb\xbf" + plain
    path = tmp_path / "excel.csv"
    path.write_bytes(excel)
    ok(run("import", str(path), db="other"))
    assert ok(run("export", db="other")).stdout_bytes == plain
    refused = run("export", "--format", "json", "--bom")
    assert refused.exit_code == 1 and "--format csv" in refused.stderr


# --- netlog's own spreadsheet round trip ----------------------------------------------------


def test_namesakes_at_three_hospitals_survive_export_and_import_into_a_fresh_database(
    run: Run, tmp_path: Path
) -> None:
    for hospital in ("Mass General", "NYU Langone", "UCSF"):
        ok(run("add", "Aarav Brown", "--institution", hospital))
    exported = ok(run("export")).stdout
    assert "uid" in exported.splitlines()[0].split(",")
    path = tmp_path / "network.csv"
    path.write_text(exported, encoding="utf-8")
    result = ok(run("import", str(path), db="fresh"))
    assert "3 added" in result.stdout
    assert ok(run("export", db="fresh")).stdout == exported
    # And back into the database it came from: matched by key, nothing merged.
    again = ok(run("import", str(path)))
    assert "0 added, 0 updated, 3 unchanged" in again.stdout


def test_a_next_step_edited_in_the_spreadsheet_is_applied_and_counted(
    run: Run, tmp_path: Path
) -> None:
    ok(run("add", "Dr. Maya Patel", "--at", "AAOS 2026", "--met", "2026-11-02"))
    ok(run("log", "Patel", "--kind", "update", "--date", "2026-11-10", "--next", "send the draft"))
    rows = csv_rows(ok(run("export")).stdout)
    rows[0]["next_step"] = "send the revised draft and ask about the research year"
    path = tmp_path / "edited.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    result = ok(run("import", str(path)))
    assert "0 added, 1 updated, 0 unchanged" in result.stdout
    patel = people(run)["Dr. Maya Patel"]
    assert patel["next_step"] == "send the revised draft and ask about the research year"
    assert patel["last_contact"] == "2026-11-10"  # the edit is not a new contact
    assert csv_rows(ok(run("export")).stdout) == rows
    assert "0 updated, 1 unchanged" in ok(run("import", str(path))).stdout


def test_the_anti_formula_quote_never_piles_up_when_columns_move(run: Run, tmp_path: Path) -> None:
    ok(run("add", "Priya Raman", "--phone", "+1 617 555 0100", "--tag", "=cmd"))
    text = ok(run("export")).stdout
    for cycle in range(3):
        rows = csv_rows(text)
        # A spreadsheet moved the phone column first and renamed it.
        order = ["phone", *[k for k in rows[0] if k != "phone"]]
        out = io.StringIO(newline="")
        out.write(",".join("Phone Number" if k == "phone" else k for k in order) + "\n")
        csv.writer(out, lineterminator="\n").writerows([[r[k] for k in order] for r in rows])
        path = tmp_path / f"cycle{cycle}.csv"
        path.write_text(out.getvalue(), encoding="utf-8")
        ok(run("import", str(path), db=f"cycle{cycle}"))
        text = ok(run("export", db=f"cycle{cycle}")).stdout
        row = csv_rows(text)[0]
        assert row["phone"] == "'+1 617 555 0100" and row["tags"] == "'=cmd", cycle


def test_a_note_over_131072_characters_survives_export_and_import(run: Run, tmp_path: Path) -> None:
    note = ("Long case discussion. " * 8000)[:150_000]
    ok(run("add", "Dr. Long Note"))
    conn = sqlite3.connect(tmp_path / "main.db")
    conn.execute("UPDATE contact SET notes = ?", (note,))
    conn.commit()
    conn.close()
    path = tmp_path / "long.csv"
    path.write_bytes(ok(run("export")).stdout_bytes)
    ok(run("import", str(path), db="other"))
    shown = json.loads(ok(run("show", "Long Note", "--json", db="other")).stdout)
    assert shown["notes"] == note


# --- calendars --------------------------------------------------------------------------


def _calendar(text: str) -> list[object]:
    import icalendar

    return list(icalendar.Calendar.from_ical(text.encode()).walk())


def test_a_follow_up_whose_date_moves_keeps_its_calendar_uid(run: Run) -> None:
    import icalendar

    def todos() -> dict[str, tuple[str, date]]:
        data = ok(run("export", "--format", "ics")).stdout_bytes
        cal = icalendar.Calendar.from_ical(data)
        return {str(t["categories"].cats[1]): (str(t["uid"]), t.decoded("due")) for t in
                cal.walk("VTODO")}  # fmt: skip

    # Met in the spring and written to once: the keep-warm check-in is what is owed.
    ok(run("add", "Dr. Maya Patel", "--met", "2026-04-01"))
    ok(run("log", "Patel", "--kind", "update", "--date", "2026-04-08"))
    before = todos()
    ok(run("edit", "Patel", "--every", "30"))  # the cadence changed: keep-warm moves
    after = todos()
    assert after["keep-warm"][0] == before["keep-warm"][0]
    assert before["keep-warm"][1] == date(2026, 10, 5)  # 180 days after the update
    assert after["keep-warm"][1] == date(2026, 5, 8)  # 30 days after it
    # Satisfied: the next keep-warm cycle is a new to-do.
    ok(run("log", "Patel", "--kind", "update", "--date", "2026-11-23"))
    done = todos()
    assert done["keep-warm"][0] != before["keep-warm"][0]


def test_events_export_gives_all_day_events_calendars_show(run: Run) -> None:
    import icalendar

    ok(run("add", "Dr. Maya Patel", "--at", "AAOS 2026", "--met", "2026-11-02"))
    data = ok(run("export", "--format", "ics", "--events")).stdout_bytes
    cal = icalendar.Calendar.from_ical(data)
    events = cal.walk("VEVENT")
    assert events and not cal.walk("VTODO")
    assert all(isinstance(e.decoded("dtstart"), date) for e in events)
    assert all(e.decoded("dtstart") >= date(2026, 11, 23) for e in events)  # overdue: today
    refused = run("export", "--events")
    assert refused.exit_code == 1 and "--format ics" in refused.stderr


# --- vCards out -------------------------------------------------------------------------


def _awkward_network(run: Run) -> None:
    ok(run("add", "Dr. Aisha Rahman (عائشة رحمن)", "--institution", "Company, The; Dept"))
    ok(run("add", "Rahman, Aisha", "--email", "a.rahman@example.org"))
    ok(run("add", "Jane Q. Public, MD, PhD", "--note", "line one\nline two; three, four"))
    ok(run("add", "王小明", "--tag", "心胸外科"))
    ok(run("add", "Aarav Brown", "--institution", "Mass General"))
    ok(run("add", "Aarav Brown", "--institution", "UCSF"))


def test_exported_cards_have_stable_uids_rev_and_a_proper_n(run: Run) -> None:
    import vobject

    _awkward_network(run)
    first = ok(run("export", "--format", "vcard")).stdout
    assert ok(run("export", "--format", "vcard")).stdout == first  # byte-stable
    cards = list(vobject.readComponents(first))
    assert len(cards) == 6
    uids = [c.uid.value for c in cards]
    assert len(set(uids)) == 6 and all(u.startswith("urn:uuid:") for u in uids)
    assert all(c.rev.value for c in cards)
    by_fn = {c.fn.value: c.n.value for c in cards}
    rahman = by_fn["Dr. Aisha Rahman (عائشة رحمن)"]
    assert (rahman.prefix, rahman.given, rahman.family) == ("Dr.", "Aisha", "Rahman")
    assert (by_fn["Rahman, Aisha"].family, by_fn["Rahman, Aisha"].given) == ("Rahman", "Aisha")
    public = by_fn["Jane Q. Public, MD, PhD"]
    assert (public.given, public.additional, public.family) == ("Jane", "Q.", "Public")
    assert public.suffix == "MD PhD"
    # Editing one contact changes its REV only; the UID stays.
    ok(run("edit", "王小明", "--role", "fellow"))
    second = list(vobject.readComponents(ok(run("export", "--format", "vcard")).stdout))
    assert [c.uid.value for c in second] == uids


def _khard() -> str | None:
    found = shutil.which("khard") or str(Path(sys.executable).with_name("khard"))
    return found if Path(found).exists() else None


def test_khard_lists_every_exported_card(run: Run, tmp_path: Path) -> None:
    khard = _khard()
    if khard is None:
        pytest.skip("khard is not installed (pip install khard; it is in the test extras)")
    _awkward_network(run)
    ok(run("add", "Zoë Ångström", "--email", "zoe@example.se"))
    text = ok(run("export", "--format", "vcard")).stdout_bytes.decode("utf-8")
    book = tmp_path / "book"
    book.mkdir()
    cards = [c + "END:VCARD\r\n" for c in text.split("END:VCARD\r\n") if c.strip()]
    for n, card in enumerate(cards):
        (book / f"{n:03}.vcf").write_text(card, encoding="utf-8", newline="")
    config = tmp_path / "khard.conf"
    config.write_text(
        f"[addressbooks]\n[[netlog]]\npath = {book}\n\n[general]\ndefault_action = list\n",
        encoding="utf-8",
    )
    env = {**os.environ, "XDG_CONFIG_HOME": str(tmp_path / "xdg"), "HOME": str(tmp_path)}
    listed = subprocess.run(
        [khard, "-c", str(config), "list", "--parsable"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert listed.returncode == 0, listed.stderr
    lines = [line for line in listed.stdout.splitlines() if line.strip()]
    assert len(lines) == len(cards) == 7, listed.stdout
    shown = listed.stdout
    for name in ("Aisha", "Public", "王小明", "Ångström"):
        assert name in shown, name
    assert "Error" not in listed.stderr and "Warning" not in listed.stderr, listed.stderr


def test_the_calendar_export_parses_in_icalendar_and_vobject(run: Run) -> None:
    import icalendar
    import vobject

    _awkward_network(run)
    ok(run("attend", "ACS, 2026; Boston", "--date", "2026-11-20"))
    ok(run("log", "Public", "--kind", "met", "--date", "2026-11-20", "--note", "a; b, c"))
    for args in (("--format", "ics"), ("--format", "ics", "--events")):
        data = ok(run("export", *args)).stdout_bytes.decode("utf-8")
        cal = icalendar.Calendar.from_ical(data.encode())
        parsed = vobject.readOne(data)
        kind = "VEVENT" if "--events" in args else "VTODO"
        items = cal.walk(kind)
        assert items and len(items) == len(parsed.contents[kind.lower()])
        assert all(len(line.encode()) <= 75 for line in data.split("\r\n"))


def test_khal_shows_the_exported_events(run: Run, tmp_path: Path) -> None:
    khal = shutil.which("khal") or str(Path(sys.executable).with_name("khal"))
    if not Path(khal).exists():
        pytest.skip("khal is not installed (optional: pip install khal)")
    ok(run("add", "Dr. Maya Patel", "--at", "AAOS 2026", "--met", "2026-11-20"))
    data = ok(run("export", "--format", "ics", "--events")).stdout_bytes.decode("utf-8")
    cal = tmp_path / "cal"
    cal.mkdir()
    # A vdir holds one event per file, as vdirsyncer writes it.
    head, *events = data.removesuffix("END:VCALENDAR\r\n").split("BEGIN:VEVENT\r\n")
    for n, event in enumerate(events):
        text = head + "BEGIN:VEVENT\r\n" + event + "END:VCALENDAR\r\n"
        (cal / f"{n}.ics").write_text(text, encoding="utf-8", newline="")
    config = tmp_path / "khal.conf"
    config.write_text(
        f"[calendars]\n[[netlog]]\npath = {cal}\ntype = calendar\n"
        "[locale]\ntimeformat = %H:%M\ndateformat = %Y-%m-%d\nlongdateformat = %Y-%m-%d\n"
        "datetimeformat = %Y-%m-%d %H:%M\nlongdatetimeformat = %Y-%m-%d %H:%M\n"
        f"[sqlite]\npath = {tmp_path / 'khal.db'}\n",
        encoding="utf-8",
    )
    shown = subprocess.run(
        [khal, "-c", str(config), "list", "2026-11-01", "2027-12-31"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env={**os.environ, "HOME": str(tmp_path)},
    )
    assert shown.returncode == 0, shown.stderr
    assert "Dr. Maya Patel" in shown.stdout, shown.stdout


def test_a_namesake_typed_into_the_spreadsheet_is_a_new_person(run: Run, tmp_path: Path) -> None:
    ok(run("add", "Aarav Brown", "--institution", "Mass General"))
    text = ok(run("export")).stdout
    header = text.splitlines()[0].split(",")
    row = dict.fromkeys(header, "")
    row.update(name="Aarav Brown", institution="UCSF")
    path = tmp_path / "typed.csv"
    path.write_text(text + ",".join(row[k] for k in header) + "\n", encoding="utf-8")
    result = ok(run("import", str(path)))
    assert "1 added, 0 updated, 1 unchanged" in result.stdout
    contacts = json.loads(ok(run("list", "--json")).stdout)
    assert sorted(c["institution"] for c in contacts) == ["Mass General", "UCSF"]
