"""The views keep flat memory as the log grows: twenty times the contacts and
touchpoints may not cost a command more than a few megabytes.

Real processes against real files built by ``bench/dataset.py`` (a small log
of 300 contacts / 3,000 touchpoints and one of 6,000 / 60,000); each command's
peak memory is read from the operating system. A command that loads every
contact or touchpoint as an object grows by 7 to 40 MB between the two.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench"
TODAY = "2026-11-23"
PEAK = (
    "import resource, subprocess, sys\n"
    "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,"
    " check=True)\n"
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
)


def _netlog() -> str:
    found = Path(sys.executable).parent / "netlog"
    if not found.exists():
        pytest.skip("the netlog console script is not installed next to this Python")
    return str(found)


@pytest.fixture(scope="module")
def logs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    sys.path.insert(0, str(BENCH))
    try:
        import dataset  # type: ignore[import-not-found]
    finally:
        sys.path.remove(str(BENCH))
    folder = tmp_path_factory.mktemp("scale")
    built = {}
    for label, contacts in (("small", 300), ("large", 6000)):
        path = folder / f"{label}.db"
        dataset.build(path, contacts, contacts * 10, 2026)
        # The first command brings the stored follow-ups up to date.
        subprocess.run(
            [_netlog(), "--db", str(path), "due"], env=_env(), capture_output=True, check=True
        )
        built[label] = path
    return built


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NETLOG_")}
    env["NETLOG_TODAY"] = TODAY
    env["NETLOG_CONFIG"] = os.devnull
    return env


def _peak_mb(db: Path, args: list[str]) -> float:
    done = subprocess.run(
        [sys.executable, "-c", PEAK, _netlog(), "--db", str(db), *args],
        env=_env(),
        capture_output=True,
        text=True,
        check=True,
    )
    kilobytes = int(done.stdout.split()[-1])
    return kilobytes / 1024 if sys.platform != "darwin" else kilobytes / 1024 / 1024


@pytest.mark.skipif(not hasattr(resource, "getrusage"), reason="needs getrusage")
@pytest.mark.parametrize(
    ("args", "allowed_mb"),
    [
        (["due", "--json"], 10),
        (["export", "--format", "ics"], 10),
        (["list", "--json"], 10),
        (["list"], 10),
        (["week"], 10),
        (["week", "--json"], 10),
        (["team"], 5),
        (["prep", "AAOS 2027"], 10),
        (["prep", "AAOS 2027", "--json"], 10),
        (["doctor"], 10),
    ],
)
def test_a_log_twenty_times_longer_costs_a_view_only_a_few_megabytes(
    logs: dict[str, Path], args: list[str], allowed_mb: float
) -> None:
    small = _peak_mb(logs["small"], args)
    large = _peak_mb(logs["large"], args)
    assert large - small < allowed_mb, f"{' '.join(args)}: {small:.0f} MB → {large:.0f} MB"
