"""The run: what one invocation of netlog works with, passed down on Click's context.

The ``netlog`` callback (:mod:`netlog.cli.entry`) makes one :class:`Run` from
the global options and keeps it as ``ctx.obj``. A command gets it with
:func:`current_run` (the one place the current Click context is looked up),
or with :func:`run_of` from a ``ctx: typer.Context`` it takes anyway (to read
its own options); helpers are handed the run. The run reads the
settings and opens the database the first time a command asks, once, and
:class:`netlog.cli.entry.NetlogGroup` closes the database when the command
ends, however it ends. Nothing here outlives the invocation.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from typer._click.core import Context

    from netlog.config import Settings
    from netlog.storage.db import Database


class Run:
    """One invocation: the global options, and what the command opened."""

    __slots__ = ("_database", "_settings", "_today", "command", "db_option", "debug")

    def __init__(
        self, *, db_option: str | None = None, debug: bool = False, command: str | None = None
    ) -> None:
        self.db_option = db_option  # --db as given (None: $NETLOG_DB, else the default file)
        self.debug = debug  # --debug: tracebacks instead of one-line errors
        self.command = command  # the command's name, recorded with its writes for undo
        self._settings: Settings | None = None
        self._database: Database | None = None
        self._today: date | None = None

    def db_file(self) -> Path:
        """The database file this run uses (``--db``, else ``$NETLOG_DB``, else the default)."""
        from netlog.config import db_path

        return db_path(self.db_option)

    def db_named(self) -> str | None:
        """The database as the user named it (``--db``, else ``$NETLOG_DB``); None: the default."""
        return self.db_option or os.environ.get("NETLOG_DB") or None

    def settings(self) -> Settings:
        """The settings in force, read once per run."""
        if self._settings is None:
            from netlog.config import load_settings

            self._settings = load_settings()
        return self._settings

    def reread_settings(self) -> None:
        """Read the settings file again when next asked (``undo`` put an old one back)."""
        self._settings = None

    def today(self) -> date:
        """Today (``NETLOG_TODAY`` when set), the same day for the whole run."""
        if self._today is None:
            from netlog.dates import today

            self._today = today()
        return self._today

    def open_db(self, *, refresh: bool = True) -> Database:
        """The database, opened once per run; its writes are recorded for undo.

        ``refresh=False`` skips bringing the stored follow-ups up to date with the
        settings (``config set``, which may be fixing a settings file that does
        not load); the next command does it.
        """
        if self._database is None:
            from netlog.storage.db import open_db

            database = open_db(self.db_file())
            database.command = self.command  # its writes can be undone
            self._database = database
            if refresh:
                from netlog.followups import ensure_current

                # Stored follow-ups follow the settings in force (recomputed if they changed).
                ensure_current(database, self.settings())
        return self._database

    def close(self) -> None:
        """Close the database if the command opened it."""
        if self._database is not None:
            self._database.close()
            self._database = None


def run_of(ctx: Context) -> Run:
    """The run of this invocation, from a command's (or a group's) context."""
    run = ctx.find_object(Run)
    if run is None:  # only the netlog callback makes one: a command run outside the app
        raise RuntimeError("no netlog run on this context: invoke commands through netlog.cli.app")
    return run


def current_run() -> Run:
    """The run of the command being invoked (from Click's current context).

    Commands call this rather than take a ``ctx`` parameter only for the run:
    every parameter costs Typer an annotation to evaluate for each command it
    builds, and ``netlog --help`` builds them all.
    """
    from typer._click.globals import get_current_context  # Typer's own Click

    return run_of(get_current_context())
