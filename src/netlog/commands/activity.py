"""Activities not tied to one touchpoint: reading, events, milestones; pauses; letters."""

from __future__ import annotations

from typing import Annotated

import typer

from netlog.cli import (
    FUTURE_DATES,
    PAST_DATES,
    ContactArg,
    app,
    examples,
    open_db,
    parse_day,
    say,
    settings,
    today,
)

DateOpt = Annotated[
    str | None, typer.Option("--date", help="When (default today).", metavar="DATE")
]


@app.command(
    epilog=examples(
        'netlog read "JBJS: ACL reconstruction outcomes" --for patel \\\n'
        '  --point "ask how registry data changed her practice"',
        note=PAST_DATES,
    )
)
def read(
    text: Annotated[str, typer.Argument(help="What you read.", metavar="TEXT")],
    point: Annotated[
        str | None,
        typer.Option("--point", help="The point you want to discuss.", metavar="TEXT"),
    ] = None,
    date_: DateOpt = None,
    for_: Annotated[
        str | None,
        typer.Option("--for", help="Who you want to discuss it with.", metavar="CONTACT"),
    ] = None,
) -> None:
    """Log an article you read and the point to discuss.

    Counts toward the weekly routine's reading habit ('netlog week').
    """
    from netlog import service

    full = f"{text} — point: {point}" if point else text
    day = parse_day(date_, "--date") or today()
    act, who = service.add_activity(open_db(), settings(), "read", full, day=day, contact=for_)
    target = f" (to discuss with {who.name})" if who else ""
    say(f"Logged reading on {act.date.isoformat()}{target}.")


@app.command(
    epilog=examples(
        'netlog attend "Virtual ortho grand rounds" --virtual --date yesterday', note=PAST_DATES
    )
)
def attend(
    event: Annotated[str, typer.Argument(help="The event's name.", metavar="EVENT")],
    date_: DateOpt = None,
    virtual: Annotated[bool, typer.Option("--virtual", help="It was online.")] = False,
) -> None:
    """Log an event you attended: grand rounds, webinar, journal club.

    With --virtual it is the routine's monthly virtual event ('netlog week').
    People you met there go in with 'netlog add --at EVENT'.
    """
    from netlog import service

    day = parse_day(date_, "--date") or today()
    act, _ = service.add_activity(open_db(), settings(), "event", event, day=day, virtual=virtual)
    say(f"Logged {'virtual ' if virtual else ''}event on {act.date.isoformat()}: {act.text}")


@app.command(epilog=examples('netlog milestone "Abstract accepted at AAOS 2027"', note=PAST_DATES))
def milestone(
    text: Annotated[
        str,
        typer.Argument(help="What happened: paper accepted, award, matched…", metavar="TEXT"),
    ],
    date_: DateOpt = None,
) -> None:
    """Log a milestone; core mentors become due for the news.

    Each core mentor not yet told is due within 7 days (milestone_days in
    'netlog config').
    """
    from netlog import service

    day = parse_day(date_, "--date") or today()
    act, _ = service.add_activity(open_db(), settings(), "milestone", text, day=day)
    say(
        f"Logged milestone on {act.date.isoformat()}. Core mentors not yet told are due "
        f"within {settings().intervals.milestone} days — see 'netlog due'."
    )


@app.command(epilog=examples("netlog pause --until 2027-01-31", note=FUTURE_DATES))
def pause(
    until: Annotated[
        str,
        typer.Option(
            "--until",
            help="The day follow-ups come back (off until the day before).",
            metavar="DATE",
        ),
    ],
) -> None:
    """Pause the regular check-ins until a date (exam or ICU months).

    Core updates and keep-warm check-ins wait during the pause; afterwards
    what piled up comes back a few items a day (3 by default; per_day in your
    settings). What you do meanwhile (meet someone, are helped, promise a
    next step) still comes due as usual.
    """
    from netlog import service

    day = parse_day(until, "--until", future=True)
    assert day is not None
    service.set_pause(open_db(), start=today(), until=day)
    say(
        f"Paused until {day.isoformat()}: regular check-ins wait, then come back "
        f"{settings().spread_per_day} a day; new meetings, thanks and next steps still come due."
    )


@app.command(epilog=examples("netlog resume"))
def resume() -> None:
    """End a pause now; the backlog is spread over the next days."""
    from netlog import service

    service.set_pause(open_db(), start=today(), until=None)
    say("Resumed. 'netlog due' shows what is owed, a few items a day.")


letters_app = typer.Typer(
    help="Letters of recommendation: asked → agreed → submitted.",
    invoke_without_command=True,
    no_args_is_help=False,
)
app.add_typer(
    letters_app,
    name="letters",
    epilog=examples(
        "netlog letters",
        'netlog letters ask patel --for "Ortho match 2027" --deadline 2027-09-01',
        "netlog letters set 3 submitted",
    ),
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
        ["id", "writer", "for", "status", "asked", "deadline", "next"],
        [
            [
                str(x.id),
                name,
                x.program,
                x.status,
                x.asked_on.isoformat() if x.asked_on else "",
                x.deadline.isoformat() if x.deadline else "",
                service.letter_next(x),
            ]
            for x, name in rows
        ],
    )


@letters_app.command(
    "ask",
    epilog=examples(
        'netlog letters ask patel --for "Ortho match 2027" --deadline "Sep 1"',
        note=FUTURE_DATES,
    ),
)
def letters_ask(
    contact: ContactArg,
    for_: Annotated[
        str,
        typer.Option("--for", help="Program or cycle the letter is for.", metavar="PROGRAM"),
    ],
    deadline: Annotated[
        str | None,
        typer.Option("--deadline", help="When the letter must be in.", metavar="DATE"),
    ] = None,
    note: Annotated[str | None, typer.Option(help="A note.", metavar="TEXT")] = None,
) -> None:
    """Record that you asked someone for a letter (also logged as an ask)."""
    from netlog import service

    day = parse_day(deadline, "--deadline", future=True)
    found, letter_id = service.ask_letter(
        open_db(), settings(), contact, for_, today=today(), deadline=day, note=note
    )
    say(f"Letter #{letter_id} asked of {found.name} for {for_}.")


@letters_app.command(
    "set",
    epilog=examples("netlog letters set 3 agreed --deadline 2027-09-01", note=FUTURE_DATES),
)
def letters_set(
    letter_id: Annotated[
        int, typer.Argument(help="The letter's id, from 'netlog letters'.", metavar="ID")
    ],
    status: Annotated[str, typer.Argument(help="agreed, submitted or declined.", metavar="STATUS")],
    deadline: Annotated[
        str | None,
        typer.Option("--deadline", help="When the letter must be in.", metavar="DATE"),
    ] = None,
) -> None:
    """Move a letter along: agreed, submitted or declined.

    Agreed with a deadline: a reminder comes up before it. Submitted: a
    thank-you falls due.
    """
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
    elif letter.status == "declined":
        extra = (
            " Thank them for the honest answer, and look for another writer who knows "
            "your work well ('netlog team' shows your mentors)."
        )
    say(f"Letter #{letter.id} for {letter.program}: {letter.status}.{extra}")
