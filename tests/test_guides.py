"""The routine, team and persona guides in docs/ match what netlog prints today."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

DOCS = Path(__file__).resolve().parent.parent / "docs"


def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("gen_guides", DOCS / "gen_guides.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("gen_guides", module)
    spec.loader.exec_module(module)
    return module


GEN = _generator()


@pytest.mark.parametrize("page", GEN.pages(), ids=lambda p: p.filename)
def test_the_page_is_what_the_generator_writes(page: object) -> None:
    target = DOCS / page.filename  # type: ignore[attr-defined]
    assert target.exists(), f"docs/{target.name} is missing: run python docs/gen_guides.py"
    expected = GEN.render(page)
    assert target.read_text(encoding="utf-8") == expected, (
        f"docs/{target.name} is out of date: run python docs/gen_guides.py"
    )


def test_every_persona_has_a_guide() -> None:
    names = {p.filename for p in GEN.pages()}
    assert {
        "guide-student.md",
        "guide-img.md",
        "guide-img-prelim.md",
        "guide-resident.md",
        "routine.md",
        "team.md",
    } <= names


def test_the_generator_leaves_the_environment_as_it_found_it(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("NETLOG_TODAY", "2030-01-01")
    monkeypatch.delenv("NETLOG_CONFIG", raising=False)
    monkeypatch.chdir(tmp_path)
    GEN.render(GEN.pages()[0])
    import os

    assert os.environ["NETLOG_TODAY"] == "2030-01-01"
    assert "NETLOG_CONFIG" not in os.environ
    assert Path.cwd() == tmp_path
