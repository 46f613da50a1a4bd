"""Reading an import file: decoding its bytes, guessing its format, choosing a reader."""

from __future__ import annotations

import codecs
from collections.abc import Callable, Iterable, Iterator

from netlog.errors import InvalidValue
from netlog.interop.records import ImportResult, RowSpool

IMPORT_FORMATS: tuple[str, ...] = ("csv", "linkedin", "vcard", "google", "outlook")

FORMAT_NAMES: dict[str, str] = {
    "csv": "netlog's CSV or a spreadsheet with a name column",
    "linkedin": "LinkedIn's Connections.csv",
    "vcard": "vCard address book",
    "google": "Google Contacts CSV",
    "outlook": "Outlook contacts CSV",
}


_UTF16_MARKS = (b"\xff\xfe", b"\xfe\xff")

CHUNK = 1 << 16
"""Bytes decoded at a time when a file is read in pieces (:func:`decode_pieces`).
Small blocks keep memory down: a megabyte at a time left 15 MB more of the
heap in use when 10,000 cards had been read (freed blocks that the small
objects of the cards read in between keep from being given back)."""

Blocks = Callable[[], Iterable[bytes]]
"""A file's bytes from its start, a block at a time, as often as asked."""


def _looks_cp1252(data: bytes) -> bool:
    try:
        data.decode("cp1252")
    except UnicodeDecodeError:
        return False
    return True


def _looks_vcard(name: str, head: bytes) -> bool:
    return name.lower().endswith((".vcf", ".vcard")) or b"BEGIN:VCARD" in head[:4096].upper()


def decode(data: bytes, name: str = "") -> str:
    """The text of a UTF-8 file (a byte-order mark is dropped), or of UTF-16 with its mark.

    Anything else is refused with a hint that fits the file, rather than
    guessed: a wrong guess would store garbled names.
    """
    if data.startswith(_UTF16_MARKS):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass  # the UTF-8 attempt below names the byte
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _refusal(exc.start + 1, _looks_cp1252(data), _looks_vcard(name, data)) from None


def _codec(head: bytes) -> str:
    """The codec :func:`decode` reads a file starting with ``head`` by."""
    return "utf-16" if head.startswith(_UTF16_MARKS) else "utf-8-sig"


def decode_pieces(blocks: Blocks, name: str = "") -> Iterator[str]:
    """The text :func:`decode` gives of the whole file, a piece at a time, and the same
    refusal: a large file is never held whole, as bytes or as text.

    The refusal is raised when the first undecodable byte is reached; the file
    is then read again to name that byte as :func:`decode` does and to see
    whether it would be Windows-1252.
    """
    decoder: codecs.IncrementalDecoder | None = None
    try:
        for block in blocks():
            if decoder is None:
                decoder = codecs.getincrementaldecoder(_codec(block))()
            text = decoder.decode(block)
            if text:
                yield text
        text = decoder.decode(b"", final=True) if decoder is not None else ""
        if text:
            yield text
    except UnicodeDecodeError:
        raise _refusal_of(blocks, name) from None


def head_text(blocks: Blocks) -> tuple[str, bool]:
    """The decoded text of the file's first block, and whether it is the whole file;
    ("", False) when that block does not decode (:func:`decode` will say why)."""
    found = iter(blocks())
    head = next(found, b"")
    whole = next(found, None) is None
    try:
        return codecs.getincrementaldecoder(_codec(head))().decode(head, final=whole), whole
    except UnicodeDecodeError:
        return "", False


def _refusal_of(blocks: Blocks, name: str) -> InvalidValue:
    """:func:`decode`'s refusal of a file, read a block at a time."""
    return _refusal(
        _first_bad_byte(blocks), _looks_cp1252_blocks(blocks), _head_vcard(blocks, name)
    )


def _first_bad_byte(blocks: Blocks) -> int:
    """The number :func:`decode` gives the first byte that is not UTF-8 (counted after
    a UTF-8 byte-order mark, as ``bytes.decode("utf-8-sig")`` counts)."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    done = 0
    first = True
    for block in blocks():
        if first and block.startswith(codecs.BOM_UTF8):
            block = block[len(codecs.BOM_UTF8) :]
        first = False
        pending = len(decoder.getstate()[0])
        try:
            decoder.decode(block)
        except UnicodeDecodeError as exc:
            return done - pending + exc.start + 1
        done += len(block)
    pending = len(decoder.getstate()[0])
    try:
        decoder.decode(b"", final=True)
    except UnicodeDecodeError as exc:
        return done - pending + exc.start + 1
    return done + 1


def _looks_cp1252_blocks(blocks: Blocks) -> bool:
    decoder = codecs.getincrementaldecoder("cp1252")()
    try:
        for block in blocks():
            decoder.decode(block)
    except UnicodeDecodeError:
        return False
    return True


def _head_vcard(blocks: Blocks, name: str) -> bool:
    return _looks_vcard(name, next(iter(blocks()), b""))


def _refusal(at: int, cp1252: bool, vcard: bool) -> InvalidValue:
    """Why a file that is not UTF-8 is refused (``at``: its first bad byte, from 1), and
    how to convert it."""
    where = f"byte {at}"
    if cp1252:
        writer = (
            "older Outlook and Windows programs write"
            if vcard
            else ("Excel's plain 'CSV' and Outlook write")
        )
        what = (
            f"the file is not UTF-8 text ({where} is not UTF-8): it looks like "
            f"Windows-1252 (Western European), as {writer}"
        )
    else:
        what = f"the file is not UTF-8 text ({where}) and not Windows-1252 either"
    if vcard:
        fix = (
            "export the cards again as vCard 3.0 or 4.0 (UTF-8), or convert it: "
            "iconv -f WINDOWS-1252 -t UTF-8 FILE > FILE-utf8.vcf"
        )
    else:
        fix = (
            "in Excel save it as 'CSV UTF-8 (Comma delimited)'; in LibreOffice tick "
            "'Edit filter settings' and choose Unicode (UTF-8); or convert it: "
            "iconv -f WINDOWS-1252 -t UTF-8 FILE > FILE-utf8.csv"
        )
    return InvalidValue(f"{what}; {fix}")


def first_line(text: str) -> str:
    """``text.split("\n", 1)[0]`` without copying the rest of the text."""
    end = text.find("\n")
    return text if end < 0 else text[:end]


def detect_format(text: str) -> str:
    """Guess the format from the content.

    vCard: the first non-blank line is ``BEGIN:VCARD``. LinkedIn: a header
    with First Name, Last Name and Connected On near the top. Google and
    Outlook: their own headers (``E-mail 1 - Value``; ``E-mail Address`` with
    ``Job Title``). csv: a first row that names a ``name`` column. Anything
    else raises :class:`InvalidValue` asking for an explicit format.
    """
    from netlog.interop.addressbook import sniff
    from netlog.interop.csvio import csv_rows, header_has_name
    from netlog.interop.linkedin import looks_like_linkedin

    body = text.removeprefix("\ufeff").lstrip()
    first = first_line(body).strip().upper()
    if first == "BEGIN:VCARD":
        return "vcard"
    if first == "BEGIN:VCALENDAR":
        raise InvalidValue(
            "this is a calendar file; netlog imports csv, linkedin, vcard, google or outlook"
        )
    book = sniff(body)
    if book:
        return book
    if looks_like_linkedin(body):
        return "linkedin"
    try:
        for _, row in csv_rows(body):
            if any(cell.strip() for cell in row):
                if header_has_name(row):
                    return "csv"
                break
    except InvalidValue:
        pass
    raise InvalidValue(
        "cannot tell the file's format; name it with --format csv, linkedin, vcard, "
        "google or outlook"
    )


def read_import(text: str, fmt: str | None = None, spool: RowSpool | None = None) -> ImportResult:
    """Read contacts from text in ``fmt`` (guessed with :func:`detect_format` when None);
    with ``spool``, the rows go there instead of the result's ``rows``."""
    fmt = fmt or detect_format(text)
    if fmt == "csv":
        from netlog.interop.csvio import read_contacts

        return read_contacts(text, spool)
    if fmt == "linkedin":
        from netlog.interop.linkedin import read_linkedin

        return read_linkedin(text, spool)
    if fmt == "vcard":
        from netlog.interop.vcard_read import read_vcards

        return read_vcards(text, spool=spool)
    if fmt == "google":
        from netlog.interop.addressbook import read_google

        return read_google(text, spool)
    if fmt == "outlook":
        from netlog.interop.addressbook import read_outlook

        return read_outlook(text, spool)
    raise InvalidValue(f"unknown import format {fmt!r} (use one of: {', '.join(IMPORT_FORMATS)})")
