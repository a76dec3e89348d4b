"""Designs over uncertainties: seeded, space-filling, and every point run with the same streams."""

from __future__ import annotations

import numpy as np

from sim.config import parse_experiment
from sim.explore import designs
from sim.explore.evaluate import run_points
from tests.helpers.configs import GOOD


def test_latin_hypercube_stratifies_each_column_and_repeats_with_the_seed() -> None:
    x = designs.latin_hypercube(8, 3, seed=5)
    for column in x.T:
        assert sorted(np.floor(column * 8).astype(int)) == list(range(8))
    assert np.array_equal(x, designs.latin_hypercube(8, 3, seed=5))
    assert not np.array_equal(x, designs.latin_hypercube(8, 3, seed=6))


def test_sobol_sequence_is_balanced_and_seeded() -> None:
    x = designs.sobol_sequence(16, 2, seed=1)
    assert x.shape == (16, 2)
    for column in x.T:
        assert sorted(np.floor(column * 16).astype(int)) == list(range(16))
    assert np.array_equal(x, designs.sobol_sequence(16, 2, seed=1))


def test_saltelli_rows_differ_from_a_in_one_column_each() -> None:
    x = designs.saltelli(4, 3, seed=2).reshape(4, 5, 3)
    a, b = x[:, 0], x[:, -1]
    for i in range(3):
        changed = x[:, 1 + i] != a
        assert changed[:, i].all() and not np.delete(changed, i, axis=1).any()
        assert np.array_equal(x[:, 1 + i, i], b[:, i])


def test_design_points_set_the_values_and_share_streams() -> None:
    loaded = parse_experiment(GOOD)
    names = list(loaded.config.uncertainties)
    unit = np.array([[0.5, 0.5, 0.5], [0.5, 0.5, 0.5], [0.0, 1.0, 1.0]])
    points = designs.design_points(loaded, designs.values(unit, loaded.config.uncertainties))
    assert points[2].experiment.scenario.goodwill.kappa == 0.5
    assert points[2].experiment.scenario.customers.segments[0].price_sensitivity == 2.0
    assert points[2].experiment.scenario.goodwill.effects.late_fee == -0.05
    assert points[0].values[names[0]] == 1.0
    runs = run_points(loaded, points, ["late_fees", "subscription"], [0, 1], seed=3)
    for variant in ("late_fees", "subscription"):
        profit = runs.kpi("profit", variant)
        assert np.array_equal(profit[0], profit[1])
        assert not np.array_equal(profit[0], profit[2])
    assert np.array_equal(runs.kpi("profit", "subscription", "late_fees")[0],
                          runs.kpi("profit", "subscription")[0] - runs.kpi("profit", "late_fees")[0])
