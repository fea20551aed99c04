"""The benchmark script still runs end to end at tiny sizes and writes its report where it is told (no timing asserts).

Benchmarks are not tests: the numbers are not checked, only that every part
ran, that the product and its hand-written SQL agreed (the script stops if they
do not), and that an existing results file keeps what it had.
"""

from __future__ import annotations

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


def smoke_parts() -> list[str]:
    """Every part; start-up only where its terminal emulator (pyte, in the bench extra) is installed."""
    try:
        import pyte  # noqa: F401
    except ImportError:
        return ["reports", "scale", "recording"]
    return ["startup", "reports", "scale", "recording"]


def test_smoke_run_measures_every_part_and_inserts_the_run_above_older_ones(tmp_path, results_file):
    parts = smoke_parts()
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "--smoke", "--parts", ",".join(parts), "--out", str(results_file), "--work-dir", str(tmp_path / "work")],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    text = results_file.read_text(encoding="utf-8")
    assert text.startswith("# Benchmark results\n\nNotes kept by hand.")
    assert text.index("· smoke run") < text.index("## an older run")
    for measure in ("Training report, in process", "Needs summary, in process", "Recording: save key to committed row"):
        assert measure in text
    assert ("Start-up to a staff name on screen" in text) == ("startup" in parts)
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
