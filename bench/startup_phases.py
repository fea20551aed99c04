"""Provides the start-up phase breakdown: where a real launch's time goes, from the program's first line to the first name.

    .venv/bin/python bench/startup_phases.py --db FILE [--runs 7] [--name 'Adebayo Evans']

Each run launches the product on its own 120x40 pseudo-terminal, exactly as the
start-up benchmark does, but through this file: it stamps the clock at the
program's first line, wraps the launch's steps (the command line's import, the
framework library, ``create_app``, the home screen's compose and mount, the
driver's writes) and writes the stamps to a file when the first name has been
written. The wrapping adds a few calls per phase, nothing per widget, so the
phases add up to a launch within a millisecond or two of the unwrapped one.
This is for finding where time goes; the goal is measured by ``run.py`` only.
"""

from __future__ import annotations

import time

STARTED = time.perf_counter()

import json  # noqa: E402
import os  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

STAMPS_ENV = "SUPERVISION_BENCH_STAMPS"
NAME_ENV = "SUPERVISION_BENCH_NAME"
PROFILE_ENV = "SUPERVISION_BENCH_PROFILE"
"""If set, the child runs under cProfile to the first name and writes the statistics to this file."""
PHASES = (
    ("import", "import supervision_tui.cli.main"),
    ("driver", "Textual's driver and the app package"),
    ("library", "framework library"),
    ("create_app", "create_app (app modules, Store, staff read)"),
    ("compose", "App.run → home compose"),
    ("composed", "home compose itself"),
    ("mount", "compose → home on_mount"),
    ("mounted", "on_mount: columns and first rows"),
    ("first_write", "on_mount → the first frame's first write"),
    ("name", "first write → the first name written"),
)


def _child() -> None:
    """Run the product as ``supervision-tui`` would, stamping each phase; the stamps go to the file $SUPERVISION_BENCH_STAMPS."""
    stamps: dict[str, float] = {}
    out, name = Path(os.environ[STAMPS_ENV]), os.environ[NAME_ENV].encode()

    def stamp(key: str) -> None:
        stamps.setdefault(key, time.perf_counter() - STARTED)

    profile = None
    if os.environ.get(PROFILE_ENV):
        import cProfile

        profile = cProfile.Profile()
        profile.enable()

    from supervision_tui.cli import main as cli_main

    stamp("import")
    import textual.drivers.linux_driver as linux_driver

    import supervision_tui.app as app_package

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
    write = linux_driver.LinuxDriver.write
    seen = bytearray()

    def timed_write(self, data: str) -> None:
        write(self, data)
        if "mounted" in stamps:
            stamp("first_write")
        if "name" not in stamps:
            seen.extend(data.encode())
            if name in seen:
                stamp("name")
                out.write_text(json.dumps(stamps))
                if profile is not None:
                    profile.disable()
                    profile.dump_stats(os.environ[PROFILE_ENV])
                self._writer_thread.stop()  # the frame reaches the terminal (writes are queued to a thread) ...
                os._exit(0)  # ... and what follows the first name (counting, idling, quitting) is not start-up

    linux_driver.LinuxDriver.write = timed_write  # type: ignore[method-assign]
    sys.argv[0] = "supervision-tui"
    raise SystemExit(cli_main.main())


def main(argv: list[str] | None = None) -> int:
    import argparse
    import statistics
    import tempfile

    sys.path.insert(0, str(Path(__file__).parent))
    from conditions import compile_bytecode, isolated_env
    from startup_bench import time_until_shown

    parser = argparse.ArgumentParser(description="Where a launch's time goes, phase by phase (medians, milliseconds).")
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--name", default="Adebayo Evans", help="the first name on the home screen")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--profile", type=Path, help="run once under cProfile and write its statistics here (no phase table)")
    args = parser.parse_args(argv)
    compile_bytecode()
    with tempfile.TemporaryDirectory(prefix="supervision-phases-") as work:
        env = isolated_env(Path(work) / "home")
        stamps_file = Path(work) / "stamps.json"
        env.update({STAMPS_ENV: str(stamps_file), NAME_ENV: args.name})
        if args.profile:  # once unprofiled first, so the framework cache is warm as in every later launch
            time_until_shown([sys.executable, __file__, "--child", "--db", str(args.db)], args.name, env)
            env[PROFILE_ENV] = str(args.profile.resolve())
            time_until_shown([sys.executable, __file__, "--child", "--db", str(args.db)], args.name, env)
            print(f"profile written to {args.profile}")
            return 0
        runs: list[dict[str, float]] = []
        shown: list[float] = []
        for _ in range(args.runs):
            stamps_file.unlink(missing_ok=True)
            launch = time_until_shown([sys.executable, __file__, "--child", "--db", str(args.db)], args.name, env)
            shown.append(launch.seconds)
            runs.append(json.loads(stamps_file.read_text()))
    print(f"| Phase | ms (median of {args.runs}) |\n|---|---|")
    previous = 0.0
    for key, label in PHASES:
        at = statistics.median(run[key] for run in runs) * 1000
        print(f"| {label} | {at - previous:.1f} |")
        previous = at
    print(f"| **the first name written, from the program's first line** | {previous:.1f} |")
    print(f"| the first name on screen, from fork (the benchmark's measure) | {statistics.median(shown) * 1000:.1f} |")
    return 0


if __name__ == "__main__":
    if "--child" in sys.argv:
        sys.argv.remove("--child")
        _child()
    raise SystemExit(main())
