"""A back-test's replications run with the parameter sets `run --posterior` gives them."""

from __future__ import annotations

from sim.calibration import backtest
from sim.calibration.posterior import with_set
from sim.runner import studies, tasks
from tests.calibration.test_posterior import loaded_and_posterior


def test_each_forecast_replication_runs_with_the_set_a_run_with_the_posterior_draws() -> None:
    loaded, posterior = loaded_and_posterior()
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
