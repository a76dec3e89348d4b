"""A variant's changes during a run: announced to customers, then put in force, for whom; and
new levers or prices in force (also the feedback programme's price fix, sim.policies.feedback).

A firm keeps the levers in force for new customers; each customer keeps the pricing it is
billed on, so grandfathered customers pay the old price while new ones pay the new. Nothing here
draws a random number, and nothing happens before a change is announced, so a variant with
changes runs exactly like the same variant without them until the first announcement.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sim.config.levers import Variant
from sim.config.timeline import Regime, regimes
from sim.clock import MONTH
from sim.model.prices import change_felt
from sim.policies.complaints import POLICIES
from sim.policies.feedback import feedback_programme
from sim.model.menu import Pricing, best_plan
from sim.model.pricing import Plan, stores_open
from sim.policies.retention import RETENTION
from sim.policies.sales import SALES
from sim.counter_names import ANNOUNCEMENTS, CHANGES, MOVED_TO_NEW_PRICES, STORE_CLOSURES

GOLDEN = (5 ** 0.5 - 1) / 2  # the golden ratio's fraction: the most even of Weyl sequences

if TYPE_CHECKING:
    from sim.model.customer import Customer
    from sim.model.firm import Firm


def schedule(firm: "Firm") -> None:
    """Put each change on the calendar, and its announcement to the existing customers it moves
    (`notice_days` before they move; an announcement due with the change comes first)."""
    for regime in regimes(firm.variant):
        change = regime.change
        if change.existing_customers != "never":
            firm.after(change.announced - firm.env.now, announce, firm, regime)
        firm.after(change.day - firm.env.now, take_effect, firm, regime)


def announce(firm: "Firm", regime: Regime) -> None:
    """Customers who will pay a new price hear of it (the price their plan will have) and feel it
    against the price they are used to; they hear of the new offer's plans with it."""
    firm.count(ANNOUNCEMENTS)
    offer = firm.pricing_for(regime.levers.pricing)
    feel = firm.scenario.reference_prices
    for c in firm.active_customers():
        price = plan_kept(firm, c, offer).monthly_price(c.traits)
        if price != c.pricing.monthly_price(c.traits):
            firm.experience_delta(c, "price_change", change_felt(c, price, feel))
            firm.plan_awareness.tell(c.id, offer.plans)


def take_effect(firm: "Firm", regime: Regime) -> None:
    """New levers for new customers now; existing customers at once, later, or never."""
    change = regime.change
    moved = changed(firm, regime)
    firm.count(CHANGES)
    set_levers(firm, regime.levers, moved, change.existing_customers != "never")
    if "pricing" not in moved:
        return
    existing = [c for c in firm.active_customers() if c.pricing not in firm.pricing.plans]
    if change.phase_in_months:
        phase_in(firm, regime, existing)
    elif change.existing_customers == "at_once":
        move_all(firm, existing)
    elif change.existing_customers == "after_grandfathering":
        firm.after(change.grandfather_months * MONTH, move_all, firm, existing)


def move_all(firm: "Firm", customers: list["Customer"]) -> None:
    """Customers still active move to the prices offered now."""
    for c in customers:
        if c.active:
            move(firm, c, firm.pricing)


def phase_in(firm: "Firm", regime: Regime, customers: list["Customer"]) -> None:
    """Each customer moves at its own turn of the phase-in, from the day they would all have moved."""
    change = regime.change
    start, phase = change.grandfathered_until - change.day, change.phase_in_months * MONTH
    for c in customers:
        firm.after(start + phase * phase_share(c.id), move_all, firm, [c])


def phase_share(cid: int) -> float:
    """Where in a phase-in a customer's turn falls, in [0, 1): spread evenly over households by a
    low-discrepancy sequence of its id (no draw, so the same in every variant)."""
    return (cid * GOLDEN) % 1.0


def changed(firm: "Firm", regime: Regime) -> set[str]:
    """The levers (pricing, retention, ...) that differ from those in force."""
    now, then = firm.levers, regime.levers
    return {name for name in ("pricing", "retention", "sales", "feedback", "complaints")
            if getattr(now, name) != getattr(then, name)}


def set_levers(firm: "Firm", levers: Variant, moved: set[str], existing_move: bool = True) -> None:
    """New levers in force from now: new prices for new customers, the rest for everyone. New
    prices buy copies for the plan each customer will be on (`existing_move`: existing customers
    land on the new offer), in the stock that plan draws from."""
    firm.levers = levers
    active = firm.active_customers()
    if "pricing" in moved:
        old, firm.pricing = firm.pricing, firm.pricing_for(levers.pricing)
        firm.plan_awareness.launch(firm.pricing.plans)
        if firm.depot is None and mail_launched_beside_stores(old, firm.pricing):
            firm.open_depot()
        firm.restock(lambda c: plan_kept(firm, c, firm.pricing) if existing_move else c.pricing)
    if "retention" in moved:
        firm.retention = RETENTION[levers.retention.tactic](levers.retention)
        for c in active:
            firm.retention.start(firm, c)
    if "sales" in moved:
        firm.sales = SALES[levers.sales.style](levers.sales)
    if "complaints" in moved:
        firm.complaints.policy = POLICIES[levers.complaints.policy](levers.complaints)
    if "feedback" in moved:
        firm.feedback = feedback_programme(levers.feedback)
        firm.feedback.start(firm)


def mail_launched_beside_stores(old: Pricing, new: Pricing) -> bool:
    """A by-mail plan offered beside stores where only stores were: it stocks a depot of its own
    (a firm that opened with both keeps one stock, as it opened)."""
    before, after = ({p.channel for p in offer.plans} for offer in (old, new))
    return "mail" not in before and {"store", "mail"} <= after


def offer(firm: "Firm", pricing: Pricing) -> None:
    """New prices for new customers and, at once, for everyone on the prices offered until now."""
    old, firm.pricing = firm.pricing, pricing
    firm.plan_awareness.launch(pricing.plans)
    for c in firm.active_customers():
        if c.pricing is old:
            move(firm, c, pricing)


def move(firm: "Firm", c: "Customer", offer: Pricing) -> None:
    """A customer goes onto `offer` (other prices, another business model), goodwill and history
    kept: onto the plan of the same name if the offer has one (customers stay put unless they
    act), else the plan that suits it best. It feels the new price at its next bill."""
    old, new = c.pricing, plan_kept(firm, c, offer)
    if new is old:
        return
    price = new.monthly_price(c.traits)
    if price != old.monthly_price(c.traits):
        c.price_news = price
    close_store(firm, c, stores_open(old), stores_open(new))
    firm.switch_plan(c, new)
    firm.count(MOVED_TO_NEW_PRICES)


def close_store(firm: "Firm", c: "Customer", before: float, after: float) -> None:
    """Stores closing: a customer's own store is among them with the chance of the closures."""
    if after < before and firm.rng_for(c, "store_closure").random() < 1.0 - after / before:
        firm.count(STORE_CLOSURES)
        firm.experience(c, "store_closed")


def plan_kept(firm: "Firm", c: "Customer", offer: Pricing) -> Plan:
    """Where a customer who does nothing lands on `offer`: its plan's namesake, or the best plan."""
    same = [p for p in offer.plans if p.name and p.name == c.pricing.name]
    return same[0] if same else best_plan(offer, c.traits, firm.scenario)
