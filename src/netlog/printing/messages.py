"""What netlog says in more than one place, written once."""

from __future__ import annotations

_NO_CONTACTS = 'No contacts yet — try: netlog add "Dr. Jane Doe" --at "AAOS 2026"'


def no_contacts(*, demo: bool = True) -> str:
    """The empty network: how to add the first contact (and, with ``demo``, try the sample)."""
    return f"{_NO_CONTACTS}, or netlog demo" if demo else _NO_CONTACTS


def unconfirmed(what: str) -> str:
    """Why a script's destructive command did nothing: ``what`` was not confirmed."""
    return f"{what} without confirmation; add --yes"
