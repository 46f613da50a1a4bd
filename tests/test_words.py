"""A word that is nearly right gets a "did you mean", from one place (netlog.words)."""

from __future__ import annotations

from typing import Any

import pytest

from netlog.vocabulary import CHANNEL_SYNONYMS, CHANNELS, KIND_SYNONYMS, KINDS
from netlog.words import did_you_mean, suggest


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (
            ["log", "patel", "--kind", "thankyou"],
            "invalid kind 'thankyou' (did you mean 'thanks'?)",
        ),
        (["log", "patel", "--kind", "thank you"], "(did you mean 'thanks'?)"),
        (["log", "patel", "--kind", "shadow"], "(did you mean 'shadowing'?)"),
        (["log", "patel", "--via", "phone"], "invalid channel 'phone' (did you mean 'call'?)"),
        (["log", "patel", "--via", "zoom"], "(did you mean 'video'?)"),
        (["log", "patel", "--via", "Teams"], "(did you mean 'video'?)"),
        (["log", "patel", "--via", "in person"], "(did you mean 'in-person'?)"),
        (["log", "patel", "--via", "emial"], "(did you mean 'email'?)"),
        (["add", "Dr. Q", "--type", "mentr"], "invalid type 'mentr' (did you mean 'mentor'?)"),
        (["add", "Dr. Q", "--type", "mentor:reserch"], "(did you mean 'research'?)"),
        (["add", "Dr. Q", "--tier", "regionl"], "(did you mean 'regional'?)"),
        (["log", "patel", "--date", "yesterdy"], "(did you mean 'yesterday'?)"),
        (["log", "patel", "--next", "CV", "--due", "nxt week"], "(did you mean 'next week'?)"),
        (["letters", "set", "1", "sumbitted"], "(did you mean 'submitted'?)"),
    ],
)
def test_a_near_miss_is_refused_with_the_word_meant(
    netlog: Any, args: list[str], words: str
) -> None:
    netlog("add", "Dr. Maya Patel")
    netlog("letters", "ask", "patel", "--for", "Ortho 2027")
    result = netlog(*args)
    assert result.exit_code == 1
    assert words in result.stderr
    assert result.stderr.count("\n") == 1
    assert len(netlog("show", "patel", "--json").json()["touchpoints"]) == 1  # the ask only


def test_a_word_like_nothing_known_gets_the_list_but_no_guess(netlog: Any) -> None:
    netlog("add", "Dr. Maya Patel")
    result = netlog("log", "patel", "--kind", "xyzzy")
    assert result.exit_code == 1
    assert "did you mean" not in result.stderr and "choose one of met, intro" in result.stderr


def test_next_week_is_a_date_you_can_type(netlog: Any) -> None:
    netlog("add", "Dr. Maya Patel")
    assert netlog("log", "patel", "--next", "send CV", "--due", "next week").exit_code == 0
    due = netlog("due", "--within", "14", "--json").json()
    assert any(i["rule"] == "next-step" and i["due"] == "2026-11-12" for i in due)


@pytest.mark.parametrize(
    ("word", "choices", "synonyms", "expected"),
    [
        ("phone", CHANNELS, CHANNEL_SYNONYMS, "call"),
        ("PHONE CALL", CHANNELS, CHANNEL_SYNONYMS, "call"),
        ("in_person", CHANNELS, CHANNEL_SYNONYMS, "in-person"),
        ("thank-you", KINDS, KIND_SYNONYMS, "thanks"),
        ("ordy", KINDS, KIND_SYNONYMS, "or-day"),
        ("qqqq", KINDS, KIND_SYNONYMS, None),
    ],
)
def test_suggest_finds_the_word_meant(
    word: str, choices: tuple[str, ...], synonyms: dict[str, str], expected: str | None
) -> None:
    assert suggest(word, choices, synonyms) == expected


def test_every_synonym_points_to_a_real_word() -> None:
    assert set(CHANNEL_SYNONYMS.values()) <= set(CHANNELS)
    assert set(KIND_SYNONYMS.values()) <= set(KINDS)
    assert not set(CHANNEL_SYNONYMS) & set(CHANNELS)
    assert not set(KIND_SYNONYMS) & set(KINDS)


def test_the_right_word_itself_needs_no_hint() -> None:
    assert did_you_mean("call", CHANNELS) == ""
