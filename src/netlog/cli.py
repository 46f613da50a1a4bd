"""The command line: parse options, call the service layer, print.

Every user-fixable problem arrives here as a NetlogError and leaves as one
line on stderr with exit code 1 (a traceback only with --debug). Usage errors
exit 2 (Typer's own handling).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer
from typer.core import TyperGroup

from netlog import __version__
from netlog.errors import InvalidValue, NetlogError

if TYPE_CHECKING:
    from netlog.config import Settings
    from netlog.db import Database

F = TypeVar("F", bound=Callable[..., Any])


@dataclass
class _State:
    db_path: str | None = None
    debug: bool = False
    database: Database | None = None
    settings: Settings | None = None
    command: str | None = None


STATE = _State()


_TRUE = frozenset({"1", "true", "t", "yes", "y", "on"})
_FALSE = frozenset({"0", "false", "f", "no", "n", "off"})


def _to_int(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        whole, dot, zeros = text.strip().partition(".")
        if dot and not zeros.strip("0"):
            return int(whole)
        raise


def _to_bool(text: str) -> bool:
    word = text.strip().lower()
    if word in _TRUE:
        return True
    if word in _FALSE:
        return False
    raise ValueError(text)


# Leaf types netlog's options use, with the message Typer (via Pydantic) gives.
_LIGHT_TYPES: dict[type, tuple[Callable[[str], Any], str]] = {
    str: (str, "Input should be a valid string"),
    int: (_to_int, "Input should be a valid integer, unable to parse string as an integer"),
    float: (float, "Input should be a valid number, unable to parse string as a number"),
    bool: (_to_bool, "Input should be a valid boolean, unable to interpret input"),
}


def _light_runtime_param(descriptor: Any) -> Any:
    """Coercion for plain ``str``/``int``/``float``/``bool`` options (and lists of them).

    Typer builds a Pydantic ``TypeAdapter`` for every parameter it parses, and
    importing Pydantic and building the adapters costs ~100 ms per command
    (measured on ``netlog due``: 185 ms → about 80 ms without it). netlog's
    options are plain values, so they are converted here the same way, with
    the same messages; anything else keeps Typer's own coercion. Returns None
    when this Typer has no such hook or the annotation is not a plain one.
    """
    try:
        from typer._click.exceptions import BadParameter
        from typer._coercion import RuntimeParam
    except ImportError:  # another Typer layout: keep its own coercion
        return None
    info = descriptor.parameter_info
    if descriptor.file_annotation is not None or info.parser is not None:
        return None
    if info.min is not None or info.max is not None or descriptor.is_path:
        return None
    annotation = descriptor.annotation
    many = getattr(annotation, "__origin__", None) is list
    leaf = annotation.__args__[0] if many else annotation
    if leaf not in _LIGHT_TYPES:
        return None
    convert, message = _LIGHT_TYPES[leaf]

    def one(value: Any, param: Any, ctx: Any) -> Any:
        if isinstance(value, leaf) and not (leaf is int and isinstance(value, bool)):
            return value
        try:
            return convert(value) if isinstance(value, str) else convert(str(value))
        except (TypeError, ValueError):
            raise BadParameter(message, ctx=ctx, param=param) from None

    class Light(RuntimeParam):
        def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
            if many:
                items = value if isinstance(value, (list, tuple)) else [value]
                return [one(item, param, ctx) for item in items]
            return one(value, param, ctx)

    return Light(parameter_info=info, annotation=annotation)


def _use_light_coercion() -> None:
    """Make Typer try :func:`_light_runtime_param` before building a TypeAdapter.

    Typer builds each parameter's coercion lazily in
    ``_TyperParameter.get_runtime_param`` (its own help and completion options
    included); this wraps that one method. With another Typer layout nothing
    is changed (``tests/test_startup.py`` then fails, as Pydantic is imported).
    """
    try:
        from typer.core import _TyperParameter
    except ImportError:
        return
    original = getattr(_TyperParameter, "get_runtime_param", None)
    if original is None or getattr(original, "netlog_light", False):
        return

    def get_runtime_param(self: Any) -> Any:
        if getattr(self, "_runtime_param", None) is None:
            descriptor = getattr(self, "type_descriptor", None)
            light = _light_runtime_param(descriptor) if descriptor is not None else None
            if light is not None:
                self._runtime_param = light
                return light
        return original(self)

    get_runtime_param.netlog_light = True  # type: ignore[attr-defined]
    _TyperParameter.get_runtime_param = get_runtime_param  # type: ignore[method-assign]


_use_light_coercion()


class NetlogGroup(TyperGroup):
    """Turns NetlogError into ``Error: …`` on stderr and exit code 1."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except NetlogError as exc:
            if STATE.debug:
                raise
            sys.stderr.write(f"Error: {exc}\n")
            raise typer.Exit(1) from None
        except KeyboardInterrupt:
            sys.stderr.write("Interrupted; nothing was changed by the unfinished command.\n")
            raise typer.Exit(130) from None
        finally:
            if STATE.database is not None:
                STATE.database.close()
                STATE.database = None


def _rich_help() -> str | None:
    return "rich" if sys.stdout.isatty() and not os.environ.get("NO_COLOR") else None


app = typer.Typer(
    cls=NetlogGroup,
    name="netlog",
    help=(
        "Keep your professional network honest: who you met, what was said, "
        "what you promised, and who is owed a follow-up today."
    ),
    epilog='Example: netlog add "Dr. Maya Patel" --at "AAOS 2026" --role attending',
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=_rich_help(),  # type: ignore[arg-type]
    context_settings={"help_option_names": ["--help", "-h"]},
)


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
            help="Database file (default: $NETLOG_DB, else the user data folder).",
            metavar="PATH",
        ),
    ] = None,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks on errors.")] = False,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    STATE.db_path = db
    STATE.debug = debug
    STATE.settings = None  # read afresh on every invocation
    STATE.command = ctx.invoked_subcommand


# --- shared helpers ---------------------------------------------------------------


def open_db() -> Database:
    from netlog.config import db_path
    from netlog.db import open_db as _open

    if STATE.database is None:
        from netlog.service import ensure_current

        database = _open(db_path(STATE.db_path))
        database.command = STATE.command  # its writes can be undone
        STATE.database = database
        # Stored follow-ups follow the settings in force (recomputed if they changed).
        ensure_current(database, settings())
    return STATE.database


def settings() -> Settings:
    from netlog.config import load_settings

    if STATE.settings is None:
        STATE.settings = load_settings()
    return STATE.settings


def today() -> date:
    from netlog.dates import today as _today

    return _today()


def parse_day(value: str | None, option: str, *, future: bool = False) -> date | None:
    if value is None:
        return None
    from netlog.dates import parse_date

    try:
        return parse_date(value, direction="future" if future else "past", base=today())
    except InvalidValue as exc:
        raise InvalidValue(f"{option}: {exc}") from None


def read_note(value: str | None) -> str | None:
    """``--note -`` reads the note from standard input."""
    if value == "-":
        text = sys.stdin.read()
        return text.rstrip("\n") or None
    return value


def say(text: str) -> None:
    sys.stdout.write(text + "\n")


# --- options shared by add and edit -----------------------------------------------

RoleOpt = Annotated[str | None, typer.Option(help="Attending, program director, PGY-2…")]
InstOpt = Annotated[str | None, typer.Option(help="Hospital, school or program.")]
SpecOpt = Annotated[str | None, typer.Option(help="Specialty or subspecialty.")]
EmailOpt = Annotated[str | None, typer.Option(help="Email address.")]
PhoneOpt = Annotated[str | None, typer.Option(help="Phone number.")]
LinkedInOpt = Annotated[str | None, typer.Option(help="LinkedIn profile URL.")]
XOpt = Annotated[str | None, typer.Option("--x", help="X (Twitter) handle or URL.")]
HowMetOpt = Annotated[str | None, typer.Option("--how-met", help="How you met, in a few words.")]
TypeOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--type",
        help="mentor, sponsor, peer, ally, letter-writer, alumni; mentor:KIND "
        "(clinical, research, career, near-peer, …). Repeatable.",
    ),
]
TagOpt = Annotated[list[str] | None, typer.Option("--tag", help="Free word. Repeatable.")]
TierOpt = Annotated[str | None, typer.Option(help="Network tier: home, regional or society.")]
EveryOpt = Annotated[
    int | None, typer.Option("--every", help="Personal cadence in days (overrides defaults).")
]
NoteOpt = Annotated[str | None, typer.Option(help="Note; '-' reads it from standard input.")]


def _contact_input(**kw: Any) -> Any:
    from netlog.service import ContactInput

    kw["types"] = kw.get("types") or []
    kw["tags"] = kw.get("tags") or []
    return ContactInput(**kw)


# --- commands ------------------------------------------------------------------------


@app.command(
    epilog='Example: netlog add "Dr. Maya Patel" --at "AAOS 2026" --role attending '
    '--institution "Mass General" --type mentor:research --note "talked about ACL registry"'
)
def add(
    name: Annotated[
        str | None,
        typer.Argument(
            help="Full name (any script). Leave it out with --at/--met to enter several "
            "people, one per line: NAME | INSTITUTION | NOTE (a blank line ends)."
        ),
    ] = None,
    role: RoleOpt = None,
    institution: InstOpt = None,
    specialty: SpecOpt = None,
    email: EmailOpt = None,
    phone: PhoneOpt = None,
    linkedin: LinkedInOpt = None,
    x: XOpt = None,
    how_met: HowMetOpt = None,
    at: Annotated[
        str | None, typer.Option("--at", help="Event where you met (starts the follow-up clock).")
    ] = None,
    met: Annotated[
        str | None, typer.Option("--met", help="Date you met (starts the follow-up clock).")
    ] = None,
    type_: TypeOpt = None,
    tag: TagOpt = None,
    tier: TierOpt = None,
    core: Annotated[bool, typer.Option("--core", help="One of your 3–7 core mentors.")] = False,
    every: EveryOpt = None,
    note: NoteOpt = None,
) -> None:
    """Add a person you met; with --at or --met the follow-up is scheduled."""
    from netlog import service

    met_day = parse_day(met, "--met")
    if name is None:
        if not (at or met_day):
            raise typer.BadParameter(
                "give a NAME, or --at/--met to enter several people at once", param_hint="NAME"
            )
        personal: dict[str, object] = {"--email": email, "--phone": phone, "--x": x}
        personal |= {"--linkedin": linkedin, "--institution": institution}
        personal |= {"--note": note, "--every": every}
        given = [option for option, value in personal.items() if value is not None]
        if given or core:
            raise InvalidValue(
                f"{', '.join(given) or '--core'} belongs to one person: give a NAME, "
                "or put the institution and note on each line"
            )
        _capture(
            at=at,
            met_day=met_day,
            shared=dict(role=role, specialty=specialty, how_met=how_met, types=type_, tags=tag),
        )
        return
    data = _contact_input(
        name=name,
        role=role,
        institution=institution,
        specialty=specialty,
        email=email,
        phone=phone,
        linkedin=linkedin,
        x=x,
        how_met=how_met,
        types=type_,
        tags=tag,
        tier=tier,
        core=core or None,
        every=every,
        note=read_note(note),
    )
    day = today()
    contact_id = service.add_contact(open_db(), settings(), data, today=day, met=met_day, at=at)
    say(f"Added {' '.join(name.split())} (#{contact_id}).")
    if met_day or at:
        from datetime import timedelta

        follow = (met_day or day) + timedelta(days=settings().intervals.conference)
        say(f"Follow-up due {follow.isoformat()} — 'netlog due' will remind you.")


def _capture(*, at: str | None, met_day: date | None, shared: dict[str, Any]) -> None:
    """After a conference: one person per line until a blank line or end of input."""
    from netlog import service

    interactive = sys.stdin.isatty()
    if interactive:
        say(
            f"People met{' at ' + at if at else ''}: NAME | INSTITUTION | NOTE, blank line to finish."
        )
    people = []
    while True:
        try:
            line = input("> ") if interactive else sys.stdin.readline()
        except EOFError:
            break
        if not line.strip():
            if interactive or not line:
                break
            continue
        name, _, rest = line.strip().partition("|")
        institution, _, note = rest.partition("|")
        people.append(
            _contact_input(
                name=name,
                institution=institution.strip() or None,
                note=note.strip() or None,
                **shared,
            )
        )
    if not people:
        say("Nobody entered; nothing added.")
        return
    ids = service.add_many(open_db(), settings(), people, today=today(), met=met_day, at=at)
    say(f"Added {len(ids)} people; their follow-ups are scheduled — see 'netlog due'.")


@app.command(
    epilog='Example: netlog log "patel" --via email --kind thanks --note "sent thank-you" '
    "--awaiting-reply"
)
def log(
    contact: Annotated[str, typer.Argument(help="Id or a unique part of the name.")],
    via: Annotated[
        str | None,
        typer.Option(
            "--via",
            help="Channel: email, in-person, call, video, conference, social, letter, other "
            "(default email; conference with --at).",
        ),
    ] = None,
    kind: Annotated[
        str | None,
        typer.Option(
            help="met, intro, thanks, update, question, ask, share, meeting, shadowing, "
            "or-day, rotation, helped, reply, nudge, other (default update; reply if incoming)."
        ),
    ] = None,
    date_: Annotated[
        str | None, typer.Option("--date", help="When (default today): 2026-11-03, 'yesterday'.")
    ] = None,
    at: Annotated[str | None, typer.Option("--at", help="Event name, e.g. 'AAOS 2026'.")] = None,
    note: NoteOpt = None,
    next_: Annotated[
        str | None, typer.Option("--next", help="The next step you promised or planned.")
    ] = None,
    due: Annotated[
        str | None,
        typer.Option("--due", help="Follow-up date for the next step: 'friday', 'in 2w'."),
    ] = None,
    awaiting_reply: Annotated[
        bool, typer.Option("--awaiting-reply", help="You expect an answer to this email.")
    ] = False,
    incoming: Annotated[bool, typer.Option("--incoming", help="They contacted you.")] = False,
) -> None:
    """Record a touchpoint; the follow-ups it satisfies are cleared."""
    from netlog import service

    data = service.TouchpointInput(
        channel=via,
        kind=kind,
        day=parse_day(date_, "--date"),
        event=at,
        note=read_note(note),
        next_step=next_,
        follow_up=parse_day(due, "--due", future=True),
        awaiting_reply=awaiting_reply,
        incoming=incoming,
    )
    found, tp = service.log_touchpoint(open_db(), settings(), contact, data, today=today())
    arrow = "from" if incoming else "to"
    say(f"Logged {tp.kind} ({tp.channel}) {arrow} {found.name} on {tp.date.isoformat()}.")


@app.command(epilog="Example: netlog due --within 14")
def due(
    within: Annotated[int, typer.Option(help="Also show what falls due within DAYS.")] = 7,
    json_: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
    limit: Annotated[int, typer.Option(help="Rows shown on screen (0 = all).")] = 50,
) -> None:
    """Who is owed what: overdue first, then what falls due soon."""
    from netlog import render, service

    day = today()
    report = service.due(
        open_db(), settings(), today=day, within=within, limit=0 if json_ else max(limit, 0)
    )
    if json_:
        render.print_json([i.to_json() for i in report.items])
        return
    render.due_report(report, day, within=within, limit=limit)


@app.command("list", epilog="Example: netlog list --type mentor --tag ortho")
def list_(
    tag: Annotated[str | None, typer.Option(help="Only contacts with this tag.")] = None,
    type_: Annotated[
        str | None, typer.Option("--type", help="Only this type, e.g. sponsor or mentor:research.")
    ] = None,
    core: Annotated[bool, typer.Option("--core", help="Only core contacts.")] = False,
    search: Annotated[
        str | None, typer.Option(help="Text in name, institution, specialty, notes or tags.")
    ] = None,
    archived: Annotated[
        bool, typer.Option("--archived", help="Include archived contacts.")
    ] = False,
    json_: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
) -> None:
    """Contacts with their last contact and next due date."""
    from netlog import render, service

    rows = service.list_contacts(
        open_db(), settings(), tag=tag, type_=type_, core=core, search=search, archived=archived
    )
    if json_:
        render.print_json(rows)
        return
    render.contact_list(rows, today(), filtered=bool(tag or type_ or core or search))


@app.command(epilog='Example: netlog show "patel" --json')
def show(
    contact: Annotated[str, typer.Argument(help="Id or a unique part of the name.")],
    json_: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
) -> None:
    """One contact: details, what is owed, and the timeline."""
    from netlog import render, service

    view = service.show(open_db(), settings(), contact)
    if json_:
        render.print_json(service.view_dict(view))
        return
    render.contact_view(view, today())


@app.command(epilog='Example: netlog edit "patel" --email maya.patel@example.org --core')
def edit(
    contact: Annotated[str, typer.Argument(help="Id or a unique part of the name.")],
    name: Annotated[str | None, typer.Option(help="New full name.")] = None,
    role: RoleOpt = None,
    institution: InstOpt = None,
    specialty: SpecOpt = None,
    email: EmailOpt = None,
    phone: PhoneOpt = None,
    linkedin: LinkedInOpt = None,
    x: XOpt = None,
    how_met: HowMetOpt = None,
    type_: TypeOpt = None,
    tag: TagOpt = None,
    remove_type: Annotated[
        list[str] | None, typer.Option("--remove-type", help="Type to drop. Repeatable.")
    ] = None,
    remove_tag: Annotated[
        list[str] | None, typer.Option("--remove-tag", help="Tag to drop. Repeatable.")
    ] = None,
    tier: TierOpt = None,
    core: Annotated[
        bool | None, typer.Option("--core/--no-core", help="Mark or unmark as core.")
    ] = None,
    every: EveryOpt = None,
    note: NoteOpt = None,
) -> None:
    """Change a contact's details (types and tags are added; --remove-* drops them)."""
    from netlog import service

    data = _contact_input(
        name=name,
        role=role,
        institution=institution,
        specialty=specialty,
        email=email,
        phone=phone,
        linkedin=linkedin,
        x=x,
        how_met=how_met,
        types=type_,
        tags=tag,
        tier=tier,
        core=core,
        every=every,
        note=read_note(note),
    )
    updated = service.edit_contact(
        open_db(), settings(), contact, data, remove_tags=remove_tag, remove_types=remove_type
    )
    say(f"Updated {updated.name} (#{updated.id}).")


@app.command(epilog='Example: netlog rm "patel" --yes')
def rm(
    contact: Annotated[str, typer.Argument(help="Id or a unique part of the name.")],
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")] = False,
) -> None:
    """Delete a contact and its timeline (asks first unless --yes)."""
    from netlog import service

    db = open_db()
    found = service.find(db, contact)
    if not yes:
        if not sys.stdin.isatty():
            raise InvalidValue(f"not deleting {found.name} without confirmation; add --yes")
        if not typer.confirm(f"Delete {found.name} (#{found.id}) and their whole timeline?"):
            say("Nothing deleted.")
            return
    service.remove_contact(db, found.id)
    say(f"Deleted {found.name} (#{found.id}).")


@app.command(epilog='Example: netlog snooze "patel" --until "in 2w"')
def snooze(
    contact: Annotated[str, typer.Argument(help="Id or a unique part of the name.")],
    until: Annotated[str, typer.Option("--until", help="Hide their follow-ups until this date.")],
) -> None:
    """Hide a contact's follow-ups until a date (they come back on that date)."""
    from netlog import service

    day = parse_day(until, "--until", future=True)
    assert day is not None
    now = today()
    if day <= now:
        raise InvalidValue(
            f"--until {day.isoformat()} is not after today ({now.isoformat()}); "
            "a snooze needs a future date"
        )
    found = service.snooze(open_db(), contact, day)
    say(f"Snoozed {found.name}: their follow-ups come back on {day.isoformat()}.")


@app.command(epilog='Example: netlog archive "patel"   (netlog archive "patel" --undo to restore)')
def archive(
    contact: Annotated[str, typer.Argument(help="Id or a unique part of the name.")],
    undo: Annotated[bool, typer.Option("--undo", help="Bring the contact back.")] = False,
) -> None:
    """Archive a contact: kept in the log, never due again."""
    from netlog import service

    found = service.archive(open_db(), settings(), contact, archived=not undo)
    say(f"{'Restored' if undo else 'Archived'} {found.name} (#{found.id}).")


@app.command(epilog="Example: netlog backup -o ~/netlog-2026-11-23.db")
def backup(
    output: Annotated[
        str | None,
        typer.Option("-o", "--output", help="Backup file (default: next to the database)."),
    ] = None,
) -> None:
    """Copy the database safely, even while netlog is in use (mode 0600)."""
    from netlog.backup import backup_to, default_backup_path

    db = open_db()
    target = Path(output).expanduser() if output else default_backup_path(db.path, today())
    backup_to(db, target)
    say(f"Backed up to {target}")


def main() -> None:
    """Console entry point."""
    app()


# Command groups kept in their own modules register themselves on ``app``.
# (Imported last: they use the helpers above.)
from netlog.commands import (  # noqa: E402,F401
    act,
    activity,
    config_cmd,
    demo,
    interop_cmds,
    routine_cmds,
    safety,
)
