"""A realistic sample network, dated relative to today, for trying netlog out.

The owner is a fourth-year medical student aiming at orthopedic surgery who
has just come back from the AAOS annual meeting. Everything is written
through the same service functions the commands use.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from netlog import service
from netlog.config import Settings
from netlog.errors import InvalidValue
from netlog.service import ContactInput, TouchpointInput
from netlog.storage import contacts
from netlog.storage.db import Database


@dataclass
class _Person:
    name: str
    role: str
    institution: str
    specialty: str
    email: str
    types: list[str]
    tier: str
    how_met: str
    core: bool = False
    tags: list[str] = field(default_factory=list)
    met_days_ago: int | None = None
    at: str | None = None
    note: str | None = None
    topic: str | None = None  # what drafts may recall (notes stay private)


PEOPLE: tuple[_Person, ...] = (
    _Person(
        "Dr. Maya Patel",
        "Attending, sports medicine",
        "Massachusetts General Hospital",
        "Orthopedic sports medicine",
        "maya.patel@example.org",
        ["mentor:clinical", "mentor:research", "letter-writer"],
        "home",
        "Sports medicine clinic, MS3 rotation",
        core=True,
        tags=["ortho", "research"],
        met_days_ago=420,
        note="Runs the ACL registry project; prefers short emails with clear asks.",
    ),
    _Person(
        "Dr. James Okafor",
        "Program director, orthopedic surgery",
        "Boston Medical Center",
        "Orthopedic trauma",
        "james.okafor@example.org",
        ["sponsor", "mentor:career", "letter-writer"],
        "regional",
        "Sub-internship, July",
        core=True,
        tags=["ortho", "sub-i"],
        met_days_ago=140,
    ),
    _Person(
        "Dr. Sofía Álvarez",
        "Resident PGY-3",
        "Boston Medical Center",
        "Orthopedic surgery",
        "sofia.alvarez@example.org",
        ["mentor:near-peer", "ally"],
        "regional",
        "Sub-internship, July",
        core=True,
        tags=["ortho"],
        met_days_ago=140,
    ),
    _Person(
        "Dr. Wei Chen (陈伟)",
        "Associate professor",
        "UCSF",
        "Hand and upper extremity",
        "wei.chen@example.org",
        [],
        "society",
        "AAOS poster session",
        tags=["aaos", "hand"],
        met_days_ago=4,
        at="AAOS 2026",
        note="Asked about my poster on distal radius outcomes; open to research students.",
        topic="my poster on distal radius outcomes",
    ),
    _Person(
        "Dr. Aisha Rahman (عائشة رحمن)",
        "Fellow, spine surgery",
        "Hospital for Special Surgery",
        "Spine",
        "aisha.rahman@example.org",
        ["alumni"],
        "society",
        "AAOS alumni reception",
        tags=["aaos", "alumni"],
        met_days_ago=2,
        at="AAOS 2026",
        note="Same medical school; offered to review my personal statement.",
    ),
    _Person(
        "Dr. Rohan Mehta (रोहन मेहता)",
        "Research director",
        "Brigham and Women's Hospital",
        "Orthopedic oncology",
        "rohan.mehta@example.org",
        ["mentor:research"],
        "home",
        "Research day",
        tags=["research"],
        met_days_ago=60,
    ),
    _Person(
        "Dr. Emily Brooks",
        "Attending, joint replacement",
        "Beth Israel Deaconess",
        "Adult reconstruction",
        "emily.brooks@example.org",
        [],
        "home",
        "Shadowing in the OR",
        tags=["ortho"],
        met_days_ago=30,
    ),
    _Person(
        "Priya Nair",
        "Medical student MS4",
        "Boston University",
        "Orthopedic surgery applicant",
        "priya.nair@example.org",
        ["peer"],
        "home",
        "Ortho interest group",
        tags=["peer"],
        met_days_ago=300,
    ),
    _Person(
        "Laura Kim",
        "Residency coordinator",
        "Boston Medical Center",
        "Orthopedic surgery",
        "laura.kim@example.org",
        ["ally"],
        "regional",
        "Sub-internship paperwork",
        met_days_ago=150,
    ),
    _Person(
        "Dr. Thomas Berg",
        "Attending",
        "Dartmouth-Hitchcock",
        "Foot and ankle",
        "thomas.berg@example.org",
        ["alumni"],
        "regional",
        "Alumni mentoring night",
        met_days_ago=400,
    ),
    _Person(
        "Dr. Fatima Haddad",
        "Assistant dean, student affairs",
        "Boston University",
        "Physical medicine",
        "fatima.haddad@example.org",
        ["mentor:career"],
        "home",
        "Career advising",
        met_days_ago=200,
    ),
)


def load_demo(db: Database, settings: Settings, today: date) -> int:
    """Fill an empty database with the sample network; returns the contact count."""
    with db.read() as conn:
        if contacts.count_contacts(conn):
            raise InvalidValue(
                f"{db.path} already has contacts; the demo only fills an empty database "
                "(try: netlog --db /tmp/netlog-demo.db demo)"
            )

    with db.write():  # one transaction, one change for `netlog undo`
        _fill(db, settings, today)
    return len(PEOPLE)


def _fill(db: Database, settings: Settings, today: date) -> None:
    def ago(days: int) -> date:
        return today - timedelta(days=days)

    ids: dict[str, int] = {}
    for p in PEOPLE:
        data = ContactInput(
            name=p.name,
            role=p.role,
            institution=p.institution,
            specialty=p.specialty,
            email=p.email,
            types=list(p.types),
            tags=list(p.tags),
            tier=p.tier,
            core=p.core or None,
            how_met=p.how_met,
            note=p.note,
            topic=p.topic,
        )
        met = ago(p.met_days_ago) if p.met_days_ago is not None else None
        ids[p.name.split(" (")[0]] = service.add_contact(
            db, settings, data, today=today, met=met, at=p.at
        )

    def log(name: str, days_ago: int, **kw: object) -> None:
        service.log_touchpoint(
            db,
            settings,
            str(ids[name]),
            TouchpointInput(day=ago(days_ago), **kw),  # type: ignore[arg-type]
            today=today,
        )

    # Maya Patel: a long, two-way relationship, but the last update is 3+ months old.
    log("Dr. Maya Patel", 418, kind="thanks", note="Thanked her for the clinic week.")
    log(
        "Dr. Maya Patel",
        300,
        kind="meeting",
        channel="video",
        note="Agreed I join the ACL registry.",
        topic="joining the ACL registry",
    )
    log("Dr. Maya Patel", 200, kind="update", note="Sent registry progress and my draft abstract.")
    log("Dr. Maya Patel", 196, kind="reply", incoming=True, note="She suggested the AAOS deadline.")
    log("Dr. Maya Patel", 95, kind="update", note="Shared the submitted abstract.")
    # James Okafor: sub-internship, sponsor, agreed to write a letter.
    log("Dr. James Okafor", 110, kind="thanks", note="Thanked him after the sub-I ended.")
    log(
        "Dr. James Okafor",
        40,
        kind="meeting",
        channel="in-person",
        note="Talked about programs to apply to.",
        topic="which programs to apply to",
    )
    # Sofía Álvarez: near-peer, steady contact.
    log(
        "Dr. Sofía Álvarez",
        20,
        kind="question",
        channel="social",
        note="Asked about away rotation housing.",
    )
    log(
        "Dr. Sofía Álvarez",
        19,
        kind="reply",
        channel="social",
        incoming=True,
        note="Sent a list of sublets.",
    )
    log("Dr. Sofía Álvarez", 3, kind="update", note="Told her about the abstract.")
    # Rohan Mehta: an email waiting for an answer for nine days.
    log(
        "Dr. Rohan Mehta",
        9,
        kind="question",
        channel="email",
        awaiting_reply=True,
        note="Asked whether the sarcoma database project takes students.",
        topic="whether the sarcoma database project takes students",
    )
    # Emily Brooks: a shadowing day three days ago, no thank-you yet.
    log(
        "Dr. Emily Brooks",
        3,
        kind="shadowing",
        channel="in-person",
        note="Watched two revision hips; she explained cement technique.",
        topic="how you explained cement technique in the revision hips",
    )
    # Priya Nair: peer, last spoke half a year ago.
    log(
        "Priya Nair",
        175,
        kind="share",
        channel="social",
        note="Shared my away rotation spreadsheet.",
    )
    # Laura Kim: helped with paperwork.
    log("Laura Kim", 145, kind="thanks", note="Thanked her for sorting my immunization forms.")
    # Thomas Berg: alumni contact gone quiet (keep-warm overdue).
    log("Dr. Thomas Berg", 210, kind="update", note="Told him I chose orthopedics.")
    # Fatima Haddad: a planned next step in a few days.
    log(
        "Dr. Fatima Haddad",
        10,
        kind="meeting",
        channel="in-person",
        note="Reviewed my program list.",
        topic="my program list",
        next_step="Send her the final list of 60 programs",
        follow_up=today + timedelta(days=3),
    )

    service.add_activity(
        db,
        settings,
        "event",
        "Virtual orthopedic grand rounds: pediatric trauma",
        day=ago(6),
        virtual=True,
    )
    service.add_activity(
        db,
        settings,
        "read",
        "JBJS review on ACL graft choice — point: ask Dr. Patel how registry data changed her graft choice",
        day=ago(12),
        contact=str(ids["Dr. Maya Patel"]),
    )
    service.add_activity(
        db, settings, "milestone", "Abstract accepted as a poster at AAOS 2026", day=ago(5)
    )
    # Sofía heard about it (logged 3 days ago); the letter ask below tells Okafor.
    _, letter_id = service.ask_letter(
        db,
        settings,
        str(ids["Dr. James Okafor"]),
        "Orthopedic surgery match 2027",
        today=ago(30),
        deadline=today + timedelta(days=24),
    )
    service.update_letter(db, settings, letter_id, "agreed", today=ago(27))
