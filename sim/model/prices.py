"""Reference prices: the monthly price a customer is used to, and how a price away from it feels.

A customer joins expecting the market's price and, month by month, gets used to what its plan
costs (exponential smoothing). Within a latitude around the reference a price is not felt; beyond
it a rise is a loss and a cut a gain, losses weighing `loss_aversion` times more (prospect
theory's value function, linear on each side). The lasting gap is the customer's goodwill
baseline (value for money) when it is a loss; a change, up or down, is felt once more, as an
experience, when it is announced
and when it is first billed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sim.config.scenario import ReferencePrices

if TYPE_CHECKING:
    from sim.model.customer import Customer


def felt(price: float, reference: float, cfg: ReferencePrices) -> float:
    """The gain (positive) or loss (negative) of paying `price` against `reference`."""
    gap = price / reference - 1.0
    if gap > cfg.latitude:
        return -cfg.loss_aversion * (gap - cfg.latitude)
    if gap < -cfg.latitude:
        return -gap - cfg.latitude
    return 0.0


def value_for_money(c: "Customer", price: float, cfg: ReferencePrices) -> float:
    """The goodwill baseline of a customer paying `price` a month against its reference: a price
    above what it is used to keeps weighing on it; a bargain is no lasting bonus (as the earlier
    over-price baseline, so customers of a cheap plan are not made more loyal than the sBG says)."""
    return cfg.value_goodwill * c.traits.price_sensitivity * min(felt(price, c.reference_price, cfg), 0.0)


def change_felt(c: "Customer", price: float, cfg: ReferencePrices) -> float:
    """Goodwill moved by hearing of (or first paying) a new monthly price."""
    return cfg.change_goodwill * c.traits.price_sensitivity * felt(price, c.reference_price, cfg)


def get_used_to(c: "Customer", price: float, cfg: ReferencePrices) -> None:
    """A month at `price`: the reference moves toward it, and the baseline follows."""
    c.reference_price = cfg.memory * c.reference_price + (1.0 - cfg.memory) * price
    c.goodwill.baseline = value_for_money(c, price, cfg)
