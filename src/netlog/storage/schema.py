"""The models made plain: writes and checks the modules generated from them.

::

    python -m netlog.storage.schema --write   # after changing netlog.storage.models
    python -m netlog.storage.schema --check   # exit 1 when a generated module is stale

:mod:`netlog.storage.columns` (each table's columns and fields, the tables
undo logs) and :mod:`netlog.storage.ddl` (the ``CREATE`` statements of a new
file, compiled by SQLAlchemy for SQLite) are what commands use, so that they
never import SQLAlchemy; ``tests/test_schema.py`` fails when either differs
from what this module makes of the models. Only that, and this command,
import this module.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from sqlalchemy import Table
from sqlalchemy.dialects import sqlite
from sqlalchemy.schema import CreateIndex, CreateTable

HERE = Path(__file__).parent
LINE = 100  # ruff's line length: a generated module is already formatted


def tables() -> list[Table]:
    """The models' tables, in the order they are declared."""
    from sqlmodel import SQLModel

    import netlog.storage.models  # noqa: F401  (declares the tables)

    return list(SQLModel.metadata.tables.values())


def columns() -> dict[str, tuple[str, ...]]:
    return {t.name: tuple(c.name for c in t.columns) for t in tables()}


def fields() -> dict[str, tuple[str, ...]]:
    """The columns a command writes: neither the key nor the ones netlog keeps itself."""
    return {
        t.name: tuple(c.name for c in t.columns if not c.primary_key and not c.info.get("kept"))
        for t in tables()
    }


def undo_tables() -> tuple[str, ...]:
    return tuple(t.name for t in tables() if t.info.get("undo"))


def recomputed() -> dict[str, tuple[str, ...]]:
    found = {t.name: tuple(c.name for c in t.columns if c.info.get("recomputed")) for t in tables()}
    return {name: cols for name, cols in found.items() if cols}


def _tidy(sql: str) -> str:
    lines = [line.rstrip().replace("\t", "    ") for line in sql.strip().splitlines()]
    return "\n".join(lines)


def create_tables() -> tuple[str, ...]:
    dialect = sqlite.dialect()
    return tuple(_tidy(str(CreateTable(t).compile(dialect=dialect))) for t in tables())


def create_indexes() -> tuple[str, ...]:
    dialect = sqlite.dialect()
    return tuple(
        _tidy(str(CreateIndex(index).compile(dialect=dialect)))
        for t in tables()
        for index in sorted(t.indexes, key=lambda i: str(i.name))
    )


# --- writing Python ---------------------------------------------------------------


def _words(values: Sequence[str], indent: int, prefix: str) -> str:
    """A tuple of strings as ruff formats it: on one line if it fits, else one a line."""
    if len(values) == 1:
        return f'("{values[0]}",)'
    one_line = "(" + ", ".join(f'"{v}"' for v in values) + ")"
    if indent + len(prefix) + len(one_line) <= LINE:
        return one_line
    pad = " " * (indent + 4)
    return "(\n" + "".join(f'{pad}"{v}",\n' for v in values) + " " * indent + ")"


def _constant(name: str, values: Sequence[str], comment: str = "") -> str:
    prefix = f"{name}: tuple[str, ...] = "
    head = f"# {comment}\n" if comment else ""
    return f"{head}{prefix}{_words(values, 0, prefix)}\n"


def _mapping(name: str, items: dict[str, str], comment: str) -> str:
    body = "".join(f'    "{key}": {value},\n' for key, value in items.items())
    return f"# {comment}\n{name}: dict[str, tuple[str, ...]] = {{\n{body}}}\n"


HEADER = '''"""{what}

Generated from :mod:`netlog.storage.models` by ``python -m netlog.storage.schema
--write``; do not edit by hand (tests/test_schema.py fails when this differs
from the models). {why}
"""
'''


def render_columns() -> str:
    parts = [
        HEADER.format(
            what="Each table's columns, in the order the models declare them.",
            why="Plain tuples, so that queries and the undo triggers name\n"
            "columns without importing SQLAlchemy.\n\n"
            "``TABLE_COLUMNS`` are all of a table's columns; ``TABLE_FIELDS`` the ones a\n"
            "command writes: neither the key nor the columns netlog keeps itself (stamps,\n"
            "keys and values derived from other columns; ``kept`` in the models).",
        )
    ]
    all_columns, all_fields = columns(), fields()
    for table, cols in all_columns.items():
        name = table.upper()
        own = all_fields[table]
        parts.append(
            _constant(f"{name}_COLUMNS", cols)
            + (
                _constant(f"{name}_FIELDS", own)
                if own
                else f"{name}_FIELDS: tuple[str, ...] = ()\n"
            )
        )
    parts.append(
        _mapping(
            "COLUMNS",
            {table: f"{table.upper()}_COLUMNS" for table in all_columns},
            "Every table's columns, by table.",
        )
    )
    parts.append(
        _constant("UNDO_TABLES", undo_tables(), "The tables whose rows 'netlog undo' logs.")
    )
    parts.append(
        _mapping(
            "RECOMPUTED",
            {t: _words(cols, 4, f'"{t}": ') for t, cols in recomputed().items()},
            "Columns rewritten on every write: a change to them alone is not the user's.",
        )
    )
    return "\n".join(parts)


def _statements(name: str, statements: Sequence[str]) -> str:
    body = "".join(
        f'    """{sql}""",\n' if "\n" in sql else f'    "{sql}",\n' for sql in statements
    )
    return f"{name}: tuple[str, ...] = (\n{body})\n"


def render_ddl() -> str:
    return "\n".join(
        [
            HEADER.format(
                what="The CREATE statements of a new netlog file, compiled for SQLite.",
                why="A new file runs these, then the triggers (see\n"
                ":func:`netlog.storage.migrations.latest_statements`), and is recorded\n"
                "at the latest schema version.",
            ),
            _statements("TABLES", create_tables()),
            _statements("INDEXES", create_indexes()),
        ]
    )


GENERATED: dict[str, Callable[[], str]] = {"columns.py": render_columns, "ddl.py": render_ddl}


def stale(folder: Path = HERE) -> list[Path]:
    """The generated modules that differ from what the models make now."""
    out = []
    for name, render in GENERATED.items():
        path = folder / name
        if not path.is_file() or path.read_text(encoding="utf-8") != render():
            out.append(path)
    return out


def write(folder: Path = HERE) -> list[Path]:
    written = stale(folder)
    for path in written:
        path.write_text(GENERATED[path.name](), encoding="utf-8")
    return written


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args == ["--write"]:
        for path in write():
            print(f"wrote {path}")
        return 0
    if args == ["--check"]:
        out_of_date = stale()
        for path in out_of_date:
            print(f"{path} differs from the models: run python -m netlog.storage.schema --write")
        return 1 if out_of_date else 0
    print("usage: python -m netlog.storage.schema --write | --check", file=sys.stderr)
    return 2


if __name__ == "__main__":
    raise SystemExit(main())
