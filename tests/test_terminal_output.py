"""Output on a terminal: long output is written by a second thread (console.ChunkWriter):
what reaches the terminal is exactly what a pipe gets, and a terminal that goes
away mid-way is an error, not a hang; the width is the one shutil would give."""

from __future__ import annotations

import io
import os
import sys
import threading
from pathlib import Path

import pytest

from netlog.printing import console
from tests.safety_helpers import read_until_closed

pty = pytest.importorskip("pty")


class _Terminal:
    """Standard output on a pseudo-terminal, read by a thread, for one test."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.leader, follower = pty.openpty()
        import termios

        attrs = termios.tcgetattr(follower)
        attrs[1] &= ~termios.ONLCR  # (newlines arrive as written)
        termios.tcsetattr(follower, termios.TCSANOW, attrs)
        self.stream = io.TextIOWrapper(
            io.FileIO(follower, "w"), encoding="utf-8", line_buffering=True
        )
        monkeypatch.setattr(sys, "stdout", self.stream)
        self.received = b""
        self.reader = threading.Thread(target=self._read)
        self.reader.start()

    def _read(self) -> None:
        self.received = read_until_closed(self.leader)

    def close(self) -> bytes:
        self.stream.close()
        self.reader.join(timeout=30)
        os.close(self.leader)
        return self.received


def test_a_terminal_gets_what_a_pipe_gets_piece_by_piece(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(console.ChunkWriter, "PIECE", 50)  # many pieces, many hand-overs
    chunks = [f'{{"id": {n}, "name": "Dr. Zoë 李 {n}"}},\n' for n in range(2000)]
    terminal = _Terminal(monkeypatch)
    sys.stdout.write("before\n")  # what was written first stays first
    with console.ChunkWriter() as out:
        assert out._thread is not None  # on a terminal: the second thread
        for chunk in chunks:
            out.write(chunk)
    sys.stdout.write("after\n")
    assert terminal.close().decode() == "before\n" + "".join(chunks) + "after\n"


def test_a_pipe_is_written_as_usual(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "out.json"
    with target.open("w", encoding="utf-8") as handle:
        monkeypatch.setattr(sys, "stdout", handle)
        with console.ChunkWriter() as out:
            assert out._thread is None
            out.write("[\n")
            out.write("]\n")
    assert target.read_text(encoding="utf-8") == "[\n]\n"


def test_a_terminal_gone_mid_way_is_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(console.ChunkWriter, "PIECE", 10)
    leader, follower = pty.openpty()
    stream = io.TextIOWrapper(io.FileIO(follower, "w"), encoding="utf-8")
    monkeypatch.setattr(sys, "stdout", stream)
    os.close(leader)  # the terminal closes: writing to it fails (EIO)
    with pytest.raises(OSError), console.ChunkWriter() as out:
        for n in range(1000):
            out.write(f"line {n}\n")
    stream.close()


@pytest.mark.parametrize("columns", [None, "", "0", "-3", "abc", "5", "79", "132", " 90 "])
def test_the_width_is_the_one_shutil_gives(
    columns: str | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """console.width finds the columns as shutil.get_terminal_size does, without it."""
    import shutil

    if columns is None:
        monkeypatch.delenv("COLUMNS", raising=False)
    else:
        monkeypatch.setenv("COLUMNS", columns)
    assert console.width() == max(shutil.get_terminal_size((80, 24)).columns, 20)
