"""``netlog log``, ``netlog done`` and ``netlog fix``: the touchpoints of the log."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import TYPE_CHECKING, Annotated, Any

import typer

from netlog.cli.context import current_run, run_of
from netlog.cli.helptext import PAST_DATES, examples
from netlog.cli.options import (
    ContactArg,
    EventOpt,
    NextOpt,
    NoteOpt,
    TopicOpt,
    confirmed,
    parse_day,
    read_note,
)
from netlog.printing.console import say
from netlog.vocabulary import CHANNELS, KINDS

if TYPE_CHECKING:
    from netlog.domain import Touchpoint

commands = typer.Typer()


def _touchpoint_fields(options: Mapping[str, Any], today: date) -> dict[str, Any]:
    """What ``log`` and ``fix`` both take, from the command's options (``ctx.params``)."""
    return {
        "channel": options["via"],
        "kind": options["kind"],
        "day": parse_day(options["date_"], "--date", today=today),
        "event": options["at"],
        "note": read_note(options["note"]),
        "next_step": options["next_"],
        "awaiting_reply": options["awaiting_reply"],
        "incoming": options["incoming"],
        "topic": options["topic"],
    }


@commands.command(
    epilog=examples(
        'netlog log patel --kind thanks --note "thanked her for the OR day" --awaiting-reply',
        'netlog log patel --incoming --note "happy to meet at AAOS"',
        'netlog log okafor --via video --kind meeting --next "send CV" --due friday',
        'netlog log okafor --kind share --topic "my CV" --done   # that next step is done',
        note="DATE is 2026-11-03, today, yesterday, 3d ago, in 2w, next week, Nov 3, or a "
        "weekday (the last one for --date, the next one for --due). A --date without a "
        "year up to 30 days ahead is refused as a slip.",
    )
)
def log(
    ctx: typer.Context,
    contact: ContactArg,
    via: Annotated[
        str | None,
        typer.Option(
            "--via",
            help=f"How: {', '.join(CHANNELS)} (default email; conference with --at).",
            metavar="CHANNEL",
        ),
    ] = None,
    kind: Annotated[
        str | None,
        typer.Option(
            help=f"What: {', '.join(KINDS)} (default update; reply with --incoming).",
            metavar="KIND",
        ),
    ] = None,
    date_: Annotated[
        str | None, typer.Option("--date", help="When it happened (default today).", metavar="DATE")
    ] = None,
    at: EventOpt = None,
    note: NoteOpt = None,
    next_: NextOpt = None,
    due: Annotated[
        str | None,
        typer.Option("--due", help="When to follow up on the next step.", metavar="DATE"),
    ] = None,
    awaiting_reply: Annotated[
        bool,
        typer.Option(
            "--awaiting-reply", help="An email you expect an answer to (a nudge after 7 days)."
        ),
    ] = False,
    incoming: Annotated[bool, typer.Option("--incoming", help="They contacted you.")] = False,
    topic: TopicOpt = None,
    done: Annotated[
        bool,
        typer.Option("--done", help="This does the open next step: mark it done."),
    ] = False,
) -> None:
    """Record an email, call or meeting with a contact.

    Logging is how a follow-up gets done: a thank-you you send clears the
    thank-you that was due, a give (update, share, thanks, meeting, call;
    not an ask) clears a conference follow-up, and their reply clears the
    nudge. A next step stays until --done (or 'netlog done'), or a newer
    --next/--due replaces it.
    """
    from netlog import service

    run = run_of(ctx)
    now = run.today()
    data = service.TouchpointInput(
        **_touchpoint_fields(ctx.params, now),
        follow_up=parse_day(due, "--due", today=now, future=True),
        done=done,
    )
    logged = service.log_touchpoint(run.open_db(), run.settings(), contact, data, today=now)
    found, tp = logged.contact, logged.touchpoint
    arrow = "from" if incoming else "to"
    say(f"Logged {tp.kind} ({tp.channel}) {arrow} {found.name} on {tp.date.isoformat()}.")
    if logged.done is not None:
        say(f"Next step done: {_step(logged.done)}.")
    if logged.waiting is not None and logged.waiting.follow_up is not None:
        step = logged.waiting.next_step or "your follow-up"
        say(
            f"Still open: {step} (due {logged.waiting.follow_up.isoformat()}); "
            f"'netlog done {found.id}' or --done when it is done."
        )


def _step(tp: Touchpoint) -> str:
    """A next step as ``done`` names it: its text, or the day it was set."""
    return tp.next_step or f"the follow-up set {tp.date.isoformat()}"


@commands.command(
    epilog=examples(
        "netlog done patel",
        'netlog log patel --kind share --note "sent the abstract" --done   # the same, with the message',
    )
)
def done(contact: ContactArg) -> None:
    """Mark a contact's open next step done (without logging a message).

    A next step set with 'netlog log … --next TEXT --due DATE' stays on
    'netlog due' until it is done or a newer next step replaces it.
    """
    from netlog import service

    run = current_run()
    found, step = service.mark_done(run.open_db(), run.settings(), contact, today=run.today())
    say(f"Done: {_step(step)} ({found.name}).")


NumberArg = Annotated[
    int,
    typer.Argument(
        help="The touchpoint's number, as 'netlog show CONTACT' lists it (#N).",
        metavar="N",
    ),
]


def _line(tp: Touchpoint) -> str:
    """``2026-11-09 update (email, outgoing) at AAOS 2026``."""
    from netlog.vocabulary import IN

    way = "incoming" if tp.direction == IN else "outgoing"
    event = f" at {tp.event}" if tp.event else ""
    return f"{tp.date.isoformat()} {tp.kind} ({tp.channel}, {way}){event}"


@commands.command(
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
    ctx: typer.Context,
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
    at: EventOpt = None,
    note: NoteOpt = None,
    next_: NextOpt = None,
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

    run = run_of(ctx)
    db = run.open_db()
    if rm:
        changes = [via, kind, date_, at, note, next_, due, awaiting_reply, incoming, topic]
        if any(value is not None for value in changes):
            raise typer.BadParameter("--rm removes the touchpoint: give no other change with it")
        found, tp = service.find_touchpoint(db, contact, number)
        question = f"Remove touchpoint #{tp.id} of {found.name}: {_line(tp)}?"
        unasked = f"not removing touchpoint #{number} of contact #{found.id}"
        if not confirmed(yes, question, unasked=unasked):
            say("Nothing removed.")
            return
        found, tp = service.remove_touchpoint(db, run.settings(), contact, number)
        say(f"Removed touchpoint #{tp.id} of {found.name}: {_line(tp)}.")
        say("Follow-ups recomputed; 'netlog undo' brings it back.")
        return
    clear_due = due is not None and due.strip().lower() in ("", "none")
    now = run.today()
    data = service.TouchpointFix(
        **_touchpoint_fields(ctx.params, now),
        follow_up=None if clear_due else parse_day(due, "--due", today=now, future=True),
        clear_follow_up=clear_due,
    )
    found, old, new = service.fix_touchpoint(db, run.settings(), contact, number, data)
    if old == new:
        say(f"Nothing changed: touchpoint #{new.id} of {found.name} already reads so.")
        return
    say(f"Fixed touchpoint #{new.id} of {found.name}: {_line(new)}")
    say(f"  (was {_line(old)}).")
    say(f"Follow-ups recomputed — see 'netlog show {found.id}'.")
