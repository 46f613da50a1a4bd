"""Help pages on a terminal, drawn without loading Rich.

Typer draws ``--help`` on a terminal with Rich: panels of options and
commands, option names in colour. Importing and running Rich is about half
of ``netlog --help`` (~45 ms). This module draws the same page, character
for character and colour for colour, from the same Click objects and the
same Typer helpers, for the things netlog's pages hold: text without Rich
markup, options and arguments, command panels. It reproduces the parts of
Rich's layout these pages use (its word wrapping, its table column widths
and the "columns" that put ``[default: …]`` beside an option's help when
they fit). Whatever else a page holds (markup, wide characters, a deprecated
command, a very narrow terminal, settings that change how Rich draws) makes
:func:`draw` decline, and Typer draws the page as before.

``tests/test_helppage.py`` compares every page with Rich's at many widths.
"""

from __future__ import annotations

import inspect
import os
import re
import sys
from collections.abc import Callable, Iterable, Sequence
from itertools import pairwise
from typing import Any

# A style: (attribute bits, colour). Bits: bold 1, dim 2.
Style = tuple[int, str | None]
PLAIN: Style = (0, None)
BOLD = 1
DIM = 2
_SGR_COLOUR = {
    "red": "31",
    "green": "32",
    "yellow": "33",
    "blue": "34",
    "magenta": "35",
    "cyan": "36",
}
_WORDS = {"bold": (BOLD, None), "dim": (DIM, None)}


def style_of(words: str) -> Style:
    """``"bold cyan"`` -> (1, "cyan")."""
    bits, colour = 0, None
    for word in words.split():
        if word in _WORDS:
            bits |= _WORDS[word][0]
        elif word in _SGR_COLOUR:
            colour = word
        else:
            raise Declined(f"style {word}")
    return bits, colour


def _add(under: Style, over: Style) -> Style:
    return under[0] | over[0], over[1] or under[1]


class Declined(Exception):
    """The page holds something only Rich draws the way Rich does."""


class Styled:
    """Text with a style for each character."""

    __slots__ = ("styles", "text")

    def __init__(self, text: str, styles: list[Style] | Style = PLAIN) -> None:
        self.text = text
        self.styles = styles if isinstance(styles, list) else [styles] * len(text)

    def __len__(self) -> int:
        return len(self.text)

    def __add__(self, other: Styled) -> Styled:
        return Styled(self.text + other.text, self.styles + other.styles)

    def slice(self, start: int, end: int | None = None) -> Styled:
        return Styled(self.text[start:end], self.styles[start:end])

    def paint(self, start: int, end: int, style: Style) -> None:
        for i in range(start, end):
            self.styles[i] = _add(self.styles[i], style)

    def padded(self, width: int, style: Style = PLAIN) -> Styled:
        return self + Styled(" " * (width - len(self.text)), style) if len(self) < width else self


# Typer's highlighters (typer.rich_utils), as (pattern, style) in the order
# Rich applies them: a later one's colour wins where two overlap.
_OPTIONS = (
    (re.compile(r"(^|\W)(?P<s>\-\w+)(?![a-zA-Z0-9])"), "bold green"),
    (re.compile(r"(^|\W)(?P<s>\-\-[\w\-]+)(?![a-zA-Z0-9])"), "bold cyan"),
    (re.compile(r"(?P<s>\<[^\>]+\>)"), "bold yellow"),
    (re.compile(r"(?P<s>Usage: )"), "yellow"),
)
_NEGATIVE = (
    (re.compile(r"(^|\W)(?P<s>\-\w+)(?![a-zA-Z0-9])"), "bold red"),
    (re.compile(r"(^|\W)(?P<s>\-\-[\w\-]+)(?![a-zA-Z0-9])"), "bold magenta"),
)
_TYPES = (
    (re.compile(r"^(?P<s>(\[|<))"), "dim"),
    (re.compile(r"(?P<s>\|)"), "dim"),
    (re.compile(r"(?P<s>(\]|>))(\.\.\.)?$"), "dim"),
)


def _highlight(text: Styled, rules: Sequence[tuple[re.Pattern[str], str]]) -> Styled:
    for pattern, words in rules:
        style = style_of(words)
        for match in pattern.finditer(text.text):
            start, end = match.span("s")
            if end > start:
                text.paint(start, end, style)
    return text


_MARKUP = re.compile(r"\[|:\S*?:")


def _text(raw: str, style: Style = PLAIN, rules: Sequence[Any] = _OPTIONS) -> Styled:
    """What ``highlighter(Text.from_markup(cleandoc(raw), style=…))`` holds."""
    text = inspect.cleandoc(raw)
    if _MARKUP.search(text) or "\x1b" in text or "\t" in text or "\b" in text:
        raise Declined("markup")
    _check_cells(text)
    return _highlight(Styled(text, style), rules)


def _check_cells(text: str) -> None:
    """Each character one cell wide, as this module counts them."""
    if text.isascii():
        if not all(c.isprintable() or c == "\n" for c in text):
            raise Declined("control characters")
        return
    import unicodedata

    for c in text:
        if c == "\n":
            continue
        if (
            not c.isprintable()
            or unicodedata.category(c) in ("Mn", "Me", "Cf")
            or unicodedata.east_asian_width(c) in ("W", "F")
        ):
            raise Declined("wide characters")


# Word wrapping as Rich does it (rich._wrap.divide_line, Text.wrap).
_WORD = re.compile(r"\s*\S+\s*")


def _breaks(line: str, width: int, fold: bool) -> list[int]:
    breaks: list[int] = []
    offset = 0
    for match in _WORD.finditer(line):
        start, word = match.start(), match.group(0)
        length = len(word.rstrip())
        if width - offset >= length:
            offset += len(word)
        elif length > width and not fold:  # cropped later, with an ellipsis
            if start:
                breaks.append(start)
            offset = len(word)
        elif length > width:
            pieces = [word[i : i + width] for i in range(0, len(word), width)]
            for n, piece in enumerate(pieces):
                if start:
                    breaks.append(start)
                if n == len(pieces) - 1:
                    offset = len(piece)
                else:
                    start += len(piece)
        elif offset and start:
            breaks.append(start)
            offset = len(word)
    return breaks


def wrap(text: Styled, width: int, *, ellipsis: bool = False) -> list[Styled]:
    """``text`` broken into lines of at most ``width`` cells: a word longer than
    a line is folded, or, in a table's cell (``ellipsis``), cut short with "…"."""
    lines: list[Styled] = []
    at = 0
    for raw in text.text.split("\n"):
        line = text.slice(at, at + len(raw))
        at += len(raw) + 1
        cuts = [0, *_breaks(raw, width, not ellipsis), len(raw)]
        for start, end in pairwise(cuts):
            piece = line.slice(start, end)
            if len(piece) > width:  # whitespace past the edge goes first
                spaces = len(piece.text) - len(piece.text.rstrip())
                piece = piece.slice(0, len(piece) - min(spaces, len(piece) - width))
            if len(piece) > width:
                if not ellipsis:
                    piece = piece.slice(0, width)
                else:
                    mark = Styled("…", [piece.styles[width - 1]])
                    piece = piece.slice(0, width - 1) + mark
            lines.append(piece)
    return lines


def _measure(text: Styled) -> tuple[int, int]:
    """Rich's measurement of a text: (longest word, longest line)."""
    lines = text.text.splitlines()
    longest = max((len(line) for line in lines), default=0)
    words = text.text.split()
    return (max((len(w) for w in words), default=longest), longest)


class Page:
    """Lines of one help page, each ``width`` cells."""

    def __init__(self, width: int) -> None:
        self.width = width
        self.lines: list[Styled] = []

    def padded_block(
        self, lines: Iterable[Styled], top: int, bottom: int, style: Style = PLAIN
    ) -> None:
        """Rich's ``Padding`` of 1 column each side (and ``top``/``bottom`` blank lines)."""
        blank = Styled(" " * self.width, style)
        self.lines.extend([blank] * top)
        for line in lines:
            self.lines.append(
                Styled(" ", style)
                + _restyled(line, style).padded(self.width - 2, style)
                + Styled(" ", style)
            )
        self.lines.extend([blank] * bottom)

    def panel(self, title: str, rows: list[Styled]) -> None:
        """A rounded panel the page's width, its title at the top left, dimmed."""
        border = style_of("dim")
        inner = self.width - 2
        heading = f" {title} "
        top = "╭─" + heading + "─" * (self.width - 4 - len(heading)) + "─╮"
        if len(heading) + 4 > self.width:
            raise Declined("title")
        self.lines.append(Styled(top, border))
        for row in rows:
            self.lines.append(
                Styled("│", border)
                + Styled(" ")
                + row.padded(inner - 2)
                + Styled(" ")
                + Styled("│", border)
            )
        self.lines.append(Styled("╰" + "─" * inner + "╯", border))

    def write(self, out: Callable[[str], Any]) -> None:
        out("".join(_ansi(line) + "\n" for line in self.lines))


def _restyled(line: Styled, base: Style) -> Styled:
    if base == PLAIN:
        return line
    return Styled(line.text, [_add(base, s) for s in line.styles])


def _ansi(line: Styled) -> str:
    parts: list[str] = []
    text, styles = line.text, line.styles
    start = 0
    for i in range(1, len(text) + 1):
        if i == len(text) or styles[i] != styles[start]:
            bits, colour = styles[start]
            codes = [c for bit, c in ((BOLD, "1"), (DIM, "2")) if bits & bit]
            if colour:
                codes.append(_SGR_COLOUR[colour])
            chunk = text[start:i]
            parts.append(f"\x1b[{';'.join(codes)}m{chunk}\x1b[0m" if codes else chunk)
            start = i
    return "".join(parts)


# --- tables -----------------------------------------------------------------


def _grid(cells: Sequence[Sequence[Styled]], widths: Sequence[int]) -> list[Styled]:
    """One table row: each cell's lines side by side, shorter cells blank below."""
    height = max((len(c) for c in cells), default=0)
    lines = []
    for n in range(height):
        line = Styled("")
        for cell, width in zip(cells, widths, strict=True):
            line = line + (cell[n] if n < len(cell) else Styled("")).padded(width)
        lines.append(line)
    return lines


def _beside(items: Sequence[Styled], width: int) -> list[Styled]:
    """Rich's ``Columns`` of a parameter's help items in ``width`` cells: side by
    side, one space apart, as many to a row as fit; else one under another."""
    if not items:
        return []
    sizes = [min(_measure(item)[1], width) for item in items]
    count = len(items)
    while count > 1:
        columns: dict[int, int] = {}
        column = 0
        padded = [*sizes, *[0] * ((count - len(sizes) % count) % count)]
        for size in padded:
            columns[column] = max(columns.get(column, 0), size)
            if sum(columns.values()) + len(columns) - 1 > width:
                count = len(columns) - 1
                break
            column = (column + 1) % count
        else:
            break
    rows = [items[i : i + count] for i in range(0, len(items), count)]
    col_widths = [max(sizes[c::count]) for c in range(min(count, len(items)))]
    out: list[Styled] = []
    for row in rows:
        cells = []
        widths = []
        for c, item in enumerate(row):
            last = c == count - 1
            cells.append(wrap(item, col_widths[c], ellipsis=True) if item.text else [])
            widths.append(col_widths[c] + (0 if last else 1))
        out.extend(_grid(cells, widths))
    return out


def _options_rows(params: Sequence[Any], ctx: Any, width: int) -> list[Styled]:
    """The rows of Typer's options (or arguments) table in ``width`` cells."""
    from typer.core import TyperArgument, TyperOption

    rows: list[list[Styled]] = []
    helps: list[list[Styled]] = []
    required: list[Styled] = []
    for param in params:
        if not isinstance(param, TyperArgument | TyperOption):
            raise Declined("parameter")
        display = None
        if isinstance(param, TyperArgument):
            display = param.display_name_raw
            if param.metavar is None and param.nargs != 1:
                display += "..."
        long = [o for o in param.opts if "--" in o]
        short = [display or o for o in param.opts if "--" not in o]
        long2 = [o for o in param.secondary_opts if "--" in o]
        short2 = [display or o for o in param.secondary_opts if "--" not in o]
        kind = param.display_type_rich(ctx=ctx) or ""
        span = param._get_number_range_help_str()
        if span:
            kind += f" [{span}]"
        _check_cells(kind)
        types = _highlight(Styled(kind, style_of("bold yellow")), _TYPES)
        required.append(Styled("*", style_of("red")) if param.required else Styled(""))
        rows.append(
            [
                _text(",".join(long)),
                _text(",".join(short)),
                _text(",".join(long2), rules=_NEGATIVE),
                _text(",".join(short2), rules=_NEGATIVE),
                types,
            ]
        )
        helps.append(_help_items(param, ctx))
    if any(r.text for r in required):
        rows = [[star, *row] for star, row in zip(required, rows, strict=True)]
    # Column widths: each column as wide as its widest cell (with a space each
    # side, none at the table's edges); the help column takes what is left,
    # as Rich's table gives it once it has narrowed its widest column.
    naturals = [
        max(_measure(row[c])[1] for row in rows) + (1 if c == 0 else 2) for c in range(len(rows[0]))
    ]
    rest = width - sum(naturals)
    if rest < max(naturals) or rest < 2:
        raise Declined("narrow")
    if any("\n" in cell.text for row in rows for cell in row):
        raise Declined("cell")  # Rich would break it into lines
    lines: list[Styled] = []
    for row, items in zip(rows, helps, strict=True):
        cells: list[list[Styled]] = []
        for c, cell in enumerate(row):
            left = Styled("") if c == 0 else Styled(" ")
            cells.append([left + cell] if cell.text else [])
        cells.append([Styled(" ") + line for line in _beside(items, rest - 1)])
        lines.extend(_grid(cells, [*naturals, rest]))
    return lines


def _help_items(param: Any, ctx: Any) -> list[Styled]:
    """What Typer puts in a parameter's help cell: its help, default, [required]."""
    from typer.core import TyperArgument, TyperOption

    items: list[Styled] = []
    envvar = getattr(param, "envvar", None) is not None or bool(
        getattr(param, "allow_from_autoenv", None)
        and getattr(ctx, "auto_envvar_prefix", None) is not None
        and param.name
    )
    if envvar and getattr(param, "show_envvar", None):
        raise Declined("envvar")
    value: str | None = getattr(param, "help", None)
    if value:
        paragraphs = [
            p.replace("\n", " ").strip() if not p.startswith("\b") else p.strip("\b\n") + "\n"
            for p in value.split("\n\n")
        ]
        items.append(_text("\n".join(paragraphs).strip()))
    if isinstance(param, TyperOption | TyperArgument):
        default = param._extract_default_help_str(ctx=ctx)
        show_str = isinstance(param.show_default, str)
        if show_str or (default is not None and (param.show_default or ctx.show_default)):
            shown = param._get_default_string(
                ctx=ctx, show_default_is_str=show_str, default_value=default
            )
            if shown:
                text = f"[default: {shown}]"
                _check_cells(text)
                items.append(Styled(text, style_of("dim")))
    if param.required:
        items.append(Styled("[required]", style_of("dim red")))
    return items


def _commands_rows(commands: Sequence[Any], name_width: int, width: int) -> list[Styled]:
    help_width = width - name_width - 1
    if help_width < 2:
        raise Declined("narrow")
    name_style = style_of("bold cyan")
    lines: list[Styled] = []
    for command in commands:
        if command.deprecated:
            raise Declined("deprecated")
        name = command.name or ""
        _check_cells(name)
        raw = inspect.cleandoc(command.short_help or command.help or "").split("\n\n")[0]
        if raw.startswith("\b"):
            raw = raw.replace("\b\n", "")
        text = _text(raw.strip())
        help_lines = [Styled(" ") + line for line in wrap(text, help_width - 1, ellipsis=True)]
        name_cell = [Styled(name, name_style).padded(name_width + 1, name_style)]
        lines.extend(_grid([name_cell, help_lines], [name_width + 1, help_width]))
    return lines


# --- the page ---------------------------------------------------------------


def terminal_width() -> int | None:
    """The width Rich would give its console here, or None where Rich decides
    differently from a plain terminal (settings it reads, a dumb terminal)."""
    environ = os.environ
    if any(
        environ.get(name)
        for name in (
            "TERMINAL_WIDTH",
            "FORCE_COLOR",
            "PY_COLORS",
            "GITHUB_ACTIONS",
            "TTY_COMPATIBLE",
            "TTY_INTERACTIVE",
            "_TYPER_FORCE_DISABLE_TERMINAL",
            "JUPYTER_COLUMNS",
            "NO_COLOR",
        )
    ):
        return None
    if environ.get("TERM", "").lower() in ("dumb", "unknown"):
        return None
    if not sys.stdout.isatty() or sys.platform == "win32":
        return None  # (Windows consoles: Rich may draw narrower, with other boxes)
    if not (getattr(sys.stdout, "encoding", None) or "").lower().startswith("utf"):
        return None  # Rich draws ASCII boxes where the terminal is not UTF-8
    width = None
    for fd in (0, 1, 2):
        try:
            width = os.get_terminal_size(fd).columns
        except (AttributeError, ValueError, OSError):
            continue
        break
    columns = environ.get("COLUMNS")
    if columns is not None and columns.isdigit():
        width = int(columns)
    return width or 80


def draw(obj: Any, ctx: Any, width: int | None = None) -> bool:
    """Write ``obj``'s help page as Typer's Rich help would; False (nothing
    written) where this module does not draw it the same."""
    if width is None:
        width = terminal_width()
    if width is None or width < 40:
        return False
    try:
        page = build(obj, ctx, width)
    except Declined:
        return False
    page.write(sys.stdout.write)
    sys.stdout.flush()
    return True


def build(obj: Any, ctx: Any, width: int) -> Page:
    from typer.core import TyperArgument, TyperGroup, TyperOption

    if obj.deprecated:
        raise Declined("deprecated")
    page = Page(width)
    inner = width - 2
    raw_usage = obj.get_usage(ctx)
    _check_cells(raw_usage)
    usage = _highlight(Styled(raw_usage), _OPTIONS)
    page.padded_block(wrap(usage, inner), 1, 1, style_of("bold"))
    if obj.help:
        first, *rest = inspect.cleandoc(obj.help).partition("\f")[0].split("\n\n")
        if not first.startswith("\b"):
            first = first.replace("\n", " ")
        lines = wrap(_text(first.strip()), inner)
        if rest:
            lines.append(Styled(""))
            lines.extend(wrap(_text("\n\n".join(rest), style_of("dim")), inner))
        page.padded_block(lines, 0, 1)
    arguments: dict[str, list[Any]] = {"Arguments": []}
    options: dict[str, list[Any]] = {"Options": []}
    for param in obj.get_params(ctx):
        if getattr(param, "hidden", False):
            continue
        panel = getattr(param, "rich_help_panel", None)
        if isinstance(param, TyperArgument):
            arguments.setdefault(panel or "Arguments", []).append(param)
        elif isinstance(param, TyperOption):
            options.setdefault(panel or "Options", []).append(param)
        else:
            raise Declined("parameter")
    for panels in (arguments, options):
        for title, params in panels.items():
            if params:
                page.panel(title, _options_rows(params, ctx, width - 4))
    if isinstance(obj, TyperGroup):
        panels_of: dict[str, list[Any]] = {}
        for name in obj.list_commands(ctx):
            command = obj.get_command(ctx, name)
            if command and not command.hidden:
                title = getattr(command, "rich_help_panel", None) or "Commands"
                panels_of.setdefault(title, []).append(command)
        longest = max((len(c.name or "") for cs in panels_of.values() for c in cs), default=0)
        ordered = sorted(panels_of.items(), key=lambda item: item[0] != "Commands")
        for title, commands in ordered:
            page.panel(title, _commands_rows(commands, longest, width - 4))
    if obj.epilog:
        page.padded_block(wrap(_text(obj.epilog), inner), 1, 1)
    return page
