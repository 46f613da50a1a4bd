"""JSON export and telling import formats apart."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from netlog.errors import InvalidValue
from netlog.interop.detect import decode, detect_format, read_import
from netlog.interop.jsonio import contacts_to_json, touchpoints_to_json
from netlog.interop.records import ContactRecord, TouchpointRecord

FIXTURES = Path(__file__).parent / "fixtures"


def test_json_has_every_field_with_iso_dates() -> None:
    record = ContactRecord(
        name="أحمد الخطيب",
        types=["mentor:research"],
        tags=["ct"],
        core=True,
        met=date(2025, 3, 21),
        last_contact=date(2026, 1, 2),
    )
    (item,) = contacts_to_json([record])
    assert set(item) == {
        "name", "role", "institution", "specialty", "email", "phone", "linkedin", "x",
        "how_met", "types", "tier", "tags", "core", "every", "notes", "archived", "met",
        "last_contact", "next_step", "uid",
    }  # fmt: skip
    assert item["met"] == "2025-03-21" and item["last_contact"] == "2026-01-02"
    assert item["core"] is True and item["every"] is None
    assert json.loads(json.dumps(item, ensure_ascii=False))["name"] == "أحمد الخطيب"


def test_touchpoints_as_json() -> None:
    tp = TouchpointRecord(contact="王小明", email=None, date=date(2026, 3, 12), kind="met")
    (item,) = touchpoints_to_json([tp])
    assert item["date"] == "2026-03-12" and item["follow_up"] is None and item["kind"] == "met"


@pytest.mark.parametrize(
    ("fixture", "fmt", "count"),
    [
        ("linkedin_connections_current.csv", "linkedin", 5),
        ("linkedin_connections_old.csv", "linkedin", 2),
        ("excel_contacts.csv", "csv", 3),
        ("google_contacts.vcf", "vcard", 2),
        ("apple_contacts.vcf", "vcard", 1),
        ("rfc6350_simon.vcf", "vcard", 1),
    ],
)
def test_the_format_is_told_from_the_content(fixture: str, fmt: str, count: int) -> None:
    text = decode((FIXTURES / fixture).read_bytes())
    assert detect_format(text) == fmt
    assert len(read_import(text).rows) == count


def test_an_unknown_file_asks_for_a_format() -> None:
    with pytest.raises(InvalidValue, match="--format"):
        detect_format("hello, world\n1,2\n")
    with pytest.raises(InvalidValue, match="calendar"):
        detect_format("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")
    with pytest.raises(InvalidValue, match="unknown import format 'xls'"):
        read_import("name\nPriya\n", "xls")


def test_a_file_saved_in_a_legacy_encoding_is_refused_with_a_hint() -> None:
    with pytest.raises(InvalidValue, match=r"not UTF-8.*CSV UTF-8"):
        decode("name\nZoë Ångström\n".encode("cp1252"))
    assert decode(b"\xef\xbb\xbfname\r\n") == "name\r\n"
