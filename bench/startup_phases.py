"""Provides the start-up breakdown: where a real launch's time goes, phase by phase, and its CPU time against the limits.

    .venv/bin/python bench/startup_phases.py --db FILE [--runs 11]          # phases (medians, ms)
    .venv/bin/python bench/startup_phases.py --db FILE --cpu-phases         # the same phases in CPU time
    .venv/bin/python bench/startup_phases.py --db FILE --cpu [--runs 11]    # CPU time: product, bare app, table app
    .venv/bin/python bench/startup_phases.py --db FILE --profile OUT.prof   # one launch under cProfile

Each launch runs on its own 120x40 pseudo-terminal, as in the start-up
benchmark, but through this file: it stamps the clock at the program's first
line, wraps the launch's steps (the command line's import, the framework
library, ``create_app``, the home screen's compose and mount, the driver's
writes), and when the awaited text has been written it lets the frame reach the
terminal and ends the process there. So a process's CPU time (user + system,
from ``wait4``) is exactly its start-up's, which on a machine shared with other
work moves far less than the time on the clock: the benchmark's wall-clock ratio
is the goal, and this is for finding where time goes and telling two versions
apart. The wrapping adds a few calls per phase, nothing per widget.
"""

from __future__ import annotations

import time

STARTED = time.perf_counter()
STARTED_CPU = time.process_time()

import json  # noqa: E402
import os  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

STAMPS_ENV = "SUPERVISION_BENCH_STAMPS"
TEXT_ENV = "SUPERVISION_BENCH_TEXT"
CLOCK_ENV = "SUPERVISION_BENCH_CLOCK"
"""'cpu': the phases are stamped in the process's CPU time (every thread), not on the clock."""
PROFILE_ENV = "SUPERVISION_BENCH_PROFILE"
"""If set, the child runs under cProfile to the first name and writes the statistics to this file."""
PHASES = (
    ("import", "import supervision_tui.cli.main"),
    ("driver", "Textual's driver and the app package"),
    ("library", "settings and the framework library"),
    ("create_app", "create_app (app modules, Store, staff read)"),
    ("compose", "App.run → home compose"),
    ("composed", "home compose itself"),
    ("mount", "compose → home on_mount"),
    ("mounted", "on_mount: columns and first rows"),
    ("name", "on_mount → the first name written (layout and first frame)"),
)
LIMITS = {"bare": "bare_app", "table": "table_app"}
TABLE_COSTS = {"imported-table": "table_cost_apps:ImportedTableApp", "painted-table": "table_cost_apps:PaintedTableApp"}
"""The table app taken apart (``table_cost_apps``): counted by ``startup_instructions`` only."""


def _end_when_written(text: str, stamp, finished) -> None:
    """Wrap the driver's write: once ``text`` has been written, ``finished()``, flush the frame to the terminal, and exit."""
    import textual.drivers.linux_driver as linux_driver

    write = linux_driver.LinuxDriver.write
    seen = bytearray()
    needle = text.encode()

    def timed_write(self, data: str) -> None:
        write(self, data)
        seen.extend(data.encode())
        if needle in seen:
            stamp("name")
            finished()
            self._writer_thread.stop()  # the frame reaches the terminal (writes are queued to a thread) ...
            os._exit(0)  # ... and what follows (counting, idling, quitting) is not start-up

    linux_driver.LinuxDriver.write = timed_write  # type: ignore[method-assign]


def _child_app() -> None:
    """Run the product as ``supervision-tui`` would, stamping each phase; the stamps go to the file $SUPERVISION_BENCH_STAMPS."""
    stamps: dict[str, float] = {}
    clock, started = (time.process_time, STARTED_CPU) if os.environ.get(CLOCK_ENV) == "cpu" else (time.perf_counter, STARTED)

    def stamp(key: str) -> None:
        stamps.setdefault(key, clock() - started)

    profile = None
    if os.environ.get(PROFILE_ENV):
        import cProfile

        profile = cProfile.Profile()
        profile.enable()

    def finished() -> None:
        Path(os.environ[STAMPS_ENV]).write_text(json.dumps(stamps))
        if profile is not None:
            profile.disable()
            profile.dump_stats(os.environ[PROFILE_ENV])

    from supervision_tui.cli import main as cli_main

    stamp("import")
    import supervision_tui.app as app_package

    _end_when_written(os.environ[TEXT_ENV], stamp, finished)
    stamp("driver")
    from supervision_tui.cli.context import Context

    library = Context.library

    def timed_library(self, **kwargs):
        result = library(self, **kwargs)
        stamp("library")
        return result

    Context.library = timed_library  # type: ignore[method-assign]
    create_app = app_package.create_app

    def timed_create_app(**kwargs):
        app = create_app(**kwargs)
        stamp("create_app")
        from supervision_tui.app.screens.home import HomeScreen

        compose, on_mount = HomeScreen.compose, HomeScreen.on_mount

        def timed_compose(self):
            stamp("compose")
            yield from compose(self)
            stamp("composed")

        def timed_mount(self):
            stamp("mount")
            on_mount(self)
            stamp("mounted")

        HomeScreen.compose, HomeScreen.on_mount = timed_compose, timed_mount  # type: ignore[method-assign]
        return app

    app_package.create_app = timed_create_app
    sys.argv[0] = "supervision-tui"
    raise SystemExit(cli_main.main())


def _child_limit(name: str) -> None:
    """Run a limit (the bare or the table app, or a part of the table app) the same way, ending when its ready text is written."""
    import importlib

    sys.path.insert(0, str(Path(__file__).parent))
    module_name, _, class_name = {**LIMITS, **TABLE_COSTS}[name].partition(":")
    module = importlib.import_module(module_name)
    if class_name:
        app_class = getattr(module, class_name)
    else:
        app_class = next(value for key, value in vars(module).items() if key.endswith("App") and key != "App")
    _end_when_written(getattr(app_class, "READY", None) or module.READY, lambda _key: None, lambda: None)
    app_class().run()


def run_to_its_end(argv: list[str], env: dict[str, str], *, quiet_seconds: float = 30):
    """Run ``argv`` on a 120x40 pseudo-terminal, reading what it writes until it closes the terminal (or writes
    nothing for ``quiet_seconds``); its exit status and resource usage (``os.wait4``)."""
    import select

    from startup_bench import spawn_on_terminal

    pid, fd = spawn_on_terminal(argv, env)
    try:
        while select.select([fd], [], [], quiet_seconds)[0]:
            try:
                if not os.read(fd, 1 << 16):
                    break
            except OSError:  # EIO: the program closed its terminal
                break
    finally:
        _, status, usage = os.wait4(pid, 0)
        os.close(fd)
    return status, usage


def launch_cpu_ms(argv: list[str], env: dict[str, str]) -> float:
    """CPU milliseconds (user + system) of one launch that ends itself once its text is written, on a 120x40 pseudo-terminal."""
    status, usage = run_to_its_end(argv, env)
    if status != 0:
        raise RuntimeError(f"{argv[-1]} ended with status {status}")
    return (usage.ru_utime + usage.ru_stime) * 1000


def main(argv: list[str] | None = None) -> int:
    import argparse
    import statistics
    import tempfile

    sys.path.insert(0, str(Path(__file__).parent))
    from conditions import compile_bytecode, isolated_env
    from startup_bench import time_until_shown

    parser = argparse.ArgumentParser(description="Where a launch's time goes, phase by phase, and its CPU time against the limits.")
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--name", default="Adebayo Evans", help="the first name on the home screen")
    parser.add_argument("--runs", type=int, default=11)
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--cpu", action="store_true", help="CPU time of the product, the bare app and the table app, in rotating order")
    mode.add_argument("--cpu-phases", action="store_true", help="the phases in the process's CPU time instead of on the clock")
    mode.add_argument("--profile", type=Path, help="run once under cProfile and write its statistics here")
    args = parser.parse_args(argv)
    compile_bytecode()
    app_argv = [sys.executable, __file__, "--child", "--db", str(args.db)]
    with tempfile.TemporaryDirectory(prefix="supervision-phases-") as work:
        env = isolated_env(Path(work) / "home")
        stamps_file = Path(work) / "stamps.json"
        env.update({STAMPS_ENV: str(stamps_file), TEXT_ENV: args.name})
        if args.cpu_phases:
            env[CLOCK_ENV] = "cpu"
        time_until_shown(app_argv, args.name, env)  # once first, so the framework cache is warm as in every later launch
        if args.profile:
            time_until_shown(app_argv, args.name, {**env, PROFILE_ENV: str(args.profile.resolve())})
            print(f"profile written to {args.profile}")
        elif args.cpu:
            print_cpu(app_argv, env, args.runs)
        else:
            runs: list[dict[str, float]] = []
            shown: list[float] = []
            for _ in range(args.runs):
                stamps_file.unlink(missing_ok=True)
                shown.append(time_until_shown(app_argv, args.name, env).seconds)
                runs.append(json.loads(stamps_file.read_text()))
            print(f"| Phase | {'CPU ' if args.cpu_phases else ''}ms (median of {args.runs}) |\n|---|---|")
            previous = 0.0
            for key, label in PHASES:
                at = statistics.median(run[key] for run in runs) * 1000
                print(f"| {label} | {at - previous:.1f} |")
                previous = at
            print(f"| **the first name written, from the program's first line** | {previous:.1f} |")
            print(f"| the first name on screen, from fork (the benchmark's wall-clock measure) | {statistics.median(shown) * 1000:.1f} |")
    return 0


def print_cpu(app_argv: list[str], env: dict[str, str], runs: int) -> None:
    """Rounds of the three programs in rotating order; medians and the run-by-run ratios to the bare app."""
    import statistics

    programs = {"product": app_argv, **{name: [sys.executable, __file__, "--child-limit", name] for name in LIMITS}}
    cpu: dict[str, list[float]] = {name: [] for name in programs}
    names = list(programs)
    for run in range(runs):
        shift = run % len(names)
        for name in names[shift:] + names[:shift]:
            cpu[name].append(launch_cpu_ms(programs[name], env))
    print(f"| Program | CPU ms to its text (median of {runs}) | / bare app (run by run) | runs |\n|---|---|---|---|")
    for name in names:
        ratio = statistics.median(a / b for a, b in zip(cpu[name], cpu["bare"]))
        print(f"| {name} | {statistics.median(cpu[name]):.1f} | {ratio:.2f}x | {', '.join(f'{c:.0f}' for c in cpu[name])} |")


if __name__ == "__main__":
    if "--child-limit" in sys.argv:
        _child_limit(sys.argv[sys.argv.index("--child-limit") + 1])
    elif "--child" in sys.argv:
        sys.argv.remove("--child")
        _child_app()
    raise SystemExit(main())
