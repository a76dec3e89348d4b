"""What a variant decides: its levers. Each lever names a policy from a registry in sim/policies."""

from __future__ import annotations

from typing import Annotated, Literal, Union

from pydantic import Field, field_validator

from sim.config.base import Strict, param

BLOCKBUSTER_2010 = "Blockbuster 2010: new releases $4.99 for 5 days, $1/day late up to 10 days"
BLOCKBUSTER_2005 = "Blockbuster 2005 'End of Late Fees': one-week grace, then a sale; $1.25 restocking"
NETFLIX_2004 = "Netflix DVD era: $19.95/month, 3 titles at a time (until mid-2004)"

Enforcement = Literal["enforce", "none", "convert_to_sale", "waive_on_request"]


class PerRental(Strict):
    """Pay per title in the store, with a late-fee enforcement mode."""

    model: Literal["per_rental"] = "per_rental"
    rental_fee: float = param(4.99, "Fee per title rented.", BLOCKBUSTER_2010, ge=0.0)
    rental_days: float = param(5.0, "Rental period, days.", BLOCKBUSTER_2010, gt=0.0)
    late_fee_per_day: float = param(1.0, "Late fee per day past due.", BLOCKBUSTER_2010, ge=0.0)
    late_fee_cap_days: int = param(10, "Days of late fees charged at most.", BLOCKBUSTER_2010, ge=0)
    enforcement: Enforcement = param(
        "enforce",
        "enforce: fees charged; none: no late fees; convert_to_sale: sale after the grace period; "
        "waive_on_request: fees charged and removed for anyone who complains.",
    )
    grace_days: float = param(7.0, "convert_to_sale: days past due before the sale.", BLOCKBUSTER_2005, ge=0.0)
    refund_window_days: float = param(
        30.0, "convert_to_sale: days after the sale in which a return is credited.", BLOCKBUSTER_2005, ge=0.0
    )
    restocking_fee: float = param(1.25, "convert_to_sale: kept from the credit.", BLOCKBUSTER_2005, ge=0.0)
    copies_per_customer: float = param(
        0.9, "Copies bought at day 0 per initial customer, spread over titles by popularity.", gt=0.0
    )


class Subscription(Strict):
    """A flat monthly fee by mail, k titles at home, no late fees."""

    model: Literal["subscription"] = "subscription"
    monthly_fee: float = param(19.95, "Monthly fee.", NETFLIX_2004, ge=0.0)
    titles_at_home: int = param(3, "Titles out at a time (k).", NETFLIX_2004, ge=1, le=50)
    copies_per_customer: float = param(
        4.0, "Copies bought at day 0 per initial subscriber (k at home plus the mail pipeline).", gt=0.0
    )


Pricing = Annotated[Union[PerRental, Subscription], Field(discriminator="model")]


class Variant(Strict):
    """One named set of levers."""

    baseline: bool = param(False, "The variant others are compared against (exactly one).")
    description: str = param("", "What the variant stands for, shown in reports.")
    pricing: Pricing = Field(default_factory=PerRental)

    @field_validator("pricing", mode="before")
    @classmethod
    def _per_rental_by_default(cls, value: object) -> object:
        if isinstance(value, dict) and "model" not in value:
            return {"model": "per_rental", **value}
        return value
