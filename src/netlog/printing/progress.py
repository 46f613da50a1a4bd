"""The progress bar of long jobs (imports and exports of more than 500 items)."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterator

from netlog.printing import console

PROGRESS_THRESHOLD = 500


@contextlib.contextmanager
def progress(total: int, label: str) -> Iterator[Callable[[int], None]]:
    """A progress bar on stderr for long jobs (more than 500 items).

    Shown only when both stdout and stderr are a terminal, so piped output
    and scripts never see it; it disappears when the job is done.
    """
    if total <= PROGRESS_THRESHOLD or not (sys.stdout.isatty() and sys.stderr.isatty()):
        yield lambda n: None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    bar = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        console=Console(stderr=True, no_color=not console.use_colour() or None),
        transient=True,
    )
    with bar:
        task = bar.add_task(label, total=total)
        yield lambda n: bar.advance(task, n)
