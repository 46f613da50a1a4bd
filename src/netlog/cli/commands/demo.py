"""``netlog demo``: a sample network to try every command on."""

from __future__ import annotations

import typer

from netlog.cli.context import current_run
from netlog.cli.helptext import examples
from netlog.printing.console import say

commands = typer.Typer()


@commands.command(
    epilog=examples("netlog --db /tmp/netlog-demo.db demo", "netlog --db /tmp/netlog-demo.db due")
)
def demo() -> None:
    """Fill an empty database with a sample network to try.

    The sample is an MS4 back from AAOS with mentors, a sponsor and follow-ups
    owed. Use --db with a new file to keep it apart from your own network.
    """
    from netlog.demo import load_demo

    run = current_run()
    db = run.open_db()
    count = load_demo(db, run.settings(), run.today())
    prefix = f"netlog --db {run.db_option}" if run.db_option else "netlog"
    say(
        f"Loaded a sample network of {count} people into {db.path}.\n"
        f"Try: {prefix} due · {prefix} week · {prefix} show patel"
    )
