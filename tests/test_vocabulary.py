"""The words netlog knows: one rule for an email address, one order of types,
whichever way a word comes in (typed on the command line or read from a file)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from netlog.errors import InvalidValue
from netlog.interop.records import read_email, read_tier, read_types
from netlog.vocabulary import (
    CHANNELS,
    KINDS,
    MENTOR_KINDS,
    RELATIONSHIP_TYPES,
    TIER_WORDS,
    TIERS,
    check_choice,
    check_email,
    is_email,
    join_types,
    parse_types,
    split_types,
    tier_word,
    type_problem,
)

# --- email: `add` and every import agree -------------------------------------------

EMAILS: list[tuple[str, bool]] = [
    ("jane.doe@mgh.harvard.edu", True),
    ("a+ortho@example.org", True),
    ("ahmad@مثال.مصر", True),
    ("o'brien@example.ie", True),
    ("x@sub.example.co.uk", True),
    ("a@b.co", True),
    # Passed an import before and failed `add`: a one-letter top-level domain.
    ("a@b.c", False),
    # Passed `add` before and failed an import: an empty label.
    ("a@b..com", False),
    ("x@y..org", False),
    ("jane@.example.org", False),
    ("jane@example.org.", False),
    ("jane", False),
    ("jane@", False),
    ("@example.org", False),
    ("jane@example", False),
    ("jane doe@example.org", False),
    ("a@b@c.org", False),
    ("jane\t@example.org", False),
    ("jane\x00@example.org", False),
    ("<jane@example.org>", False),
    ("jane@exam[ple.org", False),
    ("jane\\doe@example.org", False),
    ('"jane"@example.org', False),
    ("jane@example.org, kim@example.org", False),
    ("jane;@example.org", False),
]


@pytest.mark.parametrize(("value", "valid"), EMAILS)
def test_one_rule_decides_an_email_for_add_and_for_an_import(value: str, valid: bool) -> None:
    assert is_email(value) is valid
    if valid:
        assert check_email(value) == value
        assert read_email(value, line=2) == value
    else:
        with pytest.raises(InvalidValue, match="invalid email"):
            check_email(value)
        with pytest.raises(InvalidValue, match=r"^line 2: invalid email in email"):
            read_email(value, line=2)


def test_an_import_reads_a_mailto_link_and_add_keeps_refusing_it() -> None:
    assert read_email("mailto:pd@example.org", line=1) == "pd@example.org"
    with pytest.raises(InvalidValue):
        check_email("mailto:pd@example.org")


@pytest.mark.parametrize("value", [None, "", "   "])
def test_no_email_given_is_no_email(value: str | None) -> None:
    assert check_email(value) is None
    assert read_email(value, line=1) is None


@pytest.mark.parametrize("address", ["a@b.c", "a@b..com"])
def test_an_address_add_refuses_an_import_leaves_out(
    address: str, netlog: Any, tmp_path: Path
) -> None:
    result = netlog("add", "Dr. Maya Patel", "--email", address)
    assert result.exit_code == 1 and "invalid email" in result.stderr
    path = tmp_path / "people.csv"
    path.write_text(f"name,email\nDr. Maya Patel,{address}\n", encoding="utf-8")
    assert netlog("import", str(path)).exit_code == 0
    assert [row["email"] for row in netlog("list", "--json").json()] == [None]


# --- types: read, split, joined in one order -------------------------------------------

JOINED: list[tuple[list[str], list[str], list[str]]] = [
    ([], [], []),
    (["peer"], [], ["peer"]),
    (["mentor"], [], ["mentor"]),
    (["mentor", "sponsor"], ["research"], ["mentor:research", "sponsor"]),
    (["sponsor", "mentor"], ["research"], ["mentor:research", "sponsor"]),
    (
        ["ally", "mentor", "peer"],
        ["career", "clinical"],
        ["mentor:career", "mentor:clinical", "ally", "peer"],
    ),
    (["sponsor"], ["research"], ["mentor:research", "sponsor"]),
]


@pytest.mark.parametrize(("types", "kinds", "words"), JOINED)
def test_types_join_in_one_order_mentor_kinds_first(
    types: list[str], kinds: list[str], words: list[str]
) -> None:
    assert join_types(types, kinds) == words


@pytest.mark.parametrize(
    ("words", "types", "kinds"),
    [
        (["mentor:research", "sponsor"], ["mentor", "sponsor"], ["research"]),
        (["sponsor", "mentor:research", "mentor"], ["sponsor", "mentor"], ["research"]),
        (["mentor:research,mentor:career"], ["mentor"], ["research", "career"]),
        ([" Peer , ally,, "], ["peer", "ally"], []),
        (["mentor:"], ["mentor"], []),
    ],
)
def test_typed_words_split_into_types_and_mentor_kinds(
    words: list[str], types: list[str], kinds: list[str]
) -> None:
    assert parse_types(words) == (types, kinds)


@pytest.mark.parametrize(
    ("words", "message"),
    [
        (["golfer"], "invalid type 'golfer'"),
        (["sponsor:research"], "only mentor takes a kind"),
        (["mentor:reserch"], "invalid mentor kind 'reserch' (did you mean 'research'?)"),
    ],
)
def test_a_wrong_typed_word_says_what_is_wrong(words: list[str], message: str) -> None:
    with pytest.raises(InvalidValue) as err:
        parse_types(words)
    assert message in str(err.value)


@pytest.mark.parametrize(
    ("base", "kind", "problem"),
    [
        ("mentor", None, None),
        ("mentor", "research", None),
        ("letter-writer", None, None),
        ("golfer", None, "type"),
        ("golfer", "research", "type"),
        ("sponsor", "research", "not mentor"),
        ("mentor", "astrology", "mentor kind"),
        ("mentor", "", "mentor kind"),
    ],
)
def test_command_line_and_files_ask_the_same_question_of_a_type_word(
    base: str, kind: str | None, problem: str | None
) -> None:
    assert type_problem(base, kind) == problem


def test_every_type_word_reads_back_from_a_file_as_written() -> None:
    words = [*(f"mentor:{k}" for k in MENTOR_KINDS), *RELATIONSHIP_TYPES]
    read = read_types(words, line=1)
    assert read == [w for w in words if w != "mentor"]
    assert join_types(*split_types(read)) == read


def test_show_list_and_every_export_write_types_in_the_same_order(
    netlog: Any, tmp_path: Path
) -> None:
    typed = ["--type", "sponsor", "--type", "mentor:research", "--type", "peer"]
    assert netlog("add", "Dr. Maya Patel", *typed).exit_code == 0
    order = ["mentor:research", "sponsor", "peer"]
    assert netlog("show", "patel", "--json").json()["types"] == order
    assert netlog("list", "--json").json()[0]["types"] == order
    assert json.loads(netlog("export", "--format", "json").stdout)[0]["types"] == order
    csv_text = netlog("export").stdout
    assert (
        "mentor:research; sponsor; peer" in csv_text or "mentor:research;sponsor;peer" in csv_text
    )


# --- tiers, channels, kinds --------------------------------------------------------------


def test_every_tier_word_means_a_tier() -> None:
    assert set(TIER_WORDS.values()) == set(TIERS)
    assert all(TIER_WORDS[t] == t for t in TIERS)


@pytest.mark.parametrize(
    ("word", "tier"),
    [("home", "home"), (" Local ", "home"), ("National", "regional"), ("galaxy", None)],
)
def test_tier_words_from_address_books(word: str, tier: str | None) -> None:
    assert tier_word(word) == tier
    if tier is not None:
        assert read_tier(word, line=1) == tier


@pytest.mark.parametrize(
    ("value", "choices", "expected"),
    [("Email", CHANNELS, "email"), (" thanks ", KINDS, "thanks"), ("regional", TIERS, "regional")],
)
def test_a_choice_is_read_whatever_its_case(
    value: str, choices: tuple[str, ...], expected: str
) -> None:
    assert check_choice(value, choices, "word") == expected


def test_a_wrong_choice_names_the_choices() -> None:
    with pytest.raises(InvalidValue, match=r"invalid channel 'zoom' \(did you mean 'video'\?\)"):
        from netlog.vocabulary import CHANNEL_SYNONYMS

        check_choice("zoom", CHANNELS, "channel", CHANNEL_SYNONYMS)
