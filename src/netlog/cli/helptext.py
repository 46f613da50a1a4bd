"""How help reads: epilogs with examples kept as written, and the date notes.

Help text is Rich markup on a terminal: keep square brackets out of it.
"""

from __future__ import annotations

PAST_DATES = (
    "DATE is 2026-11-03, today, yesterday, 3d ago, 2w ago, last week, Nov 3, or a weekday "
    "(the last one). Nov 3 is the last Nov 3, but a day up to 30 days ahead is refused as a slip."
)
FUTURE_DATES = (
    "DATE is 2026-11-03, tomorrow, in 5d, in 2w, next week, Nov 3 (the next one), or a "
    "weekday (the next one)."
)


def verbatim(*lines: str) -> str:
    """An epilog paragraph printed with its lines as written.

    Click rewraps paragraphs (mid-quote, mid-word) unless one opens with a lone
    ``\\b`` line. Rich keeps lines as written and would show that marker as an
    empty line, so Rich help drops it (see :mod:`netlog.cli.typer_shims`).
    """
    return "\n".join(["\b", *lines])


def examples(*commands: str, note: str | None = None) -> str:
    """A command's epilog: an optional note, then its examples exactly as written.

    A long example continues on the next line with a shell backslash.
    """
    lines = [f"  {line}" for command in commands for line in command.splitlines()]
    block = verbatim("Examples:" if len(commands) > 1 else "Example:", *lines)
    return f"{note}\n\n{block}" if note else block
