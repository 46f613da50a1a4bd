"""``netlog export`` and ``netlog import``: the spreadsheet, vCards, calendars, LinkedIn."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from contextlib import AbstractContextManager
from pathlib import Path
from typing import IO, Annotated

import typer

from netlog.cli import app, examples, open_db, say, settings, today

SHOWN = 8  # names listed before "… and N more"


@contextlib.contextmanager
def _stdout() -> Iterator[IO[bytes]]:
    sys.stdout.flush()
    yield sys.stdout.buffer
    sys.stdout.buffer.flush()


@app.command(
    epilog=examples(
        "netlog export -o ~/network.csv",
        "netlog export touchpoints --format json -o ~/netlog-log.json",
        "netlog export --format ics -o ~/due.ics",
        "netlog export --format ics --events -o ~/due-events.ics",
        "netlog export --excel -o ~/network.csv",
    )
)
def export(
    subject: Annotated[
        str,
        typer.Argument(
            help="contacts (the spreadsheet), touchpoints (the whole log) or activities "
            "(reading, events, milestones).",
            metavar="WHAT",
        ),
    ] = "contacts",
    format_: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            help="csv (spreadsheet), json, vcard (address book) or ics (pending follow-ups "
            "as calendar to-dos).",
            metavar="FORMAT",
        ),
    ] = "csv",
    output: Annotated[
        str | None,
        typer.Option(
            "-o",
            "--output",
            help="Write to FILE, readable only by you (default: standard output).",
            metavar="FILE",
        ),
    ] = None,
    excel: Annotated[
        bool,
        typer.Option(
            "--excel",
            "--bom",
            help="Start the CSV with a byte-order mark, so Excel on Windows shows accents "
            "and non-Latin names right (netlog reads it back either way).",
        ),
    ] = False,
    events: Annotated[
        bool,
        typer.Option(
            "--events",
            help="With --format ics: all-day events instead of to-dos, for calendars that "
            "ignore to-dos (Google Calendar, khal).",
        ),
    ] = False,
) -> None:
    """Write contacts, the log or activities out (CSV by default).

    The contacts CSV is the spreadsheet the guides ask you to keep up monthly
    (names, institutions, how met, last contact, next step); it imports back
    unchanged with 'netlog import'.
    """
    from netlog import exporting, render
    from netlog.files import check_target, private_file

    target = Path(output).expanduser() if output else None
    db = open_db()
    if target is not None:
        check_target(target, db.path)

    def opener() -> AbstractContextManager[IO[bytes]]:
        return _stdout() if target is None else private_file(target)

    result = exporting.export(
        db,
        settings(),
        subject.strip().lower(),
        format_.strip().lower(),
        opener,
        today=today(),
        target=str(target) if target else None,
        progress=render.progress,
        bom=excel,
        events=events,
    )
    if result.warning:
        render.err(f"Warning: {result.warning}")
    if target is not None:
        say(f"Exported {result.count} {result.noun} to {target}")


@app.command(
    "import",
    epilog=examples(
        "netlog import ~/Downloads/Connections.csv --dry-run",
        "netlog import ~/contacts.vcf",
        "netlog import ~/Downloads/Basic_LinkedInDataExport_12-01-2026.zip",
        "netlog import ~/Downloads/contacts.csv --format google",
    ),
)
def import_(
    file: Annotated[
        Path,
        typer.Argument(
            help="netlog's CSV (or any spreadsheet with a name column), LinkedIn's "
            "Connections.csv (or the zip it comes in), a .vcf address book, or a Google "
            "Contacts or Outlook CSV.",
            metavar="FILE",
        ),
    ],
    format_: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            help="csv, linkedin, vcard, google or outlook (default: guessed from the "
            "content; the summary says which).",
            metavar="FORMAT",
        ),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Only count what would be added and updated.")
    ] = False,
) -> None:
    """Bring in contacts from CSV, LinkedIn or vCard (no duplicates).

    People already in netlog (matched by netlog's own key, LinkedIn URL, email or
    name) are updated.
    Try --dry-run first; 'netlog undo' reverts a whole import.
    """
    from netlog import importing, render

    report = importing.import_file(
        open_db(),
        settings(),
        file,
        fmt=format_,
        today=today(),
        dry_run=dry_run,
        progress=render.progress,
    )
    for line in report_lines(report, file.name):
        say(line)


def _people(n: int) -> str:
    return f"{n} {'person' if n == 1 else 'people'}"


def _names(items: list[str]) -> str:
    more = f" and {len(items) - SHOWN} more" if len(items) > SHOWN else ""
    return ", ".join(items[:SHOWN]) + more


_DROPPED = {
    "email": ("email was not an address", "emails were not addresses"),
    "date": ("date was in a form netlog cannot read", "dates were in forms netlog cannot read"),
    "photo": ("photo could not be decoded", "photos could not be decoded"),
}


def dropped_lines(dropped: dict[str, int]) -> list[str]:
    """ "2 emails were not addresses and were left out": fields left out of rows that
    still came in."""
    out = []
    for kind, n in sorted(dropped.items()):
        one, many = _DROPPED.get(kind, (f"{kind} could not be used", f"{kind}s could not be used"))
        out.append(f"{n} {one if n == 1 else many} and {'was' if n == 1 else 'were'} left out.")
    return out


def report_lines(report: object, filename: str) -> list[str]:
    """What an import did (or would do), in a few lines."""
    from netlog.importing import ImportReport

    assert isinstance(report, ImportReport)
    r = report
    skipped = ""
    if r.skipped:
        why = " (closed accounts)" if r.fmt == "linkedin" else ""
        skipped = f"; skipped {r.skipped} row{'s' if r.skipped != 1 else ''} without a name{why}"
    counts = f"{r.added} added, {r.updated} updated, {r.unchanged} unchanged{skipped}"
    lines: list[str] = []
    if r.guessed:
        from netlog.interop.detect import FORMAT_NAMES

        inside = f" ({r.member} inside)" if r.member else ""
        lines.append(
            f"Read {filename}{inside} as {FORMAT_NAMES.get(r.fmt, r.fmt)}, guessed from its "
            f"content (--format {r.fmt}); another format: --format NAME."
        )
    elif r.member:
        lines.append(f"Read {r.member} inside {filename}.")
    if r.dry_run:
        lines += [
            f"Dry run of {filename} ({r.fmt}): would add {r.added}, update {r.updated}, "
            f"leave {r.unchanged} unchanged{skipped.replace('; skipped', '; skip')}.",
            "Nothing was written.",
        ]
    else:
        lines.append(f"Imported {filename} ({r.fmt}): {counts}.")
    lines.extend(dropped_lines(r.dropped))
    changed = [m for m in r.matches if m.changed]
    if changed:
        verb = "Would update" if r.dry_run else "Updated"
        lines.append(
            f"{verb}: " + _names([f"{m.name} (#{m.id}, matched by {m.by})" for m in changed])
        )
    if r.repeats:
        lines.append(
            f"Merged {len(r.repeats)} repeated row{'s' if len(r.repeats) != 1 else ''}: "
            + _names([f"line {line} into line {first} ({name})" for line, first, name in r.repeats])
        )
    if r.ignored_columns:
        lines.append(f"Ignored columns netlog does not keep: {', '.join(r.ignored_columns)}")
    if r.fmt == "linkedin" and r.added and not r.dry_run:
        lines.append(
            f"{_people(r.added)} from LinkedIn start their keep-warm clock today; "
            "nothing is due at once. 'netlog edit NAME --type …' marks your mentors."
        )
    return lines
