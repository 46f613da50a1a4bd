"""``netlog week`` and ``netlog team``: the weekly routine and the mentorship team."""

from __future__ import annotations

from netlog.cli import JsonOpt, app, examples, open_db, settings, today


@app.command(epilog=examples("netlog week", "netlog week --json"))
def week(json_: JsonOpt = False) -> None:
    """This week's routine: each habit done or not, who to write to.

    Weekly, monthly and quarterly items, checked against the log for the
    current ISO week (Monday–Sunday) and calendar month. The routine follows
    your profile ('netlog config').
    """
    from netlog import render, routine, service, views

    day = today()
    log = service.routine_log(open_db(), day)
    report = routine.week(log.contacts, log.touchpoints, log.activities, settings(), day)
    if json_:
        render.print_json(report.to_json())
        return
    views.week(report, has_contacts=bool(log.has_contacts))


@app.command(epilog=examples("netlog team", "netlog team --json"))
def team(json_: JsonOpt = False) -> None:
    """Your mentorship team: kinds covered, gaps, and sponsors.

    Which mentor kinds (clinical, research, career…) someone covers, which
    nobody does, and who has become a sponsor. Mark people with
    'netlog edit CONTACT --type mentor:KIND'.
    """
    from netlog import render, routine, service, views

    current = settings()
    people, any_contact = service.team_contacts(open_db())
    report = routine.team(people, current)
    if json_:
        render.print_json(report.to_json())
        return
    views.team(report, profile=current.profile, has_contacts=any_contact)
