"""Plan menus: one plan on the menu is the plain model; customers pick plans by their demand and
price sensitivity; a rise of one plan sends the price-sensitive to cheaper plans."""

from __future__ import annotations

import math

import pytest

from sim.config import parse_experiment
from sim.config.scenario import Scenario
from sim.clock import MONTH
from sim.model.customer import Traits
from sim.model.world import RunSpec, World
from sim.model.menu import MenuPricing, best_plan
from sim.runner import Task, execute

ONE_PLAN = """
[experiment]
horizon_days = 400
[scenario.customers]
initial = 150
marketing_prospects_per_month = 25
[scenario.catalogue]
titles = 60
[variants.plain]
baseline = true
pricing = {{ {plan} }}
[variants.menu.pricing]
model = "menu"
plans.only = {{ {plan} }}
"""


@pytest.mark.parametrize("plan", ['model = "subscription", monthly_fee = 17.99', 'model = "per_rental"',
                                  'model = "streaming", monthly_fee = 7.99'])
@pytest.mark.slow
def test_one_plan_on_the_menu_is_the_plain_model(plan: str) -> None:
    cfg = parse_experiment(ONE_PLAN.format(plan=plan)).config
    for rep in range(2):
        plain, menu = (execute(cfg, Task(0, rep, v), 3).kpis for v in ("plain", "menu"))
        assert plain.keys() == menu.keys()
        for k in plain:
            assert plain[k] == menu[k] or (math.isnan(plain[k]) and math.isnan(menu[k])), k


MENU = """
[variants.v]
baseline = true
[variants.v.pricing]
model = "menu"
plans.streaming = { model = "streaming", monthly_fee = 7.99 }
plans.dvd = { model = "subscription", monthly_fee = 7.99, titles_at_home = 1 }
plans.dvd_3 = { model = "subscription", monthly_fee = 17.99, titles_at_home = 3 }
"""


def traits(demand_month: float, sensitivity: float) -> Traits:
    return Traits("s", demand_month / MONTH, 7.0, 1.6, sensitivity, 0.1, 0.05, 0.0, 0.5)


def test_heavy_renters_take_more_titles_at_home_and_the_price_sensitive_the_cheapest() -> None:
    cfg = parse_experiment(MENU).config
    menu, scenario = MenuPricing(cfg.variants["v"].pricing), cfg.scenario
    assert best_plan(menu, traits(8.0, 0.5), scenario).name == "dvd_3"
    assert best_plan(menu, traits(8.0, 3.0), scenario).name in ("dvd", "streaming")
    assert best_plan(menu, traits(1.5, 1.0), scenario).name in ("dvd", "streaming")


def test_streaming_needs_no_copies_and_pays_licences() -> None:
    text = MENU.replace('plans.dvd = { model = "subscription", monthly_fee = 7.99, titles_at_home = 1 }\n'
                        'plans.dvd_3 = { model = "subscription", monthly_fee = 17.99, titles_at_home = 3 }\n', "")
    cfg = parse_experiment(text + "[scenario.customers]\ninitial = 80\n").config
    w = World(RunSpec(cfg.scenario, cfg.variants["v"], 1, 0, 200.0))
    w.run()
    assert w.ours.catalogue.copies_out(200.0) == 0 and sum(w.ours.counters.series("title_requests")) == 0
    subscriber_months = sum(w.ours.counters.series("plan_streaming"))
    assert sum(w.ours.ledger.costs["content"]) >= subscriber_months * Scenario().streaming.licence_per_subscriber_month
    assert sum(w.ours.ledger.revenue["subscriptions"]) > 0


def test_a_rise_of_one_plan_sends_customers_down_the_menu() -> None:
    text = MENU.replace("monthly_fee = 17.99", "monthly_fee = 14.99") + """
[scenario.customers]
initial = 300
[[variants.v.changes]]
at_month = 2
set = { "pricing.plans.dvd_3.monthly_fee" = 24.99 }
"""
    cfg = parse_experiment(text).config
    w = World(RunSpec(cfg.scenario, cfg.variants["v"], 4, 0, 9 * MONTH))
    w.start()
    w.env.run(until=2 * MONTH - 1)
    before = sum(1 for c in w.ours.customers if c.active and c.pricing.name == "dvd_3")
    w.env.run(until=9 * MONTH)
    after = sum(1 for c in w.ours.customers if c.active and c.pricing.name == "dvd_3")
    assert before > 20 and after < 0.7 * before
    assert sum(w.ours.counters.series("downgrades")) > 0
    assert w.ours.catalogue.consistent()


@pytest.mark.slow
def test_the_report_of_a_menu_with_changes_shows_plans_changes_and_payback(tmp_path) -> None:
    import sim
    text = MENU + """
[experiment]
replications = 2
horizon_days = 300
[scenario.customers]
initial = 60
marketing_prospects_per_month = 10
[variants.rise]
[variants.rise.pricing]
model = "menu"
plans.streaming = { model = "streaming", monthly_fee = 7.99 }
plans.dvd = { model = "subscription", monthly_fee = 7.99, titles_at_home = 1 }
[[variants.rise.changes]]
at_month = 4
set = { "pricing.plans.dvd.monthly_fee" = 11.99 }
label = "dvd +50%"
"""
    path = tmp_path / "menu.toml"
    dvd_3 = 'plans.dvd_3 = { model = "subscription", monthly_fee = 17.99, titles_at_home = 3 }\n'
    path.write_text(text.replace(dvd_3, ""))
    results = sim.run(path, out=tmp_path / "out", progress=False, report=True)
    report = (results.folder / "report.md").read_text()
    assert "## Plans" in report and "## Changes during the run" in report and "pays back" in report
    assert "dvd +50%" in report
