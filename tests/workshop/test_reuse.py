"""A rerun after one variant's fee changed copies the other variants' replications from the earlier
run instead of simulating them again, and its results equal a fresh run's to the byte."""

from __future__ import annotations

from pathlib import Path

import pytest

from sim.analysis.results import load_results
from sim.config import parse_experiment
from sim.runner import tasks
from sim.workshop.jobs import Progress, Runner
from sim.workshop.reuse import PartCache, task_key
from tests.helpers.configs import SMALL
from tests.helpers.workshop import running_workshop

FEE_RAISED = {"study": "configs/small.toml",
              "variants": {"subscription": {"pricing": {"model": "subscription", "monthly_fee": 23.94}}}}
OUTPUTS = ("runs.csv", "timeseries.csv", "customers.csv.gz", "summary.csv", "comparisons.csv")


def test_a_task_key_changes_with_its_own_levers_only() -> None:
    before = parse_experiment(SMALL, "small.toml")
    after = parse_experiment(SMALL + "monthly_fee = 23.94\n", "small.toml")
    keys = [{t.variant: task_key(x.config, t, 7) for t in tasks(x, 1)} for x in (before, after)]
    assert keys[0]["late_fees"] == keys[1]["late_fees"]
    assert keys[0]["subscription"] != keys[1]["subscription"]
    first = tasks(before, 2)
    assert task_key(before.config, first[0], 7) != task_key(before.config, first[2], 7)  # replications differ
    assert task_key(before.config, first[0], 7) != task_key(before.config, first[0], 8)  # and seeds


def test_the_cache_forgets_the_oldest_first() -> None:
    cache = PartCache(limit=2)
    for key in "abc":
        cache.put(key, key.encode())
    assert cache.get("a") is None and cache.get("c") == b"c"


@pytest.mark.slow
def test_reused_replications_equal_a_fresh_runs_to_the_byte(tmp_path: Path, monkeypatch) -> None:
    early = []  # (whole replications merged, replications the merged runs.csv holds) before each run ends
    merge = Runner._merge_early

    def watched(run, folder, progress) -> None:
        merge(run, folder, progress)
        early.append((run.replications_in, len(load_results(run.folder).kpi("profit", "late_fees"))))

    monkeypatch.setattr(Runner, "_merge_early", staticmethod(watched))
    (tmp_path / "session").mkdir()
    (tmp_path / "fresh").mkdir()
    with running_workshop(tmp_path / "session") as (app, client):
        first = client.answer("POST", "/api/run", {"study": "configs/small.toml"})[1]
        assert client.wait_for(first["id"], seconds=300)["state"] == "done"
        second = client.answer("POST", "/api/run", FEE_RAISED)[1]
        rerun = client.wait_for(second["id"], seconds=300)
        reused_folder = app.runner.get(second["id"]).folder
    assert early[:2] == [(1, 1), (2, 2)]  # the first run's answer after one replication, then two, of three
    assert rerun["state"] == "done"
    assert rerun["reused"] == 3  # late_fees' three replications; subscription's fee changed
    with running_workshop(tmp_path / "fresh") as (app, client):
        fresh = client.answer("POST", "/api/run", FEE_RAISED)[1]
        assert client.wait_for(fresh["id"], seconds=300)["reused"] == 0
        fresh_folder = app.runner.get(fresh["id"]).folder
    for name in OUTPUTS:
        assert (reused_folder / name).read_bytes() == (fresh_folder / name).read_bytes(), name


def test_the_answer_is_merged_at_the_first_whole_replication_and_each_doubling() -> None:
    everything = tasks(parse_experiment(SMALL, "small.toml"), 8)
    progress = Progress(everything)
    assert [progress.whole for task in everything if progress.finish(task)] == [1, 2, 4, 8]
    late = Progress(everything)
    assert not any(late.finish(t) for t in everything if t.replication == 1)  # replication 0 is not whole yet
    assert late.whole == 0 and late.whole_tasks() == []
