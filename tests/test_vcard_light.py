"""The light reading of a plain card (vobject's line reader, parser and behaviors,
without its Component and ContentLines) gives every property exactly as vobject's
full parse does, field by field; anything it does not read is left to vobject."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import vobject
from hypothesis import given, settings
from hypothesis import strategies as st
from vobject import vcard

from netlog.interop import vcard_read
from netlog.interop.records import ImportResult
from netlog.interop.vcard_read import numbered_lines, pieces_of, split_components, strip_photos

FIXTURES = Path(__file__).parent / "fixtures"
VCF_FIXTURES = sorted(FIXTURES.glob("*.vcf"))


def _value(value: Any) -> Any:
    if isinstance(value, vcard.Name | vcard.Address):
        return type(value).__name__, vars(value)
    return value


def _state(card: Any) -> dict[str, list[tuple[Any, ...]]]:
    return {
        key: [
            (
                line.name,
                line.group,
                line.params,
                line.singletonparams,
                _value(line.value),
                bool(line.encoded),
                line.behavior,
            )
            for line in lines
        ]
        for key, lines in card.contents.items()
    }


def _components(text: str) -> list[str]:
    result = ImportResult(rows=[], skipped_blank=0)
    return [
        strip_photos("\n".join(held), result)
        for _, held in split_components(numbered_lines(pieces_of(text)))
    ]


def check_light_as_vobject(text: str) -> bool:
    """True when the light reading read the card (and matched vobject's)."""
    light = vcard_read._light_card(text)
    if light is None:
        return False
    cards = list(vobject.readComponents(text, allowQP=True))
    assert [c.name for c in cards] == ["VCARD"]
    assert _state(light) == _state(cards[0])
    return True


@pytest.mark.parametrize("path", VCF_FIXTURES, ids=lambda p: p.name)
def test_every_fixture_card_reads_light_as_vobject_reads_it(path: Path) -> None:
    text = path.read_text(encoding="utf-8-sig")
    for component in _components(text):
        check_light_as_vobject(component)


def test_a_card_as_netlog_google_and_apple_write_it_is_read_light() -> None:
    card = "\r\n".join(
        [
            "BEGIN:VCARD",
            "VERSION:3.0",
            "PRODID:-//Apple Inc.//iPhone OS 17.0//EN",
            "N:Brown;Aarav;Kumar;Dr.;",
            "FN:Dr. Aarav Kumar Brown",
            "ORG:AIIMS Delhi;Orthopaedics",
            "TITLE:attending\\, spine",
            "item1.EMAIL;type=INTERNET;type=pref:aarav@example.org",
            "item1.X-ABLabel:_$!<Other>!$_",
            "TEL;type=CELL;type=VOICE;type=pref:+1 617 555 2866",
            "ADR;type=HOME:;;1 Main St;Boston;MA;02115;USA",
            "NOTE:met at AAOS\\nsecond line\\; more",
            "CATEGORIES:spine,trauma\\,research",
            "URL;type=pref:https\\://www.linkedin.com/in/aarav",
            "UID:urn:uuid:73677bb4-6b36-427b-96b5-4fccf184205c",
            "X-NETLOG-TIER:A",
            "END:VCARD",
        ]
    )
    assert check_light_as_vobject(card)


def test_quoted_printable_and_encoded_cards_are_left_to_vobject() -> None:
    qp = "BEGIN:VCARD\nVERSION:2.1\nN;ENCODING=QUOTED-PRINTABLE:caf=C3=A9;\nEND:VCARD\n"
    b64 = "BEGIN:VCARD\nVERSION:3.0\nFN:A\nNOTE;ENCODING=b:aGk=\nEND:VCARD\n"
    nested = "BEGIN:VCARD\nFN:A\nAGENT:\nBEGIN:VCARD\nFN:B\nEND:VCARD\nEND:VCARD\n"
    for text in (qp, b64, nested):
        assert vcard_read._light_card(text) is None


_NAMES = [
    "FN", "N", "ORG", "ADR", "TITLE", "ROLE", "NOTE", "EMAIL", "TEL", "URL", "CATEGORIES",
    "UID", "PRODID", "LABEL", "GEO", "REV", "BDAY", "NICKNAME", "VERSION", "X-SOCIALPROFILE",
    "X-NETLOG-TIER", "X-NETLOG-TYPES", "x-netlog-how-met", "fn", "item1.EMAIL", "Lotus_Name",
]  # fmt: skip
_PARAMS = [
    "", "", "", ";TYPE=WORK", ";TYPE=INTERNET,pref", ";PREF=1", ";type=home;type=pref", ";WORK",
    ";VALUE=uri", ';X-A="q;u:o,t"', ";LANGUAGE=en", ";TYPE=", ";pref",
]  # fmt: skip
_ENCODED = [";CHARSET=UTF-8", ";ENCODING=QUOTED-PRINTABLE", ";ENCODING=b", ";BASE64"]
_text = st.text(alphabet='ab \\,;:nN"é=\tx', max_size=14)


@st.composite
def plain_cards(draw: st.DrawFn) -> str:
    lines = ["BEGIN:VCARD"]
    for _ in range(draw(st.integers(0, 8))):
        name = draw(st.sampled_from(_NAMES))
        params = draw(st.sampled_from(_ENCODED if draw(st.integers(0, 30)) == 0 else _PARAMS))
        line = f"{name}{params}:{draw(_text)}"
        if draw(st.integers(0, 5)) == 0 and len(line) > 3:
            line = line[:3] + "\n " + line[3:]
        lines.append(line)
    lines.append(draw(st.sampled_from(["END:VCARD"] * 8 + ["end:vcard", "END:VCALENDAR"])))
    return "\n".join(lines) + draw(st.sampled_from(["", "\n", "\r\n", "\nFN:after\n"]))


@settings(max_examples=500, deadline=None)
@given(text=plain_cards())
def test_random_cards_read_light_as_vobject_reads_them(text: str) -> None:
    check_light_as_vobject(text)
