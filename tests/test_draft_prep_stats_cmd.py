"""``netlog draft``, ``netlog prep`` and ``netlog stats`` through the command line."""

from __future__ import annotations

import json
import stat
from collections.abc import Callable
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from typer.testing import CliRunner, Result

from netlog.cli import app
from netlog.drafts import DRAFT_KINDS

Run = Callable[..., Result]


@pytest.fixture
def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Run:
    monkeypatch.setenv("NETLOG_DB", str(tmp_path / "netlog.db"))
    monkeypatch.setenv("NETLOG_CONFIG", str(tmp_path / "config.toml"))
    monkeypatch.setenv("NETLOG_TODAY", "2026-11-23")
    runner = CliRunner()

    def invoke(*args: str, today: str | None = None) -> Result:
        if today:
            monkeypatch.setenv("NETLOG_TODAY", today)
        return runner.invoke(app, list(args))

    return invoke


def ok(result: Result) -> Result:
    assert result.exit_code == 0, result.output
    return result


def as_json(result: Result) -> dict[str, object]:
    data = json.loads(ok(result).stdout)
    assert isinstance(data, dict)
    return data


@pytest.fixture
def demo(run: Run) -> Run:
    ok(run("demo"))
    return run


# --- draft --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "kind", "rule"),
    [
        ("brooks", "thanks", "thank-you"),  # shadowing day, not thanked yet
        ("chen", "followup", "conference-followup"),  # met at AAOS four days ago
        ("mehta", "nudge", "reply-nudge"),  # email unanswered for nine days
        # core mentor, last update 95 days ago, and the abstract news not told yet:
        # one message answers both, and the news is what it should say
        ("patel", "milestone", "milestone-loop"),
        ("haddad", "nextstep", "next-step"),  # a promised step due in three days
    ],
)
def test_a_draft_answers_the_most_urgent_follow_up(
    demo: Run, who: str, kind: str, rule: str
) -> None:
    data = as_json(demo("draft", who, "--json"))
    assert data["kind"] == kind
    assert data["rule"] == rule


def test_a_thank_you_after_shadowing_names_the_day_and_what_was_learned(demo: Run) -> None:
    result = ok(demo("draft", "brooks"))
    assert "thanks draft for Dr. Emily Brooks" in result.stderr
    assert "thank-you due 2026-11-22" in result.stderr
    out = result.stdout
    assert out.startswith("To: emily.brooks@example.org\nSubject: Thank you for your time\n")
    assert "Dear Dr. Brooks," in out
    assert "on 20 November 2026" in out
    assert "cement technique" in out


def test_a_follow_up_recalls_the_event_date_and_conversation(demo: Run) -> None:
    data = as_json(demo("draft", "chen", "--json"))
    assert data["subject"] == "Good to meet you at AAOS 2026"
    body = str(data["body"])
    assert body.startswith("Dear Dr. Chen,")
    assert "at AAOS 2026 on 19 November 2026" in body
    assert "distal radius" in body


def test_a_nudge_names_the_date_of_the_unanswered_email(demo: Run) -> None:
    data = as_json(demo("draft", "mehta", "--json"))
    assert data["subject"] == "Following up on my note of 14 November 2026"
    assert "sarcoma database" in str(data["body"])


@pytest.mark.parametrize("kind", DRAFT_KINDS)
def test_every_kind_of_draft_is_filled_in_cleanly(demo: Run, kind: str) -> None:
    data = as_json(demo("draft", "okafor", "--kind", kind, "--json"))
    assert data["kind"] == kind
    text = f"{data['subject']}\n{data['body']}"
    assert data["subject"]
    assert "$" not in text and "None" not in text and "  " not in text
    assert str(data["body"]).startswith("Dear Dr. Okafor,")


def test_letter_and_milestone_drafts_use_the_letter_and_the_latest_milestone(demo: Run) -> None:
    letter = as_json(demo("draft", "okafor", "--kind", "letter", "--json"))
    assert letter["subject"] == "Letter of recommendation for Orthopedic surgery match 2027"
    assert "17 December 2026" in str(letter["body"])  # the deadline, 24 days ahead
    news = as_json(demo("draft", "okafor", "--json"))
    assert news["kind"] == "milestone" and news["rule"] == "milestone-loop"
    assert "Abstract accepted as a poster at AAOS 2026" in str(news["body"])


def test_drafts_are_signed_with_the_name_and_intro_from_the_settings(
    run: Run, tmp_path: Path
) -> None:
    (tmp_path / "config.toml").write_text(
        '[you]\nname = "Alex Rivera"\nintro = "Hi, I\'m Alex, an MS4 at BU interested in hand surgery."\n',
        encoding="utf-8",
    )
    ok(run("demo"))
    result = ok(run("draft", "chen"))
    assert result.stdout.rstrip().endswith("Best regards,\nAlex Rivera")
    assert "I'm Alex, an MS4 at BU interested in hand surgery." in result.stdout
    assert "Sign your drafts" not in result.stderr


def test_a_contact_with_nothing_due_gets_an_update_and_is_told_so(run: Run) -> None:
    ok(run("add", "Dr. Lena Fischer", "--email", "lena@example.org"))
    result = ok(run("draft", "fischer"))
    assert "update draft" in result.stderr
    assert "nothing is due" in result.stderr
    assert "Subject: A short update" in result.stdout
    data = as_json(run("draft", "fischer", "--json"))
    assert data["kind"] == "update" and data["rule"] is None


def test_mailto_decodes_back_to_the_subject_and_body(demo: Run) -> None:
    data = as_json(demo("draft", "chen", "--json"))
    link = ok(demo("draft", "chen", "--mailto")).stdout.strip()
    assert link == data["mailto"]
    parts = urlsplit(link)
    assert parts.scheme == "mailto"
    assert unquote(parts.path) == "wei.chen@example.org"
    query = parse_qs(parts.query)
    assert query["subject"] == [data["subject"]]
    assert query["body"][0].replace("\r\n", "\n") == data["body"]


def test_mailto_without_an_email_is_a_clear_error(run: Run) -> None:
    ok(run("add", "Dr. No Email", "--met", "2026-11-20"))
    result = run("draft", "no email", "--mailto")
    assert result.exit_code == 1
    assert "has no email address" in result.stderr
    assert "netlog edit 1 --email" in result.stderr


def test_an_unknown_kind_is_an_invalid_value(demo: Run) -> None:
    result = demo("draft", "patel", "--kind", "poem")
    assert result.exit_code == 1
    assert "poem" in result.stderr


def test_an_unknown_contact_is_an_error(run: Run) -> None:
    result = run("draft", "nobody")
    assert result.exit_code == 1
    assert "nobody" in result.stderr


def test_a_template_in_the_config_folder_replaces_the_built_in_one(
    demo: Run, tmp_path: Path
) -> None:
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "update.txt").write_text(
        "Subject: Quick news for $name\n\n$greeting\n\nIn my own words.\n", encoding="utf-8"
    )
    data = as_json(demo("draft", "patel", "--kind", "update", "--json"))
    assert data["subject"] == "Quick news for Dr. Maya Patel"
    assert data["body"] == "Dear Dr. Patel,\n\nIn my own words.\n"
    # Other kinds still come from the built-in templates.
    assert as_json(demo("draft", "brooks", "--json"))["subject"] == "Thank you for your time"


def test_a_broken_template_override_is_reported(demo: Run, tmp_path: Path) -> None:
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "update.txt").write_text("Hello $nickname\n", encoding="utf-8")
    result = demo("draft", "patel", "--kind", "update")
    assert result.exit_code == 1
    assert "Subject:" in result.stderr


# --- prep ---------------------------------------------------------------------------


def test_prep_for_next_years_meeting_finds_the_people_met_this_year(demo: Run) -> None:
    data = as_json(demo("prep", "AAOS 2027", "--json"))
    names = [t["name"] for t in data["targets"]]  # type: ignore[union-attr]
    assert names == ["Dr. Aisha Rahman (عائشة رحمن)", "Dr. Wei Chen (陈伟)"]
    assert data["intro_from_settings"] is False
    assert isinstance(data["intro_seconds"], int)
    assert any("aim for 5–10" in n for n in data["notes"])  # type: ignore[union-attr]
    out = ok(demo("prep", "AAOS 2027")).stdout
    assert "Preparing for AAOS 2027: 2 target(s)" in out
    assert "Your introduction (a template to fill in" in out


def test_prep_with_programs_and_an_intro_from_the_settings(run: Run, tmp_path: Path) -> None:
    (tmp_path / "config.toml").write_text(
        "[you]\n"
        'institutions = ["Boston Medical Center", "Massachusetts General Hospital"]\n'
        'intro = "Hi, I am Alex, a fourth-year student at BU. I love sports medicine and '
        "have been working on an ACL registry project. I enjoyed your talk on graft choice "
        "and wondered how it changed your practice. I am hoping to find a research mentor for "
        'the coming year, and perhaps an away rotation in your department next summer."\n',
        encoding="utf-8",
    )
    ok(run("demo"))
    data = as_json(run("prep", "AAOS 2027", "--json"))
    targets = data["targets"]
    assert isinstance(targets, list)
    assert 5 <= len(targets) <= 10
    assert targets[0]["core"] is True
    patel = next(t for t in targets if t["name"] == "Dr. Maya Patel")
    assert patel["discussed"] == "Shared the submitted abstract."
    assert data["intro_from_settings"] is True
    assert 20 <= int(str(data["intro_seconds"])) <= 30
    out = ok(run("prep", "AAOS 2027")).stdout
    assert "from your settings" in out and "Alex" in out


def test_prep_on_an_empty_log_says_how_to_start(run: Run) -> None:
    out = ok(run("prep", "AATS 2027")).stdout
    assert "No one in the log is linked to AATS 2027 yet." in out
    assert "netlog demo" in out
    assert as_json(run("prep", "AATS 2027", "--json"))["targets"] == []


def test_prep_needs_an_event_name(run: Run) -> None:
    assert run("prep", "  ").exit_code == 1


# --- stats --------------------------------------------------------------------------


def test_stats_json_counts_the_demo_network(demo: Run) -> None:
    data = as_json(demo("stats", "--json"))
    assert data["contacts"] == 11
    assert data["touchpoints"] == 29
    assert data["by_tier"] == {"home": 5, "regional": 4, "society": 2, "unset": 0}
    assert data["by_type"]["sponsor"] == 1  # type: ignore[index]
    assert data["reply_rate"] == 0.5
    assert (data["asks"], data["gives"]) == (1, 8)
    assert data["strong_relationships"] == 2
    weeks = data["weeks"]
    assert isinstance(weeks, list) and len(weeks) == 53


def test_stats_prints_health_and_a_year_of_weeks(demo: Run) -> None:
    out = ok(demo("stats")).stdout
    assert "Contacts: 11 active, 3 core" in out
    assert "Replies: 1 of 2 emails answered (50%)" in out
    assert "8 gives, 1 asks" in out
    assert "Strong relationships (both ways, last 90 days): 2 — aim for 5–10 (below)" in out
    lines = out.splitlines()
    blocks = lines[-1]
    assert len(blocks) == 53 and blocks[-1] == "·"  # this week: nothing yet
    assert "█" in blocks  # the busiest week


def test_stats_svg_is_a_private_file(demo: Run, tmp_path: Path) -> None:
    target = tmp_path / "network.svg"
    result = ok(demo("stats", "--svg", str(target)))
    assert f"Saved the picture to {target}" in result.stdout
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    text = target.read_text(encoding="utf-8")
    assert (
        text.lstrip().startswith("<svg")
        and "Network" in text
        and any(block in text for block in "░▒▓█")
    )
    # --json with --svg still writes the picture and prints only JSON.
    other = tmp_path / "again.svg"
    assert as_json(demo("stats", "--json", "--svg", str(other)))["contacts"] == 11
    assert stat.S_IMODE(other.stat().st_mode) == 0o600


def test_stats_svg_into_a_missing_folder_is_created_privately(demo: Run, tmp_path: Path) -> None:
    target = tmp_path / "pictures" / "network.svg"
    ok(demo("stats", "--svg", str(target)))
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_stats_on_an_empty_log(run: Run) -> None:
    data = as_json(run("stats", "--json"))
    assert data["contacts"] == 0 and data["reply_rate"] is None
    out = ok(run("stats")).stdout
    assert "no emails marked --awaiting-reply yet" in out
    assert "netlog add" in out and "netlog demo" in out
