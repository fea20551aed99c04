"""Provides writing one run's results as a dated Markdown section, newest first, into bench/RESULTS.md (or another file).

Everything above the runs marker (the goals, the before/after notes) is kept
as it is; the new run goes right under the marker, so older runs stay below.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from conditions import Machine, growth_exponent

MARKER = "<!-- bench runs: newest first; bench/run.py inserts each run below this line -->"
HEADER = f"""# Benchmark results

Written by `python bench/run.py`; see the README's Benchmarks section.

{MARKER}
"""


@dataclass
class ScaleRow:
    """What one organisation size measured."""

    staff: int
    rows: int
    generate_seconds: float
    generate_peak_mib: float
    training: float
    training_sql: float
    needs: float
    needs_sql: float
    training_command: float | None = None
    training_peak_mib: float | None = None
    startup: float | None = None


@dataclass
class Run:
    """One run of bench/run.py, filled in part by part."""

    mode: str
    machine: Machine
    started: datetime = field(default_factory=lambda: datetime.now(timezone.utc))
    goals: list[tuple[str, str, str, str, str, str]] = field(default_factory=list)
    """(what, product, limit, result, goal, met)"""
    sections: list[tuple[str, list[str]]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)

    def goal(self, what: str, product: str, limit: str, result: str, goal: str, met: bool | None) -> None:
        self.goals.append((what, product, limit, result, goal, "—" if met is None else ("yes" if met else "**no**")))

    def section(self, title: str, lines: list[str]) -> None:
        self.sections.append((title, lines))

    def markdown(self) -> str:
        out = [f"## {self.started:%Y-%m-%d %H:%M} UTC · {self.mode} run", "", *self.machine.lines(), ""]
        out += ["### Against the goals", ""]
        out += table(("Measure", "Product", "Limit (same run)", "Result", "Goal", "Met"), self.goals)
        for title, lines in self.sections:
            out += ["", f"### {title}", "", *lines]
        if self.failures:
            out += ["", "### Parts that failed", "", *[f"- {failure}" for failure in self.failures]]
        if self.notes:
            out += ["", "### How it was measured", "", *[f"- {note}" for note in self.notes]]
        return "\n".join(out) + "\n"


def table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(" --- " for _ in header) + "|"]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return lines


def seconds(value: float | None) -> str:
    """0.0123 -> '12.3 ms', 1.5 -> '1.50 s'."""
    if value is None or math.isnan(value):
        return "—"
    return f"{value * 1000:.1f} ms" if value < 1 else f"{value:.2f} s"


def scale_lines(rows: list[ScaleRow]) -> list[str]:
    """The table per size, then how each measure grew from one size to the next (1.0 is linear)."""
    body = [
        (
            f"{row.staff:,}",
            f"{row.rows:,}",
            f"{seconds(row.generate_seconds)} ({row.rows / row.generate_seconds:,.0f} rows/s, {row.generate_peak_mib:.0f} MiB)",
            seconds(row.training),
            seconds(row.training_sql),
            f"{row.training / row.training_sql:.2f}",
            f"{seconds(row.needs)} / {seconds(row.needs_sql)}",
            "—" if row.training_command is None else f"{seconds(row.training_command)}, {row.training_peak_mib:.0f} MiB",
            seconds(row.startup),
        )
        for row in rows
    ]
    lines = table(
        ("Staff", "Rows", "demo generator", "Training report", "Its SQL", "Ratio", "Needs summary / its SQL", "`report training` process", "Start-up to a name"),
        body,
    )
    measures = {
        "demo generator": lambda r: r.generate_seconds,
        "training report": lambda r: r.training,
        "training SQL": lambda r: r.training_sql,
        "needs summary": lambda r: r.needs,
        "`report training` process": lambda r: r.training_command,
        "start-up": lambda r: r.startup,
    }
    growth = []
    for small, large in zip(rows, rows[1:]):
        cells = []
        for name, get in measures.items():
            a, b = get(small), get(large)
            if a is not None and b is not None:
                cells.append(f"{name} {growth_exponent((small.staff, a), (large.staff, b)):.2f}")
        growth.append(f"- {small.staff:,} → {large.staff:,} staff, growth exponent k in time ∝ staff^k: " + ", ".join(cells))
    return lines + ["", *growth]


def write(run: Run, path: Path) -> None:
    """Insert the run under the marker (making the file if needed), keeping everything else."""
    text = path.read_text(encoding="utf-8") if path.exists() else HEADER
    if MARKER not in text:
        text = text.rstrip("\n") + "\n\n" + MARKER + "\n"
    before, after = text.split(MARKER, 1)
    rest = after.lstrip("\n")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(before + MARKER + "\n\n" + run.markdown() + ("\n" + rest if rest else ""), encoding="utf-8")
