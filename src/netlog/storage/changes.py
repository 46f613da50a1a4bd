"""The change log behind ``netlog undo``.

A command's write transaction opens a change (:func:`open_change`); while it
is open, triggers keep the before-image of every row the command touches in
a table undo logs (contacts, touchpoints, activities, letters and skips:
``UNDO_TABLES``, marked ``undo`` in the models; the triggers are made from
the models' columns by :func:`netlog.storage.migrations.undo_triggers`).
:func:`close_change` describes the change in one line (or drops it when
nothing was recorded) and keeps only the last :data:`KEEP` changes.
:func:`undo_last` puts the before-images back in one transaction.

Two kinds of change are recorded by code rather than by triggers, so that
every command that writes can be undone and ``undo`` never reaches past a
change it cannot revert: a user's value in ``meta`` (the pause; see
:func:`record_meta`) and a key set in the settings file by ``netlog config
set`` (:func:`record_config`; the file itself is put back by the caller of
:func:`undo_last`, inside the same transaction).

Follow-ups (``pending``) are not logged: they are recomputed from the rows.
The ``rules`` fingerprint in ``meta`` is derived and not logged either.

Whose change: a database several people share (PostgreSQL) records the
connecting role with each change (``change.author``; migration 0007). Given
an ``author``, the functions here work on that user's changes only (and on
those recorded before 0007, whose author is not known): ``undo`` reverts the
user's own last change, and refuses (:class:`UndoConflict`) when someone
else's later change touched the same rows. A file has one user: its changes
carry no author, and every function works on all of them, as before.
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from netlog.errors import NetlogError, NotFound
from netlog.storage.columns import UNDO_TABLES

KEEP = 50

_NOUNS = {
    "contact": ("contact", "contacts"),
    "touchpoint": ("touchpoint", "touchpoints"),
    "activity": ("activity", "activities"),
    "letter": ("letter", "letters"),
    "skip": ("skipped follow-up", "skipped follow-ups"),
}
_VERBS = {"insert": "added", "update": "changed", "delete": "deleted"}


@dataclass(frozen=True)
class ChangeInfo:
    """One recorded change, as ``undo --list`` shows it."""

    id: int
    at: str
    command: str
    summary: str
    author: str | None = None


@dataclass(frozen=True)
class Undone:
    """What an undo put back: the change, its rows, the contacts and settings it touched."""

    change: ChangeInfo
    rows: int
    contact_ids: frozenset[int]
    activities: bool
    # Settings-file keys to put back (see record_config), newest first.
    config: tuple[dict[str, Any], ...] = field(default=())


# meta keys netlog derives (recomputed on demand): not a user's change.
DERIVED_META = frozenset({"rules"})


def _open_id(conn: sqlite3.Connection) -> int | None:
    row = conn.execute("SELECT change_id FROM change_open").fetchone()
    return int(row[0]) if row else None


def record_meta(conn: sqlite3.Connection, key: str, old: str | None, new: str | None) -> None:
    """Keep ``key``'s value before the open change sets it to ``new`` (None = removed)."""
    if key in DERIVED_META or old == new:
        return
    change_id = _open_id(conn)
    if change_id is None:
        return
    seen = conn.execute(
        "SELECT 1 FROM change_row WHERE change_id = ? AND table_name = 'meta' "
        "AND json_extract(image, '$.key') = ?",
        (change_id, key),
    ).fetchone()
    if seen:
        return
    conn.execute(
        "INSERT INTO change_row (change_id, table_name, op, row_id, image) "
        "VALUES (?, 'meta', ?, 0, ?)",
        (change_id, "insert" if old is None else "update", json.dumps({"key": key, "value": old})),
    )


def record_config(
    conn: sqlite3.Connection,
    path: str,
    key: str,
    before: object,
    after: object,
    *,
    created: bool = False,
) -> None:
    """Record that the open change set ``key`` in the settings file ``path``.

    ``before`` is the key's value before (``None``: the key was not in the
    file), ``after`` the value written (``None``: removed), ``created`` that
    the file did not exist before. Undo sets ``before`` back while the file
    still holds ``after`` (a newer edit by hand is kept).
    """
    change_id = _open_id(conn)
    if change_id is None:
        raise NetlogError("internal: a settings change must be recorded inside a change")
    image = {"path": path, "key": key, "before": before, "after": after, "created": created}
    conn.execute(
        "INSERT INTO change_row (change_id, table_name, op, row_id, image) "
        "VALUES (?, 'config', 'update', 0, ?)",
        (change_id, json.dumps(image)),
    )


def _mine(author: str | None) -> tuple[str, tuple[str, ...]]:
    """A condition on ``change`` (and its parameters): ``author``'s changes, or all for None.

    Changes recorded before authors were (NULL) count as everyone's.
    """
    if author is None:
        return "1 = 1", ()
    return "(author IS NULL OR author = ?)", (author,)


def open_change(conn: sqlite3.Connection, command: str, at: str, author: str | None = None) -> int:
    """Start recording (inside an open write transaction); returns the change id."""
    conn.execute("DELETE FROM change_open")
    cursor = conn.execute(
        "INSERT INTO change (at, command, summary, author) VALUES (?, ?, '', ?)",
        (at, command, author),
    )
    change_id = cursor.lastrowid
    assert change_id is not None
    conn.execute("INSERT INTO change_open (change_id) VALUES (?)", (change_id,))
    return change_id


def close_change(conn: sqlite3.Connection, change_id: int, author: str | None = None) -> None:
    """Stop recording; describe the change, or forget it when nothing changed."""
    conn.execute("DELETE FROM change_open")
    summary = describe(conn, change_id)
    if summary is None:
        conn.execute("DELETE FROM change WHERE id = ?", (change_id,))
        return
    conn.execute("UPDATE change SET summary = ? WHERE id = ?", (summary, change_id))
    _keep_last(conn, author)


def record_barrier(
    conn: sqlite3.Connection,
    command: str,
    at: str,
    summary: str,
    advice: str,
    author: str | None = None,
) -> None:
    """Record a change undo cannot revert (``restore``), so that it is never reached past.

    ``undo`` meets it as the newest change: it refuses, names it and gives
    ``advice`` (how to go back), and forgets the mark, so that the next
    ``undo`` goes on with the changes from before it, as the user was told.
    """
    cursor = conn.execute(
        "INSERT INTO change (at, command, summary, author) VALUES (?, ?, ?, ?)",
        (at, command, summary, author),
    )
    conn.execute(
        "INSERT INTO change_row (change_id, table_name, op, row_id, image) "
        "VALUES (?, 'barrier', 'update', 0, ?)",
        (cursor.lastrowid, json.dumps({"advice": advice})),
    )
    _keep_last(conn, author)


def _keep_last(conn: sqlite3.Connection, author: str | None = None) -> None:
    """Keep the last :data:`KEEP` changes (each author's own, on a shared database)."""
    if author is None:
        oldest_kept = conn.execute(
            "SELECT id FROM change ORDER BY id DESC LIMIT 1 OFFSET ?", (KEEP - 1,)
        ).fetchone()
        if oldest_kept is not None:
            forget_before(conn, oldest_kept[0])
        return
    oldest_kept = conn.execute(
        "SELECT id FROM change WHERE author = ? ORDER BY id DESC LIMIT 1 OFFSET ?",
        (author, KEEP - 1),
    ).fetchone()
    if oldest_kept is not None:
        older = "SELECT id FROM change WHERE author = ? AND id < ?"
        conn.execute(
            f"DELETE FROM change_row WHERE change_id IN ({older})", (author, oldest_kept[0])
        )
        conn.execute(f"DELETE FROM change WHERE id IN ({older})", (author, oldest_kept[0]))


class NotUndoable(NetlogError):
    """The newest change is one undo cannot revert."""


class UndoConflict(NotUndoable):
    """The user's last change cannot be undone: someone else's later change touched its rows.

    ``later`` is that change (its author, command and time; not its summary,
    which is theirs); ``restored``: it was a restore, which replaced every row.
    """

    def __init__(self, change: ChangeInfo, later: ChangeInfo, *, restored: bool) -> None:
        super().__init__(f"the change {change.command} cannot be undone")
        self.change = change
        self.later = later
        self.restored = restored


def take_barrier(
    conn: sqlite3.Connection, author: str | None = None
) -> tuple[ChangeInfo, str] | None:
    """If the newest change (``author``'s) cannot be undone: forget it; returns it and what to do.

    The caller commits (the mark is gone) and refuses, naming the change.
    """
    changes = recent(conn, 1, author=author)
    if not changes:
        return None
    change = changes[0]
    row = conn.execute(
        "SELECT image FROM change_row WHERE change_id = ? AND table_name = 'barrier'",
        (change.id,),
    ).fetchone()
    if row is None:
        return None
    conn.execute("DELETE FROM change_row WHERE change_id = ?", (change.id,))
    conn.execute("DELETE FROM change WHERE id = ?", (change.id,))
    return change, str(json.loads(row[0])["advice"])


def forget_before(conn: sqlite3.Connection, change_id: int) -> None:
    conn.execute("DELETE FROM change_row WHERE change_id < ?", (change_id,))
    conn.execute("DELETE FROM change WHERE id < ?", (change_id,))


def forget_all(conn: sqlite3.Connection, author: str | None = None) -> int:
    """Drop the whole change log, or ``author``'s part of it (deleted data is then gone for good)."""
    if author is not None:
        mine, params = _mine(author)
        count = int(conn.execute(f"SELECT count(*) FROM change WHERE {mine}", params).fetchone()[0])
        conn.execute(
            f"DELETE FROM change_row WHERE change_id IN (SELECT id FROM change WHERE {mine})",
            params,
        )
        conn.execute(f"DELETE FROM change WHERE {mine}", params)
        return count
    count = int(conn.execute("SELECT count(*) FROM change").fetchone()[0])
    conn.execute("DELETE FROM change_row")
    conn.execute("DELETE FROM change")
    return count


def describe(conn: sqlite3.Connection, change_id: int) -> str | None:
    """One line: ``added Maya Patel (#3) and 1 touchpoint``; None if nothing recorded."""
    counts: Counter[tuple[str, str]] = Counter()
    for table, op, n in conn.execute(
        "SELECT table_name, op, count(*) FROM change_row WHERE change_id = ? "
        "GROUP BY table_name, op",
        (change_id,),
    ):
        counts[(table, op)] = n
    if not counts:
        return None
    parts: list[str] = _describe_settings(conn, change_id)
    for op in ("insert", "delete", "update"):
        words: list[str] = []
        n_contacts = counts.get(("contact", op), 0)
        if 0 < n_contacts <= 3:
            words.append(_contact_names(conn, change_id, op))
        elif n_contacts:
            words.append(f"{n_contacts} contacts")
        for table in UNDO_TABLES[1:]:
            n = counts.get((table, op), 0)
            if n:
                one, many = _NOUNS[table]
                words.append(f"{n} {one if n == 1 else many}")
        if words:
            parts.append(f"{_VERBS[op]} {_join(words)}")
    summary = "; ".join(parts)
    if not any(table in UNDO_TABLES[1:] for table, _ in counts):
        return summary
    if not any(table == "contact" for table, _ in counts):
        owner = _single_owner(conn, change_id)
        if owner is not None:
            summary += f" for {owner}"
    return summary


def _describe_settings(conn: sqlite3.Connection, change_id: int) -> list[str]:
    """Words for the pause and settings-file keys a change set."""
    parts: list[str] = []
    meta_keys = {
        row[0]
        for row in conn.execute(
            "SELECT json_extract(image, '$.key') FROM change_row "
            "WHERE change_id = ? AND table_name = 'meta'",
            (change_id,),
        )
    }
    if meta_keys & {"pause_start", "pause_until"}:
        command = conn.execute("SELECT command FROM change WHERE id = ?", (change_id,)).fetchone()
        until = conn.execute("SELECT value FROM meta WHERE \"key\" = 'pause_until'").fetchone()
        if command and command[0] == "resume":
            parts.append("ended the pause")
        elif until and until[0]:
            parts.append(f"paused follow-ups until {until[0]}")
        else:
            parts.append("changed the pause")
    for key in sorted(meta_keys - {"pause_start", "pause_until"}):
        parts.append(f"changed {key}")
    for (image,) in conn.execute(
        "SELECT image FROM change_row WHERE change_id = ? AND table_name = 'config' ORDER BY id",
        (change_id,),
    ):
        item = json.loads(image)
        if item["after"] is None:
            parts.append(f"removed {item['key']} from the settings file")
        else:
            parts.append(f"set {item['key']} to {_toml_text(item['after'])} in the settings file")
    return parts


def _toml_text(value: object) -> str:
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)


def _single_owner(conn: sqlite3.Connection, change_id: int) -> str | None:
    """``Maya Patel (#3)`` when every row of the change belongs to one contact."""
    owners: set[int] = set()
    for table, row_id, image in conn.execute(
        "SELECT table_name, row_id, image FROM change_row WHERE change_id = ?", (change_id,)
    ):
        if table not in UNDO_TABLES[1:]:
            continue
        if image is not None:
            owner = json.loads(image).get("contact_id")
        else:
            row = conn.execute(f"SELECT contact_id FROM {table} WHERE id = ?", (row_id,)).fetchone()
            owner = row[0] if row else None
        if owner is None:
            return None
        owners.add(int(owner))
        if len(owners) > 1:
            return None
    if len(owners) != 1:
        return None
    (cid,) = owners
    row = conn.execute("SELECT name FROM contact WHERE id = ?", (cid,)).fetchone()
    return f"{row[0]} (#{cid})" if row else None


def _contact_names(conn: sqlite3.Connection, change_id: int, op: str) -> str:
    if op == "insert":
        sql = (
            "SELECT r.row_id, c.name FROM change_row r LEFT JOIN contact c ON c.id = r.row_id "
            "WHERE r.change_id = ? AND r.table_name = 'contact' AND r.op = ? ORDER BY r.id"
        )
    else:
        sql = (
            "SELECT r.row_id, json_extract(r.image, '$.name') FROM change_row r "
            "WHERE r.change_id = ? AND r.table_name = 'contact' AND r.op = ? ORDER BY r.id"
        )
    return _join([f"{name} (#{rid})" for rid, name in conn.execute(sql, (change_id, op))])


def _join(words: list[str]) -> str:
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


def recent(
    conn: sqlite3.Connection, limit: int = KEEP, *, author: str | None = None
) -> list[ChangeInfo]:
    """The changes that can be undone (``author``'s, when given), newest first."""
    mine, params = _mine(author)
    rows = conn.execute(
        f"SELECT id, at, command, summary, author FROM change WHERE {mine} "
        "ORDER BY id DESC LIMIT ?",
        (*params, limit),
    )
    return [ChangeInfo(*row) for row in rows]


def others_count(conn: sqlite3.Connection, author: str) -> int:
    """How many recorded changes other people made (on a shared database)."""
    row = conn.execute(
        "SELECT count(*) FROM change WHERE author IS NOT NULL AND author <> ?", (author,)
    ).fetchone()
    return int(row[0])


def _touched(conn: sqlite3.Connection, change_id: int) -> set[tuple[str, object]]:
    """The rows a change recorded: (table, id), and ("meta", key) for a user's value."""
    found: set[tuple[str, object]] = set()
    for table, row_id, image in conn.execute(
        "SELECT table_name, row_id, image FROM change_row WHERE change_id = ?", (change_id,)
    ):
        if table == "meta":
            found.add(("meta", json.loads(image)["key"]))
        elif table in UNDO_TABLES:
            found.add((table, int(row_id)))
    return found


def _conflict(conn: sqlite3.Connection, change: ChangeInfo) -> UndoConflict | None:
    """Someone else's change after ``change`` that touched what undoing it would touch.

    Undoing touches the change's own rows, and, where it removes a contact it
    added, every row that refers to that contact now (they would go with it).
    """
    later = [
        ChangeInfo(*row)
        for row in conn.execute(
            "SELECT id, at, command, summary, author FROM change WHERE id > ? ORDER BY id",
            (change.id,),
        )
    ]
    if not later:
        return None
    reach = _touched(conn, change.id)
    added = [
        int(row[0])
        for row in conn.execute(
            "SELECT row_id FROM change_row WHERE change_id = ? AND table_name = 'contact' "
            "AND op = 'insert'",
            (change.id,),
        )
    ]
    for cid in added:
        for table in UNDO_TABLES[1:]:
            reach.update(
                (table, int(r[0]))
                for r in conn.execute(f"SELECT id FROM {table} WHERE contact_id = ?", (cid,))
            )
    for other in later:
        barrier = conn.execute(
            "SELECT 1 FROM change_row WHERE change_id = ? AND table_name = 'barrier'",
            (other.id,),
        ).fetchone()
        if barrier is not None:
            return UndoConflict(change, other, restored=True)
        if reach & _touched(conn, other.id):
            return UndoConflict(change, other, restored=False)
    return None


def undo_last(conn: sqlite3.Connection, author: str | None = None) -> Undone:
    """Revert the newest change (inside an open write transaction, no change open).

    With ``author``: that user's newest change, unless someone else's later
    change touched the same rows (:class:`UndoConflict`; nothing is undone).
    """
    changes = recent(conn, 1, author=author)
    if not changes:
        raise NotFound("nothing to undo: no recorded changes (see 'netlog undo --list')")
    change = changes[0]
    if author is not None:
        conflict = _conflict(conn, change)
        if conflict is not None:
            raise conflict
    rows = conn.execute(
        "SELECT table_name, row_id, image FROM change_row WHERE change_id = ? ORDER BY id DESC",
        (change.id,),
    ).fetchall()
    conn.execute("DELETE FROM change_open")
    if any(table == "barrier" for table, _, _ in rows):
        raise NotUndoable(f"the newest change, {change.command}, cannot be undone")
    # Rows come back in any order (a touchpoint before its contact): check the
    # foreign keys once, at commit.
    conn.execute("PRAGMA defer_foreign_keys = ON")
    contact_ids: set[int] = set()
    activities = False
    config: list[dict[str, Any]] = []
    for table, row_id, image in rows:
        if table == "meta":
            item = json.loads(image)
            conn.execute('DELETE FROM meta WHERE "key" = ?', (item["key"],))
            if item["value"] is not None:
                conn.execute(
                    'INSERT INTO meta ("key", value) VALUES (?, ?)', (item["key"], item["value"])
                )
            continue
        if table == "config":
            config.append(json.loads(image))
            continue
        if table not in UNDO_TABLES:
            raise NetlogError(f"the change log names an unknown table {table!r}")
        contact_ids.update(_contact_ids(conn, table, row_id))
        if image is None:
            conn.execute(f"DELETE FROM {table} WHERE id = ?", (row_id,))
        else:
            values = json.loads(image)
            _upsert(conn, table, values)
            if table == "contact":
                contact_ids.add(row_id)
            elif values.get("contact_id") is not None:
                contact_ids.add(int(values["contact_id"]))
        activities = activities or table == "activity"
    conn.execute("DELETE FROM change_row WHERE change_id = ?", (change.id,))
    conn.execute("DELETE FROM change WHERE id = ?", (change.id,))
    existing = {
        cid
        for cid in contact_ids
        if conn.execute("SELECT 1 FROM contact WHERE id = ?", (cid,)).fetchone()
    }
    return Undone(change, len(rows), frozenset(existing), activities, tuple(config))


def _contact_ids(conn: sqlite3.Connection, table: str, row_id: int) -> set[int]:
    """The contact a row belongs to now (before it is put back)."""
    if table == "contact":
        return {row_id}
    row = conn.execute(f"SELECT contact_id FROM {table} WHERE id = ?", (row_id,)).fetchone()
    return {row[0]} if row and row[0] is not None else set()


def _upsert(conn: sqlite3.Connection, table: str, values: dict[str, object]) -> None:
    known = {r[1] for r in conn.execute(f"PRAGMA table_info({table})")}
    columns = [c for c in values if c in known]
    quoted = ", ".join(f'"{c}"' for c in columns)
    updates = ", ".join(f'"{c}" = excluded."{c}"' for c in columns if c != "id")
    conn.execute(
        f"INSERT INTO {table} ({quoted}) VALUES ({', '.join('?' * len(columns))}) "
        f"ON CONFLICT(id) DO UPDATE SET {updates}",
        [values[c] for c in columns],
    )
