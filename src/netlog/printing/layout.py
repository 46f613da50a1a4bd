"""Fitting text to a terminal's width: pure functions, no Rich, no I/O.

Text is measured by the columns a terminal gives it (:func:`display_width`):
wide CJK characters take two, combining marks none, Devanagari vowel signs
one (as ``wcwidth`` counts them). Lines break between words, never inside
one; only a single word wider than the whole line is cut, as it must be.
"""

from __future__ import annotations

import re
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
    for match in re.finditer(r"(\s*)(\S+)", text):
        gap = match.group(1).replace("\t", " ") or " "
        word = match.group(2)
        w = display_width(word)
        if not fresh and used + len(gap) + w <= width:
            line += gap + word
            used += len(gap) + w
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
        elif w <= width:  # too wide for the indent (a long path): a line of its own
            if line.strip():
                lines.append(line)
            line, used = word, w
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


# What a line may open with, for its continuations to hang under: a list
# marker, then a date, a "label:" padded to a column, or a word padded to one.
_HANG = (
    r"(?:[-!•→←] |\[[x ]\] )?"
    r"(?:\d{4}-\d{2}-\d{2}  |\d{4}-\d{2}-\d{2} (?:[→←] )?|[\w ]{1,20}:\s{2,}|[\w:#.-]{1,20} {2,})?"
)


def wrap_line(line: str, width: int) -> list[str]:
    """One printed line fitted to ``width``: continuations hang under its text.

    The hanging indent is the line's own indent plus what it opens with: a
    list marker (``- ``, ``! ``, ``[x] ``), a date, a ``label:`` padded to a
    column, so each entry stays one block.
    """
    if display_width(line) <= width:
        return [line]
    body = line.lstrip(" ")
    lead = " " * (len(line) - len(body))
    match = re.match(_HANG, body)
    opener = match.group(0) if match else ""
    indent = lead + " " * display_width(opener)
    if display_width(indent) > width // 2:
        indent = lead + "  " if display_width(lead) + 2 <= width // 2 else "  "
    if display_width(lead + opener) >= width:
        opener = ""
    return wrap(body[len(opener) :], width, first=lead + opener, rest=indent)


def grid(headers: Sequence[str], rows: Sequence[Sequence[str]], width: int) -> list[str]:
    """:func:`grid_blocks` as one list of lines."""
    return [line for block in grid_blocks(headers, rows, width) for line in block]


def grid_blocks(
    headers: Sequence[str], rows: Sequence[Sequence[str]], width: int
) -> list[list[str]]:
    """A table in at most ``width`` columns, every cell wrapped between words.

    Columns keep their natural width when the table fits; otherwise each
    gets at least its longest word, narrow columns stay whole and the wide
    ones share what is left. When even the longest words do not fit side by
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
    widths = fit_widths(natural, longest, width)
    if widths is None:
        return _stacked(headers, rows, width)
    return [
        grid_row(row, widths, header=index == 0, width=width) for index, row in enumerate(cells)
    ]


def fit_widths(natural: Sequence[int], longest: Sequence[int], width: int) -> list[int] | None:
    """The columns' widths in :func:`grid_blocks`, from each column's widest
    cell and longest word (headers included); None when the table must stack."""
    count = len(natural)
    room = width - GAP * (count - 1)
    if sum(natural) <= room:
        return list(natural)
    if sum(longest) > room:
        return None

    # Water-filling: every column gets up to a common cap (at least its
    # longest word); the cap is as high as the line allows, so short
    # columns keep their natural width and the long ones share the rest.
    def widths_at(cap: int) -> list[int]:
        return [min(n, max(m, cap)) for n, m in zip(natural, longest, strict=True)]

    cap = 0
    while cap < max(natural) and sum(widths_at(cap + 1)) <= room:
        cap += 1
    return widths_at(cap)


def _fits_whole(cell: str, width: int) -> bool:
    """Whether :func:`wrap` would give ``cell`` back as its one line, unchanged:
    it fits, and no whitespace but spaces between its words is there to change."""
    if cell[:1].isspace() or cell[-1:].isspace():
        return False
    if cell.isascii():
        return len(cell) <= width and "\t" not in cell
    return cell.isprintable() and display_width(cell) <= width


def grid_row(row: Sequence[str], widths: Sequence[int], *, header: bool, width: int) -> list[str]:
    """One row of :func:`grid_blocks` as its lines (the header row with its rule)."""
    wrapped = [
        ([cell] if _fits_whole(cell, widths[i]) else wrap(cell, widths[i])) if cell else [""]
        for i, cell in enumerate(row)
    ]
    height = max(len(w) for w in wrapped)
    lines = []
    for n in range(height):
        parts = [pad(w[n] if n < len(w) else "", widths[i]) for i, w in enumerate(wrapped)]
        lines.append((" " * GAP).join(parts).rstrip())
    if header:
        count = len(widths)
        lines.append("─" * min(sum(widths) + GAP * (count - 1), width))
    return lines


def _stacked(headers: Sequence[str], rows: Sequence[Sequence[str]], width: int) -> list[list[str]]:
    return [[], *(stacked_row(headers, row, width) for row in rows)]


def stacked_row(headers: Sequence[str], row: Sequence[str], width: int) -> list[str]:
    """One row of a table too wide to stand side by side, as its block of lines."""
    head = "  ".join(c for c in row[:2] if c)
    lines = wrap(head, width)
    for header, cell in zip(headers[2:], row[2:], strict=False):
        if cell:
            lines.extend(wrap(cell, width, first=f"    {header}: ", rest="      "))
    return lines


def _fold_char(ch: str) -> str:
    decomposed = unicodedata.normalize("NFKD", ch)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def match_spans(text: str, needle: str) -> list[tuple[int, int]]:
    """Where ``needle`` occurs in ``text``, ignoring case and accents as search
    does ("charite" in "Charité"): (start, end) character offsets into ``text``."""
    key = " ".join("".join(_fold_char(c) for c in needle).split())
    if not key:
        return []
    folded: list[str] = []
    origin: list[int] = []
    for index, ch in enumerate(text):
        for f in _fold_char(ch):
            folded.append(f)
            origin.append(index)
    flat = "".join(folded)
    spans: list[tuple[int, int]] = []
    start = flat.find(key)
    while start >= 0:
        end = start + len(key)
        spans.append((origin[start], origin[end - 1] + 1))
        start = flat.find(key, end)
    return spans
