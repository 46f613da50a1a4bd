"""``netlog week`` and ``netlog team``: the weekly routine and the mentorship team."""

from __future__ import annotations

from typing import Annotated

import typer

from netlog.cli import app, open_db, settings, today

JsonOpt = Annotated[bool, typer.Option("--json", help="Machine-readable output.")]


@app.command(epilog="Example: netlog week --json")
def week(json_: JsonOpt = False) -> None:
    """This week's routine, each habit done or not, and who to write to now."""
    from netlog import render, routine, service, views

    day = today()
    log = service.routine_log(open_db(), day)
    report = routine.week(log.contacts, log.touchpoints, log.activities, settings(), day)
    if json_:
        render.print_json(report.to_json())
        return
    views.week(report, has_contacts=bool(log.contacts))


@app.command(epilog="Example: netlog team --json")
def team(json_: JsonOpt = False) -> None:
    """Which mentor kinds your team covers (and by whom), what is missing, who sponsors."""
    from netlog import render, routine, service, views

    current = settings()
    people = service.contacts(open_db())
    report = routine.team(people, current)
    if json_:
        render.print_json(report.to_json())
        return
    views.team(report, profile=current.profile, has_contacts=bool(people))
