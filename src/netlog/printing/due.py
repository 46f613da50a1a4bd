"""``netlog due``: the morning list, most urgent first.

On a terminal each entry is fitted to the width (names in a column when
there is room); piped, a plain table a script can cut.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from netlog.printing import console, layout
from netlog.printing.console import paint, say
from netlog.printing.messages import no_contacts
from netlog.printing.tables import plain_table

if TYPE_CHECKING:
    from netlog.domain import DueItem
    from netlog.service import DueReport

DUE_LIMIT = 50


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
        say(
            f"Paused until {report.paused_until.isoformat()}: regular check-ins (core-update, "
            "keep-warm) wait; what you did lately still comes due. "
            "'netlog resume' ends the pause early."
        )
    items = report.items
    if not items:
        if report.total_contacts == 0:
            say(no_contacts(demo=False))
        elif filtered:
            say(f"Nothing matching these filters is due in the next {within} days.")
        elif report.hidden:
            say(f"Nothing else due in the next {within} days.")
        else:
            say(f"Nothing due in the next {within} days. Well kept.")
        _hidden_note(report)
        return
    total = report.total if report.total is not None else len(items)
    shown = items if limit <= 0 else items[:limit]
    overdue = report.overdue
    if overdue is None:
        overdue = sum(1 for i in items if i.days_overdue > 0)
    title = f"Due {today.isoformat()}: {overdue} overdue, {total - overdue} within {within}d"
    if console.is_terminal():
        say(title + " — most urgent first", "bold")
        sys.stdout.write("".join(line + "\n" for line in due_lines(shown, console.width())))
    else:
        say(title)
        rows = [[_when(i.days_overdue), i.contact, i.rule, i.reason, i.action] for i in shown]
        plain_table(["when", "contact", "rule", "why", "next action"], rows)
    if total > len(shown):
        say(f"… and {total - len(shown)} more (--limit 0 shows all, --json for scripts)")
    _hidden_note(report)


def _hidden_note(report: DueReport) -> None:
    if report.hidden:
        what = "item is" if report.hidden == 1 else "items are"
        say(
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
    between words only (:mod:`netlog.printing.layout`).
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
