"""``netlog add --at EVENT`` without a name: one person per line, after a conference."""

from __future__ import annotations

import sys
from datetime import date
from typing import TYPE_CHECKING, Any

import typer

from netlog.cli.options import contact_input
from netlog.errors import InvalidValue
from netlog.printing.console import err, say

if TYPE_CHECKING:
    from netlog.cli.context import Run
    from netlog.service import ContactInput
    from netlog.storage.db import Database

CAPTURE_FORMAT = "NAME | INSTITUTION | EMAIL | TOPIC | NOTE"


def capture_line(line: str) -> dict[str, str | None]:
    """One line of ``add --at EVENT`` capture, as fields.

    ``NAME | INSTITUTION | NOTE`` (the older three fields) or
    ``NAME | INSTITUTION | EMAIL | TOPIC | NOTE``: a third field that is
    empty or has an ``@`` is the email, and the fields after it the topic and
    the note; otherwise the rest of the line is the note, ``|`` and all.
    """
    fields = [f.strip() for f in line.strip().split("|")]
    name, institution = fields[0], fields[1] if len(fields) > 1 else ""
    rest = fields[2:]
    email = topic = ""
    if len(rest) >= 2 and (not rest[0] or "@" in rest[0]):
        email, topic, rest = rest[0], rest[1], rest[2:]
    note = " | ".join(rest)
    return {
        "name": name,
        "institution": institution or None,
        "email": email or None,
        "topic": topic or None,
        "note": note or None,
    }


def _person(
    db: Database, line: str, number: int, emails: dict[str, int], shared: dict[str, Any]
) -> ContactInput:
    """One captured line as a contact to add; a bad email is reported and left out."""
    from netlog import vocabulary
    from netlog.storage import contacts

    fields = capture_line(line)
    email = fields["email"]
    if email is not None:
        problem = None
        try:
            email = vocabulary.check_email(email)
        except InvalidValue:
            problem = "is not an email address"
        if problem is None and email is not None:
            with db.read() as conn:
                owner = contacts.email_owner(conn, email)
            if owner:
                problem = f"is already contact #{owner[0]}'s"
            elif email.casefold() in emails:
                problem = f"is already on line {emails[email.casefold()]}"
        if problem:
            err(
                f"Line {number}: {fields['email']!r} {problem}; "
                f"{' '.join((fields['name'] or '').split())} is added without it."
            )
            email = None
        elif email is not None:
            emails[email.casefold()] = number
    return contact_input(shared, **(fields | {"email": email}))


def capture(run: Run, *, at: str | None, met_day: date | None, shared: dict[str, Any]) -> None:
    """After a conference: one person per line until a blank line or end of input.

    ``shared`` holds the options given for everyone (``add``'s, by name). An
    email that is not an address (or one another contact has) is reported
    with its line number and left out; the person is still added. Ctrl-C
    keeps everyone entered so far.
    """
    from netlog import service

    interactive = sys.stdin.isatty()
    if interactive:
        say(
            f"People met{' at ' + at if at else ''}, one a line: {CAPTURE_FORMAT} "
            "(only NAME is needed); blank line to finish."
        )
    people = []
    emails: dict[str, int] = {}
    db = run.open_db()
    number = 0
    try:
        # Ctrl-C anywhere in here (reading a line or taking it in) keeps the
        # people already taken in: they are saved below.
        while True:
            try:
                line = input("> ") if interactive else sys.stdin.readline()
            except EOFError:
                break
            number += 1
            if not line.strip():
                if interactive or not line:
                    break
                continue
            people.append(_person(db, line, number, emails, shared))
        interrupted = False
    except KeyboardInterrupt:
        interrupted = True
    if interrupted:
        err("\nInterrupted: saving the people entered so far.")
    if not people:
        say("Nobody entered; nothing added.")
        if interrupted:
            raise typer.Exit(130)
        return
    ids = service.add_many(db, run.settings(), people, today=run.today(), met=met_day, at=at)
    say(f"Added {len(ids)} people; their follow-ups are scheduled — see 'netlog due'.")
    if interrupted:
        raise typer.Exit(130)
