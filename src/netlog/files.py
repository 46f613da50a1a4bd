"""Files netlog writes besides the database itself.

- :func:`create_private` makes a new file 0600 (through a symbolic link too).
- :func:`check_target` is the one check every command that writes a file runs
  first: it refuses the database in use (and its ``-wal``/``-shm``) and any
  other database file, unless writing a database is the command's job.
- :func:`private_output` / :func:`private_file` write an output atomically
  with mode 0600: a temporary file in the same folder renamed over the target
  (a symbolic link at the target is replaced, its target left alone).
- :func:`publish_copy` names a kept copy (before a restore or an upgrade)
  uniquely and exclusively, so no copy ever overwrites another file;
  :func:`reserve_copy` takes such a name before the copy is written
  (``netlog backup``'s dated file).
- Temporary files are named ``.NAME.netlog-PID-XXXXXXXX.tmp``, so that
  :func:`sweep` can recognise the ones a killed netlog left behind (their
  process is gone) and remove them.
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import IO

from netlog.errors import DatabaseError, InvalidValue
from netlog.storage.header import SQLITE_MAGIC

WAL_MAGICS = (b"\x37\x7f\x06\x82", b"\x37\x7f\x06\x83")

_COMPANION = r"(?:-journal|-wal|-shm)?"
_TEMP = re.compile(r"^\.(?P<name>.+)\.netlog-(?P<pid>\d+)-[0-9a-f]{8}\.tmp" + _COMPANION + "$")
# Names older netlogs gave their temporary files (backup copies, restore staging).
_LEGACY = re.compile(r"^\.(?P<name>.+)\.(?:tmp|restore)-(?P<pid>\d+)" + _COMPANION + "$")


def create_private(path: Path) -> int | None:
    """Create ``path`` 0600 (its folder 0700 when missing); returns an open fd.

    Returns None when the file already exists. A symbolic link (even a
    dangling one) is followed: the file it points to is created private.
    """
    real = Path(os.path.realpath(path))
    folder = real.parent
    if not folder.exists():
        folder.mkdir(parents=True, mode=0o700, exist_ok=True)
    try:
        fd = os.open(real, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return None
    os.fchmod(fd, 0o600)  # whatever the umask
    return fd


# --- which files a command may write ---------------------------------------------


def _same_file(a: Path, b: Path) -> bool:
    try:
        sa, sb = os.stat(a), os.stat(b)
    except OSError:
        return False
    return (sa.st_dev, sa.st_ino) == (sb.st_dev, sb.st_ino)


def database_kind(path: Path) -> str | None:
    """ "an SQLite database" / "a database's write-ahead log" for such a file, else None.

    Only regular files are read (a FIFO would block).
    """
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            return None
        with open(path, "rb") as handle:
            head = handle.read(16)
    except OSError:
        return None
    if head.startswith(SQLITE_MAGIC):
        return "an SQLite database"
    if head[:4] in WAL_MAGICS:
        return "a database's write-ahead log"
    return None


def check_target(target: Path, database: Path | None, *, may_be_database: bool = False) -> None:
    """Refuse to write ``target`` when that would overwrite a database.

    The database in use (``database``), its ``-wal``, ``-shm`` and
    ``-journal`` are refused whatever the command; any other SQLite database
    or write-ahead log is refused unless ``may_be_database`` (``backup``).
    Links and hard links are seen through (same device and inode).
    """
    target = target.expanduser()
    real = Path(os.path.realpath(target))
    if database is not None:
        live = Path(os.path.realpath(database.expanduser()))
        for suffix in ("", "-wal", "-shm", "-journal"):
            part = Path(f"{live}{suffix}")
            if real == part or _same_file(target, part):
                what = "the database in use" if not suffix else f"the database's {suffix[1:]} file"
                raise InvalidValue(
                    f"{target} is {what}; writing it would destroy your data. "
                    "Give another file name"
                )
    if not may_be_database:
        kind = database_kind(target)
        if kind is not None:
            raise InvalidValue(
                f"{target} is {kind}; netlog does not overwrite it. Give another file name"
            )


# --- writing outputs --------------------------------------------------------------


def temp_path(target: Path) -> Path:
    """A fresh temporary name next to ``target`` that :func:`sweep` recognises."""
    import secrets  # here: every write sweeps, few write a file through a temporary one

    return target.with_name(f".{target.name}.netlog-{os.getpid()}-{secrets.token_hex(4)}.tmp")


def new_temp(target: Path) -> Path:
    """Create (exclusively, 0600) and return a temporary file next to ``target``."""
    while True:
        tmp = temp_path(target)
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            continue
        os.fchmod(fd, 0o600)
        os.close(fd)
        return tmp


def _fsync_folder(folder: Path) -> None:
    with contextlib.suppress(OSError):
        dir_fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


def remove_quietly(*paths: Path) -> None:
    for path in paths:
        for suffix in ("", "-journal", "-wal", "-shm"):
            with contextlib.suppress(OSError):
                Path(f"{path}{suffix}").unlink()


@contextlib.contextmanager
def private_output(
    path: Path, *, make_folder: bool = False, follow_link: bool = False
) -> Iterator[Path]:
    """Yield a 0600 temporary file; when the block succeeds it replaces ``path``.

    A reader never sees half a file; on any error the old file stays as it
    was and the temporary file is removed. A symbolic link at ``path`` is
    replaced by the new file (the file it pointed to is not written), or with
    ``follow_link`` the file it points to is replaced instead (a settings file
    kept elsewhere). A missing folder is created 0700 with ``make_folder``,
    else refused.
    """
    path = path.expanduser()
    if follow_link and path.is_symlink():
        path = Path(os.path.realpath(path))
    if path.is_dir():
        raise InvalidValue(f"{path} is a folder; give a file name")
    folder = path.parent
    if make_folder and not folder.exists():
        try:
            folder.mkdir(parents=True, mode=0o700)
        except OSError as exc:
            raise InvalidValue(f"cannot create the folder {folder}: {exc.strerror}") from None
    if not folder.is_dir():
        raise InvalidValue(f"cannot write {path}: the folder {folder} does not exist")
    sweep(folder)
    try:
        tmp = new_temp(path)
    except OSError as exc:
        raise InvalidValue(f"cannot write {path}: {exc.strerror}") from None
    try:
        yield tmp
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    except OSError as exc:
        raise InvalidValue(f"cannot write {path}: {exc.strerror}") from None
    finally:
        remove_quietly(tmp)
    _fsync_folder(folder)


@contextlib.contextmanager
def private_file(
    path: Path, *, make_folder: bool = False, follow_link: bool = False
) -> Iterator[IO[bytes]]:
    """:func:`private_output` as an open binary file, flushed to disk at the end."""
    with private_output(path, make_folder=make_folder, follow_link=follow_link) as tmp:
        try:
            handle = open(tmp, "wb")  # noqa: SIM115 (closed below, after fsync)
        except OSError as exc:
            raise InvalidValue(f"cannot write {path}: {exc.strerror}") from None
        with handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())


# --- kept copies ------------------------------------------------------------------


def stamp() -> str:
    """UTC time to the microsecond, for file names: 20261123T101500.123456Z."""
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%S.%fZ")


def _free_name(database: Path, base: str, take: Callable[[Path], bool]) -> Path:
    """The first of ``BASE.db``, ``BASE-2.db``, … next to ``database`` that ``take``
    claims (it returns False when the name exists)."""
    for n in range(1, 10_000):
        candidate = database.with_name(f"{base}.db" if n == 1 else f"{base}-{n}.db")
        if take(candidate):
            return candidate
    raise DatabaseError(f"cannot find a free name for a copy of {database}")


def _create_empty(candidate: Path) -> bool:
    """Create ``candidate`` empty, 0600, exclusively; False when it exists."""
    try:
        fd = os.open(candidate, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return False
    except OSError as exc:
        raise DatabaseError(f"cannot create {candidate}: {exc.strerror}") from None
    os.fchmod(fd, 0o600)  # whatever the umask
    os.close(fd)
    return True


def reserve_copy(database: Path, base: str) -> Path:
    """Create (empty, 0600, exclusively) and return ``BASE[-N].db`` next to ``database``.

    For a copy written later over the name (``netlog backup``'s dated file):
    two copies never share a name, and none overwrites another file.
    """
    return _free_name(database, base, _create_empty)


def publish_copy(tmp: Path, database: Path, label: str) -> Path:
    """Give the finished copy ``tmp`` a unique name ``STEM-LABEL-TIME[-N].db``.

    The name is taken exclusively (a hard link, which fails if the name
    exists; where links are not supported, an exclusively created file that
    the copy then replaces), so a kept copy never overwrites anything, and a
    copy cut short by a kill stays under its temporary name for :func:`sweep`.
    """

    def take(candidate: Path) -> bool:
        try:
            os.link(tmp, candidate)
        except FileExistsError:
            return False
        except OSError:
            if not _create_empty(candidate):
                return False
            os.replace(tmp, candidate)
            return True
        with contextlib.suppress(OSError):
            tmp.unlink()
        _fsync_folder(candidate.parent)
        return True

    return _free_name(database, f"{database.stem}-{label}-{stamp()}", take)


# --- leftovers of a killed netlog -------------------------------------------------


def _process_gone(pid: int) -> bool:
    if pid <= 0:
        return False
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except OSError:  # EPERM: alive, someone else's
        return False
    return False


def stale_temps(folder: Path) -> list[Path]:
    """netlog's temporary files in ``folder`` whose process no longer runs."""
    found: list[Path] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return found
    for entry in entries:
        if not entry.name.startswith("."):
            continue
        match = _TEMP.match(entry.name) or _LEGACY.match(entry.name)
        if match is None or not entry.is_file(follow_symlinks=False):
            continue
        if _process_gone(int(match["pid"])):
            found.append(Path(entry.path))
    return sorted(found)


def sweep(folder: Path) -> int:
    """Remove the stale temporary files :func:`stale_temps` finds; returns how many."""
    removed = 0
    for path in stale_temps(folder):
        with contextlib.suppress(OSError):
            path.unlink()
            removed += 1
    return removed
