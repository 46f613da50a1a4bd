"""``netlog week`` and ``netlog team`` through the command line."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from netlog import service
from netlog.cli import app
from netlog.config import load_settings
from netlog.storage.db import open_db

Run = Callable[..., Result]


@pytest.fixture
def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Run:
    monkeypatch.setenv("NETLOG_DB", str(tmp_path / "netlog.db"))
    monkeypatch.setenv("NETLOG_CONFIG", str(tmp_path / "config.toml"))
    monkeypatch.setenv("NETLOG_TODAY", "2026-11-25")  # a Wednesday
    runner = CliRunner()

    def invoke(*args: str, today: str | None = None) -> Result:
        if today:
            monkeypatch.setenv("NETLOG_TODAY", today)
        return runner.invoke(app, list(args))

    return invoke


def ok(result: Result) -> Result:
    assert result.exit_code == 0, result.output
    return result


def week_json(run: Run) -> dict[str, object]:
    data = json.loads(ok(run("week", "--json")).stdout)
    assert isinstance(data, dict)
    return data


def items(data: dict[str, object]) -> dict[str, dict[str, object]]:
    rows = data["items"]
    assert isinstance(rows, list)
    return {str(i["key"]): i for i in rows}


# --- week ---------------------------------------------------------------------------


def test_week_json_on_an_empty_log_starts_on_monday_and_nothing_is_done(run: Run) -> None:
    data = week_json(run)
    assert data["week_start"] == "2026-11-23"
    rows = data["items"]
    assert isinstance(rows, list)
    assert [i["cadence"] for i in rows] == ["weekly", "weekly", "monthly", "monthly", "quarterly"]
    for item in rows:
        assert set(item) >= {"cadence", "text", "done"}
        assert item["done"] is False
        assert isinstance(item["text"], str) and item["text"]


def test_week_on_an_empty_log_says_how_to_start(run: Run) -> None:
    out = ok(run("week")).stdout
    assert "0 of 5 done" in out
    assert "netlog add" in out and "netlog demo" in out


def test_week_on_the_demo_names_who_to_write_to(run: Run) -> None:
    ok(run("demo"))
    data = week_json(run)
    by_key = items(data)
    assert by_key["monthly-event"]["done"] is True  # the demo's virtual grand rounds
    assert by_key["weekly-message"]["done"] is False
    assert data["suggest"] == "Dr. Maya Patel"  # core, update overdue
    out = ok(run("week")).stdout
    assert "[x] monthly" in out and "[ ] weekly" in out
    assert "Best to write to now: Dr. Maya Patel" in out
    assert "netlog add" not in out


def test_a_week_where_everything_was_done_shows_all_done(run: Run, tmp_path: Path) -> None:
    ok(run("add", "Dr. Maya Patel", "--core", "--met", "2026-06-01"))
    ok(run("log", "patel", "--kind", "update", "--date", "2026-11-24"))  # message + core update
    ok(run("read", "JBJS ACL review", "--point", "graft choice", "--date", "2026-11-23"))
    ok(run("attend", "Virtual grand rounds", "--virtual", "--date", "2026-11-05"))
    db = open_db(tmp_path / "netlog.db")
    try:
        # What 'netlog export' records when the spreadsheet is written.
        service.add_activity(
            db, load_settings(), "export", "contacts to network.csv", day=date(2026, 11, 20)
        )
    finally:
        db.close()
    data = week_json(run)
    assert all(i["done"] for i in items(data).values()), data
    assert "5 of 5 done" in ok(run("week")).stdout


def test_an_in_person_event_does_not_count_as_the_virtual_one(run: Run) -> None:
    ok(run("attend", "AAOS 2026", "--date", "2026-11-10"))
    item = items(week_json(run))["monthly-event"]
    assert item["done"] is False
    assert "in person" in str(item["detail"])


def test_last_weeks_message_does_not_count_this_week(run: Run) -> None:
    ok(run("add", "Dr. Maya Patel", "--met", "2026-06-01"))
    ok(run("log", "patel", "--kind", "update", "--date", "2026-11-22"))  # Sunday before
    assert items(week_json(run))["weekly-message"]["done"] is False


def test_the_resident_routine_counts_mentorship_meetings(run: Run, tmp_path: Path) -> None:
    (tmp_path / "config.toml").write_text(
        'profile = "resident"\ncommunities = ["AAOS Resident Assembly"]\n', encoding="utf-8"
    )
    ok(run("add", "Dr. Maya Patel", "--type", "mentor:clinical", "--met", "2026-06-01"))
    before = items(week_json(run))
    assert set(before) == {"monthly-meetings", "weekly-community", "quarterly-core"}
    assert before["monthly-meetings"]["done"] is False
    assert before["monthly-meetings"]["suggest"] == "Dr. Maya Patel"
    assert "AAOS Resident Assembly" in str(before["weekly-community"]["text"])
    ok(run("log", "patel", "--kind", "meeting", "--via", "video", "--date", "2026-11-03"))
    ok(run("attend", "AAOS Resident Assembly forum", "--date", "2026-11-24"))
    after = items(week_json(run))
    assert after["monthly-meetings"]["done"] is True
    assert after["weekly-community"]["done"] is True
    assert "resident routine" in ok(run("week")).stdout


# --- team ---------------------------------------------------------------------------


def team_json(run: Run) -> dict[str, object]:
    data = json.loads(ok(run("team", "--json")).stdout)
    assert isinstance(data, dict)
    return data


def test_team_on_an_empty_log_misses_every_kind_and_says_how_to_start(run: Run) -> None:
    data = team_json(run)
    assert data["covered"] == {}
    assert data["missing"] == ["clinical", "research", "career", "near-peer"]
    out = ok(run("team")).stdout
    assert "netlog add" in out and "netlog demo" in out
    assert "Missing: clinical, research, career, near-peer" in out


def test_team_on_the_demo_covers_the_student_kinds_and_names_the_sponsor(run: Run) -> None:
    ok(run("demo"))
    data = team_json(run)
    covered = data["covered"]
    assert isinstance(covered, dict)
    assert covered["research"] == ["Dr. Maya Patel", "Dr. Rohan Mehta (रोहन मेहता)"]
    assert covered["near-peer"] == ["Dr. Sofía Álvarez"]
    assert data["missing"] == []
    assert data["sponsors"] == ["Dr. James Okafor"]
    out = ok(run("team")).stdout
    assert "Sponsors: Dr. James Okafor" in out
    assert "career" in out and "Dr. Fatima Haddad, Dr. James Okafor" in out


def test_an_img_profile_looks_for_application_strategy_and_img_navigation(
    run: Run, tmp_path: Path
) -> None:
    (tmp_path / "config.toml").write_text('profile = "img"\n', encoding="utf-8")
    ok(run("demo"))
    data = team_json(run)
    assert data["missing"] == ["application-strategy", "img-navigation"]
    out = ok(run("team")).stdout
    assert "profile: img" in out
    assert "--type mentor:application-strategy" in out


def test_a_team_of_one_mentor_is_nudged_to_grow(run: Run) -> None:
    ok(run("add", "Dr. Maya Patel", "--type", "mentor:clinical", "--type", "mentor:research"))
    data = team_json(run)
    nudges = data["nudges"]
    assert isinstance(nudges, list)
    assert any("rests on Dr. Maya Patel" in n for n in nudges)
    assert "rests on Dr. Maya Patel" in ok(run("team")).stdout
