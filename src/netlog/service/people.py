"""Contacts: the checks of what ``add`` and ``edit`` are given, and the
commands that create, change, find and remove a contact (``add``, ``edit``,
``rm``, ``snooze``, ``archive``).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from netlog import followups
from netlog.config import Settings
from netlog.domain import Contact, Touchpoint
from netlog.errors import InvalidValue
from netlog.storage import contacts, pending, touchpoints
from netlog.storage.db import Database, fold
from netlog.vocabulary import OUT, TIERS, check_choice, check_email, parse_types

MAX_NAME = 300
MAX_CADENCE = 3650


def clean_name(name: str) -> str:
    text = " ".join(name.split())
    if not text:
        raise InvalidValue("a contact needs a name (it was empty)")
    if len(text) > MAX_NAME:
        raise InvalidValue(f"name is too long ({len(text)} characters, at most {MAX_NAME})")
    if any(unicodedata.category(ch) in ("Cc", "Cs") for ch in text):
        raise InvalidValue("name contains control characters")
    return text


def check_cadence(days: int | None) -> int | None:
    if days is None:
        return None
    if not 1 <= days <= MAX_CADENCE:
        raise InvalidValue(f"invalid --every {days}: give a number of days from 1 to {MAX_CADENCE}")
    return days


def clean_tags(words: list[str]) -> list[str]:
    tags: list[str] = []
    for raw in words:
        for word in (w.strip() for w in raw.split(",")):
            if word and word not in tags:
                tags.append(word)
    return tags


@dataclass
class ContactInput:
    """Options of ``add`` and ``edit``; ``None`` means "not given"."""

    name: str | None = None
    role: str | None = None
    institution: str | None = None
    specialty: str | None = None
    email: str | None = None
    phone: str | None = None
    linkedin: str | None = None
    x: str | None = None
    how_met: str | None = None
    types: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    tier: str | None = None
    core: bool | None = None
    every: int | None = None
    note: str | None = None
    topic: str | None = None

    def values(self) -> dict[str, Any]:
        """Validated column values for the fields that were given."""
        out: dict[str, Any] = {}
        if self.name is not None:
            out["name"] = clean_name(self.name)
        for key in ("role", "institution", "specialty", "phone", "linkedin", "x", "how_met"):
            value = getattr(self, key)
            if value is not None:
                out[key] = value.strip() or None
        if self.email is not None:
            out["email"] = check_email(self.email)
        if self.tier is not None:
            out["tier"] = check_choice(self.tier, TIERS, "tier")
        if self.core is not None:
            out["core"] = self.core
        if self.every is not None:
            out["cadence_days"] = check_cadence(self.every)
        if self.note is not None:
            out["notes"] = self.note
        if self.topic is not None:
            out["topic"] = " ".join(self.topic.split()) or None
        if self.types:
            out["types"], out["mentor_kinds"] = parse_types(self.types)
        if self.tags:
            out["tags"] = clean_tags(self.tags)
        return out


def _existing_email(
    conn: Any, email: str | None, skip: int | None = None, typed: tuple[str, ...] = ()
) -> None:
    """Refuse an address another contact has.

    The other contact is named by id only: their name is shown just when the
    user typed it in this command (``typed``), never read out to whoever
    watches the screen.
    """
    if not email:
        return
    owner = contacts.email_owner(conn, email, skip=skip)
    if owner:
        cid, name = owner
        who = f"{name}, #{cid}" if fold(name) in {fold(t) for t in typed} else f"#{cid}"
        raise InvalidValue(
            f"another contact ({who}) already has the email {email}; "
            f"see 'netlog show {cid}', or change theirs with 'netlog edit {cid} --email …'"
        )


def add_contact(
    db: Database,
    settings: Settings,
    data: ContactInput,
    *,
    today: date,
    met: date | None = None,
    at: str | None = None,
) -> int:
    """Create a contact; with ``met``/``at`` also the first meeting (kind ``met``)."""
    return add_many(db, settings, [data], today=today, met=met, at=at)[0]


def add_many(
    db: Database,
    settings: Settings,
    people: list[ContactInput],
    *,
    today: date,
    met: date | None = None,
    at: str | None = None,
) -> list[int]:
    """Create several contacts met at the same event, all or none."""
    if at is not None and not at.strip():
        raise InvalidValue("--at needs the event's name")
    met_day = met or (today if at else None)
    rows = []
    for number, person in enumerate(people, start=1):
        try:
            values = person.values()
        except InvalidValue as exc:
            raise InvalidValue(f"person {number}: {exc}" if len(people) > 1 else str(exc)) from None
        if "name" not in values:
            raise InvalidValue("a contact needs a name")
        if at and not values.get("how_met"):
            values["how_met"] = at.strip()
        rows.append(values)
    ids = []
    with db.write() as conn:
        for values in rows:
            _existing_email(conn, values.get("email"), typed=(values["name"],))
            created = min(today, met_day) if met_day else today
            contact_id = contacts.insert_contact(conn, values, created=created)
            contacts.sync_core_since(conn, [contact_id], created)
            if met_day is not None:
                touchpoints.insert_touchpoint(conn, _meeting(contact_id, met_day, at))
            ids.append(contact_id)
        followups.refresh(conn, ids, settings)
    return ids


def edit_contact(
    db: Database,
    settings: Settings,
    contact: str,
    data: ContactInput,
    *,
    remove_tags: list[str] | None = None,
    remove_types: list[str] | None = None,
    met: date | None = None,
    at: str | None = None,
    today: date | None = None,
) -> Contact:
    """Change a contact; with ``met``/``at`` also record a meeting (kind ``met``)."""
    values = data.values()
    if at is not None and not at.strip():
        raise InvalidValue("--at needs the event's name")
    met_day = met or (today if at else None)
    with db.write() as conn:
        found = contacts.resolve(conn, contact)
        if "email" in values:
            _existing_email(conn, values["email"], skip=found.id, typed=(values.get("name", ""),))
        if "types" in values:
            values["types"] = _union(found.types, values["types"])
            values["mentor_kinds"] = _union(found.mentor_kinds, values["mentor_kinds"])
        if "tags" in values:
            values["tags"] = _union(found.tags, values["tags"])
        if remove_types:
            drop_types, drop_kinds = parse_types(remove_types)
            # "--remove-type mentor" ends the mentorship: every mentor kind goes too.
            # ("--remove-type mentor:research" drops that kind only.)
            plain_mentor = any(
                w.strip().lower() == "mentor" for r in remove_types for w in r.split(",")
            )
            if plain_mentor:
                drop_kinds = list(values.get("mentor_kinds", found.mentor_kinds))
            else:
                drop_types = [t for t in drop_types if t != "mentor"]
            kinds = [
                k for k in values.get("mentor_kinds", found.mentor_kinds) if k not in drop_kinds
            ]
            types = [t for t in values.get("types", found.types) if t not in drop_types]
            values["types"], values["mentor_kinds"] = types, kinds
        if remove_tags:
            drop = {t.casefold() for t in clean_tags(remove_tags)}
            values["tags"] = [t for t in values.get("tags", found.tags) if t.casefold() not in drop]
        if not values and met_day is None:
            raise InvalidValue("nothing to change: give at least one option (see --help)")
        contacts.update_contact(conn, found.id, values)
        if "core" in values:
            contacts.sync_core_since(conn, [found.id], today or date.today())
        if met_day is not None:
            touchpoints.insert_touchpoint(conn, _meeting(found.id, met_day, at))
        followups.refresh(conn, [found.id], settings)
        return contacts.get_contact(conn, found.id)


def _meeting(contact_id: int, day: date, at: str | None) -> Touchpoint:
    """The first-meeting touchpoint ``add``/``edit`` record for --at/--met."""
    return Touchpoint(
        id=0,
        contact_id=contact_id,
        date=day,
        channel="conference" if at else "in-person",
        kind="met",
        direction=OUT,
        event=at.strip() if at else None,
    )


def _union(old: list[str], new: list[str]) -> list[str]:
    return [*old, *(n for n in new if n not in old)]


def namesakes(db: Database, contact_id: int) -> list[int]:
    """Other contacts with exactly this contact's name (case and accents aside)."""
    with db.read() as conn:
        return contacts.namesakes(conn, contact_id)


def find(db: Database, contact: str) -> Contact:
    with db.read() as conn:
        return contacts.resolve(conn, contact)


def remove_contact(db: Database, contact_id: int) -> None:
    with db.write() as conn:
        contacts.get_contact(conn, contact_id)
        contacts.delete_contact(conn, contact_id)


def snooze(db: Database, contact: str, until: date | None) -> Contact:
    with db.write() as conn:
        found = contacts.resolve(conn, contact)
        contacts.update_contact(conn, found.id, {"snoozed_until": until})
        return found


def archive(db: Database, settings: Settings, contact: str, *, archived: bool = True) -> Contact:
    with db.write() as conn:
        found = contacts.resolve(conn, contact)
        contacts.update_contact(conn, found.id, {"archived": archived})
        followups.refresh(conn, [found.id], settings)
        return found


def conference_follow_up(db: Database, contact_id: int) -> date | None:
    """The due date the rules stored for this contact's first-meeting follow-up
    (``conference-followup``), or ``None`` when none is owed: what ``add --at``
    and ``add --met`` tell the user to expect."""
    with db.read() as conn:
        owed = pending.pending_for_contact(conn, contact_id)
    return next((p.due for p in owed if p.rule == "conference-followup"), None)
