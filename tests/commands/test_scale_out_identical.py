"""Each command's output is the same bytes on 1 worker, 2 workers and a local Dask cluster."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from sim.cli import main
from sim.explore.selection import kn
from sim.validation import erlang_c, loop_closed
from sim.validation.suite import CASES
from tests.helpers.configs import GOOD

# each against a serial run (--workers 1, in this process)
EXECUTORS = {"2 workers": ["--workers", "2"], "local Dask": pytest.param(["--dask-local", "2"], marks=pytest.mark.slow)}
FOLDER_COMMANDS = {
    "sensitivity": ["sensitivity", "{cfg}", "--kpi", "profit", "--difference", "subscription", "--samples", "2",
                    "--replications", "2", "--quick", "--out", "{out}"],
    "optimize": ["optimize", "{cfg}", "--lever", "pricing.monthly_fee", "--variant", "subscription",
                 "--range", "10:40", "--kpi", "profit", "--points", "3", "--replications", "2", "--quick",
                 "--out", "{out}"],
    "validate": ["validate", "--quick", "--out", "{out}"],
}
# replications handed over as a batch (Erlang C) and single pieces waited for together (loop closed)
CHEAP_CASES = tuple(c for c in CASES if c.name in {erlang_c.NAME, loop_closed.NAME})


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@pytest.fixture
def cfg(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "good.toml"
    path.write_text(GOOD, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("sim.commands.validate.CASES", CHEAP_CASES)
    return path


@pytest.mark.slow
@pytest.mark.parametrize("executor", EXECUTORS.values(), ids=EXECUTORS.keys())
@pytest.mark.parametrize("command", sorted(FOLDER_COMMANDS))
def test_output_files_do_not_depend_on_the_executor(command: str, executor: list[str], cfg: Path,
                                                    tmp_path: Path) -> None:
    """validate runs the cheap cases only here (the slow test below runs them all)."""
    def argv(out: Path) -> list[str]:
        return [a.format(cfg=cfg, out=out) for a in FOLDER_COMMANDS[command]]

    assert main([*argv(tmp_path / "serial"), "--workers", "1"]) == 0
    assert main([*argv(tmp_path / "other"), *executor]) == 0
    serial, other = _files(tmp_path / "serial"), _files(tmp_path / "other")
    assert serial and serial == other, sorted(serial)


@pytest.mark.parametrize("executor", EXECUTORS.values(), ids=EXECUTORS.keys())
def test_select_prints_the_same_selection(executor: list[str], cfg: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """select writes no files: its report is what it prints (less the last line: runs and seconds)."""
    argv = ["select", str(cfg), "--kpi", "profit", "--delta", "3000", "--n0", "3", "--quick", "--max-replications", "8"]
    assert main([*argv, "--workers", "1"]) == 0
    serial = capsys.readouterr().out.splitlines()[:-1]
    assert main([*argv, *executor]) == 0
    assert capsys.readouterr().out.splitlines()[:-1] == serial and "KN selection" in serial[0]


@pytest.mark.parametrize("width", [2, 5, 40])
def test_kn_taking_replications_ahead_selects_the_same(width: int) -> None:
    """Screening stays one replication at a time, so a batch of runs taken ahead changes nothing."""
    means = np.array([0.0, 0.3, 0.5, 0.1])

    def sampler(replications, systems) -> np.ndarray:
        rows = [means + np.sin(7.0 * r + np.arange(4)) * 0.8 + np.cos(3.0 * r) for r in replications]
        return np.array(rows)[:, list(systems)]

    assert kn(sampler, 4, 0.2, 0.95, n0=5, width=width) == kn(sampler, 4, 0.2, 0.95, n0=5)


@pytest.mark.slow
def test_every_validation_case_is_the_same_on_any_executor(tmp_path: Path) -> None:
    pytest.importorskip("distributed")
    pages = []
    for name, flags in (("one", ["--workers", "1"]), ("two", ["--workers", "2"]), ("dask", ["--dask-local", "2"])):
        assert main(["validate", "--quick", "--out", str(tmp_path / name), *flags]) in (0, 1)  # 1: a check fails
        pages.append((tmp_path / name / "validation.html").read_bytes())
    assert pages[0] == pages[1] == pages[2]
