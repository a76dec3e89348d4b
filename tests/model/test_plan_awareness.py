"""Plans launched during a run: learned of month by month, moved to at a cost (sim.model.awareness,
Firm.reconsider)."""

from __future__ import annotations

import math

import pytest

from sim.clock import MONTH
from sim.config import parse_experiment
from sim.model.menu import suitability
from sim.model.world import RunSpec, World

LAUNCH_DAY = 45.0
STUDY = """
[experiment]
horizon_days = {horizon}
[scenario.customers]
initial = {initial}
initial_base = "fresh"
marketing_prospects_per_month = 200
[scenario.catalogue]
titles = 60
restock_monthly = true
[scenario.word_of_mouth]
unhappy_threshold = -10.0
[scenario.market.choice]
awareness_word_of_mouth = {wom}
[scenario.plan_choice]
launch_awareness = {launch}
awareness_per_month = {per_month}
reconsider_probability = {reconsider}
migration_cost = {cost}
[variants.launch]
baseline = true
[variants.launch.pricing]
model = "menu"
plans.basic = {{ model = "subscription", monthly_fee = 9.99, titles_at_home = 1 }}
{opening}
[[variants.launch.changes]]
at_day = 45
{change}
"""
LAUNCH = """[variants.launch.changes.set.pricing]
model = "menu"
plans.basic = { model = "subscription", monthly_fee = 9.99, titles_at_home = 1 }
plans.premium = { model = "subscription", monthly_fee = 14.99, titles_at_home = 3 }"""
GRANDFATHERED_RISE = """existing_customers = "after_grandfathering"
grandfather_months = 6
[variants.launch.changes.set.pricing]
model = "menu"
plans.basic = { model = "subscription", monthly_fee = 12.99, titles_at_home = 1 }
plans.premium = { model = "subscription", monthly_fee = 14.99, titles_at_home = 3 }"""
PREMIUM = 'plans.premium = { model = "subscription", monthly_fee = 14.99, titles_at_home = 3 }'


def world(until: float, launch: float = 0.0, per_month: float = 0.0, wom: float = 0.0, reconsider: float = 0.0,
          cost: float = 1.0, initial: int = 300, change: str = LAUNCH, opening: str = "",
          horizon: float = 360.0) -> World:
    cfg = parse_experiment(STUDY.format(horizon=horizon, initial=initial, launch=launch, per_month=per_month,
                                        wom=wom, reconsider=reconsider, cost=cost, change=change,
                                        opening=opening)).config
    w = World(RunSpec(cfg.scenario, cfg.variants["launch"], 11, 0, cfg.experiment.horizon_days))
    w.start()
    w.env.run(until=until)
    return w


def on_premium(w: World) -> int:
    return sum(1 for c in w.ours.customers if c.pricing.name == "premium")


def test_a_new_plan_nobody_has_heard_of_gains_no_one() -> None:
    assert on_premium(world(360.0, reconsider=0.5, cost=0.0)) == 0
    assert on_premium(world(360.0, launch=1.0, reconsider=0.5, cost=0.0)) > 50  # known, it would sell


def test_awareness_grows_month_by_month_as_configured() -> None:
    w = world(360.0, launch=0.2, per_month=0.1)
    series = w.ours.counters.counts["aware_of_plan_premium"]
    first = math.ceil(LAUNCH_DAY / MONTH)
    assert series[:first] == [0.0] * first
    assert series[first:] == pytest.approx([1.0 - 0.8 * 0.9 ** k for k in range(len(series) - first)])
    level = w.ours.plan_awareness.level["premium"]  # grown once more since the last month start
    assert level == pytest.approx(1.0 - 0.8 * 0.9 ** (len(series) - first))
    households = range(10_000_000, 10_004_000)
    premium = w.ours.pricing.plans[1]
    share = sum(w.ours.plan_awareness.knows(cid, premium) for cid in households) / len(households)
    assert abs(share - level) < 4 * math.sqrt(level * (1 - level) / len(households))


def test_a_customer_migrates_only_for_a_gain_above_the_cost_at_the_monthly_rate() -> None:
    reconsider, cost = 0.2, 4.0
    # one review after the launch for each day-0 customer (reviews on days 30, 60, 90, ...)
    w = world(LAUNCH_DAY + MONTH, launch=1.0, reconsider=reconsider, cost=cost, initial=3000)
    basic, premium = w.ours.pricing.plans
    stayed = [c for c in w.ours.customers if c.join_day == 0.0 and c.active]
    gain = {c.id: suitability(premium, c.traits, w.ours.scenario) - suitability(basic, c.traits, w.ours.scenario)
            for c in stayed}
    worth = [c for c in stayed if gain[c.id] > cost]
    not_worth = [c for c in stayed if gain[c.id] <= cost]
    assert len(worth) > 300 and len(not_worth) > 300
    assert all(c.pricing.name == "basic" for c in not_worth)
    moved = sum(c.pricing.name == "premium" for c in worth) / len(worth)
    assert abs(moved - reconsider) < 4 * math.sqrt(reconsider * (1 - reconsider) / len(worth))


def test_grandfathered_customers_keep_their_price_after_a_reconsideration() -> None:
    w = world(5 * MONTH, reconsider=1.0, cost=0.0, change=GRANDFATHERED_RISE, opening=PREMIUM)
    old = [c for c in w.ours.customers if c.active and c.join_day < LAUNCH_DAY and c.pricing.name == "basic"]
    assert old and all("reconsider" in c.streams for c in old)  # each has reconsidered since
    assert {c.pricing.cfg.monthly_fee for c in old} == {9.99}
    assert {c.pricing.cfg.monthly_fee for c in w.ours.customers if c.active and c.join_day > LAUNCH_DAY
            and c.pricing.name == "basic"} == {12.99}
