"""A large import (planned in a temporary file, written in batches) does what a small one does.

``netlog import`` keeps the rows of a file of up to ``SPOOL_CHARS`` characters
in memory and spools a longer one's to a temporary file, plans up to
``SCRATCH_ROWS`` rows in dictionaries and more in a temporary SQLite store,
and writes the plan in batches of ``BATCH``. Here both limits are lowered so that varied small files take the
large-file path, and its outcome is compared with the ordinary path's: the
printed report, the error when there is one, the dry run, every row written
(contacts, touchpoints, follow-ups, the undo log) and what ``undo`` leaves.
Files repeat people within themselves (by netlog key, LinkedIn URL, email and
name) and name people already stored, on either side of a batch boundary.
"""

from __future__ import annotations

import csv
import io
import re
import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from netlog import importing, importing_plan
from netlog.cli import app

NAMES = ["Ann Lee", "ann  lee", "Bo Chen", "Cy Diaz", "Dee Eng"]
EMAILS = ["ann@x.org", "ANN@x.org", "bo@y.org", "cy@z.org"]
LINKS = ["https://www.linkedin.com/in/ann", "linkedin.com/in/ann/", "https://linkedin.com/in/bo"]
UIDS = ["0" * 32, "1" * 32, "ab" * 16]
DAYS = ["2025-03-01", "2026-01-15", "2026-11-05", "2026-11-20"]
STEPS = ["send the draft", "ask about the grant"]
COLUMNS = ("name", "email", "linkedin", "uid", "role", "tags", "met", "last_contact", "next_step")


def maybe(values: list[str]) -> st.SearchStrategy[str]:
    return st.one_of(st.just(""), st.sampled_from(values))


rows = st.lists(
    st.fixed_dictionaries(
        {
            "name": st.sampled_from(NAMES),
            "email": maybe(EMAILS),
            "linkedin": maybe(LINKS),
            "uid": maybe(UIDS),
            "role": maybe(["Attending", "Fellow", "Chair"]),
            "tags": maybe(["ors", "ors;grant", "grant"]),
            "met": maybe(DAYS),
            "last_contact": maybe(DAYS),
            "next_step": maybe(STEPS),
        }
    ),
    min_size=1,
    max_size=9,
)


def to_csv(items: list[dict[str, str]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(items)
    return out.getvalue()


def dump(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """The rows an import writes, without its clock times and the random keys it
    gives new people (those not in the files)."""
    conn = sqlite3.connect(path)
    try:
        contact = [
            (*r[:-1], r[-1] if r[-1] in UIDS else "new")
            for r in conn.execute(
                "SELECT id, name, name_key, role, email, linkedin, how_met, tags, created, "
                "last_contact, core_since, imported, uid FROM contact ORDER BY id"
            )
        ]
        touchpoint = conn.execute(
            "SELECT id, contact_id, date, channel, kind, direction, note, next_step, follow_up "
            "FROM touchpoint ORDER BY id"
        ).fetchall()
        pending = conn.execute(
            "SELECT contact_id, rule, due, reason, action, starts, ends FROM pending "
            "ORDER BY contact_id, rule, due"
        ).fetchall()
        change = conn.execute(
            "SELECT c.command, c.summary, r.table_name, r.op, r.row_id FROM change_row AS r "
            "JOIN change AS c ON c.id = r.change_id ORDER BY r.id"
        ).fetchall()
    finally:
        conn.close()
    return {"contact": contact, "touchpoint": touchpoint, "pending": pending, "change": change}


@contextmanager
def large_file_path(on: bool) -> Iterator[None]:
    """Every file takes the large-file path (rows spooled, batches of two) when ``on``."""
    if not on:
        yield
        return
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(importing_plan, "SCRATCH_ROWS", 0)
        patch.setattr(importing, "BATCH", 2)
        patch.setattr(importing, "SPOOL_CHARS", 0)
        yield


def outcome(folder: Path, seed: str, file: str, *, large: bool) -> list[Any]:
    """What importing ``file`` into a database holding ``seed`` prints and leaves."""
    runner = CliRunner()
    db = folder / ("large.db" if large else "small.db")
    (folder / "seed.csv").write_text(seed, encoding="utf-8")
    (folder / "file.csv").write_text(file, encoding="utf-8")

    def run(*args: str) -> tuple[int, str, str]:
        result = runner.invoke(app, ["--db", str(db), *args], catch_exceptions=False)
        # undo names the change by its clock time, which may differ by a minute.
        stdout = re.sub(r"\(\d{4}-\d\d-\d\d \d\d:\d\d\)", "(TIME)", result.stdout)
        return result.exit_code, stdout, result.stderr

    seeded = run("import", str(folder / "seed.csv"), "--format", "csv")
    before = dump(db) if db.exists() else None
    with large_file_path(large):
        dry = run("import", str(folder / "file.csv"), "--format", "csv", "--dry-run")
        unchanged = (dump(db) if db.exists() else None) == before
        done = run("import", str(folder / "file.csv"), "--format", "csv")
    after = dump(db) if db.exists() else None
    undone = run("undo")
    return [seeded, dry, unchanged, done, after, undone, dump(db) if db.exists() else None]


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(seed=rows, file=rows, twice=st.booleans())
def test_a_large_file_is_matched_and_written_as_a_small_one_is(
    seed: list[dict[str, str]], file: list[dict[str, str]], twice: bool
) -> None:
    text = to_csv(file + file if twice else file)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        small = outcome(folder, to_csv(seed), text, large=False)
        large = outcome(folder, to_csv(seed), text, large=True)
    assert large == small
    assert large[2], "a dry run wrote something"


def test_the_comparison_sees_matches_repeats_and_updates() -> None:
    """The varied files do reach the paths compared: a stored person updated, a
    repeated row merged, a touchpoint added, across batches of two."""
    seed = [{"name": "Ann Lee", "email": "ann@x.org", "uid": UIDS[0]}]
    file = [
        {"name": "Bo Chen", "linkedin": LINKS[2]},
        {"name": "Cy Diaz", "last_contact": DAYS[1], "next_step": STEPS[0]},
        {"name": "ann lee", "email": "ANN@x.org", "role": "Chair"},
        {"name": "Bo Chen", "linkedin": LINKS[2], "tags": "ors", "met": DAYS[0]},
    ]
    with tempfile.TemporaryDirectory() as tmp:
        small = outcome(Path(tmp), to_csv(seed), to_csv(file), large=False)
        large = outcome(Path(tmp), to_csv(seed), to_csv(file), large=True)
    assert large == small
    code, printed, _ = large[3]
    assert code == 0
    assert "2 added, 1 updated" in printed
    assert "Updated: Ann Lee (#1, matched by email)" in printed
    assert "Merged 1 repeated row: line 5 into line 2 (Bo Chen)" in printed
    assert large[4]["touchpoint"]
