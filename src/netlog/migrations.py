"""Ordered, named schema steps. Each runs in one transaction with its record.

The schema version is ``PRAGMA user_version`` (= the number of steps
applied) and each step is also recorded in the ``migration`` table. Before a
file with data is migrated, :mod:`netlog.db` copies it to a 0600 backup.
Never edit a released step: add a new one.
"""

from __future__ import annotations

from collections.abc import Sequence

# The netlog file marker, PRAGMA application_id: "NLOG".
APPLICATION_ID = 0x4E4C4F47

STEPS: Sequence[tuple[str, Sequence[str]]] = (
    (
        "0001_initial",
        (
            """CREATE TABLE contact (
                id INTEGER NOT NULL,
                name TEXT NOT NULL,
                name_key TEXT NOT NULL,
                role TEXT,
                institution TEXT,
                specialty TEXT,
                email TEXT,
                phone TEXT,
                linkedin TEXT,
                x TEXT,
                how_met TEXT,
                types TEXT NOT NULL DEFAULT '[]',
                mentor_kinds TEXT NOT NULL DEFAULT '[]',
                tier TEXT,
                tags TEXT NOT NULL DEFAULT '[]',
                core BOOLEAN NOT NULL DEFAULT 0,
                cadence_days INTEGER,
                notes TEXT,
                archived BOOLEAN NOT NULL DEFAULT 0,
                snoozed_until TEXT,
                created TEXT NOT NULL,
                updated TEXT NOT NULL,
                last_contact TEXT,
                PRIMARY KEY (id)
            )""",
            "CREATE INDEX ix_contact_name_key ON contact (name_key)",
            "CREATE INDEX ix_contact_email ON contact (email)",
            "CREATE INDEX ix_contact_linkedin ON contact (linkedin)",
            """CREATE TABLE touchpoint (
                id INTEGER NOT NULL,
                contact_id INTEGER NOT NULL,
                date TEXT NOT NULL,
                channel TEXT NOT NULL,
                kind TEXT NOT NULL,
                direction TEXT NOT NULL,
                event TEXT,
                note TEXT,
                next_step TEXT,
                follow_up TEXT,
                awaiting_reply BOOLEAN NOT NULL DEFAULT 0,
                created TEXT NOT NULL,
                PRIMARY KEY (id),
                FOREIGN KEY (contact_id) REFERENCES contact (id) ON DELETE CASCADE
            )""",
            "CREATE INDEX ix_touchpoint_contact_date ON touchpoint (contact_id, date)",
            """CREATE TABLE activity (
                id INTEGER NOT NULL,
                kind TEXT NOT NULL,
                date TEXT NOT NULL,
                text TEXT NOT NULL,
                "virtual" BOOLEAN NOT NULL DEFAULT 0,
                contact_id INTEGER,
                created TEXT NOT NULL,
                PRIMARY KEY (id),
                FOREIGN KEY (contact_id) REFERENCES contact (id) ON DELETE SET NULL
            )""",
            "CREATE INDEX ix_activity_kind_date ON activity (kind, date)",
            """CREATE TABLE letter (
                id INTEGER NOT NULL,
                contact_id INTEGER NOT NULL,
                program TEXT NOT NULL,
                status TEXT NOT NULL,
                asked_on TEXT,
                deadline TEXT,
                updated TEXT,
                note TEXT,
                PRIMARY KEY (id),
                FOREIGN KEY (contact_id) REFERENCES contact (id) ON DELETE CASCADE
            )""",
            "CREATE INDEX ix_letter_contact_id ON letter (contact_id)",
            """CREATE TABLE pending (
                id INTEGER NOT NULL,
                contact_id INTEGER NOT NULL,
                rule TEXT NOT NULL,
                due TEXT NOT NULL,
                reason TEXT NOT NULL,
                action TEXT NOT NULL,
                PRIMARY KEY (id),
                FOREIGN KEY (contact_id) REFERENCES contact (id) ON DELETE CASCADE
            )""",
            "CREATE INDEX ix_pending_contact_id ON pending (contact_id)",
            "CREATE INDEX ix_pending_due ON pending (due)",
            """CREATE TABLE meta (
                "key" TEXT NOT NULL,
                value TEXT,
                PRIMARY KEY ("key")
            )""",
            """CREATE TABLE migration (
                id INTEGER NOT NULL,
                name TEXT NOT NULL,
                applied TEXT NOT NULL,
                PRIMARY KEY (id)
            )""",
        ),
    ),
)

LATEST = len(STEPS)
