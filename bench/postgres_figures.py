"""netlog on PostgreSQL beside SQLite: ``due``, ``add`` and a 10k CSV import.

    python bench/run.py --postgres                  # these rows after run.py's table
    python bench/postgres_figures.py [--quick]      # these rows alone

A throwaway PostgreSQL server is started in a temporary folder the way the
tests start theirs (``tests/pgserver.py``: ``initdb`` + ``pg_ctl``, a Unix
socket in that folder only, run as the unprivileged user ``netlog-pg`` when
this runs as root) and stopped at the end. The benchmark network (built by
``bench/dataset.py``) is copied into it with ``netlog db copy``; each command
then runs as its own process, output piped, on the SQLite file and on the
server: ``due`` on the network, ``add`` on a fresh copy each run (a file copy;
on the server a database made from the network's as a template), and the
import of the network's 10,000 contacts as CSV into a new, empty database.
Without the server binaries or the ``postgres`` extra, a note says so and no
PostgreSQL row is printed.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))  # tests/pgserver.py

import dataset  # noqa: E402
import run  # noqa: E402


def _server() -> tuple[object | None, str | None]:
    """A started test server, or None and why not."""
    try:
        import psycopg  # noqa: F401
        import sqlalchemy  # noqa: F401
        from tests.pgserver import PgServer, find_bindir
    except ImportError as exc:
        return None, f"the postgres extra is not installed ({exc.name} is missing)"
    bindir = find_bindir()
    if bindir is None:
        return None, "initdb/pg_ctl/postgres were not found (Debian's postgresql package)"
    server = PgServer(bindir)
    try:
        server.init()
        server.start()
    except Exception as exc:
        server.remove()
        return None, f"the server did not start: {str(exc).splitlines()[0]}"
    return server, None


def report(
    netlog: str, work: Path, base: Path, contacts: int, *, runs: int = 5, warmup: int = 1
) -> list[str]:
    """Lines of a table: due, add, import csv on SQLite and on a local PostgreSQL server."""
    env = {
        **os.environ,
        "NETLOG_CONFIG": str(work / "no-such-config.toml"),
        "NETLOG_TODAY": dataset.TODAY.isoformat(),
    }
    env.pop("NO_COLOR", None)
    csv_file = work / f"pg-contacts-{contacts}.csv"
    on_base = {**env, "NETLOG_DB": str(base)}
    subprocess.run([netlog, "due"], env=on_base, capture_output=True, check=True)
    subprocess.run(
        [netlog, "export", "contacts", "--format", "csv", "-o", str(csv_file)],
        env=on_base,
        capture_output=True,
        check=True,
    )
    copy = work / "pg-bench-copy.db"
    empty = work / "pg-bench-import.db"

    def fresh_copy() -> None:
        run.replace_with_copy(base, copy)

    def no_file() -> None:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{empty}{suffix}").unlink(missing_ok=True)

    add = ["add", "Dr. Bench Mark", "--at", "AAOS 2026", "--tag", "bench"]
    rows: dict[str, list[float | None]] = {
        "netlog due": [run.median_ms([netlog, "due"], on_base, work, runs, warmup)],
        "netlog add": [
            run.median_ms(
                [netlog, *add], {**env, "NETLOG_DB": str(copy)}, work, runs, warmup, fresh_copy
            )
        ],
        f"import csv ({contacts:,})": [
            run.median_ms(
                [netlog, "import", str(csv_file), "--format", "csv"],
                {**env, "NETLOG_DB": str(empty)},
                work,
                runs,
                warmup,
                no_file,
            )
        ],
    }
    server, why = _server()
    note = None
    if server is None:
        note = f"PostgreSQL rows left out: {why}."
        for figures in rows.values():
            figures.append(None)
    else:
        from tests.pgserver import PgServer

        assert isinstance(server, PgServer)
        try:
            _postgres_rows(server, netlog, work, env, base, csv_file, add, rows, runs, warmup)
        finally:
            server.stop("immediate")
            server.remove()
    lines = [
        f"PostgreSQL beside SQLite ({contacts:,} contacts; output piped; median of {runs} runs "
        "after a warm-up; a local server on a Unix socket)",
        "",
        "| command | SQLite | PostgreSQL | ratio |",
        "|---|---:|---:|---:|",
    ]
    for name, (lite, pg) in rows.items():
        assert lite is not None
        shown = f"{pg:.0f} ms" if pg is not None else "—"
        ratio = f"{pg / lite:.1f}×" if pg is not None else "—"
        lines.append(f"| {name} | {lite:.0f} ms | {shown} | {ratio} |")
    if note:
        lines += ["", note]
    return lines


def _postgres_rows(
    server: object,
    netlog: str,
    work: Path,
    env: dict[str, str],
    base: Path,
    csv_file: Path,
    add: list[str],
    rows: dict[str, list[float | None]],
    runs: int,
    warmup: int,
) -> None:
    from tests.pgserver import TEMPLATE, PgServer

    assert isinstance(server, PgServer)
    server.create_template()
    network = server.new_database()
    subprocess.run(
        [netlog, "db", "copy", str(base), network.url], env=env, capture_output=True, check=True
    )
    on_pg = {**env, "NETLOG_DB": network.url}
    subprocess.run([netlog, "due"], env=on_pg, capture_output=True, check=True)
    writable = "netlog_bench_copy"
    target = "netlog_bench_import"

    def fresh_copy() -> None:
        server.sql(f"DROP DATABASE IF EXISTS {writable} WITH (FORCE)")
        server.sql(f"CREATE DATABASE {writable} TEMPLATE {network.name}")

    def empty_database() -> None:
        server.sql(f"DROP DATABASE IF EXISTS {target} WITH (FORCE)")
        server.sql(f"CREATE DATABASE {target} TEMPLATE {TEMPLATE}")

    figures = [
        run.median_ms([netlog, "due"], on_pg, work, runs, warmup),
        run.median_ms(
            [netlog, *add],
            {**env, "NETLOG_DB": server.url(writable)},
            work,
            runs,
            warmup,
            fresh_copy,
        ),
        run.median_ms(
            [netlog, "import", str(csv_file), "--format", "csv"],
            {**env, "NETLOG_DB": server.url(target)},
            work,
            runs,
            warmup,
            empty_database,
        ),
    ]
    for name, figure in zip(rows, figures, strict=True):
        rows[name].append(figure)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="1,000/10,000 and 3 runs")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--work", type=Path, default=HERE / "out", help="folder for data")
    args = parser.parse_args(argv)
    contacts, touchpoints = (1000, 10000) if args.quick else (10000, 100000)
    work: Path = args.work
    work.mkdir(parents=True, exist_ok=True)
    base = work / f"net-{contacts}-{touchpoints}-{args.seed}.db"
    if not base.exists():
        dataset.build(base, contacts, touchpoints, args.seed)
    netlog = str(Path(sys.executable).parent / "netlog")
    if not Path(netlog).exists():
        netlog = shutil.which("netlog") or "netlog"
    runs = 3 if args.quick else args.runs
    sys.stdout.write("\n".join(report(netlog, work, base, contacts, runs=runs)) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
