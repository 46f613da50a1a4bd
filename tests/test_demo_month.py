"""A month with the demo network, one morning at a time (NETLOG_TODAY).

The trainee answers most of what `netlog due` asks and lets two things slide;
every morning the list must read right: one line per message owed, nothing
cleared coming back, nothing stale, and what slid giving way to what to do now.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from typing import Any

GROUP = {
    "conference-followup",
    "thank-you",
    "reply-nudge",
    "milestone-loop",
    "core-update",
    "keep-warm",
}
STALE_AFTER = {"conference-followup": 21, "reply-nudge": 21, "milestone-loop": 21, "thank-you": 28}
START = date(2026, 11, 23)

# Day of the month → what the trainee logs that morning, and what it clears for good.
ACTIONS: dict[int, tuple[tuple[str, ...], str, str]] = {
    1: (("log", "brooks", "--kind", "thanks"), "Dr. Emily Brooks", "thank-you"),
    2: (
        ("log", "chen", "--kind", "update", "--topic", "the poster"),
        "Dr. Wei Chen",
        "conference-followup",
    ),
    3: (("log", "mehta", "--incoming", "--kind", "reply"), "Dr. Rohan Mehta", "reply-nudge"),
    4: (("log", "haddad", "--kind", "share", "--done"), "Dr. Fatima Haddad", "next-step"),
    5: (("log", "patel", "--kind", "update"), "Dr. Maya Patel", "milestone-loop"),
    9: (("log", "berg", "--kind", "update"), "Dr. Thomas Berg", "keep-warm"),
}


def test_a_month_of_mornings_on_the_demo_network(netlog: Any) -> None:
    def run(day: date, *args: str) -> Any:
        result = netlog(*args, env={"NETLOG_TODAY": day.isoformat()})
        assert result.exit_code == 0, (day, args, result.stderr)
        return result

    run(START, "demo")
    cleared: set[tuple[str, str]] = set()
    seen_by_day: dict[int, list[dict[str, Any]]] = {}
    for n in range(30):
        day = START + timedelta(days=n)
        if n in ACTIONS:
            args, who, rule = ACTIONS[n]
            run(day, *args)
            cleared.add((who, rule))
        items = run(day, "due", "--json").json()
        seen_by_day[n] = items
        pairs = Counter((i["contact_id"], i["rule"]) for i in items)
        assert max(pairs.values(), default=1) == 1, (day, items)
        group = Counter(i["contact_id"] for i in items if i["rule"] in GROUP)
        assert max(group.values(), default=1) == 1, (day, items)
        for i in items:
            assert (i["contact"].split(" (")[0], i["rule"]) not in cleared, (day, i)
            limit = STALE_AFTER.get(i["rule"])
            assert limit is None or i["days_overdue"] <= limit, (day, i)
            assert "None" not in i["reason"] and i["action"], (day, i)
            assert i["days_overdue"] >= -7
        assert run(day, "due").stdout.strip()

    def rows(n: int, who: str) -> list[tuple[str, str]]:
        return [(i["rule"], i["due"]) for i in seen_by_day[n] if i["contact"].startswith(who)]

    # The first morning reads like the demo's story.
    first = {(i["contact"].split(" (")[0], i["rule"]) for i in seen_by_day[0]}
    assert {
        ("Dr. Emily Brooks", "thank-you"),
        ("Dr. Wei Chen", "conference-followup"),
        ("Dr. Rohan Mehta", "reply-nudge"),
        ("Dr. Maya Patel", "milestone-loop"),
        ("Dr. Fatima Haddad", "next-step"),
        ("Dr. Thomas Berg", "keep-warm"),
    } <= first
    # Dr. Rahman, met at AAOS on the 21st and never written to: the follow-up
    # stays until three weeks past its window, then gives way the same day to
    # one item that says what to do now.
    assert rows(21, "Dr. Aisha Rahman") == [("conference-followup", "2026-11-24")]
    assert rows(22, "Dr. Aisha Rahman") == [("keep-warm", "2026-12-15")]
    [late] = [i for i in seen_by_day[29] if i["contact"].startswith("Dr. Aisha Rahman")]
    assert "never sent" in late["reason"] and "where you met" in late["action"]
    # Dr. Okafor is never written to: the news is dropped three weeks past its
    # date, and the letter reminder is over once the deadline has passed.
    assert ("milestone-loop", "2026-11-25") in rows(22, "Dr. James Okafor")
    assert "milestone-loop" not in [r for r, _ in rows(23, "Dr. James Okafor")]
    assert ("letter-reminder", "2026-12-03") in rows(24, "Dr. James Okafor")
    assert rows(25, "Dr. James Okafor") == []
