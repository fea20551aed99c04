"""Provides running one program and reading its wall time and peak memory from the kernel's own accounting.

Started from this benchmark (tens of MiB, with the product imported) through
subprocess's vfork, every child read as big as the benchmark itself: on Linux
ru_maxrss carries over the peak of the memory a process had before its exec.
So each program is started by a tiny launcher (``python -S``) that forks and
execs it and reads exactly that child's usage with ``os.wait4``. A program
that does nothing (``true``) reads a few MiB this way: the floor of the method.
"""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass

LAUNCHER = """
import json, os, sys, time
started = time.perf_counter()
pid = os.fork()
if pid == 0:
    null = os.open(os.devnull, os.O_RDWR)
    os.dup2(null, 0)
    os.dup2(null, 1)
    try:
        os.execve(sys.argv[1], sys.argv[1:], os.environ)
    finally:
        os._exit(127)
_, status, usage = os.wait4(pid, 0)
seconds = time.perf_counter() - started
print(json.dumps({"seconds": seconds, "maxrss": usage.ru_maxrss, "code": os.waitstatus_to_exitcode(status)}))
"""
KIB_PER_UNIT = 1 / 1024 if sys.platform == "darwin" else 1
"""ru_maxrss is in KiB on Linux and in bytes on macOS."""


@dataclass(frozen=True)
class ProcessRun:
    """One finished program: how long it took, its peak memory, and what it said on stderr."""

    seconds: float
    peak_mib: float
    returncode: int
    stderr: str


def run_measured(argv: list[str], *, env: dict[str, str] | None = None, timeout: float = 900) -> ProcessRun:
    """Run ``argv`` (first item an executable path) to completion, its stdout discarded, and measure it."""
    done = subprocess.run(
        [sys.executable, "-S", "-c", LAUNCHER, *argv], env=env, capture_output=True, text=True, timeout=timeout, check=False
    )
    try:
        report = json.loads(done.stdout.strip().splitlines()[-1])
    except (IndexError, ValueError):
        return ProcessRun(0.0, 0.0, done.returncode or 1, done.stderr)
    mib = KIB_PER_UNIT / 1024
    return ProcessRun(report["seconds"], report["maxrss"] * mib, report["code"], done.stderr)


def check(run: ProcessRun, what: str) -> ProcessRun:
    """The run, or a clear failure naming what did not work and what it said."""
    if run.returncode != 0:
        raise RuntimeError(f"{what} failed with exit code {run.returncode}: {run.stderr.strip()[-500:]}")
    return run

