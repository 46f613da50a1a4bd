"""Tables: fitted to the terminal's width, plain aligned columns when piped."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Sequence

from netlog.printing import console, layout
from netlog.printing.console import paint, say


def plain_table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    """Columns separated by two spaces; the last column is not padded."""
    widths = [len(h) for h in headers]
    for row in rows:
        for i, cell in enumerate(row[:-1]):
            widths[i] = max(widths[i], layout.display_width(cell))
    lines = []
    for row in [list(headers), *rows]:
        cells = [layout.pad(cell, widths[i]) for i, cell in enumerate(row[:-1])]
        lines.append("  ".join([*cells, row[-1]]).rstrip())
    sys.stdout.write("\n".join(lines) + "\n")


def table(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    title: str | None = None,
    styles: Sequence[str | None] | None = None,
) -> None:
    """A table: fitted to the terminal's width, plain columns when piped."""
    if not console.is_terminal():
        plain_table(headers, rows)
        return
    if title:
        say(title, "bold")
    # A column empty in every row gives its room to the others.
    keep = [i for i in range(len(headers)) if any(row[i] for row in rows)] or [0]
    if len(keep) < len(headers):
        headers = [headers[i] for i in keep]
        rows = [[row[i] for i in keep] for row in rows]
    head, *blocks = layout.grid_blocks(headers, rows, console.width())
    lines = [paint(line, "dim" if line.startswith("─") else "bold") for line in head]
    for index, block in enumerate(blocks):
        style = styles[index] if styles else None
        lines.extend(paint(line, style) for line in block)
    sys.stdout.write("".join(line + "\n" for line in lines))


def plain_table_streamed(headers: Sequence[str], rows: Iterable[Sequence[str]]) -> None:
    """What :func:`plain_table` prints, from rows read once: each row is kept
    as one string (cells joined by a separator no cell holds) until the
    widths are known, a fraction of the memory of lists of cells."""
    widths = [len(h) for h in headers]
    kept: list[str | Sequence[str]] = []
    wide: dict[str, int] = {}  # widths of the cells beyond ASCII, measured once
    for row in rows:
        for i, cell in enumerate(row[:-1]):
            if cell.isascii():
                w = len(cell)
            else:
                w = wide.get(cell, -1)
                if w < 0:
                    w = wide[cell] = layout.display_width(cell)
            if w > widths[i]:
                widths[i] = w
        packed = "\x00".join(row)
        kept.append(packed if packed.count("\x00") == len(row) - 1 else row)
    last = len(headers) - 1

    def line(row: Sequence[str]) -> str:
        # What layout.pad does, inlined: every cell is at most its column's width.
        # (Headers are ASCII; every other cell beyond ASCII is in ``wide``.)
        cells = [
            cell + " " * (widths[i] - (len(cell) if cell.isascii() else wide[cell]))
            for i, cell in enumerate(row[:last])
        ]
        return "  ".join([*cells, row[last]]).rstrip()

    # A row all in ASCII is its cells padded by length: one format.
    template = "  ".join([*(f"%-{w}s" for w in widths[:last]), "%s"])
    write = sys.stdout.write
    chunk = [line(headers)]
    for kept_row in kept:
        if not isinstance(kept_row, str):
            chunk.append(line(kept_row))
        elif kept_row.isascii():
            chunk.append((template % tuple(kept_row.split("\x00"))).rstrip())
        else:
            chunk.append(line(kept_row.split("\x00")))
        if len(chunk) >= 1000:
            write("\n".join(chunk) + "\n")
            chunk.clear()
    if chunk:
        write("\n".join(chunk) + "\n")


def table_streamed(headers: Sequence[str], rows: Iterable[Sequence[str]]) -> None:
    """What :func:`table` prints (no title, no styles), from rows read once.

    Each row is kept as one string until the columns' widths are known (as in
    :func:`plain_table_streamed`), then the rows are laid out and written a
    thousand at a time: the memory of one compact string a row, not of every
    row's cells and lines at once.
    """
    if not console.is_terminal():
        plain_table_streamed(headers, rows)
        return
    count = len(headers)
    natural = [layout.display_width(h) for h in headers]
    filled = [False] * count
    kept: list[str | Sequence[str]] = []
    wide: dict[str, int] = {}  # the widths of the cells beyond ASCII
    for row in rows:
        for i, cell in enumerate(row):
            if not cell:
                continue
            filled[i] = True
            if cell.isascii():
                w = len(cell)
            else:
                w = wide.get(cell, -1)
                if w < 0:
                    w = wide[cell] = layout.display_width(cell)
            if w > natural[i]:
                natural[i] = w
        packed = "\x00".join(row)
        kept.append(packed if packed.count("\x00") == len(row) - 1 else row)
    # A column empty in every row gives its room to the others.
    keep = [i for i in range(count) if filled[i]] or [0]
    every = len(keep) == count
    header = list(headers) if every else [headers[i] for i in keep]
    width = console.width()
    wanted = [natural[i] for i in keep]
    if sum(wanted) + layout.GAP * (len(keep) - 1) <= width:
        widths: list[int] | None = wanted  # every cell fits whole: words do not matter
    else:
        longest = _longest_words(headers, kept)
        widths = layout.fit_widths(wanted, [longest[i] for i in keep], width)

    def cells(kept_row: str | Sequence[str]) -> Sequence[str]:
        row = kept_row.split("\x00") if isinstance(kept_row, str) else kept_row
        return row if every else [row[i] for i in keep]

    write = sys.stdout.write
    chunk: list[str] = []
    if widths is not None:
        for line in layout.grid_row(header, widths, header=True, width=width):
            chunk.append(paint(line, "dim" if line.startswith("─") else "bold"))
    gap = " " * layout.GAP

    def one_line(row: Sequence[str], widths: list[int]) -> str | None:
        """The row's line when every cell fits whole (as :func:`layout.grid_row`
        gives it), else None. A cell beyond ASCII was measured above."""
        parts = []
        for cell, w in zip(row, widths, strict=True):
            if not cell:
                parts.append(" " * w)
                continue
            used = len(cell) if cell.isascii() else wide[cell]
            if (
                used <= w
                and cell.isprintable()
                and not cell[0].isspace()
                and not cell[-1].isspace()
            ):
                parts.append(cell + " " * (w - used))
            else:
                return None
        return gap.join(parts).rstrip()

    # A row whose cells are all printable with no space at either end, and
    # each at most its column's width, is its cells padded, as one_line gives
    # it: that is found from the row's one string, and only the columns made
    # narrower than their widest cell are measured cell by cell.
    narrowed: list[int] = []
    template = ""
    if widths is not None:
        narrowed = [k for k, i in enumerate(keep) if widths[k] < natural[i]]
        template = gap.join(f"%-{w}s" for w in widths)

    def padded(kept_row: str | Sequence[str]) -> str | None:
        if (
            not isinstance(kept_row, str)
            or kept_row[:1] == " "
            or kept_row[-1:] == " "
            or " \x00" in kept_row
            or "\x00 " in kept_row
        ):
            return None
        row = cells(kept_row)
        if not "".join(row).isprintable():
            return None
        assert widths is not None
        if kept_row.isascii():
            for k in narrowed:
                if len(row[k]) > widths[k]:
                    return None
            return (template % tuple(row)).rstrip()
        sized = [len(cell) if cell.isascii() else wide[cell] for cell in row]
        for k in narrowed:
            if sized[k] > widths[k]:
                return None
        return gap.join(
            [cell + " " * (w - n) for cell, w, n in zip(row, widths, sized, strict=True)]
        ).rstrip()

    for kept_row in kept:
        fast = None if widths is None else padded(kept_row)
        if fast is not None:
            chunk.append(fast)
            if len(chunk) >= 1000:
                write("".join(line + "\n" for line in chunk))
                chunk.clear()
            continue
        row = cells(kept_row)
        fast = None if widths is None else one_line(row, widths)
        if fast is not None:
            chunk.append(fast)
        elif widths is None:
            chunk.extend(layout.stacked_row(header, row, width))
        else:
            chunk.extend(layout.grid_row(row, widths, header=False, width=width))
        if len(chunk) >= 1000:
            write("".join(line + "\n" for line in chunk))
            chunk.clear()
    write("".join(line + "\n" for line in chunk))


def _longest_words(headers: Sequence[str], kept: Sequence[str | Sequence[str]]) -> list[int]:
    """Each column's longest word, headers included (what a table too wide
    for the terminal is fitted by), from the rows :func:`table_streamed` kept."""
    longest = [max((layout.display_width(w) for w in h.split()), default=0) for h in headers]
    words: dict[str, int] = {}  # cells beyond ASCII: their longest word, measured once
    for kept_row in kept:
        row = kept_row.split("\x00") if isinstance(kept_row, str) else kept_row
        for i, cell in enumerate(row):
            if not cell:
                continue
            if cell.isascii():
                w = len(cell)
                if w > longest[i]:  # a word is never wider than its cell
                    one_word = cell.isprintable() and " " not in cell
                    word = w if one_word else max(map(len, cell.split()), default=0)
                    if word > longest[i]:
                        longest[i] = word
                continue
            word = words.get(cell, -1)
            if word < 0:
                word = words[cell] = max(map(layout.display_width, cell.split()), default=0)
            if word > longest[i]:
                longest[i] = word
    return longest
