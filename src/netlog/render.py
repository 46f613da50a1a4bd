"""Printing: Rich tables on a terminal, plain aligned text when piped, JSON on request.

This is the only module that imports Rich, and it does so only when the
output is a terminal (Rich costs ~50 ms to import). ``NO_COLOR`` is respected.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from netlog.dates import humanize

if TYPE_CHECKING:
    from rich.console import Console

    from netlog.service import ContactView, DueReport

DUE_LIMIT = 50


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


def out(text: str = "") -> None:
    sys.stdout.write(text + "\n")


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


def display_width(text: str) -> int:
    """Columns a string takes in a terminal: wide CJK counts 2, combining marks 0."""
    import unicodedata

    width = 0
    for ch in text:
        if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
            continue
        width += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return width


def _pad(text: str, width: int) -> str:
    return text + " " * (width - display_width(text))


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
    """A table: Rich on a terminal, plain columns otherwise."""
    if not is_terminal():
        _plain_table(headers, rows)
        return
    from rich import box
    from rich.table import Table
    from rich.text import Text

    grid = Table(
        title=title,
        title_justify="left",
        header_style="bold",
        box=box.SIMPLE_HEAD,
        show_lines=False,
    )
    for header in headers:
        grid.add_column(header, overflow="fold")
    for index, row in enumerate(rows):
        style = styles[index] if styles else None
        # Text(), not str: a name like "Dr [/x]" is the user's text, never Rich markup.
        grid.add_row(*(Text(cell) for cell in row), style=style)
    console().print(grid)


def _when(days_overdue: int) -> str:
    if days_overdue > 0:
        return f"{days_overdue}d overdue"
    if days_overdue == 0:
        return "today"
    return f"in {-days_overdue}d"


def due_report(report: DueReport, today: date, *, within: int, limit: int = DUE_LIMIT) -> None:
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
        else:
            out(f"Nothing due in the next {within} days. Well kept.")
        return
    total = report.total if report.total is not None else len(items)
    shown = items if limit <= 0 else items[:limit]
    rows = [[_when(i.days_overdue), i.contact, i.rule, i.reason, i.action] for i in shown]
    styles = [
        "red" if i.days_overdue > 0 else ("yellow" if i.days_overdue == 0 else None) for i in shown
    ]
    overdue = report.overdue
    if overdue is None:
        overdue = sum(1 for i in items if i.days_overdue > 0)
    title = f"Due {today.isoformat()}: {overdue} overdue, {total - overdue} within {within}d"
    if not is_terminal():
        out(title)
    table(["when", "contact", "rule", "why", "next action"], rows, title=title, styles=styles)
    if total > len(shown):
        out(f"… and {total - len(shown)} more (--limit 0 shows all, --json for scripts)")


def contact_list(rows: list[dict[str, Any]], today: date, *, filtered: bool = False) -> None:
    if not rows and filtered:
        out("No contacts match these filters. 'netlog list' shows everyone.")
        return
    if not rows:
        out('No contacts yet — try: netlog add "Dr. Jane Doe" --at "AAOS 2026", or netlog demo')
        return
    body = []
    for r in rows:
        last = r["last_contact"]
        nxt = r["next_due"]
        body.append(
            [
                str(r["id"]),
                ("★ " if r["core"] else "") + r["name"] + (" (archived)" if r["archived"] else ""),
                r["institution"] or "",
                ", ".join(r["types"]),
                humanize(date.fromisoformat(last), today) if last else "never",
                nxt or "",
            ]
        )
    table(["id", "name", "institution", "types", "last contact", "next due"], body)


def contact_view(view: ContactView, today: date) -> None:
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
    out("\n".join(lines))
    for w in view.warnings:
        out(f"  ! {w['message']}")
    if view.pending:
        out("\nOwed:")
        for p in view.pending:
            out(f"  {p.due.isoformat()}  {p.rule}: {p.reason} → {p.action}")
    if view.letters:
        out("\nLetters:")
        for letter in view.letters:
            deadline = f", due {letter.deadline.isoformat()}" if letter.deadline else ""
            out(f"  {letter.program}: {letter.status}{deadline}")
    if view.activities:
        out("\nTo discuss:")
        for act in view.activities:
            out(f"  {act.date.isoformat()}  {act.text}")
    out("\nTimeline:" if view.touchpoints else "\nNo touchpoints yet — record one with: netlog log")
    for t in view.touchpoints:
        arrow = "←" if t.direction == "in" else "→"
        parts = [f"  {t.date.isoformat()} {arrow} {t.kind} ({t.channel})"]
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
        out(" ".join(parts))
