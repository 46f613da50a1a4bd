"""vCards: netlog's own round-trip and cards from other address books."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from netlog.errors import InvalidValue
from netlog.interop.records import ContactRecord
from netlog.interop.vcard import write_vcards
from netlog.interop.vcard_read import read_vcards

FIXTURES = Path(__file__).parent / "fixtures"

FULL = ContactRecord(
    name="Dr. Elena Petrova",
    role="Associate Professor, Orthopaedic Surgery",
    institution="Brigham and Women's Hospital; Dept. of Orthopaedics",
    specialty="hand surgery",
    email="elena.petrova@example.org",
    phone="+1 617 555 0100",
    linkedin="https://www.linkedin.com/in/elena-petrova",
    x="https://x.com/epetrova",
    how_met="AAOS 2026, poster session; introduced by Dr. Cho",
    types=["mentor:research", "mentor:career", "sponsor"],
    tier="society",
    tags=["ortho", "hand, wrist"],
    core=True,
    every=60,
    notes="Asked me to send the abstract.\nPrefers email; mornings.",
    archived=True,
    met=date(2026, 3, 12),
    last_contact=date(2026, 3, 15),
    next_step="send abstract draft by 1 April",
)

WORLD = [
    FULL,
    ContactRecord(name="أحمد الخطيب", institution="مستشفى الملك فيصل", x="@ahmad_ct"),
    ContactRecord(name="अनन्या शर्मा", role="रेज़िडेंट", linkedin="linkedin.com/in/ananya"),
    ContactRecord(name="王小明", institution="北京协和医院", tags=["心胸外科"]),
    ContactRecord(name="Zoë Ångström 🦴", notes="émoji 🎉 and accents"),
]


def export(records: list[ContactRecord]) -> str:
    out = io.StringIO(newline="")
    write_vcards(records, out)
    return out.getvalue()


def records(text: str) -> list[ContactRecord]:
    """The records a file holds, without the key every exported card carries."""
    return [replace(row.record, uid=None) for row in read_vcards(text).rows]


def test_every_field_survives_a_vcard_round_trip() -> None:
    result = read_vcards(export(WORLD))
    assert records(export(WORLD)) == WORLD
    assert result.skipped_blank == 0


def test_exported_cards_are_vcard_3_that_other_apps_read() -> None:
    text = export([FULL])
    assert text.startswith("BEGIN:VCARD\r\nVERSION:3.0\r\n")
    for line in (
        "FN:Dr. Elena Petrova",
        "N:Petrova;Elena;;Dr.;",
        "TITLE:Associate Professor\\, Orthopaedic Surgery",
        "EMAIL;TYPE=INTERNET:elena.petrova@example.org",
        "TEL:+1 617 555 0100",
        "URL:https://www.linkedin.com/in/elena-petrova",
        "CATEGORIES:ortho,hand\\, wrist",
        "X-NETLOG-TYPES:mentor:research\\,mentor:career\\,sponsor",
        "X-NETLOG-CORE:yes",
        "X-NETLOG-MET:2026-03-12",
    ):
        assert line in text.splitlines(), line
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))


def test_line_numbers_point_at_each_begin_line() -> None:
    text = export(WORLD[1:3])
    second = text.split("\r\n").index("BEGIN:VCARD", 1) + 1
    assert [row.line for row in read_vcards(text).rows] == [1, second]


def test_a_google_contacts_export_with_groups_and_folded_lines() -> None:
    result = read_vcards((FIXTURES / "google_contacts.vcf").read_text(encoding="utf-8"))
    cho, li = (row.record for row in result.rows)
    assert cho.name == "Dr. Hannah Cho"
    assert cho.institution == "Massachusetts General Hospital, Department of Orthopaedic Surgery"
    assert cho.role == "Assistant Professor of Orthopaedic Surgery"
    assert cho.email == "hannah.cho@example.edu"
    assert cho.phone == "+1 617-555-0142"
    assert cho.linkedin == "https://www.linkedin.com/in/hannah-cho-md"
    assert cho.notes is not None and "scaphoid fractures; asked me" in cho.notes
    assert cho.tags == ["myContacts", "Ortho"]
    assert li.name == "李娜"
    assert [row.line for row in result.rows] == [1, 26]
    assert result.skipped_blank == 1  # the card with an empty FN and N


def test_an_apple_card_without_fn_takes_its_name_from_n() -> None:
    (row,) = read_vcards((FIXTURES / "apple_contacts.vcf").read_text(encoding="utf-8")).rows
    layla = row.record
    assert layla.name == "Dr. Layla Haddad MD"
    assert layla.institution == "Cleveland Clinic"
    assert layla.role == "Program Director, General Surgery"
    assert layla.email == "haddadl@example.org"  # the preferred one
    assert layla.phone == "+1 (216) 555-0117"
    assert layla.linkedin == "https://www.linkedin.com/in/laylahaddad"
    assert layla.x == "https://twitter.com/laylahaddadmd"
    assert layla.notes == "Program director. Prefers short emails, sent early in the week."


def test_the_rfc_6350_example_card_imports() -> None:
    (row,) = read_vcards((FIXTURES / "rfc6350_simon.vcf").read_text(encoding="utf-8")).rows
    simon = row.record
    assert (simon.name, simon.institution) == ("Simon Perreault", "Viagenie")
    assert simon.email == "simon.perreault@viagenie.ca"
    assert simon.phone == "+1-418-656-9254;ext=102"  # the PREF=1 number, without "tel:"


def test_a_vcard_2_1_with_quoted_printable_imports() -> None:
    text = (
        "BEGIN:VCARD\r\nVERSION:2.1\r\n"
        "N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:M=C3=BCller;J=C3=B6rg\r\n"
        "TITLE:Chief Resident, Surgery\r\n"
        "END:VCARD\r\n"
    )
    (row,) = read_vcards(text).rows
    assert row.record.name == "Jörg Müller"
    assert row.record.role == "Chief Resident, Surgery"


def test_invalid_values_in_a_card_name_the_card() -> None:
    card = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Priya Raman\r\n{}\r\nEND:VCARD\r\n"
    text = card.format("EMAIL:priya@example.org") + card.format("EMAIL:not-an-address")
    result = read_vcards(text)  # an address that is not one is left out, the card comes in
    assert [r.record.email for r in result.rows] == ["priya@example.org", None]
    assert result.dropped == {"email": 1}
    with pytest.raises(InvalidValue, match=r"^line 1: unknown mentor kind in types") as err:
        read_vcards(card.format("X-NETLOG-TYPES:mentor:astrology"))
    assert "astrology" not in str(err.value)


def test_a_file_that_is_not_vcard_is_refused() -> None:
    with pytest.raises(InvalidValue, match="no vCard found"):
        read_vcards("name,email\n")
    with pytest.raises(InvalidValue, match=r"^line 1: this vCard cannot be read"):
        read_vcards("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:x\r\nnot a property line\r\nEND:VCARD\r\n")


_text = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Zl", "Zp"))
    | st.just("\n"),
    min_size=1,
    max_size=40,
).filter(lambda s: s == s.strip())


@settings(max_examples=60, deadline=None)
@given(name=_text, role=_text, how_met=_text, notes=_text, next_step=_text)
def test_any_text_with_commas_semicolons_and_backslashes_round_trips(
    name: str, role: str, how_met: str, notes: str, next_step: str
) -> None:
    record = ContactRecord(name=name, role=role, how_met=how_met, notes=notes, next_step=next_step)
    assert records(export([record])) == [record]


def test_an_org_with_a_bare_comma_is_one_institution_not_a_list() -> None:
    # Outlook and some older programs do not escape the comma inside ORG.
    card = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Jane Doe\r\nORG:Company, The;TheDepartment\r\nEND:VCARD\r\n"
    (row,) = read_vcards(card).rows
    assert row.record.institution == "Company, The, TheDepartment"


def test_n_puts_honorifics_and_degrees_in_their_slots() -> None:
    from netlog.interop.vcard import name_parts

    assert name_parts("Dr. Aisha Rahman (عائشة رحمن)") == ("Rahman", "Aisha", "", "Dr.", "")
    assert name_parts("Rahman, Aisha") == ("Rahman", "Aisha", "", "", "")
    assert name_parts("Prof. Dr. Hans Müller, MD") == ("Müller", "Hans", "", "Prof. Dr.", "MD")
    assert name_parts("王小明") == ("", "王小明", "", "", "")
    text = export([ContactRecord(name="Dr. Aisha Rahman (عائشة رحمن)")])
    assert "N:Rahman;Aisha;;Dr.;\r\n" in text
