"""``netlog fix`` corrects or removes a logged touchpoint; ``netlog skip`` dismisses an item."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest

from netlog import rules
from netlog.domain import Contact, Intervals, Skip, Touchpoint


def due_rules(netlog: Any, who: str | None = None, *extra: str) -> list[tuple[str, str]]:
    r = netlog("due", "--json", "--within", "400", *extra)
    assert r.exit_code == 0, r.stderr
    return [(i["contact"], i["rule"]) for i in r.json() if who is None or who in i["contact"]]


def touchpoints(netlog: Any, who: str) -> list[dict[str, Any]]:
    r = netlog("show", who, "--json")
    assert r.exit_code == 0, r.stderr
    tps: list[dict[str, Any]] = r.json()["touchpoints"]
    return tps


def shadowed_then_logged_as_update(netlog: Any) -> int:
    """A shadowing day, then the thank-you logged with the default kind (update)."""
    assert netlog("add", "Dr. Ana Ruiz").exit_code == 0
    r = netlog("log", "ruiz", "--kind", "shadowing", "--via", "in-person", "--date", "3d ago")
    assert r.exit_code == 0, r.stderr
    assert netlog("log", "ruiz", "--note", "thanked her").exit_code == 0
    return int(touchpoints(netlog, "ruiz")[-1]["id"])


# --- fix -------------------------------------------------------------------------------


def test_a_thank_you_logged_as_an_update_is_fixed_and_the_thank_you_clears(netlog: Any) -> None:
    number = shadowed_then_logged_as_update(netlog)
    assert ("Dr. Ana Ruiz", "thank-you") in due_rules(netlog)
    r = netlog("fix", "ruiz", str(number), "--kind", "thanks")
    assert r.exit_code == 0, r.stderr
    assert "thanks" in r.stdout and "was" in r.stdout
    assert ("Dr. Ana Ruiz", "thank-you") not in due_rules(netlog)
    assert touchpoints(netlog, "ruiz")[-1]["kind"] == "thanks"
    assert touchpoints(netlog, "ruiz")[-1]["note"] == "thanked her"  # the rest is kept


def test_undo_puts_a_fixed_touchpoint_back_as_it_was(netlog: Any) -> None:
    number = shadowed_then_logged_as_update(netlog)
    assert netlog("fix", "ruiz", str(number), "--kind", "thanks", "--date", "2d ago").exit_code == 0
    r = netlog("undo")
    assert r.exit_code == 0, r.stderr
    assert "changed 1 touchpoint" in r.stdout
    last = touchpoints(netlog, "ruiz")[-1]
    assert (last["kind"], last["date"]) == ("update", "2026-11-05")
    assert ("Dr. Ana Ruiz", "thank-you") in due_rules(netlog)


def test_show_numbers_each_touchpoint_with_the_number_fix_takes(netlog: Any) -> None:
    number = shadowed_then_logged_as_update(netlog)
    shown = netlog("show", "ruiz").stdout
    assert f"#{number} 2026-11-05 → update (email)" in shown
    assert "netlog fix" in shown


def test_a_wrong_date_is_fixed_and_the_follow_up_moves_with_it(netlog: Any) -> None:
    assert netlog("add", "Dr. Lena Fischer", "--at", "AATS 2026").exit_code == 0
    met = touchpoints(netlog, "fischer")[0]["id"]
    before = netlog("due", "--json").json()[0]["due"]
    assert before == "2026-11-08"
    assert netlog("fix", "fischer", str(met), "--date", "2026-11-01").exit_code == 0
    assert netlog("due", "--json").json()[0]["due"] == "2026-11-04"


def test_a_reply_logged_by_mistake_is_removed_and_the_nudge_comes_back(netlog: Any) -> None:
    assert netlog("add", "Dr. Wei Chen").exit_code == 0
    assert netlog("log", "chen", "--date", "9d ago", "--awaiting-reply").exit_code == 0
    assert ("Dr. Wei Chen", "reply-nudge") in due_rules(netlog)
    assert netlog("log", "chen", "--incoming").exit_code == 0
    assert ("Dr. Wei Chen", "reply-nudge") not in due_rules(netlog)
    reply = touchpoints(netlog, "chen")[-1]["id"]
    r = netlog("fix", "chen", str(reply), "--rm", "--yes")
    assert r.exit_code == 0, r.stderr
    assert len(touchpoints(netlog, "chen")) == 1
    assert ("Dr. Wei Chen", "reply-nudge") in due_rules(netlog)
    assert netlog("undo").exit_code == 0
    assert len(touchpoints(netlog, "chen")) == 2
    assert ("Dr. Wei Chen", "reply-nudge") not in due_rules(netlog)


def test_removing_without_yes_in_a_script_is_refused_and_keeps_it(netlog: Any) -> None:
    number = shadowed_then_logged_as_update(netlog)
    r = netlog("fix", "ruiz", str(number), "--rm")
    assert r.exit_code == 1
    assert "--yes" in r.stderr
    assert len(touchpoints(netlog, "ruiz")) == 2


def test_a_number_that_is_not_theirs_is_a_one_line_error(netlog: Any) -> None:
    shadowed_then_logged_as_update(netlog)
    assert netlog("add", "Dr. Wei Chen", "--at", "AAOS").exit_code == 0
    chens = touchpoints(netlog, "chen")[0]["id"]
    for number in ("999", str(chens)):
        r = netlog("fix", "ruiz", number, "--kind", "thanks")
        assert r.exit_code == 1
        assert r.stderr.strip().count("\n") == 0
        assert f"no touchpoint #{number}" in r.stderr
        r = netlog("fix", "ruiz", number, "--rm", "--yes")
        assert r.exit_code == 1
    assert touchpoints(netlog, "chen")[0]["kind"] == "met"


def test_fix_checks_its_values_like_log(netlog: Any) -> None:
    number = shadowed_then_logged_as_update(netlog)
    r = netlog("fix", "ruiz", str(number), "--kind", "thankyou")
    assert r.exit_code == 1 and "thanks" in r.stderr
    r = netlog("fix", "ruiz", str(number), "--via", "call", "--awaiting-reply")
    assert r.exit_code == 1 and "emails" in r.stderr
    r = netlog("fix", "ruiz", str(number))
    assert r.exit_code == 1 and "say what to change" in r.stderr
    r = netlog("fix", "ruiz", str(number), "--rm", "--kind", "thanks")
    assert r.exit_code == 2
    assert touchpoints(netlog, "ruiz")[-1]["kind"] == "update"


def test_fix_flips_direction_and_awaiting_reply_and_clears_a_due_date(netlog: Any) -> None:
    assert netlog("add", "Dr. Wei Chen").exit_code == 0
    assert netlog("log", "chen", "--next", "send CV", "--due", "in 3d").exit_code == 0
    number = str(touchpoints(netlog, "chen")[-1]["id"])
    assert ("Dr. Wei Chen", "next-step") in due_rules(netlog)
    assert netlog("fix", "chen", number, "--due", "").exit_code == 0
    assert ("Dr. Wei Chen", "next-step") not in due_rules(netlog)
    assert netlog("fix", "chen", number, "--awaiting-reply").exit_code == 0
    assert touchpoints(netlog, "chen")[-1]["awaiting_reply"] is True
    assert netlog("fix", "chen", number, "--incoming").exit_code == 0
    last = touchpoints(netlog, "chen")[-1]
    assert (last["direction"], last["awaiting_reply"]) == ("incoming", False)
    assert netlog("fix", "chen", number, "--outgoing", "--no-awaiting-reply").exit_code == 0
    assert touchpoints(netlog, "chen")[-1]["direction"] == "outgoing"


# --- skip ------------------------------------------------------------------------------


def test_skip_dismisses_the_most_urgent_item_with_a_reason_show_lists_it(netlog: Any) -> None:
    assert netlog("add", "Dr. Lena Fischer", "--met", "4d ago").exit_code == 0
    assert due_rules(netlog, "Fischer")[0][1] == "conference-followup"
    r = netlog("skip", "fischer", "--reason", "she left medicine")
    assert r.exit_code == 0, r.stderr
    assert "conference-followup" in r.stdout
    assert ("Dr. Lena Fischer", "conference-followup") not in due_rules(netlog)
    shown = netlog("show", "fischer")
    assert "Skipped:" in shown.stdout and "she left medicine" in shown.stdout
    skips = netlog("show", "fischer", "--json").json()["skips"]
    assert skips == [
        {
            "rule": "conference-followup",
            "due": "2026-11-04",
            "reason": "she left medicine",
            "skipped": "2026-11-05",
        }
    ]
    assert netlog("doctor").exit_code == 0


def test_undo_brings_a_skipped_item_back(netlog: Any) -> None:
    assert netlog("add", "Dr. Lena Fischer", "--met", "4d ago").exit_code == 0
    assert netlog("skip", "fischer", "--reason", "not now").exit_code == 0
    r = netlog("undo")
    assert r.exit_code == 0, r.stderr
    assert "skipped follow-up" in r.stdout
    assert ("Dr. Lena Fischer", "conference-followup") in due_rules(netlog)
    assert netlog("show", "fischer", "--json").json()["skips"] == []


def test_a_new_meeting_after_a_skip_brings_a_new_follow_up(netlog: Any) -> None:
    assert netlog("add", "Dr. Lena Fischer", "--met", "20d ago").exit_code == 0
    assert netlog("skip", "fischer", "conference-followup", "--reason", "x").exit_code == 0
    assert ("Dr. Lena Fischer", "conference-followup") not in due_rules(netlog)
    assert netlog("log", "fischer", "--kind", "met", "--via", "conference").exit_code == 0
    assert ("Dr. Lena Fischer", "conference-followup") in due_rules(netlog)


def test_a_skipped_check_in_is_owed_again_after_the_next_give(netlog: Any) -> None:
    assert netlog("add", "Dr. Wei Chen").exit_code == 0
    assert netlog("log", "chen", "--date", "2026-04-01").exit_code == 0
    assert due_rules(netlog, "Chen") == [("Dr. Wei Chen", "keep-warm")]
    assert netlog("skip", "chen", "keep-warm", "--reason", "we see each other").exit_code == 0
    assert due_rules(netlog, "Chen") == []
    assert netlog("log", "chen", "--kind", "share").exit_code == 0
    assert due_rules(netlog, "Chen") == [("Dr. Wei Chen", "keep-warm")]


def test_skip_refuses_an_unknown_rule_or_one_with_nothing_owed(netlog: Any) -> None:
    assert netlog("add", "Dr. Lena Fischer", "--met", "4d ago").exit_code == 0
    r = netlog("skip", "fischer", "nudge", "--reason", "x")
    assert r.exit_code == 1 and "reply-nudge" in r.stderr
    r = netlog("skip", "fischer", "thank-you", "--reason", "x")
    assert r.exit_code == 1
    assert "owes no thank-you" in r.stderr and "conference-followup" in r.stderr
    r = netlog("skip", "fischer", "--reason", "  ")
    assert r.exit_code == 1
    assert netlog("skip", "fischer").exit_code == 2  # --reason is required
    assert netlog("show", "fischer", "--json").json()["skips"] == []


def test_skip_with_nothing_due_this_week_asks_for_the_rule(netlog: Any) -> None:
    assert netlog("add", "Dr. Wei Chen").exit_code == 0
    r = netlog("skip", "chen", "--reason", "x")
    assert r.exit_code == 1
    assert "name the rule" in r.stderr
    assert netlog("skip", "chen", "keep-warm", "--reason", "x").exit_code == 0


def test_the_rules_leave_out_a_skipped_item_and_only_that_one() -> None:
    contact = Contact(1, "A", created=date(2026, 1, 1))
    met = Touchpoint(1, 1, date(2026, 11, 1), "conference", "met")
    items = rules.pending_for(contact, [met], Intervals())
    assert [p.rule for p in items] == ["conference-followup", "keep-warm"]
    follow = items[0]
    skipped = rules.pending_for(
        contact, [met], Intervals(), skips=[Skip(1, 1, follow.rule, follow.due, "no")]
    )
    assert [p.rule for p in skipped] == ["keep-warm"]
    other_day = Skip(1, 1, follow.rule, date(2026, 10, 1), "an older meeting")
    assert rules.pending_for(contact, [met], Intervals(), skips=[other_day]) == items


@pytest.mark.parametrize("columns", [80, 120])
def test_show_with_skips_and_numbers_fits_the_terminal(
    netlog: Any, monkeypatch: pytest.MonkeyPatch, columns: int
) -> None:
    from netlog.printing import console, layout

    shadowed_then_logged_as_update(netlog)
    reason = "she is moving to a research post abroad and asked to talk again after the move"
    assert netlog("skip", "ruiz", "--reason", reason).exit_code == 0
    monkeypatch.setattr(console, "is_terminal", lambda: True)
    monkeypatch.setenv("COLUMNS", str(columns))
    shown = netlog("show", "ruiz").stdout
    text = re.sub(r"\x1b\[[0-9;]*m", "", shown)
    for line in text.splitlines():
        assert layout.display_width(line) <= columns, line
    assert set(reason.split()) <= set(text.split())  # no word cut
    assert "#2" in text.split()


def test_doctor_names_a_skip_whose_date_was_broken_outside_netlog(
    netlog: Any, db_file: Any
) -> None:
    import sqlite3

    assert netlog("add", "Dr. Lena Fischer", "--met", "4d ago").exit_code == 0
    assert netlog("skip", "fischer", "--reason", "x").exit_code == 0
    conn = sqlite3.connect(db_file)
    conn.execute("UPDATE skip SET due = 'soon'")
    conn.commit()
    conn.close()
    r = netlog("doctor")
    assert r.exit_code == 1
    assert "skip #1: due 'soon' is not a date" in r.stdout
