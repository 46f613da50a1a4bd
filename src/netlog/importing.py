"""``netlog import``: a file read through the pure :mod:`netlog.interop` formats into the database.

A file is read whole (inside a zip, LinkedIn's download, the contacts file
it holds), its format given or guessed from its content, and parsed into
rows; a vCard file is read twice instead, a block at a time, and never held
whole (:func:`_read_vcards`). The rows are matched and planned by
:mod:`netlog.importing_plan`, and the plan is written in one write
transaction: new contacts and touchpoints inserted with ``executemany``,
updated ones rewritten, and the follow-ups of every contact touched
recomputed once at the end (:func:`netlog.followups.refresh_many`). A field
that cannot be used (an email that is not an address, an unreadable date or
photo) is left out of its row and counted; a file that is not what it claims
raises :class:`~netlog.errors.InvalidValue` naming its line, which rolls
everything back: an import is all or nothing.
"""

from __future__ import annotations

import io
import sqlite3
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import TypeVar

from netlog import followups
from netlog.config import Settings
from netlog.errors import InvalidValue
from netlog.importing_plan import ImportReport, Match, Plan, plan_import
from netlog.interop.detect import (
    CHUNK,
    IMPORT_FORMATS,
    Blocks,
    decode_pieces,
    first_line,
    head_text,
)
from netlog.interop.records import ImportResult, RowSpool
from netlog.progress import Progress, no_progress
from netlog.storage import contacts, exchange, touchpoints
from netlog.storage.db import Database, now_utc

__all__ = [
    "IMPORT_FORMATS",
    "ImportReport",
    "Match",
    "import_file",
    "import_records",
    "read_file",
    "read_file_info",
]

MAX_ZIP_MEMBER = 512 * 1024 * 1024
SPOOL_CHARS = 4_000_000
"""A file longer than this (about 20,000 rows of a spreadsheet) has its rows
spooled to a temporary file as they are read (:class:`RowSpool`)."""
SPOOL_CARDS = 20_000
"""A vCard file of more cards than this has its rows spooled: as many rows as a
spreadsheet of ``SPOOL_CHARS`` (a card takes twice a row's characters, and its
text is never held whole)."""

T = TypeVar("T")


# --- reading the file -------------------------------------------------------------


def _from_zip(path: Path, data: bytes) -> tuple[str, bytes]:
    """The contacts file inside a zip: LinkedIn's ``Connections.csv``, else the only
    .csv or .vcf it holds."""
    import zipfile

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise InvalidValue(f"{path.name} looks like a zip file but cannot be opened") from None
    with archive:
        names = [i for i in archive.infolist() if not i.is_dir()]
        wanted = [i for i in names if Path(i.filename).name.lower() == "connections.csv"]
        if not wanted:
            wanted = [
                i for i in names if Path(i.filename).suffix.lower() in (".csv", ".vcf", ".vcard")
            ]
        if len(wanted) != 1:
            raise InvalidValue(
                f"{path.name} holds no Connections.csv"
                + (f" but {len(wanted)} contact files: unzip it and import one" if wanted else "")
            )
        member = wanted[0]
        if member.file_size > MAX_ZIP_MEMBER:
            raise InvalidValue(f"{member.filename} in {path.name} is too large to import")
        try:
            return member.filename, archive.read(member)
        except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError):
            raise InvalidValue(f"{member.filename} in {path.name} cannot be read") from None


def read_file(
    path: Path, fmt: str | None, progress: Progress = no_progress
) -> tuple[str, ImportResult]:
    """Decode and parse an import file; returns the format used and what it holds."""
    used, result, _, _ = read_file_info(path, fmt, progress)
    return used, result


def read_file_info(
    path: Path,
    fmt: str | None,
    progress: Progress = no_progress,
    spool: RowSpool | None = None,
) -> tuple[str, ImportResult, bool, str | None]:
    """:func:`read_file`, also saying whether the format was guessed and which file of
    a zip was read; with ``spool``, the rows are kept there rather than in memory."""
    from netlog.interop.detect import decode, detect_format, read_import

    if fmt is not None:
        fmt = fmt.strip().lower()
        if fmt not in IMPORT_FORMATS:
            raise InvalidValue(
                f"unknown import format {fmt!r}: choose one of {', '.join(IMPORT_FORMATS)}"
            )
    member, name, data = _opened(path)
    blocks = _blocks(path, data)
    guessed = fmt is None
    if fmt == "vcard" or (fmt is None and _opens_as_vcard(blocks)):
        result = _read_vcards(blocks, name, progress, spool)
        return "vcard", result, guessed, member
    if data is None:
        data = _read_bytes(path)
    text = decode(data, name)
    del data  # the text is all that is read from here on
    if len(text) <= SPOOL_CHARS:
        spool = None  # a file of ordinary size: its rows are kept as they are
    if fmt is None:
        try:
            fmt = detect_format(text)
        except InvalidValue:
            first = first_line(text.lstrip())
            if "," not in first:
                raise
            fmt = "csv"  # a spreadsheet without a name column: its reader says so
    return fmt, read_import(text, fmt, spool), guessed, member


def _read_bytes(path: Path, size: int = -1) -> bytes:
    """The file's bytes (its first ``size`` only, when given), or why it cannot be read."""
    try:
        with path.expanduser().open("rb") as file:
            return file.read(size)
    except FileNotFoundError:
        raise InvalidValue(f"no such file: {path}") from None
    except IsADirectoryError:
        raise InvalidValue(f"{path} is a folder, not a file to import") from None
    except OSError as exc:
        raise InvalidValue(f"cannot read {path}: {exc.strerror}") from None


def _opened(path: Path) -> tuple[str | None, str, bytes | None]:
    """(the zip member read, the name of the file read, its bytes when they are held):
    a zip's member is held; a file is read again as it is needed."""
    if _read_bytes(path, 4) != b"PK\x03\x04":
        return None, path.name, None
    member, data = _from_zip(path, _read_bytes(path))
    return member, member, data


def _blocks(path: Path, data: bytes | None) -> Blocks:
    """The bytes of the file (or of ``data``), a block at a time, from the start each time."""

    def of_data() -> Iterator[bytes]:
        assert data is not None
        for start in range(0, len(data), CHUNK):
            yield data[start : start + CHUNK]

    def of_file() -> Iterator[bytes]:
        try:
            with path.expanduser().open("rb") as file:
                while block := file.read(CHUNK):
                    yield block
        except OSError as exc:
            raise InvalidValue(f"cannot read {path}: {exc.strerror}") from None

    return of_file if data is None else of_data


def _opens_as_vcard(blocks: Blocks) -> bool:
    """Whether :func:`~netlog.interop.detect.detect_format` would call the file a vCard,
    judged by its first block (an unclear start: the whole file is read to tell)."""
    text, whole = head_text(blocks)
    body = text.removeprefix("\ufeff").lstrip()
    if "\n" not in body and not whole:
        return False
    return first_line(body).strip().upper() == "BEGIN:VCARD"


def _read_vcards(
    blocks: Blocks, name: str, progress: Progress, spool: RowSpool | None
) -> ImportResult:
    """Read a vCard file twice, a piece at a time, never holding its text: once to count
    its cards (the progress bar's total) and to see that all of it decodes, then
    card by card."""
    from netlog.interop.vcard_read import count_vcards, read_vcard_pieces, unmarked

    cards, _ = count_vcards(unmarked(decode_pieces(blocks, name)))
    if cards <= SPOOL_CARDS:
        spool = None  # a file of ordinary size: its rows are kept as they are
    with progress(cards, "Reading vCards") as advance:
        return read_vcard_pieces(
            unmarked(decode_pieces(blocks, name)), cards, on_card=lambda: advance(1), spool=spool
        )


# --- storing what it holds ----------------------------------------------------------


BATCH = 1000
"""Contacts and touchpoints handed to ``executemany`` at a time."""


def _batches(items: Iterable[T]) -> Iterator[list[T]]:
    batch: list[T] = []
    for item in items:
        batch.append(item)
        if len(batch) >= BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def import_records(
    db: Database,
    settings: Settings,
    fmt: str,
    result: ImportResult,
    *,
    today: date,
    dry_run: bool = False,
    progress: Progress = no_progress,
) -> ImportReport:
    """Store what a reader found, in one transaction (or only count it with ``dry_run``).

    The rows are consumed (emptied) as they are planned. The plan is written
    in batches, read back from where the planner keeps it, all inside the one
    write transaction.
    """
    rows = result.count()
    with progress(rows + (0 if dry_run else max(rows // 4, 1)), "Importing") as advance:
        if dry_run:
            with db.read() as conn:
                plan = plan_import(conn, fmt, result, today=today, advance=advance)
                plan.close()
            plan.report.dry_run = True
            return plan.report
        with db.write() as conn:
            plan = plan_import(conn, fmt, result, today=today, advance=advance)
            try:
                touched = _write(conn, plan, settings, fmt, today)
            finally:
                plan.close()
            contacts.sync_core_since(conn, touched, today)
            followups.refresh_many(conn, touched, settings)
            advance(max(rows // 4, 1))
    return plan.report


def _write(
    conn: sqlite3.Connection, plan: Plan, settings: Settings, fmt: str, today: date
) -> list[int]:
    """Write the plan: new contacts, then changed ones, then the touchpoints (each in
    file order); returns the ids of the contacts written."""
    stamp = now_utc()
    touched: list[int] = []
    for batch in _batches(
        (
            exchange.NewContact(
                t.id,
                # A new contact the file gives no history with (a LinkedIn
                # connection, an address book card) is a weak tie, dormant until
                # you first log something with them (rules.is_dormant); rows with
                # a last contact are not.
                {
                    **t.values,
                    "imported": today if all(tp.kind == "met" for tp in planned) else None,
                },
                min(today, t.met) if t.met and fmt != "linkedin" else today,
                t.uid,
            )
            for t, planned, _ in plan.targets()
            if t.existing is None
        )
    ):
        exchange.insert_contacts(conn, batch, stamp)
        touched.extend(c.id for c in batch)
    changed: list[int] = []
    for updates in _batches((t.id, t.values) for t, _, differs in plan.targets() if differs):
        exchange.update_contacts(conn, updates, stamp)
        changed.extend(cid for cid, _ in updates)
    tps_stamp = now_utc()
    for tps in _batches(tp for _, planned, _ in plan.targets() for tp in planned):
        touchpoints.insert_touchpoints_bulk(conn, tps, tps_stamp)
    return touched + changed


def import_file(
    db: Database,
    settings: Settings,
    path: Path,
    *,
    fmt: str | None = None,
    today: date,
    dry_run: bool = False,
    progress: Progress = no_progress,
) -> ImportReport:
    """``netlog import FILE``: read, match, store (all or nothing)."""
    spool = RowSpool()
    try:
        used, result, guessed, member = read_file_info(path, fmt, progress, spool)
        report = import_records(
            db, settings, used, result, today=today, dry_run=dry_run, progress=progress
        )
    finally:
        spool.close()
    report.guessed, report.member = guessed, member
    return report
