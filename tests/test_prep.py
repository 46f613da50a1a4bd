"""Getting ready for a conference: whom to find, what you last talked about, your pitch."""

from __future__ import annotations

from datetime import date

import pytest

from netlog.config import Settings
from netlog.domain import Contact, Touchpoint
from netlog.prep import prep, same_series, slug
from netlog.vocabulary import IN, OUT

TODAY = date(2026, 3, 2)  # a week before the meeting
EVENT = "AAOS 2026"
SETTINGS = Settings(
    institutions=("Hospital for Special Surgery",),
    intro=(
        "Hi, I'm Sam Patel, an MS3 at Ross University. I'm most interested in hand and "
        "upper-extremity trauma, and I've been working on outcomes after distal radius "
        "fixation with Dr. Lee. I enjoyed your talk on scaphoid nonunion and wondered how you "
        "choose between grafts. I'm hoping to find a research mentor in hand surgery."
    ),
    name="Sam Patel",
)


def person(cid: int, name: str, **kw: object) -> Contact:
    return Contact(id=cid, name=name, **kw)  # type: ignore[arg-type]


def tp(tid: int, cid: int, day: date, **kw: object) -> Touchpoint:
    kw.setdefault("direction", OUT)
    return Touchpoint(id=tid, contact_id=cid, date=day, **kw)  # type: ignore[arg-type]


def names(
    event: str, contacts: list[Contact], tps: list[Touchpoint], s: Settings = SETTINGS
) -> list[str]:
    return [t.name for t in prep(event, contacts, tps, s, TODAY).targets]


MATCH_CASES = [
    pytest.param(person(1, "Dr. Lee", tags=["aaos-2026"]), [], True, id="tagged-with-the-slug"),
    pytest.param(person(1, "Dr. Lee", tags=["AAOS 2026"]), [], True, id="tagged-with-the-name"),
    pytest.param(person(1, "Dr. Lee", tags=["Aaos"]), [], True, id="tagged-with-the-series"),
    pytest.param(person(1, "Dr. Lee", tags=["ota-2026"]), [], False, id="tagged-another-meeting"),
    pytest.param(
        person(1, "Dr. Lee"),
        [tp(1, 1, date(2025, 3, 14), kind="met", event="AAOS 2025")],
        True,
        id="met-at-last-years-aaos",
    ),
    pytest.param(
        person(1, "Dr. Lee"),
        [tp(1, 1, date(2025, 3, 14), kind="met", event="AAOS Annual Meeting 2025")],
        True,
        id="met-at-last-years-meeting-under-its-long-name",
    ),
    pytest.param(
        person(1, "Dr. Lee"),
        [tp(1, 1, date(2025, 10, 14), kind="met", event="OTA 2025")],
        False,
        id="met-at-a-different-meeting",
    ),
    pytest.param(
        person(1, "Dr. Lee", institution="Hospital for Special Surgery"),
        [],
        True,
        id="works-at-a-target-program",
    ),
    pytest.param(
        person(1, "Dr. Lee", tags=["aaos-2026"], archived=True),
        [],
        False,
        id="archived-is-left-out",
    ),
]


@pytest.mark.parametrize(("contact", "touchpoints", "listed"), MATCH_CASES)
def test_who_is_a_target(contact: Contact, touchpoints: list[Touchpoint], listed: bool) -> None:
    assert (names(EVENT, [contact], touchpoints) == ["Dr. Lee"]) is listed


def test_target_says_why() -> None:
    lee = person(1, "Dr. Lee", tags=["aaos-2026"], institution="Hospital for Special Surgery")
    touchpoints = [tp(1, 1, date(2025, 3, 14), kind="met", event="AAOS 2025")]
    (target,) = prep(EVENT, [lee], touchpoints, SETTINGS, TODAY).targets
    assert target.why == ("tagged aaos-2026", "met at AAOS 2025", "at Hospital for Special Surgery")


def test_ranking_core_then_mentors_then_most_recent() -> None:
    contacts = [
        person(1, "Recent peer", tags=["aaos-2026"]),
        person(2, "Old peer", tags=["aaos-2026"]),
        person(3, "Sponsor", tags=["aaos-2026"], types=["sponsor"]),
        person(4, "Research mentor", tags=["aaos-2026"], mentor_kinds=["research"]),
        person(5, "Core advocate", tags=["aaos-2026"], core=True),
        person(6, "Never contacted", tags=["aaos-2026"]),
    ]
    touchpoints = [
        tp(1, 1, date(2026, 2, 20)),
        tp(2, 2, date(2025, 6, 1)),
        tp(3, 3, date(2025, 1, 1)),
        tp(4, 4, date(2026, 2, 1)),
        tp(5, 5, date(2024, 1, 1)),
    ]
    assert names(EVENT, contacts, touchpoints) == [
        "Core advocate",
        "Research mentor",
        "Sponsor",
        "Recent peer",
        "Old peer",
        "Never contacted",
    ]


def test_at_most_ten_targets_and_the_rest_counted() -> None:
    contacts = [person(i, f"Faculty {i:02d}", tags=["aaos-2026"]) for i in range(1, 14)]
    report = prep(EVENT, contacts, [], SETTINGS, TODAY)
    assert len(report.targets) == 10
    assert report.more == 3


def test_few_targets_prompts_for_more() -> None:
    report = prep(EVENT, [person(1, "Dr. Lee", tags=["aaos-2026"])], [], SETTINGS, TODAY)
    assert any("5–10" in n and "aaos-2026" in n for n in report.notes)


def test_last_discussed_and_next_step() -> None:
    lee = person(1, "Dr. Lee", tags=["aaos-2026"], email="lee@example.org")
    touchpoints = [
        tp(
            1,
            1,
            date(2025, 3, 14),
            kind="met",
            event="AAOS 2025",
            note="talked about hand fellowships",
        ),
        tp(
            2,
            1,
            date(2025, 9, 2),
            kind="update",
            note="sent poster draft",
            next_step="ask about a visiting elective",
            follow_up=date(2026, 3, 10),
        ),
        tp(3, 1, date(2025, 9, 20), kind="reply", direction=IN),
        tp(4, 1, date(2026, 4, 1), kind="meeting", note="planned coffee at AAOS"),  # after today
    ]
    (target,) = prep(EVENT, [lee], touchpoints, SETTINGS, TODAY).targets
    assert target.last_contact == date(2025, 9, 20)
    assert (target.discussed_on, target.discussed) == (date(2025, 9, 2), "sent poster draft")
    assert target.next_step == "ask about a visiting elective"
    assert target.next_due == date(2026, 3, 10)
    data = prep(EVENT, [lee], touchpoints, SETTINGS, TODAY).to_json()
    targets = data["targets"]
    assert isinstance(targets, list)
    assert targets[0]["discussed_on"] == "2025-09-02" and targets[0]["email"] == "lee@example.org"


def test_known_targets_suggest_writing_ahead() -> None:
    lee = person(1, "Dr. Lee", tags=["aaos-2026"])
    report = prep(EVENT, [lee], [tp(1, 1, date(2025, 9, 2))], SETTINGS, TODAY)
    assert any("before the meeting" in n and "Dr. Lee" in n for n in report.notes)


def test_introduction_from_settings_and_its_length() -> None:
    report = prep(EVENT, [], [], SETTINGS, TODAY)
    assert report.intro_from_settings
    assert report.intro.startswith("Hi, I'm Sam Patel")
    assert report.intro_words == len(SETTINGS.intro.split())
    assert 20 <= report.intro_seconds <= 30
    assert not any("seconds to say" in n for n in report.notes)


def test_a_long_introduction_is_flagged() -> None:
    long = Settings(intro=" ".join(["word"] * 120))
    report = prep(EVENT, [], [], long, TODAY)
    assert report.intro_seconds == 48
    assert any("48 seconds" in n for n in report.notes)


@pytest.mark.parametrize(
    ("settings", "starts"),
    [
        pytest.param(Settings(name="Sam Patel"), "Hi, I'm Sam Patel, {", id="name-known"),
        pytest.param(Settings(), "Hi, I'm {your name}, {", id="nothing-known"),
    ],
)
def test_fill_in_the_blanks_introduction(settings: Settings, starts: str) -> None:
    report = prep(EVENT, [], [], settings, TODAY)
    assert not report.intro_from_settings
    assert report.intro.startswith(starts)
    assert "{one specific area}" in report.intro
    assert any("introduction" in n for n in report.notes)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("AAOS 2026", "aaos-2026"),
        ("  OTA  Annual_Meeting ", "ota-annual-meeting"),
        ("Café Ortopédico", "café-ortopédico"),
    ],
)
def test_slug(text: str, expected: str) -> None:
    assert slug(text) == expected


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("AAOS 2025", "AAOS 2026", True),
        ("STS '25", "STS 2026", True),
        ("AAOS 2026", "AAOS 2026", True),
        ("OTA 2025", "AAOS 2026", False),
        ("2025", "2026", False),
    ],
)
def test_same_series(a: str, b: str, same: bool) -> None:
    assert same_series(a, b) is same
