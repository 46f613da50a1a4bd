"""The ``netlog`` app: its commands in sections, its global options, the entry point.

Every user-fixable problem arrives here as a NetlogError and leaves as one
line on stderr with exit code 1 (a traceback only with --debug); this is the
one place errors become messages and exit codes. Usage errors exit 2
(Typer's own handling).

The modules of :mod:`netlog.cli.commands` each declare their commands on a
Typer of their own (``commands``); they are registered here on :data:`app`
(:data:`SECTIONS` says which module declares which command), never the other
way round: a command module imports only shared helpers
(:mod:`netlog.cli.options`, :mod:`netlog.cli.context`, :mod:`netlog.cli.helptext`,
:mod:`netlog.printing`) and what it calls. Only the command being run is
built, and only its module imported (:mod:`netlog.cli.typer_shims`).
"""

from __future__ import annotations

import os
import sys
from typing import Annotated, Any

from netlog.cli.typer_shims import (
    HELP_DRAWN,
    DeferredCommand,
    DeferredGroup,
    defer_imports,
    install,
)

defer_imports()  # before Typer is imported: see netlog.cli.typer_shims

import typer  # noqa: E402
from typer.core import TyperGroup  # noqa: E402

from netlog import __version__  # noqa: E402
from netlog.cli.context import Run, run_retrying  # noqa: E402
from netlog.cli.helptext import examples, verbatim  # noqa: E402
from netlog.errors import InvalidValue, NetlogError  # noqa: E402

# `netlog --help` lists the commands in these sections, in this order (Rich panels on a
# terminal, headed sections in plain text); tests/test_docs.py checks that every
# command has a place here. Beside each command, the module of netlog.cli.commands that
# declares it: imported only when the command is built (the one being run; every one
# for 'netlog --help').
SECTIONS: dict[str, dict[str, str]] = {
    "Record": {
        "add": "add",
        "log": "log",
        "fix": "log",
        "read": "activity",
        "attend": "activity",
        "milestone": "activity",
    },
    "Follow up": {
        "due": "due",
        "done": "log",
        "skip": "due",
        "draft": "draft",
        "week": "review",
        "team": "review",
        "prep": "draft",
        "letters": "letters",
        "remind": "remind",
        "snooze": "due",
        "pause": "activity",
        "resume": "activity",
    },
    "Contacts": {
        "list": "contacts",
        "show": "contacts",
        "edit": "contacts",
        "archive": "contacts",
        "rm": "contacts",
        "stats": "review",
    },
    "Your data": {
        "export": "exchange",
        "import": "exchange",
        "backup": "safety",
        "restore": "safety",
        "undo": "safety",
        "doctor": "safety",
        "db": "database",
        "config": "settings",
        "demo": "demo",
    },
}
# The groups of commands (``netlog letters …``, ``netlog config …``), each built
# (and its module imported) only when it is run or listed, like a command.
GROUPS = frozenset({"letters", "config", "db"})

_PANEL = {name: panel for panel, names in SECTIONS.items() for name in names}


def _click_errors() -> type[Exception]:
    """Click's own usage errors (exit 2), which Click reports itself."""
    from typer._click.exceptions import ClickException

    return ClickException


def _debug(ctx: Any) -> bool:
    run = ctx.obj
    return isinstance(run, Run) and run.debug


class NetlogGroup(TyperGroup):
    """Turns NetlogError into ``Error: …`` on stderr and exit code 1.

    It also lists the commands in :data:`SECTIONS` order, under their headings,
    and closes the run's database when the command ends.
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        order = {name: i for i, name in enumerate(n for s in SECTIONS.values() for n in s)}
        ranked = sorted(self.commands.items(), key=lambda kv: order.get(kv[0], len(order)))
        self.commands = dict(ranked)

    def list_commands(self, ctx: Any) -> list[str]:
        """The command names in :data:`SECTIONS` order, without building any command."""
        return list(self.commands)

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        """The command (built on first use, see :mod:`netlog.cli.typer_shims`), in its panel."""
        command = super().get_command(ctx, cmd_name)
        if command is not None and cmd_name in _PANEL:
            command.rich_help_panel = _PANEL[cmd_name]  # type: ignore[attr-defined]
        return command

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        """Plain help: one headed section per panel, all aligned (Rich draws panels)."""
        sections: dict[str, list[tuple[str, Any]]] = {}
        for name in self.list_commands(ctx):
            cmd = self.get_command(ctx, name)
            if cmd is not None and not cmd.hidden:
                panel = getattr(cmd, "rich_help_panel", None) or "Commands"
                sections.setdefault(panel, []).append((name, cmd))
        if not sections:
            return
        width = max(len(name) for rows in sections.values() for name, _ in rows)
        limit = formatter.width - 6 - width
        for panel, rows in sections.items():
            with formatter.section(panel):
                formatter.write_dl([(n.ljust(width), c.get_short_help_str(limit)) for n, c in rows])

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        bad = _not_utf8(args)
        if bad is not None:
            sys.stderr.write(
                f"Error: {bad} is not valid UTF-8 text; netlog reads names, notes and options "
                "as UTF-8 (check your terminal's or script's encoding)\n"
            )
            raise typer.Exit(1)
        return list(super().parse_args(ctx, args))

    def invoke(self, ctx: Any) -> Any:
        try:
            return run_retrying(ctx, lambda: super(NetlogGroup, self).invoke(ctx))
        except BrokenPipeError:
            closed_pipe()
        except NetlogError as exc:
            if _debug(ctx):
                raise
            sys.stderr.write(f"Error: {exc}\n")
            raise typer.Exit(1) from None
        except KeyboardInterrupt:
            sys.stderr.write("Interrupted; nothing was changed by the unfinished command.\n")
            raise typer.Exit(130) from None
        except Exception as exc:
            if _debug(ctx) or isinstance(exc, (typer.Exit, typer.Abort, _click_errors())):
                raise
            # A bug or a damaged file: one line, no traceback, and a way forward.
            sys.stderr.write(
                f"Error: netlog stopped on an unexpected problem ({type(exc).__name__}); "
                "nothing was changed. 'netlog doctor' checks the database; "
                "--debug shows the details for a bug report.\n"
            )
            raise typer.Exit(1) from None
        finally:
            if isinstance(ctx.obj, Run):
                ctx.obj.close()


# Options and commands whose value is a file name: any bytes the system takes.
_PATH_OPTIONS = frozenset({"--db", "-o", "--output", "--svg"})
_PATH_COMMANDS = frozenset({"import", "restore"})


def _is_path(args: list[str], i: int) -> bool:
    arg = args[i]
    if (i and args[i - 1] in _PATH_OPTIONS) or arg.split("=")[0] in _PATH_OPTIONS:
        return True
    commands = [j for j, a in enumerate(args[:i]) if a in _PATH_COMMANDS]
    if not commands or arg.startswith("-"):
        return False
    between = args[commands[0] + 1 : i]
    return not any(not a.startswith("-") for a in between)  # the command's first argument


def _not_utf8(args: list[str]) -> str | None:
    """Which argument, if any, holds bytes that are not UTF-8 (kept as surrogates).

    File names are left alone: the system takes any bytes there.
    """
    for i, arg in enumerate(args):
        if any("\udc80" <= ch <= "\udcff" for ch in arg) and not _is_path(args, i):
            before = args[i - 1] if i else ""
            if before.startswith("-") and _not_utf8([before]) is None:
                return f"the value after {before}"
            if arg.startswith("--") and "=" in arg and _not_utf8([arg.split("=")[0]]) is None:
                return f"the value of {arg.split('=')[0]}"
            return f"argument {i + 1}"
    return None


def closed_pipe() -> None:
    """The reader of our output went away (``netlog export | head -1``): stop quietly.

    Exit 141, as a command killed by SIGPIPE does; standard output is pointed
    at /dev/null so that flushing it at exit cannot complain again.
    """
    silence_stdout()
    raise typer.Exit(141)


def silence_stdout() -> None:
    import contextlib

    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


install()


def _rich_help() -> str | None:
    return "rich" if sys.stdout.isatty() and not os.environ.get("NO_COLOR") else None


app = typer.Typer(
    cls=NetlogGroup,
    name="netlog",
    help=(
        "Keep your professional network honest: who you met, what was said, "
        "what you promised, and who is owed a follow-up today."
    ),
    epilog=examples(
        'netlog add "Dr. Maya Patel" --at "AAOS 2026" --role attending',
        "netlog due",
        note="Run 'netlog COMMAND --help' for a command's options.\n\n"
        + verbatim(
            "Environment:",
            "  NETLOG_DB      the database file (what --db sets)",
            "  NETLOG_CONFIG  the settings file",
            "  NETLOG_TODAY   a YYYY-MM-DD date: see what will be due on that day",
        ),
    ),
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=_rich_help(),  # type: ignore[arg-type]
    context_settings={"help_option_names": ["--help", "-h"]},
)


def _register(app: typer.Typer) -> None:
    """The commands of :data:`SECTIONS` join the app (NetlogGroup puts them in order)."""
    for commands in SECTIONS.values():
        for name, module in commands.items():
            path = f"netlog.cli.commands.{module}"
            if name in GROUPS:
                app.registered_groups.append(DeferredGroup(name, path))  # type: ignore[arg-type]
            else:
                app.registered_commands.append(DeferredCommand(name, path))  # type: ignore[arg-type]


_register(app)


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"netlog {__version__}\n")
        raise typer.Exit()


@app.callback()
def _main(
    ctx: typer.Context,
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            help="Database file (default: $NETLOG_DB, else netlog.db in your user data "
            "folder; 'netlog config' shows where).",
            metavar="PATH",
        ),
    ] = None,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks on errors.")] = False,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    if db is not None and not db.strip():
        raise InvalidValue("--db needs a file name (it was empty)")
    ctx.obj = Run(db_option=db, debug=debug, command=ctx.invoked_subcommand)


def main() -> None:
    """Console entry point."""
    code: int | str | None = 0
    try:
        app()
    except SystemExit as done:
        code = done.code
    except BrokenPipeError:  # while printing help, outside a command
        code = 141
    try:
        sys.stdout.flush()
    except BrokenPipeError:  # the last buffered lines found the reader gone
        code = 141
    if code == 141:
        silence_stdout()
    if HELP_DRAWN:
        # Only help was shown, and the process ends now: on the way out Python
        # would examine everything drawing it made (Rich's objects) once more
        # for garbage (~6% of 'netlog --help' on a terminal). Help writes no
        # file and holds no database, so nothing is left to finalise.
        import gc

        gc.freeze()
    sys.exit(code)
