"""Where results go and what an interrupted run leaves: bad --out refused, Ctrl-C exits 130 and
prints a resume command that works as printed, resume needs nothing but the folder."""

from __future__ import annotations

import os
import shlex
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from sim.results_folder import ResultsFolder
from tests.helpers.runs import run_quietly, same_files


def _one_line_error(capsys: pytest.CaptureFixture[str], expected: str) -> None:
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err and expected in err, err


def _tree(root: Path) -> dict[str, tuple[int, bytes]]:
    """Every file under root with its modification time and bytes."""
    return {str(p.relative_to(root)): (p.stat().st_mtime_ns, p.read_bytes()) for p in root.rglob("*") if p.is_file()}


def test_out_naming_a_file_is_refused(small_config: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "notes.txt"
    target.write_text("keep me")
    before = sorted(tmp_path.rglob("*"))
    assert run_quietly(str(small_config), "--out", str(target)) == 2
    _one_line_error(capsys, "is a file")
    assert target.read_text() == "keep me" and sorted(tmp_path.rglob("*")) == before


def test_out_under_a_file_is_refused(small_config: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "notes.txt").write_text("keep me")
    before = sorted(tmp_path.rglob("*"))
    assert run_quietly(str(small_config), "--out", str(tmp_path / "notes.txt" / "deeper" / "r")) == 2
    _one_line_error(capsys, "notes.txt is a file")
    assert sorted(tmp_path.rglob("*")) == before


@pytest.mark.skipif(not Path("/proc/self").is_dir(), reason="needs Linux /proc, unwritable even for root")
def test_out_in_an_unwritable_place_is_refused(small_config: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = Path("/proc/policysim-test/r")
    assert run_quietly(str(small_config), "--out", str(target)) == 2
    _one_line_error(capsys, "cannot create the results folder")
    assert not target.parent.exists()


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root may write anywhere")
def test_out_in_a_read_only_folder_is_refused(small_config: Path, tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    assert run_quietly(str(small_config), "--out", str(locked / "r")) == 2
    _one_line_error(capsys, "no permission to write")
    assert not any(locked.iterdir())


def _interrupt_after(monkeypatch: pytest.MonkeyPatch, parts: int) -> None:
    """Make the run raise KeyboardInterrupt (as Ctrl-C does) once `parts` replications are on disk."""
    add = ResultsFolder.add

    def add_then_stop(self: ResultsFolder, result) -> None:
        add(self, result)
        if len(self.done()) >= parts:
            raise KeyboardInterrupt

    monkeypatch.setattr(ResultsFolder, "add", add_then_stop)


def test_ctrl_c_exits_130_and_the_printed_command_resumes(small_config: Path, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    flags = ["--quick", "--seed", "99", "--replications", "2"]
    assert run_quietly(str(small_config), "--out", str(tmp_path / "whole"), *flags) == 0
    with monkeypatch.context() as patch:
        _interrupt_after(patch, 3)
        assert run_quietly(str(small_config), "--out", str(tmp_path / "cut"), *flags) == 130
    err = capsys.readouterr().err.strip()
    assert "Traceback" not in err and err.count("\n") == 0, err
    command = err.split("finished replications are kept: ", 1)[1]
    assert command == f"policysim run {small_config} --resume {tmp_path / 'cut'}"
    assert len(list((tmp_path / "cut" / "parts").glob("*.json.gz"))) == 3
    assert run_quietly(*shlex.split(command)[2:]) == 0
    assert "3 of them already on disk" in capsys.readouterr().out
    same_files(tmp_path / "whole", tmp_path / "cut")


def _hear_ctrl_c() -> None:
    """A child inherits an ignored SIGINT: a test run started in the background by a non-interactive
    shell ignores it, and so would the child, which then runs to the end and exits 0."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@pytest.mark.slow
def test_a_real_sigint_exits_130_and_keeps_what_finished(small_config: Path, tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    cut = tmp_path / "cut"
    proc = subprocess.Popen(
        [sys.executable, "-m", "sim", "run", str(small_config), "--out", str(cut), "--seed", "5",
         "--replications", "40", "--no-progress", "--no-report"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, start_new_session=True,
        preexec_fn=_hear_ctrl_c)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(list((cut / "parts").glob("*.json.gz"))) < 2:
        time.sleep(0.005)
    os.killpg(proc.pid, signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert err.strip().endswith(f"--resume {cut}") and "Traceback" not in err, err
    assert not (cut / "runs.csv").exists()
    assert run_quietly(str(small_config), "--resume", str(cut)) == 0, capsys.readouterr().err
    assert run_quietly(str(small_config), "--out", str(tmp_path / "whole"), "--seed", "5", "--replications", "40") == 0
    same_files(tmp_path / "whole", cut)


def test_resuming_a_finished_folder_runs_nothing(small_config: Path, tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    done = tmp_path / "done"
    assert run_quietly(str(small_config), "--out", str(done), "--seed", "3") == 0
    before = _tree(done)
    capsys.readouterr()
    assert run_quietly(str(small_config), "--resume", str(done)) == 0
    assert "already complete; nothing to run" in capsys.readouterr().out
    assert _tree(done) == before


@pytest.mark.slow
def test_resume_refuses_only_a_real_conflict(small_config: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    cut = tmp_path / "cut"
    with monkeypatch.context() as patch:
        _interrupt_after(patch, 1)
        assert run_quietly(str(small_config), "--out", str(cut), "--seed", "3") == 130
    capsys.readouterr()
    assert run_quietly(str(small_config), "--resume", str(cut), "--seed", "4") == 2
    _one_line_error(capsys, "cannot resume: seed 4 given, the interrupted run has 3")
    assert run_quietly(str(small_config), "--resume", str(cut), "--quick") == 2
    _one_line_error(capsys, "quick mode asked for")
    assert run_quietly(str(small_config), "--resume", str(tmp_path / "nowhere")) == 2
    _one_line_error(capsys, "not a results folder")
    assert len(list((cut / "parts").glob("*.json.gz"))) == 1
    assert run_quietly(str(small_config), "--resume", str(cut), "--seed", "3", "--replications", "3") == 0
