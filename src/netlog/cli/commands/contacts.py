"""``netlog list``, ``show``, ``edit``, ``archive`` and ``rm``: the people in the log."""

from __future__ import annotations

from typing import Annotated

import typer

from netlog.cli.context import current_run, run_of
from netlog.cli.helptext import examples
from netlog.cli.options import (
    AtOpt,
    ContactArg,
    CoreFilterOpt,
    EmailOpt,
    EveryOpt,
    HowMetOpt,
    InstOpt,
    JsonOpt,
    LinkedInOpt,
    MetOpt,
    NoteOpt,
    PhoneOpt,
    RoleOpt,
    SpecOpt,
    TagFilterOpt,
    TagOpt,
    TierOpt,
    TopicOpt,
    TypeOpt,
    XOpt,
    confirmed,
    contact_input,
    parse_day,
    read_note,
)
from netlog.printing.console import say

commands = typer.Typer()


@commands.command(
    "list",
    epilog=examples(
        "netlog list --type mentor --tag ortho",
        "netlog list --search hss",
        "netlog list --search registry  # also in notes, events, next steps",
    ),
)
def list_(
    tag: TagFilterOpt = None,
    type_: Annotated[
        str | None,
        typer.Option(
            "--type", help="Only this type, e.g. sponsor or mentor:research.", metavar="TYPE"
        ),
    ] = None,
    core: CoreFilterOpt = False,
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
    from netlog import service

    run = current_run()
    rows = service.iter_contact_rows(
        run.open_db(),
        run.settings(),
        today=run.today(),
        brief=not json_,
        tag=tag,
        type_=type_,
        core=core,
        search=search,
        archived=archived,
    )
    if json_:
        from netlog.printing.contacts import contact_list_json

        contact_list_json(rows)
        return
    from netlog.printing.contacts import contact_list

    contact_list(rows, run.today(), filtered=bool(tag or type_ or core or search))


@commands.command(
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
    from netlog import service

    run = current_run()
    view = service.show(run.open_db(), run.settings(), contact, today=run.today())
    if json_:
        from netlog.printing.console import print_json

        print_json(service.view_dict(view))
        return
    from netlog.printing.contacts import contact_view

    contact_view(view, run.today(), search=search)


@commands.command(
    epilog=examples(
        "netlog edit patel --email maya.patel@example.org --core",
        "netlog edit patel --type sponsor --remove-tag prospect",
    )
)
def edit(
    ctx: typer.Context,
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

    run = run_of(ctx)
    data = contact_input(ctx.params, note=read_note(note))
    updated = service.edit_contact(
        run.open_db(),
        run.settings(),
        contact,
        data,
        remove_tags=remove_tag,
        remove_types=remove_type,
        met=parse_day(met, "--met", today=run.today()),
        at=at,
        today=run.today(),
    )
    say(f"Updated {updated.name} (#{updated.id}).")


@commands.command(epilog=examples("netlog archive patel", "netlog archive patel --undo"))
def archive(
    contact: ContactArg,
    undo: Annotated[bool, typer.Option("--undo", help="Bring an archived contact back.")] = False,
) -> None:
    """Archive a contact: kept in the log, never due again.

    Archived contacts leave 'netlog list' (see them with --archived) and
    'netlog due'.
    """
    from netlog import service

    run = current_run()
    found = service.archive(run.open_db(), run.settings(), contact, archived=not undo)
    say(f"{'Restored' if undo else 'Archived'} {found.name} (#{found.id}).")


@commands.command(epilog=examples("netlog rm patel", "netlog rm 12 --yes"))
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

    db = current_run().open_db()
    found = service.find(db, contact)
    question = f"Delete {found.name} (#{found.id}) and their whole timeline?"
    if not confirmed(yes, question, unasked=f"not deleting contact #{found.id} ({contact!r})"):
        say("Nothing deleted.")
        return
    service.remove_contact(db, found.id)
    say(f"Deleted {found.name} (#{found.id}).")
