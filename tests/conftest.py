"""Every test gets its own database, settings file and "today"; nothing touches ``~``."""

from __future__ import annotations

import inspect
import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

pytest_plugins = ["tests.pgserver"]  # the real PostgreSQL server: fixtures pg, pg_server

# Thursday 5 November 2026: the morning after a conference.
TODAY = "2026-11-05"

# The commands' CLI tests: each runs on SQLite and again on PostgreSQL (the
# test server's database of its own as NETLOG_DB). In these modules a test
# stays SQLite-only when it is about the file itself: it asks for ``db_file``
# or ``netlog_env`` (it reads or damages the file) or is marked ``sqlite_only``.
BOTH_ENGINES = frozenset(
    {
        "test_activity",
        "test_cli_core",
        "test_draft_prep_stats_cmd",
        "test_fix_skip",
        "test_lifecycle_cli",
        "test_search_remind",
        "test_undo_every_command",
        "test_user_errors",
        "test_week_team_cmd",
    }
)
ENGINES = ("sqlite", "postgres")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "sqlite_only: about the SQLite file itself; not run on PostgreSQL"
    )


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    module = metafunc.module.__name__.rsplit(".", 1)[-1]
    asked = inspect.signature(metafunc.function).parameters
    if (
        module in BOTH_ENGINES
        and "db_file" not in asked
        and "netlog_env" not in asked
        and metafunc.definition.get_closest_marker("sqlite_only") is None
    ):
        metafunc.parametrize("engine", ENGINES, indirect=True)


@pytest.fixture
def engine(request: pytest.FixtureRequest) -> str:
    """The engine this test runs on: ``sqlite`` unless parametrized (BOTH_ENGINES)."""
    return str(getattr(request, "param", "sqlite"))


@pytest.fixture(autouse=True)
def netlog_env(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest, engine: str
) -> Iterator[Path]:
    """Point NETLOG_DB / NETLOG_CONFIG at tmp files, fix today, drop NO_COLOR.

    On PostgreSQL, NETLOG_DB is the URL of a new database on the test server.
    """
    db = tmp_path / "data" / "netlog.db"
    if engine == "postgres":
        monkeypatch.setenv("NETLOG_DB", request.getfixturevalue("pg").url)
    else:
        monkeypatch.setenv("NETLOG_DB", str(db))
    monkeypatch.setenv("NETLOG_CONFIG", str(tmp_path / "config.toml"))
    monkeypatch.setenv("NETLOG_TODAY", TODAY)
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))  # a stray ~ lands here, not in yours
    yield db


@pytest.fixture
def db_file(netlog_env: Path) -> Path:
    return netlog_env


@dataclass
class Run:
    exit_code: int
    stdout: str
    stderr: str

    def json(self) -> Any:
        return json.loads(self.stdout)


@pytest.fixture
def netlog() -> Any:
    """Run ``netlog ARGS…`` in-process; returns exit code, stdout and stderr."""
    from netlog.cli import app

    runner = CliRunner()

    def run(*args: str, input: str | None = None, env: dict[str, str] | None = None) -> Run:
        result = runner.invoke(app, list(args), input=input, env=env, catch_exceptions=False)
        return Run(result.exit_code, result.stdout, result.stderr)

    return run


def count_rows(path: Path) -> dict[str, int]:
    """Rows per table, read with a separate connection."""
    conn = sqlite3.connect(path)
    try:
        tables = [
            r[0]
            for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        return {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}
    finally:
        conn.close()
