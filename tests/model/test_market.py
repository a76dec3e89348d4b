"""Rivals in one market: shares, switching, flows that add up, the single business as a special
case, common random numbers across our variants, bad input, and one utility over plans and firms
with a household's brand taste."""

from __future__ import annotations

import math

import numpy as np
import pytest

from sim.analysis.intervals import paired_difference, t_interval
from sim.config import parse_experiment
from sim.metrics import kpis
from sim.model.customer import draw_traits
from sim.model.menu import shortfall
from sim.model.market import NONE, Market, adopted, odds
from sim.model.world import RunSpec, World, simulate

HORIZON = 720.0
MARKET = """
[experiment]
horizon_days = {horizon}
[scenario.customers]
initial = {initial}
initial_base = "fresh"
marketing_prospects_per_month = {marketing}
[scenario.catalogue]
titles = 120
restock_monthly = true
[scenario.market.choice]
channel_taste_sd = 0.0
switching_cost = 0.0
[scenario.rivals.twin]
initial_awareness = 1.0
initial_customers = {initial}
marketing_prospects_per_month = {marketing}
[scenario.rivals.twin.pricing]
model = "subscription"
monthly_fee = {rival_fee}
[variants.us]
baseline = true
[variants.us.pricing]
model = "subscription"
monthly_fee = 19.95
[variants.cheaper]
[variants.cheaper.pricing]
model = "subscription"
monthly_fee = 14.95
"""


def experiment(rival_fee: float = 19.95, horizon: float = HORIZON, extra: str = "", initial: int = 200,
               marketing: float = 60.0, brand_taste_sd: float = 0.0):
    text = MARKET.format(rival_fee=rival_fee, horizon=horizon, initial=initial, marketing=marketing).replace(
        "switching_cost = 0.0\n", f"switching_cost = 0.0\nbrand_taste_sd = {brand_taste_sd}\n")
    return parse_experiment(text + extra).config


def replications(cfg, variant: str, n: int) -> list[dict[str, float]]:
    return [kpis(simulate(RunSpec(cfg.scenario, cfg.variants[variant], 7, r, cfg.experiment.horizon_days)))
            for r in range(n)]


@pytest.mark.slow
@pytest.mark.parametrize("brand_taste_sd", [0.0, 1.0])
def test_two_identical_firms_split_the_market_evenly(brand_taste_sd: float) -> None:
    """Without opening cohorts: the customers of a cohort that all joined at day 0 review at the same
    instants, and whichever firm's cohort reviews first has its reputation hit before the other's
    leavers weigh it (an order effect of simultaneous events, not of the firms)."""
    runs = replications(experiment(initial=0, marketing=150.0, brand_taste_sd=brand_taste_sd), "us", 12)
    share = t_interval(np.array([k["market_share_end"] for k in runs]))
    assert share.low < 0.5 < share.high
    assert 0.35 < share.mean < 0.65  # and not by a wide interval alone


@pytest.mark.slow
def test_a_dearer_rival_ends_smaller_and_its_leavers_come_to_us() -> None:
    runs = replications(experiment(rival_fee=29.95), "us", 6)
    share = t_interval(np.array([k["twin:market_share_end"] for k in runs]))
    assert share.high < 0.5
    to_us = np.array([k["twin:customers_lost_to_rivals"] - k["customers_lost_to_rivals"] for k in runs])
    assert t_interval(to_us).low > 0  # net switching runs from the dearer firm to us


def test_switching_flows_add_up_per_firm_and_month() -> None:
    cfg = experiment()
    records = simulate(RunSpec(cfg.scenario, cfg.variants["us"], 3, 0, HORIZON))
    market = records.market
    firms = {"ours": records, **market.rivals}
    for name, firm in firms.items():
        inflow = np.sum([row for (a, b), row in market.flows.items() if b == name], axis=0)
        outflow = np.sum([row for (a, b), row in market.flows.items() if a == name], axis=0)
        opening = [200.0] + [0.0] * (len(inflow) - 1)  # day-0 customers joined before the market opened
        assert (inflow + opening).tolist() == firm.counts["joined"]
        assert outflow.tolist() == firm.counts["churned"]
        assert 200 + inflow.sum() - outflow.sum() == kpis(firm)["customers_active_end"]
        assert sum(1 for c in firm.customers if c.channel == "switched") == sum(
            row_sum for (a, b), row_sum in ((p, sum(r)) for p, r in market.flows.items()) if b == name and a != NONE)


def test_a_market_nobody_knows_of_decides_as_a_business_alone() -> None:
    """The logit on stand-alone join probabilities: with no rival known it is the single business's
    rule, with the same draws."""
    cfg = experiment()
    world = World(RunSpec(cfg.scenario, cfg.variants["us"], 1, 0, HORIZON))
    market: Market = world.market
    ours = world.ours
    assert market.review_choice(ours, _customer(ours), 0.3, 0.29) == NONE
    assert market.review_choice(ours, _customer(ours), 0.3, 0.31) == ""
    assert odds(0.5) == pytest.approx(1.0) and np.isfinite(odds(1.0))


def _customer(firm):
    from sim.model.customer import draw_traits

    traits = draw_traits(firm.streams.stream("customer", 0), firm.scenario.customers.segments,
                         firm.market.segment_cumulative, 1.0)
    return firm.admit(0, traits, "initial")


def test_known_rival_takes_a_share_of_leavers_in_proportion_to_its_pull() -> None:
    """At a review a customer who knows a rival leaves with a higher chance than the hazard, and
    the draws between the hazard and that chance go to the rival."""
    cfg = experiment()
    world = World(RunSpec(cfg.scenario, cfg.variants["us"], 1, 0, HORIZON))
    rival = world.market.rivals[0]
    world.market.open(rival)
    c = _customer(world.ours)
    leave_none = 0.3 / (0.7 + 0.3 * (1.0 + sum_weight(world, c)))  # P(none) = 1 / ((1-h)/h + 1 + W)
    assert world.market.review_choice(world.ours, c, 0.3, leave_none * 0.999) == NONE
    assert world.market.review_choice(world.ours, c, 0.3, leave_none * 1.001) == "twin"
    assert world.market.review_choice(world.ours, c, 0.3, 0.999) == ""


def sum_weight(world: World, c) -> float:
    market, rival = world.market, world.market.rivals[0]
    cost = world.ours.scenario.market.choice.switching_cost
    return odds(market.join_probability_for(rival, c)) * np.exp(-cost)


def test_rivals_arrivals_are_the_same_whatever_our_levers() -> None:
    cfg = experiment()
    us, cheaper = (simulate(RunSpec(cfg.scenario, cfg.variants[v], 5, 0, HORIZON)) for v in ("us", "cheaper"))
    rival = [r.market.rivals["twin"].counts["prospects_marketing"] for r in (us, cheaper)]
    assert rival[0] == rival[1]
    assert us.counts["prospects_marketing"] == cheaper.counts["prospects_marketing"]
    assert kpis(us)["twin:customers_active_end"] != kpis(cheaper)["twin:customers_active_end"]


def test_a_rival_opens_on_its_day_with_its_cohort() -> None:
    cfg = experiment(extra="[scenario.rivals.late]\nenters_month = 6\ninitial_customers = 30\n"
                           "[scenario.rivals.late.pricing]\nmodel = 'per_rental'\n")
    records = simulate(RunSpec(cfg.scenario, cfg.variants["us"], 2, 0, HORIZON))
    late = records.market.rivals["late"]
    assert sum(late.counts["joined"][:6]) == 0 and late.counts["joined"][6] >= 30
    assert sum(late.costs["overhead"][:6]) == 0 and late.costs["overhead"][6] > 0
    assert records.market.flows[(NONE, "late")][6] >= 30


def test_bass_diffusion_follows_its_curve() -> None:
    cfg = experiment(extra="[scenario.market]\narrivals = 'bass'\n[scenario.market.diffusion]\n"
                           "potential = 3000\ninnovation = 0.2\nimitation = 0.5\nadopted_at_start = 0.1\n")
    d = cfg.scenario.market.diffusion
    assert adopted(d, 0.0) == pytest.approx(0.1)
    assert adopted(d, 50.0) == pytest.approx(1.0)
    expected = d.potential * (adopted(d, HORIZON / 365.0) - adopted(d, 0.0))
    arrived = [sum(simulate(RunSpec(cfg.scenario, cfg.variants["us"], 9, r, HORIZON)).counts["prospects_diffusion"])
               for r in range(3)]
    assert abs(np.mean(arrived) - expected) < 4 * np.sqrt(expected / 3)


def test_bass_without_innovation_is_a_logistic() -> None:
    cfg = experiment(extra="[scenario.market]\narrivals = 'bass'\n[scenario.market.diffusion]\n"
                           "innovation = 0\nimitation = 1.0\nadopted_at_start = 0.5\n").scenario.market.diffusion
    assert adopted(cfg, 0.0) == pytest.approx(0.5)
    assert adopted(cfg, 1.0) == pytest.approx(np.e / (1 + np.e))


@pytest.mark.slow
def test_a_rival_nobody_hears_of_leaves_every_study_as_it_was() -> None:
    """Every example study with an inert rival (never known, no marketing) gives its baseline's
    KPIs within their paired intervals: a market with no rivals is the single business."""
    from pathlib import Path

    from sim.config.load import load_experiment
    from sim.config.quick import shrink

    inert = {"pricing": {"model": "per_rental"}, "awareness_per_month": 0.0}
    for path in sorted((Path(__file__).parents[2] / "configs").glob("*.toml")):
        cfg = shrink(load_experiment(path).config, 0.25)
        if cfg.scenario.rivals:
            continue
        raw = cfg.model_dump()
        raw["scenario"]["rivals"] = {"inert": inert}
        raw["scenario"]["market"]["choice"]["awareness_word_of_mouth"] = 0.0
        with_rival = type(cfg).model_validate(raw)
        base = cfg.variants[cfg.baseline]
        alone, shared = ([kpis(simulate(RunSpec(c.scenario, base, c.experiment.seed, r, c.experiment.horizon_days)))
                          for r in range(4)] for c in (cfg, with_rival))
        for kpi in ("customers_active_end", "monthly_churn_rate", "revenue"):
            a, b = (np.array([k[kpi] for k in runs]) for runs in (alone, shared))
            diff = paired_difference(b, a)
            assert diff.low - 1e-9 <= 0 <= diff.high + 1e-9 or abs(diff.mean) < 0.02 * abs(a.mean()), (path, kpi)


@pytest.mark.parametrize("text, expected", [
    ("[scenario.rivals.x]\ncolour = 'red'\n[scenario.rivals.x.pricing]\nmodel = 'per_rental'\n",
     "scenario.rivals.x.colour"),
    ("[scenario.rivals.x]\nenters_month = 3\n", "a rival needs a [pricing] table"),
    ("[scenario.market.choice]\nswitching_cost = -1\n", "scenario.market.choice.switching_cost"),
    ("[scenario.rivals.none]\n[scenario.rivals.none.pricing]\nmodel = 'per_rental'\n", "may not be called 'none'"),
    ("[scenario.rivals.x]\nenters_month = 40\n[scenario.rivals.x.pricing]\nmodel = 'per_rental'\n",
     "scenario.rivals.x.enters_month"),
    ("[scenario.rivals.x]\nbaseline = true\n[scenario.rivals.x.pricing]\nmodel = 'per_rental'\n",
     "never the baseline"),
    ("[scenario.rivals.x]\nenters_month = 6\n[scenario.rivals.x.pricing]\nmodel = 'per_rental'\n"
     "[[scenario.rivals.x.changes]]\nat_month = 3\nset = {'pricing.rental_fee' = 3.99}\n", "before the rival opens"),
    ("[scenario.market]\narrivals = 'bass'\n[scenario.market.diffusion]\ninnovation = 0\nadopted_at_start = 0\n",
     "nobody ever adopts"),
])
def test_bad_market_input(text: str, expected: str, config_error) -> None:
    config_error(text + "[variants.a]\nbaseline = true\n", expected, "check", "market")


HOUSEHOLDS = range(5_000_000, 5_004_000)


def market_world(brand_sd: float, choice: str = "", pricing: str = "", rivals: bool = True) -> World:
    text = MARKET.format(rival_fee=19.95, horizon=360.0, initial=0, marketing=60.0).replace(
        "[scenario.market.choice]\n", choice or "[scenario.market.choice]\n")
    if pricing:
        text = text.replace('[variants.us.pricing]\nmodel = "subscription"\nmonthly_fee = 19.95\n', pricing)
    if not rivals:
        text = text[:text.index("[scenario.rivals.twin]")] + text[text.index("[variants.us]"):]
    cfg = parse_experiment(text).config
    scenario = cfg.scenario.model_copy(update={"market": cfg.scenario.market.model_copy(
        update={"choice": cfg.scenario.market.choice.model_copy(update={"brand_taste_sd": brand_sd})})})
    w = World(RunSpec(scenario, cfg.variants["us"], 3, 0, 360.0))
    w.market.ours.open = True
    if rivals:
        w.market.open(w.market.rivals[0])
    return w


def traits(w: World, cid: int):
    customers = w.market.scenario.customers
    return draw_traits(w.market.streams.stream("customer", cid), customers.segments, w.market.segment_cumulative,
                       customers.price_sensitivity_scale)


def joins(w: World) -> tuple[int, int]:
    """Households choosing between us and the twin at day 0: how many join each."""
    market = w.market
    for cid in HOUSEHOLDS:
        market.prospect(cid, traits(w, cid), "diffusion", market.ours)
    return market.ours.active_count, market.rivals[0].active_count


def test_two_firms_identical_but_for_brand_taste_split_the_market_evenly() -> None:
    w = market_world(1.5)
    ours, twin = joins(w)
    n = ours + twin
    assert n > 1000
    assert abs(ours / n - 0.5) < 4 * math.sqrt(0.25 / n)
    gaps = [w.market.household(cid).brand["ours"] - w.market.household(cid).brand["twin"] for cid in HOUSEHOLDS]
    assert sum(abs(g) > 1.0 for g in gaps) > len(gaps) / 4  # households are far from indifferent


def test_without_brand_spread_the_choice_is_as_before() -> None:
    plain, branded = market_world(0.0), market_world(1.5)
    for cid in HOUSEHOLDS[:200]:
        before, after = plain.market.household(cid), branded.market.household(cid)
        assert before.aware_at == after.aware_at and before.taste == after.taste  # the earlier draws unmoved
        assert set(before.brand.values()) == {0.0}
        ours = plain.market.ours
        drawn = traits(plain, cid)
        plan = ours.plan_for(drawn, cid=cid)
        titles = shortfall(plan, drawn, ours.scenario) / plain.market.money_per_utility()
        assert plain.market.taste(cid, ours, drawn) == titles + before.taste[plan.channel]  # no channel mean here
    assert joins(plain) != joins(branded)  # and the spread does move choices


def test_the_plan_taken_at_a_firm_weighs_the_households_channel_taste() -> None:
    """One utility: in a market, a menu's plan is chosen with the channel's appeal as between
    firms; a business alone chooses by the plans' suitability as before."""
    menu = ('[variants.us.pricing]\nmodel = "menu"\n'
            'plans.store = { model = "per_rental", rental_fee = 4.99 }\n'
            'plans.online = { model = "subscription", monthly_fee = 19.99, titles_at_home = 3 }\n')
    taken = {}
    for mail in (-5.0, 5.0):
        w = market_world(0.0, f"[scenario.market.choice]\nmail_convenience = {mail}\n", menu)
        ours = w.market.ours
        taken[mail] = {ours.plan_for(traits(w, cid), cid=cid).name for cid in HOUSEHOLDS[:300]}
    assert taken == {-5.0: {"store"}, 5.0: {"online"}}
    w = market_world(0.0, "", menu, rivals=False)
    alone = {w.market.ours.plan_for(traits(w, cid), cid=cid).name for cid in HOUSEHOLDS[:300]}
    assert alone == {"store", "online"}
