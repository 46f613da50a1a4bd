"""``netlog fix`` and ``netlog skip``: correcting the log and dismissing an item."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from netlog.cli import (
    PAST_DATES,
    ContactArg,
    NoteOpt,
    TopicOpt,
    app,
    examples,
    open_db,
    parse_day,
    read_note,
    say,
    settings,
    today,
)
from netlog.domain import CHANNELS, KINDS
from netlog.errors import InvalidValue

NumberArg = Annotated[
    int,
    typer.Argument(
        help="The touchpoint's number, as 'netlog show CONTACT' lists it (#N).",
        metavar="N",
    ),
]


def _line(tp: object) -> str:
    """``2026-11-09 update (email, outgoing) at AAOS 2026``."""
    from netlog.domain import IN, Touchpoint

    assert isinstance(tp, Touchpoint)
    way = "incoming" if tp.direction == IN else "outgoing"
    event = f" at {tp.event}" if tp.event else ""
    return f"{tp.date.isoformat()} {tp.kind} ({tp.channel}, {way}){event}"


@app.command(
    epilog=examples(
        "netlog show patel                       # the timeline numbers each touchpoint",
        "netlog fix patel 41 --kind thanks       # it was a thank-you, not an update",
        'netlog fix patel 41 --date "Nov 3" --at "AAOS 2026"',
        "netlog fix patel 41 --no-awaiting-reply",
        'netlog fix patel 41 --due ""            # no follow-up date after all',
        "netlog fix patel 41 --rm                # logged by mistake (asks first)",
        note=PAST_DATES + " Text options given as '' clear that field.",
    )
)
def fix(
    contact: ContactArg,
    number: NumberArg,
    via: Annotated[
        str | None,
        typer.Option("--via", help=f"How: {', '.join(CHANNELS)}.", metavar="CHANNEL"),
    ] = None,
    kind: Annotated[
        str | None, typer.Option(help=f"What: {', '.join(KINDS)}.", metavar="KIND")
    ] = None,
    date_: Annotated[
        str | None, typer.Option("--date", help="When it happened.", metavar="DATE")
    ] = None,
    at: Annotated[
        str | None, typer.Option("--at", help="Event, e.g. 'AAOS 2026'.", metavar="EVENT")
    ] = None,
    note: NoteOpt = None,
    next_: Annotated[
        str | None,
        typer.Option("--next", help="The next step you promised or planned.", metavar="TEXT"),
    ] = None,
    due: Annotated[
        str | None,
        typer.Option(
            "--due", help="When to follow up on the next step ('' for none).", metavar="DATE"
        ),
    ] = None,
    awaiting_reply: Annotated[
        bool | None,
        typer.Option(
            "--awaiting-reply/--no-awaiting-reply",
            help="An email you expect an answer to (or not).",
            show_default=False,
        ),
    ] = None,
    incoming: Annotated[
        bool | None,
        typer.Option(
            "--incoming/--outgoing", help="They contacted you, or you them.", show_default=False
        ),
    ] = None,
    topic: TopicOpt = None,
    rm: Annotated[bool, typer.Option("--rm", help="Remove this touchpoint.")] = False,
    yes: Annotated[
        bool, typer.Option("--yes", "-y", help="With --rm: remove without asking.")
    ] = False,
) -> None:
    """Correct a logged touchpoint, or remove it; follow-ups are recomputed.

    Change any field 'netlog log' takes: a thank-you logged as an update, a
    wrong date, a reply logged as sent. Only the options given change.
    'netlog undo' puts it back as it was.
    """
    from netlog import service

    db = open_db()
    if rm:
        changes = [via, kind, date_, at, note, next_, due, awaiting_reply, incoming, topic]
        if any(value is not None for value in changes):
            raise typer.BadParameter("--rm removes the touchpoint: give no other change with it")
        found, tp = service.find_touchpoint(db, contact, number)
        if not yes:
            if not sys.stdin.isatty():
                raise InvalidValue(
                    f"not removing touchpoint #{number} of contact #{found.id} without "
                    "confirmation; add --yes"
                )
            if not typer.confirm(f"Remove touchpoint #{tp.id} of {found.name}: {_line(tp)}?"):
                say("Nothing removed.")
                return
        found, tp = service.remove_touchpoint(db, settings(), contact, number)
        say(f"Removed touchpoint #{tp.id} of {found.name}: {_line(tp)}.")
        say("Follow-ups recomputed; 'netlog undo' brings it back.")
        return
    clear_due = due is not None and due.strip().lower() in ("", "none")
    data = service.TouchpointFix(
        channel=via,
        kind=kind,
        day=parse_day(date_, "--date"),
        event=at,
        note=read_note(note),
        next_step=next_,
        follow_up=None if clear_due else parse_day(due, "--due", future=True),
        clear_follow_up=clear_due,
        awaiting_reply=awaiting_reply,
        incoming=incoming,
        topic=topic,
    )
    found, old, new = service.fix_touchpoint(db, settings(), contact, number, data)
    if old == new:
        say(f"Nothing changed: touchpoint #{new.id} of {found.name} already reads so.")
        return
    say(f"Fixed touchpoint #{new.id} of {found.name}: {_line(new)}")
    say(f"  (was {_line(old)}).")
    say(f"Follow-ups recomputed — see 'netlog show {found.id}'.")


def _complete_rule(incomplete: str) -> list[str]:
    from netlog.rules import RULE_IDS

    return [rule for rule in RULE_IDS if rule.startswith(incomplete)]


@app.command(
    epilog=examples(
        'netlog skip patel --reason "she moved to industry; no follow-up needed"',
        'netlog skip okafor keep-warm --reason "we talk every week on the ward"',
        "netlog undo                             # the item is back",
    )
)
def skip(
    contact: ContactArg,
    rule: Annotated[
        str | None,
        typer.Argument(
            help="The rule of the item, e.g. keep-warm (default: their most urgent item due).",
            metavar="RULE",
            autocompletion=_complete_rule,
        ),
    ] = None,
    reason: Annotated[
        str,
        typer.Option(
            "--reason", help="Why you will not act on it (shown by 'netlog show').", metavar="TEXT"
        ),
    ] = ...,  # type: ignore[assignment]
) -> None:
    """Dismiss a follow-up you decided not to act on, saying why.

    The item leaves 'netlog due' until its cause changes: a new meeting, a
    new email awaiting a reply, or a message that moves a check-in brings a
    new item of that rule. 'netlog show' lists what you skipped and why;
    'netlog undo' brings the item back.
    """
    from netlog import service

    found, item = service.skip_item(open_db(), settings(), contact, rule, reason, today=today())
    say(f"Skipped {item.rule} due {item.due.isoformat()} for {found.name}.")
