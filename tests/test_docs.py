"""Docs cannot go stale: the reference is generated from the CLI and checked here."""

from __future__ import annotations

import importlib.util
import re
import shlex
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIX = "run `python docs/gen_reference.py` and commit docs/reference.md"


def generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "gen_reference", ROOT / "docs" / "gen_reference.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


GEN = generator()
COMMANDS = GEN.commands()


def test_reference_matches_the_cli() -> None:
    current = (ROOT / "docs" / "reference.md").read_text(encoding="utf-8")
    assert current == GEN.render(), f"docs/reference.md is out of date: {FIX}"


@pytest.mark.parametrize(("path", "text"), COMMANDS, ids=[" ".join(p) for p, _ in COMMANDS])
def test_every_command_has_help_and_an_example(path: list[str], text: str) -> None:
    body = text.split("\n", 2)[-1]  # after the usage line
    assert body.strip(), f"{' '.join(path)} has no help text"
    assert "Example" in text, f"{' '.join(path)} has no 'Example:' in its help (epilog)"


@pytest.mark.parametrize(("path", "text"), COMMANDS, ids=[" ".join(p) for p, _ in COMMANDS])
def test_help_names_values_in_words_and_keeps_examples_whole(path: list[str], text: str) -> None:
    """CONTACT and --met DATE, not {contact} and <str>; no example split mid-quote."""
    assert not re.search(r"\{\w+\}|<\w+(\[\w+\])?>", text), f"{' '.join(path)}: unnamed value"
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.strip() in ("Example:", "Examples:"))
    for line in lines[start + 1 :]:
        assert line.startswith(("    netlog ", "      ")), f"{' '.join(path)}: rewrapped {line!r}"


def test_the_command_list_has_a_section_for_every_command() -> None:
    from netlog.cli import SECTIONS

    placed = [name for names in SECTIONS.values() for name in names]
    assert sorted(placed) == sorted({p[1] for p, _ in COMMANDS if len(p) == 2})
    assert [p[1] for p, _ in COMMANDS if len(p) == 2] == placed


def test_every_command_is_in_the_reference() -> None:
    reference = (ROOT / "docs" / "reference.md").read_text(encoding="utf-8")
    for path, _ in COMMANDS:
        title = " ".join(path)
        assert f"## `{title}`" in reference, f"{title} is missing from docs/reference.md: {FIX}"


def test_the_core_commands_are_all_there() -> None:
    names = {" ".join(p) for p, _ in COMMANDS}
    for command in ("add", "log", "due", "list", "show", "edit", "rm", "snooze", "archive"):
        assert f"netlog {command}" in names


# --- README quick start and CI run the same tests ----------------------------------------


def quickstart() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"<!-- quickstart -->(.*?)<!-- /quickstart -->", readme, re.S)
    assert block, "README.md needs a <!-- quickstart --> … <!-- /quickstart --> block"
    code = re.search(r"```(?:sh|bash|console)?\n(.*?)```", block.group(1), re.S)
    assert code
    return [line for line in code.group(1).splitlines() if line.strip()]


def test_readme_quick_start_has_exactly_two_commands() -> None:
    assert len(quickstart()) == 2


def test_readme_test_command_is_the_one_ci_runs() -> None:
    second = quickstart()[1]
    steps = [s.strip() for s in second.split("&&")]
    assert steps[-1].endswith("python -m pytest")
    assert shlex.split(steps[1])[-2:] == ["-e", ".[test]"]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    ci_lines = [line.strip() for line in ci.splitlines() if not line.lstrip().startswith("#")]
    assert "python -m pytest" in ci_lines
    assert any("pip install" in line and "-e '.[test]'" in line for line in ci_lines)


def test_getting_started_exists_and_is_linked() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert (ROOT / "docs" / "getting-started.md").exists()
    assert "docs/getting-started.md" in readme and "docs/reference.md" in readme
