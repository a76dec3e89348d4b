"""Answers that carry parameter uncertainty: `run --posterior` (sim/calibration/posterior.py)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pytest

import sim
from sim.calibration.posterior import parse_posterior, read_posterior, with_set
from sim.cli import main
from sim.config import parse_experiment
from sim.errors import UserError
from sim.runner import TaskResult, execute, run_tasks, tasks

TINY = """
[experiment]
name = "tiny"
replications = 4
seed = 11
horizon_days = 60

[scenario.customers]
initial = 20
initial_base = "fresh"
marketing_prospects_per_month = 6

[scenario.catalogue]
titles = 20

[variants.late_fees]
baseline = true

[variants.subscription.pricing]
model = "subscription"
"""
JOIN = "scenario.customers.base_join_probability"
POSTERIOR = f"set,weight,{JOIN},scenario.goodwill.kappa\nlow,0.5,0.1,0.8\nmid,0.3,0.4,1.0\nhigh,0.2,0.8,1.2\n"


@pytest.fixture
def study(tmp_path: Path) -> tuple[Path, Path]:
    config, posterior = tmp_path / "tiny.toml", tmp_path / "posterior.csv"
    config.write_text(TINY, encoding="utf-8")
    posterior.write_text(POSTERIOR, encoding="utf-8")
    return config, posterior


def loaded_and_posterior(text: str = POSTERIOR):
    loaded = parse_experiment(TINY, "tiny.toml")
    return loaded, parse_posterior(text, "posterior.csv", loaded.config)


def test_weights_are_normalised_and_the_draw_follows_them() -> None:
    _, posterior = loaded_and_posterior(POSTERIOR.replace(",0.5,", ",5,").replace(",0.3,", ",3,")
                                        .replace(",0.2,", ",2,"))
    assert posterior.weights == pytest.approx((0.5, 0.3, 0.2))
    draws = np.bincount([posterior.draw(11, r) for r in range(3000)], minlength=3) / 3000
    se = np.sqrt(0.25 * 0.75 / 3000)
    assert np.all(np.abs(draws - np.array([0.5, 0.3, 0.2])) < 4 * se)
    assert [posterior.draw(11, r) for r in range(50)] == [posterior.draw(11, r) for r in range(50)]
    assert [posterior.draw(11, r) for r in range(50)] != [posterior.draw(12, r) for r in range(50)]


def test_every_variant_of_a_replication_runs_with_its_drawn_set_on_any_executor() -> None:
    loaded, posterior = loaded_and_posterior()
    todo = tasks(loaded, 4)
    serial: dict[str, TaskResult] = {}
    run_tasks(loaded, todo, 11, lambda r: serial.setdefault(r.task.key, r), posterior=posterior)
    threaded: dict[str, TaskResult] = {}
    with ThreadPoolExecutor(2) as pool:
        run_tasks(loaded, todo, 11, lambda r: threaded.setdefault(r.task.key, r), pool, 3, posterior)
    assert {k: r.kpis for k, r in serial.items()} == {k: r.kpis for k, r in threaded.items()}
    for task in todo:  # the replication's set, whatever the variant, and nothing else changed
        drawn = with_set(loaded.config, posterior, posterior.draw(11, task.replication))
        assert serial[task.key].kpis == execute(drawn, task, 11).kpis
    assert len({posterior.draw(11, r) for r in range(4)}) > 1  # the sets do differ between replications


def test_run_records_the_posterior_and_says_so(study: tuple[Path, Path], tmp_path: Path) -> None:
    config, posterior = study
    results = sim.run(config, posterior=posterior, out=tmp_path / "out", workers=1, progress=False)
    assert (tmp_path / "out" / "posterior.csv").read_bytes() == posterior.read_bytes()
    manifest = results.folder / "manifest.json"
    assert read_posterior(posterior, results.experiment.config).sha256 in manifest.read_text()
    assert results.kpi_table().endswith("intervals include parameter uncertainty: 3 parameter sets from "
                                        "posterior.csv")
    by_replication: dict[int, set[str]] = {}
    for row in results.runs:
        by_replication.setdefault(row["replication"], set()).add(row["parameter_set"])
    assert all(len(labels) == 1 for labels in by_replication.values())
    again = sim.run(config, resume=results.folder, workers=1, progress=False)  # the folder's copy, untold
    assert again.posterior is not None and again.posterior.sha256 == results.posterior.sha256
    other = tmp_path / "other.csv"
    other.write_text(POSTERIOR.replace("0.8,1.2", "0.7,1.2"), encoding="utf-8")
    with pytest.raises(UserError, match="the interrupted run used another"):
        sim.run(config, resume=results.folder, posterior=other, workers=1, progress=False)


def test_a_run_without_a_posterior_is_not_resumed_with_one(study: tuple[Path, Path], tmp_path: Path) -> None:
    config, posterior = study
    results = sim.run(config, out=tmp_path / "plain", replications=1, workers=1, progress=False)
    with pytest.raises(UserError, match="the interrupted run had none"):
        sim.run(config, resume=results.folder, posterior=posterior, workers=1, progress=False)


@pytest.mark.parametrize("text, expected", [
    ("", "row 1: empty file"),
    (f"name,weight,{JOIN}\na,1,0.2\n", "row 1: the header is set,weight,<parameter path>"),
    ("set,weight,scenario.customers.nope\na,1,0.2\n", "row 1, column 3 (scenario.customers.nope): path does not "
     "exist: no 'nope' under scenario.customers"),
    ("set,weight,variants.subscription.pricing.model\na,1,2\n",
     "row 1, column 3 (variants.subscription.pricing.model): not a numeric parameter"),
    ("set,weight,experiment.seed\na,1,2\n", "row 1, column 3 (experiment.seed): cannot vary"),
    (f"set,weight,{JOIN},{JOIN}\na,1,0.2,0.3\n",
     f"row 1, column 4 ({JOIN}): the parameter has a column already (column 3)"),
    (f"set,weight,{JOIN}\na,1,0.2\nb,1,1.5\n", f"row 3, column {JOIN}: not a value the study allows"),
    (f"set,weight,{JOIN}\na,-1,0.2\n", "row 2, column weight: '-1': allowed: a finite number >= 0"),
    (f"set,weight,{JOIN}\na,nan,0.2\n", "row 2, column weight: 'nan'"),
    (f"set,weight,{JOIN}\na,1,inf\n", f"row 2, column {JOIN}: 'inf'"),
    (f"set,weight,{JOIN}\na,1,lots\n", f"row 2, column {JOIN}: 'lots' is not a number"),
    (f"set,weight,{JOIN}\na,1\n", "row 2: 2 cells, the header has 3"),
    (f"set,weight,{JOIN}\na,0,0.2\nb,0,0.3\n", "column weight: every weight is 0"),
    (f"set,weight,{JOIN}\na,1,0.2\na,1,0.3\n", "row 3, column set: set 'a' appears twice (row 2 too)"),
    (f"set,weight,{JOIN}\n\na,1,0.2\n\nb,1,7\n", f"row 5, column {JOIN}: not a value the study allows"),
    (f"set,weight,{JOIN}\n", "row 2: no parameter sets"),
])
def test_a_bad_posterior_is_refused(study: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                    monkeypatch: pytest.MonkeyPatch, text: str, expected: str) -> None:
    config, posterior = study
    posterior.write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["run", str(config), "--posterior", str(posterior), "--workers", "1"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert f"{posterior}: {expected}" in err, err
    assert not (tmp_path / "results").exists()


def test_a_missing_posterior_is_refused(study: tuple[Path, Path], tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    config, _ = study
    assert main(["run", str(config), "--posterior", str(tmp_path / "none.csv")]) == 2
    assert "none.csv: posterior file not found" in capsys.readouterr().err


@pytest.mark.slow
def test_intervals_with_a_posterior_are_at_least_as_wide_as_at_its_mean(tmp_path: Path) -> None:
    """With 30 prospects a month the join probability moves the customer count a lot: over 16
    replications the interval of the customers at the end with the posterior's spread is wider than
    at its mean point alone."""
    text = (TINY.replace("replications = 4", "replications = 16").replace("horizon_days = 60", "horizon_days = 150")
            .replace("marketing_prospects_per_month = 6", "marketing_prospects_per_month = 30"))
    posterior = tmp_path / "posterior.csv"
    posterior.write_text(f"set,weight,{JOIN}\nlow,1,0.05\nhigh,1,0.65\n", encoding="utf-8")
    spread = sim.run(dict(_toml(text)), posterior=posterior, out=tmp_path / "spread", workers=1, progress=False)
    at_mean = sim.run(sim.load(dict(_toml(text)), {JOIN: 0.35}), out=tmp_path / "mean", workers=1, progress=False)

    def width(results: sim.RunResults, variant: str) -> float:
        row = next(r for r in results.summary if r["variant"] == variant and r["kpi"] == "customers_active_end")
        return row["ci_high"] - row["ci_low"]

    for variant in ("late_fees", "subscription"):
        assert width(spread, variant) >= width(at_mean, variant)


def _toml(text: str) -> dict:
    import tomllib

    return tomllib.loads(text)


@pytest.mark.slow
def test_the_same_results_on_two_worker_processes(study: tuple[Path, Path], tmp_path: Path) -> None:
    config, posterior = study
    one = sim.run(config, posterior=posterior, out=tmp_path / "one", workers=1, progress=False)
    two = sim.run(config, posterior=posterior, out=tmp_path / "two", workers=2, progress=False)
    for name in ("runs.csv", "summary.csv", "comparisons.csv"):
        assert (one.folder / name).read_bytes() == (two.folder / name).read_bytes()


def test_a_run_draws_from_the_posterior_its_calibration_table_names(study: tuple[Path, Path], tmp_path: Path) -> None:
    """calibrated.toml names its sample in [calibration] posterior: `run` uses it without --posterior."""
    config, posterior = study
    (tmp_path / "obs.csv").write_text("date,firm,kpi,value\n2020-01-31,ours,customers,20\n", encoding="utf-8")
    text = TINY.replace("horizon_days = 60", "horizon_days = 60\nstart_date = 2020-01-01")
    config.write_text(text + '\n[observed]\nfile = "obs.csv"\n\n[calibration]\nposterior = "posterior.csv"\n'
                      f'[calibration.parameters]\n"{JOIN}" = {{ low = 0.05, high = 0.9 }}\n', encoding="utf-8")
    results = sim.run(config, out=tmp_path / "out", replications=2, workers=1, progress=False)
    named = read_posterior(posterior, results.experiment.config)
    assert results.posterior is not None and results.posterior.sha256 == named.sha256
    assert results.kpi_table().endswith("3 parameter sets from posterior.csv")
