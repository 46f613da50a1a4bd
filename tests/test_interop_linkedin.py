"""LinkedIn's Connections.csv, in the current and the older layout."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from netlog.errors import InvalidValue
from netlog.interop.detect import decode
from netlog.interop.linkedin import looks_like_linkedin, read_linkedin

FIXTURES = Path(__file__).parent / "fixtures"


def current() -> str:
    return decode((FIXTURES / "linkedin_connections_current.csv").read_bytes())


def test_the_current_export_is_read_past_its_notes_preamble() -> None:
    result = read_linkedin(current())
    names = [r.record.name for r in result.rows]
    assert names == ["Priya Raman", "أحمد الخطيب", "José Núñez 🦴", "王 小明", "Ananya शर्मा"]
    priya = result.rows[0].record
    assert priya.institution == "Massachusetts General Hospital"
    assert priya.role == "Resident Physician, Orthopaedic Surgery (PGY-3)"
    assert priya.linkedin == "https://www.linkedin.com/in/priya-raman-md"
    assert priya.email is None
    assert priya.met == date(2024, 10, 9)
    assert priya.how_met == "LinkedIn"
    assert result.rows[1].record.email == "ahmad.khatib@example.org"


def test_line_numbers_are_those_of_the_original_file() -> None:
    result = read_linkedin(current())
    # Notes (1), paragraph (2), blank (3), header (4), closed account on line 7
    assert [r.line for r in result.rows] == [5, 6, 8, 9, 10]


def test_closed_accounts_are_skipped_and_counted() -> None:
    assert read_linkedin(current()).skipped_blank == 1


def test_a_formula_in_a_position_is_kept_as_plain_text() -> None:
    ananya = read_linkedin(current()).rows[-1].record
    assert ananya.role == '=HYPERLINK("http://evil.example")'  # netlog's CSV export will quote it


def test_the_older_export_without_url_and_with_clock_times() -> None:
    text = (FIXTURES / "linkedin_connections_old.csv").read_text(encoding="utf-8")
    result = read_linkedin(text)
    assert [(r.line, r.record.name, r.record.met) for r in result.rows] == [
        (2, "Michael Okafor", date(2018, 1, 8)),
        (3, "Sarah Lindqvist", date(2017, 12, 25)),
    ]
    assert result.rows[0].record.linkedin is None
    assert result.rows[0].record.email == "m.okafor@example.com"
    assert result.skipped_blank == 1


def test_the_header_is_found_even_when_the_preamble_changes_length() -> None:
    text = 'Notes:\n"one\nparagraph\nover lines"\n\nextra line\n\n' + (
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        "Kwame,Mensah,,,Grady,Sub-I,02 Jun 2025\n"
    )
    result = read_linkedin(text)
    assert [(r.line, r.record.name) for r in result.rows] == [(9, "Kwame Mensah")]


def test_a_file_without_the_name_header_is_refused_clearly() -> None:
    with pytest.raises(InvalidValue, match="no header row with First Name and Last Name"):
        read_linkedin("name,institution\nPriya,MGH\n")


def test_a_broken_date_or_email_is_left_out_and_the_row_comes_in() -> None:
    head = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
    result = read_linkedin(
        head + "Priya,Raman,,,MGH,PGY-3,sometime\nKwame,Mensah,,kwame(at)grady,Grady,,09 Oct 2024\n"
    )
    assert [(r.record.name, r.record.email, r.record.met) for r in result.rows] == [
        ("Priya Raman", None, None),
        ("Kwame Mensah", None, date(2024, 10, 9)),
    ]
    assert result.dropped == {"date": 1, "email": 1}


def test_linkedin_files_are_recognised_and_others_are_not() -> None:
    assert looks_like_linkedin(current())
    assert looks_like_linkedin((FIXTURES / "linkedin_connections_old.csv").read_text())
    assert not looks_like_linkedin("name,institution,how_met\nPriya,MGH,rotation\n")
    assert not looks_like_linkedin((FIXTURES / "google_contacts.vcf").read_text())
