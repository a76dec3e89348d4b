"""The linter and the type checker, run as slow checks so the README's one test command runs them too."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _tool(name: str) -> list[str]:
    """The tool installed beside this interpreter (the lint extra), else skip."""
    here = Path(sys.executable).with_name(name)
    found = str(here) if here.exists() else shutil.which(name)
    if found is None:
        pytest.skip(f"{name} is not installed (pip install -e '.[lint]')")
    return [found]


@pytest.mark.slow
def test_ruff_finds_nothing() -> None:
    done = subprocess.run([*_tool("ruff"), "check", "sim", "tests"], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout[-3000:]


@pytest.mark.slow
def test_mypy_finds_nothing() -> None:
    done = subprocess.run([*_tool("mypy"), "sim"], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout[-3000:]
