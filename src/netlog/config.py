"""Where netlog keeps its files, and the user's settings (a TOML file).

``NETLOG_DB`` (or ``--db``) moves the database; ``NETLOG_CONFIG`` moves the
settings file. Defaults follow the platform (platformdirs).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from netlog.domain import Intervals
from netlog.errors import ConfigError
from netlog.vocabulary import MENTOR_KINDS

APP = "netlog"

# (setting key, Intervals field, lowest, highest) — the windows the guides give.
INTERVAL_WINDOWS: tuple[tuple[str, str, int, int], ...] = (
    ("conference_followup_days", "conference", 2, 5),
    ("thank_you_days", "thanks", 1, 3),
    ("reply_nudge_days", "nudge", 7, 10),
    ("core_update_days", "core", 60, 120),
    ("keep_warm_days", "keep_warm", 90, 365),
    ("milestone_days", "milestone", 3, 14),
    ("letter_lead_days", "letter_lead", 7, 30),
)

PROFILES: tuple[str, ...] = ("student", "img", "img-prelim", "resident")
ROUTINES: tuple[str, ...] = ("img", "resident")

# How `netlog week` names the routine it follows, in the user's own words.
PROFILE_LABELS: dict[str, str] = {
    "student": "student",
    "img": "IMG",
    "img-prelim": "IMG prelim-year",
    "resident": "resident",
}
ROUTINE_LABELS: dict[str, str] = {"img": "IMG", "resident": "resident"}


def default_routine(profile: str) -> str:
    return "resident" if profile == "resident" else "img"


# The mentor kinds every guide names; a profile adds the ones its guide stresses.
BASE_TEAM: tuple[str, ...] = ("clinical", "research", "career", "near-peer")
PROFILE_TEAM: dict[str, tuple[str, ...]] = {
    "student": (),
    "img": ("application-strategy", "img-navigation"),
    "img-prelim": ("application-strategy", "img-navigation", "skills"),
    "resident": ("education", "leadership", "wellness"),
}


def db_path(explicit: str | None = None) -> Path:
    if explicit:
        return Path(explicit).expanduser()
    env = os.environ.get("NETLOG_DB", "").strip()
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_path

    return user_data_path(APP, appauthor=False) / "netlog.db"


def config_path() -> Path:
    env = os.environ.get("NETLOG_CONFIG", "").strip()
    if env:
        return Path(env).expanduser()
    from platformdirs import user_config_path

    return user_config_path(APP, appauthor=False) / "config.toml"


@dataclass(frozen=True)
class Settings:
    """The settings in force: the rules' intervals, the profile and routine, the team,
    and what drafts and the pause use."""

    intervals: Intervals = field(default_factory=Intervals)
    profile: str = "student"
    routine: str = "img"
    team: tuple[str, ...] = BASE_TEAM
    communities: tuple[str, ...] = ()
    institutions: tuple[str, ...] = ()
    intro: str = ""
    name: str = ""
    spread_per_day: int = 3

    @property
    def routine_label(self) -> str:
        """``student routine``: the profile's name while its own routine is followed,
        the routine's name when the settings chose another one."""
        if self.routine == default_routine(self.profile):
            return f"{PROFILE_LABELS.get(self.profile, self.profile)} routine"
        return f"{ROUTINE_LABELS.get(self.routine, self.routine)} routine"

    def fingerprint(self) -> str:
        """What the cached follow-ups depend on; a change means recompute."""
        i = self.intervals
        return (
            f"{i.conference},{i.thanks},{i.nudge},{i.core},{i.keep_warm},"
            f"{i.milestone},{i.letter_lead}"
        )


def load_settings(path: Path | None = None) -> Settings:
    """Read the TOML settings; a missing file means defaults.

    Every problem in the file is reported at once in one ConfigError.
    """
    path = path or config_path()
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return Settings()
    except OSError as exc:
        raise ConfigError(f"cannot read config {path}: {exc.strerror}") from None
    import tomllib

    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"config {path} is not valid TOML: {exc}") from None
    return settings_from_dict(data, source=str(path))


def settings_from_dict(data: dict[str, Any], *, source: str = "config") -> Settings:
    problems: list[str] = []
    settings = Settings()
    known_top = {"intervals", "profile", "routine", "team", "communities", "you", "backlog"}
    for key in data:
        if key not in known_top:
            problems.append(f"unknown section or key {key!r}")

    intervals = data.get("intervals", {})
    values: dict[str, int] = {}
    if not isinstance(intervals, dict):
        problems.append("[intervals] must be a table")
        intervals = {}
    names = {key for key, *_ in INTERVAL_WINDOWS}
    for key in intervals:
        if key not in names:
            problems.append(f"intervals.{key} is not a known interval")
    for key, attr, low, high in INTERVAL_WINDOWS:
        if key not in intervals:
            continue
        value = intervals[key]
        if not isinstance(value, int) or isinstance(value, bool):
            problems.append(f"intervals.{key} must be a whole number of days")
        elif not low <= value <= high:
            problems.append(f"intervals.{key} = {value} is outside {low}–{high} days")
        else:
            values[attr] = value

    profile = data.get("profile", settings.profile)
    if profile not in PROFILES:
        problems.append(f"profile {profile!r} is not one of {', '.join(PROFILES)}")
        profile = settings.profile
    routine = data.get("routine", default_routine(profile))
    if routine not in ROUTINES:
        problems.append(f"routine {routine!r} is not one of {', '.join(ROUTINES)}")
        routine = "img"

    team = list(BASE_TEAM) + [k for k in PROFILE_TEAM.get(profile, ()) if k not in BASE_TEAM]
    extra = data.get("team", {})
    if isinstance(extra, dict):
        for kind in _str_list(extra.get("kinds", []), "team.kinds", problems):
            if kind not in MENTOR_KINDS:
                problems.append(f"team.kinds: {kind!r} is not a mentor kind")
            elif kind not in team:
                team.append(kind)
    else:
        problems.append("[team] must be a table")

    communities = tuple(_str_list(data.get("communities", []), "communities", problems))
    you = data.get("you", {})
    if not isinstance(you, dict):
        problems.append("[you] must be a table")
        you = {}
    institutions = tuple(_str_list(you.get("institutions", []), "you.institutions", problems))
    intro = you.get("intro", "")
    name = you.get("name", "")
    for key, value in (("you.intro", intro), ("you.name", name)):
        if not isinstance(value, str):
            problems.append(f"{key} must be text")
    backlog = data.get("backlog", {})
    per_day = backlog.get("per_day", 3) if isinstance(backlog, dict) else 3
    if not isinstance(per_day, int) or isinstance(per_day, bool) or not 1 <= per_day <= 50:
        problems.append("backlog.per_day must be a whole number from 1 to 50")
        per_day = 3

    if problems:
        raise ConfigError(f"{source}: " + "; ".join(problems))
    return replace(
        settings,
        intervals=replace(settings.intervals, **values),
        profile=profile,
        routine=routine,
        team=tuple(team),
        communities=communities,
        institutions=institutions,
        intro=intro if isinstance(intro, str) else "",
        name=name if isinstance(name, str) else "",
        spread_per_day=per_day,
    )


def _str_list(value: object, key: str, problems: list[str]) -> list[str]:
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return [str(v) for v in value]
    problems.append(f"{key} must be a list of text")
    return []
