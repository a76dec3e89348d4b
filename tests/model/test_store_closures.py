"""Store closures (pricing.stores_open lowered by a dated change): the store overhead falls in
proportion, each customer's store closes with the chance of the closures, and fewer prospects join."""

from __future__ import annotations

import numpy as np
import pytest

from sim.config import parse_experiment
from sim.metrics import kpis
from sim.model.world import RunSpec, World

CONFIG = """
[experiment]
horizon_days = 300
[scenario.customers]
initial = 400
marketing_prospects_per_month = 90
[scenario.catalogue]
titles = 80
[variants.open]
baseline = true
[variants.closing]
[[variants.closing.changes]]
at_month = 4
set = { "pricing.stores_open" = 0.5 }
"""


def run(variant: str, replication: int = 0) -> World:
    cfg = parse_experiment(CONFIG).config
    world = World(RunSpec(cfg.scenario, cfg.variants[variant], 11, replication, cfg.experiment.horizon_days))
    world.run()
    return world


def test_half_the_stores_close_half_the_customers_stores_and_halve_the_rent() -> None:
    world = run("closing")
    firm = world.ours
    closed = sum(firm.counters.series("store_closures"))
    moved = sum(firm.counters.series("moved_to_new_prices"))
    assert moved > 200
    assert abs(closed - moved / 2) < 4 * np.sqrt(moved / 4)  # binomial(moved, 1/2)
    overhead = firm.ledger.costs["overhead"]
    assert overhead[5] == overhead[2] / 2


@pytest.mark.slow
def test_closures_cost_customers_and_joins() -> None:
    pairs = [(kpis(run("open", r).ours.records()), kpis(run("closing", r).ours.records())) for r in range(3)]
    for kpi in ("customers_active_end", "customers_joined"):
        assert all(closing[kpi] < open_[kpi] for open_, closing in pairs), kpi
