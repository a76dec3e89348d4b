"""What a variant decides: its levers. Each lever names a policy from a registry in sim/policies."""

from __future__ import annotations

from typing import Annotated, Any, Literal, Union

from pydantic import Field, field_validator

from sim.config.base import CHARGE_MAX, DAYS_MAX, MONTHLY_MAX, ONE_OFF_MAX, Strict, goodwill_param, param
from sim.config.timeline import Change

BLOCKBUSTER_2010 = "Blockbuster 2010: new releases $4.99 for 5 days, $1/day late up to 10 days"
BLOCKBUSTER_2005 = "Blockbuster 2005 'End of Late Fees': one-week grace, then a sale; $1.25 restocking"
NETFLIX_2004 = "Netflix DVD era: $19.95/month, 3 titles at a time (until mid-2004)"
NETFLIX_2011 = "Netflix US plans 2010-2011: streaming only $7.99; 1 DVD out + streaming $9.99"

Enforcement = Literal["enforce", "none", "convert_to_sale", "waive_on_request"]


class PerRental(Strict):
    """Pay per title in the store, with a late-fee enforcement mode."""

    model: Literal["per_rental"] = "per_rental"
    rental_fee: float = param(4.99, "Fee per title rented.", BLOCKBUSTER_2010, ge=0.0, le=CHARGE_MAX)
    rental_days: float = param(5.0, "Rental period, days.", BLOCKBUSTER_2010, ge=0.1, le=365.0)
    late_fee_per_day: float = param(1.0, "Late fee per day past due.", BLOCKBUSTER_2010, ge=0.0,
                                     le=CHARGE_MAX)
    late_fee_cap_days: int = param(10, "Days of late fees charged at most.", BLOCKBUSTER_2010, ge=0, le=365)
    enforcement: Enforcement = param(
        "enforce",
        "enforce: fees charged; none: no late fees; convert_to_sale: sale after the grace period; "
        "waive_on_request: fees charged and removed for anyone who complains.",
    )
    grace_days: float = param(7.0, "convert_to_sale: days past due before the sale.", BLOCKBUSTER_2005,
                               ge=0.0, le=365.0)
    refund_window_days: float = param(
        30.0, "convert_to_sale: days after the sale in which a return is credited.", BLOCKBUSTER_2005, ge=0.0,
        le=365.0,
    )
    restocking_fee: float = param(1.25, "convert_to_sale: kept from the credit.", BLOCKBUSTER_2005, ge=0.0,
                                   le=CHARGE_MAX)
    copies_per_customer: float = param(
        0.9, "Copies bought at day 0 per initial customer, spread over titles by popularity.", gt=0.0, le=1_000.0
    )
    stores_open: float = param(
        1.0, "Share of the chain's stores (scenario.store.stores) open. Store closures are a dated change "
        "lowering it: the store overhead and store staff fall in proportion, a prospect finds a store near "
        "it that much less often, and a customer whose store closes (each with the chance of the closures) "
        "feels it (effects.store_closed).",
        gt=0.0, le=1.0)


class Subscription(Strict):
    """A flat monthly fee by mail, k titles at home, no late fees."""

    model: Literal["subscription"] = "subscription"
    monthly_fee: float = param(19.95, "Monthly fee.", NETFLIX_2004, ge=0.0, le=MONTHLY_MAX)
    titles_at_home: int = param(3, "Titles out at a time (k).", NETFLIX_2004, ge=1, le=50)
    copies_per_customer: float = param(
        4.0, "Copies bought at day 0 per initial subscriber (k at home plus the mail pipeline).", gt=0.0, le=1_000.0
    )


class Streaming(Strict):
    """Titles watched at once over the internet: no copies, no mail; a content licence per
    subscriber-month (scenario.streaming)."""

    model: Literal["streaming"] = "streaming"
    monthly_fee: float = param(7.99, "Monthly fee.", NETFLIX_2011, ge=0.0, le=MONTHLY_MAX)
    copies_per_customer: float = param(0.5, "Copies bought at day 0 per initial customer (none are needed to "
                                            "stream; a few keep the catalogue for other plans).", gt=0.0, le=1_000.0)


class Hybrid(Subscription):
    """k titles by mail and streaming as well, for one monthly fee."""

    model: Literal["hybrid"] = "hybrid"  # type: ignore[assignment]
    monthly_fee: float = param(9.99, "Monthly fee.", NETFLIX_2011, ge=0.0, le=MONTHLY_MAX)
    titles_at_home: int = param(1, "Titles out at a time by mail (k).", NETFLIX_2011, ge=1, le=50)


Plan = Annotated[Union[PerRental, Subscription, Streaming, Hybrid], Field(discriminator="model")]
PLAN_NAME = r"^[A-Za-z0-9_][A-Za-z0-9_-]*$"


class Menu(Strict):
    """Several plans offered at once; each customer takes the plan that suits it best (its demand,
    the plan's capacity and price, its price sensitivity) and re-chooses when prices change or it
    is unhappy: an upgrade, a downgrade, or no move."""

    model: Literal["menu"] = "menu"
    plans: dict[str, Plan] = Field(
        min_length=1, description="Plans by name, each a pricing model of its own (per_rental, subscription, "
        "streaming, hybrid); change one by 'pricing.plans.NAME.monthly_fee'.")

    @field_validator("plans")
    @classmethod
    def _plan_names(cls, plans: dict[str, Any]) -> dict[str, Any]:
        import re
        bad = [n for n in plans if not re.match(PLAN_NAME, n) or len(n) > 64]
        if bad:
            raise ValueError(f"plan names must be letters, digits, '_' or '-' (at most 64): {bad}")
        return plans

    @field_validator("plans", mode="before")
    @classmethod
    def _per_rental_by_default(cls, plans: Any) -> Any:
        if isinstance(plans, dict):
            return {n: ({"model": "per_rental", **p} if isinstance(p, dict) and "model" not in p else p)
                    for n, p in plans.items()}
        return plans

    @property
    def copies_per_customer(self) -> float:
        return max(p.copies_per_customer for p in self.plans.values())


Pricing = Annotated[Union[PerRental, Subscription, Streaming, Hybrid, Menu], Field(discriminator="model")]

Tactic = Literal["none", "postcard", "discount"]
SalesStyle = Literal["friendly", "aggressive"]
Fix = Literal["more_copies", "lower_late_fee", "staff_training", "lower_price"]
FIXES: tuple[str, ...] = ("more_copies", "lower_late_fee", "staff_training", "lower_price")


class Retention(Strict):
    """A retention tactic: nothing, a birthday postcard, or a discount on every charge."""

    tactic: Tactic = param("none", "none, postcard (a card on each birthday) or discount (off every charge).")
    targeted: bool = param(False, "Only for customers whose goodwill is below `goodwill_threshold`.")
    goodwill_threshold: float = goodwill_param(
        -0.3, "targeted: goodwill below which a customer gets the tactic (same as the unhappy threshold)."
    )
    postcard_cost: float = param(1.50, "Cost of one birthday card, printed and posted.", ge=0.0, le=CHARGE_MAX)
    discount_percent: float = param(1.0, "Percent off every charge (discount tactic).", ge=0.0, lt=100.0)


class Sales(Strict):
    """How staff sell in the store (the mail channel has no visits to sell at)."""

    style: SalesStyle = param(
        "friendly", "friendly: a greeting, then left alone; aggressive: an upsell attempt at every visit."
    )


class Feedback(Strict):
    """Exit surveys of lost customers and prospects, and a fix of the most reported reason."""

    enabled: bool = param(False, "Run exit surveys and fix the most reported reason each review period.")
    review_days: float = param(365.0 / 4, "Days between reviews of the survey answers (a quarter).", ge=1.0,
                               le=DAYS_MAX)
    menu: tuple[Fix, ...] = param(FIXES, "Fixes the business is willing to make.")
    cost_per_answer: float = param(5.0, "Cost of one completed exit survey (incentive and handling).", ge=0.0,
                                   le=CHARGE_MAX)
    copies_added: int = param(40, "more_copies: copies bought of the most wanted titles.", ge=0, le=100_000)
    copies_fix_cost: float = param(0.0, "more_copies: cost on top of the copies' price.", ge=0.0,
                                   le=ONE_OFF_MAX)
    late_fee_cut: float = param(0.5, "lower_late_fee: fraction cut from the late fee per day.", ge=0.0, le=1.0)
    late_fee_fix_cost: float = param(300.0, "lower_late_fee: one-off cost (systems, signs).", ge=0.0,
                                     le=ONE_OFF_MAX)
    training_effect: float = param(
        0.3, "staff_training: fraction by which staff-made bad experiences hurt less.", ge=0.0, le=1.0
    )
    training_cost: float = param(3000.0, "staff_training: one-off cost of the training.", ge=0.0,
                                  le=ONE_OFF_MAX)
    price_cut: float = param(0.05, "lower_price: fraction cut from the rental or monthly fee.", ge=0.0, lt=1.0)
    price_fix_cost: float = param(300.0, "lower_price: one-off cost (systems, signs).", ge=0.0, le=ONE_OFF_MAX)


ComplaintPolicyName = Literal["always_right", "fair", "strict"]


class ComplaintHandling(Strict):
    """How the business answers complaints (a policy in sim/policies/complaints.py)."""

    policy: ComplaintPolicyName = param(
        "fair",
        "always_right: grant every demand at once; fair: grant what was the business's fault and explain "
        "the rest; strict: refuse everything without explanation.",
    )
    first_contact_resolution: float = param(
        0.6, "fair: share of complaints settled at first contact; the rest wait for a manager's call.",
        ge=0.0, le=1.0,
    )


class Variant(Strict):
    """One named set of levers."""

    baseline: bool = param(False, "The variant others are compared against (exactly one).")
    description: str = param("", "What the variant stands for, shown in reports.")
    group: str = param("", "Plots of a study with many variants draw each group in a panel of its own "
                           "(default: variants that differ in one lever only). Presentation only: not in "
                           "the config hash.", max_length=40, exclude=True)
    pricing: Pricing = Field(default_factory=PerRental)
    retention: Retention = Field(default_factory=Retention)
    sales: Sales = Field(default_factory=Sales)
    feedback: Feedback = Field(default_factory=Feedback)
    complaints: ComplaintHandling = Field(default_factory=ComplaintHandling)
    changes: tuple[Change, ...] = Field(
        default=(), description="Dated changes of these levers during the run (sim/config/timeline.py).")

    @field_validator("pricing", mode="before")
    @classmethod
    def _per_rental_by_default(cls, value: object) -> object:
        if isinstance(value, dict) and "model" not in value:
            return {"model": "per_rental", **value}
        return value
