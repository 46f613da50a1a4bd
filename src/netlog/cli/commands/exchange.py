"""``netlog export`` and ``netlog import``: the spreadsheet, vCards, calendars, LinkedIn."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from contextlib import AbstractContextManager
from pathlib import Path
from typing import IO, Annotated

import typer

from netlog.cli.context import current_run
from netlog.cli.helptext import examples
from netlog.printing.console import err, say

commands = typer.Typer()


@contextlib.contextmanager
def _stdout() -> Iterator[IO[bytes]]:
    sys.stdout.flush()
    yield sys.stdout.buffer
    sys.stdout.buffer.flush()


@commands.command(
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
    from netlog import exporting
    from netlog.files import check_target, private_file
    from netlog.printing.progress import progress

    run = current_run()
    target = Path(output).expanduser() if output else None
    db = run.open_db()
    if target is not None:
        check_target(target, db.path)

    def opener() -> AbstractContextManager[IO[bytes]]:
        return _stdout() if target is None else private_file(target)

    result = exporting.export(
        db,
        run.settings(),
        subject.strip().lower(),
        format_.strip().lower(),
        opener,
        today=run.today(),
        target=str(target) if target else None,
        progress=progress,
        bom=excel,
        events=events,
    )
    if result.warning:
        err(f"Warning: {result.warning}")
    if target is not None:
        say(f"Exported {result.count} {result.noun} to {target}")


@commands.command(
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
    from netlog import importing
    from netlog.printing.import_report import report_lines
    from netlog.printing.progress import progress

    run = current_run()
    report = importing.import_file(
        run.open_db(),
        run.settings(),
        file,
        fmt=format_,
        today=run.today(),
        dry_run=dry_run,
        progress=progress,
    )
    for line in report_lines(report, file.name):
        say(line)
