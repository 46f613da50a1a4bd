"""Help on a terminal is drawn without Rich, and looks exactly as Rich drew it.

Every page (the group, each command, each subcommand) is drawn both ways at
many widths: the characters must be the same, line for line, and every
character that is not a space must carry the same style (bold, dim, colour).
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from typing import Any

import click
import pytest
import typer
from typer import rich_utils

from netlog.cli import app, helppage
from netlog.cli.typer_shims import HELP_DRAWN

WIDTHS = (40, 47, 52, 60, 64, 72, 80, 81, 96, 100, 120, 133, 160, 200)

_SGR = re.compile(r"\x1b\[([0-9;]*)m")
_COLOURS = {"31": "red", "32": "green", "33": "yellow", "34": "blue", "35": "magenta", "36": "cyan"}


def cells(output: str) -> list[list[tuple[str, tuple[bool, bool, str | None]]]]:
    """Each line as (character, (bold, dim, colour)) pairs."""
    lines = []
    for raw in output.split("\n"):
        bold = dim = False
        colour: str | None = None
        line = []
        at = 0
        for match in [*_SGR.finditer(raw), None]:
            end = match.start() if match else len(raw)
            for ch in raw[at:end]:
                line.append((ch, (bold, dim, colour) if ch != " " else (False, False, None)))
            if match is None:
                break
            at = match.end()
            for code in (match.group(1) or "0").split(";"):
                if code in ("0", ""):
                    bold = dim = False
                    colour = None
                elif code == "1":
                    bold = True
                elif code == "2":
                    dim = True
                elif code in _COLOURS:
                    colour = _COLOURS[code]
                else:
                    raise AssertionError(f"unexpected SGR {code}")
        lines.append(line)
    return lines


def pages() -> Iterator[tuple[str, list[str]]]:
    group = typer.main.get_command(app)
    yield "netlog", []
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        yield f"netlog {name}", [name]
        for sub in getattr(command, "commands", {}):
            yield f"netlog {name} {sub}", [name, sub]


def _context(path: list[str]) -> tuple[Any, click.Context]:
    group = typer.main.get_command(app)
    ctx = group.make_context("netlog", [], resilient_parsing=True)
    command: Any = group
    for name in path:
        command = command.get_command(ctx, name)
        ctx = command.make_context(name, [], parent=ctx, resilient_parsing=True)
    return command, ctx


def _draw(path: list[str], width: int, monkeypatch: pytest.MonkeyPatch, *, rich: bool) -> str:
    from rich.console import Console
    from rich.theme import Theme

    command, ctx = _context(path)
    buffer = io.StringIO()

    def console(stderr: bool = False) -> Console:
        return Console(
            theme=Theme(
                {
                    "option": rich_utils.STYLE_OPTION,
                    "switch": rich_utils.STYLE_SWITCH,
                    "negative_option": rich_utils.STYLE_NEGATIVE_OPTION,
                    "negative_switch": rich_utils.STYLE_NEGATIVE_SWITCH,
                    "types": rich_utils.STYLE_TYPES,
                    "types_sep": rich_utils.STYLE_TYPES_SEPARATOR,
                    "usage": rich_utils.STYLE_USAGE,
                }
            ),
            highlighter=rich_utils.highlighter,
            color_system="standard",
            force_terminal=True,
            width=width,
            file=buffer,
        )

    monkeypatch.setattr(rich_utils, "_get_rich_console", console)
    monkeypatch.setattr(helppage, "terminal_width", lambda: None if rich else width)
    monkeypatch.setattr("sys.stdout", buffer)
    monkeypatch.setattr(command, "rich_markup_mode", "rich", raising=False)
    drawn: list[bool] = []
    real_draw = helppage.draw

    def draw(obj: Any, ctx: Any, width: int | None = None) -> bool:
        drawn.append(real_draw(obj, ctx, width))
        return drawn[-1]

    monkeypatch.setattr(helppage, "draw", draw)
    command.format_help(ctx, ctx.make_formatter())
    if not rich and width >= 80:  # else the comparison would be Rich with itself
        assert drawn == [True], f"{path} at {width} columns was left to Rich"
    return buffer.getvalue()


PAGES = list(pages())


@pytest.mark.parametrize(("title", "path"), PAGES, ids=[t for t, _ in PAGES])
def test_every_page_looks_as_rich_drew_it_at_every_width(
    title: str, path: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    for width in WIDTHS:
        expected = _draw(path, width, monkeypatch, rich=True)
        drawn = _draw(path, width, monkeypatch, rich=False)
        plain = [re.sub(r"\x1b\[[0-9;]*m", "", line) for line in drawn.split("\n")]
        assert plain == [re.sub(r"\x1b\[[0-9;]*m", "", line) for line in expected.split("\n")], (
            f"{title} at {width} columns"
        )
        assert cells(drawn) == cells(expected), f"{title} at {width} columns: styles differ"


def test_the_group_and_due_pages_are_drawn_without_rich(monkeypatch: pytest.MonkeyPatch) -> None:
    """The pages the morning uses must not decline (and so load Rich)."""
    for path in ([], ["due"], ["add"], ["log"]):
        command, ctx = _context(path)
        monkeypatch.setattr(command, "rich_markup_mode", "rich", raising=False)
        buffer = io.StringIO()
        monkeypatch.setattr("sys.stdout", buffer)
        assert helppage.draw(command, ctx, 80) or "\b" in (command.epilog or "")
        drawn = re.sub(r"\x1b\[[0-9;]*m", "", _draw(path, 80, monkeypatch, rich=False))
        assert "Usage: netlog" in drawn
        assert "╭─ Options" in drawn
    assert HELP_DRAWN  # the shim saw the pages


@pytest.mark.parametrize(
    ("text", "width"),
    [
        ("one two three four five six seven", 10),
        ("a-very-long-word-indeed that folds", 7),
        ("  leading spaces and   inner  runs  ", 9),
        ("line one\n\nline three after a blank", 12),
        ("exactly ten", 11),
        ("x", 1),
    ],
)
def test_words_wrap_where_rich_wraps_them(text: str, width: int) -> None:
    from rich.text import Text

    expected = [line.plain for line in Text(text).wrap(_console(), width)]
    assert [line.text for line in helppage.wrap(helppage.Styled(text), width)] == expected


def _console() -> Any:
    from rich.console import Console

    return Console(width=200, file=io.StringIO())


def test_a_page_holding_markup_is_left_to_rich(monkeypatch: pytest.MonkeyPatch) -> None:
    command, ctx = _context(["due"])
    monkeypatch.setattr(command, "help", "Who is owed [bold]what[/bold] today.")
    assert helppage.draw(command, ctx, 80) is False


class _Terminal(io.StringIO):
    def __init__(self, encoding: str) -> None:
        super().__init__()
        self._encoding = encoding

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return self._encoding

    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(
    ("encoding", "env", "drawn"),
    [
        ("utf-8", {}, True),
        ("latin-1", {}, False),  # Rich draws ASCII boxes there
        ("utf-8", {"TERM": "dumb"}, False),
        ("utf-8", {"TERMINAL_WIDTH": "100"}, False),
        ("utf-8", {"FORCE_COLOR": "1"}, False),
    ],
)
def test_where_rich_would_draw_differently_the_page_is_left_to_it(
    monkeypatch: pytest.MonkeyPatch, encoding: str, env: dict[str, str], drawn: bool
) -> None:
    for name in ("TERM", "TERMINAL_WIDTH", "FORCE_COLOR", "NO_COLOR", "PY_COLORS"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("COLUMNS", "90")
    monkeypatch.setattr("sys.stdout", _Terminal(encoding))
    assert (helppage.terminal_width() == 90) is drawn
