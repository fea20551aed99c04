"""Imports flow one way: supervision_tui -> observations -> standards. Checked in fresh interpreters."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

CHECK = """
import importlib, json, pkgutil, sys
package = importlib.import_module({package!r})
for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
    importlib.import_module(info.name)
print(json.dumps(sorted(sys.modules)))
"""


def loaded_after_importing(package: str) -> set[str]:
    output = subprocess.run(
        [sys.executable, "-c", CHECK.format(package=package)], capture_output=True, text=True, check=True
    ).stdout
    return set(json.loads(output))


def top_level(modules: set[str]) -> set[str]:
    return {name.split(".")[0] for name in modules}


def test_standards_imports_neither_observations_nor_textual():
    tops = top_level(loaded_after_importing("standards"))
    assert "standards" in tops
    assert "observations" not in tops
    assert "supervision_tui" not in tops
    assert "textual" not in tops


def test_observations_never_imports_textual_or_the_app():
    tops = top_level(loaded_after_importing("observations"))
    assert "observations" in tops
    assert "textual" not in tops
    assert "supervision_tui" not in tops


@pytest.mark.parametrize("package", ["standards", "observations", "supervision_tui"])
def test_importing_a_package_alone_loads_nothing_heavy(package):
    """Start-up stays lean: the top-level packages load Textual, jinja2 and the store lazily."""
    output = subprocess.run(
        [sys.executable, "-c", f"import json, sys, {package}; print(json.dumps(sorted(sys.modules)))"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    tops = top_level(set(json.loads(output)))
    assert not tops & {"textual", "jinja2", "sqlite_utils", "markdown_it", "yaml"}


def test_cli_module_for_a_standards_command_does_not_load_textual():
    code = "import sys; from supervision_tui.cli.parser import build_parser; build_parser(); print('textual' in sys.modules)"
    output = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert output.strip() == "False"


LEAN_PATH_PROBE = """
import json, sys
import supervision_tui.launch as launch
from supervision_tui.cli.main import main

def build_the_app_only(context):
    from supervision_tui.app import create_app

    app = create_app(db_path=context.db_path, library=context.library())
    app.gateway.close()
    print(json.dumps(sorted(sys.modules)))
    return 0

launch.launch_app = build_the_app_only
sys.exit(main(["--db", sys.argv[1]]))
"""

NOT_ON_THE_LEAN_PATH = (
    "sqlite_utils", "jinja2", "markdown_it", "mdit_py_plugins", "yaml", "argparse", "observations.reports", "standards.interchange",
    # what the first screen does not need (each cost a few milliseconds of every launch):
    "standards.loader", "standards.frontmatter", "standards.writer",  # the frameworks come from the parse cache
    "observations.read_models", "observations.schedule", "observations.standing", "observations.accounts",
    "supervision_tui.cli.parser", "supervision_tui.app.person_messages", "supervision_tui.app.report_messages",
)
"""Packages and modules (and everything under them) that opening the app on an existing database must not import."""
EXCHANGE_MODULES = ("exchange", "exchange_rows", "references", "backup", "spreadsheet")
"""The domain's exchange modules (export, import, merge, backup, spreadsheets), flat in observations/ or in observations/exchange/."""


def test_opening_the_app_imports_no_parser_template_report_or_exchange_module(tmp_path):
    """The no-subcommand path up to a built app, in a fresh interpreter, on an existing database with warm parse cache."""
    from observations.store import Store
    from standards import load_library

    db = tmp_path / "existing.db"
    Store.open(db, load_library(None)).close()
    runs = [subprocess.run([sys.executable, "-c", LEAN_PATH_PROBE, str(db)], capture_output=True, text=True, timeout=120) for _ in range(2)]
    assert all(run.returncode == 0 for run in runs), runs[-1].stderr
    loaded = set(json.loads(runs[-1].stdout))  # the first run filled the parse cache, as any earlier start has
    assert {"supervision_tui.app.application", "supervision_tui.app.screens.home"} <= loaded  # the app was built
    unwanted = {name for name in loaded if any(name == top or name.startswith(top + ".") for top in NOT_ON_THE_LEAN_PATH)}
    unwanted |= {name for name in loaded if name.startswith("observations.") and name.split(".")[-1] in EXCHANGE_MODULES}
    unwanted |= {name for name in loaded if name.startswith("observations.exchange")}
    unwanted |= {name for name in loaded if name.startswith("supervision_tui.cli.") and name.endswith("_cmd")}
    assert unwanted == set()


def import_circles(package: str) -> list[list[str]]:
    """Every import circle among one package's modules, each once, as the chain of modules it runs through.

    grimp builds the graph from the source (imports inside functions and under
    TYPE_CHECKING count: a circle a type checker follows is still a circle for a
    reader). A direct import a -> b is part of a circle exactly when b leads back
    to a, and grimp finds the shortest such chain."""
    import grimp

    graph = grimp.build_graph(package, cache_dir=None)
    circles: dict[frozenset[str], list[str]] = {}
    for importer in sorted(graph.modules):
        for imported in sorted(graph.find_modules_directly_imported_by(importer)):
            back = graph.find_shortest_chain(importer=imported, imported=importer)
            if back:
                circles.setdefault(frozenset(back), [importer, *back])
    return list(circles.values())


@pytest.mark.parametrize("package", ["standards", "observations", "supervision_tui", "bench"])
def test_no_import_circle_inside_a_package(package):
    circles = import_circles(package)
    assert not circles, "import circles: " + "; ".join(" -> ".join(chain) for chain in circles)


def test_the_circle_check_finds_a_circle(tmp_path, monkeypatch):
    """The check above can fail: two modules of a throwaway package that import each other (one lazily) are found."""
    package = tmp_path / "circled"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "first.py").write_text("from circled import second\n")
    (package / "second.py").write_text("def later():\n    from circled import first\n")
    (package / "third.py").write_text("from circled import first\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    assert import_circles("circled") == [["circled.first", "circled.second", "circled.first"]]


SQL_WORDS = re.compile(r"\b(SELECT\s+\S|INSERT\s+INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM|PRAGMA\s+\w)|\.rows\(|\.execute\(")


def test_no_sql_in_the_app_or_the_command_line():
    """SQL and the rules it encodes live in ``observations/`` (store and read models), where the command line, the
    terminal app and a served session read the same answers; ``supervision_tui/`` only asks and draws."""
    root = Path(__file__).resolve().parent.parent / "supervision_tui"
    found = [
        f"{path.relative_to(root.parent)}:{number}: {line.strip()}"
        for path in sorted(root.rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if SQL_WORDS.search(line)
    ]
    assert found == []
