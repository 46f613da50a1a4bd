"""``netlog db copy SRC DEST``: a whole network from one database to another.

Either side is an SQLite file or a PostgreSQL URL. The group is built on
every start (Typer puts groups together then), so this module imports only
what declaring it needs; the copy itself is imported when it runs.
"""

from __future__ import annotations

from typing import Annotated

import typer

from netlog.cli.helptext import examples
from netlog.printing.console import say

db_group = typer.Typer(help="Move your network between databases.", no_args_is_help=True)
commands = typer.Typer()
commands.add_typer(
    db_group,
    name="db",
    epilog=examples(
        "netlog db copy ~/netlog.db postgresql://alice@db.example/netlog",
        "netlog db copy postgresql://alice@db.example/netlog ~/netlog-copy.db",
    ),
)


@db_group.command(
    "copy",
    epilog=examples(
        "netlog db copy ~/netlog.db postgresql://alice@db.example/netlog",
        "netlog db copy postgresql://alice@db.example/netlog ~/netlog-copy.db",
        note="'netlog config' shows where your database file is.",
    ),
)
def copy(
    source: Annotated[
        str, typer.Argument(help="The database to copy: a file or a PostgreSQL URL.", metavar="SRC")
    ],
    destination: Annotated[
        str,
        typer.Argument(
            help="Where to copy it: a new or empty file, or an empty PostgreSQL database.",
            metavar="DEST",
        ),
    ],
) -> None:
    """Copy everything in one database into another (SQLite or PostgreSQL).

    Contacts, touchpoints, activities, letters, follow-ups and the undo
    history are copied with their ids, and the rows counted on both sides
    before the copy is kept. A destination that already holds a network is
    refused; the source is not changed. Passwords in a URL are never shown.
    """
    from netlog.errors import InvalidValue
    from netlog.storage import engines

    for given, what in ((source, "SRC"), (destination, "DEST")):
        if not given.strip():
            raise InvalidValue(f"{what} needs a file name or a PostgreSQL URL (it was empty)")
    if engines.is_postgres_url(source) or engines.is_postgres_url(destination):
        from netlog.storage.pgerrors import require_driver

        require_driver()
    from netlog.storage.copy import copy_database

    report = copy_database(source, destination)
    say(
        f"Copied {report.source} to {report.destination}: "
        f"{report.rows.get('contact', 0)} contacts, {report.rows.get('touchpoint', 0)} "
        f"touchpoints, {report.total} rows in all (counts checked)."
    )
