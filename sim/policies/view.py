"""The firm as a tactic sees it: what a retention, sales, complaint or feedback tactic may touch.

Tactics act on the firm they belong to through this interface (charge, count, experience,
schedule, and the few parts of the firm a tactic reads or changes), never by importing the
model: sim.model.firm.Firm is the one implementation, and it uses the tactics, not the other
way round (tests/policies/test_direction.py).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from sim.config.levers import Variant
    from sim.config.scenario import Scenario
    from sim.model.customer import Customer


class FirmView(Protocol):
    """One business, as its tactics use it."""

    env: Any  # its calendar: now, process, timeout
    scenario: Scenario
    variant: Variant
    streams: Any
    staff: Any
    ledger: Any
    catalogue: Any
    pricing: Any
    retention: Any
    feedback: Any
    effects: dict[str, float]
    customers: list[Customer]

    def charge(self, c: Customer, stream: str, amount: float) -> float:
        """Charge a customer (a discount applies); returns what was charged."""

    def spend(self, kind: str, amount: float) -> None:
        """A cost of the business."""

    def count(self, name: str, n: float = 1.0) -> None:
        """Add to a monthly counter (names: sim.counter_names)."""

    def experience(self, c: Customer, kind: str, scale: float = 1.0) -> None:
        """Move a customer's goodwill by an experience's configured effect."""

    def bad_experience(self, c: Customer, kind: str, business_fault: bool, at_stake: float,
                       always_grant: bool = False) -> bool:
        """Maybe a complaint: True if `at_stake` is to be given back."""

    def after(self, delay: float, action: Callable[..., None], *args: Any) -> None:
        """Schedule `action(*args)` after `delay` days."""

    def rng_for(self, c: Customer, purpose: str) -> Any:
        """A customer's random stream for one purpose."""

    def pricing_for(self, cfg: Any) -> Any:
        """The pricing of a pricing lever."""

    def offer(self, pricing: Any) -> None:
        """New terms for new customers from now on."""
