"""The records of netlog.domain (and the few other dataclasses every command
loads) are plain dataclasses, whose methods are served compiled ahead on a
command's start (``tests/test_startup.py`` checks those are the methods
compiling their text gives): each record gets its own lists, keeps its own
methods, and the frozen ones cannot be changed.
"""

from __future__ import annotations

import copy
import dataclasses
import pickle
from datetime import date
from typing import Any

import pytest

from netlog import config, domain, drafts, followups
from netlog.service import drafting, people, reading, touchpoints
from netlog.service.due_list import DueReport
from netlog.storage import changes
from netlog.storage.contacts import ContactBatch
from netlog.storage.pending import DueFilter

CLASSES = [
    domain.Contact,
    domain.Touchpoint,
    domain.Activity,
    domain.Letter,
    domain.Skip,
    domain.Intervals,
    domain.Pending,
    domain.DueItem,
    config.Settings,
    DueFilter,
    DueReport,
    followups.Loaded,
    followups.Owed,
    ContactBatch,
    changes.ChangeInfo,
    changes.Undone,
    people.ContactInput,
    touchpoints.TouchpointInput,
    touchpoints.TouchpointFix,
    touchpoints.Logged,
    reading.ContactView,
    drafting.DraftPlan,
    drafts.DraftContext,
    drafts.Draft,
]
FROZEN = {
    domain.Skip,
    domain.Intervals,
    domain.Pending,
    domain.DueItem,
    config.Settings,
    DueFilter,
    changes.ChangeInfo,
    changes.Undone,
    drafts.DraftContext,
    drafts.Draft,
}


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.__name__)
def test_a_record_s_methods_are_the_ones_dataclass_makes(cls: type) -> None:
    """None is written by hand (a new field would be missed): ``@dataclass``
    makes ``__init__``, ``__repr__`` and ``__eq__``, and freezes the frozen ones."""
    params = cls.__dataclass_params__  # type: ignore[attr-defined]
    assert (params.init, params.repr, params.eq) == (True, True, True)
    assert params.frozen == (cls in FROZEN)
    for name in ("__init__", "__repr__", "__eq__"):
        method = getattr(cls, name)
        method = getattr(method, "__wrapped__", method)  # (repr guards against recursion)
        assert method.__code__.co_filename == "<string>", name


@pytest.mark.parametrize(
    "record",
    [
        domain.Contact(1, "Dr. A", tags=["ortho"], snoozed_until=date(2026, 12, 1)),
        domain.Pending(1, "keep-warm", date(2026, 11, 1), "why", "what", ends=date(2026, 12, 1)),
        domain.Skip(2, 1, "thank-you", date(2026, 11, 2), "done in person"),
    ],
    ids=lambda r: type(r).__name__,
)
def test_records_copy_and_pickle_whole(record: Any) -> None:
    assert copy.copy(record) == record and copy.deepcopy(record) == record
    assert pickle.loads(pickle.dumps(record)) == record
    changed = dataclasses.replace(record, id=9) if hasattr(record, "id") else record
    assert pickle.loads(pickle.dumps(changed)) == changed


def test_a_frozen_record_cannot_be_changed() -> None:
    item = domain.Pending(1, "keep-warm", date(2026, 11, 1), "why", "what")
    with pytest.raises(dataclasses.FrozenInstanceError, match="cannot assign to field 'rule'"):
        item.rule = "thank-you"  # type: ignore[misc]
    assert hash(item) == hash(domain.Pending(1, "keep-warm", date(2026, 11, 1), "why", "what"))


def test_each_contact_gets_its_own_lists() -> None:
    first, second = domain.Contact(1, "Dr. A"), domain.Contact(2, "Dr. B")
    first.tags.append("ortho")
    assert second.tags == [] and second.types == [] and second.mentor_kinds == []


def test_the_records_still_carry_their_own_methods() -> None:
    item = domain.Pending(
        1, "keep-warm", date(2026, 11, 1), "why", "what", starts=date(2026, 11, 5)
    )
    assert not item.live(date(2026, 11, 4)) and item.live(date(2026, 11, 5))
    due = domain.DueItem(1, "Dr. A", "keep-warm", date(2026, 11, 1), 3, "why", "what")
    assert due.to_json()["urgency"] == due.urgency
