"""The mail channel: k titles at home, each return triggering the next shipment."""

from __future__ import annotations

from typing import TYPE_CHECKING
from sim.counter_names import RENTALS, STOCKOUTS, TITLE_REQUESTS

if TYPE_CHECKING:
    from sim.model.customer import Customer
    from sim.model.firm import Firm


def fill(firm: "Firm", c: "Customer") -> None:
    """Start shipments until the customer's plan has its k titles in the loop (at home, in the
    mail, or waiting for stock)."""
    if not c.active or c.pricing.channel != "mail":
        return
    while c.mail_loop < c.pricing.titles_at_home:
        c.mail_loop += 1
        ship_next(firm, c)


def settle_in(firm: "Firm", c: "Customer") -> None:
    """A subscriber of a business already running at day 0 has its k titles at home, each part of
    the way through its stay (a uniform share of a stay: the loop caught at a random moment). They
    were shipped before day 0: no request, no stockout, no postage now. A title it wants that is
    not in stock is left for the loop's next shipment."""
    cat = firm.mail_stock
    rng = c.behaviour
    assert rng is not None  # an active customer's streams (released when it leaves)
    t = c.traits
    k = c.pricing.titles_at_home
    mean = max(t.keep_mean, k / (t.demand_per_day * c.visit_factor))
    while c.mail_loop < k:
        c.mail_loop += 1
        title = cat.pick(rng.random())
        if not cat.available(title, firm.env.now):
            ship_next(firm, c)
            continue
        cat.ship(title)
        cat.deliver(title)
        held = rng.gamma(t.keep_shape, mean / t.keep_shape) * rng.random()
        firm.after(held, mailed_back, firm, c, title, held)


def ship_next(firm: "Firm", c: "Customer", waiting: bool = False) -> None:
    """Ship the first available title of a few wanted ones, or wait a day for stock.

    Only the first try of a shipment counts as a request (and a stockout): a customer waiting
    for stock is disappointed once, not every day. A customer who has left, or moved to a plan
    without mail, gives up the shipment's place in its loop.
    """
    if not c.active or c.pricing.channel != "mail":
        c.mail_loop -= 1
        return
    cat = firm.mail_stock
    rng = c.behaviour
    assert rng is not None  # an active customer's streams (released when it leaves)
    title = cat.pick(rng.random())
    if not waiting:
        firm.count(TITLE_REQUESTS)
    if not cat.available(title, firm.env.now):
        if not waiting:
            firm.count(STOCKOUTS)
            firm.experience(c, "stockout")
            firm.bad_experience(c, "stockout", business_fault=True, at_stake=0.0)
        for _ in range(firm.scenario.mail.max_pick_tries - 1):
            title = cat.pick(rng.random())
            if cat.available(title, firm.env.now):
                break
        else:
            firm.after(1.0, ship_next, firm, c, True)
            return
    cat.ship(title)
    firm.spend("shipping", firm.scenario.mail.cost_per_shipment)
    firm.after(firm.scenario.mail.delay_days, delivered, firm, c, title)


def delivered(firm: "Firm", c: "Customer", title: int) -> None:
    """At home: watched for a while (longer with more titles at home), then mailed back."""
    firm.mail_stock.deliver(title)
    c.rentals += 1
    firm.count(RENTALS)
    t = c.traits
    k = max(c.pricing.titles_at_home, 1)
    mean = max(t.keep_mean, k / (t.demand_per_day * c.visit_factor))
    rng = c.behaviour or firm.rng_for(c, "behaviour")  # a parcel may arrive after its customer left
    held = rng.gamma(t.keep_shape, mean / t.keep_shape)
    firm.after(held, mailed_back, firm, c, title, held)


def mailed_back(firm: "Firm", c: "Customer", title: int, held: float) -> None:
    firm.mail_stock.post_back(title)
    firm.count_return(firm.env.now, held, late=False)
    firm.after(firm.scenario.mail.delay_days, received, firm, c, title)


def received(firm: "Firm", c: "Customer", title: int) -> None:
    """Back at the warehouse: the next title goes out to this customer (none after a downgrade)."""
    firm.mail_stock.receive(title)
    c.mail_loop -= 1
    fill(firm, c)
