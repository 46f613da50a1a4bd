"""What each command does, apart from parsing and printing.

Functions here validate input, run one transaction on the database and keep
the stored follow-ups current. They raise :class:`netlog.errors.NetlogError`
subclasses for anything the user can fix.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any

from netlog import followups, rules
from netlog.config import Settings
from netlog.domain import (
    CHANNEL_SYNONYMS,
    CHANNELS,
    IN,
    KIND_SYNONYMS,
    KINDS,
    MENTOR_KINDS,
    OUT,
    RELATIONSHIP_TYPES,
    TIERS,
    Activity,
    Contact,
    DueItem,
    Letter,
    Pending,
    Skip,
    Touchpoint,
)
from netlog.errors import InvalidValue
from netlog.storage import store
from netlog.storage.db import Database, fold

# A pattern, compiled (and cached by ``re``) on first use: most commands check no email.
_EMAIL = r"^[^@\s<>(),;:\"]+@[^@\s<>(),;:\"]+\.[^@\s<>(),;:\".]{2,}$"
MAX_NAME = 300
MAX_CADENCE = 3650
MAX_WITHIN = 36500  # due --within: a hundred years ahead at most


# --- validation -----------------------------------------------------------------


def clean_name(name: str) -> str:
    text = " ".join(name.split())
    if not text:
        raise InvalidValue("a contact needs a name (it was empty)")
    if len(text) > MAX_NAME:
        raise InvalidValue(f"name is too long ({len(text)} characters, at most {MAX_NAME})")
    if any(unicodedata.category(ch) in ("Cc", "Cs") for ch in text):
        raise InvalidValue("name contains control characters")
    return text


def check_email(value: str | None) -> str | None:
    if value is None:
        return None
    text = value.strip()
    if not text:
        return None
    if not re.match(_EMAIL, text):
        raise InvalidValue(f"invalid email {value!r}: not an address like name@example.org")
    return text


def check_cadence(days: int | None) -> int | None:
    if days is None:
        return None
    if not 1 <= days <= MAX_CADENCE:
        raise InvalidValue(f"invalid --every {days}: give a number of days from 1 to {MAX_CADENCE}")
    return days


def check_choice(
    value: str,
    choices: tuple[str, ...],
    what: str,
    synonyms: dict[str, str] | None = None,
) -> str:
    word = value.strip().lower()
    if word not in choices:
        from netlog.words import did_you_mean

        raise InvalidValue(
            f"invalid {what} {value!r}{did_you_mean(value, choices, synonyms)}: "
            f"choose one of {', '.join(choices)}"
        )
    return word


def parse_types(words: list[str]) -> tuple[list[str], list[str]]:
    """``["mentor:research", "sponsor"]`` → types ``[mentor, sponsor]``, kinds ``[research]``."""
    from netlog.words import did_you_mean

    types: list[str] = []
    kinds: list[str] = []
    for raw in words:
        for word in (w.strip().lower() for w in raw.split(",")):
            if not word:
                continue
            base, _, kind = word.partition(":")
            if base not in RELATIONSHIP_TYPES:
                raise InvalidValue(
                    f"invalid type {word!r}{did_you_mean(base, RELATIONSHIP_TYPES)}: choose from "
                    f"{', '.join(RELATIONSHIP_TYPES)} (or mentor:KIND); free words go in --tag"
                )
            if kind:
                if base != "mentor":
                    raise InvalidValue(f"invalid type {word!r}: only mentor takes a kind")
                if kind not in MENTOR_KINDS:
                    raise InvalidValue(
                        f"invalid mentor kind {kind!r}{did_you_mean(kind, MENTOR_KINDS)}: "
                        f"choose from {', '.join(MENTOR_KINDS)}"
                    )
                if kind not in kinds:
                    kinds.append(kind)
            if base not in types:
                types.append(base)
    return types, kinds


def clean_tags(words: list[str]) -> list[str]:
    tags: list[str] = []
    for raw in words:
        for word in (w.strip() for w in raw.split(",")):
            if word and word not in tags:
                tags.append(word)
    return tags


# --- input records --------------------------------------------------------------


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


# --- commands -------------------------------------------------------------------


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
    owner = store.email_owner(conn, email, skip=skip)
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
            contact_id = store.insert_contact(conn, values, created=created)
            store.sync_core_since(conn, [contact_id], created)
            if met_day is not None:
                store.insert_touchpoint(conn, _meeting(contact_id, met_day, at))
            ids.append(contact_id)
        followups.refresh(conn, ids, settings)
    return ids


@dataclass
class TouchpointInput:
    channel: str | None = None
    kind: str | None = None
    day: date | None = None
    event: str | None = None
    note: str | None = None
    next_step: str | None = None
    follow_up: date | None = None
    awaiting_reply: bool = False
    incoming: bool = False
    topic: str | None = None
    done: bool = False


@dataclass
class Logged:
    """What ``log`` recorded, and what it means for the next step."""

    contact: Contact
    touchpoint: Touchpoint
    done: Touchpoint | None = None  # the next step this marked done
    waiting: Touchpoint | None = None  # an open next step still waiting


def log_touchpoint(
    db: Database, settings: Settings, contact: str, data: TouchpointInput, *, today: date
) -> Logged:
    """Record a touchpoint; the follow-ups it satisfies clear at once.

    With ``done`` the open next step is marked done; otherwise an open next
    step stays (an unrelated message does not clear it) and is reported back
    as still waiting.
    """
    if data.awaiting_reply and data.incoming:
        raise InvalidValue("--awaiting-reply is for messages you sent, not --incoming ones")
    if data.channel is not None:
        channel = check_choice(data.channel, CHANNELS, "channel", CHANNEL_SYNONYMS)
    elif data.event:
        channel = "conference"
    else:
        channel = "email"
    if data.kind is not None:
        kind = check_choice(data.kind, KINDS, "kind", KIND_SYNONYMS)
    else:
        kind = "reply" if data.incoming else "update"
    if data.awaiting_reply and channel != "email":
        raise InvalidValue("--awaiting-reply tracks emails; add --via email")
    day = data.day or today
    if data.follow_up is not None and data.follow_up < day:
        raise InvalidValue(
            f"--due {data.follow_up.isoformat()} is before the touchpoint's date {day.isoformat()}"
        )
    with db.write() as conn:
        found = store.resolve(conn, contact)
        before = rules.open_next_step(store.touchpoints_for(conn, found.id))
        if data.done and before is None:
            raise InvalidValue(
                f"{found.name} has no open next step to mark done (see 'netlog show {found.id}')"
            )
        tp = Touchpoint(
            id=0,
            contact_id=found.id,
            date=day,
            channel=channel,
            kind=kind,
            direction=IN if data.incoming else OUT,
            event=(data.event or "").strip() or None,
            note=data.note,
            next_step=(data.next_step or "").strip() or None,
            follow_up=data.follow_up,
            awaiting_reply=data.awaiting_reply,
            topic=" ".join((data.topic or "").split()) or None,
        )
        if data.done and before is not None:
            store.mark_step_done(conn, before.id, day)
        tp.id = store.insert_touchpoint(conn, tp)
        followups.refresh(conn, [found.id], settings)
        waiting = rules.open_next_step(store.touchpoints_for(conn, found.id))
    return Logged(
        found,
        tp,
        done=before if data.done else None,
        waiting=waiting if waiting is not None and waiting.id != tp.id else None,
    )


def mark_done(
    db: Database, settings: Settings, contact: str, *, today: date
) -> tuple[Contact, Touchpoint]:
    """``netlog done CONTACT``: the open next step is done (no message logged)."""
    with db.write() as conn:
        found = store.resolve(conn, contact)
        step = rules.open_next_step(store.touchpoints_for(conn, found.id))
        if step is None:
            raise InvalidValue(
                f"{found.name} has no open next step to mark done (see 'netlog show {found.id}')"
            )
        store.mark_step_done(conn, step.id, today)
        followups.refresh(conn, [found.id], settings)
        return found, step


@dataclass
class TouchpointFix:
    """The fields of a touchpoint to change (``None``: keep as logged).

    Text fields given as empty strings are cleared; ``clear_follow_up``
    removes the follow-up date.
    """

    channel: str | None = None
    kind: str | None = None
    day: date | None = None
    event: str | None = None
    note: str | None = None
    next_step: str | None = None
    follow_up: date | None = None
    clear_follow_up: bool = False
    awaiting_reply: bool | None = None
    incoming: bool | None = None
    topic: str | None = None

    def given(self) -> bool:
        return self.clear_follow_up or any(
            getattr(self, f) is not None
            for f in (
                "channel",
                "kind",
                "day",
                "event",
                "note",
                "next_step",
                "follow_up",
                "awaiting_reply",
                "incoming",
                "topic",
            )
        )


def _touchpoint_of(conn: Any, contact: Contact, number: int) -> Touchpoint:
    """The contact's touchpoint with this number (its id, as ``show`` lists it)."""
    for tp in store.touchpoints_for(conn, contact.id):
        if tp.id == number:
            return tp
    raise InvalidValue(
        f"{contact.name} has no touchpoint #{number}; 'netlog show {contact.id}' numbers them"
    )


def _text(value: str | None, old: str | None) -> str | None:
    if value is None:
        return old
    return " ".join(value.split()) or None


def fix_touchpoint(
    db: Database, settings: Settings, contact: str, number: int, data: TouchpointFix
) -> tuple[Contact, Touchpoint, Touchpoint]:
    """Correct a logged touchpoint; the follow-ups are recomputed as on ``log``.

    Returns the contact, the touchpoint as it was, and as it is now.
    """
    if not data.given():
        raise InvalidValue(
            "say what to change (--kind, --date, --via, --note, …), or --rm to remove it"
        )
    with db.write() as conn:
        found = store.resolve(conn, contact)
        old = _touchpoint_of(conn, found, number)
        new = replace(old)
        if data.channel is not None:
            new.channel = check_choice(data.channel, CHANNELS, "channel", CHANNEL_SYNONYMS)
        if data.kind is not None:
            new.kind = check_choice(data.kind, KINDS, "kind", KIND_SYNONYMS)
        if data.day is not None:
            new.date = data.day
        if data.incoming is not None:
            new.direction = IN if data.incoming else OUT
        if data.awaiting_reply is not None:
            new.awaiting_reply = data.awaiting_reply
        elif data.incoming:
            new.awaiting_reply = False  # their message awaits nothing from them
        new.event = _text(data.event, old.event)
        new.next_step = _text(data.next_step, old.next_step)
        new.topic = _text(data.topic, old.topic)
        if data.note is not None:
            new.note = data.note.strip() or None
        if data.clear_follow_up:
            new.follow_up = None
        elif data.follow_up is not None:
            new.follow_up = data.follow_up
        if new.awaiting_reply and new.direction == IN:
            raise InvalidValue("--awaiting-reply is for messages you sent, not --incoming ones")
        if new.awaiting_reply and new.channel != "email":
            raise InvalidValue("--awaiting-reply tracks emails; add --via email")
        if new.follow_up is not None and new.follow_up < new.date:
            raise InvalidValue(
                f"--due {new.follow_up.isoformat()} is before the touchpoint's date "
                f"{new.date.isoformat()}"
            )
        if (new.next_step, new.follow_up) != (old.next_step, old.follow_up):
            new.done = None  # a different next step is open again
        store.update_touchpoint(conn, new)
        followups.refresh(conn, [found.id], settings)
    return found, old, new


def remove_touchpoint(
    db: Database, settings: Settings, contact: str, number: int
) -> tuple[Contact, Touchpoint]:
    """Delete one logged touchpoint; the follow-ups are recomputed."""
    with db.write() as conn:
        found = store.resolve(conn, contact)
        tp = _touchpoint_of(conn, found, number)
        store.delete_touchpoint(conn, tp.id)
        followups.refresh(conn, [found.id], settings)
    return found, tp


def find_touchpoint(db: Database, contact: str, number: int) -> tuple[Contact, Touchpoint]:
    """Read one touchpoint (to show it before asking to remove it)."""
    with db.read() as conn:
        found = store.resolve(conn, contact)
        return found, _touchpoint_of(conn, found, number)


MAX_REASON = 500


def skip_item(
    db: Database,
    settings: Settings,
    contact: str,
    rule: str | None,
    reason: str,
    *,
    today: date,
) -> tuple[Contact, Pending]:
    """Dismiss one owed item with a reason (``netlog skip``).

    Without ``rule``, the contact's most urgent item of those ``due`` shows;
    the item stays dismissed until its cause changes (see :class:`Skip`).
    """
    from netlog.domain import Skip

    reason = " ".join(reason.split())
    if not reason:
        raise InvalidValue("--reason needs a few words: why you will not act on it")
    if len(reason) > MAX_REASON:
        raise InvalidValue(f"--reason is longer than {MAX_REASON} characters")
    if rule is not None:
        rule = check_choice(rule, rules.RULE_IDS, "rule")
    with db.write() as conn:
        found = store.resolve(conn, contact)
        owed = store.pending_for_contact(conn, found.id)
        if rule is None:
            shown = by_urgency(rules.view(owed, {found.id: found.name}, today))
            if not shown:
                raise InvalidValue(
                    f"nothing is due for {found.name} in the next 7 days; "
                    f"name the rule: netlog skip {found.id} RULE --reason TEXT"
                )
            item = next(p for p in owed if (p.rule, p.due) == (shown[0].rule, shown[0].due))
        else:
            mine = [p for p in owed if p.rule == rule]
            if not mine:
                others = sorted({p.rule for p in owed})
                listed = f" (owed: {', '.join(others)})" if others else " (nothing is owed now)"
                raise InvalidValue(f"{found.name} owes no {rule}{listed}")
            live = [p for p in mine if p.live(today)]
            item = min(live or mine, key=lambda p: p.due)
        store.insert_skip(conn, Skip(0, found.id, item.rule, item.due, reason, today))
        followups.refresh(conn, [found.id], settings)
    return found, item


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
        found = store.resolve(conn, contact)
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
        store.update_contact(conn, found.id, values)
        if "core" in values:
            store.sync_core_since(conn, [found.id], today or date.today())
        if met_day is not None:
            store.insert_touchpoint(conn, _meeting(found.id, met_day, at))
        followups.refresh(conn, [found.id], settings)
        return store.get_contact(conn, found.id)


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
        return store.namesakes(conn, contact_id)


def find(db: Database, contact: str) -> Contact:
    with db.read() as conn:
        return store.resolve(conn, contact)


def remove_contact(db: Database, contact_id: int) -> None:
    with db.write() as conn:
        store.get_contact(conn, contact_id)
        store.delete_contact(conn, contact_id)


def snooze(db: Database, contact: str, until: date | None) -> Contact:
    with db.write() as conn:
        found = store.resolve(conn, contact)
        store.update_contact(conn, found.id, {"snoozed_until": until})
        return found


def archive(db: Database, settings: Settings, contact: str, *, archived: bool = True) -> Contact:
    with db.write() as conn:
        found = store.resolve(conn, contact)
        store.update_contact(conn, found.id, {"archived": archived})
        followups.refresh(conn, [found.id], settings)
        return found


# --- reading --------------------------------------------------------------------


def ensure_current(db: Database, settings: Settings) -> None:
    """Recompute stored follow-ups when the intervals or the rules changed."""
    with db.read() as conn:
        stored = store.meta_get(conn, "rules")
        empty = store.count_contacts(conn) == 0
    wanted = followups.rules_fingerprint(settings)
    if stored == wanted:
        return
    with db.write() as conn:
        if empty:
            store.meta_set(conn, "rules", wanted)
        else:
            followups.refresh_all(conn, settings)


def pause_state(conn: Any) -> tuple[date | None, date | None]:
    start = store.meta_get(conn, "pause_start")
    until = store.meta_get(conn, "pause_until")
    return (
        date.fromisoformat(start) if start else None,
        date.fromisoformat(until) if until else None,
    )


@dataclass
class DueReport:
    items: list[DueItem]
    paused_until: date | None = None
    total_contacts: int = 0
    # Set when ``items`` holds only the first rows (``due(limit=N)``): the
    # number of items due in all, and how many of them are overdue.
    total: int | None = None
    overdue: int | None = None
    # Items due in the window that a snooze hides today.
    hidden: int = 0


def by_urgency(items: list[DueItem]) -> list[DueItem]:
    """Most urgent first: the order of :func:`netlog.urgency.sort_key`, inlined."""
    from netlog.urgency import urgency

    return sorted(
        items,
        key=lambda i: (
            -urgency(i.rule, i.days_overdue),
            -i.days_overdue,
            i.contact.casefold(),
            i.rule,
        ),
    )


def due(
    db: Database,
    settings: Settings,
    *,
    today: date,
    within: int = 7,
    limit: int = 0,
    rule: str | None = None,
    tag: str | None = None,
    core: bool = False,
) -> DueReport:
    """What is owed as of ``today`` within ``within`` days, most urgent first.

    With ``limit`` > 0 only the first ``limit`` items are read and returned
    (with the counts of all of them in ``total``/``overdue``), as a screen
    shows; 0 returns every item. ``rule``, ``tag`` and ``core`` narrow the
    list to one rule, one tag, the core contacts.
    """
    if not 0 <= within <= MAX_WITHIN:
        raise InvalidValue(f"invalid --within {within}: give 0 to {MAX_WITHIN} days")
    if rule is not None and rule not in rules.RULE_IDS:
        raise InvalidValue(f"unknown rule {rule!r}; the rules are: {', '.join(rules.RULE_IDS)}")
    where = store.DueFilter(rule=rule, tag=tag, core=core)
    with db.read() as conn:
        _, pause_until = pause_state(conn)
        # During a pause only the backlog of regular check-ins waits (and is
        # spread out after it); what you did lately comes due as usual.
        paused = pause_until if pause_until is not None and today < pause_until else None
        horizon = today + timedelta(days=within)
        if pause_until is None and limit > 0:
            count, overdue, hidden = store.due_counts(conn, today, horizon, where)
            if count > limit:
                first, names = store.due_most_urgent(conn, today, horizon, limit, where)
                seen = rules.view(first, names, today, within=within)
                return DueReport(
                    by_urgency(seen)[:limit],
                    total_contacts=len(names),
                    total=count,
                    overdue=overdue,
                    hidden=hidden,
                )
        if pause_until is not None:
            horizon = max(horizon, pause_until)
        items, names, snoozed = store.pending_until(conn, horizon, where)
        total = store.count_contacts(conn) if not items else len(names)
    items = rules.spread_after_pause(items, pause_until, settings.spread_per_day)
    shown = by_urgency(rules.view(items, names, today, within=within, snoozed=snoozed))
    window = today + timedelta(days=within)
    hidden = sum(
        1
        for p in items
        if p.due <= window and p.live(today) and today < snoozed.get(p.contact_id, today)
    )
    return DueReport(shown, paused_until=paused, total_contacts=total, hidden=hidden)


def due_brief(db: Database, settings: Settings, *, today: date) -> str | None:
    """One line for a shell start-up file or a status bar, or None when nothing is due."""
    with db.read() as conn:
        _, pause_until = pause_state(conn)
        if pause_until is None:
            count, overdue, _ = store.due_counts(conn, today, today)
    if pause_until is not None:  # during a pause nothing; after it, the spread-out backlog
        items = due(db, settings, today=today, within=0).items
        count, overdue = len(items), sum(1 for i in items if i.days_overdue > 0)
    if count == 0:
        return None
    noun = "follow-up" if count == 1 else "follow-ups"
    late = f" ({overdue} overdue)" if overdue else ""
    return f"{count} {noun} due today{late} — netlog due"


def list_contacts(
    db: Database, settings: Settings, *, today: date | None = None, **filters: Any
) -> list[dict[str, Any]]:
    return list(iter_contacts(db, settings, today=today, **filters))


def iter_contacts(
    db: Database, settings: Settings, *, today: date | None = None, **filters: Any
) -> Iterator[dict[str, Any]]:
    """The rows of ``netlog list`` one at a time, read in one transaction
    (held until the last row is read)."""
    if filters.get("type_"):
        parse_types([filters["type_"]])
    return _read_rows(db, today, filters)


def _read_rows(
    db: Database, today: date | None, filters: dict[str, Any]
) -> Iterator[dict[str, Any]]:
    with db.read() as conn:
        yield from store.iter_list_rows(conn, today=today, **filters)


@dataclass
class ContactView:
    contact: Contact
    touchpoints: list[Touchpoint]
    pending: list[Pending]
    warnings: list[dict[str, str]]
    letters: list[Letter]
    activities: list[Activity]
    last_contact: date | None
    next_step: str | None
    skips: list[Skip] = field(default_factory=list)


def show(
    db: Database, settings: Settings, contact: str, *, today: date | None = None
) -> ContactView:
    with db.read() as conn:
        found = store.resolve(conn, contact)
        tps = store.touchpoints_for(conn, found.id)
        pending = store.pending_for_contact(conn, found.id, today)
        letters = store.letters_for(conn, found.id)
        acts = [a for a in store.activities(conn) if a.contact_id == found.id]
        skips = store.skips_for(conn, found.id)
    warnings = []
    message = None if found.archived else rules.transactional(tps)
    if message:
        warnings.append({"rule": "transactional", "message": message})
    steps = [t.next_step for t in tps if t.next_step]
    return ContactView(
        found,
        tps,
        pending,
        warnings,
        letters,
        acts,
        max((t.date for t in tps), default=None),
        steps[-1] if steps else None,
        skips,
    )


def contact_dict(c: Contact) -> dict[str, Any]:
    """A contact as JSON-ready data (``types`` written as on the command line)."""
    return {
        "id": c.id,
        "name": c.name,
        "role": c.role,
        "institution": c.institution,
        "specialty": c.specialty,
        "email": c.email,
        "phone": c.phone,
        "linkedin": c.linkedin,
        "x": c.x,
        "how_met": c.how_met,
        "types": store.type_words(c.types, c.mentor_kinds),
        "tier": c.tier,
        "tags": c.tags,
        "core": c.core,
        "every": c.cadence_days,
        "notes": c.notes,
        "topic": c.topic,
        "archived": c.archived,
        "snoozed_until": c.snoozed_until.isoformat() if c.snoozed_until else None,
    }


def touchpoint_dict(t: Touchpoint) -> dict[str, Any]:
    return {
        "id": t.id,
        "date": t.date.isoformat(),
        "channel": t.channel,
        "kind": t.kind,
        "direction": "incoming" if t.direction == IN else "outgoing",
        "event": t.event,
        "note": t.note,
        "next_step": t.next_step,
        "follow_up": t.follow_up.isoformat() if t.follow_up else None,
        "awaiting_reply": t.awaiting_reply,
        "topic": t.topic,
        "done": t.done.isoformat() if t.done else None,
    }


def view_dict(view: ContactView) -> dict[str, Any]:
    data = contact_dict(view.contact)
    data["last_contact"] = view.last_contact.isoformat() if view.last_contact else None
    data["next_step"] = view.next_step
    data["next_due"] = min((p.due for p in view.pending), default=None)
    if data["next_due"] is not None:
        data["next_due"] = data["next_due"].isoformat()
    data["touchpoints"] = [touchpoint_dict(t) for t in view.touchpoints]
    data["pending"] = [
        {"rule": p.rule, "due": p.due.isoformat(), "reason": p.reason, "action": p.action}
        for p in view.pending
    ]
    data["letters"] = [
        {
            "id": x.id,
            "program": x.program,
            "status": x.status,
            "asked_on": x.asked_on.isoformat() if x.asked_on else None,
            "deadline": x.deadline.isoformat() if x.deadline else None,
        }
        for x in view.letters
    ]
    data["warnings"] = view.warnings
    data["skips"] = [
        {
            "rule": x.rule,
            "due": x.due.isoformat(),
            "reason": x.reason,
            "skipped": x.created.isoformat() if x.created else None,
        }
        for x in view.skips
    ]
    return data


# --- activities, milestones, pause, letters ----------------------------------------


def add_activity(
    db: Database,
    settings: Settings,
    kind: str,
    text: str,
    *,
    day: date,
    virtual: bool = False,
    contact: str | None = None,
) -> tuple[Activity, Contact | None]:
    """Log an article read, an event attended, a milestone or an export.

    A milestone opens a ``milestone-loop`` follow-up for every core contact.
    """
    text = " ".join(text.split())
    if not text:
        raise InvalidValue(f"the {kind} needs a description (it was empty)")
    with db.write() as conn:
        found = store.resolve(conn, contact) if contact else None
        act = Activity(0, kind, day, text, virtual, found.id if found else None)
        act.id = store.insert_activity(conn, act)
        if kind == "milestone":
            followups.refresh(conn, store.core_contact_ids(conn), settings)
    return act, found


def set_pause(db: Database, *, start: date, until: date | None) -> None:
    """Pause every follow-up until ``until`` (``None`` ends the pause now)."""
    with db.write() as conn:
        if until is None:
            _, current = pause_state(conn)
            if current is None or current <= start:
                raise InvalidValue("netlog is not paused")
            store.meta_set(conn, "pause_until", start.isoformat())
            return
        if until <= start:
            raise InvalidValue(
                f"--until {until.isoformat()} must be after today ({start.isoformat()})"
            )
        store.meta_set(conn, "pause_start", start.isoformat())
        store.meta_set(conn, "pause_until", until.isoformat())


def ask_letter(
    db: Database,
    settings: Settings,
    contact: str,
    program: str,
    *,
    today: date,
    deadline: date | None,
    note: str | None = None,
) -> tuple[Contact, int]:
    """Record a letter request: a letter row and the ask itself as a touchpoint."""
    program = " ".join(program.split())
    if not program:
        raise InvalidValue("--for needs the program or cycle the letter is for")
    with db.write() as conn:
        found = store.resolve(conn, contact)
        letter_id = store.insert_letter(
            conn, Letter(0, found.id, program, "asked", today, deadline, today, note)
        )
        store.insert_touchpoint(
            conn,
            Touchpoint(
                id=0,
                contact_id=found.id,
                date=today,
                channel="email",
                kind="ask",
                direction=OUT,
                note=f"asked for a letter: {program}",
                awaiting_reply=True,
            ),
        )
        followups.refresh(conn, [found.id], settings)
        return found, letter_id


def update_letter(
    db: Database,
    settings: Settings,
    letter_id: int,
    status: str,
    *,
    today: date,
    deadline: date | None = None,
) -> Letter:
    from netlog.domain import LETTER_STATUSES

    status = check_choice(status, LETTER_STATUSES, "letter status")
    with db.write() as conn:
        letter = store.get_letter(conn, letter_id) if 0 < letter_id <= store.MAX_ID else None
        if letter is None:
            raise InvalidValue(f"no letter with id {letter_id}; see 'netlog letters'")
        new_deadline = deadline or letter.deadline
        store.set_letter_status(conn, letter_id, status, deadline=new_deadline, day=today)
        if status != "asked":
            # Their answer is a reply to the ask: it closes the reply-nudge thread.
            store.insert_touchpoint(
                conn,
                Touchpoint(
                    id=0,
                    contact_id=letter.contact_id,
                    date=today,
                    channel="email",
                    kind="reply",
                    direction=IN,
                    note=f"letter for {letter.program}: {status}",
                ),
            )
        followups.refresh(conn, [letter.contact_id], settings)
        letter.status, letter.deadline, letter.updated = status, new_deadline, today
        return letter


def letter_next(letter: Letter) -> str:
    """What to do about a letter now (guides 000, 001, 004)."""
    if letter.status == "asked":
        return "wait for their answer (one nudge after a week)"
    if letter.status == "agreed":
        if letter.deadline is None:
            return "send CV and statement; set --deadline for a reminder"
        return "send CV and statement; a reminder comes before the deadline"
    if letter.status == "submitted":
        return "thank them; tell them the outcome"
    return "look for another writer who knows your work well"


def letters(db: Database) -> list[tuple[Letter, str]]:
    with db.read() as conn:
        names = store.contact_names(conn)
        return [(x, names.get(x.contact_id, "?")) for x in store.all_letters(conn)]


# --- the routine, the team, drafts, prep and stats -----------------------------------


@dataclass
class Network:
    """Everything the routine, team, prep and stats views read: the whole log."""

    contacts: list[Contact]
    touchpoints: list[Touchpoint]
    activities: list[Activity]
    # Whether the log has any contact, when ``contacts`` holds only some of them.
    has_contacts: bool | None = None


def routine_log(db: Database, today: date) -> Network:
    """The part of the log ``netlog week`` reads: the contacts that can change
    the routine, this week's messages and this month's meetings, and those
    contacts' latest touchpoints (a whole log of 1,000,000 touchpoints would
    take seconds to load)."""
    from netlog.routine import MESSAGE_KINDS

    first = today.replace(day=1)
    last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    monday = today - timedelta(days=today.weekday())
    start, end = min(first, monday), max(last, monday + timedelta(days=6))
    with db.read() as conn:
        people, touchpoints = store.week_log(
            conn, start=start, end=end, monday=monday, today=today, message_kinds=MESSAGE_KINDS
        )
        return Network(
            people,
            touchpoints,
            store.activities(conn),
            has_contacts=bool(people) or store.count_contacts(conn) > 0,
        )


PREP_BATCH = 500  # contacts read in full at a time by prep


def prep(db: Database, settings: Settings, event: str, *, today: date) -> tuple[Any, bool]:
    """The prep report for ``event`` (a :class:`netlog.prep.PrepReport`), and
    whether the log has any contact. Only the contacts that may be targets are
    read, a few hundred at a time, each with what SQLite sums up of their
    touchpoints, so memory stays flat however long the log."""
    from netlog import prep as prep_mod

    event = " ".join(event.split())
    found = []
    with db.read() as conn:
        rows, events = store.prep_leads(conn, today)
        ids, editions = prep_mod.candidates(event, rows, events, settings)
        ids.update(store.met_at(conn, editions, today))
        chosen = sorted(ids)
        for start in range(0, len(chosen), PREP_BATCH):
            batch = chosen[start : start + PREP_BATCH]
            seen = {
                cid: prep_mod.History(
                    last_contact=h["last"],
                    discussed_on=h["noted"].date if h["noted"] else None,
                    discussed=h["noted"].note if h["noted"] else None,
                    next_step=h["step"].next_step if h["step"] else None,
                    next_due=h["step"].follow_up if h["step"] else None,
                    events=tuple(dict.fromkeys(h["events"])),
                )
                for cid, h in store.histories(conn, batch, today).items()
            }
            people = store.contacts_by_id(conn, batch)
            found += prep_mod.targets_from(event, people, seen, settings)
        any_contact = bool(chosen) or store.count_contacts(conn) > 0
    return prep_mod.report(event, found, settings), any_contact


def team_contacts(db: Database) -> tuple[list[Contact], bool]:
    """The contacts the mentorship team is made of (see :func:`netlog.routine.team`),
    and whether the log has any contact at all."""
    with db.read() as conn:
        return store.team_contacts(conn), store.count_contacts(conn) > 0


def contacts(db: Database) -> list[Contact]:
    with db.read() as conn:
        return store.all_contacts(conn)


def network(db: Database) -> Network:
    """The whole log, read in one transaction."""
    with db.read() as conn:
        return Network(
            store.all_contacts(conn), store.all_touchpoints(conn), store.activities(conn)
        )


DRAFT_HORIZON = 7  # days ahead a pending item counts as due for a draft


@dataclass
class DraftPlan:
    """What a draft is for: the contact, the kind, and the due item that called for it."""

    contact: Contact
    kind: str
    pending: Pending | None
    context: Any  # netlog.drafts.DraftContext (imported lazily)
    warning: str | None = None  # the next message would be another ask


def draft_plan(
    db: Database, settings: Settings, contact: str, kind: str | None, *, today: date
) -> DraftPlan:
    """The draft a contact's most urgent pending item calls for (or ``kind``), with
    every field the log can fill in."""
    from netlog import drafts

    if kind is not None:
        kind = check_choice(kind, drafts.DRAFT_KINDS, "draft kind")
    ensure_current(db, settings)
    with db.read() as conn:
        found = store.resolve(conn, contact)
        tps = store.touchpoints_for(conn, found.id)
        pending = store.pending_for_contact(conn, found.id, today)
        letters = store.letters_for(conn, found.id)
        milestone = store.latest_milestone(conn)
    # "Most urgent": the earliest item that is overdue or falls due within a week
    # (what 'netlog due' shows by default); a follow-up months away calls for nothing yet.
    horizon = today + timedelta(days=DRAFT_HORIZON)
    pending = [p for p in pending if p.due <= horizon]
    urgent = next((p for p in pending if p.rule in drafts.RULE_KINDS), None)
    if kind is None:
        kind = drafts.kind_for_rule(urgent.rule) if urgent else "update"
    elif urgent is not None and drafts.RULE_KINDS[urgent.rule] != kind:
        urgent = next((p for p in pending if drafts.RULE_KINDS.get(p.rule) == kind), None)
    warning = None
    pattern = rules.transactional(tps)
    thread = rules.open_thread(rules.order(tps))
    asking = kind in ("letter", "meeting") or (
        kind == "nudge" and thread is not None and thread[0].kind == "ask"
    )
    if pattern and asking:
        warning = f"{pattern} (this {kind} would be another ask)"
    context = _draft_context(found, tps, letters, milestone, kind, settings, urgent)
    return DraftPlan(found, kind, urgent, context, warning)


def _draft_context(
    contact: Contact,
    tps: list[Touchpoint],
    letters: list[Letter],
    milestone: Activity | None,
    kind: str,
    settings: Settings,
    urgent: Pending | None = None,
) -> Any:
    """What a draft may recall. Notes (the contact's and every touchpoint's) are
    private and never used: only the ``--topic`` written for that purpose, the
    event, the next step, the milestone, the letter."""
    from netlog.domain import THANKS_TRIGGERS
    from netlog.drafts import DraftContext

    past = rules.order(tps)
    met = next((t for t in reversed(past) if t.kind == "met"), None)
    topics = [t for t in past if t.topic]
    event, day = (met.event, met.date) if met else (None, None)
    topic = (met.topic if met else None) or contact.topic
    sent: date | None = None
    if kind == "thanks":
        helped = [t for t in past if t.kind in THANKS_TRIGGERS]
        if helped:
            event, day = helped[-1].event, helped[-1].date
            topic = helped[-1].topic or topic
    elif kind == "nudge":
        thread = rules.open_thread(past)
        waiting = (
            [thread[0]] if thread else [t for t in past if t.direction == OUT and t.awaiting_reply]
        )
        if waiting:
            sent, topic = waiting[-1].date, waiting[-1].topic or contact.topic
    elif kind != "followup" and topics:
        topic = topics[-1].topic
    step = rules.open_next_step(past)
    steps = [t for t in past if t.next_step]
    next_text = (step.next_step if step else None) or (steps[-1].next_step if steps else None)
    letter = letters[-1] if letters else None
    if kind == "reminder":
        letter = next((x for x in reversed(letters) if x.status == "agreed"), letter)
    return DraftContext(
        name=contact.name,
        role=contact.role,
        institution=contact.institution,
        event=event,
        met=day,
        note=topic,
        milestone=milestone.text if milestone else None,
        next_step=next_text,
        your_name=settings.name,
        your_intro=settings.intro,
        program=letter.program if letter else None,
        deadline=letter.deadline if letter else None,
        sent=sent,
    )
