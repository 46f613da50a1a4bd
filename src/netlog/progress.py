"""The progress hook an export or import reports through.

A command passes a :data:`Progress` (the terminal's progress bar); library
callers and tests pass nothing and get :func:`no_progress`.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager

Advance = Callable[[int], None]
Progress = Callable[[int, str], AbstractContextManager[Advance]]
"""``progress(total, label)`` opens a progress display; the callable it yields advances it."""


@contextlib.contextmanager
def no_progress(total: int, label: str) -> Iterator[Advance]:
    yield lambda n: None
