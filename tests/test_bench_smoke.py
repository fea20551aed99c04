"""The benchmark script still runs end to end at tiny sizes and writes its report where it is told (no timing asserts).

Benchmarks are not tests: the numbers are not checked, only that every part
ran, that the product and its hand-written SQL agreed (the script stops if they
do not), and that an existing results file keeps what it had.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "bench" / "run.py"


@pytest.fixture
def results_file(tmp_path) -> Path:
    path = tmp_path / "RESULTS.md"
    path.write_text(
        "# Benchmark results\n\nNotes kept by hand.\n\n"
        "<!-- bench runs: newest first; bench/run.py inserts each run below this line -->\n\n## an older run\n",
        encoding="utf-8",
    )
    return path


def test_smoke_run_measures_every_part_and_inserts_the_run_above_older_ones(tmp_path, results_file):
    """Every part, start-up included: its terminal emulator (pyte) is in the test extra, so CI runs it too."""
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "--smoke", "--out", str(results_file), "--work-dir", str(tmp_path / "work")],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    text = results_file.read_text(encoding="utf-8")
    assert text.startswith("# Benchmark results\n\nNotes kept by hand.")
    assert text.index("· smoke run") < text.index("## an older run")
    for measure in (
        "Start-up to a staff name on screen",
        "| Textual app showing a 40-row table and a footer ",
        "Start-up, for context: against a bare Textual app showing one label",
        "Training report, in process",
        "heatmap cells and ",
        "follow-through tallies agreed with the SQL",
        "Needs summary, in process",
        "Recording: rating key to draft on screen",
        "Recording: save key to committed row",
    ):
        assert measure in text
    assert "| report training (Markdown) |" in text and "MiB |" in text
    assert "growth exponent" in text
    assert not (ROOT / "bench" / "RESULTS.md").exists() or "· smoke run" not in (ROOT / "bench" / "RESULTS.md").read_text(encoding="utf-8")


def test_an_unknown_part_is_one_line_and_exit_2(tmp_path):
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "--parts", "startup,speed", "--out", str(tmp_path / "r.md")], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 2
    assert "unknown part 'speed'" in done.stderr
    assert not (tmp_path / "r.md").exists()


def bench_module(name: str):
    """A module of the bench scripts (they import each other by plain name from bench/, so load it from its file)."""
    spec = importlib.util.spec_from_file_location(f"bench_{name}", ROOT / "bench" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def test_launched_programs_get_none_of_the_users_supervision_settings(tmp_path, monkeypatch):
    """A user's cache override (or 'off') would change what start-up does from one machine to the next."""
    for name, value in (("SUPERVISION_TUI_CACHE", "off"), ("SUPERVISION_TUI_DB", "/x.db"), ("SUPERVISION_TUI_STANDARDS", "/x")):
        monkeypatch.setenv(name, value)
    env = bench_module("conditions").isolated_env(tmp_path / "home")
    assert not [name for name in env if name.startswith("SUPERVISION_TUI_")]
    assert env["XDG_CACHE_HOME"] == str(tmp_path / "home" / "cache")


def test_the_training_limit_check_names_the_first_cell_that_differs(monkeypatch):
    """The report and its SQL limit must carry the same heatmap, needs and totals before either is timed."""
    monkeypatch.syspath_prepend(str(ROOT / "bench"))  # the bench modules import each other by plain name
    limits = bench_module("limits")
    rows = [
        ("r1", "Ann", "North", "A1", "developing", "2025-01-10", "need", 0),
        ("r1", "Ann", "North", "A2", None, None, "not-observed", 0),
        ("r2", "Bo", "South", "A1", "secure", "2024-05-01", "met", 1),
        ("r2", "Bo", "South", "A2", "exemplary", "2025-06-01", "strength", 0),
    ]
    sql = limits.training_answer_from_sql(rows)
    assert sql.counts == {"need": 1, "not_observed": 1, "met": 1, "strength": 1, "stale": 1, "staff_with_needs": 1, "total": 4}
    assert limits.require_same_training(sql, limits.training_answer_from_sql(list(rows)), "same") == (1, 4)
    changed = rows[:3] + [("r2", "Bo", "South", "A2", "secure", "2025-06-01", "met", 0)]
    with pytest.raises(AssertionError, match=r"the heatmap differs at r2 / r2, A2"):
        limits.require_same_training(sql, limits.training_answer_from_sql(changed), "changed")


def test_the_phase_breakdown_and_the_cpu_comparison_run_on_a_real_launch(tmp_path, library):
    """bench/startup_phases.py: every phase stamped in order (on the clock and in CPU time), and the three programs' CPU
    times read (no timing asserts)."""
    from observations.store import Store

    db = tmp_path / "one.db"
    with Store.open(db, library) as store:
        store.add_staff("Ada Phaseworth", team="North team")
    script = ROOT / "bench" / "startup_phases.py"
    for mode in ([], ["--cpu-phases"], ["--cpu"]):
        done = subprocess.run(
            [sys.executable, str(script), "--db", str(db), "--name", "Ada Phaseworth", "--runs", "1", *mode],
            capture_output=True, text=True, timeout=300, cwd=tmp_path,
        )
        assert done.returncode == 0, done.stderr[-2000:]
        rows = [line for line in done.stdout.splitlines() if line.startswith("| ") and not line.startswith("| Phase") and not line.startswith("| Program")]
        assert len(rows) == (3 if mode == ["--cpu"] else 11), done.stdout
        numbers = [float(row.split("|")[2].strip().split()[0]) for row in rows]
        assert all(number >= 0 for number in numbers), done.stdout  # phases come in the order they happen
