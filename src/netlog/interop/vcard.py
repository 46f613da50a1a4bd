"""Contacts as vCards: 3.0 out, 3.0 and 4.0 in (parsed and written by vobject).

Standard properties carry what other address books understand:

====================  ==========================================
netlog                vCard
====================  ==========================================
name                  FN (and N, split at the last space)
institution           ORG (on import all units, joined by ", ")
role                  TITLE (ROLE when there is no TITLE)
email, phone          EMAIL, TEL (the preferred one, else the first)
linkedin, x           URL (or Apple's X-SOCIALPROFILE) by host
notes                 NOTE
tags                  CATEGORIES
====================  ==========================================

The rest travels in ``X-NETLOG-*`` properties (TYPES, TIER, CORE, EVERY,
HOW-MET, SPECIALTY, ARCHIVED, MET, LAST-CONTACT, NEXT-STEP, and LINKEDIN / X
when the value is not a web address), so a netlog → vCard → netlog
round-trip keeps every field. On import an ``X-NETLOG-*`` value wins over
the standard property it shadows.

Cards from Google Contacts and Apple Contacts (grouped properties such as
``item1.EMAIL``, folded lines, photos) and RFC 6350 cards import; a card
without FN takes its name from N. A card with no name at all is skipped and
counted. Line numbers are those of each card's ``BEGIN:VCARD``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any, TextIO
from urllib.parse import urlsplit

from netlog.dates import iso
from netlog.errors import InvalidValue
from netlog.interop.records import (
    ContactRecord,
    ImportResult,
    ImportRow,
    clean,
    read_bool,
    read_date,
    read_email,
    read_every,
    read_tier,
    read_types,
)

PRODID = "-//netlog//netlog//EN"

_LINKEDIN_HOSTS = ("linkedin.com",)
_X_HOSTS = ("x.com", "twitter.com")


def _host(value: str) -> str:
    text = value.strip()
    if "://" not in text:
        text = "https://" + text
    try:
        host = urlsplit(text).hostname or ""
    except ValueError:
        return ""
    return host.lower().removeprefix("www.").removeprefix("mobile.")


def _on(host: str, domains: Iterable[str]) -> bool:
    return any(host == d or host.endswith("." + d) for d in domains)


def _is_url(value: str) -> bool:
    return value.strip().lower().startswith(("http://", "https://"))


# --- writing --------------------------------------------------------------


def _split_name(name: str) -> tuple[str, str]:
    """(given, family): the family name is the last word; one word is a given name."""
    given, _, family = name.strip().rpartition(" ")
    return (given, family) if given else (family, "")


def _card(record: ContactRecord) -> Any:
    import vobject

    card = vobject.vCard()

    def add(prop: str, value: object, **params: list[str]) -> None:
        line = card.add(prop)
        line.value = value
        for key, values in params.items():
            line.params[key] = values

    add("prodid", PRODID)
    add("fn", record.name)
    given, family = _split_name(record.name)
    add("n", vobject.vcard.Name(family=family, given=given))
    if record.institution:
        add("org", [record.institution])
    if record.role:
        add("title", record.role)
    if record.email:
        add("email", record.email, TYPE=["INTERNET"])
    if record.phone:
        add("tel", record.phone)
    for value, prop in ((record.linkedin, "x-netlog-linkedin"), (record.x, "x-netlog-x")):
        if value:
            add("url" if _is_url(value) else prop, value)
    if record.notes:
        add("note", record.notes)
    if record.tags:
        add("categories", list(record.tags))
    extras: list[tuple[str, str | None]] = [
        ("types", ",".join(record.types) or None),
        ("tier", record.tier),
        ("core", "yes" if record.core else None),
        ("every", None if record.every is None else str(record.every)),
        ("how-met", record.how_met),
        ("specialty", record.specialty),
        ("archived", "yes" if record.archived else None),
        ("met", iso(record.met)),
        ("last-contact", iso(record.last_contact)),
        ("next-step", record.next_step),
    ]
    for key, text in extras:
        if text:
            add(f"x-netlog-{key}", text)
    return card


def write_vcards(records: Iterable[ContactRecord], out: TextIO) -> int:
    """Write one vCard 3.0 per record (CRLF line ends, long lines folded).

    Returns the number of cards. Open files with ``newline=""`` so the CRLF
    line ends the format requires are kept as they are.
    """
    count = 0
    for record in records:
        out.write(_card(record).serialize())
        count += 1
    return count


# --- reading --------------------------------------------------------------


def _begin_lines(text: str) -> list[int]:
    """Line numbers of the top-level ``BEGIN:VCARD`` lines (nested cards skipped)."""
    found: list[int] = []
    depth = 0
    for number, line in enumerate(text.splitlines(), start=1):
        word = line.strip().upper()
        if word == "BEGIN:VCARD":
            if depth == 0:
                found.append(number)
            depth += 1
        elif word == "END:VCARD" and depth:
            depth -= 1
    return found


def _lines(card: Any, prop: str) -> list[Any]:
    return list(card.contents.get(prop, []))


def _is_preferred(line: Any) -> bool:
    params: dict[str, list[str]] = line.params
    types = {t.strip().lower() for value in params.get("TYPE", []) for t in value.split(",")}
    return "pref" in types or params.get("PREF", [""])[0].strip() == "1"


def _first(card: Any, prop: str) -> str | None:
    """The preferred (else first) non-empty text value of a property."""
    lines = [
        line for line in _lines(card, prop) if isinstance(line.value, str) and line.value.strip()
    ]
    if not lines:
        return None
    lines.sort(key=lambda line: not _is_preferred(line))
    value: str = lines[0].value
    return value.strip()


def _joined(value: object, sep: str) -> str:
    if isinstance(value, list | tuple):
        return sep.join(str(v).strip() for v in value if str(v).strip())
    return str(value or "").strip()


def _name(card: Any) -> str | None:
    name = _first(card, "fn")
    if name:
        return name
    for line in _lines(card, "n"):
        n = line.value
        if isinstance(n, str):
            parts = [p.strip() for p in n.split(";")]
            parts = parts[3:4] + parts[1:3] + parts[0:1] + parts[4:5]
        else:
            parts = [
                _joined(getattr(n, key, ""), " ")
                for key in ("prefix", "given", "additional", "family", "suffix")
            ]
        text = " ".join(p for p in parts if p)
        if text:
            return text
    return None


def _links(card: Any) -> tuple[str | None, str | None]:
    """(linkedin, x) from URL and X-SOCIALPROFILE properties."""
    linkedin: str | None = None
    x: str | None = None
    for prop in ("url", "x-socialprofile"):
        for line in _lines(card, prop):
            if not isinstance(line.value, str) or not line.value.strip():
                continue
            # Google writes "https\\://…": undo the stray escapes in addresses.
            value = line.value.strip().replace("\\:", ":").replace("\\,", ",")
            host = _host(value)
            kinds = {t.lower() for t in line.params.get("TYPE", [])}
            if linkedin is None and (_on(host, _LINKEDIN_HOSTS) or "linkedin" in kinds):
                linkedin = value
            elif x is None and (_on(host, _X_HOSTS) or kinds & {"twitter", "x"}):
                x = value
    return linkedin, x


def _record(card: Any, *, line: int) -> ContactRecord | None:
    name = _name(card)
    if not name:
        return None

    def extra(key: str) -> str | None:
        return _first(card, f"x-netlog-{key}")

    orgs = [_joined(org.value, ", ") for org in _lines(card, "org")]
    institution = ", ".join(o for o in orgs if o) or None
    phone = _first(card, "tel")
    if phone and phone.lower().startswith("tel:"):
        phone = phone[4:]
    notes = "\n\n".join(
        n.value.strip()
        for n in _lines(card, "note")
        if isinstance(n.value, str) and n.value.strip()
    )
    tags: list[str] = []
    for cat in _lines(card, "categories"):
        values = cat.value if isinstance(cat.value, list) else str(cat.value).split(",")
        tags.extend(t.strip() for t in values if t.strip() and t.strip() not in tags)
    linkedin, x = _links(card)
    types_text = extra("types")
    return ContactRecord(
        name=name,
        role=_first(card, "title") or _first(card, "role"),
        institution=institution,
        specialty=extra("specialty"),
        email=read_email(_first(card, "email"), line=line),
        phone=clean(phone),
        linkedin=extra("linkedin") or linkedin,
        x=extra("x") or x,
        how_met=extra("how-met"),
        types=read_types(types_text.split(",") if types_text else [], line=line),
        tier=read_tier(extra("tier"), line=line),
        tags=tags,
        core=read_bool(extra("core"), line=line, column="X-NETLOG-CORE"),
        every=read_every(extra("every"), line=line),
        notes=notes or None,
        archived=read_bool(extra("archived"), line=line, column="X-NETLOG-ARCHIVED"),
        met=read_date(extra("met"), line=line, column="X-NETLOG-MET"),
        last_contact=read_date(extra("last-contact"), line=line, column="X-NETLOG-LAST-CONTACT"),
        next_step=extra("next-step"),
    )


# Single-text properties that vobject cuts at the first bare comma (it keeps
# only the first of a comma-separated list); their whole value is put back.
_SINGLE_TEXT = ("FN", "TITLE", "ROLE", "NOTE")
_BARE_COMMA = re.compile(r"(?<!\\),")


def _raw_text_values(text: str) -> list[dict[str, list[str]]]:
    """Per top-level card, the undecoded values of its single-text properties.

    RFC 6350 asks for ``\\,`` inside text, but vCard 2.1 (Outlook) and some
    other producers write a bare comma (``TITLE:Program Director, General
    Surgery``). vobject's own line reader supplies the raw values so that
    :func:`_keep_commas` can restore the text whole.
    """
    import io

    from vobject.base import getLogicalLines, parseLine

    cards: list[dict[str, list[str]]] = []
    depth = 0
    in_card = False
    for logical, number in getLogicalLines(io.StringIO(text), True):
        name, params, value, _group = parseLine(logical, number)
        name = name.upper()
        if name == "BEGIN":
            depth += 1
            in_card = depth == 1 and value.strip().upper() == "VCARD"
            if in_card:
                cards.append({})
        elif name == "END":
            depth -= 1
        elif depth == 1 and in_card and (name in _SINGLE_TEXT or name.startswith("X-NETLOG-")):
            encoded = any(p[0].upper() == "ENCODING" or "QUOTED-PRINTABLE" in p for p in params)
            cards[-1].setdefault(name.lower(), []).append("" if encoded else value)
    return cards


def _keep_commas(card: Any, raw: dict[str, list[str]]) -> None:
    from vobject.icalendar import stringToTextValues

    for prop, values in raw.items():
        for line, value in zip(card.contents.get(prop, []), values, strict=False):
            parts = stringToTextValues(value) if _BARE_COMMA.search(value) else []
            if len(parts) > 1:
                line.value = ",".join(parts)


def read_vcards(text: str, *, on_card: Callable[[], object] | None = None) -> ImportResult:
    """Read every vCard in the text (versions 3.0 and 4.0; 2.1 quoted-printable too).

    ``on_card`` is called after each card (vobject reads about 2,500 cards a
    second, so a long import can show its progress). Raises :class:`InvalidValue` naming the card's first line when a card
    cannot be parsed or holds an invalid value, and when there are no cards.
    """
    import vobject
    from vobject.base import VObjectError

    text = text.removeprefix("\ufeff")
    begins = _begin_lines(text)
    if not begins:
        raise InvalidValue("no vCard found: the file has no BEGIN:VCARD line")
    result = ImportResult(rows=[], skipped_blank=0)
    index = 0
    try:
        raw = _raw_text_values(text)
    except (VObjectError, ValueError, TypeError):
        raw = []  # the parse below names the card that fails
    cards = vobject.readComponents(text, allowQP=True)
    while True:
        line = begins[min(index, len(begins) - 1)]
        try:
            card = next(cards)
        except StopIteration:
            break
        except (VObjectError, ValueError, TypeError) as exc:
            reason = getattr(exc, "msg", None) or "it is not valid vCard"
            reason = str(reason).split(":", 1)[0]
            raise InvalidValue(f"line {line}: this vCard cannot be read ({reason})") from None
        if card.name != "VCARD":
            continue
        if index < len(raw):
            _keep_commas(card, raw[index])
        index += 1
        if on_card is not None:
            on_card()
        record = _record(card, line=line)
        if record is None:
            result.skipped_blank += 1
        else:
            result.rows.append(ImportRow(line, record))
    return result
