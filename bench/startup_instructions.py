"""Provides start-up in instructions: what a launch to its first text costs, counted by valgrind's callgrind.

    .venv/bin/python bench/startup_instructions.py --db FILE     # product, bare app, table app and its two parts

Wall-clock and even CPU time move by a third from run to run on a machine
shared with other work; the number of instructions a launch executes does not
(the same count, to the first decimal of a million, run after run). So this is
the measure for telling two versions apart, and for saying what part of the
product's start-up is the table every such app pays for: the table app is
counted whole and in two parts (``table_cost_apps``: DataTable imported
beside the one label, and the 40 rows painted without a footer), which
shows that painting the rows, not importing the widget, is what puts any
table-first app past 1.3x the one-label app. Each program runs
once under callgrind on its own 120x40 pseudo-terminal, through
``startup_phases``' children, which end the process as soon as the awaited
text has been written; the product's framework cache is warmed by a plain
launch first, as any earlier start has warmed it. About 15 s per program
(callgrind runs a program some 50 times slower). Needs valgrind (Debian's
``valgrind`` package); the start-up benchmark itself does not.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import startup_phases  # noqa: E402
from conditions import compile_bytecode, isolated_env  # noqa: E402
from startup_bench import time_until_shown  # noqa: E402

TOTAL = re.compile(r"([\d,]+) \([\d.]+%\)\s+PROGRAM TOTALS")


def instructions(argv: list[str], env: dict[str, str], out: Path) -> int:
    """Instructions executed by ``argv`` (which ends itself once its text is written) under callgrind."""
    valgrind = [shutil.which("valgrind") or "valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", "--dump-instr=no"]
    startup_phases.run_to_its_end([*valgrind, *argv], env, quiet_seconds=300)  # callgrind runs it some 50 times slower
    summary = subprocess.run(["callgrind_annotate", str(out)], capture_output=True, text=True, check=True).stdout
    found = TOTAL.search(summary)
    if found is None:
        raise RuntimeError(f"callgrind wrote no total for {argv[-1]}")
    return int(found.group(1).replace(",", ""))


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(description="Start-up in instructions (callgrind): product, bare app, table app and its parts.")
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--name", default="Adebayo Evans", help="the first name on the home screen")
    args = parser.parse_args(argv)
    if shutil.which("valgrind") is None or shutil.which("callgrind_annotate") is None:
        print("needs valgrind: apt-get install -y valgrind", file=sys.stderr)
        return 2
    compile_bytecode()
    here = Path(startup_phases.__file__)
    programs = {
        "product": [sys.executable, str(here), "--child", "--db", str(args.db)],
        **{name: [sys.executable, str(here), "--child-limit", name] for name in (*startup_phases.LIMITS, *startup_phases.TABLE_COSTS)},
    }
    with tempfile.TemporaryDirectory(prefix="supervision-instructions-") as work:
        env = isolated_env(Path(work) / "home")
        env.update({startup_phases.STAMPS_ENV: str(Path(work) / "stamps.json"), startup_phases.TEXT_ENV: args.name})
        env["PYTHONHASHSEED"] = "0"  # the same set and dict orders, so the same instructions, every run
        time_until_shown(programs["product"], args.name, env)  # warms the framework cache, as any earlier start has
        counts = {name: instructions(command, env, Path(work) / f"{name}.callgrind") for name, command in programs.items()}
    print("| Program | Instructions to its text (millions) | / bare app | / table app |\n|---|---|---|---|")
    for name, count in counts.items():
        print(f"| {name} | {count / 1e6:,.1f} | {count / counts['bare']:.2f}x | {count / counts['table']:.2f}x |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
