"""Costs that scale with the business (issue 29): per store open, staff by workload, and copies
bought for each plan's own customers from the stock that plan ships from."""

from __future__ import annotations

import pytest

from sim.config import parse_experiment
from sim.counter_names import STAFF_BUSY_MINUTES
from sim.model.world import RunSpec, World

STORE = """
[experiment]
horizon_days = 200
[scenario.customers]
initial = 300
marketing_prospects_per_month = 60
[scenario.catalogue]
titles = 80
restock_monthly = true
[scenario.store]
stores = {stores}
[variants.stores]
baseline = true
[variants.online]
[[variants.online.changes]]
at_month = 2
label = "online launched"
[variants.online.changes.set.pricing]
model = "menu"
plans.store = {{ model = "per_rental" }}
plans.online = {{ model = "subscription", monthly_fee = 9.99, titles_at_home = 3, copies_per_customer = 12 }}
"""


def run(text: str, variant: str, replication: int = 0) -> World:
    cfg = parse_experiment(text).config
    world = World(RunSpec(cfg.scenario, cfg.variants[variant], 5, replication, cfg.experiment.horizon_days))
    world.run()
    return world


def test_store_costs_double_when_stores_double() -> None:
    one, two = (run(STORE.format(stores=n), "stores").ours for n in (1.0, 2.0))
    for kind in ("overhead", "staff_wages"):
        assert sum(two.ledger.costs[kind]) == pytest.approx(2 * sum(one.ledger.costs[kind]), rel=1e-12), kind
    assert one.ledger.revenue == two.ledger.revenue  # stores cost money; they move no customer here


def test_a_by_mail_plan_launched_beside_stores_stocks_its_own_depot_for_its_own_subscribers() -> None:
    stores_only = run(STORE.format(stores=1.0), "stores").ours
    launched = run(STORE.format(stores=1.0), "online").ours
    assert launched.depot is not None and stores_only.depot is None
    online = launched.counters.series("plan_online")  # subscribers at each month start, when restocking
    opening = launched.scenario.catalogue.titles * launched.scenario.catalogue.min_copies
    assert max(online) > 20
    assert launched.depot.copies_owned == max(opening, *(round(12 * n) for n in online))
    # the store customers' stock is bought for them alone: none of the online plan's 12 per customer
    assert launched.catalogue.copies_owned <= stores_only.catalogue.copies_owned
    assert all(stock.consistent() for stock in launched.stocks())


def test_a_business_without_stores_pays_its_desk_for_its_work_only() -> None:
    by_mail = run(MAIL, "mail").ours
    staff = by_mail.scenario.staff
    wages = sum(by_mail.ledger.costs["staff_wages"])
    busy = sum(by_mail.counters.series(STAFF_BUSY_MINUTES))
    assert busy > 0
    assert wages == pytest.approx(busy / 60.0 * staff.wage_per_hour, rel=1e-9)
    a_store_desk = staff.on_shift * staff.open_hours * staff.wage_per_hour * 200
    assert wages < 0.1 * a_store_desk


MAIL = """
[experiment]
horizon_days = 200
[scenario.customers]
initial = 300
marketing_prospects_per_month = 60
[scenario.catalogue]
titles = 80
[variants.mail]
baseline = true
[variants.mail.pricing]
model = "subscription"
"""
