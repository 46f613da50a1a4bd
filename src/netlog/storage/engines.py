"""Which engine a database names: an SQLite file path or a PostgreSQL URL.

``--db`` and ``NETLOG_DB`` take either. A value starting with ``postgresql://``
or ``postgresql+psycopg://`` (``postgres://`` too, as hosted services write
it) names a PostgreSQL database; anything else is a file path. Only the
standard library is imported here: this runs on every command's start.

A URL is never shown as given: :func:`redact` drops its password (and any
``password=`` parameter), so messages, logs and ``--debug`` output cannot carry it.
"""

from __future__ import annotations

from pathlib import Path
from urllib import parse  # (a run on a file never calls it: see netlog.cli.typer_shims)

POSTGRES_SCHEMES = ("postgresql", "postgresql+psycopg", "postgres")
# Query parameters that hold a secret: never echoed.
_SECRET_PARAMS = frozenset({"password", "sslpassword", "passfile"})


def is_postgres_url(text: str | Path | None) -> bool:
    """True when ``text`` is a PostgreSQL URL rather than a file path."""
    if text is None or isinstance(text, Path):
        return False
    head, sep, _ = text.strip().partition("://")
    return bool(sep) and head.lower() in POSTGRES_SCHEMES


def target(text: str | Path) -> str | Path:
    """The database ``text`` names: the URL (stripped) or the file path (``~`` expanded)."""
    if is_postgres_url(text):
        return str(text).strip()
    return Path(text).expanduser()


def redact(url: str) -> str:
    """``url`` without its password, for messages: ``postgresql://alice@db.example/netlog``.

    The password in the authority part and secret query parameters are
    dropped, not masked, so not even their length shows.
    """
    try:
        parts = parse.urlsplit(url.strip())
        netloc = parts.netloc
        if "@" in netloc:
            userinfo, _, hostport = netloc.rpartition("@")
            user = userinfo.split(":", 1)[0]
            netloc = f"{user}@{hostport}" if user else hostport
        query = parse.urlencode(
            [
                (k, v)
                for k, v in parse.parse_qsl(parts.query, keep_blank_values=True)
                if k.lower() not in _SECRET_PARAMS
            ],
            safe="/,:=",
        )
        return parse.urlunsplit((parts.scheme, netloc, parts.path, query, ""))
    except ValueError:
        return "the PostgreSQL database (its URL cannot be read)"


def secrets_in(url: str) -> list[str]:
    """The password(s) a URL carries, as written and decoded (to scrub from any text)."""
    found: list[str] = []
    try:
        parts = parse.urlsplit(url.strip())
    except ValueError:
        return found
    userinfo = parts.netloc.rpartition("@")[0]
    if ":" in userinfo:
        found.append(userinfo.split(":", 1)[1])
    for key, value in parse.parse_qsl(parts.query, keep_blank_values=True):
        if key.lower() in _SECRET_PARAMS:
            found.append(value)
    out: list[str] = []
    for secret in found:
        for form in (secret, parse.unquote(secret), parse.quote(parse.unquote(secret), safe="")):
            if form and form not in out:
                out.append(form)
    return out


def scrub(text: str, url: str) -> str:
    """``text`` with every form of ``url``'s password replaced by ``***``."""
    for secret in sorted(secrets_in(url), key=len, reverse=True):
        text = text.replace(secret, "***")
    return text


def describe(url: str) -> str:
    """Where a URL points, in words: ``netlog on db.example:5432 as alice``."""
    try:
        parts = parse.urlsplit(url.strip())
        query = dict(parse.parse_qsl(parts.query, keep_blank_values=True))
        host = parse.unquote(parts.hostname or "") or query.get("host", "") or "the local server"
        port = parts.port or query.get("port")
    except ValueError:
        return redact(url)
    dbname = parse.unquote(parts.path.lstrip("/")) or query.get("dbname", "")
    where = f"{host}:{port}" if port else host
    user = parse.unquote(parts.username or "") or query.get("user", "")
    return f"{dbname or 'the default database'} on {where}" + (f" as {user}" if user else "")
