"""Fitting text to a terminal's width: pure functions, no Rich, no I/O.

Text is measured by the columns a terminal gives it (:func:`display_width`):
wide CJK characters take two, combining marks none, Devanagari vowel signs
one (as ``wcwidth`` counts them). Lines break between words, never inside
one; only a single word wider than the whole line is cut, as it must be.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from functools import lru_cache

GAP = 2  # columns between table columns


@lru_cache(maxsize=4096)
def _char_width(ch: str) -> int:
    if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def display_width(text: str) -> int:
    """Columns a string takes in a terminal: wide CJK counts 2, combining marks 0."""
    if text.isascii():
        return len(text)
    return sum(_char_width(ch) for ch in text)


def pad(text: str, width: int) -> str:
    return text + " " * max(width - display_width(text), 0)


def _cut(word: str, width: int) -> list[str]:
    """A word wider than ``width`` in pieces (the one case a word is split)."""
    pieces: list[str] = []
    piece, used = "", 0
    for ch in word:
        w = _char_width(ch)
        if used + w > width and piece:
            pieces.append(piece)
            piece, used = "", 0
        piece += ch
        used += w
    if piece:
        pieces.append(piece)
    return pieces


def wrap(text: str, width: int, *, first: str = "", rest: str | None = None) -> list[str]:
    """``text`` in lines of at most ``width`` columns, broken between words.

    ``first`` starts the first line and ``rest`` (default: as many spaces as
    ``first`` is wide) starts the others, so a wrapped entry hangs under its
    own text.
    """
    if rest is None:
        rest = " " * display_width(first)
    lines: list[str] = []
    line, used = first, display_width(first)
    fresh = True  # nothing but the prefix on this line yet
    for word in text.split():
        w = display_width(word)
        if not fresh and used + 1 + w <= width:
            line += " " + word
            used += 1 + w
            continue
        if fresh and used + w <= width:
            line += word
            used += w
            fresh = False
            continue
        if not fresh or display_width(rest) + w <= width < used + w:
            lines.append(line)
            line, used = rest, display_width(rest)
        room = max(width - used, 1)
        if w <= room:
            line += word
            used += w
        else:  # a word wider than the line: cut, the only way it fits
            pieces = _cut(word, room)
            for piece in pieces[:-1]:
                lines.append(line + piece)
                line = rest
            line += pieces[-1]
            used = display_width(line)
        fresh = False
    lines.append(line)
    return [x.rstrip() for x in lines]


def wrap_line(line: str, width: int) -> list[str]:
    """One printed line fitted to ``width``: continuations hang under its text.

    The hanging indent is the line's own indent, plus the marker it opens
    with (``- ``, ``! ``, ``[x] ``, ``→ ``) so a list item stays one block.
    """
    if display_width(line) <= width:
        return [line]
    body = line.lstrip(" ")
    indent = " " * (len(line) - len(body))
    for marker in ("- ", "! ", "[x] ", "[ ] ", "→ ", "← ", "• "):
        if body.startswith(marker):
            indent += " " * len(marker)
            break
    if display_width(indent) > width // 2:
        indent = "  "
    return wrap(body, width, first=" " * (len(line) - len(body)), rest=indent)


def grid(headers: Sequence[str], rows: Sequence[Sequence[str]], width: int) -> list[str]:
    """:func:`grid_blocks` as one list of lines."""
    return [line for block in grid_blocks(headers, rows, width) for line in block]


def grid_blocks(
    headers: Sequence[str], rows: Sequence[Sequence[str]], width: int
) -> list[list[str]]:
    """A table in at most ``width`` columns, every cell wrapped between words.

    Columns keep their natural width when the table fits; otherwise each
    gets at least its longest word and the space left is shared by how much
    more each would like. When even the longest words do not fit side by
    side, each row becomes a block: its first cells on one line, the others
    below as ``header: value``. The first block holds the header lines
    (none in the stacked form), then one block per row.
    """
    count = len(headers)
    cells = [list(headers), *[[str(c) for c in row] for row in rows]]
    natural = [max(display_width(r[i]) for r in cells) for i in range(count)]
    longest = [
        max((display_width(w) for r in cells for w in r[i].split()), default=0)
        for i in range(count)
    ]
    room = width - GAP * (count - 1)
    if sum(natural) <= room:
        widths = natural
    elif sum(longest) <= room:
        widths = list(longest)
        spare = room - sum(widths)
        want = [n - m for n, m in zip(natural, longest, strict=True)]
        total = sum(want)
        for i in range(count):
            widths[i] += spare * want[i] // total if total else 0
        # Integer shares leave a few columns: give them to the widest wanters.
        left = room - sum(widths)
        for i in sorted(range(count), key=lambda i: -(natural[i] - widths[i])):
            if left <= 0:
                break
            if natural[i] > widths[i]:
                widths[i] += 1
                left -= 1
    else:
        return _stacked(headers, rows, width)
    blocks: list[list[str]] = []
    for index, row in enumerate(cells):
        wrapped = [wrap(cell, widths[i]) if cell else [""] for i, cell in enumerate(row)]
        height = max(len(w) for w in wrapped)
        lines = []
        for n in range(height):
            parts = [pad(w[n] if n < len(w) else "", widths[i]) for i, w in enumerate(wrapped)]
            lines.append((" " * GAP).join(parts).rstrip())
        if index == 0:
            lines.append("─" * min(sum(widths) + GAP * (count - 1), width))
        blocks.append(lines)
    return blocks


def _stacked(headers: Sequence[str], rows: Sequence[Sequence[str]], width: int) -> list[list[str]]:
    blocks: list[list[str]] = [[]]
    for row in rows:
        head = "  ".join(c for c in row[:2] if c)
        lines = wrap(head, width)
        for header, cell in zip(headers[2:], row[2:], strict=False):
            if cell:
                lines.extend(wrap(cell, width, first=f"    {header}: ", rest="      "))
        blocks.append(lines)
    return blocks
