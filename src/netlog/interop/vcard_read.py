"""Reading vCards (2.1 to 4.0, parsed by vobject) into records.

The properties map to netlog's fields as :mod:`netlog.interop.vcard` lists;
on import an ``X-NETLOG-*`` value wins over the standard property it shadows.

Cards from Google Contacts and Apple Contacts (grouped properties such as
``item1.EMAIL``, folded lines, photos) and RFC 6350 cards import; a card
without FN takes its name from N. A card with no name at all is skipped and
counted. Line numbers are those of each card's ``BEGIN:VCARD``.

A file is read card by card (:func:`read_vcard_pieces`): its cards are found
as vobject would find them and each is read on its own, so only the card
being read is held (100,000 cards are 45 MB of text). A plain card is read
with vobject's line reader, parser and behaviors without its Component and
ContentLine objects (:func:`_light_card`); any other is handed to vobject.

``PHOTO`` (and LOGO, SOUND, KEY) are not kept and are set aside before
parsing, so a photo netlog cannot decode (a ``data:`` URI in 3.0, Android's
2.1 base64) never makes the file unreadable; an undecodable one is counted.
A ``UID`` that is a UUID becomes the contact's key, so importing the same
phone's export again updates instead of duplicating.
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


_BREAKS = "\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029"
"""The characters ``str.splitlines`` ends a line at (``\r\n`` is one break)."""
_BEGIN_VCARD = re.compile(
    rf"(?:^|(?<=[{_BREAKS}]))[^\S{_BREAKS}]*BEGIN:VCARD[^\S{_BREAKS}]*(?=[{_BREAKS}]|\Z)"
)
_ODD_BREAK = re.compile("\r(?!\n)|[\v\f\x1c\x1d\x1e\x85\u2028\u2029]")
_ODD_BREAK_IN_LINE = re.compile("\r(?!\\Z)|[\v\f\x1c\x1d\x1e\x85\u2028\u2029]")
_PIECE = 1 << 16


def pieces_of(text: str) -> Iterator[str]:
    """``text`` in pieces of 65,536 characters, as a file is decoded."""
    for start in range(0, len(text), _PIECE):
        yield text[start : start + _PIECE]


def count_vcards(pieces: Iterable[str]) -> tuple[int, int]:
    """How many lines of the text are ``BEGIN:VCARD`` (nested cards too: the total a
    progress bar is given), and how many characters it has.

    A line is what ``str.splitlines`` gives; the text is never held whole.
    """
    cards = chars = 0
    rest = ""
    for piece in pieces:
        chars += len(piece)
        text = rest + piece
        upper = text.upper()  # as long as the text but for a few letters (ß: SS)
        cards += sum(1 for _ in _BEGIN_VCARD.finditer(upper, 0, upper.rfind("\n") + 1))
        rest = text[text.rfind("\n") + 1 :]
    return cards + sum(1 for _ in _BEGIN_VCARD.finditer(rest.upper())), chars


def numbered_lines(pieces: Iterable[str]) -> Iterator[tuple[int, str]]:
    """The text's lines split at ``\n`` only (as vobject reads them, each without its
    ``\n``), with the number of each as ``str.splitlines`` counts the file's lines
    (a lone CR, a form feed or U+2028 inside a line also start a new one), the
    number messages give."""
    number = 1
    rest = ""
    for piece in pieces:
        text = rest + piece
        odd = _ODD_BREAK.search(text) is not None
        start = 0
        while (end := text.find("\n", start)) >= 0:  # no list of the piece's lines
            line = text[start:end]
            yield number, line
            number += 1 + (len(_ODD_BREAK_IN_LINE.findall(line)) if odd else 0)
            start = end + 1
        rest = text[start:]
    if rest:
        yield number, rest


_COMPONENT_LINE = re.compile(r"(?:[\w-]+\.)?(BEGIN|END)[;:]", re.IGNORECASE | re.ASCII)


def _depth_after(logical: str, depth: int) -> int | None:
    """How deep in nested components the next line is after this logical line; None
    for a line outside any component (vobject then reads everything after it as
    one nameless component)."""
    found = _COMPONENT_LINE.match(logical)
    if found is None:
        return depth or None
    if found.group(1).upper() == "BEGIN":
        return depth + 1
    return depth - 1 if depth else None


def split_components(lines: Iterable[tuple[int, str]]) -> Iterator[tuple[int, list[str]]]:
    """Each top-level component (a card, with any card nested in it, such as 2.1's
    AGENT) as its first line's number and its lines.

    The lines are joined into logical lines as vobject's reader joins them (a
    line starting with a space or tab continues the one before; so does the
    line after a quoted-printable one ending in ``=``; a blank line ends one),
    so a card ends where vobject would end it. A stray line outside any card
    makes vobject read all that follows as one nameless component; the rest of
    the file is then handed over as one, for vobject to treat just so.
    """
    held: list[str] = []
    first = depth = 0
    logical: list[str] = []
    quoted = loose = False
    for number, line in lines:
        text = line.rstrip("\r\n")
        blank = not text.rstrip()
        if logical and not loose and (blank or not (quoted or text[0] in " \t")):
            after = _depth_after(logical[0] if len(logical) == 1 else "".join(logical), depth)
            logical = []
            if after is None:
                loose = True
            elif depth and not after:
                yield first, held
                held = []
            depth = after or 0
        if loose or (blank and held):
            held.append(line)
        if loose or blank:
            quoted = False
            continue
        if not held:
            first = number
        held.append(line)
        if quoted:
            logical.append("\n" + text)
        elif text[0] in " \t":
            logical.append(text[1:])
        else:
            logical = [text]
        quoted = text.endswith("=") and "quoted-printable" in "".join(logical).lower()
    if held:  # the last card (closed or not: vobject says which), or the loose rest
        yield first, held


def _lines(card: Any, prop: str) -> list[Any]:
    return list(card.contents.get(prop, []))


def _is_preferred(line: Any) -> bool:
    params: dict[str, list[str]] = line.params
    types = {t.strip().lower() for value in params.get("TYPE", []) for t in value.split(",")}
    return "pref" in types or params.get("PREF", [""])[0].strip() == "1"


def _first(card: Any, prop: str) -> str | None:
    """The preferred (else first) non-empty text value of a property."""
    first: str | None = None
    for line in card.contents.get(prop, ()):
        value = line.value
        if isinstance(value, str) and value.strip():
            if _is_preferred(line):
                return value.strip()
            if first is None:
                first = value
    return None if first is None else first.strip()


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
_MAYBE_BARE_COMMA = re.compile(
    r"^(?:(?:[\w-]+\.)?(?:FN|TITLE|ROLE|NOTE|X-NETLOG-[\w-]*)[;:]|[ \t]|(?<==\n)|(?<==\r\n))"
    r"[^\n]*(?<!\\),",
    re.IGNORECASE | re.MULTILINE | re.ASCII,
)
"""A line that may put a bare comma in a single-text value: the property's own
line, a folded line, the line after one ending in ``=`` (quoted-printable)."""


def _raw_text_values(text: str) -> list[dict[str, list[str]]]:
    """Per top-level card of the text, the undecoded values of its single-text properties.

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


def _no_vcard() -> InvalidValue:
    return InvalidValue("no vCard found: the file has no BEGIN:VCARD line")


def read_vcards(
    text: str,
    *,
    on_card: Callable[[], object] | None = None,
    spool: RowSpool | None = None,
) -> ImportResult:
    """Read every vCard in the text (versions 3.0 and 4.0; 2.1 quoted-printable too).

    ``on_card`` is called after each card (about 5,000 cards are read a second,
    so a long import can show its progress). Raises :class:`InvalidValue`
    naming the card's first line when a card cannot be parsed or holds an
    invalid value, and when there are no cards.
    """
    text = text.removeprefix("\ufeff")
    cards, _ = count_vcards(pieces_of(text))
    return read_vcard_pieces(pieces_of(text), cards, on_card=on_card, spool=spool)


def read_vcard_pieces(
    pieces: Iterable[str],
    cards: int,
    *,
    on_card: Callable[[], object] | None = None,
    spool: RowSpool | None = None,
) -> ImportResult:
    """:func:`read_vcards` of a text given in pieces (a file as it is decoded), one card
    at a time: only the card being read is held. ``cards`` is what
    :func:`count_vcards` found in the same text (none: the file is refused)."""
    if not cards:
        raise _no_vcard()
    result = ImportResult(rows=[], skipped_blank=0, spool=spool)
    for line, held in split_components(numbered_lines(pieces)):
        text = strip_photos("\n".join(held), result)
        del held
        for card in _parsed(text, line):
            if on_card is not None:
                on_card()
            record = _record(card, result, line=line)
            if record is None:
                result.skipped_blank += 1
            else:
                result.add(ImportRow(line, record))
    return result


def unmarked(pieces: Iterable[str]) -> Iterator[str]:
    """The pieces with a byte-order mark at the start of the text dropped (one left
    after decoding, when a file has two: the reader has always dropped it)."""
    found = iter(pieces)
    for piece in found:
        if piece:
            yield piece.removeprefix("\ufeff")
            break
    yield from found


def _raw_values_needed(text: str) -> list[dict[str, list[str]]]:
    """:func:`_raw_text_values` of a card that may hold a bare comma (most cards hold
    none, and this second pass of vobject's line reader costs a tenth of the
    import); none when vobject cannot read the card (its parse says why)."""
    from vobject.base import VObjectError

    if not _MAYBE_BARE_COMMA.search(text):
        return []
    try:
        return _raw_text_values(text)
    except (VObjectError, ValueError, TypeError):
        return []


class _Line:
    """What netlog reads of one of vobject's ContentLines (name, params, value), for
    vobject's own behaviors to decode as they decode a ContentLine."""

    __slots__ = (
        "behavior",
        "encoded",
        "group",
        "isNative",
        "name",
        "params",
        "singletonparams",
        "value",
    )

    def __init__(self, name: str, params: list[list[str]], value: str, group: str | None) -> None:
        self.name = name
        self.group = group
        self.value: Any = value
        self.encoded: Any = True
        self.isNative = False
        self.behavior: Any = None
        self.params: dict[str, list[str]] = {}
        self.singletonparams: list[str] = []
        for param in params:  # as ContentLine.__init__ files them
            if len(param) == 1:
                self.singletonparams += param
            else:
                self.params.setdefault(param[0].upper(), []).extend(param[1:])

    @property
    def encoding_param(self) -> str:
        try:
            return self.params["ENCODING"][0]
        except KeyError:
            raise AttributeError("encoding_param") from None


class _Card:
    """A card as :func:`_record` reads it: vobject's ``name`` and ``contents``."""

    __slots__ = ("contents", "name")

    def __init__(self, contents: dict[str, list[_Line]]) -> None:
        self.name = "VCARD"
        self.contents = contents


_ENCODED_PARAMS = frozenset(("ENCODING", "CHARSET"))
_ENCODED_SINGLETONS = frozenset(("QUOTED-PRINTABLE", "BASE64"))


def _plain_decoders() -> dict[Any, bool]:
    """vobject's decode functions whose work on a value holding neither a backslash
    nor a comma is to keep it as it is (False) or as a one-item list (True): its
    ``stringToTextValues`` then gives ``[value]``."""
    from vobject.behavior import Behavior
    from vobject.icalendar import MultiTextBehavior, TextBehavior
    from vobject.vcard import VCardTextBehavior

    return {
        Behavior.decode.__func__: False,
        TextBehavior.decode.__func__: False,
        VCardTextBehavior.decode.__func__: False,
        MultiTextBehavior.decode.__func__: True,
    }


_PLAIN_DECODERS: dict[Any, bool] = {}


def _decode(line: _Line, behavior: Any) -> None:
    """``behavior.decode(line)``, skipping vobject's character-by-character unescaping
    where it would give the value back unchanged (a line without an encoding: the
    light path reads no other)."""
    value = line.value
    if "\\" not in value and "," not in value:
        if not _PLAIN_DECODERS:
            _PLAIN_DECODERS.update(_plain_decoders())
        listed = _PLAIN_DECODERS.get(getattr(behavior.decode, "__func__", None))
        if listed is not None:
            line.value = [value] if listed else value
            line.encoded = False
            return
    behavior.decode(line)


def _to_native(line: _Line, behavior: Any) -> None:
    """``behavior.transformToNative(line)``; for a structured value (N, ORG, ADR) holding
    neither a backslash nor a comma, vobject's ``splitFields`` is its split at ";"
    (each field one string, an empty last field left off), which is given without
    its character-by-character unescaping."""
    from vobject import vcard

    value = line.value
    if isinstance(value, str) and "\\" not in value and "," not in value:
        fields = value.split(";")
        if len(fields) > 1 and not fields[-1]:
            del fields[-1]
        if behavior is vcard.NameBehavior:
            line.isNative = True
            line.value = vcard.Name(**dict(zip(vcard.NAME_ORDER, fields, strict=False)))
            return
        if behavior is vcard.AddressBehavior:
            line.isNative = True
            line.value = vcard.Address(**dict(zip(vcard.ADDRESS_ORDER, fields, strict=False)))
            return
        if behavior is vcard.OrgBehavior:
            line.isNative = True
            line.value = fields
            return
    behavior.transformToNative(line)


_PLAIN_NAME = re.compile("[a-zA-Z0-9_-]+")
"""vobject's pattern for a property's name (and its group's)."""


def _parse_line(
    logical: str, number: int, parse_line: Any
) -> tuple[str, list[list[str]], str, str | None]:
    """vobject's ``parseLine``; a line whose every character before its first colon is
    a name's (no group, no parameters) is its name, no parameters, the rest as its
    value and no group, as vobject's pattern reads it, taken without the pattern."""
    head, colon, value = logical.partition(":")
    if colon and _PLAIN_NAME.fullmatch(head):
        return head.replace("_", "-"), [], value, None
    result: tuple[str, list[list[str]], str, str | None] = parse_line(logical, number)
    return result


def _light_card(text: str) -> _Card | None:
    """The one vCard of a component's text, read with vobject's line reader, line parser
    and behaviors but without building its Component and ContentLines (a fifth of
    the time); None for anything but a plain card (quoted-printable, an encoding or
    a charset, a nested card, a stray line), which vobject then reads whole."""
    import io

    from vobject.base import getBehavior, getLogicalLines, parseLine

    try:
        parsed = [
            _parse_line(logical, n, parseLine)
            for logical, n in getLogicalLines(io.StringIO(text), True)
        ]
    except Exception:  # vobject's full parse says what is wrong
        return None
    if len(parsed) < 2:
        return None
    first, last = parsed[0], parsed[-1]
    if first[0].upper() != "BEGIN" or first[2].upper() != "VCARD":
        return None
    if last[0].upper() != "END" or last[2].upper() != "VCARD":
        return None
    contents: dict[str, list[_Line]] = {}
    lines: list[_Line] = []
    version: str | None = None
    for name, params, value, group in parsed[1:-1]:
        upper = name.upper()
        if upper in ("BEGIN", "END", "PROFILE"):
            return None
        line = _Line(upper, params, value, group)
        if params and (
            not _ENCODED_PARAMS.isdisjoint(line.params)
            or not _ENCODED_SINGLETONS.isdisjoint(p.upper() for p in line.singletonparams)
        ):
            return None
        if upper == "VERSION":
            version = value
        contents.setdefault(upper.lower(), []).append(line)
        lines.append(line)
    parent = getBehavior("VCARD", version) if version is not None else getBehavior("VCARD")
    if parent is None:
        return None
    try:
        for line in lines:  # as Component.setBehavior and autoBehavior do
            known = parent.knownChildren.get(line.name)
            if known is not None:
                behavior = getBehavior(line.name, known[2])
                if behavior is not None:
                    line.behavior = behavior
                    _decode(line, behavior)
            else:
                line.behavior = parent.defaultBehavior
                if line.behavior:
                    _decode(line, line.behavior)
        for line in lines:  # as transformChildrenToNative does
            behavior = line.behavior
            if behavior is not None and behavior.hasNative and not line.isNative:
                _to_native(line, behavior)
    except Exception:  # vobject's full parse says what is wrong
        return None
    return _Card(contents)


def _parsed(text: str, line: int) -> Iterator[Any]:
    """The vCards vobject reads in one top-level component's text (``line``: its first
    line in the file, which a refusal names), their bare commas kept."""
    import vobject
    from vobject.base import VObjectError

    raw = _raw_values_needed(text)
    light = _light_card(text)
    if light is not None:
        if raw:
            _keep_commas(light, raw[0])
        yield light
        return
    found = 0
    cards = vobject.readComponents(text, allowQP=True)
    while True:
        try:
            card = next(cards)
        except StopIteration:
            return
        except (VObjectError, ValueError, TypeError) as exc:
            reason = getattr(exc, "msg", None) or "it is not valid vCard"
            reason = str(reason).split(":", 1)[0]
            raise InvalidValue(f"line {line}: this vCard cannot be read ({reason})") from None
        if card.name != "VCARD":
            continue
        if found < len(raw):
            _keep_commas(card, raw[found])
        found += 1
        yield card
