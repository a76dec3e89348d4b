"""Late-fee enforcement modes of per-rental pricing: how returns respond and what is charged.

Every mode draws the same random numbers per rental (natural keep time, then the compliance
draw), so switching modes changes return days only through the mode's own rule.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Callable

from sim.config.levers import PerRental

if TYPE_CHECKING:
    from sim.model.customer import Customer
    from sim.model.firm import Firm


class Enforcement:
    """Base mode: late fees are charged at return (a complaint may get them waived)."""

    name = "enforce"
    always_waive = False

    def __init__(self, cfg: PerRental) -> None:
        self.cfg = cfg
        self.limit = self.deadline()

    def deadline(self) -> float | None:
        """Days after renting by which a compliant customer returns (None: no deadline)."""
        return self.cfg.rental_days

    def keep_days(self, natural: float, comply_draw: float, on_time_probability: float) -> float:
        """How long the title stays at home, given the customer's natural keep time."""
        limit = self.limit
        if limit is None or natural <= limit or comply_draw >= on_time_probability:
            return natural
        return limit

    def late_fee(self, days_kept: float) -> float:
        """Late fee owed for keeping a title `days_kept` days."""
        late_days = math.ceil(days_kept - self.cfg.rental_days - 1e-9)
        return self.cfg.late_fee_per_day * min(max(late_days, 0), self.cfg.late_fee_cap_days)

    def settle(self, firm: "Firm", c: "Customer", title: int, days_kept: float) -> None:
        """Check the copy out until its return: an event only if a fee is due then."""
        late = days_kept > self.cfg.rental_days + 1e-9
        fee = self.late_fee(days_kept) if late else 0.0
        if fee <= 0:
            firm.lend(title, days_kept, late)
            return
        firm.catalogue.check_out(title)
        firm.after(days_kept, self.returned, firm, c, title, days_kept, fee)

    def returned(self, firm: "Firm", c: "Customer", title: int, days_kept: float, fee: float) -> None:
        """A late return: the fee, its sting, and maybe a complaint that gets it waived."""
        firm.late_return(title, days_kept)
        firm.experience(c, "late_fee", min(fee / max(self.cfg.rental_fee, 0.01), 3.0))
        if firm.bad_experience(c, "late_fee", business_fault=False, at_stake=fee,
                                always_grant=self.always_waive):
            firm.waive(c, fee)
        else:
            firm.charge(c, "late_fees", fee)


class WaiveOnRequest(Enforcement):
    """'The customer is always right': fees charged, removed for anyone who complains."""

    name = "waive_on_request"
    always_waive = True


class NoLateFees(Enforcement):
    """No late fees: keep it as long as you like."""

    name = "none"

    def deadline(self) -> float | None:
        return None

    def late_fee(self, days_kept: float) -> float:
        return 0.0


class ConvertToSale(Enforcement):
    """Blockbuster 2005: after the grace period the rental becomes a sale, credited if returned."""

    name = "convert_to_sale"

    def deadline(self) -> float:
        return self.cfg.rental_days + self.cfg.grace_days

    def late_fee(self, days_kept: float) -> float:
        return 0.0

    def settle(self, firm: "Firm", c: "Customer", title: int, days_kept: float) -> None:
        sale_day = self.deadline()  # the rental becomes a sale on its deadline
        if days_kept <= sale_day:
            super().settle(firm, c, title, days_kept)
            return
        firm.catalogue.check_out(title)
        firm.after(sale_day, self.sold, firm, c, title, sale_day, days_kept - sale_day)

    def sold(self, firm: "Firm", c: "Customer", title: int, sale_day: float, kept_after_sale: float) -> None:
        firm.sell_kept_copy(c, title, sale_day)
        if kept_after_sale <= self.cfg.refund_window_days:
            firm.after(kept_after_sale, self.credited, firm, c, title)

    def credited(self, firm: "Firm", c: "Customer", title: int) -> None:
        firm.buy_back(c, title, max(firm.sale_price - self.cfg.restocking_fee, 0.0))


ENFORCEMENT: dict[str, Callable[[PerRental], Enforcement]] = {
    mode.name: mode for mode in (Enforcement, WaiveOnRequest, NoLateFees, ConvertToSale)
}
