"""Near misses: the one place a mistyped word gets a "did you mean".

Every check of a word against a fixed list (a kind, a channel, a type, a
settings key, a date word) asks :func:`did_you_mean` for the hint it adds to
its error. A word in the list's synonyms (``phone`` for ``call``) points to
its word; otherwise :mod:`difflib` finds the closest spelling, if any is
close enough. The hint only suggests: nothing is accepted in its place.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping

CUTOFF = 0.6  # difflib's similarity ratio below which nothing is suggested


def _forms(word: str) -> list[str]:
    key = " ".join(word.strip().casefold().replace("_", " ").split())
    return list(
        dict.fromkeys(
            [
                key,
                key.replace(" ", "-"),
                key.replace("-", " "),
                key.replace(" ", "").replace("-", ""),
            ]
        )
    )


def suggest(
    word: str, choices: Iterable[str], synonyms: Mapping[str, str] | None = None
) -> str | None:
    """The choice ``word`` was most likely meant to be, or None."""
    options = list(choices)
    synonyms = synonyms or {}
    forms = _forms(word)
    for form in forms:
        if form in options:
            return form
        if form in synonyms:
            return synonyms[form]
    close = difflib.get_close_matches(forms[0], options, n=1, cutoff=CUTOFF)
    if close:
        return close[0]
    near = difflib.get_close_matches(forms[0], list(synonyms), n=1, cutoff=0.8)
    return synonyms[near[0]] if near else None


def did_you_mean(
    word: str, choices: Iterable[str], synonyms: Mapping[str, str] | None = None
) -> str:
    """``" (did you mean 'thanks'?)"`` for an error message, or ``""``."""
    found = suggest(word, choices, synonyms)
    return f" (did you mean '{found}'?)" if found and found != word else ""
