"""Sales styles: aggressive selling earns upsell revenue and brings refunds; friendly neither.

Billing errors are switched off so that the only refunds are buyer's remorse."""

from __future__ import annotations

import pytest

from sim.config import parse_experiment
from sim.config.scenario import Effects
from sim.metrics import kpis
from sim.model.world import RunSpec, World

ZERO = "\n".join(f"{name} = 0.0" for name in Effects.model_fields)
CONFIG = """
[scenario.customers]
initial = 100
initial_base = "fresh"
marketing_prospects_per_month = 15
[scenario.catalogue]
titles = 50
{extra}
[scenario.complaints]
billing_error_rate = 0.0
[variants.friendly]
baseline = true
[variants.aggressive.sales]
style = "aggressive"
"""
ZERO_EFFECTS = f"[scenario.goodwill.effects]\n{ZERO}\n[scenario.upselling]\nremorse_visit_factor = 1.0\n"


def world(variant: str, extra: str = "", replication: int = 0, run: bool = True) -> World:
    cfg = parse_experiment(CONFIG.replace("{extra}", extra)).config
    w = World(RunSpec(cfg.scenario, cfg.variants[variant], 5, replication, 400.0))
    if run:
        w.run()
    return w


def test_aggressive_sells_upsells_and_pays_refunds() -> None:
    w = world("aggressive")
    k = kpis(w.ours.records())
    up = w.ours.scenario.upselling
    assert k["revenue_upsell"] > 0 and k["refunds"] > 0 and k["upsells"] > 0
    assert k["refunds"] == pytest.approx(up.price * sum(w.ours.counters.series("upsell_refunds")))
    assert k["revenue_upsell"] == pytest.approx(up.price * k["upsells"] - k["refunds"])
    assert sum(w.ours.counters.series("upsell_attempts")) > k["upsells"]


def test_friendly_sells_nothing_extra_and_refunds_nothing() -> None:
    k = kpis(world("friendly").ours.records())
    assert k["revenue_upsell"] == 0 and k["refunds"] == 0 and k["upsells"] == 0


def test_with_zero_effects_aggressive_changes_nothing_but_money() -> None:
    base, pushy = world("friendly", ZERO_EFFECTS), world("aggressive", ZERO_EFFECTS)
    lives = [[(r.customer_id, r.join_day, r.end_day, r.churned) for r in w.ours.records().customers]
             for w in (base, pushy)]
    assert lives[0] == lives[1]
    assert kpis(pushy.ours.records())["revenue_upsell"] > 0


def test_remorse_means_fewer_visits_for_a_while() -> None:
    w = world("aggressive", "[scenario.upselling]\nremorse_probability = 1.0\nremorse_days = 1000.0\n")
    churned_or_not = [c.visit_factor for c in w.ours.customers]
    assert min(churned_or_not) < 1.0
    assert all(0 < f <= 1.0 + 1e-12 for f in churned_or_not)


@pytest.mark.slow
def test_aggressive_selling_raises_churn_over_replications() -> None:
    diffs = [kpis(world("aggressive", replication=r).ours.records())["monthly_churn_rate"]
             - kpis(world("friendly", replication=r).ours.records())["monthly_churn_rate"] for r in range(5)]
    assert min(diffs) > 0


@pytest.mark.parametrize("text, key", [
    ("[variants.a.sales]\nstyle = 'pushy'\n", "variants.a.sales.style"),
    ("[scenario.upselling]\nsuccess_probability = 1.2\n", "scenario.upselling.success_probability"),
    ("[scenario.upselling]\nprice = -3\n", "scenario.upselling.price"),
])
def test_bad_sales_input(text: str, key: str, config_error) -> None:
    config_error(text + "[variants.a]\nbaseline = true\n", key)


def test_a_friendly_greeting_is_as_warm_as_staff_morale() -> None:
    w = world("friendly", run=False)
    w.start()
    c = w.ours.customers[0]
    before = c.goodwill.at(w.env.now)
    w.ours.staff.morale = [0.5] * len(w.ours.staff.morale)
    w.ours.staff.morale_changed()
    w.ours.sales.visit(w.ours, c)
    assert c.goodwill.at(w.env.now) - before == pytest.approx(0.5 * w.ours.effects["friendly_visit"])
