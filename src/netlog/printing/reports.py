"""Reports on the log: ``week``, ``team``, ``draft``, ``prep``, ``stats`` and ``letters``.

Plain text when piped, styled on a terminal (``NO_COLOR`` respected). Rich
is imported only for the stats picture on a terminal or in an SVG file, so
piped output stays quick.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from netlog.printing import console
from netlog.printing.console import err, say
from netlog.printing.messages import no_contacts
from netlog.printing.tables import table

if TYPE_CHECKING:
    from rich.console import Console, RenderableType

    from netlog.domain import Letter
    from netlog.prep import PrepReport
    from netlog.routine import TeamReport, WeekReport


# --- week ------------------------------------------------------------------------


def week(report: WeekReport, *, has_contacts: bool) -> None:
    routine = report.label or f"{'resident' if report.routine == 'resident' else 'IMG'} routine"
    head = (
        f"Week of {report.week_start:%a} {report.week_start.isoformat()} – "
        f"{report.week_end:%a} {report.week_end.isoformat()} ({routine}): "
        f"{report.done_count} of {len(report.items)} done"
    )
    say(head, "bold")
    for item in report.items:
        mark = "[x]" if item.done else "[ ]"
        say(f"{mark} {item.cadence:<9}  {item.text}", "green" if item.done else "yellow")
        say(f"    {'':<9}  {item.detail}")
    if report.suggest:
        say(f"\nBest to write to now: {report.suggest}  (netlog draft {_quote(report.suggest)})")
    if not has_contacts:
        say("\n" + no_contacts())


def _quote(name: str) -> str:
    """A name as it would be typed on the command line (its first plain part)."""
    base = name.split(" (")[0]
    return f'"{base}"' if " " in base else base


# --- team ------------------------------------------------------------------------


def team(report: TeamReport, *, profile: str, has_contacts: bool) -> None:
    say(f"Mentorship team (profile: {profile})", "bold")
    if not has_contacts:
        say(no_contacts())
    if report.covered:
        say("Covered:")
        width = max(len(kind) for kind in report.covered)
        for kind, names in report.covered.items():
            say(f"  {kind:<{width}}  {', '.join(names)}")
    if report.missing:
        say("Missing: " + ", ".join(report.missing), "yellow")
        say(f"  give a mentor a kind with: netlog edit NAME --type mentor:{report.missing[0]}")
    elif report.covered:
        say("Missing: none — every kind your profile looks for is covered", "green")
    say(f"Sponsors: {', '.join(report.sponsors) if report.sponsors else 'none yet'}")
    say(f"Mentors: {len(report.mentors)} (aim for 2–3 strong ones)")
    say(f"Core contacts: {report.core_count} (the guides suggest 3–7)")
    if report.nudges:
        say("To work on:")
        for nudge in report.nudges:
            say(f"  - {nudge}")


# --- draft -----------------------------------------------------------------------


def draft_header(lines: Sequence[str]) -> None:
    """Why this draft: on stderr, so stdout carries only the message."""
    for line in lines:
        err(line)


# --- prep ------------------------------------------------------------------------


def prep(report: PrepReport, today: date, *, has_contacts: bool) -> None:
    from netlog.dates import humanize

    say(f"Preparing for {report.event}: {len(report.targets)} target(s)", "bold")
    if report.targets:
        rows = []
        for n, t in enumerate(report.targets, start=1):
            who = ("★ " if t.core else "") + t.name
            where = ", ".join(x for x in (t.role, t.institution) if x)
            last = humanize(t.last_contact, today) if t.last_contact else "never"
            talked = t.discussed or ""
            step = t.next_step or ""
            if t.next_due:
                step = f"{step} (by {t.next_due.isoformat()})".strip()
            rows.append([str(n), who, where, "; ".join(t.why), last, talked, step])
        table(
            ["#", "name", "role / institution", "why", "last contact", "last discussed", "next"],
            rows,
        )
        if report.more:
            say(f"… and {report.more} more (--json lists the first 10 too)")
    else:
        say(f"No one in the log is linked to {report.event} yet.")
    source = "from your settings" if report.intro_from_settings else "a template to fill in"
    say(f"\nYour introduction ({source}; about {report.intro_seconds} s, aim for 20–30 s):")
    say(f"  {report.intro}")
    if report.notes:
        say("\nNotes:")
        for note in report.notes:
            say(f"  - {note}")
    if not has_contacts:
        say("\n" + no_contacts())


# --- stats -----------------------------------------------------------------------

SHADES = " ░▒▓█"
COLOURS = ("grey23", "green4", "green3", "green1", "bright_green")


def shade(count: int, top: int) -> int:
    """0 for no touchpoints, else 1–4 by the share of the busiest week."""
    if count <= 0 or top <= 0:
        return 0
    return min(4, 1 + (count * 4 - 1) // top)


def heatmap_lines(weeks: Sequence[int], first: date) -> list[str]:
    """The year as text: a line of month initials over a line of shaded blocks."""
    months = []
    last_month = None
    for i in range(len(weeks)):
        monday = first + timedelta(weeks=i)
        months.append(f"{monday:%b}"[0] if monday.month != last_month else " ")
        last_month = monday.month
    top = max(weeks, default=0)
    blocks = "".join(SHADES[shade(c, top)] if c else "·" for c in weeks)
    return ["".join(months), blocks]


def heatmap(weeks: Sequence[int], first: date) -> RenderableType:
    """The year as a Rich renderable: one coloured block per ISO week."""
    from rich.text import Text

    labels, _ = heatmap_lines(weeks, first)
    text = Text(labels + "\n", style="dim")
    top = max(weeks, default=0)
    for count in weeks:
        level = shade(count, top)
        # The same shading characters as the plain picture, so the legend
        # holds and NO_COLOR still shows the busy weeks; colour on top.
        text.append(SHADES[level] if count else "·", style=COLOURS[level])
    return text


def _stats_lines(data: dict[str, Any]) -> list[str]:
    def counts(mapping: dict[str, int]) -> str:
        return ", ".join(f"{k} {v}" for k, v in mapping.items() if v) or "none"

    rate = data["reply_rate"]
    reply = (
        f"{data['emails_replied']} of {data['emails_awaiting']} emails answered "
        f"({round(rate * 100)}%)"
        if rate is not None
        else "no emails marked --awaiting-reply yet"
    )
    low, high = data["strong_target"]
    strong = data["strong_relationships"]
    verdict = (
        "within"
        if low <= strong <= high
        else ("below" if strong < low else "above what one person can keep up; fine if it lasts")
    )
    asks, gives = data["asks"], data["gives"]
    if gives == asks == 0:
        balance = "nothing given or asked yet"
    elif gives == asks:
        balance = "as much giving as asking"
    else:
        balance = "giving more than asking" if gives > asks else "asking more than giving"
    return [
        f"Contacts: {data['active']} active"
        + (f", {data['archived']} archived" if data["archived"] else "")
        + f", {data['core']} core",
        f"  by type: {counts(data['by_type'])}",
        f"  by tier: {counts(data['by_tier'])}",
        f"Touchpoints: {data['touchpoints']}  ({counts(data['by_kind'])})",
        f"Replies: {reply}",
        f"Give and ask: {gives} gives, {asks} asks — {balance}",
        f"Strong relationships (both ways, last 90 days): {strong} — aim for {low}–{high}"
        + ("" if verdict == "within" else f" ({verdict})"),
    ]


def _stats_parts(data: dict[str, Any]) -> tuple[list[str], str, date]:
    first = date.fromisoformat(data["weeks_start"])
    lines = _stats_lines(data)
    caption = (
        f"Touchpoints per week since {first.isoformat()} (· none, ░▒▓█ more; "
        f"busiest week {max(data['weeks'], default=0)})"
    )
    if data["contacts"] == 0:
        lines.append("")
        lines.append(no_contacts())
    return lines, caption, first


def stats(data: dict[str, Any], *, svg: str | None = None) -> None:
    """Network health, then a year of touchpoints week by week."""
    lines, caption, first = _stats_parts(data)
    if console.is_terminal():
        _stats_to(console.rich_console(), lines, caption, data, first)
    else:
        for line in lines:
            say(line)
        say("")
        say(caption)
        for line in heatmap_lines(data["weeks"], first):
            say(line)
    if svg is not None:
        stats_svg(svg, data)


def _stats_to(
    rich: Console, lines: list[str], caption: str, data: dict[str, Any], first: date
) -> None:
    from rich.text import Text

    rich.print(Text("Network health", style="bold"))
    for line in lines:
        rich.print(Text(line))
    rich.print()
    rich.print(Text(caption, style="dim"))
    rich.print(heatmap(data["weeks"], first))


def stats_svg(path: str, data: dict[str, Any]) -> None:
    """The stats picture as an SVG file, 0600, written like every output.

    A symbolic link at ``path`` is replaced, not written through.
    """
    import io
    from pathlib import Path

    from rich.console import Console

    from netlog.files import private_file

    lines, caption, first = _stats_parts(data)
    recorder = Console(record=True, file=io.StringIO(), width=80, force_terminal=True)
    _stats_to(recorder, lines, caption, data, first)
    svg = recorder.export_svg(title="netlog stats")
    with private_file(Path(path).expanduser(), make_folder=True) as handle:
        handle.write(svg.encode("utf-8"))


# --- letters ---------------------------------------------------------------------


def letters(rows: Sequence[tuple[Letter, str, str]]) -> None:
    """Letters of recommendation and where each stands: (letter, writer, what comes next)."""
    if not rows:
        say('No letters yet — record an ask with: netlog letters ask "NAME" --for "PROGRAM"')
        return
    table(
        ["id", "writer", "for", "status", "asked", "deadline", "next"],
        [
            [
                str(x.id),
                name,
                x.program,
                x.status,
                x.asked_on.isoformat() if x.asked_on else "",
                x.deadline.isoformat() if x.deadline else "",
                step,
            ]
            for x, name, step in rows
        ],
    )
