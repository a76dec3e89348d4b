"""What a price rise does, over replications: the churn it causes grows with its size, and
grandfathering moves that churn later rather than away."""

from __future__ import annotations

import numpy as np
import pytest

from sim.config import parse_experiment
from sim.runner import Task, execute

REPLICATIONS = 12
CHANGE_MONTH = 8
HEAD = """
[experiment]
horizon_days = 730
[scenario.customers]
initial = 600
marketing_prospects_per_month = 60
[scenario.catalogue]
titles = 120
[variants.none]
baseline = true
pricing = { model = "subscription", monthly_fee = 19.95 }
"""


def variant(name: str, fee: float, extra: str = "") -> str:
    return f"""
[variants.{name}]
pricing = {{ model = "subscription", monthly_fee = 19.95 }}
[[variants.{name}.changes]]
at_month = {CHANGE_MONTH}
set = {{ "pricing.monthly_fee" = {fee} }}
{extra}"""


SIZES = {"up_10": 21.95, "up_20": 23.94, "up_40": 27.93, "up_60": 31.92}
GRANDFATHERED = 'existing_customers = "after_grandfathering"\ngrandfather_months = 6'


@pytest.fixture(scope="module")
def runs() -> dict[str, list]:
    text = HEAD + "".join(variant(n, fee) for n, fee in SIZES.items())
    text += variant("up_60_grandfathered", SIZES["up_60"], GRANDFATHERED)
    cfg = parse_experiment(text).config
    return {v: [execute(cfg, Task(0, rep, v), 11) for rep in range(REPLICATIONS)] for v in cfg.variants}


def paired(runs: dict[str, list], name: str, kpi: str) -> np.ndarray:
    return np.array([r.kpis[kpi] - b.kpis[kpi] for r, b in zip(runs[name], runs["none"])])


def churned(result, first: int, end: int) -> float:
    return sum(v for m, s, v in result.series if s == "churned" and first <= m < end)


@pytest.mark.slow
def test_churn_excess_grows_with_the_size_of_the_rise(runs: dict[str, list]) -> None:
    excess = [paired(runs, name, "churn_excess_after_change") for name in SIZES]
    means = [e.mean() for e in excess]
    assert means == sorted(means), means
    for smaller, larger in zip(excess, excess[1:]):
        step = larger - smaller  # paired: the same customers in every variant
        assert step.mean() > 0
    widest = excess[-1] - excess[0]
    assert widest.mean() > 3 * widest.std(ddof=1) / np.sqrt(REPLICATIONS)


@pytest.mark.slow
def test_grandfathering_moves_the_excess_later_not_away(runs: dict[str, list]) -> None:
    at_once, later = runs["up_60"], runs["up_60_grandfathered"]
    base = runs["none"]
    soon = np.array([churned(a, CHANGE_MONTH, CHANGE_MONTH + 3) - churned(b, CHANGE_MONTH, CHANGE_MONTH + 3)
                     for a, b in zip(at_once, base)])
    soon_gf = np.array([churned(g, CHANGE_MONTH, CHANGE_MONTH + 3) - churned(b, CHANGE_MONTH, CHANGE_MONTH + 3)
                        for g, b in zip(later, base)])
    moved = CHANGE_MONTH + 6
    late_gf = np.array([churned(g, moved, moved + 3) - churned(b, moved, moved + 3) for g, b in zip(later, base)])
    assert (soon - soon_gf).mean() > 3 * (soon - soon_gf).std(ddof=1) / np.sqrt(REPLICATIONS)
    assert late_gf.mean() > 3 * late_gf.std(ddof=1) / np.sqrt(REPLICATIONS)
    assert late_gf.mean() > 0.4 * soon.mean()  # the excess comes, smaller for those who left meanwhile
