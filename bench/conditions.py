"""Provides what every benchmark shares: the fixed report date, summary statistics, the CLI to launch, the machine.

Benchmarks compare the product against a limit measured in the same run on the
same machine, so only ratios travel between machines; the machine description
and the load average say how far the absolute numbers can be trusted.
"""

from __future__ import annotations

import math
import os
import platform
import shutil
import sqlite3
import statistics
import subprocess
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
"""The checkout the benchmarks measure."""
AS_OF = date(2025, 6, 30)
"""Every demo database is generated as of this day and every report asks about it, so runs compare."""
MONTHS = 24
SEED = 1


def median(values: list[float]) -> float:
    return statistics.median(values) if values else math.nan


def percentile(values: list[float], share: float) -> float:
    """The nearest-rank percentile (p95 of 200 presses is the 190th fastest), never interpolated."""
    if not values:
        return math.nan
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def growth_exponent(small: tuple[int, float], large: tuple[int, float]) -> float:
    """k in time ~ size**k between two sizes: 1 is linear, below 1 better than linear."""
    (n1, t1), (n2, t2) = small, large
    if min(n1, n2, t1, t2) <= 0 or n1 == n2:
        return math.nan
    return math.log(t2 / t1) / math.log(n2 / n1)


PACKAGES = ("standards", "observations", "supervision_tui")


def compile_bytecode() -> None:
    """Compile the project's modules to bytecode before anything is timed.

    An installed copy has bytecode (pip compiles it at install); an editable
    checkout may not, and under PYTHONDONTWRITEBYTECODE=1 it never gets any, so
    every launch would compile every module again (about 40 ms of start-up)
    and the benchmark would time the compiler, not the product.
    """
    import compileall

    for package in PACKAGES:
        if not compileall.compile_dir(str(ROOT / package), quiet=1):
            raise RuntimeError(f"could not compile {package} to bytecode")


def cli_command() -> list[str]:
    """The installed ``supervision-tui`` beside this Python, else the module (same code, one more import)."""
    script = Path(sys.executable).parent / "supervision-tui"
    if script.exists():
        return [str(script)]
    return [sys.executable, "-m", "supervision_tui"]


def isolated_env(home: Path) -> dict[str, str]:
    """The environment for launched programs: a throwaway home, so no user frameworks, settings or cached
    parses change the work (the framework cache lives, and warms, in the throwaway cache folder)."""
    env = dict(os.environ)
    for name, sub in (("HOME", ""), ("XDG_CONFIG_HOME", "config"), ("XDG_DATA_HOME", "data"), ("XDG_CACHE_HOME", "cache")):
        folder = home / sub if sub else home
        folder.mkdir(parents=True, exist_ok=True)
        env[name] = str(folder)
    for name in ("SUPERVISION_TUI_DB", "SUPERVISION_TUI_STANDARDS", "SUPERVISION_TUI_CACHE", "TEXTUAL", "TEXTUAL_DEBUG"):
        env.pop(name, None)
    return env


@dataclass(frozen=True)
class Machine:
    """What the numbers were measured on."""

    cpu: str
    cores: int
    memory_gib: float
    system: str
    python: str
    sqlite: str
    textual: str
    load_average: str
    commit: str

    def lines(self) -> list[str]:
        return [
            f"- CPU: {self.cpu}, {self.cores} cores; memory {self.memory_gib:.1f} GiB; {self.system}",
            f"- Python {self.python}, SQLite {self.sqlite}, Textual {self.textual}",
            f"- Load average at start (1, 5, 15 min): {self.load_average}",
            f"- Code: {self.commit}",
        ]


def describe_machine() -> Machine:
    from importlib.metadata import version

    return Machine(
        cpu=_cpu_model(),
        cores=os.cpu_count() or 1,
        memory_gib=_memory_bytes() / 2**30,
        system=platform.platform(),
        python=platform.python_version(),
        sqlite=sqlite3.sqlite_version,
        textual=version("textual"),
        load_average=", ".join(f"{x:.2f}" for x in os.getloadavg()),
        commit=_commit(),
    )


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _memory_bytes() -> int:
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError, AttributeError):
        return 0


def _commit() -> str:
    """The commit measured, and whether the work tree had changes on top of it (read-only git commands)."""
    if shutil.which("git") is None:
        return "unknown (no git)"
    try:
        head = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=True)
        dirty = subprocess.run(["git", "-C", str(ROOT), "status", "--porcelain"], capture_output=True, text=True, check=True)
    except (subprocess.CalledProcessError, OSError):
        return "unknown (not a git checkout)"
    return head.stdout.strip() + (" with uncommitted changes" if dirty.stdout.strip() else "")
