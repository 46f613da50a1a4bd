"""``netlog read``, ``attend``, ``milestone``, ``pause`` and ``resume``: beyond one contact."""

from __future__ import annotations

from typing import Annotated

import typer

from netlog.cli.context import current_run
from netlog.cli.helptext import FUTURE_DATES, PAST_DATES, examples
from netlog.cli.options import DateOpt, parse_day
from netlog.printing.console import say

commands = typer.Typer()


@commands.command(
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

    run = current_run()
    full = f"{text} — point: {point}" if point else text
    day = parse_day(date_, "--date", today=run.today()) or run.today()
    act, who = service.add_activity(
        run.open_db(), run.settings(), "read", full, day=day, contact=for_
    )
    target = f" (to discuss with {who.name})" if who else ""
    say(f"Logged reading on {act.date.isoformat()}{target}.")


@commands.command(
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

    run = current_run()
    day = parse_day(date_, "--date", today=run.today()) or run.today()
    act, _ = service.add_activity(
        run.open_db(), run.settings(), "event", event, day=day, virtual=virtual
    )
    say(f"Logged {'virtual ' if virtual else ''}event on {act.date.isoformat()}: {act.text}")


@commands.command(
    epilog=examples('netlog milestone "Abstract accepted at AAOS 2027"', note=PAST_DATES)
)
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

    run = current_run()
    day = parse_day(date_, "--date", today=run.today()) or run.today()
    act, _ = service.add_activity(run.open_db(), run.settings(), "milestone", text, day=day)
    say(
        f"Logged milestone on {act.date.isoformat()}. Core mentors not yet told are due "
        f"within {run.settings().intervals.milestone} days — see 'netlog due'."
    )


@commands.command(epilog=examples("netlog pause --until 2027-01-31", note=FUTURE_DATES))
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

    run = current_run()
    day = parse_day(until, "--until", today=run.today(), future=True)
    assert day is not None
    service.set_pause(run.open_db(), start=run.today(), until=day)
    say(
        f"Paused until {day.isoformat()}: regular check-ins wait, then come back "
        f"{run.settings().spread_per_day} a day; new meetings, thanks and next steps still come due."
    )


@commands.command(epilog=examples("netlog resume"))
def resume() -> None:
    """End a pause now; the backlog is spread over the next days."""
    from netlog import service

    run = current_run()
    service.set_pause(run.open_db(), start=run.today(), until=None)
    say("Resumed. 'netlog due' shows what is owed, a few items a day.")
