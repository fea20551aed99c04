"""Provides the servers the served parts start, in a process group of their own, and what their app processes weigh.

Each server (the product's ``serve``, or textual-serve serving the bare app)
starts in a new session, so it and every app process it starts for a tab share
one process group; ``stop`` asks the server to stop as a person does (Ctrl+C)
and then kills whatever of the group is left, so a bench that fails half-way
leaves no process behind. App processes are found under the server in /proc,
and their memory read from /proc too (resident set, and the proportional share
that counts pages shared between processes once).
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path


def free_port() -> int:
    with closing(socket.socket()) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass(frozen=True)
class Memory:
    """One process's memory, in MiB."""

    pid: int
    rss_mib: float
    pss_mib: float | None
    """Proportional set size (None when /proc does not say)."""


class ServedProcess:
    """One server on 127.0.0.1:``port``, its output in ``log_path``; stop it (always) with ``stop``."""

    def __init__(self, argv: list[str], *, port: int, env: dict[str, str], log_path: Path, timeout: float = 60):
        self.port = port
        self.url = f"http://127.0.0.1:{port}"
        self.log_path = log_path
        self._log = log_path.open("wb")
        self.process = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=self._log, stderr=subprocess.STDOUT, env=env, start_new_session=True)
        try:
            self._wait_listening(timeout)
        except BaseException:
            self.stop()
            raise

    def _wait_listening(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the server stopped at once (exit {self.process.returncode}): {self.log_tail()}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return
            except OSError:
                time.sleep(0.05)  # polling a port that is not open yet: nothing to wait on but time
        raise RuntimeError(f"the server was not listening within {timeout:.0f} s: {self.log_tail()}")

    def log_tail(self) -> str:
        self._log.flush()
        return self.log_path.read_text(encoding="utf-8", errors="replace")[-800:]

    def app_pids(self) -> list[int]:
        """The app processes under the server: the Python programs among its descendants (not the shells between)."""
        return [pid for pid in descendants(self.process.pid) if _is_python(pid)]

    def wait_for_no_apps(self, timeout: float = 30) -> None:
        """Until every tab's app has ended (a closed tab's app quits on its own), so runs never overlap."""
        deadline = time.monotonic() + timeout
        while descendants(self.process.pid):
            if time.monotonic() > deadline:
                raise RuntimeError(f"app processes {descendants(self.process.pid)} were still running {timeout:.0f} s after their tab closed")
            time.sleep(0.02)

    def stop(self) -> int | None:
        """Ctrl+C (SIGINT) and up to 30 s to stop cleanly; then SIGKILL to the whole group, whatever is left of it."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                pass
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        code = self.process.wait()
        self._log.close()
        return code


def descendants(pid: int) -> list[int]:
    """Every living process under ``pid``, read from /proc (children of children included)."""
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            fields = _stat_fields(int(entry))
            if fields and fields[0] != "Z":
                parents[int(entry)] = int(fields[1])
    found, frontier = [], [pid]
    while frontier:
        parent = frontier.pop()
        children = [child for child, its_parent in parents.items() if its_parent == parent]
        found += children
        frontier += children
    return found


def _stat_fields(pid: int) -> list[str] | None:
    """The fields of /proc/PID/stat after the command name: state, parent, ..."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None


def _is_python(pid: int) -> bool:
    try:
        return "python" in Path(f"/proc/{pid}/exe").resolve().name
    except OSError:
        return False


def cpu_seconds(pid: int) -> float:
    """CPU time ``pid`` has used so far, user and system (0 once it has gone)."""
    fields = _stat_fields(pid)
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK") if fields else 0.0


def wait_until_quiet(pids: list[int], *, share: float = 0.05, window: float = 1.0, timeout: float = 120) -> float:
    """Until ``pids`` together use under ``share`` of one core over ``window`` seconds (the apps' start-up work done).

    Returns how long that took. Reading CPU use needs an interval, so this samples every ``window``."""
    started = time.monotonic()
    used = sum(cpu_seconds(pid) for pid in pids)
    while time.monotonic() - started < timeout:
        time.sleep(window)
        now_used = sum(cpu_seconds(pid) for pid in pids)
        if now_used - used < share * window:
            return time.monotonic() - started
        used = now_used
    raise RuntimeError(f"the app processes were still busy {timeout:.0f} s after their last key")


def memory_of(pid: int) -> Memory:
    rss = _kib_field(f"/proc/{pid}/status", "VmRSS:")
    pss = _kib_field(f"/proc/{pid}/smaps_rollup", "Pss:")
    if rss is None:
        raise RuntimeError(f"process {pid} has ended; its memory cannot be read")
    return Memory(pid, rss / 1024, None if pss is None else pss / 1024)


def _kib_field(path: str, name: str) -> float | None:
    try:
        with open(path) as lines:
            for line in lines:
                if line.startswith(name):
                    return float(line.split()[1])
    except OSError:
        return None
    return None
