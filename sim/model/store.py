"""The store channel: visits at the customer's demand rate, stockouts, rentals and returns."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sim.model.customer import Customer
    from sim.model.world import World


def visits(world: "World", c: "Customer") -> None:
    """A customer's store visits: Poisson at its demand rate until it churns. Each visit schedules
    the next one (a chain of timeouts, cheaper than a process per customer)."""
    world.after(c.behaviour.exponential(1.0 / (c.traits.demand_per_day * c.visit_factor)), visit, world, c)


def visit(world: "World", c: "Customer") -> None:
    """One visit: the desk, a rental if the title is there, the greeting; then the next visit.
    A customer who has left since the visit was scheduled does not come."""
    if not c.active:
        return
    if world.staff.checkout(c):
        try_rent(world, c)
        world.sales.visit(world, c)
    visits(world, c)


def try_rent(world: "World", c: "Customer") -> bool:
    """Look for a wanted title; on a stockout maybe take another. True if something was rented."""
    rng = c.behaviour
    cat = world.catalogue
    now = world.env.now
    title = cat.pick(rng.random())
    world.count("title_requests")
    if not cat.available(title, now):
        world.count("stockouts")
        world.experience(c, "stockout")
        world.bad_experience(c, "stockout", business_fault=True, at_stake=0.0)
        if rng.random() >= world.scenario.store.substitute_probability:
            return False
        title = cat.pick(rng.random())
        if not cat.available(title, now):
            return False
    rent(world, c, title)
    return True


def rent(world: "World", c: "Customer", title: int) -> None:
    """Charge the fee, and let the enforcement mode check the copy out and settle its return."""
    rng = c.behaviour
    t = c.traits
    natural = rng.gamma(t.keep_shape, t.keep_mean / t.keep_shape)
    comply = rng.random()
    pricing = world.pricing
    kept = pricing.enforcement.keep_days(natural, comply, world.scenario.store.on_time_probability)
    c.rentals += 1
    world.count("rentals")
    world.charge(c, "rental_fees", pricing.cfg.rental_fee)
    pricing.enforcement.settle(world, c, title, kept)
