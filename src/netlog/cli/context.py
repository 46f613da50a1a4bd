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
from typing import TYPE_CHECKING, TypeVar, cast

if TYPE_CHECKING:
    from collections.abc import Callable

    from typer._click.core import Context

    from netlog.config import Settings
    from netlog.storage.db import Database

# A command that met a serialization conflict or deadlock on PostgreSQL (nothing
# of it was written) is run again this many times in all, then reported.
COMMAND_ATTEMPTS = 3


T = TypeVar("T")


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

    def db_target(self) -> Path | str:
        """The database this run uses: a file path, or a PostgreSQL URL kept as text."""
        return db_target(self.db_option)

    def on_postgres(self) -> bool:
        """True when the database is a PostgreSQL URL."""
        return isinstance(self.db_target(), str)

    def db_file(self) -> Path:
        """The database file this run uses (``--db``, else ``$NETLOG_DB``, else the default).

        Only for what is about a file; on PostgreSQL it is refused in one line.
        """
        target = self.db_target()
        if isinstance(target, str):
            from netlog.errors import InvalidValue
            from netlog.storage.engines import redact

            raise InvalidValue(f"{redact(target)} is a PostgreSQL database, not a file")
        return target

    def db_label(self) -> str:
        """The database for messages: the file path, or the URL without its password."""
        target = self.db_target()
        if isinstance(target, str):
            from netlog.storage.engines import redact

            return redact(target)
        return str(target)

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
            target = self.db_target()
            if isinstance(target, str):
                from netlog.storage.postgres import open_db as open_pg

                # PgDatabase has Database's transactions; the storage runs on either.
                database = cast("Database", open_pg(target))
            else:
                from netlog.storage.db import open_db

                database = open_db(target)
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


def db_target(explicit: str | None = None) -> Path | str:
    """What ``--db`` (else ``$NETLOG_DB``, else the default file) names: a path or a URL."""
    from netlog.storage.engines import target

    named = explicit or os.environ.get("NETLOG_DB", "").strip()
    if named:
        return target(named)
    from netlog.config import db_path

    return db_path(None)


def run_retrying(ctx: Context, invoke: Callable[[], T]) -> T:
    """Run the command; again (up to :data:`COMMAND_ATTEMPTS` in all) after a conflict.

    Only a PostgreSQL serialization failure or deadlock is retried: the
    failed try was rolled back, so nothing of it stays.
    """
    from netlog.errors import NetlogError

    for attempt in range(1, COMMAND_ATTEMPTS + 1):
        try:
            return invoke()
        except NetlogError as exc:
            if not getattr(exc, "retryable", False) or attempt == COMMAND_ATTEMPTS:
                raise
            run = ctx.find_object(Run)
            if run is not None:
                run.close()
            import random
            import time

            time.sleep(0.05 * attempt * (1 + random.random()))
    raise AssertionError("unreachable")  # pragma: no cover


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
