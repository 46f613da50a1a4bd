"""Time whole netlog processes against Taskwarrior's ``task next`` and print one table.

    python bench/run.py                          # 10,000 contacts / 100,000 touchpoints
    python bench/run.py --large                  # and 100,000 / 1,000,000
    python bench/run.py --quick                  # small data, few runs: a smoke test
    python bench/run.py --json bench/out/latest.json --docs docs/performance.md

Each command runs as its own process (the ``netlog`` console script next to
this interpreter), once with its output piped and once on a pseudo-terminal
80 columns wide, both with their normal output (colour where the program
gives it on a terminal). After warm-up runs the median and the min–max of
the timed runs are reported, with the peak resident memory (GNU time's
``%M`` where installed, else ``wait4``), the ratio to ``task next`` on two
Taskwarrior data sets built here with ``task import`` (10,000 minimal tasks:
a description and a due date; 10,000 realistic ones: a project, two tags, an
annotation and a due date), and the ratio to ``python -c pass``. Writes run on
a fresh copy of the database for every run. The ``task`` columns are empty,
with a note, where Taskwarrior is not installed.

A command with a ratio target is timed pair by pair: each of its runs comes
right after one ``task next`` run on each data set, and its ratio is to the
median of those runs, so a machine that slows down for a minute moves both
sides. The ``task next`` rows show the runs timed on their own. The ratio
targets are set on 10,000 contacts; at 100,000 / 1,000,000 the targets are a
time and 100 MB.

``--docs FILE`` rewrites the figures section of ``docs/performance.md`` (the
text between its ``<!-- figures -->`` markers) with this run's table.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import pty
import shutil
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from fcntl import ioctl
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import dataset  # noqa: E402

MEMORY_LIMIT_MB = 100
TIME = "/usr/bin/time"
MODES = ("pipe", "pty")
FLOOR = (
    "import sqlite3, sys\n"
    "c = sqlite3.connect(sys.argv[1])\n"
    "q = 'FROM pending p JOIN contact c ON c.id = p.contact_id WHERE p.due <= ?'\n"
    "print(c.execute('SELECT count(*) ' + q, (sys.argv[2],)).fetchone()[0], 'due')\n"
    "for r in c.execute('SELECT p.due, c.name, p.rule, p.reason, p.action ' + q + "
    "' ORDER BY p.due LIMIT 50', (sys.argv[2],)):\n"
    "    print(*r, sep='  ')\n"
)


@dataclass(frozen=True)
class Target:
    """What a row must meet: a ratio to ``task next`` and/or a time, by scale."""

    minimal: float | None = None  # × task next on minimal tasks
    realistic: float | None = None  # × task next on realistic tasks
    large_ms: float | None = None  # at 100k/1M
    small_ms: float | None = None  # at 10k/100k
    ratio_large: bool = False  # the ratios hold at 100k/1M too (completion: "on 100k contacts")


VIEW = Target(realistic=2.0, large_ms=1000)
TARGETS: dict[str, Target] = {
    "netlog --help": Target(realistic=1.0, minimal=1.0),
    "netlog due --help": Target(realistic=1.0, minimal=1.0),
    "netlog due": Target(minimal=0.8, realistic=0.5),
    "netlog add": Target(realistic=0.6),
    "netlog log": Target(realistic=0.6),
    "netlog show": Target(realistic=0.6),
    "netlog draft": Target(realistic=0.6),
    "netlog undo": Target(realistic=0.6),
    "netlog list": VIEW,
    "netlog list --json": VIEW,
    "netlog week": VIEW,
    "netlog team": VIEW,
    "netlog stats": VIEW,
    "netlog prep": VIEW,
    "netlog letters": VIEW,
    "netlog doctor": Target(realistic=2.0, large_ms=3000),
    "completion of a name": Target(realistic=0.5, ratio_large=True),
    "export csv": Target(small_ms=1000),
    "export json": Target(small_ms=1000),
    "export vcard": Target(small_ms=1000),
    "export ics": Target(small_ms=1000),
    "import csv": Target(small_ms=3000),
    "import vcard": Target(small_ms=3000),
}


@dataclass
class Result:
    name: str
    scale: str
    mode: str
    runs_ms: list[float] = field(default_factory=list)
    peak_rss_mb: float = 0.0
    skipped: str | None = None
    # ``task next`` timed beside this command, run for run (kind -> runs)
    paired_ms: dict[str, list[float]] = field(default_factory=dict)

    @property
    def median_ms(self) -> float:
        return statistics.median(self.runs_ms) if self.runs_ms else float("nan")


def _drain(fd: int) -> None:
    while True:
        try:
            if not os.read(fd, 65536):
                return
        except OSError:
            return


def run_once(
    argv: Sequence[str], env: dict[str, str], cwd: Path, mode: str
) -> tuple[float, float, int, str]:
    """(wall ms, peak RSS MB, exit code, stderr) of one process, piped or on a pty."""
    gnu_time = os.path.exists(TIME)
    with tempfile.TemporaryFile() as errors, tempfile.NamedTemporaryFile("r") as rss_file:
        command = [TIME, "-f", "%M", "-o", rss_file.name, *argv] if gnu_time else list(argv)
        if mode == "pty":
            read_end, out = pty.openpty()
            ioctl(out, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 80, 0, 0))
            run_env = {**env, "TERM": "xterm-256color", "COLUMNS": "80", "LINES": "40"}
        else:
            read_end, out = os.pipe()
            run_env = env
        # cat reads the output as fast as a terminal emulator or a program in a
        # pipe would: a Python thread reading a pty a few kilobytes at a time
        # added ~0.3 s to a command writing 30 MB.
        reader: threading.Thread | None = None
        terminal: subprocess.Popen[bytes] | None = None
        cat = shutil.which("cat")
        if cat is not None:
            terminal = subprocess.Popen(
                [cat], stdin=read_end, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
            )
        else:
            reader = threading.Thread(target=_drain, args=(read_end,), daemon=True)
            reader.start()
        started = time.perf_counter()
        proc = subprocess.Popen(
            command,
            env=run_env,
            cwd=cwd,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=errors,
        )
        os.close(out)
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = (time.perf_counter() - started) * 1000
        if reader is not None:
            reader.join(timeout=5)
        if terminal is not None:
            terminal.wait(timeout=5)
        os.close(read_end)
        code = os.waitstatus_to_exitcode(status)
        errors.seek(0)
        text = errors.read().decode("utf-8", "replace")
        kilobytes = usage.ru_maxrss
        if gnu_time:
            lines = rss_file.read().split()
            kilobytes = int(lines[-1]) if lines and lines[-1].isdigit() else kilobytes
    scale = 1 / 1024 / 1024 if sys.platform == "darwin" and not gnu_time else 1 / 1024
    return elapsed, kilobytes * scale, code, text


@dataclass(frozen=True)
class Case:
    name: str
    argv: Sequence[str]
    env: dict[str, str] | None = None  # extra variables
    before: Callable[[], None] | None = None
    writes: bool = False  # runs on a fresh copy of the database


def measure(
    case: Case,
    scale: str,
    mode: str,
    env: dict[str, str],
    cwd: Path,
    warmup: int,
    runs: int,
    pairs: Sequence[tuple[str, Case, dict[str, str]]] = (),
) -> Result:
    """Time ``case``; each of its runs right after one run of every baseline in
    ``pairs`` (kind, case, environment), so that the ratio compares runs taken
    side by side, under the same load, rather than minutes apart."""
    result = Result(case.name, scale, mode)
    full_env = {**env, **(case.env or {})}
    for n in range(warmup + runs):
        for kind, base, base_env in pairs:
            ms, _, code, stderr = run_once(base.argv, base_env, cwd, mode)
            if code != 0:
                raise SystemExit(f"{base.name} ({mode}): exit {code}: {stderr.strip()[:500]}")
            if n >= warmup:
                result.paired_ms.setdefault(kind, []).append(ms)
        if case.before is not None:
            case.before()
        ms, rss, code, stderr = run_once(case.argv, full_env, cwd, mode)
        if code != 0:
            raise SystemExit(f"{case.name} ({mode}): exit {code}: {stderr.strip()[:500]}")
        result.peak_rss_mb = max(result.peak_rss_mb, rss)
        if n >= warmup:
            result.runs_ms.append(ms)
    return result


def find_netlog() -> str:
    """The console script installed next to this interpreter (not a pyenv shim)."""
    candidate = Path(sys.executable).parent / "netlog"
    if candidate.exists():
        return str(candidate)
    found = shutil.which("netlog")
    if found is None:
        raise SystemExit("netlog is not installed: pip install -e . in this environment")
    return found


def _stamp(day: object) -> str:
    return f"{day:%Y%m%d}T090000Z"


def task_data(work: Path, count: int, realistic: bool) -> tuple[dict[str, str], str] | None:
    """A Taskwarrior data set of ``count`` pending tasks; (environment, label)."""
    task = shutil.which("task")
    if task is None:
        return None
    label = "realistic" if realistic else "minimal"
    data = work / f"taskdata-{label}-{count}"
    data.mkdir(parents=True, exist_ok=True)
    rc = work / f"taskrc-{label}"
    rc.write_text(
        f"data.location={data}\nconfirmation=off\nhooks=off\nrecurrence=off\nnews.version=2.6.2\n",
        encoding="utf-8",
    )
    env = {**os.environ, "TASKRC": str(rc), "TASKDATA": str(data)}
    if not (data / "pending.data").exists():
        day = dataset.TODAY
        tasks = []
        for i in range(count):
            item: dict[str, object] = {
                "description": f"Follow up with contact {i}",
                "status": "pending",
                "entry": _stamp(day - timedelta(days=i % 900)),
                "due": _stamp(day + timedelta(days=(i % 60) - 30)),
                "uuid": f"00000000-0000-4000-8000-{i:012d}",
            }
            if realistic:
                item["project"] = ("network", "research", "letters")[i % 3]
                item["tags"] = [
                    ("ortho", "img", "core", "aaos")[i % 4],
                    ("boston", "sports")[i % 2],
                ]
                item["annotations"] = [
                    {
                        "entry": _stamp(day - timedelta(days=i % 300)),
                        "description": "talked about the ACL registry at AAOS",
                    }
                ]
            tasks.append(item)
        source = work / f"tasks-{label}.json"
        source.write_text(json.dumps(tasks), encoding="utf-8")
        subprocess.run(
            [task, "rc.verbose=nothing", "import", str(source)],
            env=env,
            capture_output=True,
            check=True,
        )
    return env, label


def replace_with_copy(base: Path, copy: Path) -> None:
    """Put a fresh 0600 copy of ``base`` at ``copy`` (its old -wal/-shm removed)."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{copy}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(base, copy)
    os.chmod(copy, 0o600)
    # On disk before the timed run: else the command's first sync writes out
    # the whole copy, and the write commands are timed flushing the harness's file.
    with open(copy, "rb") as handle:
        os.fsync(handle.fileno())


def median_ms(
    argv: Sequence[str],
    env: dict[str, str],
    cwd: Path,
    runs: int,
    warmup: int,
    before: Callable[[], None] | None = None,
) -> float:
    """Median wall time of ``argv`` run piped, as :func:`measure` times every row."""
    case = Case(" ".join(argv[1:3]), argv, before=before)
    return measure(case, "", "pipe", env, cwd, warmup, runs).median_ms


def netlog_cases(netlog: str, python: str, work: Path, base: Path, contacts: int) -> list[Case]:
    copy = work / "write-copy.db"

    def fresh_copy() -> None:
        replace_with_copy(base, copy)

    def copy_with_change() -> None:
        fresh_copy()
        subprocess.run(
            [netlog, "--db", str(copy), "log", show_id, "--kind", "update"],
            capture_output=True,
            check=True,
            env={**os.environ, "NETLOG_TODAY": dataset.TODAY.isoformat()},
        )

    empty = work / "import-target.db"

    def empty_db() -> None:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{empty}{suffix}").unlink(missing_ok=True)

    show_id = str(contacts // 2 + 7)
    due_by = (dataset.TODAY + timedelta(days=7)).isoformat()
    on_copy = {"NETLOG_DB": str(copy)}
    csv_file = work / f"contacts-{contacts}.csv"
    cases = [
        Case("python -c pass", [python, "-c", "pass"]),
        Case("sqlite3 floor (due's rows)", [python, "-c", FLOOR, str(base), due_by]),
        Case("netlog --help", [netlog, "--help"]),
        Case("netlog due --help", [netlog, "due", "--help"]),
        Case("netlog due", [netlog, "due"]),
        Case("netlog due --json", [netlog, "due", "--json"]),
        Case("netlog show", [netlog, "show", show_id]),
        Case("netlog draft", [netlog, "draft", show_id]),
        Case("netlog list", [netlog, "list"]),
        Case("netlog list --json", [netlog, "list", "--json"]),
        Case("netlog week", [netlog, "week"]),
        Case("netlog team", [netlog, "team"]),
        Case("netlog stats", [netlog, "stats"]),
        Case("netlog prep", [netlog, "prep", "AAOS 2027"]),
        Case("netlog letters", [netlog, "letters"]),
        Case("netlog doctor", [netlog, "doctor"]),
        Case(
            "completion of a name",
            [netlog],
            env={
                "_NETLOG_COMPLETE": "complete_bash",
                "COMP_WORDS": "netlog show pat",
                "COMP_CWORD": "2",
            },
        ),
        Case(
            "netlog add",
            [netlog, "add", "Dr. Bench Mark", "--at", "AAOS 2026", "--tag", "bench"],
            env=on_copy,
            before=fresh_copy,
        ),
        Case(
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
            env=on_copy,
            before=fresh_copy,
        ),
        Case("netlog undo", [netlog, "undo"], env=on_copy, before=copy_with_change),
    ]
    for fmt in ("csv", "json", "vcard", "ics"):
        target = csv_file if fmt == "csv" else work / f"export.{fmt}"
        cases.append(
            Case(
                f"export {fmt}", [netlog, "export", "contacts", "--format", fmt, "-o", str(target)]
            )
        )
    for fmt, source in (("csv", csv_file), ("vcard", work / "export.vcard")):
        cases.append(
            Case(
                f"import {fmt}",
                [netlog, "import", str(source), "--format", fmt],
                env={"NETLOG_DB": str(empty)},
                before=empty_db,
            )
        )
    return cases


def _verdict(result: Result, scale: str, ratios: dict[str, float]) -> str:
    target = TARGETS.get(result.name)
    marks: list[str] = []
    if target is not None:
        if scale != "large" or target.ratio_large:  # the ratios are set on 10k/100k
            for label, limit in (("minimal", target.minimal), ("realistic", target.realistic)):
                if limit is not None and label in ratios:
                    ok = ratios[label] <= limit
                    marks.append(f"≤{limit:g}× {label[:4]} {'✓' if ok else '✗'}")
        limit_ms = target.large_ms if scale == "large" else target.small_ms
        if limit_ms is not None:
            marks.append(f"≤{limit_ms / 1000:g} s {'✓' if result.median_ms <= limit_ms else '✗'}")
    if result.peak_rss_mb > MEMORY_LIMIT_MB:
        marks.append(f"≤{MEMORY_LIMIT_MB} MB ✗")
    return ", ".join(marks)


def table(results: list[Result], task: dict[tuple[str, str, str], Result]) -> list[str]:
    lines = [
        "| data | output | command | median ms | min–max ms | peak MB "
        "| × task minimal | × task realistic | × python | target |",
        "|---|---|---|--:|--:|--:|--:|--:|--:|---|",
    ]
    python = {(r.scale, r.mode): r.median_ms for r in results if r.name == "python -c pass"}
    for r in results:
        ratios: dict[str, float] = {}
        cells = []
        for label in ("minimal", "realistic"):
            base = task.get((r.scale, r.mode, label))
            if base is None or base.skipped:
                cells.append("")
                continue
            paired = r.paired_ms.get(label)
            ratios[label] = r.median_ms / (statistics.median(paired) if paired else base.median_ms)
            cells.append(f"{ratios[label]:.2f}")
        ratio_py = r.median_ms / python[(r.scale, r.mode)]
        lines.append(
            f"| {SCALES[r.scale][2]} | {r.mode} | {r.name} | {r.median_ms:.0f} "
            f"| {min(r.runs_ms):.0f}–{max(r.runs_ms):.0f} | {r.peak_rss_mb:.0f} "
            f"| {cells[0]} | {cells[1]} | {ratio_py:.1f} | {_verdict(r, r.scale, ratios)} |"
        )
    return lines


SCALES: dict[str, tuple[int, int, str]] = {
    "quick": (1000, 10000, "1k/10k"),
    "small": (10000, 100000, "10k/100k"),
    "large": (100000, 1000000, "100k/1M"),
}


def write_docs(path: Path, body: str) -> None:
    text = path.read_text(encoding="utf-8")
    start, end = "<!-- figures -->", "<!-- /figures -->"
    if start not in text or end not in text:
        raise SystemExit(f"{path} has no {start} … {end} section")
    head, rest = text.split(start, 1)
    _, tail = rest.split(end, 1)
    path.write_text(f"{head}{start}\n{body}\n{end}{tail}", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--large-runs", type=int, default=3)
    parser.add_argument("--warmup", type=int, default=1)
    parser.add_argument("--large", action="store_true", help="also 100,000 / 1,000,000")
    parser.add_argument("--quick", action="store_true", help="1,000/10,000 and 3 runs")
    parser.add_argument("--modes", default="pipe,pty", help="pipe, pty or both (default)")
    parser.add_argument("--only", help="comma-separated command names to time (and the baselines)")
    parser.add_argument("--work", type=Path, default=HERE / "out", help="folder for data")
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    parser.add_argument("--docs", type=Path, help="rewrite the figures in this Markdown file")
    parser.add_argument("--no-task", action="store_true", help="leave Taskwarrior out")
    parser.add_argument(
        "--postgres", action="store_true", help="also due, add, import on a local PostgreSQL"
    )
    args = parser.parse_args(argv)
    scales = ["quick"] if args.quick else ["small", *(["large"] if args.large else [])]
    modes = [m for m in args.modes.split(",") if m in MODES]
    only = set(args.only.split(",")) if args.only else None

    work: Path = args.work
    work.mkdir(parents=True, exist_ok=True)
    netlog = find_netlog()
    python = str(Path(sys.executable))
    results: list[Result] = []
    task: dict[tuple[str, str, str], Result] = {}
    notes: list[str] = []
    for scale in scales:
        contacts, touchpoints, label = SCALES[scale]
        runs = 3 if scale == "quick" else args.large_runs if scale == "large" else args.runs
        base = work / f"net-{contacts}-{touchpoints}-{args.seed}.db"
        if not base.exists():
            written = dataset.build(base, contacts, touchpoints, args.seed)
            sys.stderr.write(f"built {base}: {written}\n")
        env = {
            **os.environ,
            "NETLOG_DB": str(base),
            "NETLOG_CONFIG": str(work / "no-such-config.toml"),
            "NETLOG_TODAY": dataset.TODAY.isoformat(),
        }
        for variable in (
            "PYTHONPROFILEIMPORTTIME",
            "PYTHONDONTWRITEBYTECODE",
            "PYTHONVERBOSE",
            "NO_COLOR",
        ):
            env.pop(variable, None)
        # Stored follow-ups match the default settings before anything is timed.
        subprocess.run([netlog, "due"], env=env, cwd=work, capture_output=True, check=True)
        cases = netlog_cases(netlog, python, work, base, contacts)
        if only is not None:
            keep = {"python -c pass", *only}
            cases = [c for c in cases if c.name in keep]
        for mode in modes:
            sys.stderr.write(f"{label}, {mode}: ")
            pairs: list[tuple[str, Case, dict[str, str]]] = []
            if not args.no_task:
                for realistic in (False, True):
                    found = task_data(work, 10000 if scale != "quick" else 1000, realistic)
                    kind = "realistic" if realistic else "minimal"
                    if found is None:
                        notes.append("Taskwarrior is not installed: the task columns are empty.")
                        continue
                    tenv, _ = found
                    tcase = Case(
                        f"task next ({kind} tasks)", [shutil.which("task") or "task", "next"]
                    )
                    res = measure(tcase, scale, mode, tenv, work, args.warmup, runs)
                    task[(scale, mode, kind)] = res
                    results.append(res)
                    pairs.append((kind, tcase, tenv))
            for case in cases:
                sys.stderr.write(".")
                sys.stderr.flush()
                target = TARGETS.get(case.name)
                ratio = target is not None and (target.minimal or target.realistic)
                judged = target is not None and (scale != "large" or target.ratio_large)
                beside = pairs if ratio and judged else []
                results.append(
                    measure(case, scale, mode, env, work, args.warmup, runs, pairs=beside)
                )
            sys.stderr.write("\n")
    task_version = ""
    if shutil.which("task"):
        task_version = subprocess.run(
            ["task", "--version"], capture_output=True, text=True, check=False
        ).stdout.strip()
    machine = (
        f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPUs, "
        f"Python {platform.python_version()}"
        + (f", Taskwarrior {task_version}" if task_version else "")
    )
    header = (
        f"{args.warmup} warm-up + {args.runs} runs ({args.large_runs} at 100k/1M); {machine}; "
        "pty = a pseudo-terminal 80×40"
    )
    lines = [header, "", *table(results, task), *sorted(set(notes))]
    if args.postgres:  # see bench/postgres_figures.py
        import postgres_figures

        contacts = SCALES[scales[0]][0]
        base = work / f"net-{contacts}-{SCALES[scales[0]][1]}-{args.seed}.db"
        runs = 3 if args.quick else args.runs
        lines += ["", *postgres_figures.report(netlog, work, base, contacts, runs=runs)]
    body = "\n".join(lines)
    sys.stdout.write(body + "\n")
    if args.docs:
        write_docs(args.docs, body)
    if args.json:
        payload = {
            "seed": args.seed,
            "machine": machine,
            "results": [
                {
                    "name": r.name,
                    "data": SCALES[r.scale][2],
                    "mode": r.mode,
                    "median_ms": round(r.median_ms, 1),
                    "runs_ms": [round(x, 1) for x in r.runs_ms],
                    "peak_rss_mb": round(r.peak_rss_mb, 1),
                    "paired_ms": {k: [round(x, 1) for x in v] for k, v in r.paired_ms.items()},
                }
                for r in results
            ],
        }
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
