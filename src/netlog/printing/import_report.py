"""What an import did (or, with --dry-run, would do), in a few lines."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from netlog.importing import ImportReport

SHOWN = 8  # names listed before "… and N more"


def _people(n: int) -> str:
    return f"{n} {'person' if n == 1 else 'people'}"


def _names(items: list[str]) -> str:
    more = f" and {len(items) - SHOWN} more" if len(items) > SHOWN else ""
    return ", ".join(items[:SHOWN]) + more


_DROPPED = {
    "email": ("email was not an address", "emails were not addresses"),
    "date": ("date was in a form netlog cannot read", "dates were in forms netlog cannot read"),
    "photo": ("photo could not be decoded", "photos could not be decoded"),
}


def dropped_lines(dropped: dict[str, int]) -> list[str]:
    """ "2 emails were not addresses and were left out": fields left out of rows that
    still came in."""
    out = []
    for kind, n in sorted(dropped.items()):
        one, many = _DROPPED.get(kind, (f"{kind} could not be used", f"{kind}s could not be used"))
        out.append(f"{n} {one if n == 1 else many} and {'was' if n == 1 else 'were'} left out.")
    return out


def report_lines(r: ImportReport, filename: str) -> list[str]:
    """What an import did (or would do), in a few lines."""
    skipped = ""
    if r.skipped:
        why = " (closed accounts)" if r.fmt == "linkedin" else ""
        skipped = f"; skipped {r.skipped} row{'s' if r.skipped != 1 else ''} without a name{why}"
    counts = f"{r.added} added, {r.updated} updated, {r.unchanged} unchanged{skipped}"
    lines: list[str] = []
    if r.guessed:
        from netlog.interop.detect import FORMAT_NAMES

        inside = f" ({r.member} inside)" if r.member else ""
        lines.append(
            f"Read {filename}{inside} as {FORMAT_NAMES.get(r.fmt, r.fmt)}, guessed from its "
            f"content (--format {r.fmt}); another format: --format NAME."
        )
    elif r.member:
        lines.append(f"Read {r.member} inside {filename}.")
    if r.dry_run:
        lines += [
            f"Dry run of {filename} ({r.fmt}): would add {r.added}, update {r.updated}, "
            f"leave {r.unchanged} unchanged{skipped.replace('; skipped', '; skip')}.",
            "Nothing was written.",
        ]
    else:
        lines.append(f"Imported {filename} ({r.fmt}): {counts}.")
    lines.extend(dropped_lines(r.dropped))
    changed = [m for m in r.matches if m.changed]
    if changed:
        verb = "Would update" if r.dry_run else "Updated"
        lines.append(
            f"{verb}: " + _names([f"{m.name} (#{m.id}, matched by {m.by})" for m in changed])
        )
    if r.repeats:
        lines.append(
            f"Merged {len(r.repeats)} repeated row{'s' if len(r.repeats) != 1 else ''}: "
            + _names([f"line {line} into line {first} ({name})" for line, first, name in r.repeats])
        )
    if r.ignored_columns:
        lines.append(f"Ignored columns netlog does not keep: {', '.join(r.ignored_columns)}")
    if r.fmt == "linkedin" and r.added and not r.dry_run:
        lines.append(
            f"{_people(r.added)} from LinkedIn start their keep-warm clock today; "
            "nothing is due at once. 'netlog edit NAME --type …' marks your mentors."
        )
    return lines
