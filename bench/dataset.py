"""Build a realistic netlog database for benchmarks, deterministically.

    python bench/dataset.py --contacts 10000 --touchpoints 100000 --db bench/out/net.db

The network spans about five years before a fixed "today" (``TODAY``, also
what ``bench/run.py`` sets as ``NETLOG_TODAY``): about 1% core mentors with
regular updates, conference contacts with a ``met`` touchpoint, emails
awaiting a reply, incoming replies, thank-yous after shadowing days, next
steps with dates, about 5% archived contacts, tags, relationship types and
names in Latin (some accented), Arabic, Devanagari and CJK scripts.

Everything goes through netlog's own storage layer (``netlog.storage.db.open_db`` and
``netlog.storage``) in one write transaction, then ``followups.refresh_all``
computes the stored follow-ups, as a settings change would.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
import unicodedata
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from netlog import followups
from netlog.config import Settings
from netlog.domain import Activity, Touchpoint
from netlog.storage import contacts as contact_rows
from netlog.storage import records
from netlog.storage import touchpoints as touchpoint_rows
from netlog.storage.db import open_db
from netlog.vocabulary import IN, MENTOR_KINDS, OUT

TODAY = date(2026, 11, 23)
YEARS = 5

# fmt: off
FIRST = (
    "Maya", "James", "Sofia", "Wei", "Priya", "Omar", "Léa", "José", "Chloé", "Ahmed",
    "Fatima", "Hiroshi", "Aarav", "Zoë", "Björn", "Ngozi", "Carlos", "Elena", "Mateo", "Anaïs",
    "Daniel", "Sarah", "Michael", "Emily", "David", "Hannah", "Lucas", "Amélie", "Raj", "Ines",
    "محمد", "فاطمة", "يوسف", "ليلى", "अनन्या", "राहुल", "प्रिया", "विक्रम",
    "伟", "芳", "秀英", "健", "さくら", "太郎", "민준", "서연",
)
LAST = (
    "Patel", "Nguyen", "García", "Müller", "Okafor", "Kim", "Smith", "Johnson", "Rossi",
    "Dubois", "Kowalski", "Haddad", "Sato", "Chen", "Singh", "Ivanova", "Larsen", "O'Brien",
    "Fernández", "Schäfer", "Novák", "Yılmaz", "Brown", "Williams", "Lopez", "Cohen",
    "الحسيني", "الأحمد", "حداد", "शर्मा", "गुप्ता", "वर्मा",
    "王", "李", "张", "田中", "鈴木", "박", "이",
)
ROLES = (
    "attending", "program director", "PGY-2", "PGY-4", "fellow", "chair", "research coordinator",
    "medical student", "associate professor", "chief resident",
)
INSTITUTIONS = (
    "Mass General", "HSS", "Mayo Clinic", "Johns Hopkins", "UCSF", "Cleveland Clinic",
    "Charité Berlin", "AIIMS Delhi", "Hôpital Necker", "Aga Khan University", "Tokyo University",
    "Stanford", "Rush", "Penn", "Duke", None,
)
SPECIALTIES = (
    "orthopedics", "sports medicine", "spine", "hand surgery", "trauma", "pediatric orthopedics",
    "general surgery", "internal medicine", "radiology", None,
)
EVENTS = (
    "AAOS {y}", "ORS {y}", "AOSSM {y}", "regional ortho meeting {y}", "IMG networking night {y}",
    "SICOT {y}", "NASS {y}", "residency open house {y}",
)
TAGS = (
    "ortho", "sports", "research", "AAOS", "IMG", "spine", "trauma", "hand", "peds", "boston",
    "letter", "visa", "away-rotation", "journal-club",
)
NOTES = (
    "talked about the ACL registry",
    "suggested reading on meniscal repair outcomes",
    "offered to review my personal statement",
    "knows the program director at HSS",
    "interested in collaborating on a case series",
    "asked about my USMLE scores",
    "shared slides from the talk",
    None,
    None,
)
STEPS = (
    "send the draft abstract",
    "ask about an away rotation",
    "share the registry paper",
    "schedule a call about research",
    "send CV and personal statement",
    "follow up on observership dates",
)
# Weighted touchpoint kinds after the first one: (kind, channel, direction).
LATER = (
    (("update", "email", OUT), 20),
    (("reply", "email", IN), 20),
    (("question", "email", OUT), 10),
    (("ask", "email", OUT), 5),
    (("share", "email", OUT), 6),
    (("thanks", "email", OUT), 10),
    (("meeting", "in-person", OUT), 8),
    (("meeting", "video", OUT), 4),
    (("shadowing", "in-person", OUT), 4),
    (("or-day", "in-person", OUT), 2),
    (("helped", "email", IN), 2),
    (("nudge", "email", OUT), 3),
    (("intro", "email", IN), 2),
    (("update", "social", IN), 4),
)
# fmt: on
_LATER_CHOICES = [c for c, _ in LATER]
_LATER_WEIGHTS = [w for _, w in LATER]


def _slug(name: str) -> str:
    decomposed = unicodedata.normalize("NFKD", name)
    ascii_only = "".join(ch for ch in decomposed if ch.isascii() and (ch.isalnum() or ch == " "))
    return ".".join(ascii_only.lower().split())


def _day_between(rng: random.Random, start: date, end: date) -> date:
    span = max(0, (end - start).days)
    return start + timedelta(days=rng.randint(0, span))


def _allocate(rng: random.Random, weights: list[float], total: int) -> list[int]:
    """Split ``total`` touchpoints over contacts in proportion to ``weights``."""
    scale = total / sum(weights)
    counts = [int(w * scale) for w in weights]
    for _ in range(total - sum(counts)):
        counts[rng.randrange(len(counts))] += 1
    return counts


def build(path: Path, contacts: int, touchpoints: int, seed: int) -> dict[str, Any]:
    """Create the database at ``path`` and return what was written."""
    rng = random.Random(seed)
    start = TODAY - timedelta(days=365 * YEARS)
    people: list[tuple[dict[str, Any], date, str]] = []
    weights: list[float] = []
    for i in range(contacts):
        core = i % 100 == 7
        category = (
            "core"
            if core
            else rng.choices(
                ("conference", "colleague", "alumni", "sponsor", "peer"), (45, 25, 10, 5, 15)
            )[0]
        )
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        if category in ("core", "sponsor") or rng.random() < 0.3:
            name = "Dr. " + name
        slug = _slug(name.removeprefix("Dr. ")) or "contact"
        values: dict[str, Any] = {
            "name": name,
            "role": rng.choice(ROLES),
            "institution": rng.choice(INSTITUTIONS),
            "specialty": rng.choice(SPECIALTIES),
            "email": f"{slug}.{i}@example.org" if rng.random() < 0.8 else None,
            "tags": rng.sample(TAGS, rng.choice((0, 0, 1, 1, 2, 3))),
            "archived": not core and rng.random() < 0.05,
        }
        if rng.random() < 0.2:
            values["linkedin"] = f"https://www.linkedin.com/in/{slug.replace('.', '-')}-{i}"
        if rng.random() < 0.1:
            values["phone"] = f"+1 617 555 {i % 10000:04d}"
        if core:
            kinds = rng.sample(MENTOR_KINDS[:4], rng.choice((1, 1, 2)))
            values.update(
                core=True,
                types=["mentor", *(["sponsor"] if rng.random() < 0.3 else [])],
                mentor_kinds=kinds,
                tier="home",
            )
        elif category == "sponsor":
            values.update(types=["sponsor"], tier=rng.choice(("home", "regional")))
        elif category == "alumni":
            values.update(types=["alumni"])
        elif category == "peer":
            values.update(types=["peer"])
        elif rng.random() < 0.15:
            values.update(types=["mentor"], mentor_kinds=[rng.choice(MENTOR_KINDS)])
        if rng.random() < 0.03:
            values["cadence_days"] = rng.choice((30, 60, 120))
        values["notes"] = rng.choice(NOTES)
        # Recent contacts are the ones with live follow-ups; older ones are quiet.
        if rng.random() < 0.08:
            created = _day_between(rng, TODAY - timedelta(days=21), TODAY)
        else:
            created = _day_between(rng, start, TODAY - timedelta(days=1))
        if category == "conference":
            year = created.year
            values["how_met"] = rng.choice(EVENTS).format(y=year)
        people.append((values, created, category))
        weights.append(12.0 if core else rng.choice((0.2, 0.5, 1.0, 1.0, 1.5, 2.0, 3.0)))

    counts = _allocate(rng, weights, touchpoints)
    db = open_db(path)
    settings = Settings()
    written = {"contacts": 0, "touchpoints": 0}
    try:
        with db.write() as conn:
            batch: list[Touchpoint] = []
            for (values, created, category), count in zip(people, counts, strict=True):
                cid = contact_rows.insert_contact(conn, values, created=created)
                written["contacts"] += 1
                batch.extend(_timeline(rng, cid, created, category, count, values))
                if len(batch) >= 20000:
                    written["touchpoints"] += touchpoint_rows.insert_touchpoints_bulk(conn, batch)
                    batch = []
            written["touchpoints"] += touchpoint_rows.insert_touchpoints_bulk(conn, batch)
            records.insert_activity(
                conn,
                Activity(0, "milestone", TODAY - timedelta(days=12), "Abstract accepted at ORS"),
            )
            records.insert_activity(conn, Activity(0, "read", TODAY - timedelta(days=3), "JBJS"))
            followups.refresh_all(conn, settings)
            pending = conn.execute("SELECT count(*) FROM pending").fetchone()[0]
            due = conn.execute(
                "SELECT count(*) FROM pending WHERE due <= ?",
                ((TODAY + timedelta(days=7)).isoformat(),),
            ).fetchone()[0]
        db.conn.execute("PRAGMA optimize")
    finally:
        db.close()
    written["pending"] = pending
    written["due_within_7d"] = due
    return written


def _timeline(
    rng: random.Random,
    cid: int,
    created: date,
    category: str,
    count: int,
    values: dict[str, Any],
) -> list[Touchpoint]:
    if count == 0:
        return []
    end = TODAY if category == "core" or rng.random() < 0.5 else _day_between(rng, created, TODAY)
    days = sorted(_day_between(rng, created, end) for _ in range(count))
    days[0] = created
    out: list[Touchpoint] = []
    for n, day in enumerate(days):
        if n == 0 and category == "conference":
            kind, channel, direction = "met", "conference", OUT
            event: str | None = values.get("how_met")
        else:
            kind, channel, direction = rng.choices(_LATER_CHOICES, _LATER_WEIGHTS)[0]
            event = None
        awaiting = (
            direction == OUT
            and channel == "email"
            and kind in ("update", "question", "ask")
            and rng.random() < 0.3
        )
        step: str | None = None
        follow_up: date | None = None
        if rng.random() < 0.08:
            step = rng.choice(STEPS)
            if rng.random() < 0.8:
                follow_up = day + timedelta(days=rng.randint(3, 60))
        out.append(
            Touchpoint(
                id=0,
                contact_id=cid,
                date=day,
                channel=channel,
                kind=kind,
                direction=direction,
                event=event,
                note=rng.choice(NOTES),
                next_step=step,
                follow_up=follow_up,
                awaiting_reply=awaiting,
            )
        )
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--contacts", type=int, default=10000)
    parser.add_argument("--touchpoints", type=int, default=100000)
    parser.add_argument("--db", type=Path, required=True, help="database file to create")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--force", action="store_true", help="replace an existing file")
    args = parser.parse_args(argv)
    if args.contacts < 1 or args.touchpoints < 0:
        parser.error("give at least one contact and zero or more touchpoints")
    path: Path = args.db
    if path.exists():
        if not args.force:
            parser.error(f"{path} exists; add --force to replace it")
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    written = build(path, args.contacts, args.touchpoints, args.seed)
    seconds = time.perf_counter() - started
    size = path.stat().st_size / 1e6
    sys.stdout.write(
        f"{path}: {written['contacts']} contacts, {written['touchpoints']} touchpoints, "
        f"{written['pending']} pending ({written['due_within_7d']} due by "
        f"{(TODAY + timedelta(days=7)).isoformat()}), {size:.1f} MB in {seconds:.1f} s "
        f"(seed {args.seed}, today {TODAY.isoformat()})\n"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
