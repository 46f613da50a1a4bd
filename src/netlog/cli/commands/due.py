"""``netlog due``, ``netlog skip`` and ``netlog snooze``: what is owed, and setting it aside."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated

import typer

from netlog.cli.context import current_run
from netlog.cli.helptext import FUTURE_DATES, examples
from netlog.cli.options import ContactArg, CoreFilterOpt, JsonOpt, TagFilterOpt, parse_day
from netlog.errors import InvalidValue
from netlog.printing.console import say

if TYPE_CHECKING:
    from netlog.cli.context import Run

commands = typer.Typer()


@commands.command(
    epilog=examples(
        "netlog due",
        "netlog due --within 14 --json",
        "netlog due --rule conference-followup --limit 3",
        "netlog due --core --tag ortho",
        "netlog due --brief",
        note="Most urgent first: a follow-up whose window is closing (a first "
        "meeting, a thank-you) before a nudge, a next step or news to share, before a "
        "cadence check-in (docs/rules.md). --brief prints one line for a shell "
        "start-up file or a status bar, and nothing when nothing is due.",
    )
)
def due(
    within: Annotated[
        int, typer.Option(help="Also show what falls due in the next DAYS days.", metavar="DAYS")
    ] = 7,
    json_: JsonOpt = False,
    limit: Annotated[
        int | None,
        typer.Option(
            help="Show the N most urgent (default 50 on screen, all with --json; 0 = all).",
            metavar="N",
        ),
    ] = None,
    rule: Annotated[
        str | None,
        typer.Option(help="Only this rule, e.g. conference-followup or keep-warm.", metavar="RULE"),
    ] = None,
    tag: TagFilterOpt = None,
    core: CoreFilterOpt = False,
    brief: Annotated[
        bool,
        typer.Option(
            "--brief", help="One line: how many are due today; nothing when none (exit 0)."
        ),
    ] = False,
) -> None:
    """Who is owed what today, most urgent first, then what falls due soon.

    Each entry says what to send and why. Logging that message with
    'netlog log' clears it; 'netlog draft CONTACT' writes it for you.
    """
    from netlog import service
    from netlog.printing.due import DUE_LIMIT, due_report

    run = current_run()
    day = run.today()
    if brief:
        _brief(run)
        return
    if limit is None:
        limit = 0 if json_ else DUE_LIMIT
    if json_ and limit <= 0:  # every item, written as it is read
        from netlog.printing.console import print_json_rows

        items = service.due_items(
            run.open_db(), run.settings(), today=day, within=within, rule=rule, tag=tag, core=core
        )
        print_json_rows(i.to_json() for i in items)
        return
    report = service.due(
        run.open_db(),
        run.settings(),
        today=day,
        within=within,
        limit=max(limit, 0),
        rule=rule,
        tag=tag,
        core=core,
    )
    if json_:
        from netlog.printing.console import print_json

        print_json([i.to_json() for i in report.items])
        return
    due_report(report, day, within=within, limit=limit, filtered=bool(rule or tag or core))


def _brief(run: Run) -> None:
    """``due --brief``: silent when nothing is due or there is no database yet
    (a shell start-up file must not create one)."""
    from netlog import service

    if "://" not in (run.db_named() or "") and not run.db_file().exists():
        return
    line = service.due_brief(run.open_db(), run.settings(), today=run.today())
    if line:
        sys.stdout.write(line + "\n")


def _complete_rule(incomplete: str) -> list[str]:
    from netlog.rules import RULE_IDS

    return [rule for rule in RULE_IDS if rule.startswith(incomplete)]


@commands.command(
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

    run = current_run()
    found, item = service.skip_item(
        run.open_db(), run.settings(), contact, rule, reason, today=run.today()
    )
    say(f"Skipped {item.rule} due {item.due.isoformat()} for {found.name}.")


@commands.command(epilog=examples('netlog snooze patel --until "in 2w"', note=FUTURE_DATES))
def snooze(
    contact: ContactArg,
    until: Annotated[
        str,
        typer.Option("--until", help="The day their follow-ups come back.", metavar="DATE"),
    ],
) -> None:
    """Hide one contact's follow-ups until a date."""
    from netlog import service

    run = current_run()
    now = run.today()
    day = parse_day(until, "--until", today=now, future=True)
    assert day is not None
    if day <= now:
        raise InvalidValue(
            f"--until {day.isoformat()} is not after today ({now.isoformat()}); "
            "a snooze needs a future date"
        )
    found = service.snooze(run.open_db(), contact, day)
    say(f"Snoozed {found.name}: their follow-ups come back on {day.isoformat()}.")
