"""Activities not tied to one touchpoint: reading, events, milestones; pauses; letters."""

from __future__ import annotations

from typing import Annotated

import typer

from netlog.cli import app, open_db, parse_day, say, settings, today

DateOpt = Annotated[str | None, typer.Option("--date", help="When (default today).")]


@app.command(
    epilog='Example: netlog read "JBJS: ACL reconstruction outcomes" --for "patel" '
    '--point "ask how registry data changed her practice"'
)
def read(
    text: Annotated[str, typer.Argument(help="What you read.")],
    point: Annotated[
        str | None, typer.Option("--point", help="The point you want to discuss.")
    ] = None,
    date_: DateOpt = None,
    for_: Annotated[
        str | None, typer.Option("--for", help="Contact you want to discuss it with.")
    ] = None,
) -> None:
    """Log an article you read and the point you noted to discuss."""
    from netlog import service

    full = f"{text} — point: {point}" if point else text
    day = parse_day(date_, "--date") or today()
    act, who = service.add_activity(open_db(), settings(), "read", full, day=day, contact=for_)
    target = f" (to discuss with {who.name})" if who else ""
    say(f"Logged reading on {act.date.isoformat()}{target}.")


@app.command(
    epilog='Example: netlog attend "Virtual ortho grand rounds" --virtual --date yesterday'
)
def attend(
    event: Annotated[str, typer.Argument(help="The event's name.")],
    date_: DateOpt = None,
    virtual: Annotated[bool, typer.Option("--virtual", help="It was online.")] = False,
) -> None:
    """Log an event you attended (grand rounds, webinar, journal club, conference)."""
    from netlog import service

    day = parse_day(date_, "--date") or today()
    act, _ = service.add_activity(open_db(), settings(), "event", event, day=day, virtual=virtual)
    say(f"Logged {'virtual ' if virtual else ''}event on {act.date.isoformat()}: {act.text}")


@app.command(epilog='Example: netlog milestone "Abstract accepted at AAOS 2027"')
def milestone(
    text: Annotated[str, typer.Argument(help="What happened: paper accepted, award, matched…")],
    date_: DateOpt = None,
) -> None:
    """Log a milestone; your core mentors become due for the good news."""
    from netlog import service

    day = parse_day(date_, "--date") or today()
    act, _ = service.add_activity(open_db(), settings(), "milestone", text, day=day)
    say(
        f"Logged milestone on {act.date.isoformat()}. Core mentors not yet told are due "
        f"within {settings().intervals.milestone} days — see 'netlog due'."
    )


@app.command(epilog='Example: netlog pause --until "2027-01-31"   (exam or ICU month)')
def pause(
    until: Annotated[str, typer.Option("--until", help="Last day off is the day before this.")],
) -> None:
    """Pause all follow-ups (exam or ICU months); the backlog is spread out after."""
    from netlog import service

    day = parse_day(until, "--until", future=True)
    assert day is not None
    service.set_pause(open_db(), start=today(), until=day)
    say(
        f"Paused until {day.isoformat()}. Afterwards what piled up is spread over the "
        f"following days, {settings().spread_per_day} a day."
    )


@app.command(epilog="Example: netlog resume")
def resume() -> None:
    """End a pause now; what piled up is spread over the next days."""
    from netlog import service

    service.set_pause(open_db(), start=today(), until=None)
    say("Resumed. 'netlog due' shows what is owed, a few items a day.")


letters_app = typer.Typer(
    help="Letters of recommendation: asked → agreed → submitted (or declined).",
    invoke_without_command=True,
    no_args_is_help=False,
)
app.add_typer(
    letters_app,
    name="letters",
    epilog='Example: netlog letters ask "patel" --for "Ortho match 2027" --deadline 2027-09-01',
)


@letters_app.callback(invoke_without_command=True)
def letters_list(ctx: typer.Context) -> None:
    """List letters of recommendation and where each stands."""
    if ctx.invoked_subcommand is not None:
        return
    from netlog import render, service

    rows = service.letters(open_db())
    if not rows:
        say('No letters yet — record an ask with: netlog letters ask "NAME" --for "PROGRAM"')
        return
    render.table(
        ["id", "writer", "for", "status", "asked", "deadline"],
        [
            [
                str(x.id),
                name,
                x.program,
                x.status,
                x.asked_on.isoformat() if x.asked_on else "",
                x.deadline.isoformat() if x.deadline else "",
            ]
            for x, name in rows
        ],
    )


@letters_app.command(
    "ask", epilog='Example: netlog letters ask "patel" --for "Ortho match 2027" --deadline "Sep 1"'
)
def letters_ask(
    contact: Annotated[str, typer.Argument(help="Id or a unique part of the name.")],
    for_: Annotated[str, typer.Option("--for", help="Program or cycle the letter is for.")],
    deadline: Annotated[
        str | None, typer.Option("--deadline", help="When the letter must be in.")
    ] = None,
    note: Annotated[str | None, typer.Option(help="Note.")] = None,
) -> None:
    """Record that you asked someone for a letter (also logged as an ask)."""
    from netlog import service

    day = parse_day(deadline, "--deadline", future=True)
    found, letter_id = service.ask_letter(
        open_db(), settings(), contact, for_, today=today(), deadline=day, note=note
    )
    say(f"Letter #{letter_id} asked of {found.name} for {for_}.")


@letters_app.command("set", epilog="Example: netlog letters set 3 agreed --deadline 2027-09-01")
def letters_set(
    letter_id: Annotated[int, typer.Argument(help="Letter id (see 'netlog letters').")],
    status: Annotated[str, typer.Argument(help="agreed, submitted or declined.")],
    deadline: Annotated[
        str | None, typer.Option("--deadline", help="When the letter must be in.")
    ] = None,
) -> None:
    """Move a letter along: agreed, submitted or declined."""
    from netlog import service

    day = parse_day(deadline, "--deadline", future=True)
    letter = service.update_letter(
        open_db(), settings(), letter_id, status, today=today(), deadline=day
    )
    extra = ""
    if letter.status == "submitted":
        extra = " A thank-you is now due."
    elif letter.status == "agreed" and letter.deadline:
        extra = f" A reminder will come up before {letter.deadline.isoformat()}."
    say(f"Letter #{letter.id} for {letter.program}: {letter.status}.{extra}")
