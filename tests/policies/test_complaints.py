"""Complaint policies: rulings, the complaint decision, learning, demands, and the money."""

from __future__ import annotations

import math

import pytest

from sim.config import parse_experiment
from sim.config.levers import ComplaintHandling
from sim.metrics import active_at_month_starts, kpis
from sim.model.ledger import COSTS, GIVEN_BACK, REVENUE
from sim.model.world import RunSpec, World
from sim.policies.complaints import POLICIES, Demand
from sim.rng import generator

CONFIG = """
[scenario.customers]
initial = {initial}
initial_base = "fresh"
marketing_prospects_per_month = {prospects}
{segments}
[scenario.complaints]
{complaints}
[scenario.staff]
{staff}
[variants.v]
baseline = true
pricing = {{ enforcement = "{enforcement}" }}
complaints = {{ policy = "{policy}" }}
"""
EVERYONE_COMPLAINS = """[[scenario.customers.segments]]
name = "demanding"
complaint_propensity = 1.0
"""


def world(policy: str = "fair", enforcement: str = "enforce", initial: int = 200, prospects: float = 20.0,
          segments: str = "", complaints: str = "", horizon: float = 365.0, rep: int = 0, staff: str = "") -> World:
    text = CONFIG.format(initial=initial, prospects=prospects, segments=segments, complaints=complaints,
                         enforcement=enforcement, policy=policy, staff=staff)
    cfg = parse_experiment(text).config
    return World(RunSpec(cfg.scenario, cfg.variants["v"], 17, rep, horizon))


def rule(policy: str, fault: bool, stake: float, always: bool = False, fcr: float = 1.0):
    demand = Demand("x", fault, stake, credit=1.0 if fault and stake == 0 else 0.0, overclaim=5.0)
    return POLICIES[policy](ComplaintHandling(policy=policy, first_contact_resolution=fcr)).rule(
        demand, always, generator(1))


def test_always_right_grants_every_demand_at_once() -> None:
    r = rule("always_right", fault=False, stake=3.0)
    assert r.at_stake and r.credit == 5.0 and r.granted and r.first_contact


def test_fair_grants_the_business_fault_and_explains_the_rest() -> None:
    owed = rule("fair", fault=True, stake=0.0)
    assert owed.granted and owed.credit == 1.0 and not owed.at_stake and owed.explained
    not_owed = rule("fair", fault=False, stake=3.0)
    assert not not_owed.granted and not not_owed.at_stake and not_owed.credit == 0.0 and not_owed.explained
    assert not rule("fair", fault=True, stake=0.0, fcr=0.0).first_contact


def test_strict_refuses_without_a_word_unless_fees_go_on_request() -> None:
    r = rule("strict", fault=True, stake=3.0)
    assert not r.granted and not r.at_stake and r.credit == 0.0 and not r.explained
    assert rule("strict", fault=False, stake=3.0, always=True).at_stake


def test_complaint_chance_from_propensity_and_severity() -> None:
    w = world(initial=1)
    w.start()
    c = w.ours.customers[0]
    c.complaint_propensity = 0.1
    small, large = w.ours.complaints.chance(c, "late_fee", 1.0), w.ours.complaints.chance(c, "late_fee", 10.0)
    assert 0 < small < large < 1
    assert w.ours.complaints.chance(c, "billing_error", 0.0) == pytest.approx(1 - 0.9 ** 2.0)
    c.complaint_propensity = 0.0
    assert w.ours.complaints.chance(c, "late_fee", 10.0) == 0.0


@pytest.mark.parametrize("policy, direction", [("always_right", 1), ("strict", -1)])
def test_granting_teaches_refusing_discourages(policy: str, direction: int) -> None:
    w = world(policy=policy, initial=1, segments=EVERYONE_COMPLAINS, complaints="learn_granted = 0.5\n"
              "learn_refused = 0.5")
    w.start()
    c = w.ours.customers[0]
    c.complaint_propensity = 0.5
    for _ in range(100):  # until the customer actually complains (a chance, not a certainty)
        w.ours.bad_experience(c, "stockout", business_fault=True, at_stake=0.0)
        if c.complaint_propensity != 0.5:
            break
    assert c.complaint_propensity == pytest.approx(0.5 + direction * 0.25)


@pytest.mark.slow
@pytest.mark.parametrize("policy, enforcement, rises", [("always_right", "waive_on_request", True),
                                                        ("strict", "enforce", False)])
def test_complaint_rate_learned_over_three_years(policy: str, enforcement: str, rises: bool) -> None:
    for rep in range(3):
        w = world(policy=policy, enforcement=enforcement, initial=300, prospects=35.0, horizon=1095.0, rep=rep)
        r = w.run()
        per_customer = [sum(r.counts["complaints"][a:b]) / sum(active_at_month_starts(r)[a:b])
                        for a, b in ((0, 12), (24, 36))]
        assert (per_customer[1] > per_customer[0]) == rises, (rep, per_customer)


def test_waived_fees_are_never_revenue_and_the_ledger_adds_up() -> None:
    w = world(policy="fair", enforcement="waive_on_request", segments=EVERYONE_COMPLAINS, staff="on_shift = 30")
    k = kpis(w.run())
    assert k["revenue_late_fees"] == 0.0 and k["given_back_fees_waived"] > 0
    _ledger_adds_up(w, k)


def test_always_right_credits_come_off_revenue_and_the_ledger_adds_up() -> None:
    fair, right = world("fair", segments=EVERYONE_COMPLAINS), world("always_right", segments=EVERYONE_COMPLAINS)
    kf, kr = kpis(fair.run()), kpis(right.run())
    assert kr["given_back_credits"] > kf["given_back_credits"] > 0
    assert kr["complaints_granted"] == kr["complaints"] > kf["complaints_granted"]
    for w, k in ((fair, kf), (right, kr)):
        _ledger_adds_up(w, k)


def _ledger_adds_up(w: World, k: dict[str, float]) -> None:
    revenue = sum(sum(w.ours.ledger.revenue[c]) for c in REVENUE)
    costs = sum(sum(w.ours.ledger.costs[c]) for c in COSTS)
    assert math.isclose(k["revenue"], sum(k[f"revenue_{c}"] for c in REVENUE), abs_tol=1e-6)
    assert math.isclose(k["revenue"], revenue, abs_tol=1e-6) and math.isclose(k["costs"], costs, abs_tol=1e-6)
    assert math.isclose(k["profit"], k["revenue"] - k["costs"], abs_tol=1e-6)
    assert math.isclose(k["given_back"], sum(sum(w.ours.ledger.given_back[c]) for c in GIVEN_BACK), abs_tol=1e-6)
    spend = sum(c.spend for c in w.ours.customers)
    assert math.isclose(spend, revenue, rel_tol=1e-9, abs_tol=1e-6)


def test_a_double_charge_is_refunded_when_granted_and_kept_when_refused() -> None:
    for policy, refunded in (("fair", True), ("strict", False)):
        w = world(policy, initial=1, segments=EVERYONE_COMPLAINS)
        w.start()
        c = w.ours.customers[0]
        w.ours.complaints.billed_twice(c, "rental_fees", 4.99)
        assert sum(w.ours.ledger.revenue["rental_fees"]) == pytest.approx(0.0 if refunded else 4.99)
        assert sum(w.ours.ledger.given_back["refunds"]) == pytest.approx(4.99 if refunded else 0.0)
        w.env.run(until=w.ours.scenario.complaints.escalation_days + 1.0)
        assert c.goodwill.grievance < w.ours.scenario.complaints.grievance


def test_demanding_customers_ask_for_more_and_only_always_right_gives_it() -> None:
    extra = "overclaim_probability = 1.0\napology_credit = 0.0"
    for policy, credit in (("always_right", 5.0), ("fair", 0.0)):
        w = world(policy, initial=1, segments=EVERYONE_COMPLAINS, complaints=extra)
        w.start()
        w.ours.bad_experience(w.ours.customers[0], "late_fee", business_fault=False, at_stake=2.0)
        assert sum(w.ours.ledger.given_back["credits"]) == pytest.approx(credit)
