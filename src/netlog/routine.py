"""The weekly routine (and the reports of it and of the mentorship team,
whose coverage :mod:`netlog.mentorship` works out): pure functions of the log.

Nothing here reads the clock, the database or the settings file: the caller
passes the records, the :class:`~netlog.config.Settings` and ``today``.

Guides (in ``shared/guides/``) are cited by number: 000 (orthopedic
surgery), 001 (US-citizen IMGs in orthopedics: the weekly routine), 002
(residents), 003 (cardiothoracic surgery), 004 (IMGs in a preliminary
surgery year).

Periods are ISO weeks (Monday to Sunday) and calendar months; the quarterly
item looks back over the core-update interval (90 days by default, 60–120).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Literal

from netlog.config import Settings
from netlog.dates import week_start
from netlog.domain import Activity, Contact, Touchpoint
from netlog.vocabulary import OUT

Cadence = Literal["weekly", "monthly", "quarterly"]

# Outgoing touchpoints that count as "a message with an update or a question"
# (guide 001). Asks and nudges do not: the routine is about giving and keeping
# in touch, not taking (guides 000, 003). A first meeting is not a message.
MESSAGE_KINDS: frozenset[str] = frozenset(
    {"update", "question", "share", "thanks", "meeting", "reply", "intro"}
)


@dataclass(slots=True, frozen=True)
class RoutineItem:
    """One habit of the routine and whether the log shows it done this period."""

    cadence: Cadence
    key: str
    text: str
    done: bool
    detail: str
    suggest: str | None = None
    period_start: date | None = None
    period_end: date | None = None

    def to_json(self) -> dict[str, object]:
        return {
            "cadence": self.cadence,
            "key": self.key,
            "text": self.text,
            "done": self.done,
            "detail": self.detail,
            "suggest": self.suggest,
            "period_start": self.period_start.isoformat() if self.period_start else None,
            "period_end": self.period_end.isoformat() if self.period_end else None,
        }


@dataclass(slots=True, frozen=True)
class WeekReport:
    """The routine as seen from one day: the ISO week it falls in and each item."""

    week_start: date
    routine: str
    items: list[RoutineItem]
    suggest: str | None = None
    label: str = ""  # "student routine": the routine in the user's words (on screen only)

    @property
    def week_end(self) -> date:
        return self.week_start + timedelta(days=6)

    @property
    def done_count(self) -> int:
        return sum(1 for item in self.items if item.done)

    def to_json(self) -> dict[str, object]:
        return {
            "week_start": self.week_start.isoformat(),
            "week_end": self.week_end.isoformat(),
            "routine": self.routine,
            "suggest": self.suggest,
            "items": [item.to_json() for item in self.items],
        }


@dataclass(slots=True, frozen=True)
class TeamReport:
    """Which mentor kinds are covered, by whom, and what is missing."""

    covered: dict[str, list[str]]
    missing: list[str]
    sponsors: list[str]
    mentors: list[str]
    core_count: int
    nudges: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, object]:
        return {
            "covered": {kind: list(names) for kind, names in self.covered.items()},
            "missing": list(self.missing),
            "sponsors": list(self.sponsors),
            "mentors": list(self.mentors),
            "core_count": self.core_count,
            "nudges": list(self.nudges),
        }


# --- helpers -----------------------------------------------------------------


def is_mentor(contact: Contact) -> bool:
    """A contact typed ``mentor`` or given any mentor kind (``mentor:KIND``)."""
    return "mentor" in contact.types or bool(contact.mentor_kinds)


def on_team(contact: Contact) -> bool:
    """Someone a mentorship meeting can be with: a mentor, sponsor, ally or core contact."""
    return is_mentor(contact) or contact.core or bool({"sponsor", "ally"} & set(contact.types))


def _month_bounds(day: date) -> tuple[date, date]:
    first = day.replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    return first, following - timedelta(days=1)


def _between(day: date, start: date, end: date) -> bool:
    return start <= day <= end


def _short(day: date) -> str:
    return f"{day:%a} {day.isoformat()}"


def names(contacts: Iterable[Contact]) -> list[str]:
    """The contacts' names, sorted case-insensitively."""
    return sorted((c.name for c in contacts), key=lambda n: (n.casefold(), n))


def active(contacts: Iterable[Contact]) -> list[Contact]:
    """The contacts not archived."""
    return [c for c in contacts if not c.archived]


def _last_out(tps: Sequence[Touchpoint], today: date) -> dict[int, date]:
    last: dict[int, date] = {}
    for tp in tps:
        if tp.direction == OUT and tp.date <= today:
            seen = last.get(tp.contact_id)
            if seen is None or tp.date > seen:
                last[tp.contact_id] = tp.date
    return last


def _last_any(tps: Sequence[Touchpoint], today: date) -> dict[int, date]:
    last: dict[int, date] = {}
    for tp in tps:
        if tp.date <= today:
            seen = last.get(tp.contact_id)
            if seen is None or tp.date > seen:
                last[tp.contact_id] = tp.date
    return last


def _core_interval(contact: Contact, settings: Settings) -> int:
    return contact.cadence_days or settings.intervals.core


def _available(contact: Contact, today: date) -> bool:
    """Not archived and not snoozed past today."""
    return not contact.archived and (
        contact.snoozed_until is None or contact.snoozed_until <= today
    )


def _core_due(
    contacts: Sequence[Contact], last_out: dict[int, date], settings: Settings
) -> list[tuple[date | None, Contact]]:
    """Core contacts with the day their next update falls due, earliest first.

    ``None`` (never written to, no creation date) sorts first: the most
    overdue of all.
    """
    rows: list[tuple[date | None, Contact]] = []
    for c in contacts:
        if not c.core:
            continue
        last = last_out.get(c.id, c.created)
        due = last + timedelta(days=_core_interval(c, settings)) if last else None
        rows.append((due, c))
    rows.sort(key=lambda row: (row[0] is not None, row[0] or date.min, row[1].name.casefold()))
    return rows


def best_to_write(
    contacts: Sequence[Contact], touchpoints: Sequence[Touchpoint], settings: Settings, today: date
) -> str | None:
    """The contact it would be best to write to now.

    First the most overdue core contact (the one whose core update, last
    outgoing touchpoint + the core interval or their own cadence, fell due
    longest ago; guide 001 asks for an update every 3–4 months, 004 every
    2–3). Failing that, the contact gone quiet the longest (the oldest
    keep-warm: last touchpoint either way, or the day they were added; 002
    suggests one or two check-ins a year). Failing that, the core contact
    whose update comes due soonest. Archived and snoozed contacts are skipped.
    """
    # An imported weak tie you have never been in touch with is not the one to
    # write to this week (rules.is_dormant).
    people = [c for c in contacts if _available(c, today) and (c.core or c.imported is None)]
    if not people:
        return None
    core = _core_due(people, _last_out(touchpoints, today), settings)
    overdue = [(due, c) for due, c in core if due is None or due <= today]
    if overdue:
        return overdue[0][1].name
    last_any = _last_any(touchpoints, today)
    others = [c for c in people if not c.core]
    if others:

        def quiet_since(c: Contact) -> tuple[bool, date, str]:
            last = last_any.get(c.id, c.created)
            return (last is not None, last or date.min, c.name.casefold())

        return min(others, key=quiet_since).name
    return core[0][1].name if core else None


# --- the weekly routine -------------------------------------------------------


def week(
    contacts: Sequence[Contact],
    touchpoints: Sequence[Touchpoint],
    activities: Sequence[Activity],
    settings: Settings,
    today: date,
) -> WeekReport:
    """The routine for ``today``'s ISO week, each item done or not from the log.

    ``settings.routine`` picks the IMG routine of guide 001 (the default) or
    the resident variant of guide 002. Both end with the quarterly update to
    every core contact.
    """
    monday = week_start(today)
    sunday = monday + timedelta(days=6)
    month_start, month_end = _month_bounds(today)
    names = {c.id: c.name for c in contacts}
    suggest = best_to_write(contacts, touchpoints, settings, today)

    if settings.routine == "resident":
        items = [
            _meetings_item(contacts, touchpoints, today, month_start, month_end),
            _community_item(activities, settings, monday, sunday),
        ]
    else:
        items = [
            _message_item(touchpoints, names, monday, sunday, suggest),
            _read_item(activities, monday, sunday),
            _event_item(activities, month_start, month_end),
            _export_item(activities, month_start, month_end),
        ]
    items.append(_core_item(contacts, touchpoints, settings, today))
    return WeekReport(monday, settings.routine, items, suggest, settings.routine_label)


def _message_item(
    tps: Sequence[Touchpoint],
    names: dict[int, str],
    monday: date,
    sunday: date,
    suggest: str | None,
) -> RoutineItem:
    """Guide 001, weekly: one message to a mentor or contact, an update or a question."""
    sent = sorted(
        (
            t
            for t in tps
            if t.direction == OUT and t.kind in MESSAGE_KINDS and _between(t.date, monday, sunday)
        ),
        key=lambda t: (t.date, t.id),
    )
    if sent:
        first = sent[0]
        who = names.get(first.contact_id, f"#{first.contact_id}")
        more = f" (and {len(sent) - 1} more)" if len(sent) > 1 else ""
        detail = f"{first.kind} to {who} on {_short(first.date)}{more}"
    elif suggest:
        detail = f"nothing sent yet this week; {suggest} would be a good person to write to"
    else:
        detail = "nothing sent yet this week; add a contact to get a suggestion"
    return RoutineItem(
        "weekly",
        "weekly-message",
        "Write to one mentor or contact: a bit of news from your side, or a real question",
        bool(sent),
        detail,
        None if sent else suggest,
        monday,
        sunday,
    )


def _read_item(activities: Sequence[Activity], monday: date, sunday: date) -> RoutineItem:
    """Guide 001, weekly: read one article and keep a point to discuss."""
    reads = sorted(
        (a for a in activities if a.kind == "read" and _between(a.date, monday, sunday)),
        key=lambda a: (a.date, a.id),
    )
    if reads:
        detail = f"read on {_short(reads[0].date)}: {reads[0].text}"
    else:
        detail = "nothing read yet this week; log it with `netlog read TEXT`"
    return RoutineItem(
        "weekly",
        "weekly-read",
        "Read an article and keep one point from it for your next mentor conversation",
        bool(reads),
        detail,
        None,
        monday,
        sunday,
    )


def _event_item(activities: Sequence[Activity], first: date, last: date) -> RoutineItem:
    """Guide 001, monthly: one virtual event (grand rounds, webinar, journal club)."""
    events = [a for a in activities if a.kind == "event" and _between(a.date, first, last)]
    virtual = sorted((a for a in events if a.virtual), key=lambda a: (a.date, a.id))
    if virtual:
        detail = f"attended {virtual[0].text} on {_short(virtual[0].date)}"
    elif events:
        detail = (
            f"{events[0].text} was in person; the routine asks for a virtual one "
            "(log it with `netlog attend EVENT --virtual`)"
        )
    else:
        detail = "no virtual event yet this month; log one with `netlog attend EVENT --virtual`"
    return RoutineItem(
        "monthly",
        "monthly-event",
        "Attend one virtual event: grand rounds, a webinar or a journal club",
        bool(virtual),
        detail,
        None,
        first,
        last,
    )


def _export_item(activities: Sequence[Activity], first: date, last: date) -> RoutineItem:
    """Guide 001, monthly: bring the networking spreadsheet up to date."""
    exports = sorted(
        (a for a in activities if a.kind == "export" and _between(a.date, first, last)),
        key=lambda a: (a.date, a.id),
    )
    if exports:
        detail = f"exported on {_short(exports[-1].date)}"
    else:
        detail = "not yet this month; run `netlog export -o network.csv`"
    return RoutineItem(
        "monthly",
        "monthly-export",
        "Bring your network spreadsheet up to date (netlog export)",
        bool(exports),
        detail,
        None,
        first,
        last,
    )


def _core_item(
    contacts: Sequence[Contact],
    tps: Sequence[Touchpoint],
    settings: Settings,
    today: date,
) -> RoutineItem:
    """Guide 001 (every 3–4 months) and 004 (every 2–3): update each core contact.

    Done when every core, non-archived contact has an outgoing touchpoint
    fewer than N days before today (N = the core interval, or the contact's
    own cadence), the same test the ``core-update`` rule uses.
    """
    days = settings.intervals.core
    start = today - timedelta(days=days - 1)
    core = [c for c in active(contacts) if c.core]
    text = f"Bring each core mentor and advocate up to date, briefly (every {days} days)"
    if not core:
        return RoutineItem(
            "quarterly",
            "quarterly-core",
            text,
            False,
            "no core contacts yet; mark your 3–7 closest mentors and advocates with --core",
            None,
            start,
            today,
        )
    last_out = _last_out(tps, today)
    behind = [
        (due, c)
        for due, c in _core_due(core, last_out, settings)
        if c.id not in last_out or (today - last_out[c.id]).days >= _core_interval(c, settings)
    ]
    if not behind:
        detail = f"all {len(core)} core contacts heard from you within their interval"
        return RoutineItem("quarterly", "quarterly-core", text, True, detail, None, start, today)
    waiting = [c.name for _, c in behind]
    shown = ", ".join(waiting[:3]) + (f" and {len(waiting) - 3} more" if len(waiting) > 3 else "")
    detail = f"{len(core) - len(behind)} of {len(core)} updated; still waiting: {shown}"
    return RoutineItem(
        "quarterly", "quarterly-core", text, False, detail, behind[0][1].name, start, today
    )


def _meetings_item(
    contacts: Sequence[Contact],
    tps: Sequence[Touchpoint],
    today: date,
    first: date,
    last: date,
) -> RoutineItem:
    """Guide 002, monthly: one or two mentorship meetings.

    Counts touchpoints of kind ``meeting`` (either direction) this calendar
    month with someone on your mentorship team: a mentor of any kind, a
    sponsor, an ally (advocate) or a core contact. One meeting is enough to
    be done.
    """
    mentors = {c.id: c for c in contacts if on_team(c)}
    meetings = sorted(
        (
            t
            for t in tps
            if t.kind == "meeting" and t.contact_id in mentors and _between(t.date, first, last)
        ),
        key=lambda t: (t.date, t.id),
    )
    suggest: str | None = None
    if meetings:
        held = ", ".join(f"{mentors[t.contact_id].name} ({t.date.isoformat()})" for t in meetings)
        detail = f"{len(meetings)} this month: {held}"
    else:
        active = [c for c in mentors.values() if _available(c, today)]
        if active:
            # The mentor met (or heard from) least recently.
            last_any = _last_any(tps, today)
            pick = min(
                active,
                key=lambda c: (
                    last_any.get(c.id) is not None,
                    last_any.get(c.id) or date.min,
                    c.name.casefold(),
                ),
            )
            suggest = pick.name
            detail = f"none yet this month; ask {pick.name} for 15–20 minutes"
        else:
            detail = "none yet this month, and no mentor in the log: add one with --type mentor"
    return RoutineItem(
        "monthly",
        "monthly-meetings",
        "Hold one or two mentorship meetings this month",
        bool(meetings),
        detail,
        suggest,
        first,
        last,
    )


def _community_item(
    activities: Sequence[Activity], settings: Settings, monday: date, sunday: date
) -> RoutineItem:
    """Guide 002, weekly: 15–20 minutes, once or twice, in professional communities."""
    where = ", ".join(settings.communities) if settings.communities else "professional communities"
    events = sorted(
        (a for a in activities if a.kind == "event" and _between(a.date, monday, sunday)),
        key=lambda a: (a.date, a.id),
    )
    if events:
        times = "once" if len(events) == 1 else f"{len(events)} times"
        detail = f"{times} this week, last: {events[-1].text} on {_short(events[-1].date)}"
    else:
        detail = "not yet this week; log it with `netlog attend EVENT`"
    return RoutineItem(
        "weekly",
        "weekly-community",
        f"Give {where} 15–20 minutes, once or twice this week",
        bool(events),
        detail,
        None,
        monday,
        sunday,
    )
