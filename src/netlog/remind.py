"""A daily desktop notification of what is due, installed and removed safely.

``netlog remind --install`` writes a systemd user timer and service (Linux
with systemd), a launchd agent (macOS), or one crontab line (elsewhere)
that runs ``netlog due --brief`` each morning and shows its line with
``notify-send`` or ``osascript``. Everything written carries :data:`MARK`;
uninstalling removes only what carries it, so a file or crontab line the
user wrote is never touched. Nothing here starts or enables anything:
the command prints the one ``systemctl``/``launchctl`` line to run, which
keeps the state netlog changes to the files it wrote.

A PostgreSQL database is named by its URL without the password (nor a
``password=`` parameter): the files are private (0600), but a password has
no place in them; the reminder connects with ``~/.pgpass`` or ``PGPASSWORD``
(:data:`PASSWORD_NOTE`).
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from netlog.errors import InvalidValue

MARK = "Written by 'netlog remind --install'; 'netlog remind --uninstall' removes it."
CRON_MARK = "# netlog remind"
METHODS = ("systemd", "launchd", "cron")
UNIT = "netlog-remind"
AGENT = "org.netlog.remind"
PASSWORD_NOTE = (
    "The reminder names the database without a password: keep it in ~/.pgpass "
    "(mode 0600) or PGPASSWORD."
)


@dataclass(frozen=True)
class FileChange:
    path: Path
    text: str | None  # None: remove the file


@dataclass(frozen=True)
class Plan:
    method: str
    files: list[FileChange]
    crontab: str | None = None  # the whole new crontab, for cron
    crontab_line: str | None = None
    then: str | None = None  # the command that starts (or stops) it
    unchanged: bool = False  # already as it would be written
    foreign: list[Path] | None = None  # files in the way that netlog did not write
    note: str | None = None  # one line to tell the user (where a password must live)


def default_method() -> str:
    if sys.platform == "darwin":
        return "launchd"
    if shutil.which("systemctl") and Path("/run/systemd/system").is_dir():
        return "systemd"
    # No systemd running: cron if there is one, else the systemd files anyway
    # (they wait, harmless, for a system that runs them).
    return "cron" if shutil.which("crontab") else "systemd"


def _config_home() -> Path:
    xdg = os.environ.get("XDG_CONFIG_HOME", "").strip()
    return Path(xdg) if xdg else Path.home() / ".config"


def unit_dir() -> Path:
    return _config_home() / "systemd" / "user"


def agent_path() -> Path:
    return Path.home() / "Library" / "LaunchAgents" / f"{AGENT}.plist"


def database_word(db: str | None) -> tuple[str | None, str | None]:
    """The database as the reminder names it, and a note for the user.

    A PostgreSQL URL loses its password (and any secret parameter): it is
    never written to a unit, agent or crontab.
    """
    from netlog.storage import engines

    if db and engines.is_postgres_url(db):
        return engines.redact(db), PASSWORD_NOTE
    return db, None


def _shell_word(word: str) -> str:
    """``word`` for sh, inside the single-quoted script: double quotes where it needs any."""
    quoted = shlex.quote(word)
    if quoted == word or any(ch in word for ch in "\"$`\\'\n"):
        return quoted
    return f'"{word}"'


def brief_command(db: str | None) -> str:
    """The shell words that print today's one line (this interpreter, this database)."""
    words = [sys.executable, "-m", "netlog"]
    if db:
        words += ["--db", db]
    return " ".join(_shell_word(w) for w in [*words, "due", "--brief"])


def _check_time(at: str) -> tuple[int, int]:
    try:
        hour, minute = (int(part) for part in at.split(":"))
    except ValueError:
        raise InvalidValue(f"invalid --at {at!r}: give a time such as 08:00") from None
    if not (0 <= hour < 24 and 0 <= minute < 60):
        raise InvalidValue(f"invalid --at {at!r}: give a time such as 08:00")
    return hour, minute


def _notify_linux(brief: str) -> str:
    return f'msg="$({brief})" && [ -n "$msg" ] && notify-send netlog "$msg"'


def _notify_mac(brief: str) -> str:
    return (
        f'msg="$({brief})" && [ -n "$msg" ] && '
        'osascript -e "display notification \\"$msg\\" with title \\"netlog\\""'
    )


def systemd_files(brief: str, hour: int, minute: int) -> dict[Path, str]:
    if "'" in brief:
        raise InvalidValue("the path to netlog holds a ' that a systemd unit cannot take")
    # systemd reads $ as a variable and % as a specifier: both are doubled.
    script = _notify_linux(brief).replace("$", "$$").replace("%", "%%")
    service = (
        f"# {MARK}\n"
        "[Unit]\n"
        "Description=netlog: a notification when follow-ups are due\n\n"
        "[Service]\n"
        "Type=oneshot\n"
        f"ExecStart=/bin/sh -c '{script}'\n"
    )
    timer = (
        f"# {MARK}\n"
        "[Unit]\n"
        "Description=netlog: each morning, who is owed a follow-up\n\n"
        "[Timer]\n"
        f"OnCalendar=*-*-* {hour:02d}:{minute:02d}:00\n"
        "Persistent=true\n\n"
        "[Install]\n"
        "WantedBy=timers.target\n"
    )
    folder = unit_dir()
    return {folder / f"{UNIT}.service": service, folder / f"{UNIT}.timer": timer}


def launchd_files(brief: str, hour: int, minute: int) -> dict[Path, str]:
    from xml.sax.saxutils import escape

    script = escape(_notify_mac(brief))
    plist = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f"<!-- {escape(MARK)} -->\n"
        '<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" '
        '"http://www.apple.com/DTDs/PropertyList-1.0.dtd">\n'
        '<plist version="1.0">\n<dict>\n'
        f"  <key>Label</key><string>{AGENT}</string>\n"
        "  <key>ProgramArguments</key>\n"
        f"  <array><string>/bin/sh</string><string>-c</string><string>{script}</string></array>\n"
        "  <key>StartCalendarInterval</key>\n"
        f"  <dict><key>Hour</key><integer>{hour}</integer>"
        f"<key>Minute</key><integer>{minute}</integer></dict>\n"
        "</dict>\n</plist>\n"
    )
    return {agent_path(): plist}


def cron_line(brief: str, hour: int, minute: int) -> str:
    # cron has no session bus of its own: point notify-send at the user's.
    script = _notify_linux(brief).replace("%", "\\%")
    bus = 'DBUS_SESSION_BUS_ADDRESS="unix:path=/run/user/$(id -u)/bus"'
    return f"{minute} {hour} * * * {bus} sh -c '{script}' {CRON_MARK}"


def _ours(path: Path) -> bool:
    try:
        return MARK in path.read_text(encoding="utf-8")[:400]
    except (OSError, UnicodeDecodeError):
        return False


def read_crontab() -> str:
    if shutil.which("crontab") is None:
        raise InvalidValue("no crontab command here; try --with systemd or --with launchd")
    done = subprocess.run(["crontab", "-l"], capture_output=True, text=True, check=False)
    # "no crontab for USER" is exit 1 with nothing on stdout: an empty crontab.
    return done.stdout if done.returncode == 0 else ""


def write_crontab(text: str) -> None:
    done = subprocess.run(["crontab", "-"], input=text, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise InvalidValue("crontab refused the new table; nothing was changed")


def plan_install(method: str, *, at: str, db: str | None) -> Plan:
    hour, minute = _check_time(at)
    db, note = database_word(db)
    brief = brief_command(db)
    if method == "cron":
        line = cron_line(brief, hour, minute)
        current = read_crontab()
        kept = [x for x in current.splitlines() if not x.rstrip().endswith(CRON_MARK)]
        new = "\n".join([*kept, line]) + "\n"
        return Plan(
            method,
            [],
            crontab=new,
            crontab_line=line,
            unchanged=line in current.splitlines(),
            note=note,
        )
    files = (systemd_files if method == "systemd" else launchd_files)(brief, hour, minute)
    foreign = [p for p in files if p.exists() and not _ours(p)]
    unchanged = all(p.exists() and p.read_text(encoding="utf-8") == t for p, t in files.items())
    then = (
        f"systemctl --user daemon-reload && systemctl --user enable --now {UNIT}.timer"
        if method == "systemd"
        else f"launchctl load {shlex.quote(str(agent_path()))}"
    )
    return Plan(
        method,
        [FileChange(p, t) for p, t in files.items()],
        then=then,
        unchanged=unchanged,
        foreign=foreign,
        note=note,
    )


def plan_uninstall(method: str) -> Plan:
    if method == "cron":
        current = read_crontab()
        lines = current.splitlines()
        kept = [x for x in lines if not x.rstrip().endswith(CRON_MARK)]
        gone = [x for x in lines if x.rstrip().endswith(CRON_MARK)]
        return Plan(
            method,
            [],
            crontab="".join(x + "\n" for x in kept),
            crontab_line=gone[0] if gone else None,
            unchanged=not gone,
        )
    if method == "systemd":
        paths = [unit_dir() / f"{UNIT}.timer", unit_dir() / f"{UNIT}.service"]
        then = f"systemctl --user disable --now {UNIT}.timer"
    else:
        paths = [agent_path()]
        then = f"launchctl unload {shlex.quote(str(agent_path()))}"
    present = [p for p in paths if p.exists()]
    ours = [p for p in present if _ours(p)]
    return Plan(
        method,
        [FileChange(p, None) for p in ours],
        then=then,
        unchanged=not ours,
        foreign=[p for p in present if p not in ours],
    )


def apply(plan: Plan) -> None:
    """Write (or remove) what ``plan`` says; each file is replaced whole, never half-written."""
    from netlog.files import private_file

    if plan.crontab is not None:
        write_crontab(plan.crontab)
        return
    for change in plan.files:
        if change.text is None:
            change.path.unlink(missing_ok=True)
            continue
        with private_file(change.path, make_folder=True) as handle:
            handle.write(change.text.encode("utf-8"))
