"""Pending follow-ups as calendar to-dos."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime

import icalendar
from hypothesis import given, settings
from hypothesis import strategies as st

from netlog.domain import DueItem, Pending
from netlog.interop.ics import todo_uid, todos_ics

STAMP = datetime(2026, 3, 16, 7, 30, tzinfo=UTC)

THANKS = Pending(
    contact_id=7,
    rule="thank-you",
    due=date(2026, 3, 15),
    reason="shadowing day on 2026-03-13",
    action="send a short thank-you note",
)
UPDATE = DueItem(
    contact_id=3,
    contact="Dr. Elena Petrova",
    rule="core-update",
    due=date(2026, 4, 1),
    days_overdue=-16,
    reason="core contact, last update sent 2026-01-01",
    action="send a concise update: what you did, what is next, one question",
)


def todos(data: bytes) -> list[icalendar.Todo]:
    return list(icalendar.Calendar.from_ical(data).walk("VTODO"))


def test_one_todo_per_pending_item_with_person_action_and_due_day() -> None:
    data = todos_ics([(THANKS, "王小明"), UPDATE], stamp=STAMP)
    first, second = todos(data)
    assert first.decoded("due") == date(2026, 3, 15)  # a day, not a moment
    assert str(first["summary"]) == "王小明: send a short thank-you note"
    assert "shadowing day on 2026-03-13" in str(first["description"])
    assert "thank-you" in str(first["description"])
    assert str(first["status"]) == "NEEDS-ACTION"
    assert first.decoded("dtstamp") == STAMP
    assert str(second["summary"]).startswith("Dr. Elena Petrova: send a concise update")
    assert b"DUE;VALUE=DATE:20260315" in data


def test_the_same_item_gets_the_same_uid_on_every_export() -> None:
    once = todos(todos_ics([UPDATE, (THANKS, "王小明")], stamp=STAMP))
    later = todos(todos_ics([(THANKS, "王小明")], stamp=datetime(2026, 5, 1, tzinfo=UTC)))
    uid = str(later[0]["uid"])
    assert uid in {str(t["uid"]) for t in once}
    assert uid == todo_uid(7, "thank-you", date(2026, 3, 15), "shadowing day on 2026-03-13")
    assert uid.startswith("7-thank-you-") and uid.endswith("@netlog")
    assert "王" not in uid


def test_an_item_whose_date_moves_keeps_its_uid_until_it_is_satisfied() -> None:
    snoozed = Pending(3, "core-update", date(2026, 6, 1), UPDATE.reason, UPDATE.action)
    before = todos(todos_ics([UPDATE], stamp=STAMP))[0]
    after = todos(todos_ics([(snoozed, UPDATE.contact)], stamp=STAMP))[0]
    assert after.decoded("due") == date(2026, 6, 1)
    assert str(after["uid"]) == str(before["uid"])
    # Satisfied: the next cycle starts from the new update, a new to-do.
    next_cycle = Pending(3, "core-update", date(2026, 7, 1), "core contact, last update sent "
                         "2026-04-01", UPDATE.action)  # fmt: skip
    assert str(todos(todos_ics([(next_cycle, "x")], stamp=STAMP))[0]["uid"]) != str(before["uid"])
    # A letter whose deadline moves is still the same letter.
    a = Pending(5, "letter", date(2026, 9, 1), "letter for MGH due 2026-09-15", "remind")
    b = Pending(5, "letter", date(2026, 9, 20), "letter for MGH due 2026-10-01", "remind")
    assert todo_uid(5, a.rule, a.due, a.reason) == todo_uid(5, b.rule, b.due, b.reason)


def test_events_are_all_day_and_an_overdue_one_shows_today() -> None:
    from netlog.interop.ics import write_calendar

    out = io.StringIO(newline="")
    write_calendar(
        [(THANKS, "王小明"), UPDATE], out, stamp=STAMP, events=True, today=date(2026, 3, 16)
    )
    cal = icalendar.Calendar.from_ical(out.getvalue().encode())
    first, second = cal.walk("VEVENT")
    assert first.decoded("dtstart") == date(2026, 3, 16)  # overdue since the 15th
    assert first.decoded("dtend") == date(2026, 3, 17)
    assert second.decoded("dtstart") == date(2026, 4, 1)
    assert str(first["summary"]) == "王小明: send a short thank-you note"
    assert not cal.walk("VTODO")
    assert str(first["uid"]).endswith("-event@netlog")


def test_the_calendar_text_is_what_icalendar_and_vobject_read_back_byte_stable() -> None:
    import vobject

    long = Pending(9, "reply-nudge", date(2026, 3, 20), "email of 2026-03-01 still awaiting a "
                   "reply; re: the case series, part 2\nwith a line break", "nudge, politely")  # fmt: skip
    items = [(long, "Dr. Aisha Rahman (عائشة رحمن), MD; FRCS"), UPDATE]
    data = todos_ics(items, stamp=STAMP)
    assert data == todos_ics(items, stamp=STAMP)
    assert all(len(line) <= 75 for line in data.split(b"\r\n"))
    first = todos(data)[0]
    assert str(first["summary"]) == "Dr. Aisha Rahman (عائشة رحمن), MD; FRCS: nudge, politely"
    assert "part 2\nwith a line break" in str(first["description"])
    parsed = vobject.readOne(data.decode("utf-8"))
    assert parsed.vtodo.summary.value.startswith("Dr. Aisha Rahman (عائشة رحمن), MD; FRCS")
    # The same text icalendar itself would write for these properties, once unfolded.
    reference = icalendar.Calendar.from_ical(data).to_ical()
    assert icalendar.Calendar.from_ical(reference).walk("VTODO")[0]["summary"] == first["summary"]


def test_two_letters_on_the_same_day_get_different_uids() -> None:
    a = Pending(5, "next-step", date(2026, 9, 1), "letter for MGH due 2026-09-15", "remind")
    b = Pending(5, "next-step", date(2026, 9, 1), "letter for HSS due 2026-09-15", "remind")
    uids = {str(t["uid"]) for t in todos(todos_ics([(a, "Dr. Cho"), (b, "Dr. Cho")], stamp=STAMP))}
    assert len(uids) == 2


def test_an_empty_list_is_still_a_valid_calendar() -> None:
    data = todos_ics([], stamp=STAMP)
    assert todos(data) == []
    assert b"PRODID:-//netlog//netlog//EN" in data


_text = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Zl", "Zp"))
    | st.sampled_from(["\n", ",", ";", "\\", ":"]),
    min_size=1,
    max_size=120,
).filter(lambda s: s == s.strip())


@settings(max_examples=80, deadline=None)
@given(name=_text, reason=_text, action=_text)
def test_any_text_comes_back_from_icalendar_as_written(name: str, reason: str, action: str) -> None:
    item = Pending(1, "keep-warm", date(2026, 5, 1), reason, action)
    data = todos_ics([(item, name)], stamp=STAMP)
    assert all(len(line) <= 75 for line in data.split(b"\r\n"))
    (todo,) = todos(data)
    assert str(todo["summary"]) == f"{name}: {action}"
    assert str(todo["description"]) == f"{reason}\n\nnetlog rule: keep-warm"
