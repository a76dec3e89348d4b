"""A back-test's replications run with the parameter sets `run --posterior` gives them."""

from __future__ import annotations

import datetime as dt

import numpy as np

from sim.calibration import backtest
from sim.calibration.posterior import parse_posterior, with_set
from sim.config import parse_experiment
from sim.config.observed import Observation
from sim.rng import generator
from sim.runner import studies, tasks

STUDY = """
[experiment]
name = "tiny"
seed = 11
horizon_days = 60

[variants.late_fees]
baseline = true

[variants.subscription.pricing]
model = "subscription"
"""
SETS = "set,weight,scenario.goodwill.kappa\nlow,0.5,0.8\nmid,0.3,1.0\nhigh,0.2,1.2\n"


def test_each_forecast_replication_runs_with_the_set_a_run_with_the_posterior_draws() -> None:
    loaded = parse_experiment(STUDY, "tiny.toml")
    posterior = parse_posterior(SETS, "posterior.csv", loaded.config)
    seed = loaded.config.experiment.seed
    jobs = backtest.jobs(loaded.config, posterior, 12, 1.0)
    assert [job.replication for job in jobs] == list(range(12))
    assert len({tuple(job.values.values()) for job in jobs}) > 1  # the sets differ between replications
    run = studies(loaded, seed, posterior)
    for task in tasks(loaded, 12):  # every variant of replication r: the set the back-test's run r has
        drawn = posterior.overrides(posterior.draw(seed, task.replication))
        assert jobs[task.replication].values == drawn
        assert run(task) == with_set(loaded.config, posterior, posterior.draw(seed, task.replication))
    assert jobs[0].horizon_days == loaded.config.experiment.horizon_days


def test_a_band_of_twenty_draws_holds_a_fresh_draw_with_its_nominal_probability() -> None:
    """Where the observed value is one more draw of what the replications draw, it falls inside the
    90% band 90% of the time and inside the 50% band half the time (2000 trials: 4 standard errors
    are 0.027 and 0.045; numpy's default quantiles give 0.82 and 0.45)."""
    trials, n = 2000, 20
    draws = generator(7).normal(100.0, 10.0, size=(trials, n + 1))
    day = dt.date(2020, 1, 31)
    held = [Observation(day, "ours", "customers", float(v)) for v in draws[:, n]]
    rows = [backtest.rows([o], draws[i:i + 1, :n].T)[0] for i, o in enumerate(held)]
    assert abs(np.mean([r.inside(0, 4) for r in rows]) - 0.9) < 4 * np.sqrt(0.09 / trials)
    assert abs(np.mean([r.inside(1, 3) for r in rows]) - 0.5) < 4 * np.sqrt(0.25 / trials)
