"""Activities, milestones, letters, pauses and capturing a whole conference at once."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from netlog.cli import app

Run = Callable[..., Result]


@pytest.fixture
def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Run:
    monkeypatch.setenv("NETLOG_DB", str(tmp_path / "netlog.db"))
    monkeypatch.setenv("NETLOG_CONFIG", str(tmp_path / "config.toml"))
    monkeypatch.setenv("NETLOG_TODAY", "2026-11-23")
    runner = CliRunner()

    def invoke(*args: str, today: str | None = None, input: str | None = None) -> Result:
        if today:
            monkeypatch.setenv("NETLOG_TODAY", today)
        return runner.invoke(app, list(args), input=input)

    return invoke


def due(run: Run, *extra: str, today: str | None = None) -> list[dict[str, object]]:
    result = run("due", "--json", *extra, today=today)
    assert result.exit_code == 0, result.output
    return list(json.loads(result.stdout))


def test_a_milestone_on_the_1st_makes_core_mentors_due_on_the_8th(run: Run) -> None:
    run("add", "Dr. Maya Patel", "--core", "--met", "2026-06-01")
    run("add", "Priya Nair", "--met", "2026-06-01")
    assert run("milestone", "Paper accepted in JBJS", "--date", "2026-11-01").exit_code == 0
    items = [i for i in due(run, today="2026-11-08") if i["rule"] == "milestone-loop"]
    assert [(i["contact"], i["due"]) for i in items] == [("Dr. Maya Patel", "2026-11-08")]
    # Telling her clears it.
    run("log", "patel", "--kind", "update", "--date", "2026-11-05")
    assert not [i for i in due(run, today="2026-11-08") if i["rule"] == "milestone-loop"]


def test_a_core_mentor_added_after_the_milestone_is_not_owed_old_news(run: Run) -> None:
    run("milestone", "Matched!", "--date", "2026-03-20")
    run("add", "Dr. New Mentor", "--core")
    assert not [i for i in due(run, "--within", "365") if i["rule"] == "milestone-loop"]


def test_reading_for_a_contact_shows_on_their_page(run: Run) -> None:
    run("add", "Dr. Maya Patel")
    result = run("read", "JBJS ACL review", "--for", "patel", "--point", "graft choice")
    assert result.exit_code == 0
    shown = run("show", "patel").stdout
    assert "JBJS ACL review — point: graft choice" in shown


def test_empty_activity_text_is_refused(run: Run) -> None:
    result = run("attend", "   ")
    assert result.exit_code == 1
    assert "empty" in result.stderr


def test_letter_asked_agreed_submitted_then_thanked(run: Run) -> None:
    run("add", "Dr. James Okafor", "--met", "2026-07-01")
    run("log", "okafor", "--kind", "thanks", "--date", "2026-07-02")
    asked = run("letters", "ask", "okafor", "--for", "Ortho match 2027", "--deadline", "2027-01-15")
    assert asked.exit_code == 0, asked.output
    listing = run("letters").stdout
    assert "Ortho match 2027" in listing and "asked" in listing
    # The ask is an email awaiting an answer: a nudge comes due after a week.
    assert any(i["rule"] == "reply-nudge" for i in due(run, today="2026-11-30"))
    run("letters", "set", "1", "agreed", today="2026-11-25")
    items = due(run, "--within", "60", today="2026-11-25")
    assert not any(i["rule"] == "reply-nudge" for i in items)
    reminder = [i for i in items if i["rule"] == "letter-reminder"]
    assert reminder and reminder[0]["due"] == "2027-01-01"  # 14 days before the deadline
    run("letters", "set", "1", "submitted", today="2026-12-20")
    thanks = [i for i in due(run, today="2026-12-22") if i["rule"] == "thank-you"]
    assert thanks and thanks[0]["due"] == "2026-12-22"
    run("log", "okafor", "--kind", "thanks", today="2026-12-22")
    assert not [i for i in due(run, today="2026-12-22") if i["rule"] == "thank-you"]


def test_unknown_letter_status_is_refused(run: Run) -> None:
    run("add", "Dr. James Okafor")
    run("letters", "ask", "okafor", "--for", "Match")
    result = run("letters", "set", "1", "maybe")
    assert result.exit_code == 1
    assert "maybe" in result.stderr


def test_no_check_in_is_due_during_an_icu_month_and_the_backlog_is_spread_after(run: Run) -> None:
    for n in range(7):
        run("add", f"Dr. Contact {n}", "--every", "1")
    assert len(due(run)) == 7
    assert run("pause", "--until", "2026-12-20").exit_code == 0
    assert due(run, today="2026-12-01") == []
    assert "Paused until 2026-12-20" in run("due", today="2026-12-01").stdout
    first_day = due(run, "--within", "0", today="2026-12-20")
    assert len(first_day) == 3
    assert {i["due"] for i in due(run, "--within", "10", today="2026-12-20")} == {
        "2026-12-20",
        "2026-12-21",
        "2026-12-22",
    }


def test_resume_ends_a_pause_early(run: Run) -> None:
    run("add", "Dr. A", "--every", "1")
    run("pause", "--until", "2027-01-31")
    assert due(run) == []
    assert run("resume").exit_code == 0
    assert len(due(run)) == 1
    assert run("resume").exit_code == 1  # not paused any more


def test_a_pause_must_end_in_the_future(run: Run) -> None:
    result = run("pause", "--until", "2026-11-01")
    assert result.exit_code == 1


def test_capture_a_whole_conference_from_stdin(run: Run) -> None:
    result = run(
        "add",
        "--at",
        "AATS 2026",
        "--tag",
        "aats",
        input="Dr. Lena Fischer | Charité | talked about ECMO\nDr. Kenji Sato\n\n",
    )
    assert result.exit_code == 0, result.output
    items = due(run)
    assert sorted(i["contact"] for i in items) == ["Dr. Kenji Sato", "Dr. Lena Fischer"]
    assert {i["rule"] for i in items} == {"conference-followup"}
    shown = json.loads(run("show", "fischer", "--json").stdout)
    assert shown["institution"] == "Charité"
    assert shown["tags"] == ["aats"]
    assert shown["touchpoints"][0]["kind"] == "met"


def test_capture_with_one_bad_line_adds_nobody(run: Run) -> None:
    result = run("add", "--at", "AATS 2026", input="Dr. Fine\n" + "X" * 400 + "\n")
    assert result.exit_code == 1
    assert "person 2" in result.stderr
    assert json.loads(run("list", "--json").stdout) == []


def test_capture_refuses_options_that_belong_to_one_person(run: Run) -> None:
    result = run("add", "--at", "AATS 2026", "--email", "x@example.org", input="A\nB\n")
    assert result.exit_code == 1
    assert "--email" in result.stderr
    assert json.loads(run("list", "--json").stdout) == []


def test_demo_fills_an_empty_database_and_refuses_a_full_one(run: Run) -> None:
    result = run("demo")
    assert result.exit_code == 0, result.output
    rules = {i["rule"] for i in due(run)}
    assert {
        "conference-followup",
        "thank-you",
        "reply-nudge",
        "keep-warm",
        "next-step",
        "milestone-loop",
    } <= rules
    again = run("demo")
    assert again.exit_code == 1
    assert "already has contacts" in again.stderr


def test_an_empty_list_says_how_to_start_and_a_filtered_one_how_to_widen(run: Run) -> None:
    assert "netlog demo" in run("list").stdout
    run("add", "Dr. Maya Patel", "--tag", "ortho")
    assert "filters" in run("list", "--tag", "cardio").stdout


def test_the_demo_is_one_change_that_undo_takes_back_whole(run: Run) -> None:
    assert run("demo").exit_code == 0
    listing = run("undo", "--list").stdout
    assert len([line for line in listing.splitlines() if " demo " in line]) == 1
    assert run("undo").exit_code == 0
    assert json.loads(run("list", "--json").stdout) == []
