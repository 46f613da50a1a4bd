"""A real PostgreSQL server for the tests, started in a temporary folder.

``initdb`` + ``pg_ctl`` from Debian's PostgreSQL 15 (``$NETLOG_PG_BIN`` when
set, else ``/usr/lib/postgresql/15/bin``, another version there, or ``PATH``)
start one server per test session, on a Unix socket in that folder only (no
TCP port, so suites running side by side never meet), and stop it at the end. Run as root, the server runs as the
unprivileged system user ``netlog-pg`` (created when missing), since PostgreSQL
refuses to run as root. The default collation is ICU's root locale, which sorts
words as a dictionary does, so a statement that relies on byte order without
saying so shows up here.

Each test that asks for :func:`pg` gets a database of its own (``CREATE
DATABASE … TEMPLATE``), dropped afterwards. Tests marked ``postgres`` need the
server: when the binaries or the ``postgres`` extra are missing they FAIL, unless
``NETLOG_SKIP_PG=1`` says to skip them. With ``NETLOG_REQUIRE_PG=1`` (``.ci/run``)
the run fails when no PostgreSQL test ran or one was skipped.

Registered from ``tests/conftest.py`` with ``pytest_plugins``.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

PG_USER = "netlog-pg"  # the system user the server runs as when the tests run as root
SUPERUSER = "netlog_admin"
SUPERPASS = "s3cret-admin-pw"
TEMPLATE = "netlog_template"
REQUIRED_BINARIES = ("initdb", "pg_ctl", "postgres")


def skip_requested() -> bool:
    return os.environ.get("NETLOG_SKIP_PG") == "1"


def find_bindir() -> Path | None:
    """The folder holding initdb, pg_ctl and postgres (PostgreSQL 15 preferred)."""
    candidates: list[Path] = []
    if os.environ.get("NETLOG_PG_BIN"):  # given: that folder only
        candidates.append(Path(os.environ["NETLOG_PG_BIN"]))
        return candidates[0] if _complete(candidates[0]) else None
    candidates.append(Path("/usr/lib/postgresql/15/bin"))
    candidates += sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)
    found = shutil.which("initdb")
    if found:
        candidates.append(Path(found).resolve().parent)
    for folder in candidates:
        if _complete(folder):
            return folder
    return None


def _complete(folder: Path) -> bool:
    return all((folder / name).is_file() for name in REQUIRED_BINARIES)


def _ensure_system_user() -> None:
    import pwd

    try:
        pwd.getpwnam(PG_USER)
    except KeyError:
        subprocess.run(
            ["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", PG_USER],
            check=True,
            capture_output=True,
        )


@dataclass
class PgDatabase:
    """One test's database: its name, the server and URLs to reach it."""

    server: PgServer
    name: str

    @property
    def url(self) -> str:
        """``postgresql://`` URL with the superuser's password in it."""
        return self.server.url(self.name)

    def url_for(self, user: str, password: str | None = None) -> str:
        return self.server.url(self.name, user=user, password=password)

    def sql(self, statement: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        """Run one statement as the superuser (autocommit); rows if it returns any."""
        return self.server.sql(statement, params, dbname=self.name)


class PgServer:
    """A PostgreSQL cluster in a temporary folder, reached on a Unix socket there."""

    def __init__(self, bindir: Path) -> None:
        self.bindir = bindir
        self.as_root = os.geteuid() == 0
        # Short and under /tmp: a socket path may not exceed ~107 bytes.
        self.base = Path(tempfile.mkdtemp(prefix="netlog-pg-", dir="/tmp"))
        self.data = self.base / "data"
        self.socket_dir = self.base / "run"
        self.log = self.base / "server.log"
        self._names = itertools.count(1)

    # --- running the server ------------------------------------------------

    def _cmd(self, *args: str) -> list[str]:
        if self.as_root:
            return ["runuser", "-u", PG_USER, "--", *args]
        return list(args)

    def _run(self, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
        result = subprocess.run(
            self._cmd(*args), capture_output=True, text=True, timeout=timeout, cwd=self.base
        )
        if result.returncode != 0:
            raise RuntimeError(
                f"{' '.join(args[:2])} failed ({result.returncode}):\n{result.stdout}\n"
                f"{result.stderr}\n{self._log_tail()}"
            )
        return result

    def _log_tail(self) -> str:
        try:
            return "server log:\n" + "\n".join(self.log.read_text().splitlines()[-20:])
        except OSError:
            return ""

    def init(self) -> None:
        if self.as_root:
            _ensure_system_user()
            import pwd

            entry = pwd.getpwnam(PG_USER)
            os.chmod(self.base, 0o755)
            os.chown(self.base, entry.pw_uid, entry.pw_gid)
        self.socket_dir.mkdir(mode=0o755)
        if self.as_root:
            os.chown(self.socket_dir, entry.pw_uid, entry.pw_gid)
        pwfile = self.base / "pwfile"
        pwfile.write_text(SUPERPASS + "\n")
        if self.as_root:
            os.chown(pwfile, entry.pw_uid, entry.pw_gid)
        os.chmod(pwfile, 0o600)
        common = [
            str(self.bindir / "initdb"),
            "-D",
            str(self.data),
            "-U",
            SUPERUSER,
            f"--pwfile={pwfile}",
            "--auth=scram-sha-256",
            "--encoding=UTF8",
            "--locale=C.UTF-8",
            "--no-sync",
        ]
        try:
            self._run(*common, "--locale-provider=icu", "--icu-locale=und")
        except RuntimeError:
            shutil.rmtree(self.data, ignore_errors=True)
            self._run(*common)
        pwfile.unlink()
        with (self.data / "postgresql.conf").open("a") as conf:
            conf.write(
                "\n# netlog tests: a throwaway server\n"
                "listen_addresses = ''\n"
                f"unix_socket_directories = '{self.socket_dir}'\n"
                "fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n"
                "max_connections = 60\nshared_buffers = 32MB\n"
            )

    def start(self) -> None:
        self._run(
            str(self.bindir / "pg_ctl"), "-D", str(self.data), "-l", str(self.log), "-w", "start"
        )

    def stop(self, mode: str = "fast") -> None:
        self._run(str(self.bindir / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop")

    def restart(self) -> None:
        """Stop and start again (every open connection is cut)."""
        self.stop()
        self.start()

    def remove(self) -> None:
        shutil.rmtree(self.base, ignore_errors=True)

    # --- reaching it --------------------------------------------------------

    def url(self, dbname: str, *, user: str = SUPERUSER, password: str | None = SUPERPASS) -> str:
        auth = quote(user, safe="") + (f":{quote(password, safe='')}" if password else "")
        return f"postgresql://{auth}@/{dbname}?host={quote(str(self.socket_dir), safe='')}"

    def sql(
        self, statement: str, params: tuple[Any, ...] = (), *, dbname: str = "postgres"
    ) -> list[tuple[Any, ...]]:
        import psycopg

        with psycopg.connect(
            host=str(self.socket_dir),
            dbname=dbname,
            user=SUPERUSER,
            password=SUPERPASS,
            autocommit=True,
        ) as conn:
            cursor = conn.execute(statement.encode(), params or None)
            return cursor.fetchall() if cursor.description else []

    def create_template(self) -> None:
        self.sql(f"CREATE DATABASE {TEMPLATE} TEMPLATE template0 ENCODING 'UTF8'")

    def new_database(self) -> PgDatabase:
        name = f"netlog_t{os.getpid()}_{next(self._names)}"
        self.sql(f"CREATE DATABASE {name} TEMPLATE {TEMPLATE}")
        return PgDatabase(self, name)

    def drop_database(self, name: str) -> None:
        with contextlib.suppress(Exception):
            self.sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def _unavailable(reason: str) -> None:
    if skip_requested():
        pytest.skip(f"PostgreSQL tests skipped (NETLOG_SKIP_PG=1): {reason}")
    pytest.fail(
        f"PostgreSQL tests cannot run: {reason}. Install Debian's 'postgresql' package and "
        "pip install -e '.[test]', or set NETLOG_SKIP_PG=1 to skip them on purpose",
        pytrace=False,
    )


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    """The session's PostgreSQL server (started on first use, stopped at the end)."""
    if skip_requested():
        pytest.skip("PostgreSQL tests skipped (NETLOG_SKIP_PG=1)")
    try:
        import psycopg  # noqa: F401
        import sqlalchemy  # noqa: F401
    except ImportError as exc:
        _unavailable(f"the postgres extra is not installed ({exc.name} is missing)")
    bindir = find_bindir()
    if bindir is None:
        _unavailable("initdb/pg_ctl/postgres were not found")
        raise AssertionError("unreachable")
    server = PgServer(bindir)
    try:
        server.init()
        server.start()
        server.create_template()
    except Exception as exc:
        server.remove()
        _unavailable(f"the test server did not start: {exc}")
    try:
        yield server
    finally:
        with contextlib.suppress(Exception):
            server.stop("immediate")
        server.remove()


@pytest.fixture
def pg(pg_server: PgServer) -> Iterator[PgDatabase]:
    """A new, empty database on the test server, dropped after the test."""
    db = pg_server.new_database()
    try:
        yield db
    finally:
        pg_server.drop_database(db.name)


# --- making sure the PostgreSQL tests ran -----------------------------------------


class _PgTally:
    def __init__(self) -> None:
        self.passed = 0
        self.skipped: list[str] = []
        self.failed = 0


_TALLY = _PgTally()


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "postgres: needs the real PostgreSQL test server (tests/pgserver.py)"
    )


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        callspec = getattr(item, "callspec", None)
        on_pg = callspec is not None and callspec.params.get("engine") == "postgres"
        if (
            on_pg
            or "pg" in getattr(item, "fixturenames", ())
            or "pg_server" in getattr(item, "fixturenames", ())
        ):
            item.add_marker(pytest.mark.postgres)


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if "postgres" not in report.keywords:
        return
    if report.skipped:
        _TALLY.skipped.append(report.nodeid)
    elif report.failed:
        _TALLY.failed += 1
    elif report.when == "call" and report.passed:
        _TALLY.passed += 1


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if os.environ.get("NETLOG_REQUIRE_PG") != "1":
        return
    problem = None
    if _TALLY.skipped:
        problem = f"{len(_TALLY.skipped)} PostgreSQL test(s) were skipped: " + ", ".join(
            _TALLY.skipped[:5]
        )
    elif _TALLY.passed == 0 and _TALLY.failed == 0:
        problem = "no PostgreSQL test ran"
    if problem is None:
        return
    sys.stderr.write(
        f"\nERROR: NETLOG_REQUIRE_PG=1 but {problem}; the PostgreSQL tests must run here\n"
    )
    session.exitstatus = pytest.ExitCode.TESTS_FAILED


def wait_until(predicate: Any, timeout: float = 10.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return bool(predicate())
