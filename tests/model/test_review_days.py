"""A steady base's monthly reviews are spread over the month (issue 29, item 3): the day-0
customers drawn from a pre-history are not reviewed on one day a month."""

from __future__ import annotations

import pytest
from scipy import stats

from sim.clock import MONTH
from sim.config import parse_experiment
from sim.model.world import RunSpec, World

CONFIG = """
[scenario.customers]
initial = 400
marketing_prospects_per_month = 40
prehistory_years = 1
[scenario.catalogue]
titles = 60
[variants.a]
baseline = true
[variants.a.pricing]
model = "subscription"
"""


@pytest.mark.slow
def test_the_day0_customers_next_reviews_are_uniform_over_the_month() -> None:
    cfg = parse_experiment(CONFIG).config
    w = World(RunSpec(cfg.scenario, cfg.variants["a"], 3, 0, 10.0))
    w.start()
    firm = w.ours
    due = [(c.join_day + (c.tenure_months + 1) * MONTH) / MONTH for c in firm.customers]
    assert all(0.0 <= d <= 1.0 for d in due)
    on_one_day = max(sum(1 for d in due if int(d * 30) == day) for day in range(30))
    assert on_one_day < 0.1 * len(due)  # uniform: about 13 of 400 a day; one cohort's day held 70%
    assert stats.kstest(due, "uniform").pvalue > 1e-3
