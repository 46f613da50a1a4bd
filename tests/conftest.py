"""Every test gets its own database and config path; nothing touches ``~``."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("NETLOG_DB", str(tmp_path / "data" / "netlog.db"))
    monkeypatch.setenv("NETLOG_CONFIG", str(tmp_path / "config.toml"))
    monkeypatch.setenv("NETLOG_TODAY", "2026-11-23")
    monkeypatch.delenv("NO_COLOR", raising=False)
    yield
