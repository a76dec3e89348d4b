"""Shared fixtures, and the `--slow` option: plain `pytest` runs the quick suite only."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from sim.cli import main
from tests.helpers.configs import SMALL


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--slow", action="store_true",
                     help="also run the tests marked slow (statistical checks, whole commands, every study)")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Without --slow, deselect the slow tests, so that plain `pytest` stays a quick loop."""
    if config.getoption("--slow"):
        return
    slow = [item for item in items if item.get_closest_marker("slow")]
    if slow:
        config.hook.pytest_deselected(items=slow)
        items[:] = [item for item in items if not item.get_closest_marker("slow")]


@pytest.fixture
def small_config(tmp_path: Path) -> Path:
    path = tmp_path / "small.toml"
    path.write_text(SMALL, encoding="utf-8")
    return path


@pytest.fixture
def config_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                 capsys: pytest.CaptureFixture[str]) -> Callable[..., None]:
    """Check that a bad config gets one line naming the file and `expected`, exit 2, nothing written."""

    def check(text: str, expected: str, command: str = "run", name: str = "bad") -> None:
        path = tmp_path / f"{name}.toml"
        path.write_text(text, encoding="utf-8")
        monkeypatch.chdir(tmp_path)
        assert main([command, str(path)]) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "Traceback" not in err
        assert str(path) in err and expected in err, err
        assert not (tmp_path / "results").exists()

    return check
