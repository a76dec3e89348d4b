"""Streaming, resume after a kill, and executors that all write the same bytes."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from sim.cli import main
from tests.helpers.runs import run_quietly, same_files


@pytest.mark.slow
def test_killed_run_resumes_to_the_same_files(small_config: Path, tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    assert run_quietly(str(small_config), "--out", str(tmp_path / "whole"), "--replications", "12") == 0
    killed = tmp_path / "killed"
    proc = subprocess.Popen(
        [sys.executable, "-m", "sim", "run", str(small_config), "--out", str(killed),
         "--replications", "12", "--no-progress", "--no-report"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(list((killed / "parts").glob("*.json.gz"))) < 2:
        time.sleep(0.005)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    parts = list((killed / "parts").glob("*.json.gz"))
    assert 2 <= len(parts) < 24, "the run should have been killed part-way"
    assert not (killed / "runs.csv").exists()
    assert run_quietly(str(small_config), "--resume", str(killed), "--replications", "12") == 0, capsys.readouterr().err
    same_files(tmp_path / "whole", killed)


def test_resume_with_a_changed_config_is_refused(small_config: Path, tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "r"
    assert run_quietly(str(small_config), "--out", str(out)) == 0
    changed = tmp_path / "changed.toml"
    changed.write_text(small_config.read_text().replace("initial = 60", "initial = 61"))
    assert run_quietly(str(changed), "--resume", str(out)) == 2
    assert "cannot resume: config not the same" in capsys.readouterr().err
    assert run_quietly(str(small_config), "--resume", str(out), "--seed", "99") == 2


@pytest.mark.slow
def test_dask_local_cluster_writes_the_same_bytes(small_config: Path, tmp_path: Path) -> None:
    pytest.importorskip("distributed")
    assert run_quietly(str(small_config), "--out", str(tmp_path / "serial")) == 0
    assert run_quietly(str(small_config), "--out", str(tmp_path / "dask"), "--dask-local", "2") == 0
    same_files(tmp_path / "serial", tmp_path / "dask")


@pytest.mark.slow
def test_quick_mode_says_so_and_shrinks_the_business(small_config: Path, tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    import json

    out = tmp_path / "q"
    assert main(["run", str(small_config), "--out", str(out), "--quick", "--no-progress"]) == 0
    assert "quick mode" in capsys.readouterr().out
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["quick"] is True and manifest["replications"] == 3
    assert "Quick mode" in (out / "report.md").read_text()
    rows = (out / "customers.csv.gz").read_bytes()
    import gzip

    initial = sum(1 for line in gzip.decompress(rows).decode().splitlines()[1:]
                  if line.split(",")[5] == "initial" and line.startswith("0,0,late_fees,"))
    assert initial == 15  # a quarter of the 60 initial customers


def test_local_cluster_runs_without_the_dashboards_samplers_or_stealing() -> None:
    pytest.importorskip("distributed")
    import dask
    from distributed import get_client

    from sim.executors import QUIET_LOCAL_CLUSTER, ExecutorSettings, executor_for

    with executor_for(ExecutorSettings(dask_local=2)) as (pool, _):
        seen = [pool.submit(lambda: {key: dask.config.get(key) for key in QUIET_LOCAL_CLUSTER}) for _ in range(4)]
        assert [task.result() for task in seen] == [QUIET_LOCAL_CLUSTER] * 4
        extensions = get_client().run_on_scheduler(lambda dask_scheduler: sorted(dask_scheduler.extensions))
        assert "stealing" not in extensions
    # this process's settings are left as they were
    assert dask.config.get("distributed.worker.profile.enabled") is True
