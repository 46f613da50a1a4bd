"""Network health in numbers, and a year of activity week by week.

SQLite does the counting (``reports.stats_counts``): on a network of 100,000
contacts and a million touchpoints nothing is loaded row by row. Guides
(``shared/guides/``, by number): 000 and 002 say 5–10 strong relationships
beat 50 superficial ones; 000 and 003 warn against relationships that are
only asks; 004 expects one polite nudge when an email goes unanswered.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta

from netlog.dates import week_start
from netlog.storage import reports
from netlog.storage.db import Database
from netlog.vocabulary import ASK_KINDS, OUT, RELATIONSHIP_TYPES, TIERS

GIVE_KINDS: frozenset[str] = frozenset({"thanks", "update", "share"})
STRONG_WINDOW = 90  # days: both directions within this window make a relationship strong
STRONG_TARGET = (5, 10)  # guides 000 and 002
WEEKS = 53


def stats(db: Database, today: date) -> dict[str, object]:
    """Counts of the whole log as seen from ``today``.

    Keys: ``contacts``, ``active``, ``archived``, ``core``, ``touchpoints``,
    ``by_type`` and ``by_tier`` (active contacts), ``by_kind`` (touchpoints),
    ``reply_rate`` with ``emails_awaiting`` and ``emails_replied``, ``asks``
    and ``gives``, ``strong_relationships`` with ``strong_target``, and
    ``weeks`` (53 weekly touchpoint counts, oldest first, the last one this
    ISO week) with ``weeks_start`` (the Monday of the first).

    A touchpoint dated after ``today`` (a planned one) is left out of every
    count. An email counts as answered when the same contact wrote on or
    after the day it was sent; a relationship is strong when both sides wrote
    within the last 90 days (today and the 89 days before).
    """
    first = week_start(today) - timedelta(weeks=WEEKS - 1)
    with db.read() as conn:
        raw = reports.stats_counts(
            conn, today, strong_since=today - timedelta(days=STRONG_WINDOW - 1), weeks_from=first
        )
    by_type: dict[str, int] = dict.fromkeys(RELATIONSHIP_TYPES, 0)
    by_type.update(raw["types"])
    by_tier: dict[str, int] = dict.fromkeys((*TIERS, "unset"), 0)
    for tier, count in raw["tiers"].items():
        by_tier[tier or "unset"] = by_tier.get(tier or "unset", 0) + count
    kinds: Mapping[tuple[str, str], int] = raw["kinds"]
    by_kind: dict[str, int] = {}
    for (kind, _), count in kinds.items():
        by_kind[kind] = by_kind.get(kind, 0) + count
    awaiting, replied = raw["awaiting"], raw["replied"]
    return {
        "contacts": raw["contacts"],
        "active": raw["active"],
        "archived": raw["contacts"] - raw["active"],
        "core": raw["core"],
        "touchpoints": sum(by_kind.values()),
        "by_type": by_type,
        "by_tier": by_tier,
        "by_kind": dict(sorted(by_kind.items())),
        "emails_awaiting": awaiting,
        "emails_replied": replied,
        "reply_rate": round(replied / awaiting, 3) if awaiting else None,
        "asks": sum(n for (k, d), n in kinds.items() if d == OUT and k in ASK_KINDS),
        "gives": sum(n for (k, d), n in kinds.items() if d == OUT and k in GIVE_KINDS),
        "strong_relationships": raw["strong"],
        "strong_target": list(STRONG_TARGET),
        "weeks_start": first.isoformat(),
        "weeks": weekly_counts(raw["days"], today),
    }


def weekly_counts(days: Mapping[date, int], today: date, weeks: int = WEEKS) -> list[int]:
    """Touchpoints per ISO week, ``weeks`` of them, oldest first, ending this week.

    ``days`` maps a day to its number of touchpoints.
    """
    last = week_start(today)
    first = last - timedelta(weeks=weeks - 1)
    counts = [0] * weeks
    for day, n in days.items():
        monday = week_start(day)
        if first <= monday <= last and day <= today:
            counts[(monday - first).days // 7] += n
    return counts
