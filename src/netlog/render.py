"""Printing: Rich tables on a terminal, plain aligned text when piped, JSON on request.

This is the only module that imports Rich, and it does so only when the
output is a terminal (Rich costs ~50 ms to import). ``NO_COLOR`` is respected.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from netlog import layout
from netlog.dates import humanize

if TYPE_CHECKING:
    from rich.console import Console

    from netlog.domain import DueItem
    from netlog.service import ContactView, DueReport

DUE_LIMIT = 50
WIDE = 120  # a terminal this wide has room for every column


def is_terminal() -> bool:
    return sys.stdout.isatty()


def use_colour() -> bool:
    return is_terminal() and not os.environ.get("NO_COLOR")


_CONSOLE: Console | None = None


def console() -> Console:
    global _CONSOLE
    if _CONSOLE is None:
        from rich.console import Console

        _CONSOLE = Console(highlight=False, no_color=not use_colour() or None)
    return _CONSOLE


PROGRESS_THRESHOLD = 500


@contextlib.contextmanager
def progress(total: int, label: str) -> Iterator[Callable[[int], None]]:
    """A progress bar on stderr for long jobs (more than 500 items).

    Shown only when both stdout and stderr are a terminal, so piped output
    and scripts never see it; it disappears when the job is done.
    """
    if total <= PROGRESS_THRESHOLD or not (sys.stdout.isatty() and sys.stderr.isatty()):
        yield lambda n: None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    bar = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        console=Console(stderr=True, no_color=not use_colour() or None),
        transient=True,
    )
    with bar:
        task = bar.add_task(label, total=total)
        yield lambda n: bar.advance(task, n)


_ANSI = {
    "bold": "1",
    "dim": "2",
    "red": "31",
    "green": "32",
    "yellow": "33",
    "cyan": "36",
    "reverse": "7",
}


def width() -> int:
    """The terminal's width in columns (``COLUMNS`` wins, as everywhere)."""
    import shutil

    return max(shutil.get_terminal_size((80, 24)).columns, 20)


def paint(text: str, style: str | None) -> str:
    """``text`` in ``style`` (words from :data:`_ANSI`) when colour is on."""
    if not style or not text or not use_colour():
        return text
    codes = ";".join(_ANSI[word] for word in style.split() if word in _ANSI)
    return f"\x1b[{codes}m{text}\x1b[0m" if codes else text


def out(text: str = "", style: str | None = None, *, mark: str | None = None) -> None:
    """Print ``text``: on a terminal fitted to its width (broken between words,
    continuations hanging under their line) and styled, with what matches
    ``mark`` highlighted; piped, exactly as given."""
    if not is_terminal():
        sys.stdout.write(text + "\n")
        return
    from netlog.layout import wrap_line

    columns = width()
    lines = [part for line in text.split("\n") for part in wrap_line(line, columns)]
    sys.stdout.write("\n".join(_marked(line, style, mark) for line in lines) + "\n")


def _marked(line: str, style: str | None, mark: str | None) -> str:
    if not mark:
        return paint(line, style)
    from netlog.layout import match_spans

    parts, at = [], 0
    for start, end in match_spans(line, mark):
        parts += [paint(line[at:start], style), paint(line[start:end], "bold reverse")]
        at = end
    parts.append(paint(line[at:], style))
    return "".join(parts)


def err(text: str) -> None:
    sys.stderr.write(text + "\n")


def print_json(data: Any) -> None:
    """JSON on stdout: an array one record per line, anything else indented.

    ``indent=`` makes the json module fall back to its pure-Python encoder
    (~200 ms for 10,000 due items); records encoded one by one by the C
    encoder take ~20 ms and still read well and ``grep`` well.
    """
    if isinstance(data, list) and data:
        encode = json.JSONEncoder(ensure_ascii=False).encode
        sys.stdout.write("[\n  " + ",\n  ".join(map(encode, data)) + "\n]\n")
        return
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def print_json_rows(rows: Iterable[Any]) -> None:
    """A JSON array written as its records are read, byte for byte what
    :func:`print_json` writes for the same list, without holding it whole."""
    encode = json.JSONEncoder(ensure_ascii=False).encode
    it = iter(rows)
    first = next(it, _NOTHING)
    if first is _NOTHING:
        sys.stdout.write("[]\n")
        return
    write = sys.stdout.write
    chunk = ["[\n  " + encode(first)]
    for row in it:
        chunk.append(",\n  " + encode(row))
        if len(chunk) >= 500:
            write("".join(chunk))
            chunk.clear()
    chunk.append("\n]\n")
    write("".join(chunk))


_NOTHING = object()


display_width = layout.display_width
_pad = layout.pad


def _plain_table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    """Columns separated by two spaces; the last column is not padded."""
    widths = [len(h) for h in headers]
    for row in rows:
        for i, cell in enumerate(row[:-1]):
            widths[i] = max(widths[i], display_width(cell))
    lines = []
    for row in [list(headers), *rows]:
        cells = [_pad(cell, widths[i]) for i, cell in enumerate(row[:-1])]
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
    if not is_terminal():
        _plain_table(headers, rows)
        return
    if title:
        out(title, "bold")
    # A column empty in every row gives its room to the others.
    keep = [i for i in range(len(headers)) if any(row[i] for row in rows)] or [0]
    if len(keep) < len(headers):
        headers = [headers[i] for i in keep]
        rows = [[row[i] for i in keep] for row in rows]
    head, *blocks = layout.grid_blocks(headers, rows, width())
    lines = [paint(line, "dim" if line.startswith("─") else "bold") for line in head]
    for index, block in enumerate(blocks):
        style = styles[index] if styles else None
        lines.extend(paint(line, style) for line in block)
    sys.stdout.write("".join(line + "\n" for line in lines))


def _when(days_overdue: int) -> str:
    if days_overdue > 0:
        return f"{days_overdue}d overdue"
    if days_overdue == 0:
        return "today"
    return f"in {-days_overdue}d"


def due_report(
    report: DueReport, today: date, *, within: int, limit: int = DUE_LIMIT, filtered: bool = False
) -> None:
    if report.paused_until is not None:
        out(
            f"Paused until {report.paused_until.isoformat()}: regular check-ins (core-update, "
            "keep-warm) wait; what you did lately still comes due. "
            "'netlog resume' ends the pause early."
        )
    items = report.items
    if not items:
        if report.total_contacts == 0:
            out('No contacts yet — try: netlog add "Dr. Jane Doe" --at "AAOS 2026"')
        elif filtered:
            out(f"Nothing matching these filters is due in the next {within} days.")
        elif report.hidden:
            out(f"Nothing else due in the next {within} days.")
        else:
            out(f"Nothing due in the next {within} days. Well kept.")
        _hidden_note(report)
        return
    total = report.total if report.total is not None else len(items)
    shown = items if limit <= 0 else items[:limit]
    overdue = report.overdue
    if overdue is None:
        overdue = sum(1 for i in items if i.days_overdue > 0)
    title = f"Due {today.isoformat()}: {overdue} overdue, {total - overdue} within {within}d"
    if is_terminal():
        out(title + " — most urgent first", "bold")
        sys.stdout.write("".join(line + "\n" for line in due_lines(shown, width())))
    else:
        out(title)
        rows = [[_when(i.days_overdue), i.contact, i.rule, i.reason, i.action] for i in shown]
        _plain_table(["when", "contact", "rule", "why", "next action"], rows)
    if total > len(shown):
        out(f"… and {total - len(shown)} more (--limit 0 shows all, --json for scripts)")
    _hidden_note(report)


def _hidden_note(report: DueReport) -> None:
    if report.hidden:
        what = "item is" if report.hidden == 1 else "items are"
        out(
            f"{report.hidden} {what} hidden while snoozed; 'netlog show NAME' lists them.",
            "dim",
        )


# From this width on, the names line up in a column when it takes at most this
# share of the line; narrower, the action follows the name (fewer lines).
_ALIGNED_FROM = 100
_ALIGNED_SHARE = 0.45


def due_lines(items: Sequence[DueItem], columns: int) -> list[str]:
    """The terminal's morning list, fitted to ``columns``.

    One entry per item: when, who and what to do on its first line(s), the
    rule and the reason below it, dimmed. Wide enough, the names line up in
    a column; at 80 columns the action follows the name. Lines break
    between words only (:mod:`netlog.layout`).
    """
    if not items:
        return []
    whens = [_when(i.days_overdue) for i in items]
    when_w = max(layout.display_width(w) for w in whens)
    name_w = max(layout.display_width(i.contact) for i in items)
    hang = " " * (when_w + 2)
    later = False
    aligned = columns >= _ALIGNED_FROM and when_w + 2 + name_w + 2 <= columns * _ALIGNED_SHARE
    lines: list[str] = []
    for item, when in zip(items, whens, strict=True):
        if lines and item.days_overdue < 0 <= items[0].days_overdue and not later:
            lines.append("")  # what is due now, then what is coming
        later = item.days_overdue < 0
        colour = "red" if item.days_overdue > 0 else ("yellow" if item.days_overdue == 0 else None)
        lead = paint(when, colour) + " " * (when_w + 2 - layout.display_width(when))
        if aligned:
            under = hang + " " * (name_w + 2)
            name = layout.pad(item.contact, name_w)
            body = layout.wrap(item.action, columns, first=hang + name + "  ", rest=under)
            body[0] = lead + paint(name, "bold") + body[0][len(hang) + len(name) :]
        else:
            under = hang
            body = layout.wrap(f"{item.contact} — {item.action}", columns, first=hang)
            body[0] = lead + _bold_prefix(body[0][len(hang) :], item.contact)
        lines.extend(body)
        why = layout.wrap(f"{item.rule} · {item.reason}", columns, first=under)
        lines.extend(paint(line, "dim") for line in why)
    return lines


def _bold_prefix(line: str, name: str) -> str:
    """The name at the start of ``line`` in bold (as much of it as is there)."""
    if line.startswith(name):
        return paint(name, "bold") + line[len(name) :]
    return paint(line, "bold")


def contact_list(rows: Iterable[dict[str, Any]], today: date, *, filtered: bool = False) -> None:
    """The contacts as a table. Piped, the rows are read once and kept as
    one compact line each until the column widths are known."""
    it = iter(rows)
    first = next(it, None)
    if first is None and filtered:
        out("No contacts match these filters. 'netlog list' shows everyone.")
        return
    if first is None:
        out('No contacts yet — try: netlog add "Dr. Jane Doe" --at "AAOS 2026", or netlog demo')
        return
    headers = ["id", "name", "institution", "types", "last contact", "next due"]
    if "matched" in first:
        headers.append("matched")
    ago: dict[str, str] = {}  # "3 days ago" for each day seen (days repeat)
    cells = (_list_cells(r, today, ago) for r in itertools.chain((first,), it))
    if not is_terminal():
        _plain_table_streamed(headers, cells)
        return
    body = list(cells)
    if width() < WIDE:
        # At 80 columns the types give way (show and --json have them).
        headers.remove("types")
        body = [row[:3] + row[4:] for row in body]
    table(headers, body)


def _list_cells(r: dict[str, Any], today: date, ago: dict[str, str]) -> list[str]:
    last = r["last_contact"]
    nxt = r["next_due"]
    if not last:
        when = "never"
    else:
        when = ago.get(last) or ago.setdefault(last, humanize(date.fromisoformat(last), today))
    return [
        str(r["id"]),
        ("★ " if r["core"] else "") + r["name"] + (" (archived)" if r["archived"] else ""),
        r["institution"] or "",
        ", ".join(r["types"]),
        when,
        nxt or "",
        *([", ".join(r["matched"])] if "matched" in r else []),
    ]


def _plain_table_streamed(headers: Sequence[str], rows: Iterable[Sequence[str]]) -> None:
    """What :func:`_plain_table` prints, from rows read once: each row is kept
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
                    w = wide[cell] = display_width(cell)
            if w > widths[i]:
                widths[i] = w
        packed = "\x00".join(row)
        kept.append(packed if packed.count("\x00") == len(row) - 1 else row)
    last = len(headers) - 1

    def line(row: Sequence[str]) -> str:
        # What _pad does, inlined: every cell is at most its column's width.
        # (Headers are ASCII; every other cell beyond ASCII is in ``wide``.)
        cells = [
            cell + " " * (widths[i] - (len(cell) if cell.isascii() else wide[cell]))
            for i, cell in enumerate(row[:last])
        ]
        return "  ".join([*cells, row[last]]).rstrip()

    write = sys.stdout.write
    chunk = [line(headers)]
    for kept_row in kept:
        chunk.append(line(kept_row.split("\x00") if isinstance(kept_row, str) else kept_row))
        if len(chunk) >= 1000:
            write("\n".join(chunk) + "\n")
            chunk.clear()
    if chunk:
        write("\n".join(chunk) + "\n")


def contact_view(view: ContactView, today: date, *, search: str | None = None) -> None:
    c = view.contact
    lines = [
        f"{c.name}  (#{c.id}){'  ★ core' if c.core else ''}{'  [archived]' if c.archived else ''}"
    ]
    details = [
        ("role", c.role),
        ("institution", c.institution),
        ("specialty", c.specialty),
        ("email", c.email),
        ("phone", c.phone),
        ("linkedin", c.linkedin),
        ("x", c.x),
        ("how met", c.how_met),
        (
            "types",
            ", ".join(
                [
                    *(f"mentor:{k}" for k in c.mentor_kinds),
                    *(t for t in c.types if t != "mentor" or not c.mentor_kinds),
                ]
            ),
        ),
        ("tier", c.tier),
        ("tags", ", ".join(c.tags)),
        ("every", f"{c.cadence_days} days" if c.cadence_days else None),
        ("snoozed until", c.snoozed_until.isoformat() if c.snoozed_until else None),
        ("notes", c.notes),
    ]
    for label, value in details:
        if value:
            lines.append(f"  {label + ':':<15}{value}")
    if c.archived:
        lines.append(f"  Archived: never due. 'netlog archive {c.id} --undo' brings them back.")
    for w in view.warnings:
        lines.append(f"  ! {w['message']}")
    if view.pending:
        lines.append("\nOwed:")
        for p in view.pending:
            lines.append(f"  {p.due.isoformat()}  {p.rule}: {p.reason} → {p.action}")
    if view.skips:
        lines.append("\nSkipped:")
        for skip in view.skips:
            lines.append(f"  {skip.due.isoformat()}  {skip.rule}: {skip.reason}")
    if view.letters:
        lines.append("\nLetters:")
        for letter in view.letters:
            deadline = f", due {letter.deadline.isoformat()}" if letter.deadline else ""
            lines.append(f"  {letter.program}: {letter.status}{deadline}")
    if view.activities:
        lines.append("\nTo discuss:")
        for act in view.activities:
            lines.append(f"  {act.date.isoformat()}  {act.text}")
    lines.append(
        f"\nTimeline ('netlog fix {c.id} N' corrects touchpoint #N):"
        if view.touchpoints
        else "\nNo touchpoints yet — record one with: netlog log"
    )
    width = max((len(str(t.id)) for t in view.touchpoints), default=0) + 1
    for t in view.touchpoints:
        arrow = "←" if t.direction == "in" else "→"
        number = f"#{t.id}".rjust(width)
        parts = [f"  {number} {t.date.isoformat()} {arrow} {t.kind} ({t.channel})"]
        if t.event:
            parts.append(f"at {t.event}")
        if t.note:
            parts.append(f"— {t.note}")
        if t.next_step:
            due = f" by {t.follow_up.isoformat()}" if t.follow_up else ""
            done = f", done {t.done.isoformat()}" if t.done else ""
            parts.append(f"[next: {t.next_step}{due}{done}]")
        elif t.follow_up:
            parts.append(f"[follow up {t.follow_up.isoformat()}]")
        if t.awaiting_reply:
            parts.append("(awaiting reply)")
        lines.append(" ".join(parts))
    if search:
        from netlog.layout import match_spans

        hits = sum(1 for line in lines[1:] if match_spans(line, search))
        said = (
            f"{hits} line(s) below match '{search}'"
            + (" (highlighted)" if use_colour() and hits else "")
            if hits
            else f"nothing below matches '{search}'"
        )
        lines.insert(1, f"  search:        {said}")
    for n, line in enumerate(lines):
        out(line, "bold" if n == 0 else None, mark=search if n != 1 else None)
