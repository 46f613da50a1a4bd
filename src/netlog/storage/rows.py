"""What every row-to-object converter shares: a row netlog cannot read is an error, not a crash."""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from netlog.errors import DatabaseError

R = TypeVar("R")


def readable(table: str) -> Callable[[Callable[[Sequence[Any]], R]], Callable[[Sequence[Any]], R]]:
    """Turn a row netlog cannot read (a date that is not a date, broken JSON)
    into a clear error that points at ``netlog doctor``, not a traceback."""

    def decorate(convert: Callable[[Sequence[Any]], R]) -> Callable[[Sequence[Any]], R]:
        @functools.wraps(convert)
        def wrapped(row: Sequence[Any]) -> R:
            try:
                return convert(row)
            except (ValueError, TypeError):
                raise DatabaseError(
                    f"{table} #{row[0]} holds a value netlog cannot read (edited outside "
                    "netlog?); 'netlog doctor' shows it and how to fix it"
                ) from None

        return wrapped

    return decorate
