"""``netlog remind``: a daily desktop notification of what is due."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated

import typer

from netlog.cli.context import current_run
from netlog.cli.helptext import examples
from netlog.cli.options import confirmed
from netlog.errors import InvalidValue
from netlog.printing.console import say

if TYPE_CHECKING:
    from netlog.remind import Plan

SHELL_LINE = "netlog due --brief"

commands = typer.Typer()


@commands.command(
    epilog=examples(
        "netlog remind",
        "netlog remind --install --at 07:30",
        "netlog remind --install --with cron --yes",
        "netlog remind --uninstall",
        note="For a line each time a shell starts instead, add 'netlog due --brief' to "
        "~/.bashrc or ~/.zshrc: it prints nothing when nothing is due.",
    )
)
def remind(
    install: Annotated[
        bool, typer.Option("--install", help="Set up the daily notification.")
    ] = False,
    uninstall: Annotated[
        bool, typer.Option("--uninstall", help="Remove what --install wrote, nothing else.")
    ] = False,
    at: Annotated[
        str, typer.Option("--at", help="When each day (24-hour HH:MM).", metavar="TIME")
    ] = "08:00",
    with_: Annotated[
        str | None,
        typer.Option(
            "--with",
            help="systemd (a user timer), launchd (macOS) or cron; default: what this system has.",
            metavar="METHOD",
        ),
    ] = None,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Write without asking.")] = False,
) -> None:
    """A desktop notification each morning when follow-ups are due.

    Shows what it will write before writing it, and asks (or takes --yes).
    Running it again changes nothing; --uninstall removes only what it
    wrote. Without --install or --uninstall: what is set up, and how.
    """
    from netlog import remind as rm

    if install and uninstall:
        raise InvalidValue("give --install or --uninstall, not both")
    method = with_ or rm.default_method()
    if method not in rm.METHODS:
        raise InvalidValue(f"invalid --with {method!r}; choose from {', '.join(rm.METHODS)}")
    db = current_run().db_named()
    if not install and not uninstall:
        _status(method)
        return
    plan = rm.plan_install(method, at=at, db=db) if install else rm.plan_uninstall(method)
    if plan.foreign and install:
        names = ", ".join(str(p) for p in plan.foreign)
        raise InvalidValue(f"{names} exists and was not written by netlog; left as it is")
    if plan.unchanged:
        say(
            "The daily reminder is already set up as shown; nothing to write."
            if install
            else "No netlog reminder is installed; nothing to remove."
        )
        if plan.foreign:
            say(f"Left alone (not written by netlog): {', '.join(map(str, plan.foreign))}")
        return
    _show(plan, install=install)
    if not confirmed(yes, "Go ahead?", unasked="nothing written"):
        say("Nothing written.")
        return
    rm.apply(plan)
    if install:
        say("Done.")
        if plan.then:
            say(f"Start it with: {plan.then}")
        if plan.note:
            say(plan.note)
    else:
        say("Removed.")


def _show(plan: Plan, *, install: bool) -> None:
    if plan.crontab_line is not None:
        verb = "Add to" if install else "Remove from"
        say(f"{verb} your crontab (other lines are kept as they are):")
        sys.stdout.write(f"  {plan.crontab_line}\n")
        return
    if not install and plan.then:
        say(f"If it is running, stop it first: {plan.then}")
    for change in plan.files:
        if change.text is None:
            say(f"Remove {change.path}")
            continue
        say(f"Write {change.path}:")
        # The file exactly as it will be, indented (never rewrapped).
        sys.stdout.write(
            "".join(f"    {line}".rstrip() + "\n" for line in change.text.splitlines())
        )


def _status(method: str) -> None:
    from netlog import remind as rm

    if method == "cron":
        installed = any(
            line.rstrip().endswith(rm.CRON_MARK) for line in rm.read_crontab().splitlines()
        )
        where = "your crontab"
    else:
        paths = [rm.unit_dir() / f"{rm.UNIT}.timer"] if method == "systemd" else [rm.agent_path()]
        installed = all(p.exists() for p in paths)
        where = str(paths[0])
    if installed:
        say(
            f"A daily reminder is set up ({method}: {where}); 'netlog remind --uninstall' removes it."
        )
    else:
        say(f"No daily reminder yet: 'netlog remind --install' sets one up with {method}.")
    say(f"In a shell start-up file (~/.bashrc, ~/.zshrc) or a status bar: {SHELL_LINE}")
