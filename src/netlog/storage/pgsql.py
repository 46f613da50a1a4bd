"""netlog's SQLite statements, as PostgreSQL reads them: one careful pass per statement.

The storage writes each statement once, in the SQL both engines share, with
SQLite's parameters (``?`` in order, or ``:name``). :func:`translate` turns it
into PostgreSQL's form, once per distinct statement (cached):

- parameters become ``$1``, ``$2``… (a ``:name`` used twice is the same ``$n``);
  the values are then put in that order by :meth:`Translated.values`;
- SQLite's ``a IS b`` / ``a IS NOT b`` between two values become ``IS NOT
  DISTINCT FROM`` / ``IS DISTINCT FROM`` (``IS [NOT] NULL``, ``TRUE``,
  ``FALSE`` are left alone);
- a unary ``+`` (SQLite's way of keeping a column off an index) is dropped;
- a subquery in ``FROM`` / ``JOIN`` without a name gets one (PostgreSQL 15
  requires it);
- ``LIKE`` becomes ``ILIKE``: SQLite's LIKE ignores the case of ASCII letters,
  and on netlog's text columns (collation "C") so does PostgreSQL's ILIKE;
- ``CAST(x AS BLOB)`` becomes ``convert_to(x, 'UTF8')`` (the bytes of a text) and
  ``char(n)`` becomes ``chr(n)``.

Nothing inside a string literal, a quoted name or a comment is touched. The
pass knows nothing of tables; functions SQLite has and PostgreSQL lacks are
created on the server instead (:mod:`netlog.storage.pgschema`).

Pure Python with no imports beyond the standard library, so it can be tested
without a server.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from netlog.errors import NetlogError


class SqlTranslationError(NetlogError):
    """A statement netlog cannot run on PostgreSQL as written (a bug in netlog)."""


# Token kinds.
_WS, _COMMENT, _STRING, _QUOTED, _NUMBER, _WORD, _PARAM, _OP = range(8)

_TOKEN = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<comment>--[^\n]*|/\*.*?(?:\*/|\Z))
  | (?P<string>'(?:[^']|'')*(?:'|\Z))
  | (?P<quoted>"(?:[^"]|"")*(?:"|\Z)|`(?:[^`]|``)*(?:`|\Z))
  | (?P<number>0[xX][0-9a-fA-F]+|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)
  | (?P<word>[A-Za-z_\u0080-\uffff][A-Za-z0-9_$\u0080-\uffff]*)
  | (?P<param>\?\d*|[:@$][A-Za-z_][A-Za-z0-9_]*)
  | (?P<op>::|<>|!=|<=|>=|==|\|\||<<|>>|->>|->|.)
    """,
    re.VERBOSE | re.DOTALL,
)
_KINDS = {
    "ws": _WS,
    "comment": _COMMENT,
    "string": _STRING,
    "quoted": _QUOTED,
    "number": _NUMBER,
    "word": _WORD,
    "param": _PARAM,
    "op": _OP,
}

# Words after which a ``+`` starts an operand (so it is unary), and words that
# cannot be a subquery's name.
_KEYWORDS = frozenset(
    [
        "ALL",
        "AND",
        "ANY",
        "AS",
        "ASC",
        "BETWEEN",
        "BY",
        "CASE",
        "CROSS",
        "DESC",
        "DISTINCT",
        "ELSE",
        "END",
        "EXCEPT",
        "EXISTS",
        "FROM",
        "FULL",
        "GROUP",
        "HAVING",
        "IN",
        "INNER",
        "INTERSECT",
        "IS",
        "JOIN",
        "LEFT",
        "LIKE",
        "ILIKE",
        "LIMIT",
        "NATURAL",
        "NOT",
        "NULL",
        "OFFSET",
        "ON",
        "OR",
        "ORDER",
        "OUTER",
        "RETURNING",
        "RIGHT",
        "SELECT",
        "SET",
        "THEN",
        "UNION",
        "USING",
        "VALUES",
        "WHEN",
        "WHERE",
        "WINDOW",
        "WITH",
    ]
)
_IS_KEEP = frozenset({"NULL", "TRUE", "FALSE", "UNKNOWN", "DISTINCT", "NOT", "OF", "JSON"})


@dataclass(frozen=True)
class Translated:
    """A statement in PostgreSQL's form and how to order its parameters."""

    sql: str
    # ``?`` parameters: how many; ``:name`` parameters: the names, in ``$n`` order.
    positional: int
    names: tuple[str, ...]

    def values(self, params: Sequence[Any] | Mapping[str, Any] | None) -> list[Any]:
        """The parameters in ``$1, $2…`` order (checks that they fit the statement)."""
        if self.names:
            if not isinstance(params, Mapping):
                raise SqlTranslationError("internal: this statement takes named parameters")
            try:
                return [params[name] for name in self.names]
            except KeyError as exc:
                raise SqlTranslationError(
                    f"internal: no value for the parameter :{exc.args[0]}"
                ) from None
        if params is None:
            params = ()
        if isinstance(params, Mapping):
            if self.positional or params:
                raise SqlTranslationError("internal: this statement takes '?' parameters")
            return []
        values = list(params)
        if len(values) != self.positional:
            raise SqlTranslationError(
                f"internal: the statement takes {self.positional} parameter(s), {len(values)} given"
            )
        return values


@dataclass
class _Tok:
    kind: int
    text: str

    @property
    def upper(self) -> str:
        return self.text.upper() if self.kind == _WORD else ""


def tokenize(sql: str) -> list[_Tok]:
    tokens: list[_Tok] = []
    for match in _TOKEN.finditer(sql):
        group = match.lastgroup
        assert group is not None
        kind = _KINDS[group]
        text = match.group()
        if kind in (_STRING, _QUOTED) and not _closed(text):
            raise SqlTranslationError("internal: a statement has an unclosed quote")
        if kind == _COMMENT and text.startswith("/*") and not text.endswith("*/"):
            raise SqlTranslationError("internal: a statement has an unclosed comment")
        tokens.append(_Tok(kind, text))
    return tokens


def _closed(text: str) -> bool:
    close = text[0]
    return len(text) >= 2 and text.endswith(close)


def _significant(tokens: list[_Tok], start: int, step: int) -> int | None:
    """Index of the next (step=1) or previous (step=-1) token that is not space or comment."""
    i = start
    while 0 <= i < len(tokens):
        if tokens[i].kind not in (_WS, _COMMENT):
            return i
        i += step
    return None


def _matching_paren(tokens: list[_Tok], open_at: int) -> int | None:
    depth = 0
    for i in range(open_at, len(tokens)):
        if tokens[i].kind == _OP and tokens[i].text == "(":
            depth += 1
        elif tokens[i].kind == _OP and tokens[i].text == ")":
            depth -= 1
            if depth == 0:
                return i
    return None


def _starts_operand(tok: _Tok | None) -> bool:
    """True when what follows ``tok`` starts a new operand (a ``+`` there is unary)."""
    if tok is None:
        return True
    if tok.kind == _OP:
        return tok.text != ")"
    if tok.kind == _WORD:
        return tok.upper in _KEYWORDS
    return False


def _drop_space_before(tokens: list[_Tok], at: int) -> None:
    if at > 0 and tokens[at - 1].kind == _WS:
        tokens[at - 1] = _Tok(_WS, "")


def _rewrite(tokens: list[_Tok]) -> list[_Tok]:
    out = list(tokens)
    aliases = 0
    i = 0
    while i < len(out):
        tok = out[i]
        if tok.kind == _OP and tok.text == "+":
            prev = _significant(out, i - 1, -1)
            nxt = _significant(out, i + 1, 1)
            if (
                _starts_operand(out[prev] if prev is not None else None)
                and nxt is not None
                and out[nxt].kind in (_WORD, _QUOTED, _NUMBER, _PARAM)
            ):
                out[i] = _Tok(_WS, "")
        elif tok.kind == _WORD and tok.upper == "IS":
            nxt = _significant(out, i + 1, 1)
            if nxt is not None:
                word = out[nxt].upper
                if word == "NOT":
                    after = _significant(out, nxt + 1, 1)
                    if after is not None and out[after].upper not in _IS_KEEP:
                        out[i] = _Tok(_WORD, "IS DISTINCT FROM")
                        out[nxt] = _Tok(_WS, "")
                        _drop_space_before(out, nxt)
                elif word not in _IS_KEEP:
                    out[i] = _Tok(_WORD, "IS NOT DISTINCT FROM")
        elif tok.kind == _WORD and tok.upper == "LIKE":
            out[i] = _Tok(_WORD, "ILIKE")
        elif tok.kind == _OP and tok.text == "==":
            out[i] = _Tok(_OP, "=")
        elif tok.kind == _QUOTED and tok.text[0] == "`":
            out[i] = _Tok(_QUOTED, '"' + tok.text[1:-1].replace("``", "`").replace('"', '""') + '"')
        elif tok.kind == _WORD and tok.upper in ("FROM", "JOIN"):
            nxt = _significant(out, i + 1, 1)
            if nxt is not None and out[nxt].kind == _OP and out[nxt].text == "(":
                first = _significant(out, nxt + 1, 1)
                close = _matching_paren(out, nxt)
                if (
                    first is not None
                    and out[first].upper in ("SELECT", "WITH", "VALUES")
                    and close is not None
                ):
                    after = _significant(out, close + 1, 1)
                    named = after is not None and (
                        out[after].upper == "AS"
                        or out[after].kind == _QUOTED
                        or (out[after].kind == _WORD and out[after].upper not in _KEYWORDS)
                    )
                    if not named:
                        aliases += 1
                        out.insert(close + 1, _Tok(_WORD, f" AS _netlog_q{aliases}"))
        elif tok.kind == _WORD and tok.upper == "CAST":
            nxt = _significant(out, i + 1, 1)
            if nxt is not None and out[nxt].text == "(":
                close = _matching_paren(out, nxt)
                kind_at = _significant(out, close - 1, -1) if close is not None else None
                as_at = _significant(out, kind_at - 1, -1) if kind_at is not None else None
                if (
                    close is not None
                    and kind_at is not None
                    and as_at is not None
                    and out[kind_at].upper == "BLOB"
                    and out[as_at].upper == "AS"
                ):
                    out[i] = _Tok(_WORD, "convert_to")
                    out[as_at] = _Tok(_OP, ",")
                    _drop_space_before(out, as_at)
                    out[kind_at] = _Tok(_STRING, "'UTF8'")
        elif tok.kind == _WORD and tok.upper == "CHAR":
            nxt = _significant(out, i + 1, 1)
            prev = _significant(out, i - 1, -1)
            if (
                nxt is not None
                and out[nxt].text == "("
                and (prev is None or out[prev].upper != "AS")
            ):
                out[i] = _Tok(_WORD, "chr")
        i += 1
    return out


@functools.lru_cache(maxsize=1024)
def translate(sql: str) -> Translated:
    """``sql`` (netlog's SQLite dialect) in PostgreSQL's form; see the module's doc."""
    tokens = _rewrite(tokenize(sql))
    parts: list[str] = []
    positional = 0
    names: list[str] = []
    for tok in tokens:
        if tok.kind != _PARAM:
            parts.append(tok.text)
            continue
        if tok.text == "?":
            if names:
                raise SqlTranslationError("internal: a statement mixes '?' and ':name' parameters")
            positional += 1
            parts.append(f"${positional}")
        elif tok.text[0] == ":":
            if positional:
                raise SqlTranslationError("internal: a statement mixes '?' and ':name' parameters")
            name = tok.text[1:]
            if name not in names:
                names.append(name)
            parts.append(f"${names.index(name) + 1}")
        else:
            raise SqlTranslationError(
                f"internal: the parameter style {tok.text!r} is not used by netlog"
            )
    return Translated("".join(parts), positional, tuple(names))


# --- what kind of statement -----------------------------------------------------


@dataclass(frozen=True)
class Shape:
    """The first words of a statement: its verb, and the table of an INSERT."""

    verb: str  # SELECT, INSERT, UPDATE, DELETE, BEGIN, COMMIT, ROLLBACK, PRAGMA, WITH, …
    words: tuple[str, ...]  # the leading words, upper-cased (up to 4)
    insert_table: str | None
    returning: bool


@functools.lru_cache(maxsize=1024)
def shape(sql: str) -> Shape:
    tokens = [t for t in tokenize(sql) if t.kind not in (_WS, _COMMENT)]
    words = tuple(t.upper or t.text.upper() for t in tokens[:4])
    verb = words[0] if words else ""
    table = None
    if verb == "INSERT":
        for i, tok in enumerate(tokens):
            if tok.upper == "INTO" and i + 1 < len(tokens):
                name = tokens[i + 1]
                table = name.text.strip('"').lower() if name.kind in (_WORD, _QUOTED) else None
                break
    returning = any(t.upper == "RETURNING" for t in tokens)
    return Shape(verb, words, table, returning)
