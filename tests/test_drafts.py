"""Drafts a trainee would actually send, and the mailto links that open them."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from netlog import rules
from netlog.drafts import (
    DRAFT_KINDS,
    Draft,
    DraftContext,
    draft,
    greeting,
    kind_for_rule,
    mailto,
)
from netlog.errors import InvalidValue

FULL = DraftContext(
    name="Dr. Amara Lee",
    role="attending, hand surgery",
    institution="Hospital for Special Surgery",
    event="AAOS 2026",
    met=date(2026, 3, 12),
    note="her point that a research year pays off only with a clear question",
    milestone="our distal radius abstract was accepted at OTA",
    next_step="send the abstract draft by Friday",
    your_name="Sam Patel",
    your_intro="Hi, I'm Sam, an MS3 at Ross interested in hand and upper-extremity trauma.",
    program="orthopaedic residency at HSS",
    deadline=date(2026, 9, 1),
    sent=date(2026, 3, 3),
)
SPARSE = DraftContext()
NAME_ONLY = DraftContext(name="Chidi Okafor")


def assert_clean(d: Draft) -> None:
    text = d.text()
    assert "None" not in text
    assert "$" not in text
    assert "  " not in text
    assert " ." not in text and " ," not in text
    assert "\n\n\n" not in text
    assert d.subject and d.subject == d.subject.strip()
    assert d.body.endswith("\n") and not d.body.startswith((" ", "\n"))
    assert not re.search(r"^ +\S", d.body, re.MULTILINE)  # no line pushed in by an empty field


@pytest.mark.parametrize("kind", DRAFT_KINDS)
@pytest.mark.parametrize(
    "ctx", [FULL, SPARSE, NAME_ONLY], ids=["full-log", "nothing-known", "name-only"]
)
def test_every_kind_reads_clean(kind: str, ctx: DraftContext) -> None:
    assert_clean(draft(kind, ctx))


@pytest.mark.parametrize("kind", DRAFT_KINDS)
def test_full_context_is_addressed_and_signed(kind: str) -> None:
    d = draft(kind, FULL)
    assert d.body.startswith("Dear Dr. Lee,\n")
    assert d.body.rstrip().endswith("Sam Patel")
    assert d.kind == kind


@pytest.mark.parametrize("kind", DRAFT_KINDS)
def test_sparse_context_still_greets(kind: str) -> None:
    assert draft(kind, SPARSE).body.startswith("Hello,\n")


# What each kind must say, as the person receiving it would notice.
CONTENT_CASES = [
    pytest.param(
        "thanks",
        FULL,
        ["AAOS 2026", "12 March 2026", "research year pays off"],
        id="thanks-names-the-concrete-thing",
    ),
    pytest.param(
        "thanks", SPARSE, ["[Name one specific thing"], id="thanks-without-a-note-prompts-for-one"
    ),
    pytest.param(
        "followup",
        FULL,
        ["meet you at AAOS 2026 on 12 March 2026", "I'm Sam", "send the abstract draft by Friday"],
        id="followup-after-the-conference",
    ),
    pytest.param(
        "nudge",
        FULL,
        ["3 March 2026", "completely understand"],
        id="nudge-recalls-the-email-politely",
    ),
    pytest.param(
        "update",
        FULL,
        ["distal radius abstract", "send the abstract draft", "one question"],
        id="update-news-next-and-a-question",
    ),
    pytest.param(
        "milestone",
        FULL,
        ["distal radius abstract was accepted", "Thank you"],
        id="milestone-closes-the-loop",
    ),
    pytest.param(
        "meeting",
        FULL,
        ["15–20 minutes", "update", "three to five specific questions", "next steps"],
        id="meeting-request-with-agenda",
    ),
    pytest.param(
        "meeting",
        SPARSE,
        ["15–20 minutes", "three to five specific questions"],
        id="meeting-request-sparse",
    ),
    pytest.param(
        "letter",
        FULL,
        [
            "strong letter of recommendation",
            "orthopaedic residency at HSS",
            "1 September 2026",
            "early",
        ],
        id="letter-asked-early",
    ),
]


@pytest.mark.parametrize(("kind", "ctx", "needles"), CONTENT_CASES)
def test_draft_content(kind: str, ctx: DraftContext, needles: list[str]) -> None:
    text = draft(kind, ctx).text()
    for needle in needles:
        assert needle in text


def test_subjects_carry_the_context() -> None:
    assert draft("thanks", FULL).subject == "Thank you for your time at AAOS 2026"
    assert draft("thanks", SPARSE).subject == "Thank you for your time"
    assert draft("nudge", FULL).subject == "Following up on my note of 3 March 2026"
    assert draft("milestone", FULL).subject.startswith("Good news: our distal radius")
    assert draft("letter", SPARSE).subject == "Letter of recommendation"


def test_nudge_is_short() -> None:
    assert len(draft("nudge", FULL).body.split()) < 90


def test_a_dollar_sign_in_a_note_stays_as_typed() -> None:
    d = draft("thanks", DraftContext(name="Dr. Kim", note="the $5,000 travel grant and $deadline"))
    assert "the $5,000 travel grant and $deadline" in d.body


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Dr. Amara Lee", "Dear Dr. Lee,"),
        ("Prof María José García-López", "Dear Prof García-López,"),
        ("Chidi Okafor", "Dear Chidi Okafor,"),
        ("Dr. Lee", "Dear Dr. Lee,"),
        ("محمد الأحمد", "Dear محمد الأحمد,"),
        ("王伟", "Dear 王伟,"),
        ("Dr. Wei Chen (陈伟)", "Dear Dr. Chen,"),
        ("Dr. Rohan Mehta (रोहन मेहता)", "Dear Dr. Mehta,"),
        ("", "Hello,"),
        ("   ", "Hello,"),
    ],
)
def test_greeting(name: str, expected: str) -> None:
    assert greeting(name) == expected


# --- user templates -------------------------------------------------------------------


def test_user_template_replaces_the_built_in(tmp_path: Path) -> None:
    (tmp_path / "thanks.txt").write_text(
        "Subject: Thanks, $name!\n\n"
        "Hi $name, thanks for$where_when.\n$thanks_line\n\n— $your_name\n",
        encoding="utf-8",
    )
    d = draft("thanks", FULL, tmp_path)
    assert d.subject == "Thanks, Dr. Amara Lee!"
    assert d.body.startswith("Hi Dr. Amara Lee, thanks for at AAOS 2026 on 12 March 2026.")
    sparse = draft("thanks", SPARSE, tmp_path)
    assert_clean(sparse)
    assert sparse.subject == "Thanks,!"


def test_user_folder_without_that_kind_falls_back(tmp_path: Path) -> None:
    (tmp_path / "thanks.txt").write_text("Subject: x\n\ny\n", encoding="utf-8")
    assert draft("meeting", FULL, tmp_path) == draft("meeting", FULL)


def test_user_template_keeps_its_indentation(tmp_path: Path) -> None:
    (tmp_path / "meeting.txt").write_text(
        "Subject: Agenda\n\n$greeting\n\n  1. updates$at_event\n  2. questions\n", encoding="utf-8"
    )
    assert draft("meeting", SPARSE, tmp_path).body == "Hello,\n\n  1. updates\n  2. questions\n"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        pytest.param("Subject: Hi $nmae\n\nbody\n", "$nmae", id="typo-in-a-field-name"),
        pytest.param("Dear $name,\n\nbody\n", "Subject:", id="no-subject-line"),
    ],
)
def test_broken_user_template_is_reported(tmp_path: Path, text: str, message: str) -> None:
    (tmp_path / "update.txt").write_text(text, encoding="utf-8")
    with pytest.raises(InvalidValue, match=re.escape(message)) as err:
        draft("update", FULL, tmp_path)
    assert "update.txt" in str(err.value)


def test_unknown_kind() -> None:
    with pytest.raises(InvalidValue, match="unknown draft kind"):
        draft("valentine", FULL)


# --- rules to kinds --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rule", "kind"),
    [
        ("conference-followup", "followup"),
        ("thank-you", "thanks"),
        ("reply-nudge", "nudge"),
        ("core-update", "update"),
        ("keep-warm", "checkin"),
        ("next-step", "nextstep"),
        ("milestone-loop", "milestone"),
        ("letter-reminder", "reminder"),
    ],
)
def test_kind_for_rule(rule: str, kind: str) -> None:
    assert kind_for_rule(rule) == kind


def test_every_rule_has_a_draft() -> None:
    for rule in rules.RULE_IDS:
        assert kind_for_rule(rule) in DRAFT_KINDS


def test_kind_for_unknown_rule() -> None:
    with pytest.raises(InvalidValue):
        kind_for_rule("transactional")


# --- mailto --------------------------------------------------------------------------------


def test_mailto_encoding() -> None:
    message = Draft("thanks", "Q&A? 100% — café", "Dear Dr. Lee,\n\nA+B = C & more?\n")
    link = mailto("sam.patel+ortho@example.org", message)
    assert link.startswith("mailto:sam.patel+ortho@example.org?subject=")
    query = link.split("?", 1)[1]
    assert " " not in link and "\n" not in link
    assert "%20" in query and "+" not in query  # spaces are %20, never '+'
    assert "%0D%0A" in query  # CRLF line breaks (RFC 6068)
    assert not re.search(r"(?<!%0D)%0A", query)  # and never a bare LF
    assert "caf%C3%A9" in query  # UTF-8
    assert "%26" in query and "%3F" in query and "%25" in query and "%2B" in query
    parts = urlsplit(link)
    parsed = parse_qs(parts.query)
    assert parsed["subject"] == ["Q&A? 100% — café"]
    assert parsed["body"] == ["Dear Dr. Lee,\r\n\r\nA+B = C & more?\r\n"]
    assert unquote(parts.path) == "sam.patel+ortho@example.org"


def test_mailto_without_an_address_still_opens_the_draft() -> None:
    link = mailto(None, draft("nudge", FULL))
    assert link.startswith("mailto:?subject=Following%20up")


def test_mailto_round_trips_a_real_draft() -> None:
    d = draft("meeting", FULL)
    parsed = parse_qs(urlsplit(mailto("amara.lee@hss.example", d)).query)
    assert parsed["body"][0].replace("\r\n", "\n") == d.body
    assert parsed["subject"] == [d.subject]
