"""``netlog draft`` and ``netlog prep``: what to write to someone, and whom to find at a meeting."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from netlog.cli.context import current_run
from netlog.cli.helptext import examples
from netlog.cli.options import ContactArg, JsonOpt
from netlog.errors import InvalidValue
from netlog.printing.console import print_json

commands = typer.Typer()


@commands.command(
    epilog=examples("netlog draft patel", "netlog draft okafor --kind letter --mailto")
)
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
    from netlog import drafts, service
    from netlog.config import config_path
    from netlog.printing.reports import draft_header

    run = current_run()
    current = run.settings()
    plan = service.draft_plan(run.open_db(), current, contact, kind, today=run.today())
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
        print_json(data)
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
    draft_header(header)
    # The message exactly as written (never rewrapped): it is meant to be copied.
    if mailto:
        sys.stdout.write((link or "") + "\n")
        return
    if email:
        sys.stdout.write(f"To: {email}\n")
    sys.stdout.write(message.text().rstrip("\n") + "\n")


@commands.command(epilog=examples('netlog prep "AAOS 2027"'))
def prep(
    event: Annotated[str, typer.Argument(help="The meeting, e.g. 'AAOS 2027'.", metavar="EVENT")],
    json_: JsonOpt = False,
) -> None:
    """Conference prep: who to find, what you discussed, your intro.

    Lists 5–10 people to look for at EVENT, what you last talked about with
    each, and a 20–30 second introduction (the intro in your settings, or an
    outline to fill in).
    """
    from netlog import service
    from netlog.printing import reports

    if not event.strip():
        raise InvalidValue("give the event's name, e.g. 'AAOS 2027'")
    run = current_run()
    day = run.today()
    report, any_contact = service.prep(run.open_db(), run.settings(), event, today=day)
    if json_:
        print_json(report.to_json())
        return
    reports.prep(report, day, has_contacts=any_contact)
