"""Plain data the pure modules work on (rules, routine, interop, drafts).

These are stdlib dataclasses on purpose: the hot commands build them straight
from SQLite rows without importing SQLModel. The tables themselves are defined
in :mod:`netlog.storage.models`.

Their ``__init__``, ``__repr__``, ``__eq__`` and ``__hash__`` (and what
``frozen=True`` adds, in :class:`Frozen`) are written out here, as
``@dataclass`` would make them: ``@dataclass`` writes each as source text and
compiles it, on every run, and for these eight classes that was about 30
million instructions (~7 ms) of each command's start. ``dataclasses.fields``,
``replace`` and ``asdict`` work as before; ``tests/test_domain_dataclasses.py``
checks each class against the one ``@dataclass`` would make. The few other
dataclasses every command loads (the settings, ``due``'s filter and report,
the follow-ups' batches) do the same with :data:`FACTORY` and :class:`Frozen`.
"""

from __future__ import annotations

from dataclasses import FrozenInstanceError, dataclass, field
from datetime import date
from typing import Any

from netlog.urgency import urgency as _urgency
from netlog.vocabulary import OUT

__all__ = [
    "FACTORY",
    "LIST_KEYS",
    "Activity",
    "Contact",
    "Day",
    "DueItem",
    "Frozen",
    "Intervals",
    "Letter",
    "Pending",
    "Skip",
    "Touchpoint",
]

Day = date  # the type, for classes that have a field named ``date``


class _Factory:
    """The default of a field whose default is made fresh for each record (a list)."""

    def __repr__(self) -> str:
        return "<factory>"


FACTORY: Any = _Factory()

# The fields of a row of ``netlog list``, in the order of its JSON record (a
# search adds ``matched`` after them); rows travel as tuples in this order.
LIST_KEYS = (
    "id",
    "name",
    "institution",
    "role",
    "email",
    "types",
    "tags",
    "core",
    "archived",
    "how_met",
    "last_contact",
    "next_step",
    "next_due",
)


class Frozen:
    """What ``@dataclass(frozen=True, slots=True)`` adds: fields cannot be set
    or deleted after ``__init__``, and copies and pickles still work."""

    __slots__ = ()

    def __setattr__(self, name: str, value: object) -> None:
        raise FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise FrozenInstanceError(f"cannot delete field {name!r}")

    def __getstate__(self) -> list[object]:
        return [getattr(self, name) for name in self.__dataclass_fields__]  # type: ignore[attr-defined]

    def __setstate__(self, state: list[object]) -> None:
        for name, value in zip(self.__dataclass_fields__, state, strict=False):  # type: ignore[attr-defined]
            object.__setattr__(self, name, value)


# --- records ----------------------------------------------------------------


@dataclass(slots=True, init=False, repr=False, eq=False)
class Contact:
    """A person in the network."""

    id: int
    name: str
    role: str | None = None
    institution: str | None = None
    specialty: str | None = None
    email: str | None = None
    phone: str | None = None
    linkedin: str | None = None
    x: str | None = None
    how_met: str | None = None
    types: list[str] = field(default_factory=list)
    mentor_kinds: list[str] = field(default_factory=list)
    tier: str | None = None
    tags: list[str] = field(default_factory=list)
    core: bool = False
    cadence_days: int | None = None
    notes: str | None = None
    archived: bool = False
    snoozed_until: date | None = None
    created: date | None = None
    core_since: date | None = None
    imported: date | None = None
    topic: str | None = None

    def __init__(
        self,
        id: int,
        name: str,
        role: str | None = None,
        institution: str | None = None,
        specialty: str | None = None,
        email: str | None = None,
        phone: str | None = None,
        linkedin: str | None = None,
        x: str | None = None,
        how_met: str | None = None,
        types: list[str] = FACTORY,
        mentor_kinds: list[str] = FACTORY,
        tier: str | None = None,
        tags: list[str] = FACTORY,
        core: bool = False,
        cadence_days: int | None = None,
        notes: str | None = None,
        archived: bool = False,
        snoozed_until: date | None = None,
        created: date | None = None,
        core_since: date | None = None,
        imported: date | None = None,
        topic: str | None = None,
    ) -> None:
        self.id = id
        self.name = name
        self.role = role
        self.institution = institution
        self.specialty = specialty
        self.email = email
        self.phone = phone
        self.linkedin = linkedin
        self.x = x
        self.how_met = how_met
        self.types = list() if types is FACTORY else types
        self.mentor_kinds = list() if mentor_kinds is FACTORY else mentor_kinds
        self.tier = tier
        self.tags = list() if tags is FACTORY else tags
        self.core = core
        self.cadence_days = cadence_days
        self.notes = notes
        self.archived = archived
        self.snoozed_until = snoozed_until
        self.created = created
        self.core_since = core_since
        self.imported = imported
        self.topic = topic

    def __repr__(self) -> str:
        return (
            f"{type(self).__qualname__}(id={self.id!r}, name={self.name!r}, "
            f"role={self.role!r}, institution={self.institution!r}, "
            f"specialty={self.specialty!r}, email={self.email!r}, phone={self.phone!r}, "
            f"linkedin={self.linkedin!r}, x={self.x!r}, how_met={self.how_met!r}, "
            f"types={self.types!r}, mentor_kinds={self.mentor_kinds!r}, tier={self.tier!r}, "
            f"tags={self.tags!r}, core={self.core!r}, cadence_days={self.cadence_days!r}, "
            f"notes={self.notes!r}, archived={self.archived!r}, "
            f"snoozed_until={self.snoozed_until!r}, created={self.created!r}, "
            f"core_since={self.core_since!r}, imported={self.imported!r}, "
            f"topic={self.topic!r})"
        )

    def __eq__(self, other: object) -> bool:
        if other.__class__ is self.__class__:
            return (
                self.id,
                self.name,
                self.role,
                self.institution,
                self.specialty,
                self.email,
                self.phone,
                self.linkedin,
                self.x,
                self.how_met,
                self.types,
                self.mentor_kinds,
                self.tier,
                self.tags,
                self.core,
                self.cadence_days,
                self.notes,
                self.archived,
                self.snoozed_until,
                self.created,
                self.core_since,
                self.imported,
                self.topic,
            ) == (
                other.id,
                other.name,
                other.role,
                other.institution,
                other.specialty,
                other.email,
                other.phone,
                other.linkedin,
                other.x,
                other.how_met,
                other.types,
                other.mentor_kinds,
                other.tier,
                other.tags,
                other.core,
                other.cadence_days,
                other.notes,
                other.archived,
                other.snoozed_until,
                other.created,
                other.core_since,
                other.imported,
                other.topic,
            )
        return NotImplemented


@dataclass(slots=True, init=False, repr=False, eq=False)
class Touchpoint:
    """One message, meeting or call with a contact."""

    id: int
    contact_id: int
    date: Day
    channel: str = "other"
    kind: str = "other"
    direction: str = OUT
    event: str | None = None
    note: str | None = None
    next_step: str | None = None
    follow_up: Day | None = None
    awaiting_reply: bool = False
    topic: str | None = None
    done: Day | None = None  # the day the next step set here was marked done

    def __init__(
        self,
        id: int,
        contact_id: int,
        date: Day,
        channel: str = "other",
        kind: str = "other",
        direction: str = OUT,
        event: str | None = None,
        note: str | None = None,
        next_step: str | None = None,
        follow_up: Day | None = None,
        awaiting_reply: bool = False,
        topic: str | None = None,
        done: Day | None = None,
    ) -> None:
        self.id = id
        self.contact_id = contact_id
        self.date = date
        self.channel = channel
        self.kind = kind
        self.direction = direction
        self.event = event
        self.note = note
        self.next_step = next_step
        self.follow_up = follow_up
        self.awaiting_reply = awaiting_reply
        self.topic = topic
        self.done = done

    def __repr__(self) -> str:
        return (
            f"{type(self).__qualname__}(id={self.id!r}, contact_id={self.contact_id!r}, "
            f"date={self.date!r}, channel={self.channel!r}, kind={self.kind!r}, "
            f"direction={self.direction!r}, event={self.event!r}, note={self.note!r}, "
            f"next_step={self.next_step!r}, follow_up={self.follow_up!r}, "
            f"awaiting_reply={self.awaiting_reply!r}, topic={self.topic!r}, "
            f"done={self.done!r})"
        )

    def __eq__(self, other: object) -> bool:
        if other.__class__ is self.__class__:
            return (
                self.id,
                self.contact_id,
                self.date,
                self.channel,
                self.kind,
                self.direction,
                self.event,
                self.note,
                self.next_step,
                self.follow_up,
                self.awaiting_reply,
                self.topic,
                self.done,
            ) == (
                other.id,
                other.contact_id,
                other.date,
                other.channel,
                other.kind,
                other.direction,
                other.event,
                other.note,
                other.next_step,
                other.follow_up,
                other.awaiting_reply,
                other.topic,
                other.done,
            )
        return NotImplemented


@dataclass(slots=True, init=False, repr=False, eq=False)
class Activity:
    """Something done that concerns no one contact: an article read, an event, a milestone."""

    id: int
    kind: str
    date: Day
    text: str
    virtual: bool = False
    contact_id: int | None = None

    def __init__(
        self,
        id: int,
        kind: str,
        date: Day,
        text: str,
        virtual: bool = False,
        contact_id: int | None = None,
    ) -> None:
        self.id = id
        self.kind = kind
        self.date = date
        self.text = text
        self.virtual = virtual
        self.contact_id = contact_id

    def __repr__(self) -> str:
        return (
            f"{type(self).__qualname__}(id={self.id!r}, kind={self.kind!r}, "
            f"date={self.date!r}, text={self.text!r}, virtual={self.virtual!r}, "
            f"contact_id={self.contact_id!r})"
        )

    def __eq__(self, other: object) -> bool:
        if other.__class__ is self.__class__:
            return (
                self.id,
                self.kind,
                self.date,
                self.text,
                self.virtual,
                self.contact_id,
            ) == (
                other.id,
                other.kind,
                other.date,
                other.text,
                other.virtual,
                other.contact_id,
            )
        return NotImplemented


@dataclass(slots=True, init=False, repr=False, eq=False)
class Letter:
    """A letter of recommendation asked of a contact, and where it stands."""

    id: int
    contact_id: int
    program: str
    status: str = "asked"
    asked_on: date | None = None
    deadline: date | None = None
    updated: date | None = None
    note: str | None = None

    def __init__(
        self,
        id: int,
        contact_id: int,
        program: str,
        status: str = "asked",
        asked_on: date | None = None,
        deadline: date | None = None,
        updated: date | None = None,
        note: str | None = None,
    ) -> None:
        self.id = id
        self.contact_id = contact_id
        self.program = program
        self.status = status
        self.asked_on = asked_on
        self.deadline = deadline
        self.updated = updated
        self.note = note

    def __repr__(self) -> str:
        return (
            f"{type(self).__qualname__}(id={self.id!r}, contact_id={self.contact_id!r}, "
            f"program={self.program!r}, status={self.status!r}, asked_on={self.asked_on!r}, "
            f"deadline={self.deadline!r}, updated={self.updated!r}, note={self.note!r})"
        )

    def __eq__(self, other: object) -> bool:
        if other.__class__ is self.__class__:
            return (
                self.id,
                self.contact_id,
                self.program,
                self.status,
                self.asked_on,
                self.deadline,
                self.updated,
                self.note,
            ) == (
                other.id,
                other.contact_id,
                other.program,
                other.status,
                other.asked_on,
                other.deadline,
                other.updated,
                other.note,
            )
        return NotImplemented


@dataclass(slots=True, init=False, repr=False, eq=False)
class Skip(Frozen):
    """An item the user chose not to act on (``netlog skip``), with why.

    It names the item by rule and due date: while the rules still owe that
    item it stays dismissed; once its cause changes (a new meeting, a new
    thread, a new give moving a check-in) the new item has another due date
    and is owed again.
    """

    id: int
    contact_id: int
    rule: str
    due: date
    reason: str
    created: date | None = None

    def __init__(
        self,
        id: int,
        contact_id: int,
        rule: str,
        due: date,
        reason: str,
        created: date | None = None,
    ) -> None:
        _set = object.__setattr__
        _set(self, "id", id)
        _set(self, "contact_id", contact_id)
        _set(self, "rule", rule)
        _set(self, "due", due)
        _set(self, "reason", reason)
        _set(self, "created", created)

    def __repr__(self) -> str:
        return (
            f"{type(self).__qualname__}(id={self.id!r}, contact_id={self.contact_id!r}, "
            f"rule={self.rule!r}, due={self.due!r}, reason={self.reason!r}, "
            f"created={self.created!r})"
        )

    def __eq__(self, other: object) -> bool:
        if other.__class__ is self.__class__:
            return (
                self.id,
                self.contact_id,
                self.rule,
                self.due,
                self.reason,
                self.created,
            ) == (
                other.id,
                other.contact_id,
                other.rule,
                other.due,
                other.reason,
                other.created,
            )
        return NotImplemented

    def __hash__(self) -> int:
        return hash(
            (
                self.id,
                self.contact_id,
                self.rule,
                self.due,
                self.reason,
                self.created,
            )
        )


@dataclass(slots=True, init=False, repr=False, eq=False)
class Intervals(Frozen):
    """Rule intervals in days; defaults come from the guides (see rules.py)."""

    conference: int = 3
    thanks: int = 2
    nudge: int = 7
    core: int = 90
    keep_warm: int = 180
    milestone: int = 7
    letter_lead: int = 14

    def __init__(
        self,
        conference: int = 3,
        thanks: int = 2,
        nudge: int = 7,
        core: int = 90,
        keep_warm: int = 180,
        milestone: int = 7,
        letter_lead: int = 14,
    ) -> None:
        _set = object.__setattr__
        _set(self, "conference", conference)
        _set(self, "thanks", thanks)
        _set(self, "nudge", nudge)
        _set(self, "core", core)
        _set(self, "keep_warm", keep_warm)
        _set(self, "milestone", milestone)
        _set(self, "letter_lead", letter_lead)

    def __repr__(self) -> str:
        return (
            f"{type(self).__qualname__}(conference={self.conference!r}, "
            f"thanks={self.thanks!r}, nudge={self.nudge!r}, core={self.core!r}, "
            f"keep_warm={self.keep_warm!r}, milestone={self.milestone!r}, "
            f"letter_lead={self.letter_lead!r})"
        )

    def __eq__(self, other: object) -> bool:
        if other.__class__ is self.__class__:
            return (
                self.conference,
                self.thanks,
                self.nudge,
                self.core,
                self.keep_warm,
                self.milestone,
                self.letter_lead,
            ) == (
                other.conference,
                other.thanks,
                other.nudge,
                other.core,
                other.keep_warm,
                other.milestone,
                other.letter_lead,
            )
        return NotImplemented

    def __hash__(self) -> int:
        return hash(
            (
                self.conference,
                self.thanks,
                self.nudge,
                self.core,
                self.keep_warm,
                self.milestone,
                self.letter_lead,
            )
        )


@dataclass(slots=True, init=False, repr=False, eq=False)
class Pending(Frozen):
    """A follow-up owed to a contact, independent of today's date.

    ``starts``/``ends`` bound the days it is shown (``None``: no bound): a
    first-meeting follow-up ends weeks past its window, and what it gives way
    to starts that day.
    """

    contact_id: int
    rule: str
    due: date
    reason: str
    action: str
    starts: date | None = None
    ends: date | None = None

    def __init__(
        self,
        contact_id: int,
        rule: str,
        due: date,
        reason: str,
        action: str,
        starts: date | None = None,
        ends: date | None = None,
    ) -> None:
        _set = object.__setattr__
        _set(self, "contact_id", contact_id)
        _set(self, "rule", rule)
        _set(self, "due", due)
        _set(self, "reason", reason)
        _set(self, "action", action)
        _set(self, "starts", starts)
        _set(self, "ends", ends)

    def __repr__(self) -> str:
        return (
            f"{type(self).__qualname__}(contact_id={self.contact_id!r}, rule={self.rule!r}, "
            f"due={self.due!r}, reason={self.reason!r}, action={self.action!r}, "
            f"starts={self.starts!r}, ends={self.ends!r})"
        )

    def __eq__(self, other: object) -> bool:
        if other.__class__ is self.__class__:
            return (
                self.contact_id,
                self.rule,
                self.due,
                self.reason,
                self.action,
                self.starts,
                self.ends,
            ) == (
                other.contact_id,
                other.rule,
                other.due,
                other.reason,
                other.action,
                other.starts,
                other.ends,
            )
        return NotImplemented

    def __hash__(self) -> int:
        return hash(
            (
                self.contact_id,
                self.rule,
                self.due,
                self.reason,
                self.action,
                self.starts,
                self.ends,
            )
        )

    def live(self, today: date) -> bool:
        """Shown on ``today`` (whatever its due date)."""
        return (self.starts is None or self.starts <= today) and (
            self.ends is None or today < self.ends
        )


@dataclass(slots=True, init=False, repr=False, eq=False)
class DueItem(Frozen):
    """A pending follow-up seen from a given day."""

    contact_id: int
    contact: str
    rule: str
    due: date
    days_overdue: int
    reason: str
    action: str

    def __init__(
        self,
        contact_id: int,
        contact: str,
        rule: str,
        due: date,
        days_overdue: int,
        reason: str,
        action: str,
    ) -> None:
        _set = object.__setattr__
        _set(self, "contact_id", contact_id)
        _set(self, "contact", contact)
        _set(self, "rule", rule)
        _set(self, "due", due)
        _set(self, "days_overdue", days_overdue)
        _set(self, "reason", reason)
        _set(self, "action", action)

    def __repr__(self) -> str:
        return (
            f"{type(self).__qualname__}(contact_id={self.contact_id!r}, "
            f"contact={self.contact!r}, rule={self.rule!r}, due={self.due!r}, "
            f"days_overdue={self.days_overdue!r}, reason={self.reason!r}, "
            f"action={self.action!r})"
        )

    def __eq__(self, other: object) -> bool:
        if other.__class__ is self.__class__:
            return (
                self.contact_id,
                self.contact,
                self.rule,
                self.due,
                self.days_overdue,
                self.reason,
                self.action,
            ) == (
                other.contact_id,
                other.contact,
                other.rule,
                other.due,
                other.days_overdue,
                other.reason,
                other.action,
            )
        return NotImplemented

    def __hash__(self) -> int:
        return hash(
            (
                self.contact_id,
                self.contact,
                self.rule,
                self.due,
                self.days_overdue,
                self.reason,
                self.action,
            )
        )

    @property
    def urgency(self) -> float:
        """How urgent (:mod:`netlog.urgency`): the order of the morning list."""
        return _urgency(self.rule, self.days_overdue)

    def to_json(self) -> dict[str, object]:
        return {
            "contact_id": self.contact_id,
            "contact": self.contact,
            "rule": self.rule,
            "due": self.due.isoformat(),
            "days_overdue": self.days_overdue,
            "reason": self.reason,
            "action": self.action,
            "urgency": self.urgency,
        }
