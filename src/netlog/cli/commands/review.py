"""``netlog week``, ``netlog team`` and ``netlog stats``: looking back over the network."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from netlog.cli.context import current_run
from netlog.cli.helptext import examples
from netlog.cli.options import JsonOpt
from netlog.printing.console import print_json, say

commands = typer.Typer()


@commands.command(epilog=examples("netlog week", "netlog week --json"))
def week(json_: JsonOpt = False) -> None:
    """This week's routine: each habit done or not, who to write to.

    Weekly, monthly and quarterly items, checked against the log for the
    current ISO week (Monday–Sunday) and calendar month. The routine follows
    your profile ('netlog config').
    """
    from netlog import routine, service
    from netlog.printing import reports

    run = current_run()
    day = run.today()
    log = service.routine_log(run.open_db(), day)
    report = routine.week(log.contacts, log.touchpoints, log.activities, run.settings(), day)
    if json_:
        print_json(report.to_json())
        return
    reports.week(report, has_contacts=bool(log.has_contacts))


@commands.command(epilog=examples("netlog team", "netlog team --json"))
def team(json_: JsonOpt = False) -> None:
    """Your mentorship team: kinds covered, gaps, and sponsors.

    Which mentor kinds (clinical, research, career…) someone covers, which
    nobody does, and who has become a sponsor. Mark people with
    'netlog edit CONTACT --type mentor:KIND'.
    """
    from netlog import mentorship, service
    from netlog.printing import reports

    run = current_run()
    current = run.settings()
    people, any_contact = service.team_contacts(run.open_db())
    report = mentorship.team(people, current)
    if json_:
        print_json(report.to_json())
        return
    reports.team(report, profile=current.profile, has_contacts=any_contact)


@commands.command(epilog=examples("netlog stats", "netlog stats --svg ~/network-2026.svg"))
def stats(
    json_: JsonOpt = False,
    svg: Annotated[
        str | None,
        typer.Option(
            "--svg", help="Also save the picture as an SVG file (mode 0600).", metavar="FILE"
        ),
    ] = None,
) -> None:
    """Network health: replies, give and ask, a year week by week."""
    from netlog import stats as stats_mod
    from netlog.printing import reports

    run = current_run()
    db = run.open_db()
    if svg is not None:
        from netlog.files import check_target

        check_target(Path(svg).expanduser(), db.path)
    data = stats_mod.stats(db, run.today())
    if json_:
        if svg is not None:
            reports.stats_svg(svg, data)
        print_json(data)
        return
    reports.stats(data, svg=svg)
    if svg is not None:
        say(f"Saved the picture to {svg}")
