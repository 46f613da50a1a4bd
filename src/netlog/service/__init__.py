"""What each command does, apart from parsing and printing.

Functions here validate input, run one transaction on the database and keep
the stored follow-ups current (through :mod:`netlog.followups`). They raise
:class:`netlog.errors.NetlogError` subclasses for anything the user can fix,
and print nothing: no module here imports the printing or the command line.

The rooms, each named for its job:

- :mod:`~netlog.service.people`: the checks of what ``add``/``edit`` are
  given; ``add``, ``edit``, ``rm``, ``snooze``, ``archive``
- :mod:`~netlog.service.touchpoints`: ``log`` (and its fixes), ``done``, ``skip``
- :mod:`~netlog.service.due_list`: ``due``, its brief, the pause
- :mod:`~netlog.service.reading`: ``list``, ``show`` and their JSON-ready dicts
- :mod:`~netlog.service.activities`: activities, milestones, letters
- :mod:`~netlog.service.overview`: the log the routine, team and prep read
- :mod:`~netlog.service.drafting`: which draft a contact's log calls for

Callers use the package (``from netlog import service; service.due(...)``):
the names below are its API.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from netlog.followups import ensure_current
    from netlog.service.activities import (
        add_activity,
        ask_letter,
        letter_next,
        letters,
        update_letter,
    )
    from netlog.service.drafting import DRAFT_HORIZON, DraftPlan, draft_plan
    from netlog.service.due_list import (
        MAX_WITHIN,
        DueReport,
        by_urgency,
        due,
        due_brief,
        due_items,
        pause_state,
        set_pause,
    )
    from netlog.service.overview import (
        PREP_BATCH,
        Network,
        contacts,
        network,
        prep,
        routine_log,
        team_contacts,
    )
    from netlog.service.people import (
        MAX_CADENCE,
        MAX_NAME,
        ContactInput,
        add_contact,
        add_many,
        archive,
        check_cadence,
        clean_name,
        clean_tags,
        conference_follow_up,
        edit_contact,
        find,
        namesakes,
        remove_contact,
        snooze,
    )
    from netlog.service.reading import (
        ContactView,
        contact_dict,
        iter_contact_rows,
        iter_contacts,
        list_contacts,
        show,
        touchpoint_dict,
        view_dict,
    )
    from netlog.service.touchpoints import (
        MAX_REASON,
        Logged,
        TouchpointFix,
        TouchpointInput,
        find_touchpoint,
        fix_touchpoint,
        log_touchpoint,
        mark_done,
        remove_touchpoint,
        skip_item,
    )
    from netlog.vocabulary import check_choice, check_email, parse_types

# Where each name of the API lives: a room is imported the first time one of
# its names is used, so ``netlog due`` loads ``due_list`` and not the other
# rooms (with their dataclasses: ~5 ms on every command).
_ROOMS: dict[str, tuple[str, ...]] = {
    "netlog.followups": ("ensure_current",),
    "netlog.service.activities": (
        "add_activity",
        "ask_letter",
        "letter_next",
        "letters",
        "update_letter",
    ),
    "netlog.service.drafting": (
        "DRAFT_HORIZON",
        "DraftPlan",
        "draft_plan",
    ),
    "netlog.service.due_list": (
        "MAX_WITHIN",
        "DueReport",
        "by_urgency",
        "due",
        "due_brief",
        "due_items",
        "pause_state",
        "set_pause",
    ),
    "netlog.service.overview": (
        "PREP_BATCH",
        "Network",
        "contacts",
        "network",
        "prep",
        "routine_log",
        "team_contacts",
    ),
    "netlog.service.people": (
        "MAX_CADENCE",
        "MAX_NAME",
        "ContactInput",
        "add_contact",
        "add_many",
        "archive",
        "check_cadence",
        "clean_name",
        "clean_tags",
        "conference_follow_up",
        "edit_contact",
        "find",
        "namesakes",
        "remove_contact",
        "snooze",
    ),
    "netlog.service.reading": (
        "ContactView",
        "contact_dict",
        "iter_contact_rows",
        "iter_contacts",
        "list_contacts",
        "show",
        "touchpoint_dict",
        "view_dict",
    ),
    "netlog.service.touchpoints": (
        "MAX_REASON",
        "Logged",
        "TouchpointFix",
        "TouchpointInput",
        "find_touchpoint",
        "fix_touchpoint",
        "log_touchpoint",
        "mark_done",
        "remove_touchpoint",
        "skip_item",
    ),
    "netlog.vocabulary": (
        "check_choice",
        "check_email",
        "parse_types",
    ),
}
_HOME = {name: room for room, names in _ROOMS.items() for name in names}


def __getattr__(name: str) -> Any:
    room = _HOME.get(name)
    if room is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(room), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_HOME])


__all__ = [
    "DRAFT_HORIZON",
    "MAX_CADENCE",
    "MAX_NAME",
    "MAX_REASON",
    "MAX_WITHIN",
    "PREP_BATCH",
    "ContactInput",
    "ContactView",
    "DraftPlan",
    "DueReport",
    "Logged",
    "Network",
    "TouchpointFix",
    "TouchpointInput",
    "add_activity",
    "add_contact",
    "add_many",
    "archive",
    "ask_letter",
    "by_urgency",
    "check_cadence",
    "check_choice",
    "check_email",
    "clean_name",
    "clean_tags",
    "conference_follow_up",
    "contact_dict",
    "contacts",
    "draft_plan",
    "due",
    "due_brief",
    "due_items",
    "edit_contact",
    "ensure_current",
    "find",
    "find_touchpoint",
    "fix_touchpoint",
    "iter_contact_rows",
    "iter_contacts",
    "letter_next",
    "letters",
    "list_contacts",
    "log_touchpoint",
    "mark_done",
    "namesakes",
    "network",
    "parse_types",
    "pause_state",
    "prep",
    "remove_contact",
    "remove_touchpoint",
    "routine_log",
    "set_pause",
    "show",
    "skip_item",
    "snooze",
    "team_contacts",
    "touchpoint_dict",
    "update_letter",
    "view_dict",
]
