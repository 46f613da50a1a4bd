"""Plain data the pure modules work on (rules, routine, interop, drafts).

These are stdlib dataclasses on purpose: the hot commands build them straight
from SQLite rows without importing SQLModel. The tables themselves are defined
in :mod:`netlog.storage.models`. The methods ``@dataclass`` writes for them
(and for the other dataclasses every command loads) are served compiled
ahead on a command's start: :mod:`netlog.cli.compiled_methods`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from netlog.urgency import urgency as _urgency
from netlog.vocabulary import OUT

__all__ = [
    "LIST_KEYS",
    "Activity",
    "Contact",
    "Day",
    "DueItem",
    "Intervals",
    "Letter",
    "Pending",
    "Skip",
    "Touchpoint",
]

Day = date  # the type, for classes that have a field named ``date``


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


# --- records ----------------------------------------------------------------


@dataclass(slots=True)
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


@dataclass(slots=True)
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


@dataclass(slots=True)
class Activity:
    """Something done that concerns no one contact: an article read, an event, a milestone."""

    id: int
    kind: str
    date: Day
    text: str
    virtual: bool = False
    contact_id: int | None = None


@dataclass(slots=True)
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


@dataclass(slots=True, frozen=True)
class Skip:
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


@dataclass(slots=True, frozen=True)
class Intervals:
    """Rule intervals in days; defaults come from the guides (see rules.py)."""

    conference: int = 3
    thanks: int = 2
    nudge: int = 7
    core: int = 90
    keep_warm: int = 180
    milestone: int = 7
    letter_lead: int = 14


@dataclass(slots=True, frozen=True)
class Pending:
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

    def live(self, today: date) -> bool:
        """Shown on ``today`` (whatever its due date)."""
        return (self.starts is None or self.starts <= today) and (
            self.ends is None or today < self.ends
        )


@dataclass(slots=True, frozen=True)
class DueItem:
    """A pending follow-up seen from a given day."""

    contact_id: int
    contact: str
    rule: str
    due: date
    days_overdue: int
    reason: str
    action: str

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
