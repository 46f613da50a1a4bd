"""The words netlog knows, and the one rule for each.

Relationship types and mentor kinds, network tiers, channels and touchpoint
kinds (with the words people type for them), directions, activity kinds and
letter statuses; how type words are read (``mentor:research``), split into a
contact's ``types`` and ``mentor_kinds``, and joined back in the one order
every output uses; and what counts as an email address, for ``add`` and an
import alike.

The command line and the file readers word their errors differently (the
option and the value for one, the line and the column for the other), but
both ask this module whether a word is valid.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Literal

from netlog.errors import InvalidValue

# --- relationship types and mentor kinds ---------------------------------------

RELATIONSHIP_TYPES: tuple[str, ...] = (
    "mentor",
    "sponsor",
    "peer",
    "ally",
    "letter-writer",
    "alumni",
)

MENTOR_KINDS: tuple[str, ...] = (
    "clinical",
    "research",
    "career",
    "near-peer",
    "application-strategy",
    "img-navigation",
    "education",
    "leadership",
    "skills",
    "wellness",
)

# --- tiers ----------------------------------------------------------------------

TIERS: tuple[str, ...] = ("home", "regional", "society")

# What address books and spreadsheets write for a tier (read on import).
TIER_WORDS: dict[str, str] = {
    "home": "home",
    "local": "home",
    "home/local": "home",
    "regional": "regional",
    "national": "regional",
    "regional-national": "regional",
    "regional/national": "regional",
    "society": "society",
}

# --- channels and touchpoint kinds ---------------------------------------------

CHANNELS: tuple[str, ...] = (
    "email",
    "in-person",
    "call",
    "video",
    "conference",
    "social",
    "letter",
    "other",
)

KINDS: tuple[str, ...] = (
    "met",
    "intro",
    "thanks",
    "update",
    "question",
    "ask",
    "share",
    "meeting",
    "shadowing",
    "or-day",
    "rotation",
    "helped",
    "reply",
    "nudge",
    "other",
)

# Words people type for a channel or a kind: an error suggests the word meant
# (see netlog.words); none is accepted in its place.
CHANNEL_SYNONYMS: dict[str, str] = {
    "phone": "call",
    "phone call": "call",
    "telephone": "call",
    "tel": "call",
    "zoom": "video",
    "teams": "video",
    "ms teams": "video",
    "facetime": "video",
    "webex": "video",
    "skype": "video",
    "google meet": "video",
    "video call": "video",
    "in person": "in-person",
    "inperson": "in-person",
    "person": "in-person",
    "face to face": "in-person",
    "f2f": "in-person",
    "irl": "in-person",
    "mail": "email",
    "e-mail": "email",
    "gmail": "email",
    "outlook": "email",
    "linkedin": "social",
    "twitter": "social",
    "x": "social",
    "card": "letter",
    "postcard": "letter",
    "meeting": "in-person",
}
KIND_SYNONYMS: dict[str, str] = {
    "thank you": "thanks",
    "thankyou": "thanks",
    "thank-you": "thanks",
    "thx": "thanks",
    "ty": "thanks",
    "introduction": "intro",
    "or": "or-day",
    "or day": "or-day",
    "shadow": "shadowing",
    "coffee": "meeting",
    "meet": "meeting",
    "request": "ask",
    "asked": "ask",
    "help": "helped",
    "response": "reply",
    "answer": "reply",
    "news": "update",
    "reminder": "nudge",
    "chase": "nudge",
    "elective": "rotation",
    "clerkship": "rotation",
}

# Kinds after which a thank-you is owed (guides 000, 002, 003).
THANKS_TRIGGERS: frozenset[str] = frozenset({"shadowing", "or-day", "rotation", "helped"})

# Kinds that take rather than give (for the transactional warning).
ASK_KINDS: frozenset[str] = frozenset({"ask"})

# What is not a give: an outgoing message of these kinds does not restart the
# core-update and keep-warm clocks, answer a first meeting or carry news.
NOT_GIVE_KINDS: frozenset[str] = frozenset({"ask", "nudge", "helped"})
# Time spent together that starts or restarts a relationship's clock.
TOGETHER_KINDS: frozenset[str] = frozenset({"met", "shadowing", "or-day", "rotation"})

# Directions of a touchpoint: you wrote to them, or they to you.
OUT = "out"
IN = "in"

# --- activities and letters ----------------------------------------------------

ACTIVITY_KINDS: tuple[str, ...] = ("read", "event", "milestone", "export")

LETTER_STATUSES: tuple[str, ...] = ("asked", "agreed", "submitted", "declined")


# --- choosing a word -------------------------------------------------------------


def check_choice(
    value: str,
    choices: tuple[str, ...],
    what: str,
    synonyms: Mapping[str, str] | None = None,
) -> str:
    """``value`` as one of ``choices`` (case and surrounding space aside), or an
    :class:`InvalidValue` naming the choices and the word most likely meant."""
    word = value.strip().lower()
    if word not in choices:
        from netlog.words import did_you_mean

        raise InvalidValue(
            f"invalid {what} {value!r}{did_you_mean(value, choices, synonyms)}: "
            f"choose one of {', '.join(choices)}"
        )
    return word


def tier_word(text: str) -> str | None:
    """The tier a word an address book or spreadsheet wrote means (``local`` → ``home``)."""
    return TIER_WORDS.get(text.strip().lower())


# --- type words: mentor, sponsor, mentor:research -------------------------------

TypeProblem = Literal["type", "not mentor", "mentor kind"]


def type_problem(base: str, kind: str | None) -> TypeProblem | None:
    """What is wrong with the type word ``base`` (``base:kind`` when ``kind`` is
    not ``None``): an unknown type, a kind on a type other than mentor, an
    unknown mentor kind; ``None`` when it is a type word."""
    if base not in RELATIONSHIP_TYPES:
        return "type"
    if kind is None:
        return None
    if base != "mentor":
        return "not mentor"
    if kind not in MENTOR_KINDS:
        return "mentor kind"
    return None


def parse_types(words: Iterable[str]) -> tuple[list[str], list[str]]:
    """Type words as given on the command line (``--type mentor:research,sponsor``)
    → types ``[mentor, sponsor]``, kinds ``[research]``."""
    checked: list[str] = []
    for raw in words:
        for word in (w.strip().lower() for w in raw.split(",")):
            if not word:
                continue
            base, _, kind = word.partition(":")
            problem = type_problem(base, kind or None)
            if problem is not None:
                raise InvalidValue(_type_message(problem, word, base, kind))
            checked.append(f"mentor:{kind}" if kind else base)
    return split_types(checked)


def _type_message(problem: TypeProblem, word: str, base: str, kind: str) -> str:
    from netlog.words import did_you_mean

    if problem == "type":
        return (
            f"invalid type {word!r}{did_you_mean(base, RELATIONSHIP_TYPES)}: choose from "
            f"{', '.join(RELATIONSHIP_TYPES)} (or mentor:KIND); free words go in --tag"
        )
    if problem == "not mentor":
        return f"invalid type {word!r}: only mentor takes a kind"
    return (
        f"invalid mentor kind {kind!r}{did_you_mean(kind, MENTOR_KINDS)}: "
        f"choose from {', '.join(MENTOR_KINDS)}"
    )


def split_types(words: Iterable[str]) -> tuple[list[str], list[str]]:
    """``["mentor:research", "sponsor"]`` → (``["mentor", "sponsor"]``, ``["research"]``).

    The pair is what :class:`netlog.domain.Contact` stores as ``types`` and
    ``mentor_kinds``; a mentor kind makes a mentor. Expects checked words.
    """
    plain: list[str] = []
    kinds: list[str] = []
    for word in words:
        base, _, kind = word.partition(":")
        if base not in plain:
            plain.append(base)
        if kind and kind not in kinds:
            kinds.append(kind)
    return plain, kinds


def join_types(types: Iterable[str], mentor_kinds: Iterable[str]) -> list[str]:
    """A contact's types as written on the command line, in the one order every
    output uses (``show``, ``list``, every export): mentor kinds first as
    ``mentor:KIND``, then the other types as stored. A bare ``mentor`` stays
    only when no kind says more. The inverse of :func:`split_types`."""
    kinds = list(dict.fromkeys(mentor_kinds))
    words = [f"mentor:{kind}" for kind in kinds]
    for word in types:
        if (word != "mentor" or not kinds) and word not in words:
            words.append(word)
    return words


# --- email ------------------------------------------------------------------------

# Characters that cannot appear unquoted in an address (RFC 5322 specials).
_NOT_IN_ADDRESS = frozenset('<>()[],;:"\\')


def is_email(text: str) -> bool:
    """Whether ``text`` is one email address, the rule ``add``, ``edit`` and
    every import share.

    One ``@`` between a local part and a domain of two or more dot-separated
    labels, none empty, the last (the top-level domain) at least two
    characters; no space, control character or RFC 5322 special anywhere.
    International domains (``ahmad@مثال.مصر``) pass; ``name@example``,
    ``a@b.c`` and ``x@y..org`` do not.
    """
    local, at, domain = text.partition("@")
    if not at or not local or "@" in domain:
        return False
    if any(ch in _NOT_IN_ADDRESS or ch.isspace() or not ch.isprintable() for ch in text):
        return False
    labels = domain.split(".")
    return len(labels) >= 2 and all(labels) and len(labels[-1]) >= 2


def check_email(value: str | None) -> str | None:
    """An address typed on the command line (surrounding space ignored; empty is none)."""
    if value is None:
        return None
    text = value.strip()
    if not text:
        return None
    if not is_email(text):
        raise InvalidValue(f"invalid email {value!r}: not an address like name@example.org")
    return text
