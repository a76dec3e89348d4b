"""A menu of plans offered at once, and how a customer picks one.

A customer takes the plan that gives it the most: the titles it gets a month (its demand, up to
what the plan can bring: k titles by mail turn over about every `mail_turn_days`; streaming finds
a share of what it wants), each worth `title_value`, less the monthly price times its price
sensitivity. The pick is deterministic (no draw), so a menu changes no random stream. A customer
picks among the plans it knows of (sim.model.awareness) and re-chooses when its prices change, when
it is unhappy at a monthly review, or now and then at one (sim.model.firm: Firm.reconsider).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Union

from sim.config.levers import Menu
from sim.config.scenario import Scenario
from sim.clock import MONTH
from sim.model.pricing import PLANS, Plan

if TYPE_CHECKING:
    from sim.model.customer import Traits


class MenuPricing:
    """Several plans; new customers take the best for them."""

    channel = "menu"
    titles_at_home = 0
    name = ""

    def __init__(self, cfg: Menu) -> None:
        self.cfg = cfg
        self.plans: tuple[Plan, ...] = tuple(PLANS[p.model](p, name) for name, p in cfg.plans.items())


Pricing = Union[Plan, MenuPricing]


def titles_a_month(plan: Plan, traits: "Traits", scenario: Scenario) -> float:
    """Titles a month the customer would get on the plan: its demand, up to the plan's reach."""
    wanted = traits.demand_per_day * MONTH
    streamed = wanted * scenario.streaming.catalogue_share if plan.streams else 0.0
    if plan.channel == "store":
        return wanted
    mailed = plan.titles_at_home * MONTH / scenario.plan_choice.mail_turn_days
    return min(wanted, mailed + streamed)


def worth(plan: Plan, traits: "Traits", scenario: Scenario) -> float:
    """What the plan brings the customer a month, in money: its titles and watching at once."""
    choice = scenario.plan_choice
    value = choice.title_value * titles_a_month(plan, traits, scenario)
    return value + choice.streaming_convenience if plan.streams else value


def shortfall(plan: Plan, traits: "Traits", scenario: Scenario) -> float:
    """What the plan brings less what all the titles the customer wants would be worth (<= 0 but
    for streaming's convenience): the part of a plan's worth that differs between firms' plans."""
    return worth(plan, traits, scenario) - scenario.plan_choice.title_value * traits.demand_per_day * MONTH


def suitability(plan: Plan, traits: "Traits", scenario: Scenario, price_weight: float = 1.0) -> float:
    """What the plan is worth to the customer a month, less its price as the customer feels it
    (an unhappy customer weighs price more: `price_weight` > 1)."""
    return worth(plan, traits, scenario) - price_weight * traits.price_sensitivity * plan.monthly_price(traits)


def best_plan(offer: Pricing, traits: "Traits", scenario: Scenario, price_weight: float = 1.0) -> Plan:
    """The offer's plan that suits the customer best (the first of equals, in the menu's order)."""
    return best_of(offer.plans, traits, scenario, price_weight)


def best_of(plans: tuple[Plan, ...], traits: "Traits", scenario: Scenario, price_weight: float = 1.0) -> Plan:
    """The plan of these that suits the customer best (the first of equals, in their order)."""
    if len(plans) == 1:
        return plans[0]
    return max(plans, key=lambda plan: suitability(plan, traits, scenario, price_weight))


PRICING: dict[str, Callable[..., Pricing]] = {**PLANS, "menu": MenuPricing}
