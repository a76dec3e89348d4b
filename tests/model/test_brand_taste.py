"""A household's taste for each firm (sim.model.market): two firms on one channel are close but not
perfect substitutes, and with no spread the choice is the channel-taste logit as before."""

from __future__ import annotations

import math

from sim.model.customer import draw_traits
from sim.model.menu import shortfall
from sim.model.world import RunSpec, World
from sim.config import parse_experiment
from tests.model.test_market import MARKET

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
    market = w.market
    return draw_traits(market.streams.stream("customer", cid), market.scenario.customers.segments,
                       market.segment_cumulative)


def joins(w: World) -> tuple[int, int]:
    """Households choosing between us and the twin at day 0: how many join each."""
    market = w.market
    for cid in HOUSEHOLDS:
        traits = draw_traits(market.streams.stream("customer", cid), market.scenario.customers.segments,
                             market.segment_cumulative)
        market.prospect(cid, traits, "diffusion", market.ours)
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
        traits = draw_traits(plain.market.streams.stream("customer", cid), ours.scenario.customers.segments,
                             plain.market.segment_cumulative)
        plan = ours.plan_for(traits, cid=cid)
        titles = shortfall(plan, traits, ours.scenario) / plain.market.money_per_utility()
        assert plain.market.taste(cid, ours, traits) == titles + before.taste[plan.channel]  # no channel mean here
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
