"""The mentorship team (``netlog team``): which mentor kinds are covered and
by whom, which the team lacks, who sponsors. Pure, like :mod:`netlog.routine`.

Guides are cited by number (see :mod:`netlog.routine`).
"""

from __future__ import annotations

from collections.abc import Sequence

from netlog.config import Settings
from netlog.domain import Contact
from netlog.routine import TeamReport, active, is_mentor, names
from netlog.vocabulary import MENTOR_KINDS

# Guide 002: "depth matters more than breadth"; 000: 5–10 strong relationships.
CORE_RANGE = (3, 7)  # guide 001: the 3–7 core mentors and advocates
MENTOR_RANGE = (2, 3)  # guide 004: two to three strong mentors


def team(contacts: Sequence[Contact], settings: Settings) -> TeamReport:
    """Who covers which mentor kind, which kinds the team lacks, who sponsors.

    A small, diverse team beats one overburdened mentor (000, 001, 003); two
    to three strong mentors beat a dozen loose ones (004); the core list is
    3–7 people (001). Mentors often become sponsors over time (000, 002, 004).
    Archived contacts are left out.
    """
    people = active(contacts)
    by_kind: dict[str, list[Contact]] = {}
    for c in people:
        for kind in dict.fromkeys(c.mentor_kinds):
            by_kind.setdefault(kind, []).append(c)
    order = list(settings.team) + [k for k in MENTOR_KINDS if k not in settings.team]
    order += sorted(k for k in by_kind if k not in order)
    covered = {kind: names(by_kind[kind]) for kind in order if kind in by_kind}
    missing = [kind for kind in settings.team if kind not in by_kind]
    mentors = [c for c in people if is_mentor(c)]
    sponsors = names(c for c in people if "sponsor" in c.types)
    core_count = sum(1 for c in people if c.core)

    nudges: list[str] = []
    covering = {c.id: c for group in by_kind.values() for c in group}
    if not mentors:
        nudges.append(
            "no mentor in the log yet: aim for 2–3 strong mentors, each covering a different need"
        )
    elif len(mentors) == 1 or len(covering) == 1:
        only = mentors[0].name if len(mentors) == 1 else next(iter(covering.values())).name
        nudges.append(
            f"the whole team rests on {only}: a few mentors with different strengths "
            "serve you better than one, and spare any one person from carrying it all"
        )
    if core_count > CORE_RANGE[1]:
        nudges.append(
            f"{core_count} core contacts: the guides suggest 3–7, few enough that each "
            "really hears from you every few months"
        )
    elif core_count == 0:
        nudges.append("no core contacts yet: mark the 3–7 people you update every few months")
    elif core_count < CORE_RANGE[0]:
        nudges.append(f"{core_count} core contact(s): the guides suggest 3–7")
    if mentors and not sponsors:
        nudges.append(
            "no sponsor yet: mentors who watch you deliver often start to advocate; "
            "mark them with --type sponsor when they do"
        )
    return TeamReport(covered, missing, sponsors, names(mentors), core_count, nudges)
