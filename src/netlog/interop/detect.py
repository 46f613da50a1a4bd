"""Reading an import file: decoding its bytes, guessing its format, choosing a reader."""

from __future__ import annotations

from netlog.errors import InvalidValue
from netlog.interop.records import ImportResult

IMPORT_FORMATS: tuple[str, ...] = ("csv", "linkedin", "vcard")


def decode(data: bytes) -> str:
    """The text of a UTF-8 file (a byte-order mark is dropped).

    Anything else is refused with a hint, rather than guessed: a wrong guess
    would store garbled names.
    """
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InvalidValue(
            f"the file is not UTF-8 text (byte {exc.start + 1}); "
            "in a spreadsheet program save it as 'CSV UTF-8'"
        ) from None


def detect_format(text: str) -> str:
    """Guess ``csv``, ``linkedin`` or ``vcard`` from the content.

    vCard: the first non-blank line is ``BEGIN:VCARD``. LinkedIn: a header
    with First Name, Last Name and Connected On (or Company) near the top.
    csv: a first row that names a ``name`` column. Anything else raises
    :class:`InvalidValue` asking for an explicit format.
    """
    from netlog.interop.csvio import csv_rows, header_has_name
    from netlog.interop.linkedin import looks_like_linkedin

    body = text.removeprefix("\ufeff").lstrip()
    first = body.split("\n", 1)[0].strip().upper()
    if first == "BEGIN:VCARD":
        return "vcard"
    if first == "BEGIN:VCALENDAR":
        raise InvalidValue("this is a calendar file; netlog imports csv, linkedin or vcard")
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
        "cannot tell the file's format; name it with --format csv, linkedin or vcard"
    )


def read_import(text: str, fmt: str | None = None) -> ImportResult:
    """Read contacts from text in ``fmt`` (guessed with :func:`detect_format` when None)."""
    fmt = fmt or detect_format(text)
    if fmt == "csv":
        from netlog.interop.csvio import read_contacts

        return read_contacts(text)
    if fmt == "linkedin":
        from netlog.interop.linkedin import read_linkedin

        return read_linkedin(text)
    if fmt == "vcard":
        from netlog.interop.vcard import read_vcards

        return read_vcards(text)
    raise InvalidValue(f"unknown import format {fmt!r} (use one of: {', '.join(IMPORT_FORMATS)})")
