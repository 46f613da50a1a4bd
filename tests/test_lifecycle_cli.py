"""The follow-up lifecycle as a trainee meets it at the command line, day by day."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

from netlog.rules import RULES_VERSION
from tests.safety_helpers import make_v1


def on(netlog: Any, day: str, *args: str) -> Any:
    result = netlog(*args, env={"NETLOG_TODAY": day})
    assert result.exit_code == 0, (args, result.stderr)
    return result


def due(netlog: Any, day: str, within: int = 7) -> list[dict[str, Any]]:
    return list(on(netlog, day, "due", "--json", "--within", str(within)).json())


def rules_of(items: list[dict[str, Any]], who: str | None = None) -> list[str]:
    return [i["rule"] for i in items if who is None or who in i["contact"]]


# --- next steps -----------------------------------------------------------------


def test_a_promise_survives_an_unrelated_email_and_log_says_it_is_still_waiting(
    netlog: Any,
) -> None:
    on(netlog, "2026-02-27", "add", "Dr. Maya Patel")
    on(
        netlog,
        "2026-02-27",
        "log",
        "patel",
        "--kind",
        "meeting",
        "--via",
        "video",
        "--next",
        "send abstract",
        "--due",
        "2026-03-20",
    )
    said = on(netlog, "2026-03-05", "log", "patel", "--kind", "update").stdout
    assert "Still open: send abstract (due 2026-03-20)" in said
    assert "netlog done" in said
    assert rules_of(due(netlog, "2026-03-20"), "Patel") == ["next-step"]
    assert rules_of(due(netlog, "2026-04-30"), "Patel") == ["next-step"]  # overdue, kept


def test_log_done_marks_the_open_next_step_done(netlog: Any) -> None:
    on(netlog, "2028-02-28", "add", "Dr. Maya Patel")
    on(netlog, "2028-02-28", "log", "patel", "--next", "send abstract", "--due", "2028-02-29")
    said = on(netlog, "2028-02-29", "log", "patel", "--kind", "share", "--done").stdout
    assert "Next step done: send abstract" in said
    assert "next-step" not in rules_of(due(netlog, "2028-03-01", within=400))


def test_netlog_done_marks_it_done_without_a_message(netlog: Any) -> None:
    on(netlog, "2026-12-30", "add", "Dr. Maya Patel")
    on(netlog, "2026-12-30", "log", "patel", "--next", "call her office", "--due", "2027-01-02")
    said = on(netlog, "2027-01-02", "done", "patel").stdout
    assert "Done: call her office" in said
    assert "next-step" not in rules_of(due(netlog, "2027-01-02", within=400))
    again = netlog("done", "patel", env={"NETLOG_TODAY": "2027-01-02"})
    assert again.exit_code == 1 and "no open next step" in again.stderr


# --- pause ----------------------------------------------------------------------


def test_someone_met_during_a_pause_gets_their_follow_up_and_add_tells_the_truth(
    netlog: Any,
) -> None:
    on(netlog, "2026-01-02", "add", "Dr. Old Friend", "--every", "30")
    on(netlog, "2026-01-31", "pause", "--until", "2026-03-01")
    said = on(netlog, "2026-02-26", "add", "Dr. Lena Fischer", "--at", "AAOS 2026").stdout
    assert "Follow-up due 2026-03-01" in said
    on(netlog, "2026-02-27", "log", "fischer", "--kind", "helped", "--via", "in-person")
    on(netlog, "2026-02-27", "add", "Dr. Sam Lee", "--met", "2026-02-25")
    items = due(netlog, "2026-02-28", within=0)
    soon = due(netlog, "2026-02-28", within=1)
    # What happened during the pause comes due as usual …
    assert ("Dr. Lena Fischer", "thank-you") in {(i["contact"], i["rule"]) for i in soon}
    assert ("Dr. Sam Lee", "conference-followup") in {(i["contact"], i["rule"]) for i in items}
    # … while the backlog of check-ins waits until the pause ends.
    assert "Dr. Old Friend" not in [i["contact"] for i in items]
    assert "Paused until 2026-03-01" in on(netlog, "2026-02-28", "due").stdout
    back = due(netlog, "2026-03-01", within=0)
    assert ("Dr. Old Friend", "keep-warm") in {(i["contact"], i["rule"]) for i in back}


# --- core since -----------------------------------------------------------------


def test_a_contact_marked_core_in_august_is_not_owed_februarys_milestone(netlog: Any) -> None:
    on(netlog, "2026-01-15", "add", "Dr. Maya Patel")
    on(netlog, "2026-02-28", "milestone", "Abstract accepted")
    on(netlog, "2026-08-14", "edit", "patel", "--core")
    assert "milestone-loop" not in rules_of(due(netlog, "2026-08-14", within=30))


def test_a_core_mentor_in_february_is_told_within_the_week(netlog: Any) -> None:
    on(netlog, "2026-01-15", "add", "Dr. Maya Patel", "--core")
    on(netlog, "2026-02-28", "milestone", "Abstract accepted")
    items = due(netlog, "2026-03-07", within=0)
    assert [(i["rule"], i["due"]) for i in items] == [("milestone-loop", "2026-03-07")]


# --- transactional --------------------------------------------------------------


def test_meeting_then_asking_is_flagged_in_show_due_and_draft(netlog: Any) -> None:
    on(netlog, "2026-11-05", "add", "Dr. Maya Patel", "--at", "AAOS 2026")
    on(netlog, "2026-11-06", "log", "patel", "--kind", "ask", "--awaiting-reply")
    shown = on(netlog, "2026-11-06", "show", "patel", "--json").json()
    assert [w["rule"] for w in shown["warnings"]] == ["transactional"]
    [item] = due(netlog, "2026-11-08")
    assert item["rule"] == "conference-followup"  # the ask did not clear it
    assert "asked" in item["reason"] and "not another ask" in item["action"]
    # The note that answers the meeting is sent; their silence then calls for a
    # nudge, and nudging an ask would be asking again.
    on(netlog, "2026-11-09", "log", "patel", "--kind", "ask", "--awaiting-reply")
    draft = netlog("draft", "patel", "--kind", "nudge", env={"NETLOG_TODAY": "2026-11-09"})
    assert draft.exit_code == 0 and "Warning:" in draft.stderr and "another ask" in draft.stderr


# --- letters --------------------------------------------------------------------


def test_the_letter_reminder_clears_once_you_write_to_the_writer(netlog: Any) -> None:
    on(netlog, "2026-01-05", "add", "Dr. James Okafor", "--email", "j@example.org")
    on(netlog, "2026-01-05", "letters", "ask", "okafor", "--for", "HSS", "--deadline", "2026-03-15")
    on(netlog, "2026-01-07", "letters", "set", "1", "agreed")
    [item] = [i for i in due(netlog, "2026-03-01") if i["rule"] == "letter-reminder"]
    assert item["due"] == "2026-03-01"
    draft = on(netlog, "2026-03-01", "draft", "okafor", "--json").json()
    assert draft["kind"] == "reminder" and "pleasure to meet" not in draft["body"]
    assert "15 March 2026" in draft["body"]
    on(netlog, "2026-03-01", "log", "okafor", "--kind", "update", "--topic", "CV and statement")
    assert "letter-reminder" not in rules_of(due(netlog, "2026-03-02", within=30))


def test_a_declined_letter_says_to_look_for_another_writer(netlog: Any) -> None:
    on(netlog, "2026-01-05", "add", "Dr. James Okafor")
    on(netlog, "2026-01-05", "letters", "ask", "okafor", "--for", "HSS")
    said = on(netlog, "2026-01-09", "letters", "set", "1", "declined").stdout
    assert "another writer" in said
    assert "another writer" in on(netlog, "2026-01-09", "letters").stdout


# --- imports --------------------------------------------------------------------


def linkedin_file(path: Path, n: int) -> Path:
    lines = [
        "Notes:",
        '"LinkedIn export"',
        "",
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On",
    ]
    for i in range(n):
        lines.append(
            f"Ada{i},Lovelace{i},https://www.linkedin.com/in/ada-{i},,Hospital {i},Resident,09 Oct 2024"
        )
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_three_hundred_linkedin_connections_never_flood_a_morning(
    netlog: Any, tmp_path: Path
) -> None:
    on(netlog, "2026-11-05", "add", "Dr. Maya Patel", "--core", "--type", "mentor:research")
    on(netlog, "2026-11-05", "import", str(linkedin_file(tmp_path / "c.csv", 300)))
    start = date(2026, 11, 5)
    for week in range(0, 60):
        day = (start + timedelta(days=7 * week)).isoformat()
        imported = [i for i in due(netlog, day, within=6) if i["contact"].startswith("Ada")]
        assert len(imported) <= 5, day
    # The week's "write to" suggestion is never a stranger from the import.
    for day in ("2026-11-05", "2027-05-04", "2027-08-02"):
        week = on(netlog, day, "week", "--json").json()
        assert not str(week["suggest"] or "").startswith("Ada")
    # Writing to one of them wakes that one up, and only that one.
    on(netlog, "2026-11-06", "log", "Ada7 Lovelace7", "--kind", "update")
    later = due(netlog, "2027-05-05", within=0)
    assert [i["contact"] for i in later if i["contact"].startswith("Ada")] == ["Ada7 Lovelace7"]


# --- the resident routine -------------------------------------------------------


def test_a_meeting_with_a_sponsor_counts_toward_the_months_mentorship_meetings(
    netlog: Any, netlog_env: Path
) -> None:
    (netlog_env.parent.parent / "config.toml").write_text(
        'routine = "resident"\n', encoding="utf-8"
    )
    on(netlog, "2026-01-02", "add", "Dr. James Okafor", "--type", "sponsor")
    on(netlog, "2026-01-30", "log", "okafor", "--kind", "meeting", "--via", "in-person")
    week = on(netlog, "2026-01-31", "week", "--json").json()
    [meetings] = [i for i in week["items"] if i["key"] == "monthly-meetings"]
    assert meetings["done"] is True


# --- drafts are private ---------------------------------------------------------


def test_a_draft_never_quotes_a_note_and_recalls_the_topic(netlog: Any) -> None:
    on(
        netlog,
        "2026-11-05",
        "add",
        "Dr. Maya Patel",
        "--at",
        "AAOS 2026",
        "--note",
        "seemed dismissive of IMGs",
        "--topic",
        "registry study design",
    )
    on(
        netlog,
        "2026-11-05",
        "log",
        "patel",
        "--kind",
        "shadowing",
        "--via",
        "in-person",
        "--note",
        "private: late again",
    )
    for kind in (
        "thanks",
        "followup",
        "nudge",
        "update",
        "milestone",
        "meeting",
        "letter",
        "nextstep",
        "reminder",
        "checkin",
    ):
        body = on(netlog, "2026-11-06", "draft", "patel", "--kind", kind, "--json").json()["body"]
        assert "dismissive" not in body and "late again" not in body, kind
    followup = on(netlog, "2026-11-06", "draft", "patel", "--kind", "followup", "--json").json()
    assert "registry study design" in followup["body"]


def test_without_a_topic_the_draft_leaves_a_clear_placeholder(netlog: Any) -> None:
    on(netlog, "2026-11-05", "add", "Dr. Maya Patel", "--at", "AAOS 2026", "--note", "secret")
    body = on(netlog, "2026-11-06", "draft", "patel", "--json").json()["body"]
    assert "[Recall one thing you talked about.]" in body and "secret" not in body


def test_a_next_step_draft_to_a_mentor_of_three_years_is_not_a_first_meeting_note(
    netlog: Any,
) -> None:
    on(netlog, "2026-11-01", "add", "Dr. Maya Patel", "--met", "2023-09-01", "--type", "mentor")
    on(netlog, "2026-11-01", "log", "patel", "--kind", "thanks", "--date", "2023-09-02")
    on(
        netlog,
        "2026-11-01",
        "log",
        "patel",
        "--kind",
        "meeting",
        "--via",
        "video",
        "--next",
        "send the revised abstract",
        "--due",
        "2026-11-06",
    )
    draft = on(netlog, "2026-11-06", "draft", "patel", "--json").json()
    assert draft["rule"] == "next-step" and draft["kind"] == "nextstep"
    assert "pleasure to meet you" not in draft["body"]
    assert "send the revised abstract" in draft["body"]


# --- upgrade --------------------------------------------------------------------


def test_an_existing_database_is_right_after_the_upgrade(netlog: Any, netlog_env: Path) -> None:
    netlog_env.parent.mkdir(parents=True, exist_ok=True)
    make_v1(netlog_env)  # written by an older netlog, with its stored follow-ups
    items = due(netlog, "2026-09-03", within=0)
    # Maya: core since she was added; the letter reminder is its own rule now,
    # next to her overdue update and the step she promised (which a later
    # message no longer clears).
    maya = sorted((i["rule"], i["due"]) for i in items if i["contact"] == "Dr. Maya Patel")
    assert maya == [
        ("core-update", "2026-06-02"),
        ("letter-reminder", "2026-09-01"),
        ("next-step", "2026-04-01"),
    ]
    import sqlite3

    conn = sqlite3.connect(netlog_env)
    try:
        stored = conn.execute("SELECT value FROM meta WHERE key = 'rules'").fetchone()[0]
        core_since = conn.execute("SELECT core_since FROM contact WHERE id = 1").fetchone()[0]
    finally:
        conn.close()
    assert stored.startswith(f"v{RULES_VERSION}:")
    assert core_since == "2026-03-01"


def test_undo_brings_back_a_next_step_marked_done(netlog: Any) -> None:
    on(netlog, "2026-03-30", "add", "Dr. Maya Patel")
    on(netlog, "2026-03-30", "log", "patel", "--next", "send abstract", "--due", "2026-03-31")
    on(netlog, "2026-03-31", "done", "patel")
    assert "done 2026-03-31" in on(netlog, "2026-03-31", "show", "patel").stdout
    on(netlog, "2026-03-31", "undo")
    assert rules_of(due(netlog, "2026-03-31")) == ["next-step"]
