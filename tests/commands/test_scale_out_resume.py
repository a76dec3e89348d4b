"""A killed sensitivity study and an interrupted optimisation resume to the files of an uninterrupted one."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from sim.cli import main
from sim.explore.folder import PARTS, ExploreFolder
from tests.helpers.configs import GOOD

SENSITIVITY = ["sensitivity", "{cfg}", "--kpi", "profit", "--difference", "subscription", "--samples", "3",
               "--replications", "2", "--quick", "--workers", "1"]
OPTIMIZE = ["optimize", "{cfg}", "--lever", "pricing.monthly_fee", "--variant", "subscription", "--range", "10:40",
            "--kpi", "profit", "--points", "3", "--replications", "2", "--quick", "--workers", "1"]


@pytest.fixture
def cfg(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "good.toml"
    path.write_text(GOOD, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return path


def _argv(template: list[str], cfg: Path) -> list[str]:
    return [a.format(cfg=cfg) for a in template]


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def _finished_lines(parts: Path) -> int:
    return parts.read_bytes().count(b"\n") - 1 if parts.exists() else 0


@pytest.mark.slow
def test_killed_sensitivity_resumes_to_the_same_files(cfg: Path, tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    argv = _argv(SENSITIVITY, cfg)
    assert main([*argv, "--out", str(tmp_path / "whole")]) == 0
    killed = tmp_path / "killed"
    proc = subprocess.Popen([sys.executable, "-m", "sim", *argv, "--out", str(killed)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and _finished_lines(killed / PARTS) < 3:
        time.sleep(0.005)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    done = _finished_lines(killed / PARTS)
    assert 3 <= done < 48, "the study should have been killed part-way (3 trajectories x 4 points x 2 x 2 runs)"
    assert sorted(p.name for p in killed.iterdir()) == [".lock", PARTS]  # a kill leaves the lock's file, unlocked
    with (killed / PARTS).open("a", encoding="utf-8") as fh:
        fh.write('["a line cut by the kill", {"pro')
    assert main([*argv, "--resume", str(killed)]) == 0, capsys.readouterr().err
    assert _files(killed) == _files(tmp_path / "whole")


@pytest.mark.slow
def test_interrupted_optimize_resumes_to_the_same_files(cfg: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    argv = _argv(OPTIMIZE, cfg)
    assert main([*argv, "--out", str(tmp_path / "whole")]) == 0
    add = ExploreFolder.add

    def ctrl_c_after_four(self: ExploreFolder, key: str, kpis: dict[str, float]) -> None:
        if _finished_lines(self.parts) == 4:
            raise KeyboardInterrupt
        add(self, key, kpis)

    monkeypatch.setattr(ExploreFolder, "add", ctrl_c_after_four)
    stopped = tmp_path / "stopped"
    assert main([*argv, "--out", str(stopped)]) == 2
    assert f"--resume {stopped}" in capsys.readouterr().err
    assert _finished_lines(stopped / PARTS) == 4 and not (stopped / "curve.csv").exists()
    monkeypatch.setattr(ExploreFolder, "add", add)
    assert main([*argv, "--resume", str(stopped)]) == 0
    assert _files(stopped) == _files(tmp_path / "whole")


def test_resume_of_another_study_is_refused(cfg: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "study"
    other = ExploreFolder(folder, {"command": "policysim sensitivity other.toml", "config_hash": "x"})
    other.create()
    other.close()
    before = _files(folder)
    assert main([*_argv(SENSITIVITY, cfg), "--resume", str(folder)]) == 2
    err = capsys.readouterr().err
    assert "cannot resume: command, config_hash not the same" in err and err.count("\n") == 1
    assert _files(folder) == before
    assert main([*_argv(SENSITIVITY, cfg), "--resume", str(tmp_path / "none")]) == 2
    assert "cannot resume" in capsys.readouterr().err
