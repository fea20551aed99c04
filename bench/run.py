"""Provides the one benchmark script: start-up, recording, reports and scale, each against a limit measured in the same run.

    .venv/bin/python bench/run.py            # full: 200, 2,000 and 10,000 staff (several minutes)
    .venv/bin/python bench/run.py --quick    # 200 and 2,000 staff, fewer repeats
    .venv/bin/python bench/run.py --smoke --out /tmp/r.md   # tiny sizes, seconds: keeps the script working

Results are printed and inserted, dated, with the machine, into bench/RESULTS.md
(or --out). Benchmarks are not tests: nothing here fails on a slow number; it
fails only when the product and its limit disagree or a program does not start.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from conditions import ROOT, compile_bytecode, describe_machine, isolated_env
from plans import PLANS, Plan
from results import Run, ScaleRow, write

PARTS = ("startup", "reports", "scale", "recording", "serve")
T = TypeVar("T")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Benchmarks of supervision-tui against limits measured in the same run.")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--quick", action="store_true", help="200 and 2,000 staff, fewer repeats")
    mode.add_argument("--smoke", action="store_true", help="tiny sizes, one repeat: checks the script works (seconds)")
    parser.add_argument("--parts", default=",".join(PARTS), help=f"comma-separated, from {', '.join(PARTS)} (default all)")
    parser.add_argument("--sizes", help="staff counts for the scale part, e.g. 200,2000 (the last is used for reports)")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "RESULTS.md", help="results file (default bench/RESULTS.md)")
    parser.add_argument("--work-dir", type=Path, help="where the demo databases go (default: a temporary folder, removed after)")
    args = parser.parse_args(argv)
    parts = [part.strip() for part in args.parts.split(",") if part.strip()]
    unknown = sorted(set(parts) - set(PARTS))
    if unknown:
        parser.error(f"unknown part {unknown[0]!r} (parts: {', '.join(PARTS)})")
    args.parts = parts
    return args


def choose_plan(args: argparse.Namespace) -> Plan:
    plan = PLANS["smoke" if args.smoke else "quick" if args.quick else "full"]
    if args.sizes:
        sizes = tuple(int(size) for size in args.sizes.split(","))
        plan = Plan(**{**plan.__dict__, "sizes": sizes, "report_size": sizes[-1] if plan.report_size not in sizes else plan.report_size})
    return plan


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    plan = choose_plan(args)
    work = args.work_dir or Path(tempfile.mkdtemp(prefix="supervision-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    env = isolated_env(work / "home")
    compile_bytecode()
    run = Run(plan.name, describe_machine())
    try:
        measure(plan, args.parts, work, env, run)
    finally:
        if args.work_dir is None:
            shutil.rmtree(work, ignore_errors=True)
    write(run, args.out)
    print(run.markdown())
    print(f"written to {args.out}")
    return 1 if run.failures else 0


def measure(plan: Plan, parts: list[str], work: Path, env: dict[str, str], run: Run) -> None:
    """Each part in turn, the databases generated once and shared; a part that fails is recorded and the rest still run."""
    from dbs import copy_database, first_names, generate
    from parts import record_recording, record_reports, record_scale, record_startup

    say(f"generating demo organisations of {', '.join(f'{n:,}' for n in plan.sizes)} staff ({plan.months} months)")
    databases = {size: generate(work, size, plan.months, env) for size in plan.sizes}
    if "startup" in parts:
        say(f"start-up: {plan.startup_runs} rounds (product, bare app, table app) on {plan.startup_staff} staff")
        startup_db = databases.get(plan.startup_staff) or generate(work, plan.startup_staff, plan.months, env)
        attempt(run, "start-up", lambda: record_startup(run, startup_db, env, plan.startup_runs))
    rows: list[ScaleRow] = []
    if "reports" in parts or "scale" in parts:
        for size in plan.sizes if "scale" in parts else (plan.report_size,):
            say(f"reports on {size:,} staff")
            row = attempt(run, f"reports on {size:,} staff", lambda: record_reports(run, databases[size], env, plan, main_size=size == plan.report_size))
            rows += [row] if row else []
    if "scale" in parts and rows:
        startup_runs = plan.scale_startup_runs if "startup" in parts else 0
        say("scale" + (": start-up per size" if startup_runs else ""))
        attempt(run, "scale", lambda: record_scale(run, rows, databases, env, startup_runs))
    if "recording" in parts:
        say(f"recording: {plan.presses} ratings on a copy of the {plan.report_size:,}-staff organisation")
        copy = copy_database(databases[plan.report_size].path, work / "recording.db")
        attempt(run, "recording", lambda: record_recording(run, copy, first_names(copy, 40), plan.report_size, plan.presses))
    if "serve" in parts:
        measure_served(plan, work, env, run, databases)


def measure_served(plan: Plan, work: Path, env: dict[str, str], run: Run, databases: dict) -> None:
    """The browser sessions under ``serve``: start-up against textual-serve's bare app, then many tabs on one server."""
    from dbs import generate
    from serve_parts import record_served_sessions, record_served_startup

    say(f"served start-up: {plan.served_runs} rounds (serve, textual-serve's table app and bare app) on {plan.startup_staff} staff")
    startup_db = databases.get(plan.startup_staff) or generate(work, plan.startup_staff, plan.months, env)
    attempt(run, "served start-up", lambda: record_served_startup(run, startup_db, env, work, plan.served_runs))
    say(f"served sessions: {plan.served_sessions} at once, {plan.served_presses} saves each, on {plan.report_size:,} staff")
    attempt(run, "served sessions", lambda: record_served_sessions(
        run, databases[plan.report_size], env, work, plan.served_sessions, plan.served_presses))


def attempt(run: Run, part: str, action: Callable[[], T]) -> T | None:
    """Run one part; if it fails, say so in the results (and the exit code) and go on with the others."""
    try:
        return action()
    except Exception as error:  # a benchmark that stops at the first problem loses the other parts' numbers
        run.failures.append(f"{part}: {type(error).__name__}: {error}")
        say(f"{part} FAILED: {error}")
        return None


def say(text: str) -> None:
    print(f"bench: {text}", file=sys.stderr, flush=True)


if __name__ == "__main__":
    raise SystemExit(main())
