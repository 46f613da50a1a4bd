"""A large import's working set, kept in a private temporary SQLite file.

Matching an import's rows needs, for every contact the file names, its
planned values and the keys it is found by (netlog key, LinkedIn URL, email,
name), and the same keys of every stored contact. Held as Python objects that
is over a kilobyte a contact; here it lives in a temporary database that
SQLite deletes when it is closed (or when the process dies), with only its
page cache in memory. The user's database is never written by it, so a dry
run stays a dry run and the import itself stays one transaction.

:class:`ScratchStore` answers the same questions as the dictionaries of
:class:`netlog.importing_plan.MemoryStore` (``setdefault`` for the key
indexes, insertion order for the name buckets and the targets).
"""

from __future__ import annotations

import pickle
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from typing import Any

_SCHEMA = (
    "CREATE TABLE target (tid INTEGER PRIMARY KEY, cid INTEGER, uid TEXT, lk TEXT, ek TEXT, "
    "data BLOB NOT NULL)",
    "CREATE UNIQUE INDEX target_cid ON target (cid) WHERE cid IS NOT NULL",
    "CREATE TABLE ix (kind INTEGER, key TEXT, tid INTEGER, PRIMARY KEY (kind, key)) WITHOUT ROWID",
    "CREATE TABLE ixname (seq INTEGER PRIMARY KEY, key TEXT, tid INTEGER, UNIQUE (key, tid))",
    "CREATE TABLE skey (kind INTEGER, key TEXT, cid INTEGER, PRIMARY KEY (kind, key)) "
    "WITHOUT ROWID",
    "CREATE TABLE sname (seq INTEGER PRIMARY KEY, key TEXT, cid INTEGER)",
    "CREATE INDEX sname_key ON sname (key, seq)",
    "CREATE TABLE sinfo (cid INTEGER PRIMARY KEY, lk TEXT, ek TEXT, uid TEXT)",
)

KINDS = {"uid": 0, "linkedin": 1, "email": 2}

TargetKeys = tuple[str | None, str | None, str | None]
"""A target's (uid, LinkedIn key, email key) as it stands."""
StoredKeys = tuple[int, str, str | None, str | None, str | None]
"""A stored contact's (id, name key, uid, LinkedIn key, email key)."""


class ScratchStore:
    """Targets (any picklable object with ``tid``) and key indexes in a temporary file."""

    def __init__(self, keys: Callable[[Any], TargetKeys]) -> None:
        self.keys = keys  # a target's (uid, LinkedIn key, email key) as it stands
        # An empty file name: a private temporary database, removed on close.
        self.db = sqlite3.connect("", isolation_level=None)
        self.db.execute("PRAGMA cache_size = -8000")
        self.db.execute("PRAGMA journal_mode = OFF")
        self.db.execute("PRAGMA synchronous = OFF")
        self.db.execute("BEGIN")
        for statement in _SCHEMA:
            self.db.execute(statement)
        self.count = 0
        self.keys_read: dict[int, tuple[str | None, str | None]] = {}

    def close(self) -> None:
        self.db.close()

    # -- stored contacts' keys --

    def load_stored(self, keys: Iterable[StoredKeys]) -> None:
        batch: list[StoredKeys] = []
        for row in keys:
            batch.append(row)
            if len(batch) >= 2000:
                self._load_batch(batch)
                batch = []
        self._load_batch(batch)

    def _load_batch(self, batch: list[StoredKeys]) -> None:
        db = self.db
        db.executemany(
            "INSERT OR IGNORE INTO skey VALUES (?, ?, ?)",
            [
                (kind, key, cid)
                for cid, _, uid, lk, ek in batch
                for kind, key in ((0, uid), (1, lk), (2, ek))
                if key
            ],
        )
        db.executemany("INSERT INTO sname (key, cid) VALUES (?, ?)", [(r[1], r[0]) for r in batch])
        db.executemany(
            "INSERT INTO sinfo VALUES (?, ?, ?, ?)", [(r[0], r[3], r[4], r[2]) for r in batch]
        )

    def key_cid(self, kind: str, key: str) -> int | None:
        row = self.db.execute(
            "SELECT cid FROM skey WHERE kind = ? AND key = ?", (KINDS[kind], key)
        ).fetchone()
        return None if row is None else int(row[0])

    def name_cids(self, key: str) -> list[int]:
        return [
            r[0]
            for r in self.db.execute("SELECT cid FROM sname WHERE key = ? ORDER BY seq", (key,))
        ]

    def info(self, cid: int) -> tuple[str | None, str | None]:
        row = self.db.execute("SELECT lk, ek FROM sinfo WHERE cid = ?", (cid,)).fetchone()
        return (None, None) if row is None else (row[0], row[1])

    def uid_of(self, cid: int) -> str | None:
        row = self.db.execute("SELECT uid FROM sinfo WHERE cid = ?", (cid,)).fetchone()
        return None if row is None else row[0]

    # -- the file's targets --

    def add_target(self, target: Any, cid: int | None) -> None:
        target.tid = self.count
        self.count += 1
        self.db.execute(
            "INSERT INTO target VALUES (?, ?, ?, ?, ?, ?)",
            (target.tid, cid, *self.keys(target), pickle.dumps(target, pickle.HIGHEST_PROTOCOL)),
        )

    def save(self, target: Any) -> None:
        self.db.execute(
            "UPDATE target SET uid = ?, lk = ?, ek = ?, data = ? WHERE tid = ?",
            (*self.keys(target), pickle.dumps(target, pickle.HIGHEST_PROTOCOL), target.tid),
        )

    def get(self, tid: int) -> Any:
        row = self.db.execute("SELECT data FROM target WHERE tid = ?", (tid,)).fetchone()
        return pickle.loads(row[0])

    def stored_tid(self, cid: int) -> int | None:
        row = self.db.execute("SELECT tid FROM target WHERE cid = ?", (cid,)).fetchone()
        return None if row is None else int(row[0])

    def targets(self, *, stored_only: bool = False) -> Iterator[Any]:
        """The targets in the order they were added (a cursor: memory stays small)."""
        where = " WHERE cid IS NOT NULL" if stored_only else ""
        reader = self.db.execute(f"SELECT data FROM target{where} ORDER BY tid")
        for (data,) in reader:
            yield pickle.loads(data)

    def find(self, kind: str, key: str) -> int | None:
        row = self.db.execute(
            "SELECT tid FROM ix WHERE kind = ? AND key = ?", (KINDS[kind], key)
        ).fetchone()
        return None if row is None else int(row[0])

    def index(self, kind: str, key: str, tid: int) -> None:
        self.db.execute("INSERT OR IGNORE INTO ix VALUES (?, ?, ?)", (KINDS[kind], key, tid))

    def names(self, key: str) -> list[tuple[int, str | None]]:
        rows = self.db.execute(
            "SELECT n.tid, t.uid, t.lk, t.ek FROM ixname AS n JOIN target AS t USING (tid) "
            "WHERE n.key = ? ORDER BY n.seq",
            (key,),
        ).fetchall()
        self.keys_read = {tid: (lk, ek) for tid, _, lk, ek in rows}
        return [(tid, uid) for tid, uid, _, _ in rows]

    def target_keys(self, tid: int) -> tuple[str | None, str | None]:
        """The keys :meth:`names` just read (the planner asks right after it)."""
        known = self.keys_read.get(tid)
        if known is not None:
            return known
        row = self.db.execute("SELECT lk, ek FROM target WHERE tid = ?", (tid,)).fetchone()
        return row[0], row[1]

    def add_name(self, key: str, tid: int) -> None:
        self.db.execute("INSERT OR IGNORE INTO ixname (key, tid) VALUES (?, ?)", (key, tid))
