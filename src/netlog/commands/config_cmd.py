"""``netlog config``: where the settings and data live, and what is in force."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from netlog.cli import STATE, app, examples, say

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


@app.command(epilog=examples("netlog config", "netlog config --init"))
def config(
    init: Annotated[
        bool, typer.Option("--init", help="Write a commented settings file if none exists.")
    ] = False,
) -> None:
    """Show where settings and data live, and the settings in force.

    The settings file (TOML) sets your profile, the follow-up intervals, the
    mentor kinds your team should cover, and your name and introduction.
    """
    from netlog.config import config_path, db_path, load_settings

    path = config_path()
    if init:
        _init(path, db_path(STATE.db_path))
        return
    settings = load_settings(path)
    iv = settings.intervals
    say(f"settings file: {path}{'' if path.exists() else ' (not created; netlog config --init)'}")
    say(f"database:      {db_path(STATE.db_path)}")
    say(f"profile:       {settings.profile} (routine: {settings.routine})")
    say(f"team kinds:    {', '.join(settings.team)}")
    say(
        f"intervals:     conference {iv.conference}d, thank-you {iv.thanks}d, nudge {iv.nudge}d, "
        f"core {iv.core}d, keep-warm {iv.keep_warm}d, milestone {iv.milestone}d, "
        f"letter reminder {iv.letter_lead}d before"
    )


def _init(path: Path, database: Path) -> None:
    """Write the template, created 0600 (through a link: the file it points to)."""
    import os

    from netlog.errors import InvalidValue
    from netlog.files import check_target, create_private

    if not path.exists():
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
