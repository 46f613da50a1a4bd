"""The terminal: colour only on one (``NO_COLOR`` respected), messages, JSON.

Piped output is exactly what is given; on a terminal a message is fitted
to its width between words (:mod:`netlog.printing.layout`). Rich is
imported only by :func:`rich_console`, for the few pictures that need it.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console


def is_terminal() -> bool:
    return sys.stdout.isatty()


def use_colour() -> bool:
    return is_terminal() and not os.environ.get("NO_COLOR")


def rich_console() -> Console:
    """A Rich console for standard output, coloured as :func:`use_colour` says."""
    from rich.console import Console

    return Console(highlight=False, no_color=not use_colour() or None)


_ANSI = {
    "bold": "1",
    "dim": "2",
    "red": "31",
    "green": "32",
    "yellow": "33",
    "cyan": "36",
    "reverse": "7",
}


def width() -> int:
    """The terminal's width in columns (``COLUMNS`` wins, as everywhere), at least 20.

    The columns ``shutil.get_terminal_size((80, 24))`` gives, found as it finds
    them, without importing shutil (2% of ``netlog due`` on a terminal)."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 0
        columns = columns or 80
    return max(columns, 20)


def paint(text: str, style: str | None) -> str:
    """``text`` in ``style`` (words from :data:`_ANSI`) when colour is on."""
    if not style or not text or not use_colour():
        return text
    codes = ";".join(_ANSI[word] for word in style.split() if word in _ANSI)
    return f"\x1b[{codes}m{text}\x1b[0m" if codes else text


def say(text: str = "", style: str | None = None, *, mark: str | None = None) -> None:
    """Print ``text``: on a terminal fitted to its width (broken between words,
    continuations hanging under their line) and styled, with what matches
    ``mark`` highlighted; piped, exactly as given."""
    if not is_terminal():
        sys.stdout.write(text + "\n")
        return
    from netlog.printing.layout import wrap_line

    columns = width()
    lines = [part for line in text.split("\n") for part in wrap_line(line, columns)]
    sys.stdout.write("\n".join(_marked(line, style, mark) for line in lines) + "\n")


def _marked(line: str, style: str | None, mark: str | None) -> str:
    if not mark:
        return paint(line, style)
    from netlog.printing.layout import match_spans

    parts, at = [], 0
    for start, end in match_spans(line, mark):
        parts += [paint(line[at:start], style), paint(line[start:end], "bold reverse")]
        at = end
    parts.append(paint(line[at:], style))
    return "".join(parts)


def err(text: str) -> None:
    """A line on standard error, as is (warnings, notes beside the output)."""
    sys.stderr.write(text + "\n")


def print_json(data: Any) -> None:
    """JSON on stdout: an array one record per line, anything else indented.

    ``indent=`` makes the json module fall back to its pure-Python encoder
    (~200 ms for 10,000 due items); records encoded one by one by the C
    encoder take ~20 ms and still read well and ``grep`` well.
    """
    import json  # only --json needs it

    if isinstance(data, list) and data:
        encode = record_encoder()
        sys.stdout.write("[\n  " + ",\n  ".join(map(encode, data)) + "\n]\n")
        return
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def print_json_rows(rows: Iterable[Any]) -> None:
    """A JSON array written as its records are read, byte for byte what
    :func:`print_json` writes for the same list, without holding it whole
    (on a terminal by :class:`ChunkWriter`'s second thread)."""
    encode = record_encoder()
    it = iter(rows)
    first = next(it, _NOTHING)
    if first is _NOTHING:
        sys.stdout.write("[]\n")
        return
    with ChunkWriter() as out:
        write = out.write
        chunk = ["[\n  " + encode(first)]
        for row in it:
            chunk.append(",\n  " + encode(row))
            if len(chunk) >= 500:
                write("".join(chunk))
                chunk.clear()
        chunk.append("\n]\n")
        write("".join(chunk))


_NOTHING = object()


class ChunkWriter:
    """Writes long output (``list --json`` of 100,000 contacts: 30 MB; ``due
    --json``) a chunk at a time; on a terminal, from a second thread.

    A terminal's line discipline handles every byte written to it (a newline
    becomes carriage return and line feed) in the kernel, in the writing
    process: for 30 MB about a quarter of a second. On a terminal the chunks
    are encoded here and written by a second thread, which spends that time
    while the next chunk is made (the GIL is released while it writes).
    Anywhere else (a pipe, a file, Windows) each is written as usual. Use
    it as a context manager: leaving it writes what is left, and an error
    met in writing (the terminal gone) is raised here. (``list --json`` of
    100,000 contacts on an 80-column pseudo-terminal: 0.98 -> 0.79 s.)"""

    def __init__(self) -> None:
        self._queue: Any = None
        self._thread: Any = None
        self._error: BaseException | None = None
        self._held: list[str] = []
        self._size = 0
        if os.name == "posix" and sys.stdout.isatty():
            import queue
            import threading

            sys.stdout.flush()
            self._queue = queue.Queue(maxsize=2)  # a few megabytes held at most
            self._thread = threading.Thread(target=self._run, daemon=True)
            self._thread.start()

    # Handed to the thread a megabyte at a time: it takes the GIL once a piece
    # to write it, and may wait for it up to the interpreter's switch interval.
    PIECE = 1 << 20

    def write(self, text: str) -> None:
        if self._queue is None:
            sys.stdout.write(text)
            return
        self._held.append(text)
        self._size += len(text)
        if self._size >= self.PIECE:
            self._hand_over()

    def _hand_over(self) -> None:
        if self._error is not None:
            raise self._error
        text = "".join(self._held)
        self._held.clear()
        self._size = 0
        self._queue.put(text.encode(sys.stdout.encoding, sys.stdout.errors or "strict"))

    def _run(self) -> None:
        fd = sys.stdout.fileno()
        while (data := self._queue.get()) is not None:
            if self._error is not None:
                continue  # drained without writing: the writer has stopped
            try:
                view = memoryview(data)
                while view:
                    view = view[os.write(fd, view) :]
            except BaseException as exc:  # reported by write() or on leaving
                self._error = exc

    def __enter__(self) -> ChunkWriter:
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self._queue is None or exc_info[0] is not None:
            return  # (interrupted: the thread, a daemon, ends with the process)
        if self._held:
            self._hand_over()
        self._queue.put(None)
        self._thread.join()
        if self._error is not None:
            raise self._error


def record_encoder() -> Callable[[Any], str]:
    """``json.JSONEncoder(ensure_ascii=False).encode``, byte for byte, with the C
    encoder made once instead of once a record (100,000 records: 0.39 s -> 0.29 s)."""
    import json
    from json import encoder

    base = json.JSONEncoder(ensure_ascii=False)
    make = getattr(encoder, "c_make_encoder", None)
    if make is None:
        return base.encode
    # What JSONEncoder.iterencode gives the C encoder for these settings.
    step = make(
        {},
        base.default,
        encoder.encode_basestring,
        None,
        base.key_separator,
        base.item_separator,
        base.sort_keys,
        base.skipkeys,
        base.allow_nan,
    )

    def encode(record: Any) -> str:
        if isinstance(record, str):
            return base.encode(record)
        return "".join(step(record, 0))

    return encode
