"""Content lines as iCalendar (RFC 5545) and vCard 3.0 (RFC 2426) write them.

Both formats escape TEXT values the same way (backslash, semicolon, comma,
line breaks) and fold lines longer than 75 octets with CRLF and a space.
"""

from __future__ import annotations

_ESCAPES = str.maketrans({"\\": "\\\\", ";": "\\;", ",": "\\,", "\n": "\\n"})


def escape_text(value: str) -> str:
    """A TEXT value with backslash, semicolon, comma and line breaks escaped."""
    if "\r" in value:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    return value.translate(_ESCAPES)


def fold(line: str) -> str:
    """One content line with its CRLF, folded at 75 octets without splitting a character."""
    if len(line) <= 18 or (len(line) <= 75 and line.isascii()):
        return line + "\r\n"  # fast path: cannot exceed 75 octets
    data = line.encode("utf-8")
    if len(data) <= 75:
        return line + "\r\n"
    parts: list[bytes] = []
    start, limit = 0, 75
    while len(data) - start > limit:
        cut = start + limit
        while data[cut] & 0xC0 == 0x80:  # never inside a UTF-8 sequence
            cut -= 1
        parts.append(data[start:cut])
        start, limit = cut, 74  # continuation lines start with a space
    parts.append(data[start:])
    return b"\r\n ".join(parts).decode("utf-8") + "\r\n"
