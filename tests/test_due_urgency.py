"""The morning list, most urgent first; its filters; the one-line brief; honest all-clears."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from netlog import urgency
from netlog.rules import RULE_IDS

TIME_CRITICAL = {"conference-followup", "thank-you"}
CADENCE = {"core-update", "keep-warm"}


def test_a_conference_follow_up_a_day_late_outranks_a_keep_warm_note_a_month_late() -> None:
    assert urgency.urgency("conference-followup", 1) > urgency.urgency("keep-warm", 30)
    assert urgency.urgency("conference-followup", 0) > urgency.urgency("keep-warm", 365)


def test_a_thank_you_or_a_nudge_comes_before_a_cadence_check_in() -> None:
    for late in (0, 1, 5):
        assert urgency.urgency("thank-you", late) > urgency.urgency("core-update", late)
        assert urgency.urgency("reply-nudge", late) > urgency.urgency("core-update", late)
        assert urgency.urgency("core-update", late) > urgency.urgency("keep-warm", late)


def test_a_rule_not_in_the_table_ranks_between_follow_ups_and_check_ins() -> None:
    new = urgency.urgency("letter-deadline", 1)
    assert urgency.urgency("conference-followup", 1) > new > urgency.urgency("keep-warm", 1)


def test_every_known_rule_has_a_row_in_the_table() -> None:
    assert set(RULE_IDS) <= set(urgency.RULE_URGENCY)


@given(
    st.sampled_from([*RULE_IDS, "letter-deadline"]),
    st.sampled_from([*RULE_IDS, "letter-deadline"]),
    st.integers(min_value=0, max_value=400),
    st.integers(min_value=1, max_value=60),
)
def test_anything_due_now_comes_before_anything_not_yet_due(
    rule: str, other: str, late: int, ahead: int
) -> None:
    assert urgency.urgency(rule, late) >= 1 > urgency.urgency(other, -ahead)


@given(st.sampled_from([*RULE_IDS, "x"]), st.integers(-60, 400), st.integers(0, 30))
def test_for_one_rule_later_is_never_less_urgent(rule: str, days: int, more: int) -> None:
    assert urgency.urgency(rule, days + more) >= urgency.urgency(rule, days)


# --- through the command line -------------------------------------------------------------


def morning(netlog: Any) -> None:
    """Thursday 5 November: a keep-warm a month late, a fresh conference contact."""
    netlog("add", "Dr. Old Friend", "--met", "2026-04-01", "--every", "180", "--tag", "ortho")
    netlog("log", "friend", "--kind", "update", "--date", "2026-04-08")
    netlog("add", "Dr. Maya Patel", "--at", "AAOS 2026", "--met", "2026-11-01", "--core")
    netlog("add", "Dr. Emily Brooks", "--met", "2026-10-01", "--tag", "ortho")
    netlog("log", "brooks", "--kind", "update", "--date", "2026-10-02")
    netlog("log", "brooks", "--kind", "shadowing", "--via", "in-person", "--date", "2026-11-02")


def test_due_lists_the_closing_follow_up_before_the_long_overdue_check_in(netlog: Any) -> None:
    morning(netlog)
    items = netlog("due", "--json").json()
    rules = [i["rule"] for i in items]
    assert rules.index("conference-followup") < rules.index("keep-warm")
    assert rules[0] in TIME_CRITICAL
    assert [i["urgency"] for i in items] == sorted((i["urgency"] for i in items), reverse=True)
    keep_warm = next(i for i in items if i["rule"] == "keep-warm")
    assert keep_warm["days_overdue"] > max(i["days_overdue"] for i in items if i is not keep_warm)


def test_due_json_keeps_its_fields_and_adds_the_urgency(netlog: Any) -> None:
    morning(netlog)
    for item in netlog("due", "--json").json():
        assert set(item) == {
            "contact_id",
            "contact",
            "rule",
            "due",
            "days_overdue",
            "reason",
            "action",
            "urgency",
        }
        assert isinstance(item["urgency"], float)


def test_the_first_rows_on_screen_are_the_most_urgent_of_all(netlog: Any) -> None:
    """``due --limit N`` reads only a few rows per rule; they must be the right ones."""
    for n in range(8):
        netlog("add", f"Dr. Keep {n}", "--met", f"2026-0{1 + n % 4}-0{1 + n}", "--every", "60")
        netlog("log", f"keep {n}", "--kind", "update", "--date", f"2026-0{1 + n % 4}-0{2 + n}")
    for n in range(4):
        netlog("add", f"Dr. Met {n}", "--at", "AAOS 2026", "--met", f"2026-11-0{1 + n}")
    for name in ("Zoe", "Adam", "Mia", "Bea"):  # tied: same rule, same day; by name
        netlog("add", f"Dr. {name} Tied", "--at", "AAOS 2026", "--met", "2026-11-01")
    everything = [(i["contact"], i["rule"]) for i in netlog("due", "--json").json()]
    assert len(everything) > 10
    for limit in (1, 3, 5, 6, 9):
        shown = netlog("due", "--json", "--limit", str(limit)).json()
        assert [(i["contact"], i["rule"]) for i in shown] == everything[:limit]
        screen = netlog("due", "--limit", str(limit)).stdout.splitlines()[2 : 2 + limit]
        for line, (name, rule) in zip(screen, everything[:limit], strict=True):
            assert f" {name} " in line and f" {rule} " in line


def test_due_narrows_to_a_rule_a_tag_or_the_core(netlog: Any) -> None:
    morning(netlog)
    by_rule = netlog("due", "--rule", "keep-warm", "--json").json()
    assert {i["rule"] for i in by_rule} == {"keep-warm"}
    assert {i["contact"] for i in netlog("due", "--tag", "ORTHO", "--json").json()} == {
        "Dr. Old Friend",
        "Dr. Emily Brooks",
    }
    assert {i["contact"] for i in netlog("due", "--core", "--json").json()} == {"Dr. Maya Patel"}
    assert len(netlog("due", "--json", "--limit", "1").json()) == 1
    quiet = netlog("due", "--rule", "milestone-loop")
    assert quiet.exit_code == 0
    assert "matching these filters" in quiet.stdout and "Well kept" not in quiet.stdout


def test_an_unknown_rule_is_an_error_that_names_the_rules(netlog: Any) -> None:
    r = netlog("due", "--rule", "conference")
    assert r.exit_code == 1
    assert "conference-followup" in r.stderr and r.stdout == ""


# --- --brief ---------------------------------------------------------------------------


def test_brief_is_one_line_naming_how_many_are_due_today(netlog: Any) -> None:
    morning(netlog)
    r = netlog("due", "--brief")
    assert r.exit_code == 0
    assert r.stdout == "3 follow-ups due today (3 overdue) — netlog due\n"


def test_brief_is_silent_when_nothing_is_due(netlog: Any) -> None:
    netlog("add", "Dr. Maya Patel", "--met", "today")
    r = netlog("due", "--brief")
    assert (r.exit_code, r.stdout, r.stderr) == (0, "", "")


def test_brief_in_a_shell_start_up_file_creates_no_database(netlog: Any, db_file: Path) -> None:
    r = netlog("due", "--brief")
    assert (r.exit_code, r.stdout) == (0, "")
    assert not db_file.exists()


def test_brief_during_a_pause_counts_only_what_does_not_wait(netlog: Any) -> None:
    """A pause holds back the check-ins; the fresh meeting and the thank-you still count."""
    morning(netlog)
    netlog("pause", "--until", "2026-12-01")
    shown = [i for i in netlog("due", "--json", "--within", "0").json() if i["days_overdue"] >= 0]
    assert {i["rule"] for i in shown} == {"conference-followup", "thank-you"}
    assert netlog("due", "--brief").stdout.startswith(f"{len(shown)} follow-ups due today")


def test_brief_is_silent_during_a_pause_when_only_check_ins_are_due(netlog: Any) -> None:
    netlog("add", "Dr. Old Friend", "--met", "2026-04-01", "--every", "180")
    netlog("log", "friend", "--kind", "update", "--date", "2026-04-08")
    assert netlog("due", "--brief").stdout != ""
    netlog("pause", "--until", "2026-12-01")
    assert netlog("due", "--brief").stdout == ""


# --- honest all-clears -----------------------------------------------------------------


def test_no_all_clear_while_snoozed_items_are_hidden(netlog: Any) -> None:
    netlog("add", "Dr. Maya Patel", "--at", "AAOS 2026", "--met", "2026-11-01")
    netlog("snooze", "patel", "--until", "2026-11-20")
    out = netlog("due").stdout
    assert "Well kept" not in out
    assert "1 item is hidden while snoozed" in out


def test_the_all_clear_when_nothing_is_hidden(netlog: Any) -> None:
    netlog("add", "Dr. Maya Patel")
    assert "Well kept" in netlog("due").stdout


def test_a_long_list_says_how_many_snoozed_items_it_leaves_out(netlog: Any) -> None:
    for n in range(3):
        netlog("add", f"Dr. Met {n}", "--at", "AAOS 2026", "--met", f"2026-11-0{1 + n}")
    netlog("snooze", "met 0", "--until", "2026-11-20")
    out = netlog("due", "--limit", "1").stdout
    assert "1 item is hidden while snoozed" in out


def test_stats_on_an_empty_network_claims_no_balance(netlog: Any) -> None:
    out = netlog("stats").stdout
    assert "giving more than asking" not in out
    assert "nothing given or asked yet" in out


# --- a month of mornings ------------------------------------------------------------------

# What a mentor would send for each item, as the user would log it.
CLEARS = {
    "conference-followup": ["--kind", "update"],
    "thank-you": ["--kind", "thanks"],
    "reply-nudge": ["--kind", "nudge"],
    "core-update": ["--kind", "update"],
    "keep-warm": ["--kind", "update"],
    "milestone-loop": ["--kind", "update"],
}


def test_a_month_on_the_demo_network_always_starts_with_what_a_mentor_would_do_first(
    netlog: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each morning the first item is due now if anything is; never a cadence check-in
    while a first-meeting follow-up or a thank-you waits; and among items of one
    kind the longer overdue. The user then does the first thing on the list."""
    monkeypatch.setenv("NETLOG_TODAY", "2026-11-23")
    netlog("demo")
    from datetime import date, timedelta

    start = date(2026, 11, 23)
    for offset in range(30):
        day = (start + timedelta(days=offset)).isoformat()
        monkeypatch.setenv("NETLOG_TODAY", day)
        items = netlog("due", "--json").json()
        if not items:
            continue
        first = items[0]
        now = [i for i in items if i["days_overdue"] >= 0]
        if now:
            assert first["days_overdue"] >= 0, day
        if first["rule"] in CADENCE:
            assert not any(i["rule"] in TIME_CRITICAL for i in now), day
        same = [i for i in now if i["rule"] == first["rule"]]
        assert all(first["days_overdue"] >= i["days_overdue"] for i in same), day
        if first["days_overdue"] >= 0 and first["rule"] in CLEARS:
            done = netlog("log", str(first["contact_id"]), "--via", "email", *CLEARS[first["rule"]])
            assert done.exit_code == 0, done.stderr


def test_the_store_computes_urgency_as_the_urgency_module_does() -> None:
    """pending.due_most_urgent ranks rows in SQL with urgency.sql(): the same figures."""
    import sqlite3

    conn = sqlite3.connect(":memory:")
    expression = urgency.sql(today="'2026-11-05'", due="d", rule="r")
    for rule in [*RULE_IDS, "letter-deadline"]:
        for days in range(-40, 400, 7):
            due = (date(2026, 11, 5) - timedelta(days=days)).isoformat()
            (value,) = conn.execute(
                f"SELECT {expression} FROM (SELECT ? AS r, ? AS d)", (rule, due)
            ).fetchone()
            assert abs(value - urgency.raw(rule, days)) < 1e-9, (rule, days)


def test_the_screen_reads_the_same_first_rows_with_or_without_a_filter(netlog: Any) -> None:
    """Unfiltered, the most urgent rows are found in one pass; a filter takes two
    queries. A tag every contact has must not change a row, nor the order of
    contacts of the same name met on the same day."""
    for n in range(6):
        netlog("add", f"Dr. Keep {n}", "--met", f"2026-0{1 + n % 4}-0{1 + n}", "--every", "60")
        assert netlog("edit", f"keep {n}", "--tag", "all").exit_code == 0
    for n in range(5):  # five of one name, met on one day: tied on every sort key
        same = netlog("add", "Dr. Same Name", "--at", "AAOS 2026", "--met", "2026-11-02")
        assert same.exit_code == 0, same.stderr
        assert netlog("edit", str(n + 7), "--tag", "all").exit_code == 0
    for n in range(3):
        netlog("add", f"Dr. Met {n}", "--at", "AAOS 2026", "--met", f"2026-11-0{3 + n}")
        assert netlog("edit", f"met {n}", "--tag", "all").exit_code == 0
    for limit in (1, 2, 4, 7, 12):
        plain = netlog("due", "--json", "--limit", str(limit)).json()
        tagged = netlog("due", "--json", "--limit", str(limit), "--tag", "all").json()
        assert plain == tagged
        assert len(plain) == limit
    assert [i["contact_id"] for i in plain if i["contact"] == "Dr. Same Name"] == sorted(
        i["contact_id"] for i in plain if i["contact"] == "Dr. Same Name"
    )


RANKED_RULES = [*RULE_IDS, "letter-deadline"]  # and one rule the urgency table does not know


def _screen(read: Any, today: date, limit: int) -> list[Any]:
    """The first ``limit`` rows as the screen lists them, from rows read."""
    from netlog import agenda
    from netlog.service.due_list import by_urgency

    items, names = read
    return by_urgency(agenda.view(items, names, today, within=7))[:limit]


@given(
    st.lists(
        st.tuples(
            st.integers(0, 5),  # contact
            st.sampled_from(RANKED_RULES),
            st.integers(-400, 30),  # days from today to the due date
        ),
        max_size=60,
    ),
    st.integers(1, 12),
    st.sampled_from([None, "thank-you", "keep-warm"]),
    st.booleans(),
)
def test_the_first_rows_read_from_the_counts_are_those_ranked_in_sql(
    tmp_path_factory: pytest.TempPathFactory,
    rows: list[tuple[int, str, int]],
    limit: int,
    rule: str | None,
    core: bool,
) -> None:
    """pending.due_first reads the rows at their rule's highest figure when the
    counts say those are the most urgent (at the last figure needed, only up to
    the day the screen's last row falls on); the screen then lists the same
    rows in the same order as from the rows pending.due_most_urgent finds by
    scoring every row in SQL."""
    from netlog.storage import pending
    from netlog.storage.db import open_db

    today = date(2026, 11, 23)
    db = open_db(tmp_path_factory.mktemp("due") / "netlog.db")
    try:
        with db.write() as conn:
            for n in range(6):
                conn.execute(
                    "INSERT INTO contact (id, name, name_key, core, archived, snoozed_until, "
                    "created, updated) VALUES (?, ?, ?, ?, ?, ?, '2026-01-01', '2026-01-01')",
                    (
                        n + 1,
                        f"Dr. {n % 3}",
                        f"dr {n % 3}",
                        n % 2,
                        n == 4,  # archived: never counted
                        "2026-12-01" if n in (4, 5) else None,
                    ),
                )
            for cid, rule_id, days in rows:
                conn.execute(
                    "INSERT INTO pending (contact_id, rule, due, reason, action) "
                    "VALUES (?, ?, ?, 'why', 'what')",
                    (cid + 1, rule_id, (today + timedelta(days=days)).isoformat()),
                )
        where = pending.DueFilter(rule=rule, core=core)
        horizon = today + timedelta(days=7)
        with db.read() as conn:
            count, overdue, hidden, read = pending.due_first(conn, today, horizon, limit, where)
            assert (count, overdue, hidden) == pending.due_counts(conn, today, horizon, where)
            if count <= limit:
                assert read is None
            else:
                assert read is not None
                ranked = pending.due_most_urgent(conn, today, horizon, limit, where)
                assert _screen(read, today, limit) == _screen(ranked, today, limit)
                # Every row read is at least as urgent as the last shown (the
                # rows on its day, which the name orders, are all read).
                assert len(read[0]) <= len(ranked[0])
    finally:
        db.close()
