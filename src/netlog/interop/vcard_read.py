"""Reading vCards (2.1 to 4.0, parsed by vobject) into records.

The properties map to netlog's fields as :mod:`netlog.interop.vcard` lists;
on import an ``X-NETLOG-*`` value wins over the standard property it shadows.

Cards from Google Contacts and Apple Contacts (grouped properties such as
``item1.EMAIL``, folded lines, photos) and RFC 6350 cards import; a card
without FN takes its name from N. A card with no name at all is skipped and
counted. Line numbers are those of each card's ``BEGIN:VCARD``. ``PHOTO``
(and LOGO, SOUND, KEY) are not kept and are set aside before parsing, so a
photo netlog cannot decode (a ``data:`` URI in 3.0, Android's 2.1 base64)
never makes the file unreadable; an undecodable one is counted. A ``UID``
that is a UUID becomes the contact's key, so importing the same phone's
export again updates instead of duplicating.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from typing import Any
from urllib.parse import urlsplit

from netlog.errors import InvalidValue
from netlog.interop.records import (
    ContactRecord,
    ImportResult,
    ImportRow,
    RowSpool,
    clean,
    date_or_drop,
    email_or_drop,
    lines_of,
    read_bool,
    read_every,
    read_tier,
    read_types,
)

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


_LINE_BREAK = re.compile("\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")


def iter_lines(text: str) -> Iterator[str]:
    """The lines ``text.splitlines()`` gives, one at a time: a large file's lines are
    not all held at once."""
    return lines_of(text, _LINE_BREAK, ends=False)


def _begin_lines(text: str) -> list[int]:
    """Line numbers of the top-level ``BEGIN:VCARD`` lines (nested cards skipped)."""
    found: list[int] = []
    depth = 0
    for number, line in enumerate(iter_lines(text), start=1):
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
    """Components joined by ``sep``; a component vobject split at a bare comma
    (``ORG:Company, The;Dept``) is put back together with ", "."""
    if isinstance(value, list | tuple):
        parts = [_joined(v, ", ") if isinstance(v, list | tuple) else str(v).strip() for v in value]
        return sep.join(p for p in parts if p)
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


def _uid(card: Any) -> str | None:
    """A card's UID as netlog's key when it is a UUID (netlog's, Apple's, Nextcloud's)."""
    import uuid

    value = _first(card, "uid")
    if not value:
        return None
    try:
        return uuid.UUID(value.strip().removeprefix("urn:uuid:")).hex
    except ValueError:
        return None


def _record(card: Any, result: ImportResult, *, line: int) -> ContactRecord | None:
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
        email=email_or_drop(_first(card, "email"), result, line=line, column="EMAIL"),
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
        met=date_or_drop(extra("met"), result, line=line, column="X-NETLOG-MET"),
        last_contact=date_or_drop(
            extra("last-contact"), result, line=line, column="X-NETLOG-LAST-CONTACT"
        ),
        next_step=extra("next-step"),
        uid=_uid(card),
    )


# Single-text properties that vobject cuts at the first bare comma (it keeps
# only the first of a comma-separated list); their whole value is put back.
_SINGLE_TEXT = ("FN", "TITLE", "ROLE", "NOTE")
_BARE_COMMA = re.compile(r"(?<!\\),")


class _Lines:
    """What vobject reads of ``io.StringIO(text)`` (``readline``, lines split at
    ``\n`` only), without the copy of the whole text StringIO makes (four bytes
    a character: 180 MB for 100,000 cards)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0

    def readline(self) -> str:
        end = self.text.find("\n", self.pos)
        end = len(self.text) if end < 0 else end + 1
        line = self.text[self.pos : end]
        self.pos = end
        return line


def _raw_text_values(text: str) -> list[dict[str, list[str]] | None]:
    """Per top-level card, the undecoded values of its single-text properties.

    RFC 6350 asks for ``\\,`` inside text, but vCard 2.1 (Outlook) and some
    other producers write a bare comma (``TITLE:Program Director, General
    Surgery``). vobject's own line reader supplies the raw values so that
    :func:`_keep_commas` can restore the text whole.
    """
    from vobject.base import getLogicalLines, parseLine

    cards: list[dict[str, list[str]] | None] = []
    depth = 0
    in_card = False
    for logical, number in getLogicalLines(_Lines(text), True):
        name, params, value, _group = parseLine(logical, number)
        name = name.upper()
        if name == "BEGIN":
            depth += 1
            in_card = depth == 1 and value.strip().upper() == "VCARD"
            if in_card:
                _keep_if_comma(cards)
                cards.append({})
        elif name == "END":
            depth -= 1
        elif depth == 1 and in_card and (name in _SINGLE_TEXT or name.startswith("X-NETLOG-")):
            encoded = any(p[0].upper() == "ENCODING" or "QUOTED-PRINTABLE" in p for p in params)
            card = cards[-1]
            assert card is not None  # only the finished cards are let go
            card.setdefault(name.lower(), []).append("" if encoded else value)
    _keep_if_comma(cards)
    return cards


def _keep_if_comma(cards: list[dict[str, list[str]] | None]) -> None:
    """Let go of the last card's raw values unless one has a bare comma: only those
    are used (:func:`_keep_commas`), and a large file's would all be held."""
    last = cards[-1] if cards else None
    if last is not None and not any(
        _BARE_COMMA.search(v) for values in last.values() for v in values
    ):
        cards[-1] = None


def _keep_commas(card: Any, raw: dict[str, list[str]]) -> None:
    from vobject.icalendar import stringToTextValues

    for prop, values in raw.items():
        for line, value in zip(card.contents.get(prop, []), values, strict=False):
            parts = stringToTextValues(value) if _BARE_COMMA.search(value) else []
            if len(parts) > 1:
                line.value = ",".join(parts)


_BINARY_PROPS = ("PHOTO", "LOGO", "SOUND", "KEY")
_PROP_NAME = re.compile(r"^(?:[A-Za-z0-9-]+\.)?([A-Za-z0-9-]+)[;:]")


def _photo_readable(logical: str) -> bool:
    """True when an embedded photo's data decodes (base64 or a ``data:`` URI) or is a link."""
    import base64
    import binascii

    head, _, value = logical.partition(":")
    if ":" in value and not value.lower().startswith("data:") and "base64" not in head.lower():
        return True  # PHOTO;VALUE=URI:https://…
    if value.lower().startswith("data:"):
        meta, comma, value = value.partition(",")
        if not comma or ";base64" not in meta.lower():
            return bool(comma)
    data = re.sub(r"\s", "", value)
    try:
        base64.b64decode(data, validate=True)
    except (binascii.Error, ValueError):
        return False
    return bool(data)


def strip_photos(text: str, result: ImportResult) -> str:
    """The text without its PHOTO, LOGO, SOUND and KEY properties (netlog keeps none).

    They are the part of a card other programs write most loosely (``data:``
    URIs in 3.0 cards, vCard 2.1 base64 ended by a blank line, as Android
    writes) and one of them must never make the file unreadable. A photo
    whose data does not decode is counted in ``result.dropped``. Line count is
    kept (removed lines become blank), so line numbers stay those of the file.
    """
    if not re.search(r"(?im)^(?:[a-z0-9-]+\.)?(photo|logo|sound|key)[;:]", text):
        return text
    lines = text.split("\n")
    out: list[str] = []
    i = 0
    while i < len(lines):
        match = _PROP_NAME.match(lines[i])
        if match and match.group(1).upper() in _BINARY_PROPS:
            parts = [lines[i].rstrip("\r")]
            out.append("")
            i += 1
            v21 = "BASE64" in lines[i - 1].upper() and "ENCODING=B;" not in lines[i - 1].upper()
            while i < len(lines) and (
                lines[i][:1] in (" ", "\t")
                or (v21 and lines[i].strip() and not _PROP_NAME.match(lines[i]))
            ):
                parts.append(lines[i].strip())
                out.append("")
                i += 1
            if match.group(1).upper() == "PHOTO" and not _photo_readable("".join(parts)):
                result.drop("photo")
            continue
        out.append(lines[i])
        i += 1
    return "\n".join(out)


def read_vcards(
    text: str,
    *,
    on_card: Callable[[], object] | None = None,
    spool: RowSpool | None = None,
) -> ImportResult:
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
    result = ImportResult(rows=[], skipped_blank=0, spool=spool)
    text = strip_photos(text, result)
    index = 0
    try:
        raw = _raw_text_values(text)
    except (VObjectError, ValueError, TypeError):
        raw = []  # the parse below names the card that fails
    cards = vobject.readComponents(_Lines(text), allowQP=True)
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
        kept = raw[index] if index < len(raw) else None
        if kept is not None:
            _keep_commas(card, kept)
        index += 1
        if on_card is not None:
            on_card()
        record = _record(card, result, line=line)
        if record is None:
            result.skipped_blank += 1
        else:
            result.add(ImportRow(line, record))
    return result
