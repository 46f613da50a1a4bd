"""The command line: parse options, call the service layer, print.

Every user-fixable problem arrives here as a NetlogError and leaves as one
line on stderr with exit code 1 (a traceback only with --debug). Usage errors
exit 2 (Typer's own handling).
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer.core import TyperGroup

from netlog import __version__, typer_shims
from netlog.domain import CHANNELS, KINDS, MENTOR_KINDS, RELATIONSHIP_TYPES, TIERS
from netlog.errors import InvalidValue, NetlogError

if TYPE_CHECKING:
    from netlog.config import Settings
    from netlog.storage.db import Database


@dataclass
class _State:
    db_path: str | None = None
    debug: bool = False
    database: Database | None = None
    settings: Settings | None = None
    command: str | None = None


STATE = _State()

typer_shims.install()


# --- how --help reads ----------------------------------------------------------------

# `netlog --help` lists the commands in these sections, in this order (Rich panels on a
# terminal, headed sections in plain text); tests/test_docs.py checks that every
# command has a place here.
SECTIONS: dict[str, tuple[str, ...]] = {
    "Record": ("add", "log", "fix", "read", "attend", "milestone"),
    "Follow up": (
        "due",
        "done",
        "skip",
        "draft",
        "week",
        "team",
        "prep",
        "letters",
        "remind",
        "snooze",
        "pause",
        "resume",
    ),
    "Contacts": ("list", "show", "edit", "archive", "rm", "stats"),
    "Your data": ("export", "import", "backup", "restore", "undo", "doctor", "config", "demo"),
}

_PANEL = {name: panel for panel, names in SECTIONS.items() for name in names}

PAST_DATES = (
    "DATE is 2026-11-03, today, yesterday, 3d ago, 2w ago, last week, Nov 3, or a weekday "
    "(the last one). Nov 3 is the last Nov 3, but a day up to 30 days ahead is refused as a slip."
)
FUTURE_DATES = (
    "DATE is 2026-11-03, tomorrow, in 5d, in 2w, next week, Nov 3 (the next one), or a "
    "weekday (the next one)."
)


def verbatim(*lines: str) -> str:
    """An epilog paragraph printed with its lines as written.

    Click rewraps paragraphs (mid-quote, mid-word) unless one opens with a lone
    ``\\b`` line. Rich keeps lines as written and would show that marker as an
    empty line, so Rich help drops it (see :mod:`netlog.typer_shims`).
    """
    return "\n".join(["\b", *lines])


def examples(*commands: str, note: str | None = None) -> str:
    """A command's epilog: an optional note, then its examples exactly as written.

    A long example continues on the next line with a shell backslash. Help
    text is Rich markup on a terminal: keep square brackets out of it.
    """
    lines = [f"  {line}" for command in commands for line in command.splitlines()]
    block = verbatim("Examples:" if len(commands) > 1 else "Example:", *lines)
    return f"{note}\n\n{block}" if note else block


def _click_errors() -> type[Exception]:
    """Click's own usage errors (exit 2), which Click reports itself."""
    from typer._click.exceptions import ClickException

    return ClickException


class NetlogGroup(TyperGroup):
    """Turns NetlogError into ``Error: …`` on stderr and exit code 1.

    It also lists the commands in :data:`SECTIONS` order, under their headings.
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
        """The command (built on first use, see :mod:`netlog.typer_shims`), in its panel."""
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
            return super().invoke(ctx)
        except BrokenPipeError:
            closed_pipe()
        except NetlogError as exc:
            if STATE.debug:
                raise
            sys.stderr.write(f"Error: {exc}\n")
            raise typer.Exit(1) from None
        except KeyboardInterrupt:
            sys.stderr.write("Interrupted; nothing was changed by the unfinished command.\n")
            raise typer.Exit(130) from None
        except Exception as exc:
            if STATE.debug or isinstance(exc, (typer.Exit, typer.Abort, _click_errors())):
                raise
            # A bug or a damaged file: one line, no traceback, and a way forward.
            sys.stderr.write(
                f"Error: netlog stopped on an unexpected problem ({type(exc).__name__}); "
                "nothing was changed. 'netlog doctor' checks the database; "
                "--debug shows the details for a bug report.\n"
            )
            raise typer.Exit(1) from None
        finally:
            if STATE.database is not None:
                STATE.database.close()
                STATE.database = None


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
    _silence_stdout()
    raise typer.Exit(141)


def _silence_stdout() -> None:
    import contextlib

    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


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
    STATE.db_path = db
    STATE.debug = debug
    STATE.settings = None  # read afresh on every invocation
    STATE.command = ctx.invoked_subcommand


# --- shared helpers ---------------------------------------------------------------


def open_db(*, refresh: bool = True) -> Database:
    """The database, opened once per command; its writes are recorded for undo.

    ``refresh=False`` skips bringing the stored follow-ups up to date with the
    settings (``config set``, which may be fixing a settings file that does
    not load); the next command does it.
    """
    from netlog.config import db_path
    from netlog.storage.db import open_db as _open

    if STATE.database is None:
        database = _open(db_path(STATE.db_path))
        database.command = STATE.command  # its writes can be undone
        STATE.database = database
        if refresh:
            from netlog.service import ensure_current

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
    """A date option. Past-facing ones (``--met``, ``--date``) record what
    happened, so a day after today is refused; ``future=True`` ones plan."""
    if value is None:
        return None
    from netlog.dates import parse_date

    base = today()
    try:
        day = parse_date(value, direction="future" if future else "past", base=base)
    except InvalidValue as exc:
        raise InvalidValue(f"{option}: {exc}") from None
    if not future and day > base:
        raise InvalidValue(
            f"{option} {day.isoformat()} is after today ({base.isoformat()}): log what has "
            "happened, and plan what comes next with --next and --due"
        )
    return day


def read_note(value: str | None) -> str | None:
    """``--note -`` reads the note from standard input."""
    if value == "-":
        text = sys.stdin.read()
        return text.rstrip("\n") or None
    return value


def say(text: str) -> None:
    """A message: fitted to the terminal's width between words, as is when piped."""
    from netlog.render import out

    out(text)


def complete_contact(incomplete: str) -> list[str]:
    """Shell completion for CONTACT: the rest of a name, from any word in it.

    The shell keeps only suggestions that start with what was typed, so each
    is what was typed followed by the rest of the name from the word it
    starts: ``pat`` → ``patel``, ``maya`` → ``maya Patel``, ``Dr. M`` →
    ``Dr. Maya Patel`` (any of them resolves like a typed name fragment). The
    database is read read-only, never created, migrated or locked; any
    problem means no suggestions rather than an error in mid-typing.
    """
    import re
    import sqlite3

    from netlog.config import db_path

    path = db_path(STATE.db_path)
    if not incomplete.strip() or not path.is_file():
        return []
    typed = incomplete.casefold()
    if typed.isascii():
        # Only the names that can match: what was typed, folded like names
        # are (accents and case), within the stored folded name. A name can
        # match what was typed in ASCII only where its folded form holds it.
        from netlog.storage.db import fold

        sql = "SELECT name FROM contact WHERE archived = 0 AND instr(name_key, ?) > 0 ORDER BY id"
        params: tuple[str, ...] = (fold(incomplete),)
    else:
        sql, params = "SELECT name FROM contact WHERE archived = 0 ORDER BY id", ()
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=0.5)
        try:
            names = [r[0] for r in conn.execute(sql, params)]
        finally:
            conn.close()
    except sqlite3.Error:
        return []
    found: list[str] = []
    for name in names:
        for word in re.finditer(r"\w", name):
            rest = name[word.start() :]
            if (
                word.start() == 0 or not name[word.start() - 1].isalnum()
            ) and rest.casefold().startswith(typed):
                suggestion = incomplete + rest[len(incomplete) :]
                if suggestion not in found:
                    found.append(suggestion)
                break
    return sorted(found, key=str.casefold)[:50]


# --- options shared by add and edit -----------------------------------------------

ContactArg = Annotated[
    str,
    typer.Argument(
        help="Contact id, or a part of the name that matches one person.",
        metavar="CONTACT",
        autocompletion=complete_contact,
    ),
]
RoleOpt = Annotated[
    str | None,
    typer.Option(help="Attending, program director, resident PGY-2, fellow…", metavar="TEXT"),
]
InstOpt = Annotated[str | None, typer.Option(help="Hospital, school or program.", metavar="TEXT")]
SpecOpt = Annotated[str | None, typer.Option(help="Specialty or subspecialty.", metavar="TEXT")]
EmailOpt = Annotated[str | None, typer.Option(help="Email address.", metavar="ADDRESS")]
PhoneOpt = Annotated[str | None, typer.Option(help="Phone number.", metavar="NUMBER")]
LinkedInOpt = Annotated[str | None, typer.Option(help="LinkedIn profile URL.", metavar="URL")]
XOpt = Annotated[
    str | None, typer.Option("--x", help="X (Twitter) handle or URL.", metavar="HANDLE")
]
HowMetOpt = Annotated[
    str | None, typer.Option("--how-met", help="How you met, in a few words.", metavar="TEXT")
]
TypeOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--type",
        help=f"{', '.join(RELATIONSHIP_TYPES)}; or mentor:KIND, KIND being "
        f"{', '.join(MENTOR_KINDS)}. Repeatable.",
        metavar="TYPE",
    ),
]
TagOpt = Annotated[
    list[str] | None,
    typer.Option("--tag", help="A word of your own, e.g. ortho. Repeatable.", metavar="TAG"),
]
TierOpt = Annotated[
    str | None,
    typer.Option(help=f"Network tier: {', '.join(TIERS[:-1])} or {TIERS[-1]}.", metavar="TIER"),
]
EveryOpt = Annotated[
    int | None,
    typer.Option(
        "--every",
        help="Check in every DAYS days (default: 90 for core contacts, 180 for others).",
        metavar="DAYS",
    ),
]
NoteOpt = Annotated[
    str | None,
    typer.Option(
        help="A private note (never put in a draft); '-' reads it from standard input.",
        metavar="TEXT",
    ),
]
TopicOpt = Annotated[
    str | None,
    typer.Option(
        "--topic",
        help="What you talked about, for drafts to recall, e.g. 'registry study design'.",
        metavar="TEXT",
    ),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Machine-readable JSON output.")]


AtOpt = Annotated[
    str | None,
    typer.Option(
        "--at",
        help="Event where you met, e.g. 'AAOS 2026' (met today unless --met).",
        metavar="EVENT",
    ),
]
MetOpt = Annotated[
    str | None,
    typer.Option("--met", help="Day you met (default today when --at is given).", metavar="DATE"),
]


def _contact_input(**kw: Any) -> Any:
    from netlog.service import ContactInput

    kw["types"] = kw.get("types") or []
    kw["tags"] = kw.get("tags") or []
    return ContactInput(**kw)


# --- commands ------------------------------------------------------------------------


@app.command(
    epilog=examples(
        'netlog add "Dr. Maya Patel" --at "AAOS 2026" --role attending \\\n'
        '  --institution "Mass General" --type mentor:research --topic "ACL registry"',
        'netlog add "Dr. Ana Ruiz" --met yesterday --how-met "shadowing day"',
        'netlog add --at "AAOS 2026"    # then type one person per line:',
        "    Maya Patel | Mass General | maya@mgh.org | ACL registry | poster 12",
        "    Ken Ito | UCSF | | hand fellowships",
        note=PAST_DATES,
    )
)
def add(
    name: Annotated[
        str | None,
        typer.Argument(
            help="Full name, in any script. Leave it out (with --at or --met) to type "
            "several people, one per line: NAME | INSTITUTION | EMAIL | TOPIC | NOTE "
            "(or NAME | INSTITUTION | NOTE); a blank line ends, Ctrl-C keeps what you typed.",
            metavar="NAME",
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
    at: AtOpt = None,
    met: MetOpt = None,
    type_: TypeOpt = None,
    tag: TagOpt = None,
    tier: TierOpt = None,
    core: Annotated[
        bool, typer.Option("--core", help="One of your 3–7 core mentors and advocates.")
    ] = False,
    every: EveryOpt = None,
    note: NoteOpt = None,
    topic: TopicOpt = None,
) -> None:
    """Add a person you met; --at or --met schedules the follow-up.

    With --at or --met the meeting is logged too, and a follow-up falls due
    3 days later (conference_followup_days in 'netlog config').
    """
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
        topic=topic,
    )
    day = today()
    db = open_db()
    contact_id = service.add_contact(db, settings(), data, today=day, met=met_day, at=at)
    say(f"Added {' '.join(name.split())} (#{contact_id}).")
    namesakes = service.namesakes(db, contact_id)
    if namesakes:
        shown = ", ".join(f"#{n}" for n in namesakes)
        sys.stderr.write(
            f"Note: you already had someone of that name ({shown}); use ids to tell them "
            f"apart, or 'netlog rm {contact_id}' if this was a slip.\n"
        )
    if met_day or at:
        from datetime import timedelta

        follow = (met_day or day) + timedelta(days=settings().intervals.conference)
        # A pause holds back only the regular check-ins: this follow-up comes due as usual.
        say(f"Follow-up due {follow.isoformat()} — 'netlog due' will remind you.")


CAPTURE_FORMAT = "NAME | INSTITUTION | EMAIL | TOPIC | NOTE"


def capture_line(line: str) -> dict[str, str | None]:
    """One line of ``add --at EVENT`` capture, as fields.

    ``NAME | INSTITUTION | NOTE`` (the older three fields) or
    ``NAME | INSTITUTION | EMAIL | TOPIC | NOTE``: a third field that is
    empty or has an ``@`` is the email, and the fields after it the topic and
    the note; otherwise the rest of the line is the note, ``|`` and all.
    """
    fields = [f.strip() for f in line.strip().split("|")]
    name, institution = fields[0], fields[1] if len(fields) > 1 else ""
    rest = fields[2:]
    email = topic = ""
    if len(rest) >= 2 and (not rest[0] or "@" in rest[0]):
        email, topic, rest = rest[0], rest[1], rest[2:]
    note = " | ".join(rest)
    return {
        "name": name,
        "institution": institution or None,
        "email": email or None,
        "topic": topic or None,
        "note": note or None,
    }


def _capture_person(
    db: Any, line: str, number: int, emails: dict[str, int], shared: dict[str, Any]
) -> Any:
    """One captured line as a contact to add; a bad email is reported and left out."""
    from netlog import service
    from netlog.storage import store

    fields = capture_line(line)
    email = fields["email"]
    if email is not None:
        problem = None
        try:
            email = service.check_email(email)
        except InvalidValue:
            problem = "is not an email address"
        if problem is None and email is not None:
            with db.read() as conn:
                owner = store.email_owner(conn, email)
            if owner:
                problem = f"is already contact #{owner[0]}'s"
            elif email.casefold() in emails:
                problem = f"is already on line {emails[email.casefold()]}"
        if problem:
            sys.stderr.write(
                f"Line {number}: {fields['email']!r} {problem}; "
                f"{' '.join((fields['name'] or '').split())} is added without it.\n"
            )
            email = None
        elif email is not None:
            emails[email.casefold()] = number
    return _contact_input(
        name=fields["name"],
        institution=fields["institution"],
        email=email,
        topic=fields["topic"],
        note=fields["note"],
        **shared,
    )


def _capture(*, at: str | None, met_day: date | None, shared: dict[str, Any]) -> None:
    """After a conference: one person per line until a blank line or end of input.

    An email that is not an address (or one another contact has) is reported
    with its line number and left out; the person is still added. Ctrl-C
    keeps everyone entered so far.
    """
    from netlog import service

    interactive = sys.stdin.isatty()
    if interactive:
        say(
            f"People met{' at ' + at if at else ''}, one a line: {CAPTURE_FORMAT} "
            "(only NAME is needed); blank line to finish."
        )
    people = []
    emails: dict[str, int] = {}
    db = open_db()
    number = 0
    try:
        # Ctrl-C anywhere in here (reading a line or taking it in) keeps the
        # people already taken in: they are saved below.
        while True:
            try:
                line = input("> ") if interactive else sys.stdin.readline()
            except EOFError:
                break
            number += 1
            if not line.strip():
                if interactive or not line:
                    break
                continue
            people.append(_capture_person(db, line, number, emails, shared))
        interrupted = False
    except KeyboardInterrupt:
        interrupted = True
    if interrupted:
        sys.stderr.write("\nInterrupted: saving the people entered so far.\n")
    if not people:
        say("Nobody entered; nothing added.")
        if interrupted:
            raise typer.Exit(130)
        return
    ids = service.add_many(db, settings(), people, today=today(), met=met_day, at=at)
    say(f"Added {len(ids)} people; their follow-ups are scheduled — see 'netlog due'.")
    if interrupted:
        raise typer.Exit(130)


@app.command(
    epilog=examples(
        'netlog log patel --kind thanks --note "thanked her for the OR day" --awaiting-reply',
        'netlog log patel --incoming --note "happy to meet at AAOS"',
        'netlog log okafor --via video --kind meeting --next "send CV" --due friday',
        'netlog log okafor --kind share --topic "my CV" --done   # that next step is done',
        note="DATE is 2026-11-03, today, yesterday, 3d ago, in 2w, next week, Nov 3, or a "
        "weekday (the last one for --date, the next one for --due). A --date without a "
        "year up to 30 days ahead is refused as a slip.",
    )
)
def log(
    contact: ContactArg,
    via: Annotated[
        str | None,
        typer.Option(
            "--via",
            help=f"How: {', '.join(CHANNELS)} (default email; conference with --at).",
            metavar="CHANNEL",
        ),
    ] = None,
    kind: Annotated[
        str | None,
        typer.Option(
            help=f"What: {', '.join(KINDS)} (default update; reply with --incoming).",
            metavar="KIND",
        ),
    ] = None,
    date_: Annotated[
        str | None, typer.Option("--date", help="When it happened (default today).", metavar="DATE")
    ] = None,
    at: Annotated[
        str | None, typer.Option("--at", help="Event, e.g. 'AAOS 2026'.", metavar="EVENT")
    ] = None,
    note: NoteOpt = None,
    next_: Annotated[
        str | None,
        typer.Option("--next", help="The next step you promised or planned.", metavar="TEXT"),
    ] = None,
    due: Annotated[
        str | None,
        typer.Option("--due", help="When to follow up on the next step.", metavar="DATE"),
    ] = None,
    awaiting_reply: Annotated[
        bool,
        typer.Option(
            "--awaiting-reply", help="An email you expect an answer to (a nudge after 7 days)."
        ),
    ] = False,
    incoming: Annotated[bool, typer.Option("--incoming", help="They contacted you.")] = False,
    topic: TopicOpt = None,
    done: Annotated[
        bool,
        typer.Option("--done", help="This does the open next step: mark it done."),
    ] = False,
) -> None:
    """Record an email, call or meeting with a contact.

    Logging is how a follow-up gets done: a thank-you you send clears the
    thank-you that was due, a give (update, share, thanks, meeting, call;
    not an ask) clears a conference follow-up, and their reply clears the
    nudge. A next step stays until --done (or 'netlog done'), or a newer
    --next/--due replaces it.
    """
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
        topic=topic,
        done=done,
    )
    logged = service.log_touchpoint(open_db(), settings(), contact, data, today=today())
    found, tp = logged.contact, logged.touchpoint
    arrow = "from" if incoming else "to"
    say(f"Logged {tp.kind} ({tp.channel}) {arrow} {found.name} on {tp.date.isoformat()}.")
    if logged.done is not None:
        say(
            f"Next step done: {logged.done.next_step or 'the follow-up set ' + logged.done.date.isoformat()}."
        )
    if logged.waiting is not None and logged.waiting.follow_up is not None:
        step = logged.waiting.next_step or "your follow-up"
        say(
            f"Still open: {step} (due {logged.waiting.follow_up.isoformat()}); "
            f"'netlog done {found.id}' or --done when it is done."
        )


@app.command(
    epilog=examples(
        "netlog done patel",
        'netlog log patel --kind share --note "sent the abstract" --done   # the same, with the message',
    )
)
def done(contact: ContactArg) -> None:
    """Mark a contact's open next step done (without logging a message).

    A next step set with 'netlog log … --next TEXT --due DATE' stays on
    'netlog due' until it is done or a newer next step replaces it.
    """
    from netlog import service

    found, step = service.mark_done(open_db(), settings(), contact, today=today())
    say(f"Done: {step.next_step or 'the follow-up set ' + step.date.isoformat()} ({found.name}).")


@app.command(
    epilog=examples(
        "netlog due",
        "netlog due --within 14 --json",
        "netlog due --rule conference-followup --limit 3",
        "netlog due --core --tag ortho",
        "netlog due --brief",
        note="Most urgent first: a follow-up whose window is closing (a first "
        "meeting, a thank-you) before a nudge, a next step or news to share, before a "
        "cadence check-in (docs/rules.md). --brief prints one line for a shell "
        "start-up file or a status bar, and nothing when nothing is due.",
    )
)
def due(
    within: Annotated[
        int, typer.Option(help="Also show what falls due in the next DAYS days.", metavar="DAYS")
    ] = 7,
    json_: JsonOpt = False,
    limit: Annotated[
        int | None,
        typer.Option(
            help="Show the N most urgent (default 50 on screen, all with --json; 0 = all).",
            metavar="N",
        ),
    ] = None,
    rule: Annotated[
        str | None,
        typer.Option(help="Only this rule, e.g. conference-followup or keep-warm.", metavar="RULE"),
    ] = None,
    tag: Annotated[
        str | None, typer.Option(help="Only contacts with this tag.", metavar="TAG")
    ] = None,
    core: Annotated[bool, typer.Option("--core", help="Only core contacts.")] = False,
    brief: Annotated[
        bool,
        typer.Option(
            "--brief", help="One line: how many are due today; nothing when none (exit 0)."
        ),
    ] = False,
) -> None:
    """Who is owed what today, most urgent first, then what falls due soon.

    Each entry says what to send and why. Logging that message with
    'netlog log' clears it; 'netlog draft CONTACT' writes it for you.
    """
    from netlog import render, service

    day = today()
    if brief:
        _due_brief(day)
        return
    if limit is None:
        limit = 0 if json_ else render.DUE_LIMIT
    report = service.due(
        open_db(),
        settings(),
        today=day,
        within=within,
        limit=max(limit, 0),
        rule=rule,
        tag=tag,
        core=core,
    )
    if json_:
        render.print_json([i.to_json() for i in report.items])
        return
    render.due_report(report, day, within=within, limit=limit, filtered=bool(rule or tag or core))


def _due_brief(day: date) -> None:
    """``due --brief``: silent when nothing is due or there is no database yet
    (a shell start-up file must not create one)."""
    from netlog import service
    from netlog.config import db_path

    path = STATE.db_path or os.environ.get("NETLOG_DB") or ""
    if "://" not in path and not Path(db_path(STATE.db_path)).exists():
        return
    line = service.due_brief(open_db(), settings(), today=day)
    if line:
        sys.stdout.write(line + "\n")


@app.command(
    "list",
    epilog=examples(
        "netlog list --type mentor --tag ortho",
        "netlog list --search hss",
        "netlog list --search registry  # also in notes, events, next steps",
    ),
)
def list_(
    tag: Annotated[
        str | None, typer.Option(help="Only contacts with this tag.", metavar="TAG")
    ] = None,
    type_: Annotated[
        str | None,
        typer.Option(
            "--type", help="Only this type, e.g. sponsor or mentor:research.", metavar="TYPE"
        ),
    ] = None,
    core: Annotated[bool, typer.Option("--core", help="Only core contacts.")] = False,
    search: Annotated[
        str | None,
        typer.Option(
            help="Only contacts with TEXT in their name, institution, role, specialty, notes, "
            "tags, or in a touchpoint's note, event or next step; shows where it matched.",
            metavar="TEXT",
        ),
    ] = None,
    archived: Annotated[
        bool, typer.Option("--archived", help="Include archived contacts.")
    ] = False,
    json_: JsonOpt = False,
) -> None:
    """Your contacts, with last contact and next due date."""
    from netlog import render, service

    rows = service.iter_contacts(
        open_db(),
        settings(),
        today=today(),
        tag=tag,
        type_=type_,
        core=core,
        search=search,
        archived=archived,
    )
    if json_:
        render.print_json_rows(rows)
        return
    render.contact_list(rows, today(), filtered=bool(tag or type_ or core or search))


@app.command(
    epilog=examples("netlog show patel", "netlog show 12 --json", "netlog show patel --search acl")
)
def show(
    contact: ContactArg,
    json_: JsonOpt = False,
    search: Annotated[
        str | None,
        typer.Option(
            help="Highlight where TEXT appears (as 'list --search' finds it).", metavar="TEXT"
        ),
    ] = None,
) -> None:
    """One contact: details, what is owed, and the timeline."""
    from netlog import render, service

    view = service.show(open_db(), settings(), contact, today=today())
    if json_:
        render.print_json(service.view_dict(view))
        return
    render.contact_view(view, today(), search=search)


@app.command(
    epilog=examples(
        "netlog edit patel --email maya.patel@example.org --core",
        "netlog edit patel --type sponsor --remove-tag prospect",
    )
)
def edit(
    contact: ContactArg,
    name: Annotated[str | None, typer.Option(help="New full name.", metavar="NAME")] = None,
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
        list[str] | None,
        typer.Option("--remove-type", help="Type to drop. Repeatable.", metavar="TYPE"),
    ] = None,
    remove_tag: Annotated[
        list[str] | None,
        typer.Option("--remove-tag", help="Tag to drop. Repeatable.", metavar="TAG"),
    ] = None,
    tier: TierOpt = None,
    core: Annotated[
        bool | None, typer.Option("--core/--no-core", help="Mark or unmark as core.")
    ] = None,
    every: EveryOpt = None,
    note: NoteOpt = None,
    topic: TopicOpt = None,
    at: AtOpt = None,
    met: MetOpt = None,
) -> None:
    """Change a contact's details, types and tags.

    Only the options you give change. --type and --tag add to what the contact
    has; --remove-type and --remove-tag take away. --at/--met record a meeting
    (met again at a conference), which starts a new follow-up.
    """
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
        topic=topic,
    )
    updated = service.edit_contact(
        open_db(),
        settings(),
        contact,
        data,
        remove_tags=remove_tag,
        remove_types=remove_type,
        met=parse_day(met, "--met"),
        at=at,
        today=today(),
    )
    say(f"Updated {updated.name} (#{updated.id}).")


@app.command(epilog=examples("netlog rm patel", "netlog rm 12 --yes"))
def rm(
    contact: ContactArg,
    yes: Annotated[
        bool, typer.Option("--yes", "-y", help="Delete without asking (needed in scripts).")
    ] = False,
) -> None:
    """Delete a contact and their whole timeline.

    Asks first unless --yes. 'netlog undo' brings them back; 'netlog archive'
    keeps them in the log instead.
    """
    from netlog import service

    db = open_db()
    found = service.find(db, contact)
    if not yes:
        if not sys.stdin.isatty():
            raise InvalidValue(
                f"not deleting contact #{found.id} ({contact!r}) without confirmation; add --yes"
            )
        if not typer.confirm(f"Delete {found.name} (#{found.id}) and their whole timeline?"):
            say("Nothing deleted.")
            return
    service.remove_contact(db, found.id)
    say(f"Deleted {found.name} (#{found.id}).")


@app.command(epilog=examples('netlog snooze patel --until "in 2w"', note=FUTURE_DATES))
def snooze(
    contact: ContactArg,
    until: Annotated[
        str,
        typer.Option("--until", help="The day their follow-ups come back.", metavar="DATE"),
    ],
) -> None:
    """Hide one contact's follow-ups until a date."""
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


@app.command(epilog=examples("netlog archive patel", "netlog archive patel --undo"))
def archive(
    contact: ContactArg,
    undo: Annotated[bool, typer.Option("--undo", help="Bring an archived contact back.")] = False,
) -> None:
    """Archive a contact: kept in the log, never due again.

    Archived contacts leave 'netlog list' (see them with --archived) and
    'netlog due'.
    """
    from netlog import service

    found = service.archive(open_db(), settings(), contact, archived=not undo)
    say(f"{'Restored' if undo else 'Archived'} {found.name} (#{found.id}).")


@app.command(epilog=examples("netlog backup", "netlog backup -o ~/netlog-2026-11-23.db"))
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

    db = open_db()
    if output:
        target = Path(output).expanduser()
        check_target(target, db.path, may_be_database=True)
    else:
        target = default_backup_path(db.path, today())
    backup_to(db, target)
    say(f"Backed up to {target}")


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
        _silence_stdout()
    sys.exit(code)


# Command groups kept in their own modules register themselves on ``app``.
# (Imported last: they use the helpers above.)
from netlog.commands import (  # noqa: E402,F401
    act,
    activity,
    config_cmd,
    demo,
    fixes,
    interop_cmds,
    remind_cmd,
    routine_cmds,
    safety,
)
