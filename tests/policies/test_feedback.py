"""Listening to lost customers: surveys cost per answer, the most reported reason gets fixed,
the fix is paid for and announced, and with zero effects the programme changes nothing but money."""

from __future__ import annotations

import pytest

from sim.config import parse_experiment
from sim.config.scenario import Effects
from sim.metrics import kpis
from sim.model.world import RunSpec, World
from sim.policies.feedback import ExitSurveys

CONFIG = """
[scenario.customers]
initial = 150
marketing_prospects_per_month = 20
[scenario.reference_prices]
value_goodwill = 0.0
[scenario.catalogue]
titles = 60
cost_per_copy = 8.0
[scenario.exit_surveys]
churned_response_rate = 1.0
prospect_response_rate = 1.0
{extra}
[variants.none]
baseline = true
[variants.listen.feedback]
enabled = true
cost_per_answer = 4.0
{lever}
"""
ZERO = "\n".join(f"{name} = 0.0" for name in Effects.model_fields)
ZERO_EFFECTS = f"[scenario.goodwill.effects]\n{ZERO}\n[scenario.complaints]\ngrievance = 0.0"
ZERO_FIXES = "copies_added = 0\nlate_fee_cut = 0.0\ntraining_effect = 0.0\nprice_cut = 0.0"


def world(variant: str = "listen", extra: str = "", lever: str = "", horizon: float = 400.0, run: bool = True) -> World:
    cfg = parse_experiment(CONFIG.replace("{extra}", extra).replace("{lever}", lever)).config
    w = World(RunSpec(cfg.scenario, cfg.variants[variant], 3, 0, horizon))
    if run:
        w.run()
    return w


def test_surveys_cost_per_answer_under_surveys_and_fixes_under_fixes() -> None:
    w = world()
    k = kpis(w.ours.records())
    answers = sum(w.ours.counters.series("survey_answers"))
    assert answers > 20 and k["survey_answers"] == answers
    assert sum(w.ours.ledger.costs["surveys"]) == pytest.approx(4.0 * answers)
    assert k["fixes_made"] >= 1 and sum(w.ours.ledger.costs["fixes"]) > 0
    costs = w.ours.ledger.costs
    assert k["retention_spend"] == pytest.approx(sum(costs["surveys"]) + sum(costs["fixes"]))
    assert k["profit"] == pytest.approx(k["revenue"] - k["costs"])
    reasons = sum(sum(v) for n, v in w.ours.counters.counts.items() if n.startswith("survey_reason_"))
    assert reasons == answers


def test_the_most_reported_reason_is_fixed_paid_for_and_announced() -> None:
    w = world(extra=ZERO_EFFECTS.replace("fix_announced = 0.0", "fix_announced = 0.15"), run=False)
    w.start()
    w.env.run(until=1.0)
    programme = w.ours.feedback
    assert isinstance(programme, ExitSurveys)
    for reason, n in (("stockout", 7), ("late_fee", 3), ("baseline", 20), ("price", 2)):
        for _ in range(n):
            programme.answer(w.ours, reason)
    copies = w.ours.catalogue.copies_owned
    spent = sum(w.ours.ledger.costs["fixes"])
    review = w.spec.variant.feedback.review_days
    w.env.run(until=review + 1e-6)
    assert sum(w.ours.counters.series("fix_more_copies")) == 1 and sum(w.ours.counters.series("fixes")) == 1
    assert w.ours.catalogue.copies_owned == copies + 40 and w.ours.catalogue.consistent()
    assert sum(w.ours.ledger.costs["fixes"]) - spent == pytest.approx(40 * 8.0)
    active = [c for c in w.ours.customers if c.active and c.join_day < review]
    assert active and all(c.goodwill.at(review + 1e-6) == pytest.approx(0.15, rel=1e-6) for c in active)


def test_a_fix_is_made_once_and_the_next_reason_takes_its_turn() -> None:
    w = world(run=False)
    programme = w.ours.feedback
    assert isinstance(programme, ExitSurveys)
    programme.made.add("more_copies")
    for reason, n in (("stockout", 9), ("late_fee", 4), ("long_wait", 2)):
        programme.tally[reason] = n
    assert programme.choose(w.ours) == "lower_late_fee"


def test_a_late_fee_cut_needs_late_fees() -> None:
    w = world(run=False, lever="[variants.listen.pricing]\nmodel = 'subscription'")
    programme = w.ours.feedback
    assert isinstance(programme, ExitSurveys)
    programme.tally.update({"late_fee": 5, "price": 1})
    assert programme.choose(w.ours) == "lower_price"


def test_lower_late_fee_and_price_reprice_from_now_on() -> None:
    w = world(run=False)
    programme = w.ours.feedback
    assert isinstance(programme, ExitSurveys)
    programme.make(w.ours, "lower_late_fee")
    programme.make(w.ours, "lower_price")
    assert w.ours.pricing.cfg.late_fee_per_day == pytest.approx(0.5)
    assert w.ours.pricing.cfg.rental_fee == pytest.approx(4.99 * 0.95)
    assert sum(w.ours.ledger.costs["fixes"]) == pytest.approx(600.0)


def test_with_zero_effects_listening_changes_nothing_but_money() -> None:
    base = world("none", ZERO_EFFECTS, ZERO_FIXES, horizon=500.0)
    listen = world("listen", ZERO_EFFECTS, ZERO_FIXES, horizon=500.0)
    lives = [[(r.customer_id, r.join_day, r.end_day, r.churned) for r in w.ours.records().customers]
             for w in (base, listen)]
    assert lives[0] == lives[1]
    assert sum(listen.ours.counters.series("fixes")) >= 1 and sum(listen.ours.ledger.costs["surveys"]) > 0


@pytest.mark.parametrize("text, key", [
    ("[scenario.exit_surveys]\nchurned_response_rate = 1.5\n", "scenario.exit_surveys.churned_response_rate"),
    ("[scenario.exit_surveys]\nprospect_response_rate = -0.1\n", "scenario.exit_surveys.prospect_response_rate"),
    ("[variants.a.feedback]\ncost_per_answer = -1\n", "variants.a.feedback.cost_per_answer"),
    ("[variants.a.feedback]\ntraining_cost = -1\n", "variants.a.feedback.training_cost"),
    ("[variants.a.feedback]\nmenu = ['free_popcorn']\n", "variants.a.feedback.menu.0"),
])
def test_bad_feedback_input(text: str, key: str, config_error) -> None:
    config_error(text + "[variants.a]\nbaseline = true\n", key)
