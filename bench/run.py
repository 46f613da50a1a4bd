"""Time whole netlog processes on a large network and print a Markdown table.

    python bench/run.py                     # 10,000 contacts / 100,000 touchpoints
    python bench/run.py --quick             # small data, few runs: a smoke test
    python bench/run.py --json bench/out/latest.json

Each command runs as its own process, the installed ``netlog`` console script
next to this interpreter (never through a pyenv shim), with output piped (as
in scripts and as ``netlog due | head``), ``NETLOG_TODAY`` fixed to the data
set's day and a settings file that does not exist (defaults). After warm-up
runs, the median of the timed runs is reported, with the peak resident memory
of any run (``ru_maxrss`` from ``wait4``) and the ratio to ``python -c pass``
measured in the same session. Writes (``add``, ``log``, ``import``) run on
copies of the database. Commands this tree does not have yet (``export``,
``import``, ``week``, ``team``) are skipped, and so is Taskwarrior's ``task
next`` on 10,000 tasks when ``task`` is not installed.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import dataset  # noqa: E402

# Targets from SPEC.md "Qualities: Fast" (milliseconds), by benchmark name.
TARGETS_MS: dict[str, float] = {
    "netlog --help": 150,
    "netlog due": 200,
    "netlog add": 250,
    "netlog log": 250,
    "netlog export (10k contacts, csv)": 1000,
    "netlog export (10k contacts, vcard)": 1000,
    "netlog export (pending follow-ups, ics)": 1000,
    "netlog import (10k rows, csv)": 3000,
}
MEMORY_LIMIT_MB = 100


@dataclass
class Result:
    name: str
    runs_ms: list[float] = field(default_factory=list)
    peak_rss_mb: float = 0.0
    skipped: str | None = None

    @property
    def median_ms(self) -> float:
        return statistics.median(self.runs_ms) if self.runs_ms else float("nan")


TIME = "/usr/bin/time"


def run_once(argv: Sequence[str], env: dict[str, str], cwd: Path) -> tuple[float, float, int, str]:
    """(wall ms, peak RSS MB, exit code, stderr) of one process.

    The peak comes from GNU time when it is installed: ``ru_maxrss`` of a
    child forked from this (larger) process would count the pages it shared
    with us before ``exec``. Without it, ``wait4``'s figure is an upper bound.
    """
    gnu_time = os.path.exists(TIME)
    with tempfile.TemporaryFile() as errors, tempfile.NamedTemporaryFile("r") as rss_file:
        command = [TIME, "-f", "%M", "-o", rss_file.name, *argv] if gnu_time else list(argv)
        started = time.perf_counter()
        proc = subprocess.Popen(
            command,
            env=env,
            cwd=cwd,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=errors,
        )
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = (time.perf_counter() - started) * 1000
        proc.returncode = os.waitstatus_to_exitcode(status)
        errors.seek(0)
        text = errors.read().decode("utf-8", "replace")
        kilobytes = usage.ru_maxrss
        if gnu_time:
            lines = rss_file.read().split()
            kilobytes = int(lines[-1]) if lines and lines[-1].isdigit() else kilobytes
    # ru_maxrss is in kilobytes on Linux (bytes on macOS).
    scale = 1 / 1024 / 1024 if sys.platform == "darwin" and not gnu_time else 1 / 1024
    return elapsed, kilobytes * scale, proc.returncode, text


def measure(
    name: str,
    argv: Sequence[str],
    env: dict[str, str],
    cwd: Path,
    *,
    warmup: int,
    runs: int,
    before: Callable[[], None] | None = None,
) -> Result:
    result = Result(name)
    for n in range(warmup + runs):
        if before is not None:
            before()
        ms, rss, code, stderr = run_once(argv, env, cwd)
        if code != 0:
            raise SystemExit(f"{name}: exit {code}: {stderr.strip()[:500]}")
        result.peak_rss_mb = max(result.peak_rss_mb, rss)
        if n >= warmup:
            result.runs_ms.append(ms)
    return result


def has_command(netlog: str, command: str, env: dict[str, str], cwd: Path) -> bool:
    probe = subprocess.run(
        [netlog, command, "--help"], env=env, cwd=cwd, capture_output=True, check=False
    )
    return probe.returncode == 0


def find_netlog() -> str:
    """The console script installed next to this interpreter (not a pyenv shim)."""
    candidate = Path(sys.executable).parent / "netlog"
    if candidate.exists():
        return str(candidate)
    found = shutil.which("netlog")
    if found is None:
        raise SystemExit("netlog is not installed: pip install -e . in this environment")
    return found


def taskwarrior(work: Path, count: int, warmup: int, runs: int) -> Result:
    """Taskwarrior's ``task next`` on ``count`` pending tasks, for comparison."""
    task = shutil.which("task")
    if task is None:
        return Result("task next (Taskwarrior, 10k tasks)", skipped="task not installed")
    data = work / "taskdata"
    data.mkdir(exist_ok=True)
    rc = work / "taskrc"
    rc.write_text(
        f"data.location={data}\nconfirmation=off\nverbose=nothing\ncolor=off\n"
        "hooks=off\nrecurrence=off\n",
        encoding="utf-8",
    )
    env = {**os.environ, "TASKRC": str(rc), "TASKDATA": str(data)}
    version = subprocess.run(
        [task, "--version"], env=env, capture_output=True, text=True, check=False
    ).stdout.strip()
    name = f"task next (Taskwarrior {version}, {count // 1000}k tasks)"
    if not (data / "pending.data").exists() and not (data / "taskchampion.sqlite3").exists():
        day = dataset.TODAY
        tasks = [
            {
                "description": f"Follow up with contact {i}",
                "status": "pending",
                "entry": f"{(day - timedelta(days=i % 900)).strftime('%Y%m%d')}T090000Z",
                "due": f"{(day + timedelta(days=(i % 60) - 30)).strftime('%Y%m%d')}T090000Z",
                "project": ("network", "research", "letters")[i % 3],
                "tags": [("ortho", "img", "core", "aaos")[i % 4]],
                "uuid": f"00000000-0000-4000-8000-{i:012d}",
            }
            for i in range(count)
        ]
        source = work / "tasks.json"
        source.write_text(json.dumps(tasks), encoding="utf-8")
        subprocess.run(
            [task, "rc.verbose=nothing", "import", str(source)],
            env=env,
            capture_output=True,
            check=True,
        )
    return measure(name, [task, "rc.color=off", "next"], env, work, warmup=warmup, runs=runs)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--contacts", type=int, default=10000)
    parser.add_argument("--touchpoints", type=int, default=100000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--warmup", type=int, default=1)
    parser.add_argument("--quick", action="store_true", help="1,000/10,000 and 3 runs")
    parser.add_argument("--work", type=Path, default=HERE / "out", help="folder for data")
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    parser.add_argument("--no-task", action="store_true", help="skip Taskwarrior")
    args = parser.parse_args(argv)
    if args.quick:
        args.contacts, args.touchpoints, args.runs = 1000, 10000, 3

    work: Path = args.work
    work.mkdir(parents=True, exist_ok=True)
    base = work / f"net-{args.contacts}-{args.touchpoints}-{args.seed}.db"
    if not base.exists():
        line = dataset.build(base, args.contacts, args.touchpoints, args.seed)
        sys.stderr.write(f"built {base}: {line}\n")
    netlog = find_netlog()
    python = str(Path(sys.executable))
    env = {
        **os.environ,
        "NETLOG_DB": str(base),
        "NETLOG_CONFIG": str(work / "no-such-config.toml"),
        "NETLOG_TODAY": dataset.TODAY.isoformat(),
        "NO_COLOR": "1",
    }
    # As installed for a user: bytecode cached (an editable install writes it on
    # the first run, unless PYTHONDONTWRITEBYTECODE is set; then every run
    # compiles netlog's modules again, ~20 ms).
    for variable in ("PYTHONPROFILEIMPORTTIME", "PYTHONDONTWRITEBYTECODE", "PYTHONVERBOSE"):
        env.pop(variable, None)
    copy = work / "write-copy.db"

    def fresh_copy() -> None:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{copy}{suffix}").unlink(missing_ok=True)
        shutil.copyfile(base, copy)
        os.chmod(copy, 0o600)

    write_env = {**env, "NETLOG_DB": str(copy)}
    opts = {"warmup": args.warmup, "runs": args.runs}
    cwd = work
    results: list[Result] = []
    notes: list[str] = []

    # Ensure the stored follow-ups match the default settings before timing.
    subprocess.run([netlog, "due"], env=env, cwd=cwd, capture_output=True, check=True)

    results.append(measure("python -c pass", [python, "-c", "pass"], env, cwd, **opts))
    results.append(measure("netlog --help", [netlog, "--help"], env, cwd, **opts))
    results.append(measure("netlog due", [netlog, "due"], env, cwd, **opts))
    results.append(measure("netlog due --json", [netlog, "due", "--json"], env, cwd, **opts))
    results.append(measure("netlog list --json", [netlog, "list", "--json"], env, cwd, **opts))
    show_id = str(args.contacts // 2 + 7)
    results.append(measure("netlog show <id>", [netlog, "show", show_id], env, cwd, **opts))
    fresh_copy()
    results.append(
        measure(
            "netlog add",
            [netlog, "add", "Dr. Bench Mark", "--at", "AAOS 2026", "--tag", "bench"],
            write_env,
            cwd,
            **opts,
        )
    )
    results.append(
        measure(
            "netlog log",
            [
                netlog,
                "log",
                show_id,
                "--kind",
                "update",
                "--note",
                "sent the draft",
                "--awaiting-reply",
            ],
            write_env,
            cwd,
            **opts,
        )
    )

    csv_file = work / "contacts.csv"
    if has_command(netlog, "export", env, cwd):
        results.append(
            measure(
                "netlog export (10k contacts, csv)",
                [netlog, "export", "contacts", "--format", "csv", "-o", str(csv_file)],
                env,
                cwd,
                **opts,
            )
        )
        for fmt, name in (
            ("vcard", "netlog export (10k contacts, vcard)"),
            ("ics", "netlog export (pending follow-ups, ics)"),
        ):
            out_file = work / f"export.{fmt}"
            results.append(
                measure(
                    name,
                    [netlog, "export", "contacts", "--format", fmt, "-o", str(out_file)],
                    env,
                    cwd,
                    **opts,
                )
            )
    else:
        results.append(Result("netlog export (10k contacts, csv)", skipped="no export command"))
    if has_command(netlog, "import", env, cwd) and csv_file.exists():
        empty = work / "import-target.db"

        def empty_db() -> None:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{empty}{suffix}").unlink(missing_ok=True)

        results.append(
            measure(
                "netlog import (10k rows, csv)",
                [netlog, "import", str(csv_file), "--format", "csv"],
                {**env, "NETLOG_DB": str(empty)},
                cwd,
                before=empty_db,
                **opts,
            )
        )
        # The spreadsheet round trip keeps every person (namesakes included).
        import sqlite3

        with sqlite3.connect(empty) as conn:
            kept = int(conn.execute("SELECT count(*) FROM contact").fetchone()[0])
        with sqlite3.connect(base) as conn:
            stored = int(conn.execute("SELECT count(*) FROM contact").fetchone()[0])
        notes.append(f"CSV round trip into an empty database: {kept:,} of {stored:,} contacts kept")
    else:
        results.append(
            Result("netlog import (10k rows, csv)", skipped="no import command or no export")
        )
    for command in ("week", "team"):
        if has_command(netlog, command, env, cwd):
            results.append(measure(f"netlog {command}", [netlog, command], env, cwd, **opts))
        else:
            results.append(Result(f"netlog {command}", skipped=f"no {command} command"))
    if not args.no_task:
        results.append(taskwarrior(work, 10000, args.warmup, args.runs))

    baseline = results[0].median_ms
    machine = (
        f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPUs, "
        f"Python {platform.python_version()}"
    )
    header = (
        f"{args.contacts:,} contacts, {args.touchpoints:,} touchpoints; "
        f"{args.warmup} warm-up + {args.runs} runs; {machine}"
    )
    lines = [
        header,
        "",
        "| command | median ms | min–max ms | × python | peak RSS MB | target ms |",
        "|---|--:|--:|--:|--:|--:|",
    ]
    for r in results:
        if r.skipped:
            lines.append(f"| {r.name} | skipped: {r.skipped} | | | | |")
            continue
        target = TARGETS_MS.get(r.name)
        verdict = ""
        if target is not None:
            verdict = f"{target:.0f} {'✓' if r.median_ms <= target else '✗'}"
        rss = f"{r.peak_rss_mb:.0f}" + (" ✗" if r.peak_rss_mb > MEMORY_LIMIT_MB else "")
        lines.append(
            f"| {r.name} | {r.median_ms:.0f} | {min(r.runs_ms):.0f}–{max(r.runs_ms):.0f} "
            f"| {r.median_ms / baseline:.1f} | {rss} | {verdict} |"
        )
    lines.extend(["", *notes] if notes else [])
    sys.stdout.write("\n".join(lines) + "\n")
    if args.json:
        payload = {
            "contacts": args.contacts,
            "touchpoints": args.touchpoints,
            "seed": args.seed,
            "warmup": args.warmup,
            "runs": args.runs,
            "machine": machine,
            "results": [
                {
                    "name": r.name,
                    "median_ms": None if r.skipped else round(r.median_ms, 1),
                    "runs_ms": [round(x, 1) for x in r.runs_ms],
                    "peak_rss_mb": None if r.skipped else round(r.peak_rss_mb, 1),
                    "ratio_to_python": None if r.skipped else round(r.median_ms / baseline, 2),
                    "target_ms": TARGETS_MS.get(r.name),
                    "skipped": r.skipped,
                }
                for r in results
            ],
        }
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
