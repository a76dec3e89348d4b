"""Changes during a run: nothing moves before the announcement, grandfathered customers keep the
old price until their period ends, a new business model takes the customers along, and
reference prices adapt toward what customers pay."""

from __future__ import annotations

import pytest

from sim.config import parse_experiment
from sim.config.scenario import ReferencePrices
from sim.clock import MONTH, month_of
from sim.model.prices import felt
from sim.model.world import RunSpec, World
from sim.runner import Task, execute

BASE = """
[experiment]
horizon_days = 300
[scenario.customers]
initial = 120
marketing_prospects_per_month = 30
[scenario.catalogue]
titles = 60
[variants.plain]
baseline = true
pricing = {{ model = "subscription", monthly_fee = 19.95 }}
[variants.changed]
pricing = {{ model = "subscription", monthly_fee = 19.95 }}
[[variants.changed.changes]]
{change}
"""
RAISE = 'at_month = 4\nnotice_days = 20\nset = { "pricing.monthly_fee" = 29.95 }'


def world(change: str, variant: str = "changed", until: float | None = None, extra: str = "") -> World:
    cfg = parse_experiment(BASE.format(change=change) + extra).config
    w = World(RunSpec(cfg.scenario, cfg.variants[variant], 5, 0, cfg.experiment.horizon_days))
    w.start()
    w.env.run(until=until or cfg.experiment.horizon_days)
    return w


def test_nothing_differs_before_the_announcement() -> None:
    cfg = parse_experiment(BASE.format(change=RAISE)).config
    plain, changed = (execute(cfg, Task(0, 0, v), 5) for v in ("plain", "changed"))
    heard = month_of(4 * MONTH - 20)
    before = [{(m, name): v for m, name, v in r.series if m < heard} for r in (plain, changed)]
    shared = before[0].keys() & before[1].keys()
    assert len(shared) > 50 and all(before[0][k] == before[1][k] for k in shared)
    assert not any(r[k] for r in before for k in r.keys() - shared)  # series only one run has are 0 then
    left_early = [[c for c in r.customers if c[5] and c[4] < 4 * MONTH - 20] for r in (plain, changed)]
    assert left_early[0] == left_early[1] and left_early[0]
    assert plain.series != changed.series  # and the change did change what came after


def test_grandfathered_customers_pay_the_old_price_until_their_period_ends() -> None:
    change = ('at_month = 2\nset = { "pricing.monthly_fee" = 29.95 }\n'
              'existing_customers = "after_grandfathering"\ngrandfather_months = 3')
    w = world(change, until=4 * MONTH)
    old = [c for c in w.ours.customers if c.active and c.join_day < 2 * MONTH]
    new = [c for c in w.ours.customers if c.active and c.join_day >= 2 * MONTH]
    assert old and new
    assert {c.pricing.cfg.monthly_fee for c in old} == {19.95}
    assert {c.pricing.cfg.monthly_fee for c in new} == {29.95}
    w.env.run(until=5 * MONTH + 1)
    assert {c.pricing.cfg.monthly_fee for c in w.ours.customers if c.active} == {29.95}


def test_a_phase_in_moves_existing_customers_evenly_over_its_months() -> None:
    change = ('at_month = 1\nset = { "pricing.monthly_fee" = 29.95 }\n'
              'existing_customers = "after_grandfathering"\ngrandfather_months = 1\nphase_in_months = 4')
    w = world(change, until=2 * MONTH)
    old = [c for c in w.ours.customers if c.active and c.join_day < MONTH]
    assert {c.pricing.cfg.monthly_fee for c in old} == {19.95}  # nobody before the phase-in starts
    for month in (1, 2, 3):
        w.env.run(until=(2 + month) * MONTH)
        still = [c for c in old if c.active]
        moved = sum(c.pricing.cfg.monthly_fee == 29.95 for c in still) / len(still)
        assert moved == pytest.approx(month / 4, abs=0.08)  # a Weyl sequence: even to within a few ids
    w.env.run(until=6 * MONTH + 1)
    assert {c.pricing.cfg.monthly_fee for c in old if c.active} == {29.95}


def test_never_keeps_existing_customers_on_the_old_price() -> None:
    change = 'at_month = 2\nset = { "pricing.monthly_fee" = 29.95 }\nexisting_customers = "never"'
    w = world(change)
    fees = {c.join_day < 2 * MONTH: c.pricing.cfg.monthly_fee for c in w.ours.customers if c.active}
    assert fees == {True: 19.95, False: 29.95}


def test_bills_follow_the_price_each_customer_is_on() -> None:
    exact = "[scenario.complaints]\nbilling_error_rate = 0.0\napology_credit = 0.0\noverclaim_probability = 0.0"
    w = world('at_month = 2\nset = { "pricing.monthly_fee" = 29.95 }', until=6 * MONTH, extra=exact)
    subscriptions = w.ours.ledger.revenue["subscriptions"]
    assert subscriptions[1] == pytest.approx(19.95 * round(subscriptions[1] / 19.95), rel=1e-9)
    assert subscriptions[4] == pytest.approx(29.95 * round(subscriptions[4] / 29.95), rel=1e-9)


def test_a_new_business_model_takes_the_customers_with_their_goodwill_and_the_copies() -> None:
    text = """
[experiment]
horizon_days = 240
[scenario.customers]
initial = 100
marketing_prospects_per_month = 20
[scenario.catalogue]
titles = 50
[variants.store]
baseline = true
[[variants.store.changes]]
at_month = 3
set = { "pricing.model" = "subscription", "pricing.monthly_fee" = 17.99 }
"""
    cfg = parse_experiment(text).config
    w = World(RunSpec(cfg.scenario, cfg.variants["store"], 3, 0, 240.0))
    w.start()
    w.env.run(until=3 * MONTH - 0.01)
    owned = w.ours.catalogue.copies_owned
    damaged = {c.id: c.goodwill.at(w.env.now) for c in w.ours.customers if c.active}
    w.env.run(until=3 * MONTH + 0.01)
    assert all(c.pricing.channel == "mail" for c in w.ours.customers if c.active)
    assert w.ours.catalogue.copies_owned > owned  # a mail loop of k titles needs more copies
    stayed = [c for c in w.ours.customers if c.active and c.id in damaged]
    assert stayed and any(c.goodwill.at(w.env.now) != 0.0 for c in stayed)
    visits = w.ours.counters.series("rentals")[2]
    w.env.run(until=240.0)
    assert w.ours.catalogue.consistent()
    assert w.ours.ledger.revenue["subscriptions"][5] > 0 and w.ours.ledger.revenue["rental_fees"][5] == 0
    assert visits > 0 and w.ours.counters.series("rentals")[6] > 0


def test_reference_price_adapts_toward_the_price_paid() -> None:
    w = world(RAISE, until=3 * MONTH)
    c = next(c for c in w.ours.customers if c.active and c.tenure_months >= 2)
    assert 19.95 < c.reference_price < 20.0  # joined expecting the market's 20, getting used to 19.95
    w.env.run(until=9 * MONTH)
    if c.active:
        assert 19.95 < c.reference_price < 29.95
    references = [c.reference_price for c in w.ours.customers if c.active and c.join_day < 3 * MONTH]
    assert references and max(references) > 25.0


def test_a_cut_within_the_latitude_is_not_felt() -> None:
    cfg = ReferencePrices()
    assert felt(20.0 * (1 - cfg.latitude / 2), 20.0, cfg) == 0.0
    assert felt(20.0 * (1 + cfg.latitude / 2), 20.0, cfg) == 0.0
    loss, gain = felt(24.0, 20.0, cfg), felt(16.0, 20.0, cfg)
    assert loss < 0 < gain and -loss == pytest.approx(cfg.loss_aversion * gain)
    w = world('at_month = 2\nset = { "pricing.monthly_fee" = 19.45 }', until=5 * MONTH)  # -2.5%
    assert not any("price_change" in c.goodwill.damage for c in w.ours.customers)
    assert all(c.pricing.cfg.monthly_fee == 19.45 for c in w.ours.customers if c.active)


def test_a_rise_is_felt_at_the_announcement_and_at_the_first_bill() -> None:
    w = world(RAISE, until=4 * MONTH - 10)
    heard = [c for c in w.ours.customers if c.active and "price_change" in c.goodwill.damage]
    assert heard and all(c.pricing.cfg.monthly_fee == 19.95 for c in heard)
    before = {c.id: c.goodwill.damage["price_change"] for c in heard}
    w.env.run(until=5 * MONTH + 1)
    billed = [c for c in heard if c.active]
    assert any(c.goodwill.damage["price_change"] > before[c.id] * 0.9 for c in billed)
    assert all(not c.price_news for c in billed)
