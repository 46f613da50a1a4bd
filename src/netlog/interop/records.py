"""The rows every file format converts to and from, and how their fields are read.

A :class:`ContactRecord` is one line of the spreadsheet the guides recommend:
everything a contact has, plus the date of the last contact and the next step
(both computed from the log on export, turned back into touchpoints on
import). It names people, never database ids, so a file can move between
databases.

The ``read_*`` helpers below are shared by every reader; each raises
:class:`~netlog.errors.InvalidValue` with a message that starts with
``line N:`` so the user can find the row in the file.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urlsplit

from netlog.domain import Contact
from netlog.errors import InvalidValue
from netlog.vocabulary import (
    MENTOR_KINDS,
    RELATIONSHIP_TYPES,
    TIERS,
    is_email,
    join_types,
    tier_word,
    type_problem,
)


def lines_of(text: str, breaks: re.Pattern[str], *, ends: bool) -> Iterator[str]:
    """The lines of ``text``, split where ``breaks`` matches, one at a time (a
    large file's lines are never all held at once); ``ends``: each with its break."""
    search = breaks.search
    pos, end = 0, len(text)
    while pos < end:
        found = search(text, pos)
        if found is None:
            yield text[pos:]
            return
        yield text[pos : found.end() if ends else found.start()]
        pos = found.end()


@dataclass(slots=True)
class ContactRecord:
    """A contact as a row in a file (no id; people are matched by link, email, name).

    ``types`` holds relationship words with mentor kinds written
    ``mentor:KIND`` (``["mentor:research", "sponsor"]``); ``every`` is the
    personal cadence in days; ``met`` the day the two of you first met (for
    LinkedIn: "Connected On"); ``last_contact`` and ``next_step`` summarise
    the log.
    """

    name: str
    role: str | None = None
    institution: str | None = None
    specialty: str | None = None
    email: str | None = None
    phone: str | None = None
    linkedin: str | None = None
    x: str | None = None
    how_met: str | None = None
    types: list[str] = field(default_factory=list)
    tier: str | None = None
    tags: list[str] = field(default_factory=list)
    core: bool = False
    every: int | None = None
    notes: str | None = None
    archived: bool = False
    met: date | None = None
    last_contact: date | None = None
    next_step: str | None = None
    uid: str | None = None
    """netlog's own key for the person (32 hex digits); matched first on import."""
    updated: str | None = None
    """When the contact last changed (UTC ISO), for a vCard's REV; not read back."""


@dataclass(slots=True)
class TouchpointRecord:
    """A touchpoint as a row in a file; the person is named by name and email."""

    contact: str
    email: str | None
    date: dt.date
    channel: str = "other"
    kind: str = "other"
    direction: str = "out"
    event: str | None = None
    note: str | None = None
    next_step: str | None = None
    follow_up: dt.date | None = None
    awaiting_reply: bool = False


@dataclass(slots=True, frozen=True)
class ImportRow:
    """One contact read from a file, with the line of the file it starts on."""

    line: int
    record: ContactRecord


@dataclass(slots=True)
class ImportResult:
    """What a reader found: the contacts, and how many rows had no name.

    ``ignored_columns`` lists header cells the reader did not recognise, so
    the command line can mention them instead of dropping data silently.
    """

    rows: list[ImportRow]
    skipped_blank: int = 0
    ignored_columns: list[str] = field(default_factory=list)
    dropped: dict[str, int] = field(default_factory=dict)
    """Fields left out of their rows because they could not be used, by kind
    (``email``, ``date``, ``photo``): the rows still came in."""
    spool: RowSpool | None = None
    """Where the rows go instead of ``rows`` when a reader is given one."""

    def drop(self, kind: str) -> None:
        self.dropped[kind] = self.dropped.get(kind, 0) + 1

    def add(self, row: ImportRow) -> None:
        """Keep a row the reader found (in ``rows``, or in the spool)."""
        if self.spool is None:
            self.rows.append(row)
        else:
            self.spool.append(row)

    def count(self) -> int:
        """How many rows the reader kept."""
        return len(self.rows) if self.spool is None else self.spool.count


class RowSpool:
    """Rows written to a temporary file as a reader finds them, read back once in order.

    An import reads its whole file before it matches anything (an unreadable
    row stops it before any other check), and a large file's records held
    as objects would take several times the file's size. The uids the rows
    carry are kept aside, as the matching needs them all from the start.
    """

    def __init__(self) -> None:
        import tempfile

        self.file = tempfile.TemporaryFile()  # noqa: SIM115 (closed by drain or close)
        self.count = 0
        self.uids: set[str] = set()

    def append(self, row: ImportRow) -> None:
        import pickle

        pickle.dump(row, self.file, pickle.HIGHEST_PROTOCOL)
        self.count += 1
        if row.record.uid:
            self.uids.add(row.record.uid)

    def drain(self) -> Iterator[ImportRow]:
        """The rows in the order they were added; the file is closed at the end."""
        import pickle

        self.file.seek(0)
        try:
            for _ in range(self.count):
                yield pickle.load(self.file)
        finally:
            self.close()

    def close(self) -> None:
        self.file.close()


# --- reading fields -------------------------------------------------------

_ISO_DAY = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}$")
_YEAR = re.compile(r"\b\d{4}\b")


def clean(value: str | None) -> str | None:
    """Strip surrounding whitespace; an empty cell becomes ``None``."""
    if value is None:
        return None
    value = value.strip()
    return value or None


def read_email(value: str | None, *, line: int, column: str = "email") -> str | None:
    """An email address, or ``None`` for an empty cell.

    Accepts what people put in address books (``jane.doe@mgh.harvard.edu``,
    international domains, a ``mailto:`` link) and refuses anything that is
    not one address by the rule ``add`` uses (:func:`netlog.vocabulary.is_email`).
    The message names the line and the column, never the cell: an email column
    sometimes holds a private note.
    """
    value = clean(value)
    if value is None:
        return None
    if value.lower().startswith("mailto:"):
        value = value[len("mailto:") :]
    if not is_email(value):
        raise InvalidValue(f"line {line}: invalid email in {column} (not one address)")
    return value


def email_or_drop(
    value: str | None, result: ImportResult, *, line: int, column: str = "email"
) -> str | None:
    """:func:`read_email`, but a value that is not an address is left out and counted.

    LinkedIn's 2018 export writes ``urn:li:member:…`` where it has no address;
    one such cell must not refuse the whole file.
    """
    try:
        return read_email(value, line=line, column=column)
    except InvalidValue:
        result.drop("email")
        return None


def date_or_drop(value: str | None, result: ImportResult, *, line: int, column: str) -> date | None:
    """:func:`read_date`, but a date in an unknown or ambiguous form is left out and counted."""
    try:
        return read_date(value, line=line, column=column)
    except InvalidValue:
        result.drop("date")
        return None


_NUMERIC_DAY = re.compile(r"^(\d{1,2})([./-])(\d{1,2})\2(\d{2}|\d{4})$")
_NAMED_MONTH = re.compile(r"^(\d{1,2})[- ]([A-Za-z]{3,9})\.?[- ](\d{2}|\d{4})$")


def _year(text: str) -> int:
    year = int(text)
    return year + 2000 if len(text) == 2 else year


def _numeric_day(match: re.Match[str]) -> date | None:
    """``04.03.2026`` (day first, as every dotted form is), ``13/3/2026`` or
    ``3/13/2026`` (one reading only); ``3/4/2026`` could be March or April: None."""
    first, sep, second, year_text = match.groups()
    a, b, year = int(first), int(second), _year(year_text)
    if sep == ".":
        readings = [(a, b)]
    else:
        readings = [(d, m) for d, m in ((a, b), (b, a)) if m <= 12 and d <= 31]
        if len(readings) == 2 and a != b:
            return None
    for day, month in readings[:1]:
        try:
            return date(year, month, day)
        except ValueError:
            return None
    return None


def read_date(value: str | None, *, line: int, column: str) -> date | None:
    """A calendar date written ``YYYY-MM-DD`` (or any unambiguous form with a year).

    A spreadsheet program that re-saves the file may rewrite ``2026-03-04``
    as ``4 Mar 2026``, ``04-Mar-26``, ``04.03.2026`` or ``3/4/2026``; those read
    when only one reading is possible (dotted dates are day first; ``13/3/2026``
    and ``3/13/2026`` are clear; ``3/4/2026`` is not). Relative words
    (``today``) do not.
    """
    value = clean(value)
    if value is None:
        return None
    hint = f"line {line}: invalid date in {column} (use YYYY-MM-DD)"
    if _ISO_DAY.match(value):
        try:
            return date.fromisoformat("-".join(part.zfill(2) for part in value.split("-")))
        except ValueError:
            raise InvalidValue(hint) from None
    numeric = _NUMERIC_DAY.match(value)
    if numeric:
        day = _numeric_day(numeric)
        if day is None:
            raise InvalidValue(hint)
        return day
    named = _NAMED_MONTH.match(value)
    if named:
        day_text, month_text, year_text = named.groups()
        value = f"{day_text} {month_text} {_year(year_text)}"
    if not _YEAR.search(value):
        raise InvalidValue(hint)
    from netlog.dates import parse_date

    try:
        return parse_date(value, base=date(2000, 1, 1))
    except InvalidValue:
        raise InvalidValue(hint) from None


def read_bool(value: str | None, *, line: int, column: str) -> bool:
    """``yes``/``no`` (also ``true``/``false``, ``1``/``0``, ``x``); empty is no."""
    text = (clean(value) or "").lower()
    if text in {"", "no", "n", "false", "0"}:
        return False
    if text in {"yes", "y", "true", "1", "x"}:
        return True
    raise InvalidValue(f"line {line}: invalid value in {column} (use yes or no)")


def read_every(value: str | None, *, line: int) -> int | None:
    """A personal cadence: a whole number of days, at least 1."""
    text = clean(value)
    if text is None:
        return None
    digits = text.lower().removesuffix("days").removesuffix("d").strip()
    if not digits.isascii() or not digits.isdigit() or int(digits) < 1:
        raise InvalidValue(f"line {line}: invalid cadence in every (a number of days)")
    return int(digits)


def read_tier(value: str | None, *, line: int) -> str | None:
    """A network tier: ``home``, ``regional`` or ``society`` (the guides' three rings)."""
    text = clean(value)
    if text is None:
        return None
    tier = tier_word(text)
    if tier is None:
        raise InvalidValue(f"line {line}: unknown tier in tier (use one of: {', '.join(TIERS)})")
    return tier


def read_types(words: Iterable[str], *, line: int) -> list[str]:
    """Relationship words, checked against the known list, in a canonical form.

    Case and spaces are forgiven (``Letter Writer`` → ``letter-writer``,
    ``Mentor: Research`` → ``mentor:research``). A bare ``mentor`` is dropped
    when a ``mentor:KIND`` says more. Unknown words are refused: free words
    belong in tags.
    """
    out: list[str] = []
    for raw in words:
        word = "-".join(raw.strip().lower().split())
        if not word:
            continue
        base, colon, kind = (part.strip("- ") for part in word.partition(":"))
        problem = type_problem(base, kind if colon else None)
        if problem == "type":
            raise InvalidValue(
                f"line {line}: unknown relationship type in types "
                f"(known: {', '.join(RELATIONSHIP_TYPES)}; free words go in tags)"
            )
        if problem == "not mentor":
            raise InvalidValue(f"line {line}: in types, only mentors have a kind")
        if problem == "mentor kind":
            raise InvalidValue(
                f"line {line}: unknown mentor kind in types (known: {', '.join(MENTOR_KINDS)})"
            )
        word = f"mentor:{kind}" if colon else base
        if word not in out:
            out.append(word)
    if "mentor" in out and any(w.startswith("mentor:") for w in out):
        out.remove("mentor")
    return out


# --- between records and contacts -----------------------------------------


def record_from_contact(
    contact: Contact,
    *,
    met: date | None = None,
    last_contact: date | None = None,
    next_step: str | None = None,
) -> ContactRecord:
    """The file row for a stored contact; the log supplies the three dates/steps."""
    return ContactRecord(
        name=contact.name,
        role=contact.role,
        institution=contact.institution,
        specialty=contact.specialty,
        email=contact.email,
        phone=contact.phone,
        linkedin=contact.linkedin,
        x=contact.x,
        how_met=contact.how_met,
        types=join_types(contact.types, contact.mentor_kinds),
        tier=contact.tier,
        tags=list(contact.tags),
        core=contact.core,
        every=contact.cadence_days,
        notes=contact.notes,
        archived=contact.archived,
        met=met,
        last_contact=last_contact,
        next_step=next_step,
    )


def linkedin_key(url: str | None) -> str | None:
    """A LinkedIn profile address reduced to compare equal however it was written.

    ``https://www.linkedin.com/in/Jane-Doe/``, ``http://linkedin.com/in/jane-doe``
    and ``linkedin.com/in/jane-doe?trk=x`` all give ``linkedin.com/in/jane-doe``.
    Use it to match an imported row to a stored contact.
    """
    text = clean(url)
    if text is None:
        return None
    if "://" not in text:
        text = "https://" + text
    parts = urlsplit(text)
    host = parts.netloc.lower().removeprefix("www.")
    if host.endswith(".linkedin.com"):  # country subdomains: uk.linkedin.com
        host = "linkedin.com"
    path = parts.path.rstrip("/").lower()
    return f"{host}{path}"


def email_key(email: str | None) -> str | None:
    """An address compared without regard to case (how mail servers treat it in practice)."""
    text = clean(email)
    return text.casefold() if text else None
