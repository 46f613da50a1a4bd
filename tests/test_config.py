"""Settings: defaults, the guides' windows, and one message listing every mistake."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from netlog.config import load_settings, settings_from_dict
from netlog.errors import ConfigError


def test_no_file_means_the_guides_defaults(tmp_path: Path) -> None:
    settings = load_settings(tmp_path / "missing.toml")
    assert settings.intervals.conference == 3
    assert settings.intervals.core == 90
    assert settings.intervals.keep_warm == 180
    assert settings.team == ("clinical", "research", "career", "near-peer")


def test_a_resident_gets_the_resident_routine_and_team() -> None:
    settings = settings_from_dict({"profile": "resident"})
    assert settings.routine == "resident"
    assert "wellness" in settings.team


def test_an_img_profile_adds_application_strategy_and_img_navigation() -> None:
    settings = settings_from_dict({"profile": "img", "team": {"kinds": ["wellness"]}})
    assert {"application-strategy", "img-navigation", "wellness"} <= set(settings.team)


@pytest.mark.parametrize(
    ("key", "value", "attr"),
    [
        ("conference_followup_days", 2, "conference"),
        ("conference_followup_days", 5, "conference"),
        ("reply_nudge_days", 10, "nudge"),
        ("core_update_days", 60, "core"),
        ("core_update_days", 120, "core"),
        ("keep_warm_days", 365, "keep_warm"),
    ],
)
def test_intervals_inside_the_window_are_taken(key: str, value: int, attr: str) -> None:
    settings = settings_from_dict({"intervals": {key: value}})
    assert getattr(settings.intervals, attr) == value


def test_every_mistake_is_reported_at_once() -> None:
    with pytest.raises(ConfigError) as caught:
        settings_from_dict(
            {
                "intervals": {"core_update_days": 200, "conference_followup_days": 1, "x": 3},
                "profile": "intern",
                "colour": True,
            }
        )
    text = str(caught.value)
    for fragment in (
        "core_update_days = 200",
        "conference_followup_days = 1",
        "intervals.x",
        "'intern'",
        "'colour'",
    ):
        assert fragment in text


def test_broken_toml_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text("[intervals\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_settings(path)


def test_a_shorter_core_interval_brings_a_mentor_due_sooner(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from typer.testing import CliRunner

    from netlog.cli import app

    monkeypatch.setenv("NETLOG_DB", str(tmp_path / "n.db"))
    config = tmp_path / "config.toml"
    monkeypatch.setenv("NETLOG_CONFIG", str(config))
    monkeypatch.setenv("NETLOG_TODAY", "2026-11-23")
    runner = CliRunner()
    assert runner.invoke(app, ["add", "Dr. Maya Patel", "--core"]).exit_code == 0
    assert runner.invoke(app, ["log", "patel", "--date", "2026-09-01"]).exit_code == 0
    # 83 days of silence: not due within a week with the default 90 days...
    result = runner.invoke(app, ["due", "--json", "--within", "0"])
    assert "core-update" not in result.stdout
    # ...but overdue once the user chooses the guides' shorter 60 days.
    config.write_text("[intervals]\ncore_update_days = 60\n", encoding="utf-8")
    result = runner.invoke(app, ["due", "--json", "--within", "0"])
    assert result.exit_code == 0
    import json

    items = json.loads(result.stdout)
    assert [i["rule"] for i in items] == ["core-update"]
    assert items[0]["due"] == date(2026, 10, 31).isoformat()


def test_a_bad_settings_file_stops_the_command_with_exit_1(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from typer.testing import CliRunner

    from netlog.cli import app

    config = tmp_path / "config.toml"
    config.write_text('profile = "intern"\n', encoding="utf-8")
    monkeypatch.setenv("NETLOG_CONFIG", str(config))
    monkeypatch.setenv("NETLOG_DB", str(tmp_path / "n.db"))
    result = CliRunner().invoke(app, ["due"])
    assert result.exit_code == 1
    assert "'intern'" in result.stderr


def test_the_first_command_records_which_settings_the_follow_ups_were_computed_with(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """So the next morning's `due` reads stored follow-ups instead of recomputing them all."""
    import sqlite3

    from typer.testing import CliRunner

    from netlog import followups
    from netlog.cli import app
    from netlog.config import Settings
    from netlog.storage import records

    db = tmp_path / "n.db"
    monkeypatch.setenv("NETLOG_DB", str(db))
    monkeypatch.setenv("NETLOG_CONFIG", str(tmp_path / "none.toml"))
    assert CliRunner().invoke(app, ["add", "Dr. Maya Patel", "--met", "yesterday"]).exit_code == 0
    with sqlite3.connect(db) as conn:
        assert records.meta_get(conn, "rules") == followups.rules_fingerprint(Settings())
