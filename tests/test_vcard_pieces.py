"""A vCard file is read a piece at a time, card by card, with the outcome of reading it whole.

``netlog import FILE.vcf`` never holds the file's text: it decodes the file in
blocks, splits it into top-level cards and hands each card to vobject on its
own. The rows, the counts (photos left out, cards without a name), the line
numbers in messages and the refusals must be those of handing vobject the
whole text at once, which is what :func:`whole_text_rows` below does, the way
netlog read vCards before.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from netlog import importing
from netlog.cli import app
from netlog.errors import InvalidValue
from netlog.interop import detect, vcard_read
from netlog.interop.records import ImportResult, ImportRow
from netlog.interop.vcard_read import numbered_lines, read_vcard_pieces, read_vcards

FIXTURES = Path(__file__).parent / "fixtures"
VCF_FIXTURES = sorted(FIXTURES.glob("*.vcf"))


# --- the whole text handed to vobject at once ---------------------------------------------


def _begin_lines(text: str) -> list[int]:
    found: list[int] = []
    depth = 0
    for number, line in enumerate(text.splitlines(), start=1):
        word = line.strip().upper()
        if word == "BEGIN:VCARD":
            if depth == 0:
                found.append(number)
            depth += 1
        elif word == "END:VCARD" and depth:
            depth -= 1
    return found


def whole_text_rows(text: str) -> ImportResult:
    """The vCards of ``text`` read as one: photos stripped from the whole text, its
    raw values and its cards read by vobject in one pass each."""
    import vobject
    from vobject.base import VObjectError

    text = text.removeprefix("\ufeff")
    begins = _begin_lines(text)
    if not begins:
        raise InvalidValue("no vCard found: the file has no BEGIN:VCARD line")
    result = ImportResult(rows=[], skipped_blank=0)
    text = vcard_read.strip_photos(text, result)
    try:
        raw = vcard_read._raw_text_values(text)
    except (VObjectError, ValueError, TypeError):
        raw = []
    cards = vobject.readComponents(io.StringIO(text), allowQP=True)
    index = 0
    while True:
        line = begins[min(index, len(begins) - 1)]
        try:
            card = next(cards)
        except StopIteration:
            break
        except (VObjectError, ValueError, TypeError) as exc:
            reason = str(getattr(exc, "msg", None) or "it is not valid vCard").split(":", 1)[0]
            raise InvalidValue(f"line {line}: this vCard cannot be read ({reason})") from None
        if card.name != "VCARD":
            continue
        if index < len(raw):
            vcard_read._keep_commas(card, raw[index])
        index += 1
        record = vcard_read._record(card, result, line=line)
        if record is None:
            result.skipped_blank += 1
        else:
            result.add(ImportRow(line, record))
    return result


def outcome(read: Callable[[], ImportResult]) -> tuple[str, Any]:
    """What a reader gives: its rows and counts, or its refusal."""
    try:
        result = read()
    except InvalidValue as exc:
        return "refused", str(exc)
    return "read", (result.rows, result.skipped_blank, result.dropped)


def in_pieces(text: str, size: int) -> ImportResult:
    text = text.removeprefix("\ufeff")
    pieces = [text[i : i + size] for i in range(0, len(text), size)]
    cards, _ = vcard_read.count_vcards(pieces)
    return read_vcard_pieces(pieces, cards)


# --- the cards files hold ------------------------------------------------------------------


@pytest.mark.parametrize("path", VCF_FIXTURES, ids=lambda p: p.name)
@pytest.mark.parametrize("size", [1, 7, 64, 1 << 20])
def test_each_real_file_read_in_pieces_gives_the_rows_of_the_whole_text(
    path: Path, size: int
) -> None:
    text = path.read_text(encoding="utf-8")
    expected = outcome(lambda: whole_text_rows(text))
    assert expected[0] == "read"
    assert outcome(lambda: in_pieces(text, size)) == expected
    assert outcome(lambda: read_vcards(text)) == expected


_value = st.text(alphabet=st.sampled_from(list("ab Zé王,;:=\\")), min_size=1, max_size=12).filter(
    lambda s: s.strip() and s[0] not in " \t"
)


@st.composite
def cards(draw: st.DrawFn) -> str:
    """One card as phones, Outlook, Google and netlog write them: folded lines, bare
    commas, 2.1 quoted-printable and base64 photos ended by a blank line, an AGENT
    card inside, a card with no name; now and then a line vobject cannot read."""
    lines = ["BEGIN:VCARD", f"VERSION:{draw(st.sampled_from(['2.1', '3.0', '4.0']))}"]
    if draw(st.booleans()):
        name = draw(_value)
        lines.append(f"FN:{name}" if draw(st.booleans()) else f"N:{name};{draw(_value)};;;")
    for _ in range(draw(st.integers(0, 4))):
        kind = draw(
            st.sampled_from(
                ["title", "org", "note", "fold", "qp", "photo21", "photo30", "agent", "x", "bad"]
            )
        )
        value = draw(_value)
        if kind == "title":
            lines.append(f"TITLE:{value}, {draw(_value)}")
        elif kind == "org":
            lines.append(f"item1.ORG:{value};{draw(_value)}")
        elif kind == "note":
            lines.append(f"NOTE:{value}")
        elif kind == "fold":
            lines += [f"NOTE:{value}", f" {draw(_value)}", f"\t{draw(_value)}"]
        elif kind == "qp":
            lines += ["NOTE;ENCODING=QUOTED-PRINTABLE:caf=C3=A9 line=", "END:VCARD =", "two"]
        elif kind == "photo21":
            body = draw(st.sampled_from(["/9j/4AAQSkZJRg==", "!!not*base64"]))
            lines += [f"PHOTO;ENCODING=BASE64;JPEG:{body}", "  AAAA", "AAAA", ""]
        elif kind == "photo30":
            lines += ["PHOTO;ENCODING=b;TYPE=JPEG:/9j/4AAQ", " SkZJRg=="]
        elif kind == "agent":
            lines += ["AGENT:", "BEGIN:VCARD", "VERSION:2.1", f"FN:{value}", "END:VCARD"]
        elif kind == "x":
            lines.append(f"X-NETLOG-HOW-MET:{value}")
        else:
            lines.append(draw(st.sampled_from(["not a property line", "END:VCALENDAR"])))
    return "\n".join([*lines, "END:VCARD"])


@st.composite
def files(draw: st.DrawFn) -> str:
    parts = draw(st.lists(cards(), min_size=1, max_size=6))
    between = draw(st.sampled_from(["\n", "\n\n", "\n \n"]))
    text = between.join(parts) + draw(st.sampled_from(["", "\n"]))
    if draw(st.booleans()):
        text = text.replace("\n", "\r\n")
    if draw(st.booleans()):
        text = "\ufeff" + text
    return text


@settings(max_examples=300, deadline=None)
@given(text=files(), size=st.integers(1, 200))
def test_random_cards_read_in_pieces_give_the_rows_of_the_whole_text(text: str, size: int) -> None:
    assert outcome(lambda: in_pieces(text, size)) == outcome(lambda: whole_text_rows(text))


def test_a_bare_comma_in_a_folded_line_keeps_the_whole_title() -> None:
    text = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ann Lee\r\nTITLE:Program Director\r\n , General\r\n  Surgery\r\nEND:VCARD\r\n"
    (row,) = in_pieces(text, 8).rows
    assert row.record.role == "Program Director, General Surgery"


def test_a_nested_agent_card_stays_inside_its_card() -> None:
    text = (
        "BEGIN:VCARD\r\nVERSION:2.1\r\nFN:Ana Ruiz\r\nAGENT:\r\nBEGIN:VCARD\r\nVERSION:2.1\r\n"
        "FN:Her Assistant\r\nEND:VCARD\r\nTITLE:Chair\r\nEND:VCARD\r\n"
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Bo Chen\r\nEND:VCARD\r\n"
    )
    result = in_pieces(text, 5)
    assert [(row.line, row.record.name, row.record.role) for row in result.rows] == [
        (1, "Ana Ruiz", "Chair"),
        (11, "Bo Chen", None),
    ]
    assert outcome(lambda: in_pieces(text, 5)) == outcome(lambda: whole_text_rows(text))


def test_a_2_1_photo_ended_by_a_blank_line_is_left_out_and_counted() -> None:
    text = (FIXTURES / "android_2_1.vcf").read_text(encoding="utf-8")
    result = in_pieces(text, 3)
    assert [row.record.name for row in result.rows] == ["Dr. Jörg Müller", "Kwame Mensah"]
    assert result.dropped == {"photo": 1}


@given(
    text=st.text(alphabet=st.sampled_from(list("ab :\r\n\v\f\x1c\x1d\x1e\x85\u2028\u2029é"))),
    size=st.integers(1, 9),
)
def test_lines_are_split_as_vobject_reads_them_and_numbered_as_the_file_counts_them(
    text: str, size: int
) -> None:
    """Lines split at LF only (as io.StringIO gives them to vobject), each numbered
    by ``str.splitlines`` (a lone CR or a form feed also ends a line there)."""
    pieces = [text[i : i + size] for i in range(0, len(text), size)]
    expected: list[tuple[int, str]] = []
    start = 0
    for line in io.StringIO(text):
        expected.append((len(text[:start].splitlines()) + 1, line.removesuffix("\n")))
        start += len(line)
    assert list(numbered_lines(pieces)) == expected


# --- netlog import -------------------------------------------------------------------------


@pytest.fixture
def small_blocks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Files are read in blocks of 13 bytes (a character's bytes split between two)."""
    monkeypatch.setattr(importing, "CHUNK", 13)


def run_import(tmp_path: Path, path: Path, *args: str) -> tuple[int, str]:
    env = {"NETLOG_DB": str(tmp_path / "net.db"), "NETLOG_CONFIG": str(tmp_path / "none.toml")}
    result = CliRunner().invoke(app, ["import", str(path), *args], env=env)
    return result.exit_code, result.stdout + result.stderr


def card(name: str, *extra: str) -> str:
    return "\r\n".join(["BEGIN:VCARD", "VERSION:3.0", f"FN:{name}", *extra, "END:VCARD", ""])


def test_a_bad_card_in_the_middle_of_a_large_file_is_named_by_its_line(
    tmp_path: Path, small_blocks: None
) -> None:
    good = [card(f"Person {i}", "TITLE:Fellow, Research") for i in range(3000)]
    good[1700] = card("Broken", "this line is not a property")
    path = tmp_path / "big.vcf"
    path.write_text("".join(good), encoding="utf-8")
    code, printed = run_import(tmp_path, path)
    assert code == 1
    assert f"line {1700 * 5 + 1}: this vCard cannot be read (Failed to parse line)" in printed
    assert "Traceback" not in printed and "this line is not" not in printed


@pytest.mark.parametrize("mark", [b"", b"\xef\xbb\xbf"])
@pytest.mark.parametrize("newline", ["\r\n", "\n"])
def test_a_utf8_file_with_or_without_its_mark_imports_every_card(
    tmp_path: Path, small_blocks: None, mark: bytes, newline: str
) -> None:
    text = "".join(card(f"Zoë Ŝmith {i}", "ORG:Charité, Berlin") for i in range(40))
    path = tmp_path / "cards.vcf"
    path.write_bytes(mark + text.replace("\r\n", newline).encode("utf-8"))
    code, printed = run_import(tmp_path, path)
    assert code == 0, printed
    assert "guessed from its content (--format vcard)" in printed
    assert "40 added" in printed


def test_a_utf16_file_with_its_mark_imports(tmp_path: Path, small_blocks: None) -> None:
    path = tmp_path / "cards.vcf"
    path.write_bytes("".join(card(f"Zoë {i}") for i in range(5)).encode("utf-16"))
    code, printed = run_import(tmp_path, path)
    assert code == 0, printed
    assert "5 added" in printed


@pytest.mark.parametrize("mark", [b"", b"\xef\xbb\xbf"])
def test_a_file_that_is_not_utf8_is_refused_as_when_it_was_read_whole(
    tmp_path: Path, small_blocks: None, mark: bytes
) -> None:
    data = mark + "".join(card(f"Person {i}") for i in range(30)).encode("utf-8")
    data += card("Jos\xe9").encode("cp1252")
    path = tmp_path / "old.vcf"
    path.write_bytes(data)
    with pytest.raises(InvalidValue) as whole:
        detect.decode(data, path.name)
    code, printed = run_import(tmp_path, path)
    assert code == 1
    assert " ".join(str(whole.value).split()) in " ".join(printed.split())
    assert "Windows-1252" in printed


def test_a_vcard_in_a_zip_imports(tmp_path: Path, small_blocks: None) -> None:
    import zipfile

    path = tmp_path / "export.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("contacts/all.vcf", "".join(card(f"Person {i}") for i in range(7)))
    code, printed = run_import(tmp_path, path)
    assert code == 0, printed
    assert "7 added" in printed


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=files())
def test_a_file_imports_as_its_whole_text_reads(tmp_path: Path, text: str) -> None:
    """``netlog import`` (blocks of 5 bytes) keeps what the whole text gives, or
    refuses it with the same message."""
    path = tmp_path / "cards.vcf"
    path.write_text(text, encoding="utf-8", newline="")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(importing, "CHUNK", 5)
        got = outcome(lambda: importing.read_file(path, None)[1])
    assert got == outcome(lambda: whole_text_rows(text))


def test_a_stray_line_between_cards_is_named_by_its_own_line() -> None:
    """A line outside any card makes vobject read all that follows as one nameless
    component; a refusal names that line (the whole text's named the card before)."""
    text = card("Ann Lee") + "END:VCARD\r\n" + card("Bo Chen")
    with pytest.raises(InvalidValue, match=r"^line 5: this vCard cannot be read \(Attempted"):
        in_pieces(text, 4)
    text = card("Ann Lee") + "X-STRAY:1\r\n" + card("Bo Chen")
    assert outcome(lambda: in_pieces(text, 4)) == outcome(lambda: whole_text_rows(text))
    assert [row.record.name for row in in_pieces(text, 4).rows] == ["Ann Lee"]
