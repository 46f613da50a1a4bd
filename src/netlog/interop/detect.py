"""Reading an import file: decoding its bytes, guessing its format, choosing a reader."""

from __future__ import annotations

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


def _looks_cp1252(data: bytes) -> bool:
    try:
        data.decode("cp1252")
    except UnicodeDecodeError:
        return False
    return True


def decode(data: bytes, name: str = "") -> str:
    """The text of a UTF-8 file (a byte-order mark is dropped), or of UTF-16 with its mark.

    Anything else is refused with a hint that fits the file, rather than
    guessed: a wrong guess would store garbled names.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass  # the UTF-8 attempt below names the byte
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        at = f"byte {exc.start + 1}"
        vcard = name.lower().endswith((".vcf", ".vcard")) or b"BEGIN:VCARD" in data[:4096].upper()
        if _looks_cp1252(data):
            writer = (
                "older Outlook and Windows programs write"
                if vcard
                else ("Excel's plain 'CSV' and Outlook write")
            )
            what = (
                f"the file is not UTF-8 text ({at} is not UTF-8): it looks like "
                f"Windows-1252 (Western European), as {writer}"
            )
        else:
            what = f"the file is not UTF-8 text ({at}) and not Windows-1252 either"
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
        raise InvalidValue(f"{what}; {fix}") from None


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
