"""A variant's changes during a run: announced to customers, then put in force, for whom.

A firm keeps the levers in force for new customers; each customer keeps the pricing it is
billed on, so grandfathered customers pay the old price while new ones pay the new. Nothing here
draws a random number, and nothing happens before a change is announced, so a variant with
changes runs exactly like the same variant without them until the first announcement.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sim.config.timeline import Regime, regimes
from sim.model.clock import MONTH
from sim.model.prices import change_felt

if TYPE_CHECKING:
    from sim.model.customer import Customer
    from sim.model.firm import Firm


def schedule(world: "Firm") -> None:
    """Put each change on the calendar, and its announcement to the existing customers it moves
    (`notice_days` before they move; an announcement due with the change comes first)."""
    for regime in regimes(world.variant):
        change = regime.change
        if change.existing_customers != "never":
            world.after(change.announced - world.env.now, announce, world, regime)
        world.after(change.day - world.env.now, take_effect, world, regime)


def announce(world: "Firm", regime: Regime) -> None:
    """Customers who will pay a new price hear of it (the price their plan will have) and feel it
    against the price they are used to."""
    world.count("announcements")
    offer = world.pricing_for(regime.levers.pricing)
    feel = world.scenario.reference_prices
    for c in world.active_customers():
        price = world.plan_kept(c, offer).monthly_price(c.traits)
        if price != c.pricing.monthly_price(c.traits):
            world.experience_delta(c, "price_change", change_felt(c, price, feel))


def take_effect(world: "Firm", regime: Regime) -> None:
    """New levers for new customers now; existing customers at once, later, or never."""
    change = regime.change
    moved = changed(world, regime)
    world.count("changes")
    world.set_levers(regime.levers, moved)
    if "pricing" not in moved:
        return
    existing = [c for c in world.active_customers() if c.pricing not in world.pricing.plans]
    if change.existing_customers == "at_once":
        move_all(world, existing)
    elif change.existing_customers == "after_grandfathering":
        world.after(change.grandfather_months * MONTH, move_all, world, existing)


def move_all(world: "Firm", customers: list["Customer"]) -> None:
    """Customers still active move to the prices offered now."""
    for c in customers:
        if c.active:
            world.move(c, world.pricing)


def changed(world: "Firm", regime: Regime) -> set[str]:
    """The levers (pricing, retention, ...) that differ from those in force."""
    now, then = world.levers, regime.levers
    return {name for name in ("pricing", "retention", "sales", "feedback", "complaints")
            if getattr(now, name) != getattr(then, name)}
