"""``netlog add``: a person you met (or, after a conference, several at once)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from netlog.cli.context import run_of
from netlog.cli.helptext import PAST_DATES, examples
from netlog.cli.options import (
    AtOpt,
    EmailOpt,
    EveryOpt,
    HowMetOpt,
    InstOpt,
    LinkedInOpt,
    MetOpt,
    NoteOpt,
    PhoneOpt,
    RoleOpt,
    SpecOpt,
    TagOpt,
    TierOpt,
    TopicOpt,
    TypeOpt,
    XOpt,
    contact_input,
    parse_day,
    read_note,
)
from netlog.errors import InvalidValue
from netlog.printing.console import err, say

if TYPE_CHECKING:
    pass

commands = typer.Typer()


@commands.command(
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
    ctx: typer.Context,
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

    run = run_of(ctx)
    met_day = parse_day(met, "--met", today=run.today())
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
        from netlog.cli.commands.capture import capture

        shared = ("role", "specialty", "how_met", "type_", "tag")
        capture(run, at=at, met_day=met_day, shared={k: ctx.params[k] for k in shared})
        return
    data = contact_input(ctx.params, core=core or None, note=read_note(note))
    db = run.open_db()
    contact_id = service.add_contact(
        db, run.settings(), data, today=run.today(), met=met_day, at=at
    )
    say(f"Added {' '.join(name.split())} (#{contact_id}).")
    namesakes = service.namesakes(db, contact_id)
    if namesakes:
        shown = ", ".join(f"#{n}" for n in namesakes)
        err(
            f"Note: you already had someone of that name ({shown}); use ids to tell them "
            f"apart, or 'netlog rm {contact_id}' if this was a slip."
        )
    follow = service.conference_follow_up(db, contact_id)
    if follow is not None:
        # A pause holds back only the regular check-ins: this follow-up comes due as usual.
        say(f"Follow-up due {follow.isoformat()} — 'netlog due' will remind you.")
