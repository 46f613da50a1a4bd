"""Keeping the data safe: ``netlog backup``, ``restore``, ``undo`` and ``doctor``.

Each command imports what it needs when it runs, so loading this module costs nothing.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from netlog.cli.context import current_run
from netlog.cli.helptext import examples
from netlog.errors import NetlogError
from netlog.printing.console import say

if TYPE_CHECKING:
    from netlog.storage.changes import UndoConflict
    from netlog.storage.db import Database

commands = typer.Typer()


@commands.command(epilog=examples("netlog backup", "netlog backup -o ~/netlog-2026-11-23.db"))
def backup(
    output: Annotated[
        str | None,
        typer.Option(
            "-o",
            "--output",
            help="Backup file (default: a dated file next to the database).",
            metavar="FILE",
        ),
    ] = None,
) -> None:
    """Copy the database safely, even while netlog is in use.

    The copy is readable only by you (mode 0600); 'netlog restore FILE' puts
    it back.
    """
    from netlog.files import check_target
    from netlog.storage.backup import backup_to, default_backup_path

    run = current_run()
    db = run.open_db()
    if run.on_postgres():  # a consistent local SQLite snapshot of the server's database
        from netlog.storage import pgsafety

        target = (
            Path(output).expanduser()
            if output
            else pgsafety.backup_path(_data_folder(), run.today())
        )
        check_target(target, None, may_be_database=True)
        pgsafety.backup(str(run.db_target()), target)
        say(f"Backed up to {target}")
        return
    if output:
        target = Path(output).expanduser()
        check_target(target, db.path, may_be_database=True)
    else:
        target = default_backup_path(db.path, run.today())
    backup_to(db, target)
    say(f"Backed up to {target}")


@commands.command(epilog=examples("netlog restore ~/netlog-backup-2026-11-01.db"))
def restore(
    file: Annotated[
        Path,
        typer.Argument(help="A netlog database file, e.g. from 'netlog backup'.", metavar="FILE"),
    ],
) -> None:
    """Replace the database with a backup (the current one is kept).

    The file must be a healthy netlog database (checked before anything
    changes); an older one is upgraded after the restore.
    """
    from netlog.storage.backup import restore_from
    from netlog.storage.db import open_db as _open

    run = current_run()
    if run.on_postgres():  # every row replaced in one transaction, the old ones kept in a file
        from netlog.storage import pgsafety

        database = run.open_db(refresh=False)
        keep = pgsafety.backup_path(_data_folder(), run.today())
        counts, kept = pgsafety.restore(file, database, keep)  # type: ignore[arg-type]
        run.close()
        _mark_restore(run.open_db(refresh=False), file, kept)
        shown = run.db_label()
    else:
        current = run.db_file()
        counts, kept = restore_from(file, current)
        restored = _open(current)  # upgrades an older schema now, keeping a backup
        try:
            _mark_restore(restored, file, kept)
        finally:
            restored.close()
        shown = str(current)
    say(
        f"Restored {shown} from {file} "
        f"({counts['contact']} contacts, {counts['touchpoint']} touchpoints)."
    )
    if kept is not None:
        say(f"The previous database is kept at {kept}")


def _data_folder() -> Path:
    """The user data folder: backups of a PostgreSQL database go there by default."""
    from platformdirs import user_data_path

    from netlog.config import APP

    return user_data_path(APP, appauthor=False)


def _mark_restore(db: Database, file: Path, kept: Path | None) -> None:
    """Undo cannot take a restore back: mark it so undo never reaches past it."""
    from netlog.storage import changes
    from netlog.storage.db import now_utc

    if kept is not None:
        advice = f"To go back, restore the database it replaced: netlog restore {kept}"
    else:
        advice = "There was no database before it to go back to"
    with db.write() as conn:
        changes.record_barrier(
            conn, "restore", now_utc(), f"restored from {file}", advice, db.author
        )


@commands.command(epilog=examples("netlog doctor", "netlog doctor --fix", "netlog doctor --full"))
def doctor(
    fix: Annotated[
        bool,
        typer.Option("--fix", help="Fix file modes, recompute follow-ups, upgrade the schema."),
    ] = False,
    full: Annotated[
        bool,
        typer.Option(
            "--full",
            help="Run SQLite's full integrity_check (every index against its table; "
            "slower) instead of its quick_check, and recompute every contact's "
            "follow-ups instead of today's slice.",
        ),
    ] = False,
) -> None:
    """Check the database and say how to fix what is wrong.

    Checks integrity, schema, file modes, unreadable rows and stored
    follow-ups. Exits 0 when healthy and 1 when a problem remains; each
    problem comes with what to do about it. The integrity check is SQLite's
    quick_check; --full runs its thorough integrity_check. On a network of
    more than 1000 contacts the follow-ups are recomputed for a different
    slice of about 1000 contacts each day (and for every contact whose
    last-contact day disagrees with its log); --full recomputes them all.
    """
    from netlog import doctor as checks

    run = current_run()
    path = run.db_target()
    report = checks.diagnose(path, run.settings(), full=full)
    if fix and any(f.fixable for f in report.problems):
        if isinstance(path, str):
            from netlog.doctor_pg import fix as fix_pg

            done = fix_pg(path, report, run.settings())
        else:
            done = checks.fix(path, report, run.settings())
        for line in done:
            say(f"fixed    {line}")
        report = checks.diagnose(path, run.settings(), full=full)
    say(f"Checking {run.db_label()}")
    for finding in report.findings:
        if finding.problem is None:
            say(f"  ok       {finding.check}")
        else:
            say(f"  PROBLEM  {finding.problem}")
            say(f"           what to do: {finding.fix}")
    for note in report.notes:
        say(f"  note     {note}")
    problems = report.problems
    if not problems:
        say("No problems found.")
        return
    fixable = sum(1 for f in problems if f.fixable)
    hint = f"; 'netlog doctor --fix' fixes {fixable} of them" if fixable and not fix else ""
    say(f"{len(problems)} problem(s) found{hint}.")
    raise typer.Exit(1)


@commands.command(epilog=examples("netlog undo --list", "netlog undo"))
def undo(
    list_: Annotated[
        bool, typer.Option("--list", help="Show the recent changes that can be undone.")
    ] = False,
    clear: Annotated[
        bool,
        typer.Option("--clear", help="Forget the change log (deleted data is then gone for good)."),
    ] = False,
) -> None:
    """Revert the last change: an rm, an edit, a log, an import, a pause, a setting.

    netlog keeps the last 50 changes; undo them one at a time, newest first.
    On a PostgreSQL database several people share, only your own changes.
    """
    from netlog import followups
    from netlog.storage import changes

    run = current_run()
    db = run.open_db()
    db.command = None  # undo itself is not recorded
    author = db.author  # None in a file (one user); the role on PostgreSQL
    if list_:
        from netlog.printing.tables import table

        with db.read() as conn:
            recent = changes.recent(conn, author=author)
            others = changes.others_count(conn, author) if author is not None else 0
        if not recent:
            say("Nothing to undo yet: changes appear here as you use netlog.")
        else:
            rows = [[str(c.id), _local(c.at), c.command, c.summary] for c in recent]
            table(["#", "when", "command", "what changed"], rows)
        if others:
            say(
                f"Not listed: {others} change(s) by other users of this database; "
                f"undo reverts only yours ({author})."
            )
        return
    if clear:
        with db.write() as conn:
            count = changes.forget_all(conn, author)
        say(f"Forgot {count} recorded change(s); they can no longer be undone.")
        return
    with db.write() as conn:
        refused = changes.take_barrier(conn, author)
    if refused is not None:
        change, advice = refused
        raise NetlogError(
            f"the newest change, {change.command} ({_local(change.at)}: {change.summary}), "
            f"cannot be undone. {advice}. Nothing was undone; 'netlog undo' again reverts "
            "the change before it"
        )
    notes: list[str] = []
    with db.write() as conn:
        try:
            done = changes.undo_last(conn, author)
        except changes.UndoConflict as exc:
            raise NetlogError(_conflict_message(exc)) from None
        if done.config:
            from netlog import config_edit

            # Inside the transaction: a settings file that cannot be put back
            # leaves the change in the log, to undo once the file is fixed.
            notes = [n for n in map(config_edit.revert, done.config) if n]
            run.reread_settings()  # read the settings as they are now
        if done.activities or done.config:
            followups.refresh_all(conn, run.settings())
        else:
            followups.refresh(conn, done.contact_ids, run.settings())
    say(f"Undid {done.change.command} ({_local(done.change.at)}): {done.change.summary}.")
    for note in notes:
        say(f"Note: {note}.")


def _conflict_message(exc: UndoConflict) -> str:
    """Why your last change cannot be undone: whose later change is in the way (not what it was)."""
    mine, later = exc.change, exc.later
    what = f"your last change, {mine.command} ({_local(mine.at)}: {mine.summary})"
    if exc.restored:
        why = f"{later.author} restored a backup since ({_local(later.at)}), replacing every row"
    else:
        why = (
            f"a later change by {later.author} ({later.command}, {_local(later.at)}) "
            "touched the same rows"
        )
    return f"cannot undo {what}: {why}. Nothing was undone"


def _local(stamp: str) -> str:
    """A stored UTC time as local time for the screen."""
    from datetime import datetime

    try:
        when = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    except ValueError:
        return stamp
    return when.astimezone().strftime("%Y-%m-%d %H:%M")
