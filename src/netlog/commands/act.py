"""``netlog draft``, ``netlog prep`` and ``netlog stats``: acting on the log."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from netlog.cli import ContactArg, JsonOpt, app, examples, open_db, say, settings, today


@app.command(epilog=examples("netlog draft patel", "netlog draft okafor --kind letter --mailto"))
def draft(
    contact: ContactArg,
    kind: Annotated[
        str | None,
        typer.Option(
            help="thanks, followup, nudge, update, milestone, meeting, letter, nextstep, "
            "reminder or checkin "
            "(default: what their most urgent follow-up calls for).",
            metavar="KIND",
        ),
    ] = None,
    mailto: Annotated[
        bool, typer.Option("--mailto", help="Print a mailto: link that opens the draft.")
    ] = False,
    json_: JsonOpt = False,
) -> None:
    """Draft the message a contact is owed, filled in from the log.

    Drafts are signed with the name and intro in the "you" part of your
    settings; KIND.txt in a templates folder next to the settings file
    replaces the built-in wording ('netlog config' shows where it is).
    """
    from netlog import drafts, render, service, views
    from netlog.config import config_path
    from netlog.errors import InvalidValue

    current = settings()
    plan = service.draft_plan(open_db(), current, contact, kind, today=today())
    message = drafts.draft(plan.kind, plan.context, config_path().parent / "templates")
    email = plan.contact.email
    if mailto and not email:
        raise InvalidValue(
            f"contact #{plan.contact.id} ({contact!r}) has no email address; add one with: "
            f"netlog edit {plan.contact.id} --email ADDRESS"
        )
    link = drafts.mailto(email, message) if email else None
    if json_:
        data = message.to_json()
        data |= {
            "contact_id": plan.contact.id,
            "contact": plan.contact.name,
            "email": email,
            "rule": plan.pending.rule if plan.pending else None,
            "due": plan.pending.due.isoformat() if plan.pending else None,
            "mailto": link,
            "warning": plan.warning,
        }
        render.print_json(data)
        return
    if plan.pending is not None:
        why = f"{plan.pending.rule} due {plan.pending.due.isoformat()}: {plan.pending.reason}"
    elif kind is None:
        why = "nothing is due for them this week, so a general update"
    else:
        why = f"--kind {plan.kind}"
    header = [f"{plan.kind} draft for {plan.contact.name} ({why})"]
    if plan.warning:
        header.append(f"Warning: {plan.warning}")
    if not current.name:
        header.append(f"Sign your drafts: set name (and intro) under [you] in {config_path()}")
    views.draft_header(header)
    # The message exactly as written (never rewrapped): it is meant to be copied.
    if mailto:
        sys.stdout.write((link or "") + "\n")
        return
    if email:
        sys.stdout.write(f"To: {email}\n")
    sys.stdout.write(message.text().rstrip("\n") + "\n")


@app.command(epilog=examples('netlog prep "AAOS 2027"'))
def prep(
    event: Annotated[str, typer.Argument(help="The meeting, e.g. 'AAOS 2027'.", metavar="EVENT")],
    json_: JsonOpt = False,
) -> None:
    """Conference prep: who to find, what you discussed, your intro.

    Lists 5–10 people to look for at EVENT, what you last talked about with
    each, and a 20–30 second introduction (the intro in your settings, or an
    outline to fill in).
    """
    from netlog import render, service, views
    from netlog.errors import InvalidValue

    if not event.strip():
        raise InvalidValue("give the event's name, e.g. 'AAOS 2027'")
    day = today()
    report, any_contact = service.prep(open_db(), settings(), event, today=day)
    if json_:
        render.print_json(report.to_json())
        return
    views.prep(report, day)
    if not any_contact:
        say("\n" + views.NO_CONTACTS)


@app.command(epilog=examples("netlog stats", "netlog stats --svg ~/network-2026.svg"))
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
    from netlog import render, views
    from netlog import stats as stats_mod

    db = open_db()
    if svg is not None:
        from netlog.files import check_target

        check_target(Path(svg).expanduser(), db.path)
    data = stats_mod.stats(db, today())
    if json_:
        if svg is not None:
            views.stats_svg(svg, data)
        render.print_json(data)
        return
    views.stats(data, svg=svg)
    if svg is not None:
        say(f"Saved the picture to {svg}")
