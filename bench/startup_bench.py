"""Provides the start-up benchmark: launch to a staff name on screen, against a bare Textual app, in a real terminal.

Each program runs on its own pseudo-terminal (120 x 40). While it starts, the
reader only timestamps the bytes as they arrive, so it takes almost no CPU from
the program measured. When the awaited text shows up whole in the raw bytes, or
output pauses, a terminal emulator (pyte) replays the chunks not yet replayed,
one by one, and names the first chunk after which the text is on the screen:
escape sequences, cursor moves and partial redraws cannot fool it, and the time
is that chunk's arrival. The reader's own work between two reads, the
granularity of the measurement, is reported with it.
"""

from __future__ import annotations

import os
import pty
import select
import signal
import struct
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from conditions import cli_command, median

COLUMNS, LINES = 120, 40
QUIET_SECONDS = 0.25
"""After this long without output, the emulator looks (the text may be split by escape sequences in the raw bytes)."""
TIMEOUT_SECONDS = 60.0
QUIT = b"\x11"  # ctrl+q
SLICE_BYTES = 512
"""How much output the emulator replays before it looks again for new output to timestamp."""


@dataclass(frozen=True)
class Launch:
    """One start-up: seconds from fork to the text on screen, and the reader's longest pause between reads."""

    seconds: float
    granularity: float
    output_bytes: int


@dataclass(frozen=True)
class StartupResults:
    app: tuple[float, ...]
    bare: tuple[float, ...]
    granularity: float
    staff: int
    table: tuple[float, ...] = ()
    """The table app's runs (``table_app.py``): the goal's limit, the least an app whose first screen is a table pays."""

    @property
    def ratio(self) -> float:
        """The product against the bare app: the median of the per-round ratios (each app run against the bare run beside it)."""
        return median([a / b for a, b in zip(self.app, self.bare)])

    @property
    def table_ratio(self) -> float:
        """The table app against the bare app, round by round: what showing a table costs any Textual app."""
        return median([t / b for t, b in zip(self.table, self.bare)])

    @property
    def ratio_to_table(self) -> float:
        """The product against the table app, round by round: the goal's ratio."""
        return median(self.rounds_to_table)

    @property
    def rounds_to_table(self) -> list[float]:
        """Each round's product run against the table app's run in the same round."""
        return [a / t for a, t in zip(self.app, self.table)]


def time_until_shown(argv: list[str], text: str, env: dict[str, str]) -> Launch:
    """Start ``argv`` on a new pseudo-terminal and return when ``text`` first appeared on its screen."""
    screen = EmulatedScreen(text)
    started = time.perf_counter()
    pid, fd = spawn_on_terminal(argv, env)
    try:
        shown, granularity, output = _read_until_shown(fd, screen, started)
    finally:
        _quit(pid, fd)
    if shown is None:
        raise RuntimeError(f"{Path(argv[-1]).name}: {text!r} never appeared on screen; last output: {screen.tail()!r}")
    return Launch(shown - started, granularity, output)


def spawn_on_terminal(argv: list[str], env: dict[str, str]) -> tuple[int, int]:
    """Start ``argv`` on a new 120 x 40 pseudo-terminal; (its pid, the terminal's file descriptor)."""
    pid, fd = pty.fork()
    if pid == 0:  # the child: size the terminal before the program asks for it, then become the program
        try:
            import fcntl
            import termios

            fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", LINES, COLUMNS, 0, 0))
            os.execve(argv[0], argv, env)
        finally:
            os._exit(127)
    return pid, fd


class EmulatedScreen:
    """The chunks read so far and a terminal emulator fed with them, chunk by chunk, only when asked."""

    def __init__(self, text: str):
        try:
            import pyte  # imported before the program starts, so it costs the program nothing
        except ImportError:
            raise RuntimeError("the start-up part needs the terminal emulator pyte: pip install -e '.[bench]'") from None

        self.text = text
        self.needle = text.encode()
        self.chunks: list[tuple[float, bytes]] = []
        self._screen = pyte.Screen(COLUMNS, LINES)
        self._stream = pyte.ByteStream(self._screen)
        self._fed = 0
        self._offset = 0
        self.longest_slice = 0.0

    def add(self, arrived: float, data: bytes) -> bool:
        """Keep a chunk; True when the text is now whole in the raw bytes (a hint only: escapes may hide it)."""
        previous = self.chunks[-1][1][-len(self.needle):] if self.chunks else b""
        self.chunks.append((arrived, data))
        return self.needle in previous + data

    def shown_at(self, stop: Callable[[], bool] = lambda: False) -> float | None:
        """The arrival time of the first chunk after which the text is on the emulated screen, if it is yet.

        Replays in slices and returns early (None) as soon as ``stop()`` says new
        output is waiting, so the reader is never kept from timestamping it for
        longer than one slice takes (``longest_slice``).
        """
        while self._fed < len(self.chunks):
            arrived, data = self.chunks[self._fed]
            while self._offset < len(data):
                if stop():
                    return None
                began = time.perf_counter()
                self._stream.feed(data[self._offset : self._offset + SLICE_BYTES])
                self._offset += SLICE_BYTES
                self.longest_slice = max(self.longest_slice, time.perf_counter() - began)
            self._fed, self._offset = self._fed + 1, 0
            if any(self.text in line for line in self._screen.display):
                return arrived
        return None

    def tail(self) -> bytes:
        return b"".join(data for _, data in self.chunks[-5:])[-300:]


def _read_until_shown(fd: int, screen: EmulatedScreen, started: float) -> tuple[float | None, float, int]:
    """Read and timestamp output; ask the emulator only on a raw hit or a quiet spell, so it rarely competes for CPU."""
    longest_work = 0.0
    output = 0
    while time.perf_counter() - started < TIMEOUT_SECONDS:
        ready, _, _ = select.select([fd], [], [], QUIET_SECONDS)
        if not ready:
            shown = screen.shown_at(stop=lambda: bool(select.select([fd], [], [], 0)[0]))
            if shown is not None:
                return shown, max(longest_work, screen.longest_slice), output
            continue
        try:
            data = os.read(fd, 1 << 16)
        except OSError:  # EIO: the program closed its terminal
            break
        arrived = time.perf_counter()
        if not data:
            break
        output += len(data)
        hint = screen.add(arrived, data)
        longest_work = max(longest_work, time.perf_counter() - arrived)
        if hint and (shown := screen.shown_at()) is not None:
            return shown, max(longest_work, screen.longest_slice), output
    return screen.shown_at(), max(longest_work, screen.longest_slice), output


def _quit(pid: int, fd: int) -> None:
    """ctrl+q, read whatever the program still writes (so it is never blocked on a full terminal), kill it after 5 s."""
    try:
        os.write(fd, QUIT)
    except OSError:
        pass
    deadline = time.perf_counter() + 5
    exited = False
    while time.perf_counter() < deadline and not exited:
        ready, _, _ = select.select([fd], [], [], 0.05)
        if ready:
            try:
                os.read(fd, 1 << 16)
            except OSError:
                pass
        exited = os.waitpid(pid, os.WNOHANG)[0] != 0
    if not exited:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    os.close(fd)


def measure_startup(db_path: Path, staff_name: str, staff: int, env: dict[str, str], *, runs: int) -> StartupResults:
    """``runs`` rounds of the product, the bare app and the table app, each round in a new order (rotated),
    so a machine growing busier slows all three alike."""
    import bare_app
    import table_app

    programs = [
        ("app", [*cli_command(), "--db", str(db_path)], staff_name),
        ("bare", [sys.executable, str(Path(__file__).with_name("bare_app.py"))], bare_app.READY),
        ("table", [sys.executable, str(Path(__file__).with_name("table_app.py"))], table_app.READY),
    ]
    times: dict[str, list[float]] = {name: [] for name, _, _ in programs}
    granularity = 0.0
    for run in range(runs):
        shift = run % len(programs)
        for name, argv, text in programs[shift:] + programs[:shift]:
            launch = time_until_shown(argv, text, env)
            times[name].append(launch.seconds)
            granularity = max(granularity, launch.granularity)
    return StartupResults(tuple(times["app"]), tuple(times["bare"]), granularity, staff, tuple(times["table"]))


def measure_app_only(db_path: Path, staff_name: str, staff: int, env: dict[str, str], *, runs: int) -> tuple[float, float]:
    """(median seconds, granularity) to a staff name for a bigger organisation: how start-up grows with staff."""
    argv = [*cli_command(), "--db", str(db_path)]
    launches = [time_until_shown(argv, staff_name, env) for _ in range(runs)]
    return median([launch.seconds for launch in launches]), max(launch.granularity for launch in launches)
