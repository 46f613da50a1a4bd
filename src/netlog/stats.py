"""Network health in numbers, and a year of activity week by week.

Pure: the caller passes the records and ``today``. Guides (``shared/guides/``,
by number): 000 and 002 say 5–10 strong relationships beat 50 superficial
ones; 000 and 003 warn against relationships that are only asks; 004 expects
one polite nudge when an email goes unanswered.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import date, timedelta

from netlog.dates import week_start
from netlog.domain import ASK_KINDS, IN, OUT, RELATIONSHIP_TYPES, TIERS, Contact, Touchpoint

GIVE_KINDS: frozenset[str] = frozenset({"thanks", "update", "share"})
STRONG_WINDOW = 90  # days: both directions within this window make a relationship strong
STRONG_TARGET = (5, 10)  # guides 000 and 002
WEEKS = 53


def stats(
    contacts: Sequence[Contact], touchpoints: Sequence[Touchpoint], today: date
) -> dict[str, object]:
    """Counts of the whole log as seen from ``today``.

    Keys: ``contacts``, ``active``, ``archived``, ``core``, ``touchpoints``,
    ``by_type`` and ``by_tier`` (active contacts), ``by_kind`` (touchpoints),
    ``reply_rate`` with ``emails_awaiting`` and ``emails_replied``, ``asks``
    and ``gives``, ``strong_relationships`` with ``strong_target``, and
    ``weeks`` (53 weekly touchpoint counts, oldest first, the last one this
    ISO week) with ``weeks_start`` (the Monday of the first).

    A touchpoint dated after ``today`` (a planned one) is left out of every
    count.
    """
    active = [c for c in contacts if not c.archived]
    active_ids = {c.id for c in active}
    tps = sorted((t for t in touchpoints if t.date <= today), key=lambda t: (t.date, t.id))

    by_type: dict[str, int] = dict.fromkeys(RELATIONSHIP_TYPES, 0)
    for c in active:
        kinds = set(c.types) | ({"mentor"} if c.mentor_kinds else set())
        for kind in kinds:
            by_type[kind] = by_type.get(kind, 0) + 1
    by_tier: dict[str, int] = dict.fromkeys((*TIERS, "unset"), 0)
    for c in active:
        tier = c.tier or "unset"
        by_tier[tier] = by_tier.get(tier, 0) + 1

    awaiting, replied = _replies(tps)
    outgoing = [t for t in tps if t.direction == OUT]
    strong = _strong(tps, active_ids, today)

    return {
        "contacts": len(contacts),
        "active": len(active),
        "archived": len(contacts) - len(active),
        "core": sum(1 for c in active if c.core),
        "touchpoints": len(tps),
        "by_type": by_type,
        "by_tier": by_tier,
        "by_kind": dict(sorted(Counter(t.kind for t in tps).items())),
        "emails_awaiting": awaiting,
        "emails_replied": replied,
        "reply_rate": round(replied / awaiting, 3) if awaiting else None,
        "asks": sum(1 for t in outgoing if t.kind in ASK_KINDS),
        "gives": sum(1 for t in outgoing if t.kind in GIVE_KINDS),
        "strong_relationships": strong,
        "strong_target": list(STRONG_TARGET),
        "weeks_start": (week_start(today) - timedelta(weeks=WEEKS - 1)).isoformat(),
        "weeks": weekly_counts(tps, today),
    }


def _replies(tps: Sequence[Touchpoint]) -> tuple[int, int]:
    """Outgoing emails marked awaiting-reply, and how many an incoming touchpoint
    from the same contact answered (on or after the day it was sent)."""
    first_in: dict[int, list[date]] = {}
    for t in tps:
        if t.direction == IN:
            first_in.setdefault(t.contact_id, []).append(t.date)
    awaiting = replied = 0
    for t in tps:
        if t.direction == OUT and t.channel == "email" and t.awaiting_reply:
            awaiting += 1
            if any(day >= t.date for day in first_in.get(t.contact_id, ())):
                replied += 1
    return awaiting, replied


def _strong(tps: Sequence[Touchpoint], active: set[int], today: date) -> int:
    """Active contacts with both an outgoing and an incoming touchpoint in the
    last 90 days (today and the 89 days before)."""
    since = today - timedelta(days=STRONG_WINDOW - 1)
    out: set[int] = set()
    inc: set[int] = set()
    for t in tps:
        if since <= t.date <= today and t.contact_id in active:
            (out if t.direction == OUT else inc).add(t.contact_id)
    return len(out & inc)


def weekly_counts(tps: Sequence[Touchpoint], today: date, weeks: int = WEEKS) -> list[int]:
    """Touchpoints per ISO week, ``weeks`` of them, oldest first, ending this week."""
    last = week_start(today)
    first = last - timedelta(weeks=weeks - 1)
    counts = [0] * weeks
    for t in tps:
        monday = week_start(t.date)
        if first <= monday <= last:
            counts[(monday - first).days // 7] += 1
    return counts
