"""A results folder is trusted only as its run wrote it (issue 32): parts that say what they are,
a manifest that cannot be edited unnoticed, tables checked against it, one writer at a time."""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

import sim
from sim.analysis.results import load_results
from sim.cli import main
from sim.errors import UserError
from sim.report.stored import rebuild_derived, stored_experiment
from sim.runner import run_tasks, tasks
from sim.results_folder import ResultsFolder

TINY = """
[experiment]
name = "tiny"
replications = 2
seed = 7
horizon_days = 60

[scenario.customers]
initial = 10
marketing_prospects_per_month = 2

[scenario.catalogue]
titles = 10

[variants.a]
baseline = true

[variants.b.pricing]
model = "subscription"
"""
TABLES = ("runs.csv", "summary.csv", "comparisons.csv", "timeseries.csv", "customers.csv.gz")
MAX_MESSAGE = 400


@pytest.fixture
def tiny(tmp_path: Path) -> Path:
    path = tmp_path / "tiny.toml"
    path.write_text(TINY, encoding="utf-8")
    return path


def interrupted(config: Path, out: Path, finished: int) -> ResultsFolder:
    """A folder as a run killed after `finished` tasks leaves it."""
    loaded = sim.load(config)
    folder = ResultsFolder(out, loaded, 2, 7, ["policysim", "run", str(config)])
    folder.create()
    run_tasks(loaded, tasks(loaded, 2)[:finished], 7, folder.add)
    return folder


def complete(config: Path, out: Path) -> Path:
    assert main(["run", str(config), "--out", str(out), "--no-progress", "--no-report", "--workers", "1"]) == 0
    return out


def hashes(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def refused(capsys: pytest.CaptureFixture[str], argv: list[str], folder: Path, *expected: str) -> str:
    """The command exits 2 with one bounded line holding `expected`, and changes nothing in `folder`."""
    before = hashes(folder)
    capsys.readouterr()
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err and len(err) < MAX_MESSAGE, err
    assert all(e in err for e in expected), err
    assert hashes(folder) == before
    return err


def resume(config: Path, folder: Path) -> list[str]:
    return ["run", str(config), "--resume", str(folder), "--no-progress", "--no-report", "--workers", "1"]


def test_a_corrupt_part_is_named_set_aside_and_rerun(tiny: Path, tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    whole = complete(tiny, tmp_path / "whole")
    folder = interrupted(tiny, tmp_path / "cut", 3).root
    part = folder / "parts" / "p0000-r00000-a.json.gz"
    part.write_bytes(part.read_bytes()[:30])
    assert main(resume(tiny, folder)) == 0
    err = capsys.readouterr().err
    assert f"{part}: corrupt" in err and "set aside as rejected-parts/p0000-r00000-a.json.gz" in err
    assert (folder / "rejected-parts" / part.name).exists()
    assert all((folder / t).read_bytes() == (whole / t).read_bytes() for t in TABLES)
    assert not (folder / ".lock").exists() and not (folder / "parts").exists()


def test_a_part_copied_under_another_variants_name_is_not_merged(tiny: Path, tmp_path: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    whole = complete(tiny, tmp_path / "whole")
    folder = interrupted(tiny, tmp_path / "cut", 2).root
    parts = folder / "parts"
    (parts / "p0000-r00000-b.json.gz").write_bytes((parts / "p0000-r00000-a.json.gz").read_bytes())
    assert main(resume(tiny, folder)) == 0
    assert "records variant 'a' where 'b' was expected" in capsys.readouterr().err
    assert (folder / "runs.csv").read_bytes() == (whole / "runs.csv").read_bytes()


def test_a_part_gone_bad_before_the_merge_is_named_not_a_traceback(tiny: Path, tmp_path: Path) -> None:
    folder = interrupted(tiny, tmp_path / "cut", 4)
    part = folder.parts / "p0000-r00001-b.json.gz"
    part.write_bytes(b"not gzip")
    with pytest.raises(UserError, match=r"p0000-r00001-b.json.gz: corrupt .*set aside.*--resume"):
        folder.merge(tasks(folder.loaded, 2))
    assert not part.exists() and (folder.root / "rejected-parts" / part.name).exists()
    assert not (folder.root / "runs.csv").exists()


def test_a_manifest_with_an_edited_replication_count_is_refused(tiny: Path, tmp_path: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    folder = interrupted(tiny, tmp_path / "cut", 2).root
    manifest = folder / "manifest.json"
    manifest.write_text(manifest.read_text().replace('"replications": 2', '"replications": 1'))
    refused(capsys, resume(tiny, folder), folder, "manifest.json: edited after the run wrote it")
    done = complete(tiny, tmp_path / "done")
    manifest = done / "manifest.json"
    manifest.write_text(manifest.read_text().replace('"replications": 2', '"replications": 1'))
    refused(capsys, ["report", str(done)], done, "manifest.json: edited after the run wrote it")


def hold_lock(folder: Path, pid: int, command: str) -> int:
    """Another process's lock on the folder (flock is per open file, so a second descriptor will do)."""
    fd = os.open(folder / ".lock", os.O_RDWR | os.O_CREAT)
    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    os.write(fd, json.dumps({"pid": pid, "command": command, "since": "2026-12-07T18:00:00+00:00"}).encode())
    return fd


def test_a_folder_in_use_is_refused_naming_who_holds_it(tiny: Path, tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    folder = interrupted(tiny, tmp_path / "cut", 2).root
    fd = hold_lock(folder, 4242, "policysim run tiny.toml --resume cut")
    try:
        for argv in (resume(tiny, folder), ["report", str(folder)]):
            refused(capsys, argv, folder, "in use by another command (pid 4242, `policysim run tiny.toml "
                    "--resume cut`, since 2026-12-07T18:00:00+00:00)")
    finally:
        os.close(fd)
    assert main(resume(tiny, folder)) == 0  # the holder gone (however it ended), the folder is free
    assert not (folder / ".lock").exists()


def test_a_new_run_is_refused_a_folder_another_run_is_making(tiny: Path, tmp_path: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "new"
    out.mkdir()
    fd = hold_lock(out, 4242, "policysim run tiny.toml --out new")
    try:
        refused(capsys, ["run", str(tiny), "--out", str(out), "--no-progress", "--no-report"], out, "pid 4242")
    finally:
        os.close(fd)


def test_report_refuses_an_edited_config(tiny: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    done = complete(tiny, tmp_path / "done")
    config = done / "config.toml"
    config.write_text(config.read_text().replace("initial = 10", "initial = 11"))
    refused(capsys, ["report", str(done)], done, f"{config}: not the config this run used")


def test_report_refuses_a_timeseries_cut_at_a_row_boundary(tiny: Path, tmp_path: Path,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    done = complete(tiny, tmp_path / "done")
    series = done / "timeseries.csv"
    lines = series.read_text().splitlines(keepends=True)
    series.write_text("".join(lines[:100]))
    refused(capsys, ["report", str(done)], done, f"{series}: not what the run wrote (99 rows where the run "
            f"wrote {len(lines) - 1:,}: cut short?)")


def test_report_refuses_an_edited_runs_table(tiny: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    done = complete(tiny, tmp_path / "done")
    runs = done / "runs.csv"
    text = runs.read_text()
    runs.write_text(text.replace(",a,", ",b,", 1))
    refused(capsys, ["report", str(done)], done, "runs.csv: not what the run wrote (same rows, other contents")


@pytest.mark.parametrize("name", ["summary.csv", "comparisons.csv"])
def test_a_summary_cut_mid_file_is_rebuilt_to_the_byte(tiny: Path, tmp_path: Path, name: str) -> None:
    done = complete(tiny, tmp_path / "done")
    table = done / name
    whole = table.read_bytes()
    table.write_bytes(whole[: len(whole) // 2])
    results = load_results(done)
    assert rebuild_derived(results, stored_experiment(results)) == [table]
    assert table.read_bytes() == whole
    assert rebuild_derived(results, stored_experiment(results)) == []


@pytest.mark.slow
def test_report_says_what_it_rebuilt(tiny: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    done = complete(tiny, tmp_path / "done")
    summary = done / "summary.csv"
    whole = summary.read_bytes()
    summary.write_bytes(whole[:777])
    capsys.readouterr()
    assert main(["report", str(done)]) == 0
    assert f"{summary}: not what the run wrote; rebuilt from runs.csv" in capsys.readouterr().out
    assert summary.read_bytes() == whole


@pytest.mark.slow
def test_two_resumes_at_once_one_runs_the_other_is_told_who(tiny: Path, tmp_path: Path) -> None:
    config = tmp_path / "longer.toml"
    config.write_text(TINY.replace("replications = 2", "replications = 20"))
    whole = complete(config, tmp_path / "whole")
    folder = tmp_path / "cut"
    loaded = sim.load(config)
    ResultsFolder(folder, loaded, 20, 7, ["policysim", "run", str(config)]).create()
    argv = [sys.executable, "-m", "sim", *resume(config, folder)]
    first = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while not (folder / ".lock").exists() and time.monotonic() < deadline:
        time.sleep(0.01)
    second = subprocess.run(argv, check=False, capture_output=True, text=True)
    assert first.wait() == 0, first.stderr.read()
    assert second.returncode == 2 and f"pid {first.pid}" in second.stderr and "--resume" in second.stderr
    assert all((folder / t).read_bytes() == (whole / t).read_bytes() for t in TABLES)
