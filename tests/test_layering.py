"""Imports flow one way: supervision_tui -> observations -> standards. Checked in fresh interpreters."""

from __future__ import annotations

import json
import subprocess
import sys

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
    code = "import sys; from supervision_tui.cli.main import build_parser; build_parser(); print('textual' in sys.modules)"
    output = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert output.strip() == "False"
