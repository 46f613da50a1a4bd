"""The morning commands start without loading heavy libraries.

``netlog due`` must answer in well under 200 ms on a large network; importing
SQLAlchemy/SQLModel (~350 ms), Pydantic (~60 ms, which Typer uses to convert
option values), Rich (~40 ms) or the vCard/iCalendar libraries would eat that
budget alone. Each command runs in a fresh interpreter with its output piped,
as in a script, and reports which of those modules got imported. No timing is
asserted here: ``bench/run.py`` measures.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

HEAVY = ("sqlalchemy", "sqlmodel", "pydantic", "rich", "vobject", "icalendar", "dateutil")

PROBE = """
import json, sys
args, heavy, report = json.loads(sys.argv[1]), json.loads(sys.argv[2]), sys.argv[3]
sys.argv = ["netlog", *args]
import netlog.cli
code = 0
try:
    netlog.cli.main()
except SystemExit as exc:
    code = exc.code or 0
loaded = sorted({m.split(".")[0] for m in sys.modules} & set(heavy))
with open(report, "w", encoding="utf-8") as handle:
    json.dump({"code": code, "loaded": loaded}, handle)
"""


def run_probe(args: list[str], tmp_path: Path) -> dict[str, object]:
    report = tmp_path / "report.json"
    env = {
        **os.environ,
        "NETLOG_DB": str(tmp_path / "netlog.db"),
        "NETLOG_CONFIG": str(tmp_path / "config.toml"),
        "NETLOG_TODAY": "2026-11-23",
    }
    subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(args), json.dumps(HEAVY), str(report)],
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        check=True,
    )
    result: dict[str, object] = json.loads(report.read_text(encoding="utf-8"))
    return result


@pytest.fixture
def small_network(tmp_path: Path) -> Path:
    """A conference contact met on Thursday, with an email awaiting a reply."""
    add = run_probe(["add", "Dr. Maya Patel", "--at", "AAOS 2026", "--met", "2026-11-19"], tmp_path)
    assert add == {"code": 0, "loaded": []}
    log = run_probe(
        ["log", "patel", "--kind", "question", "--awaiting-reply", "--date", "2026-11-20"],
        tmp_path,
    )
    assert log == {"code": 0, "loaded": []}
    return tmp_path


@pytest.mark.parametrize(
    "args",
    [
        ["--help"],
        ["due"],
        ["due", "--json"],
        ["due", "--within", "14"],
        ["due", "--brief"],
        ["due", "--rule", "reply-nudge", "--core", "--limit", "1"],
        ["list", "--json"],
        ["list", "--search", "aaos"],
        ["list", "--tag", "ortho"],
        ["show", "patel"],
        ["show", "1", "--json"],
        ["log", "1", "--incoming", "--via", "email"],
        ["edit", "1", "--tag", "ortho", "--every", "60"],
    ],
)
def test_morning_commands_piped_import_nothing_heavy(small_network: Path, args: list[str]) -> None:
    assert run_probe(args, small_network) == {"code": 0, "loaded": []}


def test_due_on_a_terminal_imports_nothing_heavy_either(small_network: Path) -> None:
    """The terminal layout is plain text and escape codes: no Rich on the morning path."""
    pty = pytest.importorskip("pty")
    report = small_network / "report.json"
    env = {
        **os.environ,
        "NETLOG_DB": str(small_network / "netlog.db"),
        "NETLOG_CONFIG": str(small_network / "config.toml"),
        "NETLOG_TODAY": "2026-11-23",
        "COLUMNS": "80",
    }
    leader, follower = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-c", PROBE, json.dumps(["due"]), json.dumps(HEAVY), str(report)],
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=follower,
        stderr=follower,
    )
    os.close(follower)
    chunks = []
    while True:
        try:
            data = os.read(leader, 4096)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    proc.wait(timeout=60)
    os.close(leader)
    assert "Dr. Maya Patel" in b"".join(chunks).decode()
    assert json.loads(report.read_text(encoding="utf-8")) == {"code": 0, "loaded": []}


def test_bad_number_still_refused_without_pydantic(small_network: Path) -> None:
    """Option values are converted without Pydantic, with Typer's usage error."""
    assert run_probe(["due", "--within", "soon"], small_network) == {"code": 2, "loaded": []}


BUILT = """
import json, sys
sys.argv = ["netlog", *json.loads(sys.argv[1])]
from typer import main as typer_main
built = []
original = typer_main.get_command_from_info
def counting(info, **kw):
    command = original(info, **kw)
    built.append(command.name)
    return command
typer_main.get_command_from_info = counting
import netlog.cli
try:
    netlog.cli.main()
except SystemExit:
    pass
sys.stderr.write(json.dumps(built))
"""


def built_commands(args: list[str], tmp_path: Path) -> list[str]:
    env = {**os.environ, "NETLOG_DB": str(tmp_path / "netlog.db"), "NETLOG_TODAY": "2026-11-23"}
    env["NETLOG_CONFIG"] = str(tmp_path / "config.toml")
    done = subprocess.run(
        [sys.executable, "-c", BUILT, json.dumps(args)],
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        check=True,
    )
    names: list[str] = json.loads(done.stderr.strip().splitlines()[-1])
    return names


@pytest.mark.parametrize(
    ("args", "expected"),
    [(["due"], ["due"]), (["show", "--help"], ["show"]), (["log", "--help"], ["log"])],
)
def test_a_command_builds_only_itself(tmp_path: Path, args: list[str], expected: list[str]) -> None:
    """Typer would build every command's options before parsing; netlog builds the one run."""
    assert built_commands(args, tmp_path) == expected


def test_top_level_help_still_lists_every_command(tmp_path: Path) -> None:
    from netlog.cli import SECTIONS, app

    groups = {info.name for info in app.registered_groups}  # built as groups, not commands
    built = built_commands(["--help"], tmp_path)
    listed = [name for names in SECTIONS.values() for name in names if name not in groups]
    assert sorted(built) == sorted(listed)
