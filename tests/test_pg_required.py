"""The PostgreSQL tests fail rather than skip when they cannot run, unless told to skip."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NEEDS_SERVER = """
def test_needs_the_server(pg):
    assert pg.sql("SELECT 1") == [(1,)]
"""


def _pytest(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    (tmp_path / "test_uses_pg.py").write_text(NEEDS_SERVER)
    environ = {
        k: v for k, v in os.environ.items() if not k.startswith(("NETLOG_SKIP", "NETLOG_REQ"))
    }
    environ.update(env, PYTHONPATH=str(ROOT))
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "tests.pgserver",
            "-p",
            "no:cacheprovider",
            "--rootdir",
            str(tmp_path),
            "-c",
            os.devnull,
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        env=environ,
        cwd=tmp_path,
        timeout=120,
    )


@pytest.mark.parametrize("required", ["", "1"])
def test_missing_server_binaries_fail_the_postgresql_tests(tmp_path: Path, required: str) -> None:
    run = _pytest(tmp_path, NETLOG_PG_BIN=str(tmp_path / "nowhere"), NETLOG_REQUIRE_PG=required)
    assert run.returncode == 1, run.stdout
    assert "initdb/pg_ctl/postgres were not found" in run.stdout
    assert "1 error" in run.stdout or "1 failed" in run.stdout


def test_skipping_is_allowed_only_when_asked_and_not_where_required(tmp_path: Path) -> None:
    skipped = _pytest(tmp_path, NETLOG_SKIP_PG="1")
    assert skipped.returncode == 0, skipped.stdout
    assert "1 skipped" in skipped.stdout
    required = _pytest(tmp_path, NETLOG_SKIP_PG="1", NETLOG_REQUIRE_PG="1")
    assert required.returncode == 1
    assert "NETLOG_REQUIRE_PG=1 but 1 PostgreSQL test(s) were skipped" in required.stderr
