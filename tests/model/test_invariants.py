"""Invariants of one replication over small random worlds (hypothesis)."""

from __future__ import annotations

import math

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sim.config import parse_experiment
from sim.metrics import kpis
from sim.model.ledger import COSTS, GIVEN_BACK, REVENUE
from sim.model.world import RunSpec, World

PRICING = st.one_of(
    st.builds(lambda mode, days: f'model = "per_rental"\nenforcement = "{mode}"\nrental_days = {days}',
              st.sampled_from(["enforce", "none", "convert_to_sale", "waive_on_request"]),
              st.sampled_from([1, 3, 5])),
    st.builds(lambda k, fee: f'model = "subscription"\ntitles_at_home = {k}\nmonthly_fee = {fee}',
              st.integers(1, 4), st.sampled_from([4.99, 19.95])),
)


def _config(initial: int, titles: int, pricing: str, prospects: float) -> str:
    return f"""
[scenario.customers]
initial = {initial}
initial_base = "fresh"
marketing_prospects_per_month = {prospects}
[scenario.catalogue]
titles = {titles}
[variants.v]
baseline = true
[variants.v.pricing]
{pricing}
"""


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    initial=st.integers(0, 60),
    titles=st.integers(1, 30),
    pricing=PRICING,
    prospects=st.sampled_from([0.0, 5.0, 20.0]),
    horizon=st.floats(10.0, 400.0),
    seed=st.integers(0, 2**32),
)
def test_world_invariants(initial: int, titles: int, pricing: str, prospects: float,
                          horizon: float, seed: int) -> None:
    cfg = parse_experiment(_config(initial, titles, pricing, prospects)).config
    world = World(RunSpec(cfg.scenario, cfg.variants["v"], seed, 0, horizon))
    records = world.run()
    k = kpis(records)
    revenue = sum(sum(records.revenue[c]) for c in REVENUE)
    costs = sum(sum(records.costs[c]) for c in COSTS)
    assert math.isclose(k["revenue"], revenue, rel_tol=1e-9, abs_tol=1e-6)
    assert math.isclose(k["costs"], costs, rel_tol=1e-9, abs_tol=1e-6)
    assert math.isclose(k["profit"], revenue - costs, rel_tol=1e-9, abs_tol=1e-6)
    assert math.isclose(k["given_back"], sum(sum(records.given_back[c]) for c in GIVEN_BACK), abs_tol=1e-6)
    assert k["customers_joined"] == k["customers_active_end"] + k["customers_churned"]
    cat = world.ours.catalogue
    assert cat.consistent()
    assert all(s >= 0 and h >= 0 and m >= 0 for s, h, m in zip(cat.shelf, cat.home, cat.mail))
    assert all(sum(records.revenue[c]) >= -1e-9 for c in REVENUE)
    assert all(v >= 0 for c in (*GIVEN_BACK,) for v in records.given_back[c])
    # every copy that went home came back, was sold, or is still there (lent copies included)
    count = {name: sum(records.counts.get(name, [0.0])) for name in ("rentals", "returns", "sale_conversions")}
    assert sum(cat.home) == count["rentals"] - count["returns"] - count["sale_conversions"]
