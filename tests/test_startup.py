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
import re
import subprocess
import sys
from pathlib import Path

import pytest

from netlog.cli.compiled_methods import MODULES
from tests.safety_helpers import read_until_closed

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
names = set(sys.modules) | {m.split(".")[0] for m in sys.modules}
loaded = sorted(names & set(heavy))
with open(report, "w", encoding="utf-8") as handle:
    json.dump({"code": code, "loaded": loaded}, handle)
"""


def network_env(folder: Path) -> dict[str, str]:
    """The environment of a run on the network in ``folder``, on 2026-11-23."""
    return {
        **os.environ,
        "NETLOG_DB": str(folder / "netlog.db"),
        "NETLOG_CONFIG": str(folder / "config.toml"),
        "NETLOG_TODAY": "2026-11-23",
    }


def run_script(
    script: str, args: list[str], folder: Path, *extra: str
) -> subprocess.CompletedProcess[str]:
    """``script`` run by a fresh interpreter with netlog's ``args``, on that network."""
    return subprocess.run(
        [sys.executable, "-c", script, json.dumps(args), *extra],
        env=network_env(folder),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        check=True,
    )


def run_probe(args: list[str], tmp_path: Path, heavy: tuple[str, ...] = HEAVY) -> dict[str, object]:
    report = tmp_path / "report.json"
    run_script(PROBE, args, tmp_path, json.dumps(heavy), str(report))
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


def run_on_terminal(
    args: list[str], tmp_path: Path, heavy: tuple[str, ...] = HEAVY
) -> tuple[str, dict[str, object]]:
    """The probe on a pseudo-terminal 80 columns wide: (what it printed, its report)."""
    pty = pytest.importorskip("pty")
    report = tmp_path / "report.json"
    env = {**network_env(tmp_path), "COLUMNS": "80"}
    env.pop("NO_COLOR", None)
    leader, follower = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-c", PROBE, json.dumps(args), json.dumps(heavy), str(report)],
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=follower,
        stderr=follower,
    )
    os.close(follower)
    output = read_until_closed(leader)
    proc.wait(timeout=60)
    os.close(leader)
    result: dict[str, object] = json.loads(report.read_text(encoding="utf-8"))
    return output.decode(), result


def test_due_on_a_terminal_imports_nothing_heavy_either(small_network: Path) -> None:
    """The terminal layout is plain text and escape codes: no Rich on the morning path."""
    shown, report = run_on_terminal(["due"], small_network)
    assert "Dr. Maya Patel" in shown
    assert report == {"code": 0, "loaded": []}


# What only some commands need, kept off the everyday path: writing a file
# through a temporary one (tempfile; secrets, which loads OpenSSL's hashes),
# Markdown help and pretty tracebacks (markdown-it, Pygments: Rich loads them
# for those alone), reading packaged files from a zip (zipfile), the settings
# keys 'netlog config set' lists in its help.
SELDOM = (
    "tempfile",
    "secrets",
    "hmac",
    "markdown_it",
    "pygments",
    "zipfile",
    "netlog.config_edit",
)


@pytest.mark.parametrize(
    "args",
    [
        ["due"],
        ["show", "patel"],
        ["log", "1", "--incoming", "--via", "email"],
        ["draft", "patel"],
        ["add", "Dr. Sam Lee", "--at", "AAOS 2026"],
        ["undo"],
    ],
)
def test_everyday_commands_skip_what_only_some_commands_need(
    small_network: Path, args: list[str]
) -> None:
    assert run_probe(args, small_network, SELDOM) == {"code": 0, "loaded": []}


@pytest.mark.parametrize("args", [["--help"], ["due", "--help"], ["config", "set", "--help"]])
def test_help_on_a_terminal_loads_no_markdown_or_pygments(
    small_network: Path, args: list[str]
) -> None:
    """Rich draws the help; its Markdown and traceback modules wait until used."""
    shown, report = run_on_terminal(args, small_network, ("markdown_it", "pygments"))
    assert "\x1b[" in shown  # Rich's colours: this is the terminal layout
    assert "Usage: netlog" in re.sub(r"\x1b\[[0-9;]*m", "", shown)
    assert report == {"code": 0, "loaded": []}


@pytest.mark.parametrize("args", [["--help"], ["due", "--help"], ["add", "--help"]])
def test_help_on_a_terminal_is_drawn_without_rich(small_network: Path, args: list[str]) -> None:
    """The same panels and colours as Rich's (tests/test_helppage.py), without Rich."""
    shown, report = run_on_terminal(args, small_network)
    plain = re.sub(r"\x1b\[[0-9;]*m", "", shown)
    assert "\x1b[1;36m" in shown  # option names in bold cyan
    assert "╭─ Options" in plain and "Usage: netlog" in plain
    assert report == {"code": 0, "loaded": []}


def test_a_usage_error_on_a_terminal_loads_no_markdown_or_pygments(small_network: Path) -> None:
    shown, report = run_on_terminal(
        ["due", "--within", "soon"], small_network, ("markdown_it", "pygments")
    )
    assert "Invalid value" in re.sub(r"\x1b\[[0-9;]*m", "", shown)
    assert report == {"code": 2, "loaded": []}


HAND_OVER = r"""
import sys
from netlog.cli.typer_shims import install
install()
from rich.console import Console
from rich.markdown import Markdown
from rich.traceback import Traceback
assert "markdown_it" not in sys.modules and "pygments" not in sys.modules
console = Console(width=40, force_terminal=False, color_system=None)
console.print(Markdown("# Heading\n\n**bold** text"))
try:
    1 / 0
except ZeroDivisionError as exc:
    console.print(Traceback.from_exception(type(exc), exc, exc.__traceback__))
import rich.markdown
print(rich.markdown.Heading.__module__, type(Markdown("x")).__module__)
"""


def test_rich_markdown_and_tracebacks_still_work_when_asked_for() -> None:
    """The stand-ins load the real modules on first use and hand over to them."""
    done = subprocess.run(
        [sys.executable, "-c", HAND_OVER], capture_output=True, text=True, check=True
    )
    assert "Heading" in done.stdout and "bold text" in done.stdout
    assert "ZeroDivisionError" in done.stdout
    assert done.stdout.rstrip().endswith("rich.markdown rich.markdown")


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


GROUP_MODULES = tuple(
    f"netlog.cli.commands.{module}" for module in ("letters", "settings", "database")
)


def test_a_group_of_commands_is_imported_only_when_it_is_run(small_network: Path) -> None:
    """``netlog letters``, ``config`` and ``db`` cost nothing to the other commands."""
    assert run_probe(["due"], small_network, GROUP_MODULES) == {"code": 0, "loaded": []}
    letters = run_probe(["letters"], small_network, GROUP_MODULES)
    assert letters == {"code": 0, "loaded": ["netlog.cli.commands.letters"]}
    shown = run_probe(["config", "--help"], small_network, GROUP_MODULES)
    assert shown == {"code": 0, "loaded": ["netlog.cli.commands.settings"]}


# The rooms of netlog.service that the morning list does not use: the package
# imports a room when one of its names is first used.
OTHER_ROOMS = tuple(
    f"netlog.service.{room}"
    for room in ("activities", "drafting", "overview", "people", "reading", "touchpoints")
)


def test_due_imports_only_its_own_room_of_the_service(small_network: Path) -> None:
    assert run_probe(["due"], small_network, OTHER_ROOMS) == {"code": 0, "loaded": []}
    shown = run_probe(["show", "patel"], small_network, ("netlog.service.reading",))
    assert shown == {"code": 0, "loaded": ["netlog.service.reading"]}


QUIET_START = """
import gc, json, sys
collections = []
def seen(phase, info):
    # (compiling netlog.cli itself, when its bytecode is not cached, may come first)
    if phase == "start" and "netlog.cli.entry" in sys.modules:
        collections.append(info)
gc.callbacks.append(seen)
sys.argv = ["netlog", *json.loads(sys.argv[1])]
import netlog.cli
during_import = len(collections)
enabled = gc.isenabled()
try:
    netlog.cli.main()
except SystemExit:
    pass
lazy = sys.modules.get("ipaddress")
sys.stderr.write(json.dumps({
    "collections_while_importing": during_import,
    "collector_on_after_import": enabled,
    "ipaddress_ran": lazy is not None and "_netlog_loader" not in vars(lazy),
}))
"""


def test_start_up_runs_no_garbage_collection_and_leaves_ipaddress_unloaded(
    small_network: Path,
) -> None:
    """Importing netlog (Typer, netlog.cli.entry and what they import) makes
    thousands of objects that live to the end: the collector waits meanwhile,
    then resumes. ipaddress (imported by urllib.parse,
    which pathlib imports) runs only if a URL with an IPv6 host is parsed."""
    done = run_script(QUIET_START, ["due"], small_network)
    assert "Dr. Maya Patel" in done.stdout
    assert json.loads(done.stderr.strip().splitlines()[-1]) == {
        "collections_while_importing": 0,
        "collector_on_after_import": True,
        "ipaddress_ran": False,
    }


EVALUATED = """
import json, sys
sys.argv = ["netlog", "due", "--help"]
import netlog.cli
try:
    netlog.cli.main()
except SystemExit:
    pass
from netlog.cli.commands import due
sys.stderr.write(json.dumps(sorted({type(v).__name__ for v in due.due.__annotations__.values()})))
"""


def test_a_command_s_string_annotations_are_evaluated_once_and_kept(tmp_path: Path) -> None:
    """Typer would compile each string annotation four times (two reads of the
    signature, each evaluating it twice); the first read stores the values."""
    env = {**os.environ, "NETLOG_DB": str(tmp_path / "netlog.db")}
    done = subprocess.run(
        [sys.executable, "-c", EVALUATED],
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        check=True,
    )
    kinds = json.loads(done.stderr.strip().splitlines()[-1])
    assert "str" not in kinds and kinds


SELDOM_STDLIB = """
import json, sys
sys.argv = ["netlog", *json.loads(sys.argv[1])]
import netlog.cli
try:
    netlog.cli.main()
except SystemExit:
    pass
state = {}
for name in (
    "traceback", "uuid", "difflib", "platform", "ipaddress", "subprocess", "urllib.parse",
    "tokenize", "shutil", "gettext",
):
    module = sys.modules.get(name)
    if module is not None:
        names = vars(module)  # (not getattr: looking a name up would load it)
        state[name] = "_netlog_loader" in names or bool(names.get("netlog_stand_in"))
sys.stderr.write(json.dumps(state))
"""


@pytest.mark.parametrize("args", [["due"], ["show", "patel"], ["due", "--help"]])
def test_typer_s_seldom_used_standard_modules_wait(small_network: Path, args: list[str]) -> None:
    """traceback, uuid and difflib (Typer imports a name or two from each at the
    top), urllib.parse (pathlib's, for file: URLs), shutil and gettext (Typer's
    and Click's, for help and messages), and platform, ipaddress, subprocess,
    tokenize stay stand-ins or unrun."""
    done = run_script(SELDOM_STDLIB, args, small_network)
    state = json.loads(done.stderr.strip().splitlines()[-1])
    # Help is worded through gettext (Click's) and wrapped to the terminal (shutil).
    for_help = {"shutil", "gettext"} if "--help" in args else set()
    assert {name for name, waits in state.items() if not waits} <= for_help
    waiting = {"traceback", "uuid", "difflib", "platform", "urllib.parse", "tokenize"}
    assert waiting | ({"shutil", "gettext"} - for_help) <= set(state)


STDLIB_HAND_OVER = r"""
import sys
from netlog.cli.typer_shims import install
install()
import typer  # imports the stand-ins
import difflib, traceback, uuid
from difflib import get_close_matches
from traceback import FrameSummary, StackSummary
from uuid import UUID
assert vars(uuid).get("netlog_stand_in") and vars(difflib).get("netlog_stand_in")
print(get_close_matches("dux", ["due", "done", "draft"]))
print(UUID(int=5), uuid.uuid4().version, isinstance(uuid.uuid4(), uuid.UUID), isinstance(uuid.uuid4(), UUID))
try:
    1 / 0
except ZeroDivisionError:
    print(traceback.format_exc().splitlines()[-1])
summary = StackSummary.from_list([FrameSummary("f.py", 3, "main")])
print(type(summary).__module__, len(summary))
import platform
print(bool(platform.system()))
import inspect, pathlib
from netlog.storage.engines import redact
print(pathlib.PurePosixPath("/tmp/a b").as_uri(), redact("postgresql://al:pw@db.example/n"))
print(inspect.getsource(redact).splitlines()[0])
import gettext, shutil
from gettext import ngettext
print(ngettext("a day", "days", 2), shutil.get_terminal_size((81, 5)).columns > 0, bool(shutil.which("sh")))
"""


def test_the_standard_modules_typer_seldom_uses_still_work_when_asked_for() -> None:
    done = subprocess.run(
        [sys.executable, "-c", STDLIB_HAND_OVER], capture_output=True, text=True, check=True
    )
    assert done.stdout.splitlines() == [
        "['due']",
        "00000000-0000-0000-0000-000000000005 4 True True",
        "ZeroDivisionError: division by zero",
        "traceback 1",
        "True",
        "file:///tmp/a%20b postgresql://al@db.example/n",
        "def redact(url: str) -> str:",
        "days True True",
    ]


AFTER_HELP = """
import gc, json, sys
sys.argv = ["netlog", *json.loads(sys.argv[1])]
import netlog.cli
frozen_at_start = gc.get_freeze_count()
gc.unfreeze()  # what importing froze, to see what main() does
try:
    netlog.cli.main()
except SystemExit:
    pass
sys.stderr.write(json.dumps(gc.get_freeze_count() > 0))
"""


@pytest.mark.parametrize(("args", "frozen"), [(["due", "--help"], True), (["due"], False)])
def test_after_help_the_exit_skips_examining_its_objects(
    small_network: Path, args: list[str], frozen: bool
) -> None:
    """Once help is drawn the process ends: its objects are set aside (gc.freeze)
    rather than examined once more on the way out; a command's are not."""
    done = run_script(AFTER_HELP, args, small_network)
    assert json.loads(done.stderr.strip().splitlines()[-1]) is frozen


# --- dataclass methods, compiled ahead (netlog.cli.compiled_methods) ---------------


def _for_this_python() -> bool:
    from netlog.cli._compiled_methods import PYTHON
    from netlog.cli.compiled_methods import python_tag

    return python_tag() == PYTHON


FOR_THIS_PYTHON = _for_this_python()

SERVED_CLASSES = r"""
import dataclasses, importlib, json, sys
if sys.argv[1] == "served":
    from netlog.cli.typer_shims import defer_imports
    defer_imports()
compiled = []
sys.addaudithook(
    lambda event, args: compiled.append(1)
    if event == "compile" and isinstance(args[0], (str, bytes)) and "__create_fn__" in str(args[0])
    else None
)
MODULES = json.loads(sys.argv[2])
methods = {}
for name in ("typer._coercion", *MODULES):
    module = importlib.import_module(name)
    for cls_name, cls in sorted(vars(module).items()):
        if not (isinstance(cls, type) and dataclasses.is_dataclass(cls)):
            continue
        if cls.__module__ != name:
            continue
        for attr in ("__init__", "__repr__", "__eq__", "__hash__", "__setattr__", "__delattr__"):
            made = vars(cls).get(attr)
            made = getattr(made, "__wrapped__", made)
            if made is None or not hasattr(made, "__code__"):
                continue
            code = made.__code__
            methods[f"{name}.{cls_name}.{attr}"] = [
                code.co_code.hex(), repr(code.co_consts), list(code.co_names),
                repr(made.__annotations__), made.__qualname__, code.co_filename,
            ]
print(json.dumps({"compiled": len(compiled), "methods": methods}))
"""


def test_dataclasses_get_the_methods_compiling_their_text_gives() -> None:
    """netlog hands ``dataclasses`` code compiled ahead for Typer's classes and
    its own records: the methods are those compiling the text at run time
    makes, and nothing is compiled."""
    runs = {
        how: json.loads(
            subprocess.run(
                [sys.executable, "-c", SERVED_CLASSES, how, json.dumps(MODULES)],
                capture_output=True,
                text=True,
                check=True,
            ).stdout
        )
        for how in ("compiled", "served")  # (the first imports nothing of netlog.cli)
    }
    made = runs["compiled"]["methods"]
    assert len([name for name in made if name.startswith("typer.")]) == 30
    assert len(made) > 100
    assert runs["served"]["methods"] == made
    assert runs["compiled"]["compiled"] >= len(made)
    # (The file holds one Python's bytecode: with another, the classes compile as usual.)
    assert runs["served"]["compiled"] == (0 if FOR_THIS_PYTHON else runs["compiled"]["compiled"])


def test_the_compiled_methods_are_current() -> None:
    """``netlog/cli/_compiled_methods.py`` is what this Python, this Typer and
    netlog's classes make (``python -m netlog.cli.compile_methods`` rewrites
    it), or, written by another Python, is left unused."""
    if not FOR_THIS_PYTHON:
        from netlog.cli.compiled_methods import compiled_methods

        assert compiled_methods() == {}
        return
    done = subprocess.run(
        [sys.executable, "-m", "netlog.cli.compile_methods", "--check"],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
