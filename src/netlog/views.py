"""Printing for ``week``, ``team``, ``draft``, ``prep`` and ``stats``.

Built on :mod:`netlog.render`: plain text when piped, Rich styling on a
terminal (``NO_COLOR`` respected). Rich is imported only where a Rich object
is needed, so piped output stays quick.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from netlog import render
from netlog.render import out

if TYPE_CHECKING:
    from rich.console import Console, RenderableType

    from netlog.prep import PrepReport
    from netlog.routine import TeamReport, WeekReport

NO_CONTACTS = 'No contacts yet — try: netlog add "Dr. Jane Doe" --at "AAOS 2026", or netlog demo'


def _styled(text: str, style: str | None = None) -> None:
    """One line of text, coloured on a terminal, plain otherwise."""
    out(text, style)


# --- week ------------------------------------------------------------------------


def week(report: WeekReport, *, has_contacts: bool) -> None:
    routine = report.label or f"{'resident' if report.routine == 'resident' else 'IMG'} routine"
    head = (
        f"Week of {report.week_start:%a} {report.week_start.isoformat()} – "
        f"{report.week_end:%a} {report.week_end.isoformat()} ({routine}): "
        f"{report.done_count} of {len(report.items)} done"
    )
    _styled(head, "bold")
    for item in report.items:
        mark = "[x]" if item.done else "[ ]"
        _styled(f"{mark} {item.cadence:<9}  {item.text}", "green" if item.done else "yellow")
        out(f"    {'':<9}  {item.detail}")
    if report.suggest:
        out(f"\nBest to write to now: {report.suggest}  (netlog draft {_quote(report.suggest)})")
    if not has_contacts:
        out("\n" + NO_CONTACTS)


def _quote(name: str) -> str:
    """A name as it would be typed on the command line (its first plain part)."""
    base = name.split(" (")[0]
    return f'"{base}"' if " " in base else base


# --- team ------------------------------------------------------------------------


def team(report: TeamReport, *, profile: str, has_contacts: bool) -> None:
    _styled(f"Mentorship team (profile: {profile})", "bold")
    if not has_contacts:
        out(NO_CONTACTS)
    if report.covered:
        out("Covered:")
        width = max(len(kind) for kind in report.covered)
        for kind, names in report.covered.items():
            out(f"  {kind:<{width}}  {', '.join(names)}")
    if report.missing:
        _styled("Missing: " + ", ".join(report.missing), "yellow")
        out(f"  give a mentor a kind with: netlog edit NAME --type mentor:{report.missing[0]}")
    elif report.covered:
        _styled("Missing: none — every kind your profile looks for is covered", "green")
    out(f"Sponsors: {', '.join(report.sponsors) if report.sponsors else 'none yet'}")
    out(f"Mentors: {len(report.mentors)} (aim for 2–3 strong ones)")
    out(f"Core contacts: {report.core_count} (the guides suggest 3–7)")
    if report.nudges:
        out("To work on:")
        for nudge in report.nudges:
            out(f"  - {nudge}")


# --- draft -----------------------------------------------------------------------


def draft_header(lines: Sequence[str]) -> None:
    """Why this draft: on stderr, so stdout carries only the message."""
    for line in lines:
        render.err(line)


# --- prep ------------------------------------------------------------------------


def prep(report: PrepReport, today: date) -> None:
    from netlog.dates import humanize

    _styled(f"Preparing for {report.event}: {len(report.targets)} target(s)", "bold")
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
        render.table(
            ["#", "name", "role / institution", "why", "last contact", "last discussed", "next"],
            rows,
        )
        if report.more:
            out(f"… and {report.more} more (--json lists the first 10 too)")
    else:
        out(f"No one in the log is linked to {report.event} yet.")
    source = "from your settings" if report.intro_from_settings else "a template to fill in"
    out(f"\nYour introduction ({source}; about {report.intro_seconds} s, aim for 20–30 s):")
    out(f"  {report.intro}")
    if report.notes:
        out("\nNotes:")
        for note in report.notes:
            out(f"  - {note}")


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
        lines.append(NO_CONTACTS)
    return lines, caption, first


def stats(data: dict[str, Any], *, svg: str | None = None) -> None:
    """Network health, then a year of touchpoints week by week."""
    lines, caption, first = _stats_parts(data)
    if render.is_terminal():
        console = render.console()
        _stats_to(console, lines, caption, data, first)
    else:
        for line in lines:
            out(line)
        out("")
        out(caption)
        for line in heatmap_lines(data["weeks"], first):
            out(line)
    if svg is not None:
        stats_svg(svg, data)


def _stats_to(
    console: Console, lines: list[str], caption: str, data: dict[str, Any], first: date
) -> None:
    from rich.text import Text

    console.print(Text("Network health", style="bold"))
    for line in lines:
        console.print(Text(line))
    console.print()
    console.print(Text(caption, style="dim"))
    console.print(heatmap(data["weeks"], first))


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
