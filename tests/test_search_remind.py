"""Finding a word anywhere in the log; a daily reminder installed and removed safely."""

from __future__ import annotations

import os
import re
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ANSI = re.compile(r"\x1b\[[0-9;]*m")

# The timer names the database file in its unit (a URL is another matter).
SQLITE_ONLY = pytest.mark.sqlite_only


def conference(netlog: Any) -> None:
    netlog("add", "Dr. Maya Patel", "--institution", "Mass General", "--met", "2026-10-01")
    netlog("log", "patel", "--kind", "meeting", "--note", "Talked about the ACL registry")
    netlog("add", "Dr. Sam Okafor", "--at", "Journées de Chirurgie", "--met", "2026-11-01")
    netlog("add", "Dr. Lena Fischer", "--met", "2026-10-20")
    netlog("log", "fischer", "--kind", "meeting", "--next", "send the Grant draft", "--due", "fri")


def found(netlog: Any, text: str) -> dict[str, list[str]]:
    return {r["name"]: r["matched"] for r in netlog("list", "--search", text, "--json").json()}


def test_search_finds_words_in_notes_events_and_next_steps(netlog: Any) -> None:
    conference(netlog)
    assert found(netlog, "registry") == {"Dr. Maya Patel": ["note 2026-11-05"]}
    assert found(netlog, "journees") == {"Dr. Sam Okafor": ["how met", "event 2026-11-01"]}
    assert found(netlog, "GRANT") == {"Dr. Lena Fischer": ["next step 2026-11-05"]}
    assert found(netlog, "mass general") == {"Dr. Maya Patel": ["institution"]}
    assert found(netlog, "nowhere") == {}


def test_list_says_which_field_matched(netlog: Any) -> None:
    conference(netlog)
    out = netlog("list", "--search", "registry").stdout
    assert out.splitlines()[0].endswith("matched")
    assert "note 2026-11-05" in out


def test_show_with_a_search_says_where_it_matched_and_highlights_it_on_a_terminal(
    netlog: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    conference(netlog)
    piped = netlog("show", "patel", "--search", "acl").stdout
    assert "1 line(s) below match 'acl'" in piped
    assert not ANSI.search(piped)
    from netlog.printing import console

    monkeypatch.setattr(console, "is_terminal", lambda: True)
    shown = netlog("show", "patel", "--search", "acl").stdout
    assert "\x1b[1;7mACL\x1b[0m" in shown
    assert "nothing below matches 'zzz'" in netlog("show", "patel", "--search", "zzz").stdout


# --- remind ------------------------------------------------------------------------------


@pytest.fixture
def xdg(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "xdg"
    monkeypatch.setenv("XDG_CONFIG_HOME", str(folder))
    return folder / "systemd" / "user"


@SQLITE_ONLY
def test_install_shows_the_timer_and_writes_it_only_when_confirmed(netlog: Any, xdg: Path) -> None:
    asked = netlog("remind", "--install", "--with", "systemd")
    assert asked.exit_code == 1 and "add --yes" in asked.stderr
    assert "OnCalendar=*-*-* 08:00:00" in asked.stdout and not xdg.exists()
    done = netlog("remind", "--install", "--with", "systemd", "--at", "07:30", "--yes")
    assert done.exit_code == 0, done.stderr
    timer = (xdg / "netlog-remind.timer").read_text()
    service = (xdg / "netlog-remind.service").read_text()
    assert "OnCalendar=*-*-* 07:30:00" in timer
    assert "due --brief" in service and "notify-send" in service
    assert "systemctl --user enable --now netlog-remind.timer" in done.stdout


@SQLITE_ONLY
def test_installing_twice_writes_nothing_new(netlog: Any, xdg: Path) -> None:
    netlog("remind", "--install", "--with", "systemd", "--yes")
    before = {p.name: p.stat().st_mtime_ns for p in xdg.iterdir()}
    again = netlog("remind", "--install", "--with", "systemd", "--yes")
    assert again.exit_code == 0 and "already set up" in again.stdout
    assert {p.name: p.stat().st_mtime_ns for p in xdg.iterdir()} == before


@SQLITE_ONLY
def test_uninstall_removes_only_what_install_wrote(netlog: Any, xdg: Path) -> None:
    netlog("remind", "--install", "--with", "systemd", "--yes")
    mine = xdg / "backup.timer"
    mine.write_text("[Timer]\nOnCalendar=daily\n")
    gone = netlog("remind", "--uninstall", "--with", "systemd", "--yes")
    assert gone.exit_code == 0, gone.stderr
    assert sorted(p.name for p in xdg.iterdir()) == ["backup.timer"]
    assert netlog("remind", "--uninstall", "--with", "systemd", "--yes").stdout.startswith(
        "No netlog reminder is installed"
    )


@SQLITE_ONLY
def test_a_file_of_the_same_name_not_written_by_netlog_is_left_alone(
    netlog: Any, xdg: Path
) -> None:
    xdg.mkdir(parents=True)
    theirs = xdg / "netlog-remind.timer"
    theirs.write_text("[Timer]\nOnCalendar=weekly\n")
    r = netlog("remind", "--install", "--with", "systemd", "--yes")
    assert r.exit_code == 1 and "not written by netlog" in r.stderr
    assert theirs.read_text() == "[Timer]\nOnCalendar=weekly\n"
    netlog("remind", "--uninstall", "--with", "systemd", "--yes")
    assert theirs.read_text() == "[Timer]\nOnCalendar=weekly\n"


SECRET_URL = (
    "postgresql://alice:s3cret-pw@db.example.org:5432/my%20net"
    "?sslmode=require&password=other-secret&options=-csearch_path%3Dalice"
)


@SQLITE_ONLY
def test_a_postgresql_database_is_named_in_the_timer_without_its_password(
    netlog: Any, xdg: Path
) -> None:
    r = netlog("--db", SECRET_URL, "remind", "--install", "--with", "systemd", "--yes")
    assert r.exit_code == 0, r.stderr
    assert "s3cret-pw" not in r.stdout + r.stderr and "other-secret" not in r.stdout
    assert r.stdout.splitlines()[-1] == (
        "The reminder names the database without a password: keep it in ~/.pgpass "
        "(mode 0600) or PGPASSWORD."
    )
    for unit in xdg.iterdir():
        assert stat.S_IMODE(unit.stat().st_mode) == 0o600
        assert "s3cret" not in unit.read_text() and "other-secret" not in unit.read_text()
    service = (xdg / "netlog-remind.service").read_text()
    # systemd reads % as a specifier: it is doubled, and the shell gets the URL whole.
    assert '"postgresql://alice@db.example.org:5432/my%%20net?sslmode=require' in service
    [line] = [x for x in service.splitlines() if x.startswith("ExecStart=/bin/sh -c '")]
    script = line.removeprefix("ExecStart=/bin/sh -c '").removesuffix("'")
    script = script.replace("$$", "$").replace("%%", "%")
    assert subprocess.run(["sh", "-n", "-c", script], check=False).returncode == 0


@SQLITE_ONLY
def test_a_postgresql_database_is_named_in_the_agent_without_its_password(
    netlog: Any, tmp_path: Path
) -> None:
    r = netlog("--db", SECRET_URL, "remind", "--install", "--with", "launchd", "--yes")
    assert r.exit_code == 0, r.stderr
    plist = tmp_path / "home" / "Library" / "LaunchAgents" / "org.netlog.remind.plist"
    assert stat.S_IMODE(plist.stat().st_mode) == 0o600
    text = plist.read_text()
    assert "s3cret" not in text and "other-secret" not in text
    assert "postgresql://alice@db.example.org:5432/my%20net?sslmode=require&amp;" in text
    assert "~/.pgpass" in r.stdout


def test_a_macos_agent_goes_under_home(netlog: Any, tmp_path: Path) -> None:
    r = netlog("remind", "--install", "--with", "launchd", "--yes")
    assert r.exit_code == 0, r.stderr
    plist = tmp_path / "home" / "Library" / "LaunchAgents" / "org.netlog.remind.plist"
    assert "osascript" in plist.read_text()
    netlog("remind", "--uninstall", "--with", "launchd", "--yes")
    assert not plist.exists()


def test_a_bad_time_is_refused(netlog: Any, xdg: Path) -> None:
    r = netlog("remind", "--install", "--with", "systemd", "--at", "25:00", "--yes")
    assert r.exit_code == 1 and "08:00" in r.stderr and not xdg.exists()


def test_cron_keeps_every_other_line_of_the_crontab(tmp_path: Path) -> None:
    """The real command, with a stand-in ``crontab`` that keeps its table in a file."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    table = tmp_path / "crontab.txt"
    table.write_text("MAILTO=me@example.org\n0 3 * * * backup.sh\n")
    fake = bin_dir / "crontab"
    fake.write_text(
        f'#!/bin/sh\nif [ "$1" = "-l" ]; then cat "{table}"; else cat > "{table}"; fi\n'
    )
    fake.chmod(fake.stat().st_mode | stat.S_IXUSR)
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}"}

    def remind(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "netlog", "remind", "--with", "cron", *args],
            env=env,
            capture_output=True,
            text=True,
            stdin=subprocess.DEVNULL,
            timeout=60,
        )

    first = remind("--install", "--yes")
    assert first.returncode == 0, first.stderr
    lines = table.read_text().splitlines()
    assert lines[:2] == ["MAILTO=me@example.org", "0 3 * * * backup.sh"]
    assert len(lines) == 3 and lines[2].startswith("0 8 * * * ") and "due --brief" in lines[2]
    assert remind("--install", "--yes").stdout.startswith("The daily reminder is already")
    assert len(table.read_text().splitlines()) == 3
    assert remind("--uninstall", "--yes").returncode == 0
    assert table.read_text() == "MAILTO=me@example.org\n0 3 * * * backup.sh\n"


@pytest.mark.parametrize(
    ("note", "text", "hit"),
    [
        ("Visited the Charité lab", "charite", True),
        ("CHARITÉ", "Charité", True),
        ("acl\nregistry meeting", "acl registry", True),
        ("acl   registry", "ACL registry", True),
        ("50% of the cohort", "50%", True),
        ("50 of the cohort", "50%", False),
        ("snake_case", "e_c", True),
        ("snakeXcase", "e_c", False),
        ("東京大学で", "東京", True),
        ("nothing here", "registry", False),
    ],
)
def test_a_word_in_a_note_is_found_as_search_folds_it(
    netlog: Any, note: str, text: str, hit: bool
) -> None:
    netlog("add", "Dr. Maya Patel", "--met", "2026-10-01")
    netlog("log", "patel", "--kind", "meeting", "--note", note)
    assert bool(found(netlog, text)) is hit
