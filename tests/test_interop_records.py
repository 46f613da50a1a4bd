"""Field rules shared by every import format."""

from __future__ import annotations

from datetime import date

import pytest

from netlog.domain import Contact
from netlog.errors import InvalidValue
from netlog.interop.records import (
    ContactRecord,
    email_key,
    linkedin_key,
    read_bool,
    read_date,
    read_email,
    read_every,
    read_tier,
    read_types,
    record_from_contact,
)
from netlog.vocabulary import join_types, split_types


@pytest.mark.parametrize(
    "value",
    [
        "jane.doe@mgh.harvard.edu",
        "a+ortho@example.org",
        "ahmad@مثال.مصر",
        "  padded@example.com  ",
        "mailto:pd@example.org",
    ],
)
def test_real_addresses_are_accepted(value: str) -> None:
    assert read_email(value, line=3) == value.strip().removeprefix("mailto:")


@pytest.mark.parametrize(
    "value",
    [
        "jane",
        "jane@",
        "@example.org",
        "jane@example",
        "jane doe@example.org",
        "a@b@c.org",
        "x@y..org",
    ],
)
def test_a_typo_in_an_email_names_the_line_and_the_column_never_the_value(value: str) -> None:
    with pytest.raises(InvalidValue) as err:
        read_email(value, line=7)
    assert str(err.value) == "line 7: invalid email in email (not one address)"
    assert value.strip() not in str(err.value)


def test_a_private_note_in_the_email_column_is_never_quoted() -> None:
    note = "Confided: going through a divorce, keep it quiet"
    with pytest.raises(InvalidValue) as err:
        read_email(note, line=3, column="E-mail Address")
    assert str(err.value) == "line 3: invalid email in E-mail Address (not one address)"
    assert "Confided" not in str(err.value)


def test_an_empty_email_cell_is_no_email() -> None:
    assert read_email("  ", line=2) is None


def test_relationship_words_are_forgiving_about_case_and_spaces() -> None:
    words = ["Mentor: Research", "Letter Writer", "SPONSOR", "mentor", "sponsor"]
    assert read_types(words, line=1) == ["mentor:research", "letter-writer", "sponsor"]


def test_a_bare_mentor_stays_when_no_kind_is_given() -> None:
    assert read_types(["mentor", "peer"], line=1) == ["mentor", "peer"]


@pytest.mark.parametrize(
    ("words", "fragment"),
    [
        (["friend"], "unknown relationship type in types"),
        (["mentor:surgery"], "unknown mentor kind in types"),
        (["sponsor:research"], "only mentors have a kind"),
    ],
)
def test_unknown_type_words_are_refused_with_the_line(words: list[str], fragment: str) -> None:
    with pytest.raises(InvalidValue) as err:
        read_types(words, line=12)
    assert str(err.value).startswith("line 12: ")
    assert fragment in str(err.value)
    assert words[0].partition(":")[2 if ":" in words[0] else 0] not in str(err.value)


def test_dates_in_files_are_iso_or_carry_a_year() -> None:
    assert read_date("2026-03-04", line=1, column="met") == date(2026, 3, 4)
    assert read_date("2026-3-4", line=1, column="met") == date(2026, 3, 4)
    assert read_date("4 Mar 2026", line=1, column="met") == date(2026, 3, 4)
    assert read_date("", line=1, column="met") is None


@pytest.mark.parametrize(
    ("value", "day"),
    [
        ("04-Mar-26", date(2026, 3, 4)),  # Excel's d-mmm-yy
        ("4-Mar-2026", date(2026, 3, 4)),
        ("04.03.2026", date(2026, 3, 4)),  # German/European Excel and LibreOffice
        ("4.3.26", date(2026, 3, 4)),
        ("13/3/2026", date(2026, 3, 13)),  # only day/month reads
        ("3/13/2026", date(2026, 3, 13)),  # only month/day reads
        ("3/3/2026", date(2026, 3, 3)),  # both readings are the same day
    ],
)
def test_dates_a_spreadsheet_rewrote_read_when_only_one_reading_is_possible(
    value: str, day: date
) -> None:
    assert read_date(value, line=1, column="met") == day


@pytest.mark.parametrize("value", ["2026-02-30", "someday", "yesterday", "3/4/2026", "31.02.2026"])
def test_an_impossible_ambiguous_or_relative_date_is_refused(value: str) -> None:
    with pytest.raises(InvalidValue) as err:
        read_date(value, line=9, column="last_contact")
    assert str(err.value) == "line 9: invalid date in last_contact (use YYYY-MM-DD)"


def test_yes_no_cells_and_cadence_and_tier() -> None:
    assert read_bool("Yes", line=1, column="core") is True
    assert read_bool("", line=1, column="core") is False
    assert read_every("90", line=1) == 90
    assert read_every("120d", line=1) == 120
    assert read_tier("Regional-National", line=1) == "regional"
    assert read_tier("local", line=1) == "home"
    with pytest.raises(InvalidValue, match="line 4: invalid value in core"):
        read_bool("maybe", line=4, column="core")
    with pytest.raises(InvalidValue, match="line 4: invalid cadence in every"):
        read_every("0", line=4)
    with pytest.raises(InvalidValue, match="line 4: unknown tier in tier"):
        read_tier("galaxy", line=4)


def test_mentor_kinds_split_into_the_contact_and_join_back() -> None:
    types, kinds = split_types(["mentor:research", "mentor:career", "sponsor"])
    assert (types, kinds) == (["mentor", "sponsor"], ["research", "career"])
    assert join_types(types, kinds) == ["mentor:research", "mentor:career", "sponsor"]
    assert join_types(["peer"], []) == ["peer"]


def test_a_contact_becomes_a_row_and_back_without_losing_fields() -> None:
    contact = Contact(
        id=4,
        name="Dr. Layla Haddad",
        role="program director",
        institution="Cleveland Clinic",
        specialty="general surgery",
        email="haddadl@example.org",
        phone="+1 216 555 0117",
        linkedin="https://www.linkedin.com/in/laylahaddad",
        x="@laylahaddadmd",
        how_met="Sub-I rotation",
        types=["mentor", "sponsor"],
        mentor_kinds=["application-strategy"],
        tier="regional",
        tags=["gen-surg"],
        core=True,
        cadence_days=60,
        notes="prefers early-week emails",
        archived=False,
    )
    record = record_from_contact(contact, met=date(2025, 7, 1), last_contact=date(2026, 1, 5))
    assert record.types == ["mentor:application-strategy", "sponsor"]
    assert record.every == 60 and record.met == date(2025, 7, 1)
    assert split_types(record.types) == (contact.types, contact.mentor_kinds)


def test_linkedin_addresses_match_however_they_were_written() -> None:
    forms = [
        "https://www.linkedin.com/in/Jane-Doe/",
        "http://linkedin.com/in/jane-doe",
        "linkedin.com/in/jane-doe?trk=people",
        "https://uk.linkedin.com/in/jane-doe",
    ]
    assert {linkedin_key(f) for f in forms} == {"linkedin.com/in/jane-doe"}
    assert linkedin_key("") is None
    assert email_key(" Jane.Doe@Example.ORG ") == "jane.doe@example.org"


def test_a_record_needs_only_a_name() -> None:
    record = ContactRecord(name="Kwame Mensah")
    assert record.types == [] and record.core is False and record.met is None
