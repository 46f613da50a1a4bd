"""The records of netlog.domain (and the few other dataclasses every command
loads) behave as the dataclasses ``@dataclass`` would make.

Their methods are written out (``@dataclass`` compiles them from source text on
every run: ~7 ms of each command). Each class is compared here with a twin made
by ``@dataclass`` from the same fields: construction with defaults and fresh
lists, ``repr``, equality, hashing, frozen fields, ``replace``, ``fields``,
``asdict``, ``__match_args__``, copies and pickles.
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


def twin(cls: type) -> type:
    """The class ``@dataclass`` makes from the same fields, defaults and flags."""
    namespace: dict[str, Any] = {"__annotations__": {}, "__qualname__": cls.__qualname__}
    for f in dataclasses.fields(cls):
        namespace["__annotations__"][f.name] = f.type
        if f.default is not dataclasses.MISSING:
            namespace[f.name] = f.default
        elif f.default_factory is not dataclasses.MISSING:
            namespace[f.name] = dataclasses.field(default_factory=f.default_factory)
    made = type(cls.__name__, (), namespace)
    made.__module__ = cls.__module__
    slots = "__slots__" in vars(cls)
    return dataclasses.dataclass(slots=slots, frozen=cls in FROZEN)(made)


def required(cls: type, n: int) -> dict[str, Any]:
    """Values for the fields without a default, differing with ``n``."""
    values: dict[str, Any] = {}
    for f in dataclasses.fields(cls):
        if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
            values[f.name] = date(2026, 11, n) if "date" in str(f.type) else f"{f.name}-{n}"
            if f.type == "int":
                values[f.name] = n
    return values


def every(cls: type, n: int) -> dict[str, Any]:
    """A value for every field (lists for the list fields)."""
    values = required(cls, n)
    for f in dataclasses.fields(cls):
        if f.name in values:
            continue
        kind = str(f.type)
        values[f.name] = (
            [f"w{n}", "x"]
            if kind.startswith("list")
            else True
            if kind == "bool"
            else n
            if "int" in kind
            else date(2026, 10, n)
            if "date" in kind or "Day" in kind
            else f"{f.name} {n}"
        )
    return values


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.__name__)
def test_a_record_behaves_as_its_dataclass_twin(cls: type) -> None:
    other = twin(cls)
    assert [(f.name, f.type, f.default) for f in dataclasses.fields(cls)] == [
        (f.name, f.type, f.default) for f in dataclasses.fields(other)
    ]
    assert cls.__match_args__ == other.__match_args__  # type: ignore[attr-defined]
    assert vars(cls).get("__slots__") == vars(other).get("__slots__")
    for values in (required(cls, 1), every(cls, 2)):
        mine, theirs = cls(**values), other(**values)
        assert repr(mine) == repr(theirs)
        assert dataclasses.asdict(mine) == dataclasses.asdict(theirs)
        assert cls(*values.values()) == mine  # by position, in field order
        assert mine == cls(**values) and mine != cls(**every(cls, 3))
        assert (mine == theirs) is False  # another class: never equal
        assert mine.__eq__(theirs) is NotImplemented
        changed = dataclasses.replace(mine, **required(cls, 4))
        assert repr(changed) == repr(dataclasses.replace(theirs, **required(cls, 4)))
        assert copy.copy(mine) == mine and copy.deepcopy(mine) == mine
        assert pickle.loads(pickle.dumps(mine)) == mine
        if cls in FROZEN:
            assert hash(mine) == hash(cls(**values)) == hash(theirs)
            name = dataclasses.fields(cls)[0].name
            with pytest.raises(dataclasses.FrozenInstanceError) as mine_error:
                setattr(mine, name, 5)
            with pytest.raises(dataclasses.FrozenInstanceError) as their_error:
                setattr(theirs, name, 5)
            assert str(mine_error.value) == str(their_error.value)
            with pytest.raises(dataclasses.FrozenInstanceError) as mine_error:
                delattr(mine, name)
            with pytest.raises(dataclasses.FrozenInstanceError) as their_error:
                delattr(theirs, name)
            assert str(mine_error.value) == str(their_error.value)
        else:
            with pytest.raises(TypeError):
                hash(mine)
            with pytest.raises(TypeError):
                hash(theirs)


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


def test_every_dataclass_with_written_out_methods_is_compared_here() -> None:
    """A class whose methods are written out and not listed above could drift
    from its fields unseen (a new field missing from ``__init__``)."""
    import ast
    from pathlib import Path

    import netlog

    listed = {(base.__module__, base.__qualname__) for cls in CLASSES for base in cls.__mro__}
    root = Path(netlog.__file__).parent
    found = set()
    for path in root.rglob("*.py"):
        module = ".".join(("netlog", *path.relative_to(root).with_suffix("").parts))
        module = module.removesuffix(".__init__")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.ClassDef):
                continue
            for deco in node.decorator_list:
                if isinstance(deco, ast.Call) and any(
                    k.arg == "init" and isinstance(k.value, ast.Constant) and k.value.value is False
                    for k in deco.keywords
                ):
                    found.add((module, node.name))
    assert found and found <= listed, sorted(found - listed)
