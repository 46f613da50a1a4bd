"""Options and arguments more than one command takes, and how their values are read.

A command module takes its options from here when another command shares
them word for word (the help text is part of the command reference), and
reads dates, notes and the contact fields through the helpers below.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Mapping
from datetime import date
from typing import TYPE_CHECKING, Annotated, Any

import typer

from netlog.errors import InvalidValue
from netlog.vocabulary import MENTOR_KINDS, RELATIONSHIP_TYPES, TIERS

if TYPE_CHECKING:
    from netlog.service import ContactInput

_WORD = re.compile(r"\w")


def complete_contact(ctx: typer.Context, incomplete: str) -> list[str]:
    """Shell completion for CONTACT: the rest of a name, from any word in it.

    The shell keeps only suggestions that start with what was typed, so each
    is what was typed followed by the rest of the name from the word it
    starts: ``pat`` → ``patel``, ``maya`` → ``maya Patel``, ``Dr. M`` →
    ``Dr. Maya Patel`` (any of them resolves like a typed name fragment). The
    names come from :mod:`netlog.storage.completion`, which only reads.
    """
    from netlog.cli.context import Run, db_target
    from netlog.storage.completion import active_names

    if not incomplete.strip():
        return []
    # Completion runs no callback, so there is no run yet: $NETLOG_DB or the default.
    run = ctx.find_object(Run)
    typed = incomplete.casefold()
    found: dict[str, None] = {}
    for name in active_names(db_target(run.db_option if run else None), incomplete):
        suggestion = completed(name, incomplete, typed)
        if suggestion is not None:
            found[suggestion] = None
    return sorted(found, key=str.casefold)[:50]


def completed(name: str, incomplete: str, typed: str) -> str | None:
    """``incomplete`` followed by the rest of ``name`` from its first word that
    starts with ``typed`` (``incomplete`` case-folded), or None.

    A word starts at a word character that opens the name or follows one that
    is not a letter or digit. Where case-folding keeps the name's length, the
    places ``typed`` occurs are found with ``str.find`` (2,500 names: ~25 ms
    -> ~3 ms); otherwise each word character is tried in turn.
    """
    folded = name.casefold()
    at = folded.find(typed)
    if at < 0:
        return None  # a suffix of the name cannot start with it either
    if len(folded) == len(name):
        while at >= 0:
            if (at == 0 or not name[at - 1].isalnum()) and _WORD.match(name, at):
                return incomplete + name[at + len(incomplete) :]
            at = folded.find(typed, at + 1)
        return None
    for word in _WORD.finditer(name):
        rest = name[word.start() :]
        if (
            word.start() == 0 or not name[word.start() - 1].isalnum()
        ) and rest.casefold().startswith(typed):
            return incomplete + rest[len(incomplete) :]
    return None


ContactArg = Annotated[
    str,
    typer.Argument(
        help="Contact id, or a part of the name that matches one person.",
        metavar="CONTACT",
        autocompletion=complete_contact,
    ),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Machine-readable JSON output.")]
NoteOpt = Annotated[
    str | None,
    typer.Option(
        help="A private note (never put in a draft); '-' reads it from standard input.",
        metavar="TEXT",
    ),
]
TopicOpt = Annotated[
    str | None,
    typer.Option(
        "--topic",
        help="What you talked about, for drafts to recall, e.g. 'registry study design'.",
        metavar="TEXT",
    ),
]
DateOpt = Annotated[
    str | None, typer.Option("--date", help="When (default today).", metavar="DATE")
]
DeadlineOpt = Annotated[
    str | None,
    typer.Option("--deadline", help="When the letter must be in.", metavar="DATE"),
]
TagFilterOpt = Annotated[
    str | None, typer.Option(help="Only contacts with this tag.", metavar="TAG")
]
CoreFilterOpt = Annotated[bool, typer.Option("--core", help="Only core contacts.")]

# --- a touchpoint's fields (log and fix) ------------------------------------------------

EventOpt = Annotated[
    str | None, typer.Option("--at", help="Event, e.g. 'AAOS 2026'.", metavar="EVENT")
]
NextOpt = Annotated[
    str | None,
    typer.Option("--next", help="The next step you promised or planned.", metavar="TEXT"),
]

# --- a contact's fields (add and edit) ------------------------------------------------

RoleOpt = Annotated[
    str | None,
    typer.Option(help="Attending, program director, resident PGY-2, fellow…", metavar="TEXT"),
]
InstOpt = Annotated[str | None, typer.Option(help="Hospital, school or program.", metavar="TEXT")]
SpecOpt = Annotated[str | None, typer.Option(help="Specialty or subspecialty.", metavar="TEXT")]
EmailOpt = Annotated[str | None, typer.Option(help="Email address.", metavar="ADDRESS")]
PhoneOpt = Annotated[str | None, typer.Option(help="Phone number.", metavar="NUMBER")]
LinkedInOpt = Annotated[str | None, typer.Option(help="LinkedIn profile URL.", metavar="URL")]
XOpt = Annotated[
    str | None, typer.Option("--x", help="X (Twitter) handle or URL.", metavar="HANDLE")
]
HowMetOpt = Annotated[
    str | None, typer.Option("--how-met", help="How you met, in a few words.", metavar="TEXT")
]
TypeOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--type",
        help=f"{', '.join(RELATIONSHIP_TYPES)}; or mentor:KIND, KIND being "
        f"{', '.join(MENTOR_KINDS)}. Repeatable.",
        metavar="TYPE",
    ),
]
TagOpt = Annotated[
    list[str] | None,
    typer.Option("--tag", help="A word of your own, e.g. ortho. Repeatable.", metavar="TAG"),
]
TierOpt = Annotated[
    str | None,
    typer.Option(help=f"Network tier: {', '.join(TIERS[:-1])} or {TIERS[-1]}.", metavar="TIER"),
]
EveryOpt = Annotated[
    int | None,
    typer.Option(
        "--every",
        help="Check in every DAYS days (default: 90 for core contacts, 180 for others).",
        metavar="DAYS",
    ),
]
AtOpt = Annotated[
    str | None,
    typer.Option(
        "--at",
        help="Event where you met, e.g. 'AAOS 2026' (met today unless --met).",
        metavar="EVENT",
    ),
]
MetOpt = Annotated[
    str | None,
    typer.Option("--met", help="Day you met (default today when --at is given).", metavar="DATE"),
]

# The options above by the field of ContactInput each one sets.
CONTACT_FIELDS = {
    "name": "name",
    "role": "role",
    "institution": "institution",
    "specialty": "specialty",
    "email": "email",
    "phone": "phone",
    "linkedin": "linkedin",
    "x": "x",
    "how_met": "how_met",
    "type_": "types",
    "tag": "tags",
    "tier": "tier",
    "core": "core",
    "every": "every",
    "note": "note",
    "topic": "topic",
}


def contact_input(options: Mapping[str, Any], **fields: Any) -> ContactInput:
    """A contact's fields as the service takes them, from a command's options
    (``ctx.params``: see :data:`CONTACT_FIELDS`); ``fields`` set or override some."""
    from netlog.service import ContactInput

    given = {CONTACT_FIELDS[k]: v for k, v in options.items() if k in CONTACT_FIELDS}
    given |= fields
    given["types"] = list(given.get("types") or [])
    given["tags"] = list(given.get("tags") or [])
    return ContactInput(**given)


# --- reading values ---------------------------------------------------------------------


def parse_day(value: str | None, option: str, *, today: date, future: bool = False) -> date | None:
    """A date option. Past-facing ones (``--met``, ``--date``) record what
    happened, so a day after today is refused; ``future=True`` ones plan."""
    if value is None:
        return None
    from netlog.dates import parse_date

    try:
        day = parse_date(value, direction="future" if future else "past", base=today)
    except InvalidValue as exc:
        raise InvalidValue(f"{option}: {exc}") from None
    if not future and day > today:
        raise InvalidValue(
            f"{option} {day.isoformat()} is after today ({today.isoformat()}): log what has "
            "happened, and plan what comes next with --next and --due"
        )
    return day


def read_note(value: str | None) -> str | None:
    """``--note -`` reads the note from standard input."""
    if value == "-":
        text = sys.stdin.read()
        return text.rstrip("\n") or None
    return value


def confirmed(yes: bool, question: str, *, unasked: str) -> bool:
    """Whether to go ahead: ``--yes``, or the user says so at the prompt.

    Without a terminal to ask on, the command is refused: ``unasked`` says what
    was not done (``not deleting contact #3``).
    """
    if yes:
        return True
    if not sys.stdin.isatty():
        from netlog.printing.messages import unconfirmed

        raise InvalidValue(unconfirmed(unasked))
    return typer.confirm(question)
