"""Word of mouth both ways and the three cornerstones: joined by channel, referrals, reputation
lowered by unhappy leavers, and customers won back."""

from __future__ import annotations

import pytest

from sim.config import parse_experiment
from sim.metrics import kpis, timeseries
from sim.model.customer import WINBACK_LOW, WINBACK_NEVER_LOW, WINBACK_RECOVERED
from sim.model.world import RunSpec, World

CONFIG = """
[scenario.customers]
initial = 150
initial_base = "fresh"
marketing_prospects_per_month = 20
[scenario.catalogue]
titles = 60
[scenario.word_of_mouth]
referrals_per_month = 0.05
{extra}
[variants.a]
baseline = true
"""


def world(extra: str = "") -> World:
    cfg = parse_experiment(CONFIG.replace("{extra}", extra)).config
    w = World(RunSpec(cfg.scenario, cfg.variants["a"], 21, 0, 500.0))
    w.run()
    return w


def test_joined_by_channel_adds_up_and_referrals_bring_customers() -> None:
    w = world()
    k = kpis(w.ours.records())
    initial = sum(1 for c in w.ours.customers if c.channel == "initial")
    assert k["customers_joined"] == initial + k["customers_joined_marketing"] + k["customers_joined_referral"]
    assert k["referrals"] >= k["customers_joined_referral"] > 0
    assert k["customers_joined_marketing"] > 0


def test_unhappy_leavers_lower_the_reputation_prospects_see() -> None:
    hit = kpis(world("reputation_hit = 0.05").ours.records())
    none = kpis(world("reputation_hit = 0.0\nprice_reputation_hit = 0.0").ours.records())
    assert hit["reputation_mean"] < 0 == none["reputation_mean"]


def test_reputation_and_reasons_are_monthly_series() -> None:
    rows = list(timeseries(world().ours.records()))
    names = {name for _, name, _ in rows}
    assert {"reputation", "joined_marketing", "joined_referral"} <= names
    assert any(n.startswith("churn_reason_") for n in names)


def test_win_back_needs_a_fall_below_the_threshold_then_a_recovery() -> None:
    w = world()
    c = w.ours.customers[0]
    c.winback = WINBACK_NEVER_LOW
    threshold = w.ours.scenario.word_of_mouth.unhappy_threshold
    w.ours.track_dissatisfied(c, threshold + 0.1)
    assert c.winback == WINBACK_NEVER_LOW
    w.ours.track_dissatisfied(c, threshold - 0.1)
    assert c.winback == WINBACK_LOW
    w.ours.track_dissatisfied(c, threshold + 0.1)
    assert c.winback == WINBACK_RECOVERED


def test_customers_won_back_are_recovered_customers_still_active() -> None:
    w = world()
    k = kpis(w.ours.records())
    stayed = sum(1 for c in w.ours.customers if c.active and c.winback == WINBACK_RECOVERED)
    assert k["customers_won_back"] == stayed
    assert sum(w.ours.counters.series("won_back")) >= stayed
    assert k["customer_months"] == pytest.approx(
        sum(r.end_day - r.join_day for r in w.ours.records().customers) / (365.0 / 12))
