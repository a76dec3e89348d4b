"""The tests mirror the package, and share code only through tests/helpers and conftest fixtures."""

from __future__ import annotations

import ast
from pathlib import Path

TESTS = Path(__file__).parent
LOCAL = {path.stem for path in TESTS.rglob("*.py")} - {"__init__"}


def _imported(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def _borrows_from_a_test_file(module: str) -> bool:
    """tests.helpers.* is shared code; any other module of the tests folder is a test file or conftest."""
    parts = module.split(".")
    if parts[0] == "tests":
        return parts[:2] != ["tests", "helpers"]
    return parts[0] in LOCAL


def test_no_test_file_imports_another() -> None:
    offenders = {f"{path.relative_to(TESTS)}: {module}"
                 for path in TESTS.rglob("*.py") for module in _imported(path) if _borrows_from_a_test_file(module)}
    assert not offenders, sorted(offenders)


def test_test_files_live_in_a_folder_of_their_area() -> None:
    loose = [path.name for path in TESTS.glob("test_*.py") if path != Path(__file__)]
    assert not loose, loose
    assert all((folder / "__init__.py").exists() for folder in TESTS.iterdir()
               if folder.is_dir() and any(folder.glob("*.py")))
