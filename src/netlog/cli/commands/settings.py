"""``netlog config``: where the settings and data live, and what is in force."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from typer.core import TyperCommand

from netlog.cli.context import current_run, run_of
from netlog.cli.helptext import examples, verbatim
from netlog.printing.console import say

if TYPE_CHECKING:
    from netlog.cli.context import Run

TEMPLATE = """\
# netlog settings. Every key is optional; delete what you do not need.

# Who you are: student, img, img-prelim or resident. It chooses the mentor
# kinds 'netlog team' looks for and the routine 'netlog week' follows.
profile = "student"
# routine = "img"        # or "resident"

[intervals]              # days; each stays within the window the guides give
# conference_followup_days = 3   # 2–5
# thank_you_days = 2             # 1–3
# reply_nudge_days = 7           # 7–10
# core_update_days = 90          # 60–120
# keep_warm_days = 180           # 90–365
# milestone_days = 7             # 3–14
# letter_lead_days = 14          # 7–30

[team]
# kinds = ["application-strategy", "wellness"]   # mentor kinds to add to the team

# communities = ["AAOS Resident Assembly", "#OrthoTwitter"]

[you]
# name = "Alex Rivera"
# institutions = ["Hospital for Special Surgery", "Mass General"]
# intro = "I'm an MS4 at ... interested in ... I'd love to hear ..."

[backlog]
# per_day = 3            # after a pause, how many old items come back each day
"""


config_group = typer.Typer(
    invoke_without_command=True,
    no_args_is_help=False,
)
commands = typer.Typer()
commands.add_typer(
    config_group,
    name="config",
    epilog=examples(
        "netlog config",
        "netlog config --init",
        "netlog config set profile resident",
        "netlog config get profile",
    ),
)


@config_group.callback(invoke_without_command=True)
def config(
    ctx: typer.Context,
    init: Annotated[
        bool, typer.Option("--init", help="Write a commented settings file if none exists.")
    ] = False,
) -> None:
    """Show where settings and data live, and the settings in force.

    The settings file (TOML) sets your profile, the follow-up intervals, the
    mentor kinds your team should cover, and your name and introduction.
    'netlog config set KEY VALUE' changes one key (undone by 'netlog undo');
    'netlog config --init' writes a commented file to edit by hand.
    """
    if ctx.invoked_subcommand is not None:
        return
    from netlog.config import config_path, load_settings

    run = run_of(ctx)
    path = config_path()
    if init:
        _init(path, None if run.on_postgres() else run.db_file())
        return
    settings = load_settings(path)
    iv = settings.intervals
    say(f"settings file: {path}{'' if path.exists() else ' (not created; netlog config --init)'}")
    say(f"database:      {run.db_label()}")
    say(f"profile:       {settings.profile} (routine: {settings.routine})")
    say(f"team kinds:    {', '.join(settings.team)}")
    say(
        f"intervals:     conference {iv.conference}d, thank-you {iv.thanks}d, nudge {iv.nudge}d, "
        f"core {iv.core}d, keep-warm {iv.keep_warm}d, milestone {iv.milestone}d, "
        f"letter reminder {iv.letter_lead}d before"
    )


def _init(path: Path, database: Path | None) -> None:
    """Write the template, created 0600 (through a link: the file it points to)."""
    import os

    from netlog.errors import InvalidValue
    from netlog.files import check_target, create_private

    if not path.exists() and database is not None:
        check_target(path, database)
    try:
        fd = None if path.exists() else create_private(path)
    except OSError as exc:
        raise InvalidValue(f"cannot write {path}: {exc.strerror}") from None
    if fd is None:
        say(f"{path} already exists; edit it in your editor.")
        return
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(TEMPLATE)
    say(f"Wrote {path}")


def _keys_help() -> str:
    from netlog.config_edit import KEYS

    width = max(len(k) for k in KEYS)
    lines = ["Keys:"]
    for k in KEYS.values():
        allowed = ", ".join(k.choices) if k.choices else k.help
        lines.append(f"  {k.name.ljust(width)}  {allowed}")
    return verbatim(*lines)


KeyArg = Annotated[
    str,
    typer.Argument(help="A settings key, e.g. profile or intervals.keep_warm_days.", metavar="KEY"),
]


def _set_epilog() -> str:
    return examples(
        "netlog config set profile resident",
        "netlog config set intervals.keep_warm_days 120",
        'netlog config set communities "AAOS Resident Assembly" "#OrthoTwitter"',
        note=_keys_help()
        + "\n\nA list key takes every VALUE given (none empties it). The file is checked "
        "as netlog reads it before it is written; 'netlog undo' sets the old value back.",
    )


class KeysEpilogCommand(TyperCommand):
    """``config set``, whose epilog lists the keys: put together when help is shown.

    The list comes from :mod:`netlog.config_edit`, which no other command needs
    at start-up (every command imports this module to register ``config``).
    """

    _epilog: str | None = None

    @property
    def epilog(self) -> str:
        if self._epilog is None:
            self._epilog = _set_epilog()
        return self._epilog

    @epilog.setter
    def epilog(self, value: str | None) -> None:
        self._epilog = value


@config_group.command("set", cls=KeysEpilogCommand)
def config_set(
    key: KeyArg,
    values: Annotated[
        list[str] | None,
        typer.Argument(help="The new value (several for a list key).", metavar="VALUE"),
    ] = None,
) -> None:
    """Set one key in the settings file, checked like the file itself."""
    from netlog import config_edit

    k = config_edit.key(key)
    _change(current_run(), k.name, config_edit.parse_value(k, values or []))


@config_group.command(
    "unset",
    epilog=examples("netlog config unset intervals.keep_warm_days"),
)
def config_unset(key: KeyArg) -> None:
    """Remove one key from the settings file: its default applies again."""
    from netlog import config_edit

    _change(current_run(), config_edit.key(key).name, None)


@config_group.command("get", epilog=examples("netlog config get profile"))
def config_get(key: KeyArg) -> None:
    """Print the value of one key in force (a list: one item a line)."""
    from netlog import config_edit
    from netlog.config import config_path

    k = config_edit.key(key)
    value = config_edit.in_force(
        current_run().settings(), config_edit.read(config_path())[1], k.name
    )
    for line in value if isinstance(value, list) else [value]:
        say(str(line))


def _change(run: Run, name: str, value: object) -> None:
    """Write ``name`` = ``value`` (None: remove it), recorded for ``netlog undo``."""
    import tomlkit

    from netlog import config_edit
    from netlog.config import config_path
    from netlog.storage import changes

    path = config_path()
    text, doc = config_edit.read(path)
    before = config_edit.current(doc, name)
    if before == value:
        state = "is not set" if value is None else "is already set to that"
        say(f"{name} {state} in {path}; nothing changed.")
        return
    new_text = tomlkit.dumps(config_edit.with_value(doc, name, value))
    fresh = config_edit.check(new_text, path)  # refused like the file, before any write
    db = run.open_db(refresh=False)  # the file in force may be the broken one this fixes
    written = False
    try:
        with db.write() as conn:
            changes.record_config(conn, str(path), name, before, value, created=text is None)
            config_edit.write_private(path, new_text)
            written = True
    except BaseException:
        if written:  # the database did not take the record: put the file back
            if text is None:
                config_edit.remove(path)
            else:
                config_edit.write_private(path, text)
        raise
    shown = "removed" if value is None else f"set to {tomlkit.item(value).as_string()}"
    say(f"{name} {shown} in {path}. 'netlog undo' sets it back.")
    if name in ("profile", "routine"):
        say(f"'netlog week' now follows the {fresh.routine_label}.")
