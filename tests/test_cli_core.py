"""The core commands, driven the way a trainee would drive them."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.conftest import count_rows
from tests.safety_helpers import read_until_closed

ANSI = re.compile(r"\x1b\[")


def meet_patel(netlog: Any) -> None:
    r = netlog(
        "add",
        "Dr. Maya Patel",
        "--at",
        "AAOS 2026",
        "--role",
        "attending",
        "--institution",
        "Mass General",
        "--email",
        "maya.patel@example.org",
        "--type",
        "mentor:research",
        "--tag",
        "ortho",
    )
    assert r.exit_code == 0, r.stderr
    # The first read stores the rules' fingerprint (a cache); settle it so row counts
    # before and after a failing command compare user data only.
    assert netlog("list").exit_code == 0


# --- the morning after a conference -------------------------------------------


def test_met_at_a_conference_then_due_three_days_later(netlog: Any) -> None:
    meet_patel(netlog)
    assert netlog("due").stdout.count("Dr. Maya Patel") == 1
    [item] = netlog("due", "--json").json()
    assert item == {
        "contact_id": 1,
        "contact": "Dr. Maya Patel",
        "rule": "conference-followup",
        "due": "2026-11-08",
        "days_overdue": -3,
        "reason": item["reason"],
        "action": item["action"],
        "urgency": 0.25,  # not yet due: below 1, nearer is higher
    }
    assert "AAOS 2026" in item["reason"]
    assert item["action"]


def test_logging_the_followup_clears_it(netlog: Any) -> None:
    meet_patel(netlog)
    r = netlog("log", "patel", "--kind", "thanks", "--note", "thanked for the ACL talk")
    assert r.exit_code == 0
    assert "thanks" in r.stdout and "Dr. Maya Patel" in r.stdout
    assert netlog("due", "--json").json() == []
    assert "Nothing due" in netlog("due").stdout


def test_netlog_today_drives_what_is_due(netlog: Any) -> None:
    meet_patel(netlog)
    later = netlog("due", "--json", "--within", "0", env={"NETLOG_TODAY": "2026-11-10"}).json()
    assert [(i["rule"], i["days_overdue"]) for i in later] == [("conference-followup", 2)]
    assert netlog("due", "--json", "--within", "0").json() == []


def test_an_empty_network_suggests_adding_someone(netlog: Any) -> None:
    r = netlog("due")
    assert r.exit_code == 0
    assert "netlog add" in r.stdout
    assert "netlog add" in netlog("list").stdout


def test_due_caps_rows_on_screen_and_counts_the_rest(netlog: Any) -> None:
    for n in range(8):
        netlog("add", f"Resident {n}", "--met", "2026-11-01")
    r = netlog("due", "--limit", "5")
    assert sum(1 for line in r.stdout.splitlines() if "Resident" in line) == 5
    assert "and 3 more" in r.stdout
    assert len(netlog("due", "--json").json()) == 8  # JSON is never capped


def test_a_week_later_the_overdue_item_comes_before_the_upcoming_one(netlog: Any) -> None:
    netlog("add", "Early Bird", "--met", "2026-10-28")
    netlog("add", "Late Comer", "--met", "2026-11-04")
    items = netlog("due", "--json").json()
    assert [(i["contact"], i["days_overdue"]) for i in items] == [
        ("Early Bird", 5),
        ("Late Comer", -2),
    ]


# --- list and show --------------------------------------------------------------

LIST_KEYS = {
    "id",
    "name",
    "institution",
    "role",
    "email",
    "types",
    "tags",
    "core",
    "last_contact",
    "next_step",
    "next_due",
}


def test_list_json_shape(netlog: Any) -> None:
    meet_patel(netlog)
    netlog("log", "patel", "--kind", "meeting", "--next", "send CV", "--due", "friday")
    [row] = netlog("list", "--json").json()
    assert set(row) >= LIST_KEYS
    assert row["name"] == "Dr. Maya Patel"
    assert row["institution"] == "Mass General"
    assert row["role"] == "attending"
    assert row["email"] == "maya.patel@example.org"
    assert row["types"] == ["mentor:research"]
    assert row["tags"] == ["ortho"]
    assert row["core"] is False
    assert row["last_contact"] == "2026-11-05"
    assert row["next_step"] == "send CV"
    assert row["next_due"] == "2026-11-06"  # Friday's next step comes before the rest


def test_list_filters(netlog: Any) -> None:
    meet_patel(netlog)
    netlog("add", "Sam Okafor", "--type", "peer", "--tag", "gensurg", "--core")
    names = lambda *a: [r["name"] for r in netlog("list", "--json", *a).json()]  # noqa: E731
    assert names("--type", "mentor") == ["Dr. Maya Patel"]
    assert names("--type", "mentor:research") == ["Dr. Maya Patel"]
    assert names("--tag", "GENSURG") == ["Sam Okafor"]
    assert names("--core") == ["Sam Okafor"]
    assert names("--search", "mass general") == ["Dr. Maya Patel"]
    assert names("--search", "%") == []  # a literal percent sign, not a wildcard


def test_show_json_has_the_timeline_oldest_first_and_warnings(netlog: Any) -> None:
    meet_patel(netlog)
    netlog("log", "patel", "--kind", "ask", "--date", "yesterday", "--note", "letter?")
    netlog("log", "patel", "--kind", "ask", "--date", "2 days ago", "--via", "call")
    netlog("log", "patel", "--incoming", "--via", "email", "--note", "happy to help")
    view = netlog("show", "patel", "--json").json()
    assert view["name"] == "Dr. Maya Patel"
    assert view["id"] == 1
    fields = ("date", "channel", "kind", "direction", "note")
    assert [tuple(t[k] for k in fields) for t in view["touchpoints"]] == [
        ("2026-11-03", "call", "ask", "outgoing", None),
        ("2026-11-04", "email", "ask", "outgoing", "letter?"),
        ("2026-11-05", "conference", "met", "outgoing", None),
        ("2026-11-05", "email", "reply", "incoming", "happy to help"),
    ]
    assert [w["rule"] for w in view["warnings"]] == ["transactional"]


def test_show_of_a_balanced_relationship_has_no_warning(netlog: Any) -> None:
    meet_patel(netlog)
    netlog("log", "patel", "--kind", "thanks")
    netlog("log", "patel", "--kind", "share")
    assert netlog("show", "patel", "--json").json()["warnings"] == []


def test_show_text_has_the_timeline(netlog: Any) -> None:
    meet_patel(netlog)
    out = netlog("show", "patel").stdout
    assert "Dr. Maya Patel" in out and "AAOS 2026" in out and "Timeline" in out


# --- edit, rm, snooze, archive ----------------------------------------------------


def test_edit_adds_types_and_tags_and_remove_drops_them(netlog: Any) -> None:
    meet_patel(netlog)
    assert netlog("edit", "patel", "--type", "sponsor", "--tag", "knee").exit_code == 0
    row = netlog("list", "--json").json()[0]
    assert row["types"] == ["mentor:research", "sponsor"]
    assert row["tags"] == ["ortho", "knee"]
    netlog("edit", "patel", "--remove-type", "mentor", "--remove-tag", "ORTHO")
    row = netlog("list", "--json").json()[0]
    assert row["types"] == ["sponsor"]
    assert row["tags"] == ["knee"]


def test_removing_one_mentor_kind_keeps_the_mentor(netlog: Any) -> None:
    netlog("add", "Kim", "--type", "mentor:research", "--type", "mentor:clinical")
    netlog("edit", "kim", "--remove-type", "mentor:research")
    assert netlog("list", "--json", "--type", "mentor").json()[0]["types"] == ["mentor:clinical"]


def test_edit_with_nothing_to_change_is_an_error(netlog: Any) -> None:
    meet_patel(netlog)
    r = netlog("edit", "patel")
    assert r.exit_code == 1 and r.stderr.startswith("Error:")


def test_core_edit_switches_the_cadence_rule(netlog: Any) -> None:
    meet_patel(netlog)
    netlog("log", "patel", "--kind", "thanks")
    netlog("edit", "patel", "--core")
    rules = {p["rule"] for p in netlog("show", "patel", "--json").json()["pending"]}
    assert "core-update" in rules and "keep-warm" not in rules


def test_rm_with_yes_deletes_the_contact_and_timeline(netlog: Any, db_file: Path) -> None:
    meet_patel(netlog)
    r = netlog("rm", "patel", "--yes")
    assert r.exit_code == 0 and "Deleted" in r.stdout
    rows = count_rows(db_file)
    assert rows["contact"] == rows["touchpoint"] == rows["pending"] == 0


def test_rm_without_a_terminal_and_without_yes_refuses(netlog: Any, db_file: Path) -> None:
    meet_patel(netlog)
    r = netlog("rm", "patel", input="y\n")
    assert r.exit_code == 1
    assert "--yes" in r.stderr
    assert count_rows(db_file)["contact"] == 1


def test_snooze_hides_until_the_date_then_items_come_back(netlog: Any) -> None:
    meet_patel(netlog)
    r = netlog("snooze", "patel", "--until", "2026-11-12")
    assert r.exit_code == 0 and "2026-11-12" in r.stdout
    assert netlog("due", "--json", env={"NETLOG_TODAY": "2026-11-11"}).json() == []
    back = netlog("due", "--json", env={"NETLOG_TODAY": "2026-11-12"}).json()
    assert [i["rule"] for i in back] == ["conference-followup"]


def test_snooze_into_the_past_is_refused(netlog: Any) -> None:
    meet_patel(netlog)
    r = netlog("snooze", "patel", "--until", "yesterday")
    assert r.exit_code == 1 and "2026-11-04" in r.stderr


def test_archived_contacts_are_never_due_and_can_come_back(netlog: Any) -> None:
    meet_patel(netlog)
    assert netlog("archive", "patel").exit_code == 0
    assert netlog("due", "--json", "--within", "9999").json() == []
    assert netlog("list", "--json").json() == []
    assert netlog("list", "--archived", "--json").json()[0]["name"] == "Dr. Maya Patel"
    shown = netlog("show", "patel").stdout
    assert "archived" in shown.lower() and "--undo" in shown
    netlog("archive", "patel", "--undo")
    assert len(netlog("due", "--json").json()) == 1


def test_backup_writes_a_copy(netlog: Any, tmp_path: Path) -> None:
    meet_patel(netlog)
    target = tmp_path / "copy.db"
    r = netlog("backup", "-o", str(target))
    assert r.exit_code == 0 and str(target) in r.stdout
    assert count_rows(target)["contact"] == 1


# --- errors: exit 1, one line, nothing written --------------------------------------


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["show", "nobody"], "nobody"),
        (["log", "nobody"], "nobody"),
        (["show", "42"], "42"),
        (["add", "X", "--email", "not-an-address"], "not-an-address"),
        (["add", "X", "--met", "2026-02-30"], "2026-02-30"),
        (["add", "X", "--met", "someday"], "someday"),
        (["log", "patel", "--date", "2026-02-29"], "2026-02-29"),
        (["add", "X", "--type", "friend"], "friend"),
        (["add", "X", "--type", "mentor:golf"], "golf"),
        (["add", "X", "--every", "0"], "--every 0"),
        (["add", "X", "--every", "-7"], "--every -7"),
        (["add", "   "], "name"),
        (["add", ""], "name"),
        (["log", "patel", "--via", "pigeon"], "pigeon"),
        (["log", "patel", "--kind", "bribe"], "bribe"),
        (["log", "patel", "--awaiting-reply", "--incoming"], "--awaiting-reply"),
        (["log", "patel", "--date", "2026-11-05", "--due", "2026-11-01"], "2026-11-01"),
        (["add", "Someone Else", "--email", "MAYA.PATEL@example.org"], "already"),
        (["edit", "patel", "--tier", "galaxy"], "galaxy"),
        (["due", "--within", "-1"], "-1"),
        (["snooze", "patel", "--until", "someday"], "someday"),
    ],
)
def test_user_errors_exit_1_with_one_line_and_write_nothing(
    netlog: Any, db_file: Path, args: list[str], needle: str
) -> None:
    meet_patel(netlog)
    before = count_rows(db_file)
    r = netlog(*args)
    assert r.exit_code == 1
    assert r.stderr.startswith("Error: ")
    assert r.stderr.count("\n") == 1
    assert needle in r.stderr
    assert "Traceback" not in r.stderr + r.stdout
    assert count_rows(db_file) == before


def test_an_ambiguous_fragment_lists_the_candidates(netlog: Any, db_file: Path) -> None:
    netlog("add", "Ann Lee")
    netlog("add", "Ann Leeds")
    before = count_rows(db_file)
    r = netlog("log", "ann", "--kind", "thanks")
    assert r.exit_code == 1
    assert "Ann Lee (#1)" in r.stderr and "Ann Leeds (#2)" in r.stderr
    assert count_rows(db_file) == before


@pytest.mark.parametrize(
    "args",
    [
        ["frobnicate"],
        ["add"],
        ["snooze", "patel"],
        ["due", "--within", "soon"],
        ["add", "X", "--every", "weekly"],
        ["list", "--no-such-option"],
    ],
)
def test_usage_errors_exit_2(netlog: Any, args: list[str]) -> None:
    assert netlog(*args).exit_code == 2


# --- CONTACT matching -----------------------------------------------------------------


def test_an_exact_name_wins_over_longer_names_containing_it(netlog: Any) -> None:
    netlog("add", "Lee")
    netlog("add", "Ann Lee")
    netlog("add", "Lee Chen")
    assert netlog("show", "lee", "--json").json()["name"] == "Lee"
    assert netlog("show", "ann", "--json").json()["name"] == "Ann Lee"


def test_a_numeric_id_finds_the_contact(netlog: Any) -> None:
    netlog("add", "First")
    netlog("add", "Second")
    assert netlog("show", "2", "--json").json()["name"] == "Second"


@pytest.mark.parametrize(
    ("name", "query"),
    [
        ("José García", "jose"),
        ("José García", "GARCIA"),
        ("Zoë Müller-Lüdenscheidt", "muller"),
        ("محمد عبد الله", "عبد"),
        ("प्रिया शर्मा", "प्रिया"),
        ("王小明", "小明"),
        ("Nguyễn Thị Minh", "nguyen thi"),
    ],
)
def test_names_in_any_script_are_found_by_a_fragment(netlog: Any, name: str, query: str) -> None:
    netlog("add", "Someone Unrelated")
    assert netlog("add", name).exit_code == 0
    view = netlog("show", query, "--json").json()
    assert view["name"] == name
    assert netlog("log", query, "--kind", "thanks").exit_code == 0


@pytest.mark.parametrize(
    "name", ["Robert'); DROP TABLE contact;--", "100% _Done_", 'O"Brien \\ [/x] %s ?']
)
def test_names_with_sql_and_markup_characters_are_stored_literally(netlog: Any, name: str) -> None:
    assert netlog("add", name).exit_code == 0
    assert netlog("add", "Other Person").exit_code == 0
    assert [r["name"] for r in netlog("list", "--json").json()] == sorted(
        [name, "Other Person"], key=str.casefold
    )
    assert netlog("show", name, "--json").json()["name"] == name


# --- notes, version, help, plain output ----------------------------------------------------


def test_note_dash_reads_a_long_note_from_stdin(netlog: Any) -> None:
    netlog("add", "Dr. Maya Patel")
    note = "Talked about the ACL registry.\nShe suggested the summer research program."
    assert netlog("log", "patel", "--note", "-", input=note + "\n").exit_code == 0
    assert netlog("show", "patel", "--json").json()["touchpoints"][0]["note"] == note


def test_version(netlog: Any) -> None:
    from netlog import __version__

    r = netlog("--version")
    assert r.exit_code == 0 and r.stdout.strip() == f"netlog {__version__}"


def command_names() -> list[str]:
    import typer.main

    from netlog.cli import app

    return sorted(typer.main.get_command(app).commands)  # type: ignore[attr-defined]


@pytest.mark.parametrize("command", command_names())
def test_every_command_help_has_an_example(netlog: Any, command: str) -> None:
    r = netlog(command, "--help")
    assert r.exit_code == 0
    assert "Example" in r.stdout
    assert not ANSI.search(r.stdout)


def test_piped_output_is_plain(netlog: Any) -> None:
    meet_patel(netlog)
    for args in (["due"], ["list"], ["show", "patel"], ["--help"]):
        out = netlog(*args).stdout
        assert out and not ANSI.search(out), args


def test_on_a_terminal_names_are_never_read_as_markup(
    netlog: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from netlog.printing import console

    netlog("add", "Dr [/x] Odd", "--met", "today")
    monkeypatch.setattr(console, "is_terminal", lambda: True)
    for args in (["list"], ["due"]):
        r = netlog(*args)
        assert r.exit_code == 0
        assert "Dr [/x] Odd" in r.stdout


# --- the real console script ------------------------------------------------------------

NETLOG = shutil.which("netlog", path=str(Path(sys.executable).parent)) or "netlog"


def run_script(*args: str, input: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [NETLOG, *args], input=input, capture_output=True, text=True, env=os.environ, timeout=60
    )


def test_the_console_script_runs_a_morning(db_file: Path) -> None:
    added = run_script("add", "Dr. Maya Patel", "--at", "AAOS 2026")
    assert added.returncode == 0, added.stderr
    due = run_script("due")
    assert due.returncode == 0
    assert "Dr. Maya Patel" in due.stdout and not ANSI.search(due.stdout)
    assert db_file.exists()


def test_the_console_script_errors_without_a_traceback() -> None:
    r = run_script("show", "nobody")
    assert r.returncode == 1
    assert r.stderr == "Error: no contact matches 'nobody'; see 'netlog list'\n"
    assert run_script("show").returncode == 2


def test_rm_asks_on_a_terminal(db_file: Path) -> None:
    pty = pytest.importorskip("pty")
    run_script("add", "Dr. Maya Patel")
    run_script("add", "Sam Okafor")

    def on_terminal(args: list[str], answer: bytes) -> str:
        leader, follower = pty.openpty()
        proc = subprocess.Popen(
            [NETLOG, *args], stdin=follower, stdout=follower, stderr=follower, env=os.environ
        )
        os.close(follower)
        os.write(leader, answer)
        output = read_until_closed(leader)
        proc.wait(timeout=30)
        os.close(leader)
        return output.decode()

    said_no = on_terminal(["rm", "patel"], b"n\n")
    assert "Delete Dr. Maya Patel" in said_no and "Nothing deleted" in said_no
    assert count_rows(db_file)["contact"] == 2
    said_yes = on_terminal(["rm", "okafor"], b"y\n")
    assert "Deleted Sam Okafor" in said_yes
    assert count_rows(db_file)["contact"] == 1


def test_search_ignores_case_and_accents_in_any_script(netlog: Any) -> None:
    netlog("add", "Dr. Lena Fischer", "--institution", "Charité Berlin", "--tag", "ÉCMO")
    netlog("add", "Dr. Kenji Sato", "--institution", "東京大学")
    netlog("add", "Dr. 100% Sure", "--note", "likes_underscores")
    found = lambda text: [r["name"] for r in netlog("list", "--search", text, "--json").json()]  # noqa: E731
    assert found("charite") == ["Dr. Lena Fischer"]
    assert found("ecmo") == ["Dr. Lena Fischer"]
    assert found("東京") == ["Dr. Kenji Sato"]
    assert found("%") == ["Dr. 100% Sure"]
    assert found("s_u") == ["Dr. 100% Sure"]  # a literal underscore
    assert found("1_0") == []  # not a wildcard


@pytest.mark.parametrize(
    "args",
    [
        ["add", "Dr. Future", "--met", "tomorrow"],
        ["add", "Dr. Future", "--met", "in 3d"],
    ],
)
def test_a_meeting_cannot_be_in_the_future(netlog: Any, args: list[str]) -> None:
    result = netlog(*args)
    assert result.exit_code == 1
    assert "after today" in result.stderr
    assert netlog("list", "--json").json() == []


def test_logging_a_touchpoint_tomorrow_is_refused_and_writes_nothing(netlog: Any) -> None:
    netlog("add", "Dr. Maya Patel")
    result = netlog("log", "patel", "--date", "tomorrow")
    assert result.exit_code == 1
    assert "--next and --due" in result.stderr
    assert netlog("show", "patel", "--json").json()["touchpoints"] == []


def test_adding_a_namesake_works_but_says_so(netlog: Any) -> None:
    netlog("add", "Dr. Sam Lee")
    result = netlog("add", "dr. sam lee")
    assert result.exit_code == 0
    assert "#1" in result.stderr and "netlog rm 2" in result.stderr
    assert len(netlog("list", "--json").json()) == 2


def complete(words: str) -> list[str]:
    """What bash completion offers after typing ``words`` (the last one unfinished)."""
    env = {
        **os.environ,
        "_NETLOG_COMPLETE": "complete_bash",
        "COMP_WORDS": words,
        "COMP_CWORD": str(len(words.split()) - 1),
    }
    out = subprocess.run([NETLOG], capture_output=True, text=True, env=env, timeout=60)
    return [line for line in out.stdout.splitlines() if line]


def test_tab_completes_a_contact_from_any_word_of_the_name(netlog: Any, db_file: Path) -> None:
    netlog("add", "Dr. Maya Patel")
    netlog("add", "Dr. Sofía Álvarez")
    netlog("add", "Dr. Gone Away")
    netlog("archive", "gone")
    before = db_file.read_bytes()
    assert complete("netlog log pat") == ["patel"]
    assert complete("netlog show maya") == ["maya Patel"]
    assert complete("netlog draft sof") == ["sofía Álvarez"]
    assert complete("netlog log gone") == []  # archived contacts are not offered
    assert complete("netlog log zzz") == []
    assert db_file.read_bytes() == before  # completion only reads


def test_tab_completion_without_a_database_offers_nothing_and_creates_nothing(
    db_file: Path,
) -> None:
    assert complete("netlog log pat") == []
    assert not db_file.exists()


def test_a_row_edited_outside_netlog_gives_one_line_pointing_at_doctor(
    netlog: Any, db_file: Path
) -> None:
    import sqlite3

    netlog("add", "Dr. Maya Patel", "--met", "yesterday")
    conn = sqlite3.connect(db_file)
    conn.execute("UPDATE touchpoint SET date = 'garbage'")
    conn.commit()
    conn.close()
    for args in (["show", "patel"], ["log", "patel"]):
        result = netlog(*args)
        assert result.exit_code == 1
        assert result.stderr.count("\n") == 1
        assert "touchpoint #1" in result.stderr and "netlog doctor" in result.stderr
        assert "Traceback" not in result.stderr
    assert netlog("show", "1", "--json").exit_code == 1
    conn = sqlite3.connect(db_file)  # the failed log wrote nothing
    assert conn.execute("SELECT count(*) FROM touchpoint").fetchone()[0] == 1
    conn.close()


def test_an_unexpected_failure_is_one_line_without_a_traceback(
    netlog: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from netlog import service

    def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("boom with Dr. Secret's name")

    monkeypatch.setattr(service, "iter_contact_rows", broken)
    result = netlog("list")
    assert result.exit_code == 1
    assert "unexpected problem (RuntimeError)" in result.stderr
    assert "Secret" not in result.stderr  # no personal data from the exception text
    assert "Traceback" not in result.stderr


def test_meeting_someone_again_at_a_conference_restarts_the_follow_up(netlog: Any) -> None:
    netlog("add", "Dr. Maya Patel", "--met", "2025-06-01")
    netlog("log", "patel", "--kind", "thanks", "--date", "2025-06-03")
    assert [i["rule"] for i in netlog("due", "--json").json()] == ["keep-warm"]
    result = netlog("edit", "patel", "--at", "AAOS 2026", "--met", "yesterday")
    assert result.exit_code == 0, result.stderr
    [item] = netlog("due", "--json").json()  # and the meeting counts as contact: warm again
    assert item["rule"] == "conference-followup"
    assert "AAOS 2026" in item["reason"]
    kinds = [t["kind"] for t in netlog("show", "patel", "--json").json()["touchpoints"]]
    assert kinds == ["met", "thanks", "met"]


def test_tab_completion_finds_names_through_accents_case_and_folding(
    netlog: Any, db_file: Path
) -> None:
    for name in ("José Müller", "Dr. Hans Großmann", "Dr. İlkay Şahin", "Zoë  Chen", "O'Brien Ann"):
        netlog("add", name, "--tag", "x")
    netlog("add", "Archie Old", "--tag", "x")
    netlog("archive", "Archie")
    assert complete("netlog show jos") == ["josé Müller"]
    assert complete("netlog show mu") == []  # "Müller" starts with ü, not u
    assert complete("netlog show gross") == ["grossann"]  # casefold("ß") is "ss"
    assert complete("netlog show groß") == ["großmann"]
    assert complete("netlog show ilk") == []
    assert complete("netlog show ZO") == ["ZOë Chen"]
    assert complete("netlog show ann") == ["ann"]
    assert complete("netlog show arch") == []


def _completed_one_word_at_a_time(name: str, incomplete: str, typed: str) -> str | None:
    """What completion suggested for a name before it searched with str.find."""
    import re

    for word in re.finditer(r"\w", name):
        rest = name[word.start() :]
        if (
            word.start() == 0 or not name[word.start() - 1].isalnum()
        ) and rest.casefold().startswith(typed):
            return incomplete + rest[len(incomplete) :]
    return None


_NAME_CHARS = "aPtlmßİﬁéÉ_-. '(0"


@given(
    name=st.text(alphabet=_NAME_CHARS, max_size=14),
    incomplete=st.text(alphabet=_NAME_CHARS, min_size=1, max_size=4),
)
def test_completing_a_name_suggests_what_trying_each_word_suggested(
    name: str, incomplete: str
) -> None:
    from netlog.cli.options import completed

    typed = incomplete.casefold()
    assert completed(name, incomplete, typed) == _completed_one_word_at_a_time(
        name, incomplete, typed
    )
