"""The world of one replication: customers, goodwill, word of mouth, catalogue and channels.

These are uncertainties (what the business does not control). Every default names its source
or says `assumption`; `policysim params` and docs/parameters.md list them.
"""

from __future__ import annotations

from pydantic import Field, model_validator

from sim.config.base import Strict, param, probability

FADER_HARDIE = "Fader & Hardie (2007) sBG heterogeneity; scaled to Netflix churn 4-7%/month"
BLOCKBUSTER_TERMS = "Blockbuster 2010 terms: $4.99 for 5 days, $1/day late up to 10 days"


class Segment(Strict):
    """One customer segment of the mixture; traits are drawn per customer at joining."""

    name: str = param("casual", "Segment label used in records and reports.")
    share: float = param(1.0, "Relative weight of the segment in the mixture.", gt=0.0)
    demand_mean: float = param(
        3.0, "Mean rentals wanted per month (gamma across customers: NBD heterogeneity).", gt=0.0
    )
    demand_shape: float = param(2.0, "Gamma shape of the demand rate across customers.", gt=0.0)
    keep_days_mean: float = param(
        4.5, "Mean natural keep time of a title, days (gamma per rental).", gt=0.0
    )
    keep_days_shape: float = param(1.6, "Gamma shape of the natural keep time per rental.", gt=0.0)
    price_sensitivity: float = param(
        1.0, "How strongly price above the reference lowers the join probability.", ge=0.0
    )
    complaint_propensity: float = probability(
        0.10, "Chance that a bad experience leads to a complaint."
    )
    churn_alpha: float = param(1.3, "Beta alpha of the baseline monthly churn probability.", FADER_HARDIE, gt=0.0)
    churn_beta: float = param(24.0, "Beta beta of the baseline monthly churn probability.", FADER_HARDIE, gt=0.0)


def default_segments() -> tuple[Segment, ...]:
    """Four segments named in DESIGN.md; their weights and traits are assumptions."""
    return (
        Segment(name="casual", share=0.45, demand_mean=2.0, keep_days_mean=5.0, price_sensitivity=1.0),
        Segment(name="enthusiast", share=0.20, demand_mean=6.0, keep_days_mean=3.5, price_sensitivity=0.5,
                churn_alpha=1.3, churn_beta=30.0),
        Segment(name="bargain_hunter", share=0.20, demand_mean=3.0, keep_days_mean=5.0, price_sensitivity=2.5,
                churn_alpha=1.3, churn_beta=20.0),
        Segment(name="demanding", share=0.15, demand_mean=3.5, keep_days_mean=4.5, price_sensitivity=1.2,
                complaint_propensity=0.35),
    )


class Customers(Strict):
    """Initial base, marketing arrivals and the join decision of prospects."""

    initial: int = param(800, "Customers active at day 0.", ge=0, le=1_000_000)
    marketing_prospects_per_month: float = param(
        90.0, "Poisson rate of prospects reached by marketing.", ge=0.0
    )
    marketing_cost_per_prospect: float = param(2.0, "Marketing spend per prospect reached.", ge=0.0)
    base_join_probability: float = probability(
        0.5, "Join probability of a prospect at the reference price and neutral reputation."
    )
    reference_monthly_price: float = param(
        20.0, "Monthly spend at which price sensitivity neither helps nor hurts joining.", gt=0.0
    )
    reputation_weight: float = param(
        1.0, "How strongly reputation moves the join probability (log-odds scale).", ge=0.0
    )
    segments: tuple[Segment, ...] = Field(
        default_factory=default_segments, min_length=1,
        description="Mixture of customer segments.",
        json_schema_extra={"source": "assumption"},
    )

    @model_validator(mode="after")
    def _unique_segment_names(self) -> "Customers":
        names = [s.name for s in self.segments]
        if len(set(names)) != len(names):
            raise ValueError(f"segment names must be unique, got {names}")
        return self


class Effects(Strict):
    """Goodwill moved by each experience (negative hurts). Units: one unit scales hazard by e^kappa."""

    stockout: float = param(-0.35, "Wanted title not on the shelf (or not shippable).")
    late_fee: float = param(-0.25, "A late fee paid (per fee, scaled by fee / rental fee, capped at 3x).")
    sale_conversion: float = param(-0.60, "A kept rental converted to a sale.")
    fee_waived: float = param(0.10, "A fee removed on request.")
    long_wait: float = param(-0.20, "A wait longer than the customer's tolerance.")
    friendly_visit: float = param(0.02, "A friendly visit.")
    pushy_visit: float = param(-0.15, "An upsell attempt.")
    buyers_remorse: float = param(-0.40, "Regret after an upsell.")
    postcard: float = param(0.10, "A birthday postcard.")
    discount: float = param(0.05, "Noticing a discount (scaled by price sensitivity).")
    fix_announced: float = param(0.15, "An announcement that the business fixed something.")
    complaint_granted: float = param(0.50, "A complaint granted.")
    complaint_refused_explained: float = param(0.10, "A complaint refused with a reason.")
    complaint_refused: float = param(-0.30, "A complaint refused without a reason.")
    billing_error: float = param(-0.30, "A billing error.")


class Goodwill(Strict):
    """The latent goodwill score and the monthly churn hazard it drives."""

    kappa: float = param(
        1.0, "Hazard sensitivity: churn = theta * exp(-kappa * (goodwill - reference)).", ge=0.0
    )
    reference: float = param(0.0, "Goodwill at which the hazard equals the baseline theta.")
    decay_days: float = param(60.0, "Time constant of the decay of goodwill toward baseline, days.", gt=0.0)
    reason_share: float = probability(
        0.5, "Share of the hazard experiences must cause for a churn to be attributed to them."
    )
    effects: Effects = Field(default_factory=Effects)


class WordOfMouth(Strict):
    """Referrals from happy customers and reputation lowered by unhappy leavers."""

    referral_threshold: float = param(
        -0.05, "Goodwill above which a customer refers prospects (0: no recent experiences)."
    )
    referrals_per_month: float = param(0.02, "Poisson rate of referrals from a happy customer.", ge=0.0)
    referral_join_boost: float = param(
        1.5, "Multiplier on the join probability of a referred prospect.", ge=0.0
    )
    unhappy_threshold: float = param(-0.3, "Goodwill below which a leaver counts as unhappy.")
    reputation_hit: float = param(0.01, "Reputation lost per unhappy leaver.", ge=0.0)
    reputation_recovery_days: float = param(
        120.0, "Time constant of reputation's recovery toward neutral (0), days.", gt=0.0
    )


class Catalogue(Strict):
    """Titles, their popularity and the copies the business buys."""

    titles: int = param(400, "Number of titles.", ge=1, le=1_000_000)
    zipf_exponent: float = param(0.8, "Popularity of the title of rank j is proportional to j^-s.", ge=0.0)
    min_copies: int = param(1, "Copies of every title at least.", ge=1)
    cost_per_copy: float = param(
        8.0, "Cost of one copy (late-1990s revenue-sharing deals cut it from about $65).", ge=0.0
    )
    sale_price: float = param(
        14.99, "Price of a copy when a kept rental converts to a sale.", "Blockbuster 2005 previously-viewed price (approx.)", ge=0.0
    )


class Store(Strict):
    """The store channel used by per-rental pricing."""

    substitute_probability: float = probability(0.4, "Chance to take another title after a stockout.")
    on_time_probability: float = probability(
        0.30, "Chance a customer whose natural keep time exceeds the due date returns on time "
        "when late fees are enforced.", "calibrated: late fees 12-20% of revenue (Blockbuster ~2000)",
    )
    overhead_per_month: float = param(4000.0, "Store rent and fixed running costs per month.", ge=0.0)


class Mail(Strict):
    """The mail channel used by subscriptions."""

    delay_days: float = param(2.0, "Days a disc spends in the mail each way.", gt=0.0)
    cost_per_shipment: float = param(0.80, "Postage and handling for one round trip.", "Netflix 2003 filings (approx.)", ge=0.0)
    overhead_per_month: float = param(2500.0, "Distribution centre running costs per month.", ge=0.0)
    max_pick_tries: int = param(5, "Titles tried before a shipment waits a day for stock.", ge=1)


class Scenario(Strict):
    """Everything about the world that a variant does not decide."""

    customers: Customers = Field(default_factory=Customers)
    goodwill: Goodwill = Field(default_factory=Goodwill)
    word_of_mouth: WordOfMouth = Field(default_factory=WordOfMouth)
    catalogue: Catalogue = Field(default_factory=Catalogue)
    store: Store = Field(default_factory=Store)
    mail: Mail = Field(default_factory=Mail)
