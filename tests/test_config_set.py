"""``netlog config set/get/unset``, undo of a settings change, and the routine's name.

Real processes against real files: the settings file is checked like the
file itself before it is written, written 0600 and whole, and ``netlog
undo`` takes a settings change back in its turn, never reaching past it.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from tests.safety_helpers import run


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    config = tmp_path / "settings" / "config.toml"
    env = {
        "NETLOG_DB": str(tmp_path / "netlog.db"),
        "NETLOG_CONFIG": str(config),
        "NETLOG_TODAY": "2026-11-05",
    }
    return config, env


def test_set_profile_then_week_follows_it_and_undo_puts_it_back(
    files: tuple[Path, dict[str, str]],
) -> None:
    config, env = files
    run("add", "Dr. Kept", env=env, check=True)
    assert "(student routine)" in run("week", env=env, check=True).stdout
    result = run("config", "set", "profile", "resident", env=env, check=True)
    assert "'netlog week' now follows the resident routine" in result.stdout
    assert stat.S_IMODE(config.stat().st_mode) == 0o600
    assert run("config", "get", "profile", env=env, check=True).stdout == "resident\n"
    assert "(resident routine)" in run("week", env=env, check=True).stdout
    listed = run("undo", "--list", env=env, check=True).stdout
    assert "set profile to resident in the settings file" in listed
    undone = run("undo", env=env, check=True)
    assert undone.stdout.startswith("Undid config ")
    assert not config.exists()  # the file it created is gone again
    assert "(student routine)" in run("week", env=env, check=True).stdout
    assert "Dr. Kept" in run("list", env=env, check=True).stdout  # undo stopped there


def test_a_set_keeps_the_files_comments_and_undo_restores_it_byte_for_byte(
    files: tuple[Path, dict[str, str]],
) -> None:
    config, env = files
    run("config", "--init", env=env, check=True)
    original = config.read_text()
    run("config", "set", "intervals.keep_warm_days", "120", env=env, check=True)
    run("config", "set", "you.institutions", "HSS", "Mass General", env=env, check=True)
    text = config.read_text()
    assert "# Who you are: student, img" in text and "keep_warm_days = 120" in text
    assert run("config", "get", "keep_warm_days", env=env, check=True).stdout == "120\n"
    got = run("config", "get", "you.institutions", env=env, check=True).stdout
    assert got == "HSS\nMass General\n"
    assert "keep-warm 120d" in run("config", env=env, check=True).stdout
    run("undo", env=env, check=True)
    run("undo", env=env, check=True)
    assert config.read_text() == original
    assert [p.name for p in config.parent.iterdir()] == ["config.toml"]  # no temp files


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["intervals.keep_warm_days", "400"], "intervals.keep_warm_days = 400 is outside 90–365"),
        (["profile", "intern"], "invalid profile 'intern': choose one of student, img"),
        (["profile", "residnet"], "(did you mean 'resident'?)"),
        (["keep_warm", "120"], "(did you mean 'intervals.keep_warm_days'?)"),
        (["intervals.keep_warm_days", "soon"], "must be a whole number"),
        (["team.kinds", "wizardry"], "team.kinds: 'wizardry' is not a mentor kind"),
        (["profile", "img", "resident"], "profile takes one value, not 2"),
    ],
)
def test_a_value_the_file_would_refuse_is_refused_and_nothing_is_written(
    files: tuple[Path, dict[str, str]], args: list[str], message: str
) -> None:
    config, env = files
    run("config", "set", "profile", "img", env=env, check=True)
    before = config.read_bytes()
    result = run("config", "set", *args, env=env)
    assert result.returncode == 1
    assert message in result.stderr and result.stderr.count("\n") == 1
    assert config.read_bytes() == before
    assert run("undo", "--list", env=env, check=True).stdout.count("config") == 1


def test_config_set_can_mend_a_settings_file_that_does_not_load(
    files: tuple[Path, dict[str, str]],
) -> None:
    config, env = files
    config.parent.mkdir()
    config.write_text('profile = "intern"\n')
    assert run("due", env=env).returncode == 1
    run("config", "set", "profile", "resident", env=env, check=True)
    assert run("due", env=env).returncode == 0


def test_undo_keeps_a_newer_edit_by_hand_and_says_so(files: tuple[Path, dict[str, str]]) -> None:
    config, env = files
    run("config", "set", "profile", "img", env=env, check=True)
    config.write_text('profile = "img-prelim"\n')  # changed in an editor since
    result = run("undo", env=env, check=True)
    assert "profile was changed in" in result.stdout and "left as it is" in result.stdout
    assert config.read_text() == 'profile = "img-prelim"\n'


def test_a_settings_file_that_is_a_link_keeps_the_link(
    files: tuple[Path, dict[str, str]], tmp_path: Path
) -> None:
    config, env = files
    real = tmp_path / "dotfiles" / "netlog.toml"
    real.parent.mkdir()
    real.write_text('profile = "student"\n')
    config.parent.mkdir()
    config.symlink_to(real)
    run("config", "set", "profile", "resident", env=env, check=True)
    assert config.is_symlink()
    assert real.read_text() == 'profile = "resident"\n'
    assert stat.S_IMODE(os.stat(real).st_mode) == 0o600


def test_unset_brings_the_default_back_and_is_undone_too(
    files: tuple[Path, dict[str, str]],
) -> None:
    _config, env = files
    run("config", "set", "intervals.keep_warm_days", "120", env=env, check=True)
    run("config", "unset", "keep_warm_days", env=env, check=True)
    assert run("config", "get", "keep_warm_days", env=env, check=True).stdout == "180\n"
    assert "removed intervals.keep_warm_days" in run("undo", env=env, check=True).stdout
    assert run("config", "get", "keep_warm_days", env=env, check=True).stdout == "120\n"


@pytest.mark.parametrize(
    ("settings", "label"),
    [
        ("", "student routine"),
        ('profile = "student"\n', "student routine"),
        ('profile = "img"\n', "IMG routine"),
        ('profile = "img-prelim"\n', "IMG prelim-year routine"),
        ('profile = "resident"\n', "resident routine"),
        ('profile = "student"\nroutine = "resident"\n', "resident routine"),
        ('profile = "resident"\nroutine = "img"\n', "IMG routine"),
    ],
)
def test_week_names_the_routine_in_the_users_words(
    files: tuple[Path, dict[str, str]], settings: str, label: str
) -> None:
    config, env = files
    config.parent.mkdir()
    config.write_text(settings)
    head = run("week", env=env, check=True).stdout.splitlines()[0]
    assert f"({label}):" in head
