"""One ledger for every payment and cost, by category and month.

Revenue categories are net: a refund is booked against the stream it came from, and a waived fee
or a discount is never revenue. Money given back is a memo of what was not charged or was paid
back. Profit is revenue less costs, so the categories add up to the totals by construction.
"""

from __future__ import annotations

from sim.clock import MONTH, month_of

REVENUE = ("rental_fees", "late_fees", "subscriptions", "sales", "upsell", "merchandise")
GIVEN_BACK = ("fees_waived", "refunds", "discounts", "credits")
COSTS = (
    "copies", "shipping", "overhead", "marketing", "staff_wages", "hiring",
    "postcards", "surveys", "fixes", "content", "merchandise",
)


class Ledger:
    """Monthly sums per category; amounts are non-negative except refunds booked against revenue."""

    __slots__ = ("months", "revenue", "given_back", "costs")

    def __init__(self, months: int) -> None:
        self.months = months
        self.revenue = {name: [0.0] * months for name in REVENUE}
        self.given_back = {name: [0.0] * months for name in GIVEN_BACK}
        self.costs = {name: [0.0] * months for name in COSTS}

    def _slot(self, t: float) -> int:
        m = month_of(t)
        return m if m < self.months else self.months - 1

    def earn(self, t: float, stream: str, amount: float) -> None:
        """Money in (negative for a refund booked against the stream)."""
        m = int(t / MONTH + 1e-9)  # _slot and month_of written out: every charge passes here
        self.revenue[stream][m if m < self.months else self.months - 1] += amount

    def give_back(self, t: float, kind: str, amount: float) -> None:
        """Memo of money not charged (waived, discounted) or paid back (refunds, credits)."""
        if amount < 0:
            raise ValueError(f"given back must be non-negative, got {amount}")
        self.given_back[kind][self._slot(t)] += amount

    def spend(self, t: float, kind: str, amount: float) -> None:
        """Money out."""
        if amount < 0:
            raise ValueError(f"cost must be non-negative, got {amount}")
        self.costs[kind][self._slot(t)] += amount

    def refund(self, t: float, stream: str, amount: float, kind: str = "refunds") -> None:
        """Pay back revenue earned earlier: lowers the stream, shows under given back."""
        self.earn(t, stream, -amount)
        self.give_back(t, kind, amount)
