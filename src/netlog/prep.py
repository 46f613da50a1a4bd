"""Conference preparation: whom to look for, what you last discussed, your pitch.

Pure: the caller passes the records, the settings and ``today``.

Guides (``shared/guides/``, by number): 003 asks for a target list of 5–10
people before a meeting; 000, 003 and 004 for a 20–30 second introduction
(who you are, your specific interest, one connection point, what you are
looking for); 001 and 003 for reaching out beforehand to people you already
know, to arrange a short hello.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from netlog.config import Settings
from netlog.domain import Contact, Touchpoint
from netlog.routine import is_mentor

TARGETS = (5, 10)  # guide 003: identify 5–10 people you would like to meet
INTRO_SECONDS = (20, 30)  # guides 000, 003, 004
WORDS_PER_SECOND = 2.5  # an unhurried speaking pace, about 150 words a minute

INTRO_TEMPLATE = (
    "Hi, I'm {name}, {{your year or role}} at {{your school or program}}. "
    "I'm most interested in {{one specific area}}, and I've been working on "
    "{{a project or experience in that area}}. {{What you enjoyed in their talk "
    "or work, and one question}}. I'm hoping to {{what you are looking for: "
    "advice, research, a rotation}}."
)

_YEAR = re.compile(r"^(19|20)\d{2}$|^'\d{2}$")


@dataclass(slots=True, frozen=True)
class PrepTarget:
    """Someone worth finding at the event, and what to pick up with them."""

    contact_id: int
    name: str
    role: str | None
    institution: str | None
    core: bool
    types: tuple[str, ...]
    why: tuple[str, ...]
    last_contact: date | None
    discussed_on: date | None
    discussed: str | None
    next_step: str | None
    next_due: date | None
    email: str | None = None

    def to_json(self) -> dict[str, object]:
        return {
            "contact_id": self.contact_id,
            "name": self.name,
            "role": self.role,
            "institution": self.institution,
            "email": self.email,
            "core": self.core,
            "types": list(self.types),
            "why": list(self.why),
            "last_contact": self.last_contact.isoformat() if self.last_contact else None,
            "discussed_on": self.discussed_on.isoformat() if self.discussed_on else None,
            "discussed": self.discussed,
            "next_step": self.next_step,
            "next_due": self.next_due.isoformat() if self.next_due else None,
        }


@dataclass(slots=True, frozen=True)
class PrepReport:
    event: str
    targets: list[PrepTarget]
    intro: str
    intro_from_settings: bool
    intro_words: int
    intro_seconds: int
    notes: list[str] = field(default_factory=list)
    more: int = 0

    def to_json(self) -> dict[str, object]:
        return {
            "event": self.event,
            "targets": [t.to_json() for t in self.targets],
            "more": self.more,
            "intro": self.intro,
            "intro_from_settings": self.intro_from_settings,
            "intro_words": self.intro_words,
            "intro_seconds": self.intro_seconds,
            "notes": list(self.notes),
        }


# --- matching an event ----------------------------------------------------------


def slug(text: str) -> str:
    """'AAOS 2026' → 'aaos-2026'; letters of any script are kept."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return "-".join(re.findall(r"\w+", text)).replace("_", "-")


def series_words(text: str) -> tuple[str, ...]:
    """The words of an event name without its year: 'AAOS 2026' → ('aaos',)."""
    words = re.findall(r"[\w']+", unicodedata.normalize("NFKC", text).casefold())
    return tuple(w for w in words if not _YEAR.match(w))


def same_series(a: str, b: str) -> bool:
    """Two editions of one meeting: the yearless words of one contain the other's.

    'AAOS 2025' and 'AAOS Annual Meeting 2026' match; 'AAOS' and 'OTA' do not.
    """
    wa, wb = set(series_words(a)), set(series_words(b))
    if not wa or not wb:
        return False
    return wa <= wb or wb <= wa


def candidates(
    event: str,
    contacts: Iterable[tuple[int, str, str | None]],
    events: Iterable[str],
    settings: Settings,
) -> tuple[set[int], list[str]]:
    """Which contacts may be targets, from ``(id, tags as JSON, institution)``
    rows, and which of the ``events`` touchpoints were at are editions of
    ``event``: the contacts with a matching tag or institution, and the
    matching events (whose contacts are candidates too). Each distinct tag
    and institution is looked at once."""
    import functools
    import json

    tag_ok = functools.lru_cache(maxsize=None)(lambda tag: _tag_matches(tag, event))
    inst_ok = functools.lru_cache(maxsize=None)(
        lambda inst: _at_institution_name(inst, settings.institutions) is not None
    )
    tags_ok = functools.lru_cache(maxsize=None)(
        lambda tags: tags != "[]" and any(tag_ok(t) for t in json.loads(tags))
    )
    found: set[int] = set()
    for cid, tags, institution in contacts:
        if tags_ok(tags) or (institution and inst_ok(institution)):
            found.add(cid)
    return found, [e for e in events if e and same_series(e, event)]


def _tag_matches(tag: str, event: str) -> bool:
    s = slug(tag)
    return bool(s) and (
        tag.casefold() == event.casefold() or s == slug(event) or s == "-".join(series_words(event))
    )


def _at_institution(contact: Contact, institutions: Sequence[str]) -> str | None:
    if not contact.institution:
        return None
    return _at_institution_name(contact.institution, institutions)


def _at_institution_name(institution: str, institutions: Sequence[str]) -> str | None:
    mine = institution.casefold()
    for inst in institutions:
        want = inst.strip().casefold()
        if want and (want == mine or want in mine):
            return inst
    return None


# --- the report -------------------------------------------------------------------


def prep(
    event: str,
    contacts: Sequence[Contact],
    touchpoints: Sequence[Touchpoint],
    settings: Settings,
    today: date,
) -> PrepReport:
    """Targets for ``event`` (5–10 of them), what you last discussed, your pitch.

    A contact is a target when tagged with the event (its name, its slug such
    as ``aaos-2026``, or the series ``aaos``), when a touchpoint was at an
    edition of the same meeting, or when they work at one of
    ``settings.institutions``. Archived contacts are left out. Ranking: core
    contacts first, then mentors and sponsors, then the most recently in
    touch, then by name. At most 10 are listed; ``more`` counts the rest.
    """
    event = " ".join(event.split())
    return report(event, targets(event, contacts, touchpoints, settings, today), settings)


@dataclass(slots=True, frozen=True)
class History:
    """What a target's log (up to today) tells prep: when you were last in
    touch, the last note, the last next step, and the events you met at."""

    last_contact: date | None = None
    discussed_on: date | None = None
    discussed: str | None = None
    next_step: str | None = None
    next_due: date | None = None
    events: tuple[str, ...] = ()


def history(tps: Sequence[Touchpoint]) -> History:
    """The :class:`History` of touchpoints up to today, sorted by (date, id)."""
    noted = [t for t in tps if t.note]
    steps = [t for t in tps if t.next_step or t.follow_up]
    step = steps[-1] if steps else None
    return History(
        last_contact=tps[-1].date if tps else None,
        discussed_on=noted[-1].date if noted else None,
        discussed=noted[-1].note if noted else None,
        next_step=step.next_step if step else None,
        next_due=step.follow_up if step else None,
        events=tuple(dict.fromkeys(t.event for t in tps if t.event)),
    )


def targets(
    event: str,
    contacts: Sequence[Contact],
    touchpoints: Sequence[Touchpoint],
    settings: Settings,
    today: date,
) -> list[PrepTarget]:
    """The contacts among ``contacts`` that are targets for ``event`` (its
    spaces already tidied), in the order given, unranked."""
    by_contact: dict[int, list[Touchpoint]] = {}
    for tp in touchpoints:
        if tp.date <= today:
            by_contact.setdefault(tp.contact_id, []).append(tp)
    for tps in by_contact.values():
        tps.sort(key=lambda t: (t.date, t.id))
    histories = {cid: history(tps) for cid, tps in by_contact.items()}
    return targets_from(event, contacts, histories, settings)


NO_HISTORY = History()


def targets_from(
    event: str,
    contacts: Sequence[Contact],
    histories: dict[int, History],
    settings: Settings,
) -> list[PrepTarget]:
    """:func:`targets` from each contact's :class:`History` (none: never in
    touch): a long log can be summed up by SQLite a few hundred contacts at a
    time, the parts joined in contact order."""
    import functools

    # Each distinct event name and tag is matched against the event once.
    edition = functools.lru_cache(maxsize=None)(lambda name: same_series(name, event))
    tag_ok = functools.lru_cache(maxsize=None)(lambda tag: _tag_matches(tag, event))
    found: list[PrepTarget] = []
    for c in contacts:
        if c.archived:
            continue
        seen = histories.get(c.id, NO_HISTORY)
        why: list[str] = []
        tags = [t for t in c.tags if tag_ok(t)]
        if tags:
            why.append(f"tagged {tags[0]}")
        editions = sorted({e for e in seen.events if edition(e)}, key=str.casefold)
        if editions:
            why.append("met at " + ", ".join(editions))
        inst = _at_institution(c, settings.institutions)
        if inst:
            why.append(f"at {inst}")
        if not why:
            continue
        found.append(_target(c, seen, why))
    return found


def report(event: str, found: list[PrepTarget], settings: Settings) -> PrepReport:
    """The report from every target found (see :func:`targets`): the best 10, the pitch."""
    found = sorted(found, key=_rank)
    targets = found[: TARGETS[1]]
    intro, from_settings = _intro(settings)
    words = len(intro.split())
    seconds = round(words / WORDS_PER_SECOND)
    notes = _notes(event, targets, settings, from_settings, seconds)
    return PrepReport(
        event, targets, intro, from_settings, words, seconds, notes, len(found) - len(targets)
    )


def _target(c: Contact, seen: History, why: list[str]) -> PrepTarget:
    return PrepTarget(
        contact_id=c.id,
        name=c.name,
        role=c.role,
        institution=c.institution,
        core=c.core,
        types=tuple(c.types) + (("mentor",) if is_mentor(c) and "mentor" not in c.types else ()),
        why=tuple(why),
        last_contact=seen.last_contact,
        discussed_on=seen.discussed_on,
        discussed=seen.discussed,
        next_step=seen.next_step,
        next_due=seen.next_due,
        email=c.email,
    )


def _rank(t: PrepTarget) -> tuple[bool, bool, int, str]:
    advocate = "mentor" in t.types or "sponsor" in t.types
    recent = -(t.last_contact.toordinal()) if t.last_contact else 0
    return (not t.core, not advocate, recent, t.name.casefold())


def _intro(settings: Settings) -> tuple[str, bool]:
    text = " ".join(settings.intro.split())
    if text:
        return text, True
    name = " ".join(settings.name.split()) or "{your name}"
    return INTRO_TEMPLATE.format(name=name), False


def _notes(
    event: str,
    targets: Sequence[PrepTarget],
    settings: Settings,
    from_settings: bool,
    seconds: int,
) -> list[str]:
    notes: list[str] = []
    if len(targets) < TARGETS[0]:
        notes.append(
            f"{len(targets)} target(s) so far; aim for 5–10: add speakers and authors you "
            f"want to meet, tagged {slug(event) or 'with the event'}"
        )
    known = [t.name for t in targets if t.last_contact is not None]
    if known:
        notes.append("write before the meeting to arrange a short hello: " + ", ".join(known[:5]))
    if not from_settings:
        notes.append(
            "no introduction in your settings yet: fill in the blanks and save it as "
            "intro under [you] in the config file"
        )
    elif not INTRO_SECONDS[0] <= seconds <= INTRO_SECONDS[1]:
        notes.append(f"your introduction takes about {seconds} seconds to say; aim for 20–30")
    if not settings.institutions:
        notes.append(
            "list the programs you are aiming for as institutions under [you] in the "
            "config file to find more people there"
        )
    return notes
