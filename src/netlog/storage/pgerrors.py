"""netlog's PostgreSQL errors in one line: the database by its redacted URL, no password, no data.

Connection failures (wrong or missing password, unknown host, nothing
listening, missing database or role, pg_hba.conf), permissions, lock
timeouts, conflicts, a connection lost (the server restarted) and anything
else each become one :class:`netlog.errors.DatabaseError` line; the driver's
own words are kept only up to their first colon, since what follows may quote
a value.
"""

from __future__ import annotations

from netlog.errors import DatabaseError, NetlogError
from netlog.storage import engines

INSTALL_HINT = "pip install 'netlog[postgres]'"
CONNECT_TIMEOUT_S = 10
# Serialization failure and deadlock: the transaction can simply run again.
RETRYABLE = frozenset({"40001", "40P01"})


class PgUnavailable(NetlogError):
    """The postgres extra (psycopg, SQLAlchemy) is not installed."""


class Conflict(DatabaseError):
    """A serialization failure or deadlock: nothing was written; the command may run again."""

    retryable = True


def require_driver() -> None:
    """Refuse, in one line, when the postgres extra is missing."""
    try:
        import psycopg  # noqa: F401
        import sqlalchemy  # noqa: F401
    except ImportError as exc:
        raise PgUnavailable(
            f"PostgreSQL support needs the postgres extra ({exc.name} is missing): {INSTALL_HINT}"
        ) from None


def sqlstate(exc: BaseException) -> str | None:
    """The SQLSTATE of a psycopg error (or of the one a SQLAlchemy error wraps)."""
    state = getattr(exc, "sqlstate", None)
    if state is None:
        orig = getattr(exc, "orig", None)  # a SQLAlchemy wrapper
        state = getattr(orig, "sqlstate", None)
    return state if isinstance(state, str) else None


def _driver_text(exc: BaseException) -> str:
    orig = getattr(exc, "orig", None)
    return str(orig if orig is not None else exc)


def connection_lost(exc: BaseException) -> bool:
    """True when the error means the connection to the server is gone."""
    state = sqlstate(exc) or ""
    if state.startswith("08") or state in ("57P01", "57P02", "57P03"):
        return True
    text = _driver_text(exc).lower()
    return any(
        words in text
        for words in (
            "server closed the connection",
            "terminating connection",
            "connection is closed",
            "the connection is lost",
            "consuming input failed",
            "connection not open",
            "connection is bad",
            "no connection to the server",
            "ssl syscall error",
            "server conn crashed",
        )
    )


def translate_error(exc: BaseException, url: str, *, during: str = "") -> NetlogError:
    """One line for ``exc``, naming the database by its redacted URL; no password, no data.

    ``during`` is the statement's verb, so that a connection lost on COMMIT
    says the change may or may not have been saved.
    """
    if isinstance(exc, NetlogError):
        return exc
    where = engines.redact(url)
    state = sqlstate(exc) or ""
    text = engines.scrub(_driver_text(exc), url)
    low = text.lower()
    if "password authentication failed" in low or state == "28P01":
        return DatabaseError(
            f"PostgreSQL refused the password for {where}; check the password in the URL, "
            "PGPASSWORD or ~/.pgpass"
        )
    if "no password supplied" in low or "password is required" in low:
        return DatabaseError(
            f"PostgreSQL asks for a password for {where}; give it in PGPASSWORD or ~/.pgpass"
        )
    if state == "3D000" or ("database" in low and "does not exist" in low):
        return DatabaseError(
            f"the database in {where} does not exist on that server; create it "
            "(createdb) or check the URL"
        )
    if state == "28000" and "role" in low:
        return DatabaseError(f"the PostgreSQL user in {where} does not exist; check the URL")
    if "pg_hba.conf" in low or state == "28000":
        return DatabaseError(
            f"the PostgreSQL server does not let this machine or user in ({where}); "
            "its pg_hba.conf decides"
        )
    if state == "42501":
        return DatabaseError(
            f"the PostgreSQL user has no right to do this in {where} (permission denied); "
            "ask the server's administrator"
        )
    if state == "55P03" or "lock timeout" in low:
        return DatabaseError(
            f"the database {where} is busy with another netlog client's change; nothing "
            "was written. Try again in a moment"
        )
    if state in RETRYABLE:
        return Conflict(
            f"the database {where} kept conflicting with other clients' changes; nothing "
            "was written. Try again"
        )
    if state == "53300" or "too many clients" in low or "remaining connection slots" in low:
        return DatabaseError(f"the PostgreSQL server for {where} has no free connection; try again")
    if connection_lost(exc):
        if during == "COMMIT":
            return DatabaseError(
                f"the connection to {where} was lost while saving; the change may or may not "
                "have been written (the server restarted?). Check with 'netlog undo --list'"
            )
        return DatabaseError(
            f"lost the connection to {where} (the server restarted or went away); nothing "
            "was written. Run the command again"
        )
    if _is_unreachable(low):
        return DatabaseError(f"cannot reach the PostgreSQL server for {where}: {_reason(low)}")
    if state.startswith("23"):
        return DatabaseError(
            f"the database {where} refused a change that breaks one of its rules "
            f"({_first_words(text)}); run 'netlog doctor'"
        )
    if not state:
        return DatabaseError(f"cannot use the PostgreSQL database {where}: {_first_words(text)}")
    return DatabaseError(
        f"database error on {where}: {_first_words(text)} (SQLSTATE {state}); run 'netlog doctor'"
    )


def _is_unreachable(low: str) -> bool:
    return any(
        words in low
        for words in (
            "connection refused",
            "could not translate host name",
            "name or service not known",
            "timeout expired",
            "timed out",
            "no route to host",
            "network is unreachable",
            "no such file or directory",
            "could not connect",
            "connection to server",
        )
    )


def _reason(low: str) -> str:
    if "connection refused" in low or "no such file or directory" in low:
        return "nothing answers there (is the server running, and is the host and port right?)"
    if "could not translate host name" in low or "name or service not known" in low:
        return "the host name is unknown"
    if "timeout" in low or "timed out" in low:
        return f"no answer within {CONNECT_TIMEOUT_S} s"
    if "no route to host" in low or "network is unreachable" in low:
        return "the network has no way there"
    return "the connection failed"


def _first_words(text: str) -> str:
    """The driver's first line up to its first colon: what follows may quote data."""
    line = text.strip().splitlines()[0] if text.strip() else ""
    for prefix in ("FATAL:", "ERROR:"):
        if line.startswith(prefix):
            line = line[len(prefix) :].strip()
    return line.split(":", 1)[0].strip().rstrip(".") or "unknown error"
