"""The CREATE statements of a new netlog file, compiled for SQLite.

Generated from :mod:`netlog.storage.models` by ``python -m netlog.storage.schema
--write``; do not edit by hand (tests/test_schema.py fails when this differs
from the models). A new file runs these, then the triggers (see
:func:`netlog.storage.migrations.latest_statements`), and is recorded
at the latest schema version.
"""

TABLES: tuple[str, ...] = (
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
    types TEXT DEFAULT '[]' NOT NULL,
    mentor_kinds TEXT DEFAULT '[]' NOT NULL,
    tier TEXT,
    tags TEXT DEFAULT '[]' NOT NULL,
    core BOOLEAN DEFAULT 0 NOT NULL,
    cadence_days INTEGER,
    notes TEXT,
    archived BOOLEAN DEFAULT 0 NOT NULL,
    snoozed_until TEXT,
    created TEXT NOT NULL,
    updated TEXT NOT NULL,
    last_contact TEXT,
    core_since TEXT,
    imported TEXT,
    topic TEXT,
    uid TEXT,
    PRIMARY KEY (id)
)""",
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
    awaiting_reply BOOLEAN DEFAULT 0 NOT NULL,
    created TEXT NOT NULL,
    topic TEXT,
    done TEXT,
    PRIMARY KEY (id),
    FOREIGN KEY(contact_id) REFERENCES contact (id) ON DELETE CASCADE
)""",
    """CREATE TABLE activity (
    id INTEGER NOT NULL,
    kind TEXT NOT NULL,
    date TEXT NOT NULL,
    text TEXT NOT NULL,
    "virtual" BOOLEAN DEFAULT 0 NOT NULL,
    contact_id INTEGER,
    created TEXT NOT NULL,
    PRIMARY KEY (id),
    FOREIGN KEY(contact_id) REFERENCES contact (id) ON DELETE SET NULL
)""",
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
    FOREIGN KEY(contact_id) REFERENCES contact (id) ON DELETE CASCADE
)""",
    """CREATE TABLE pending (
    id INTEGER NOT NULL,
    contact_id INTEGER NOT NULL,
    rule TEXT NOT NULL,
    due TEXT NOT NULL,
    reason TEXT NOT NULL,
    action TEXT NOT NULL,
    starts TEXT,
    ends TEXT,
    PRIMARY KEY (id),
    FOREIGN KEY(contact_id) REFERENCES contact (id) ON DELETE CASCADE
)""",
    """CREATE TABLE skip (
    id INTEGER NOT NULL,
    contact_id INTEGER NOT NULL,
    rule TEXT NOT NULL,
    due TEXT NOT NULL,
    reason TEXT NOT NULL,
    created TEXT NOT NULL,
    PRIMARY KEY (id),
    FOREIGN KEY(contact_id) REFERENCES contact (id) ON DELETE CASCADE
)""",
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
    """CREATE TABLE change (
    id INTEGER NOT NULL,
    at TEXT NOT NULL,
    command TEXT NOT NULL,
    summary TEXT NOT NULL,
    author TEXT,
    PRIMARY KEY (id)
)""",
    """CREATE TABLE change_row (
    id INTEGER NOT NULL,
    change_id INTEGER NOT NULL,
    table_name TEXT NOT NULL,
    op TEXT NOT NULL,
    row_id INTEGER NOT NULL,
    image TEXT,
    PRIMARY KEY (id),
    FOREIGN KEY(change_id) REFERENCES change (id) ON DELETE CASCADE
)""",
    """CREATE TABLE change_open (
    change_id INTEGER NOT NULL,
    PRIMARY KEY (change_id)
)""",
)

INDEXES: tuple[str, ...] = (
    "CREATE INDEX ix_contact_email ON contact (email)",
    "CREATE INDEX ix_contact_linkedin ON contact (linkedin)",
    "CREATE INDEX ix_contact_name_key ON contact (name_key)",
    "CREATE INDEX ix_contact_uid ON contact (uid)",
    "CREATE INDEX ix_touchpoint_contact_date ON touchpoint (contact_id, date)",
    "CREATE INDEX ix_touchpoint_date ON touchpoint (date)",
    "CREATE INDEX ix_touchpoint_kind_direction_date ON touchpoint (kind, direction, date)",
    "CREATE INDEX ix_touchpoint_next_step ON touchpoint (contact_id, date, id, next_step) WHERE next_step IS NOT NULL",
    "CREATE INDEX ix_activity_kind_date ON activity (kind, date)",
    "CREATE INDEX ix_letter_contact_id ON letter (contact_id)",
    "CREATE INDEX ix_pending_contact_due ON pending (contact_id, due, ends)",
    "CREATE INDEX ix_pending_contact_id ON pending (contact_id)",
    "CREATE INDEX ix_pending_due ON pending (due)",
    "CREATE INDEX ix_pending_rule_due ON pending (rule, due, ends, starts, contact_id)",
    "CREATE INDEX ix_skip_contact_id ON skip (contact_id)",
    "CREATE INDEX ix_change_row_change_id_row ON change_row (change_id, table_name, row_id)",
)
