"""``netlog letters``: letters of recommendation, asked → agreed → submitted."""

from __future__ import annotations

from typing import Annotated

import typer

from netlog.cli.context import current_run, run_of
from netlog.cli.helptext import FUTURE_DATES, examples
from netlog.cli.options import ContactArg, DeadlineOpt, parse_day
from netlog.printing.console import say

letters_group = typer.Typer(
    help="Letters of recommendation: asked → agreed → submitted.",
    invoke_without_command=True,
    no_args_is_help=False,
)
commands = typer.Typer()
commands.add_typer(
    letters_group,
    name="letters",
    epilog=examples(
        "netlog letters",
        'netlog letters ask patel --for "Ortho match 2027" --deadline 2027-09-01',
        "netlog letters set 3 submitted",
    ),
)


@letters_group.callback(invoke_without_command=True)
def letters_list(ctx: typer.Context) -> None:
    """List letters of recommendation and where each stands."""
    if ctx.invoked_subcommand is not None:
        return
    from netlog import service
    from netlog.printing.reports import letters as print_letters

    rows = service.letters(run_of(ctx).open_db())
    print_letters([(letter, name, service.letter_next(letter)) for letter, name in rows])


@letters_group.command(
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
    deadline: DeadlineOpt = None,
    note: Annotated[str | None, typer.Option(help="A note.", metavar="TEXT")] = None,
) -> None:
    """Record that you asked someone for a letter (also logged as an ask)."""
    from netlog import service

    run = current_run()
    day = parse_day(deadline, "--deadline", today=run.today(), future=True)
    found, letter_id = service.ask_letter(
        run.open_db(), run.settings(), contact, for_, today=run.today(), deadline=day, note=note
    )
    say(f"Letter #{letter_id} asked of {found.name} for {for_}.")


@letters_group.command(
    "set",
    epilog=examples("netlog letters set 3 agreed --deadline 2027-09-01", note=FUTURE_DATES),
)
def letters_set(
    letter_id: Annotated[
        int, typer.Argument(help="The letter's id, from 'netlog letters'.", metavar="ID")
    ],
    status: Annotated[str, typer.Argument(help="agreed, submitted or declined.", metavar="STATUS")],
    deadline: DeadlineOpt = None,
) -> None:
    """Move a letter along: agreed, submitted or declined.

    Agreed with a deadline: a reminder comes up before it. Submitted: a
    thank-you falls due.
    """
    from netlog import service

    run = current_run()
    day = parse_day(deadline, "--deadline", today=run.today(), future=True)
    letter = service.update_letter(
        run.open_db(), run.settings(), letter_id, status, today=run.today(), deadline=day
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
