"""The world of one replication: customers, goodwill, word of mouth, catalogue and channels.

These are uncertainties (what the business does not control). Every default names its source
or says `assumption`; `policysim params` and docs/parameters.md list them.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator, model_validator

from sim.config.market import HISTORY, MarketConfig, Rival
from sim.config.base import (
    CHARGE_MAX, DAYS_MAX, GOODWILL_LIMIT, MONTHLY_MAX, ONE_OFF_MAX, OVERHEAD_MAX, Name, Strict, goodwill_param, param,
    probability,
)

FIRMS_RESERVED = ("ours", "none")
MAX_RIVALS = 20  # each is a whole business simulated beside ours
FADER_HARDIE = ("Fader & Hardie (2007) sBG heterogeneity; calibrated: the headline study's subscription churns "
                "4.8% a month (target 4-7%; Netflix 2003-2005 4.3-5.6%) with a running business at day 0")
BLOCKBUSTER_TERMS = "Blockbuster 2010 terms: $4.99 for 5 days, $1/day late up to 10 days"


class Segment(Strict):
    """One customer segment of the mixture; traits are drawn per customer at joining."""

    name: Name = param("casual", "Segment label used in records and reports.")
    share: float = param(1.0, "Relative weight of the segment in the mixture.", gt=0.0, le=1_000.0)
    demand_mean: float = param(
        3.0, "Mean rentals wanted per month (gamma across customers: NBD heterogeneity).", gt=0.0, le=100.0
    )
    demand_shape: float = param(2.0, "Gamma shape of the demand rate across customers.", ge=0.1, le=1_000.0)
    keep_days_mean: float = param(
        4.5, "Mean natural keep time of a title, days (gamma per rental).", ge=0.1, le=365.0
    )
    keep_days_shape: float = param(1.6, "Gamma shape of the natural keep time per rental.", ge=0.1, le=1_000.0)
    price_sensitivity: float = param(
        1.0, "How strongly price above the reference lowers the join probability.", ge=0.0, le=20.0
    )
    complaint_propensity: float = probability(
        0.10, "Chance that a bad experience leads to a complaint."
    )
    churn_alpha: float = param(1.3, "Beta alpha of the baseline monthly churn probability.", FADER_HARDIE, gt=0.0,
                              le=1e7)
    churn_beta: float = param(14.4, "Beta beta of the baseline monthly churn probability.", FADER_HARDIE, gt=0.0,
                             le=1e7)


def default_segments() -> tuple[Segment, ...]:
    """Four segments named in docs/design.md; their weights and traits are assumptions."""
    return (
        Segment(name="casual", share=0.45, demand_mean=2.0, keep_days_mean=8.0, price_sensitivity=1.0),
        Segment(name="enthusiast", share=0.20, demand_mean=6.0, keep_days_mean=5.5, price_sensitivity=0.5,
                churn_alpha=1.3, churn_beta=18.0),
        Segment(name="bargain_hunter", share=0.20, demand_mean=3.0, keep_days_mean=7.0, price_sensitivity=2.5,
                churn_alpha=1.3, churn_beta=12.0),
        Segment(name="demanding", share=0.15, demand_mean=3.5, keep_days_mean=7.0, price_sensitivity=1.2,
                complaint_propensity=0.35),
    )


class Customers(Strict):
    """Initial base, marketing arrivals and the join decision of prospects."""

    initial: int = param(800, "Customers active at day 0.", ge=0, le=1_000_000)
    initial_base: Literal["steady", "fresh"] = param(
        "steady", "steady: the day-0 customers are survivors of a pre-history run under the variant's day-0 "
        "levers, with their tenure, goodwill and learned complaint propensity, and reputation starts where the "
        "pre-history left it (a business already running); fresh: new customers with no history, as prospects "
        "who all joined at day 0 (a cohort, e.g. for the sBG survival check).",
    )
    prehistory_years: float = param(
        3.0, "steady: years of the pre-history run (long enough for reputation and the survivors' mix to settle).",
        gt=0.0, le=30.0,
    )
    prehistory_max_customers: int = param(
        5000, "steady: the pre-history runs at most this many initial customers; a larger base runs it scaled "
        "down (marketing, staff and titles alike) and draws the day-0 customers with replacement.",
        ge=1, le=1_000_000,
    )
    marketing_prospects_per_month: float = param(
        90.0, "Poisson rate of prospects reached by marketing.", ge=0.0, le=1_000_000.0
    )
    marketing_cost_per_prospect: float = param(
        2.0, "Marketing spend per prospect reached.", ge=0.0, le=CHARGE_MAX
    )
    base_join_probability: float = probability(
        0.5, "Join probability of a prospect at the reference price and neutral reputation."
    )
    reference_monthly_price: float = param(
        20.0, "Monthly price prospects expect in the market: joining is less likely above it, and a new "
        "customer's reference price starts here.", ge=0.01, le=MONTHLY_MAX
    )
    price_sensitivity_scale: float = param(
        1.0, "Every segment's price sensitivity times this: how strongly price weighs with every prospect and "
        "customer, the one price weight the behaviour's joint fit moves (policysim calibrate behaviour).",
        ge=0.0, le=20.0,
    )
    reputation_weight: float = param(
        1.0, "How strongly reputation moves the join probability (log-odds scale).", ge=0.0, le=20.0
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


KAHNEMAN_TVERSKY = "loss aversion 2.25 (Kahneman & Tversky 1992); about 2 in brand-choice data"
SMOOTHING = "memory-based reference prices by exponential smoothing (Kalyanaram & Winer 1995; Mazumdar et al. 2005)"
LATITUDE = "latitude of price acceptance (Kalyanaram & Little 1994)"
NETFLIX_2011_CASE = ("calibrated by hand to the Netflix 2011 case (subscribers -3.3% net in the quarter of the "
                     "+60% change, DVD subscribers -20% the next; policysim validate): the model gives -3.6% and -23%")


class ReferencePrices(Strict):
    """The monthly price each customer is used to, and how a price away from it is felt.

    A customer joins expecting the market's price (`customers.reference_monthly_price`); each month
    its reference moves toward the monthly price of its plan. A price beyond the latitude above
    the reference is a loss, beyond it below a gain; losses weigh `loss_aversion` times more.
    """

    memory: float = probability(
        0.8, "Share of last month's reference price kept each month (the rest moves to the price paid).", SMOOTHING,
    )
    loss_aversion: float = param(2.0, "How much more a price above the reference hurts than one below pleases.",
                                 KAHNEMAN_TVERSKY, ge=1.0, le=10.0)
    latitude: float = param(0.05, "Relative distance from the reference within which a price is not felt.",
                            LATITUDE, ge=0.0, le=1.0)
    value_goodwill: float = param(
        0.75, "Lasting goodwill per unit of felt relative price gap, times price sensitivity (with loss "
        "aversion 2, 1.5 per unit of overprice: the earlier fixed over-price baseline).", ge=0.0, le=20.0,
    )
    change_goodwill: float = param(
        0.42, "Goodwill moved at a price change's announcement and again at its first bill, per unit of felt "
        "relative change, times price sensitivity (decays like any experience).", NETFLIX_2011_CASE,
        ge=0.0, le=20.0,
    )


class Effects(Strict):
    """Goodwill moved by each experience (negative hurts). Units: one unit scales hazard by e^kappa."""

    stockout: float = goodwill_param(-0.35, "Wanted title not on the shelf (or not shippable).")
    late_fee: float = goodwill_param(-0.25, "A late fee paid (per fee, scaled by fee / rental fee, capped at 3x).")
    sale_conversion: float = goodwill_param(-0.60, "A kept rental converted to a sale.")
    fee_waived: float = goodwill_param(0.10, "A fee removed on request.")
    long_wait: float = goodwill_param(-0.20, "A wait longer than the customer's tolerance.")
    friendly_visit: float = goodwill_param(0.02, "A friendly visit.")
    pushy_visit: float = goodwill_param(-0.15, "An upsell attempt.")
    buyers_remorse: float = goodwill_param(-0.40, "Regret after an upsell.")
    postcard: float = goodwill_param(0.10, "A birthday postcard.")
    discount: float = goodwill_param(
        0.05, "Feeling a discount, each month it is given (scaled by price sensitivity x percent off)."
    )
    fix_announced: float = goodwill_param(0.15, "An announcement that the business fixed something.")
    complaint_granted: float = goodwill_param(
        0.50, "A complaint granted: wins back up to this much of what that kind of experience cost lately."
    )
    complaint_refused_explained: float = goodwill_param(0.10, "A complaint refused with a reason.")
    complaint_refused: float = goodwill_param(-0.30, "A complaint refused without a reason.")
    billing_error: float = goodwill_param(-0.30, "A billing error.")
    store_closed: float = goodwill_param(-1.0, "The customer's store closed (pricing.stores_open lowered).")
    unfriendly_visit: float = goodwill_param(
        -0.10, "A visit served by staff at zero morale (scaled toward 0 at low_morale).")


class GoodwillConfig(Strict):
    """The latent goodwill score and the monthly churn hazard it drives."""

    kappa: float = param(
        1.0, "Hazard sensitivity: churn = theta * exp(-kappa * (goodwill - reference)).", ge=0.0, le=20.0
    )
    reference: float = goodwill_param(0.0, "Goodwill at which the hazard equals the baseline theta.")
    decay_days: float = param(
        60.0, "Time constant of the decay of goodwill toward baseline, days.", gt=0.0, le=DAYS_MAX
    )
    reason_share: float = probability(
        0.5, "Share of the hazard experiences must cause for a churn to be attributed to them."
    )
    effects: Effects = Field(default_factory=Effects)


class WordOfMouth(Strict):
    """Referrals from happy customers and reputation lowered by unhappy leavers."""

    referral_threshold: float = goodwill_param(
        -0.05, "Goodwill above which a customer refers prospects (0: no recent experiences)."
    )
    referrals_per_month: float = param(
        0.02, "Poisson rate of referrals from a happy customer.", ge=0.0, le=1.0
    )
    referral_join_boost: float = param(
        1.5, "Multiplier on the join probability of a referred prospect.", ge=0.0, le=100.0
    )
    unhappy_threshold: float = goodwill_param(-0.3, "Goodwill below which a leaver counts as unhappy.")
    reputation_hit: float = param(
        0.09, "Reputation lost when 1% of the active customers leave unhappy for the service (any reason but "
        "price; scales with the base).", ge=0.0, le=GOODWILL_LIMIT,
    )
    price_reputation_hit: float = param(
        0.06, "Reputation lost when 1% of the active customers leave unhappy over the price (its worst "
        "experience `price` or `price_change`): a leaver who found it dear warns prospects less than one "
        "treated badly.",
        "assumption: two thirds of reputation_hit, to be calibrated to the documented price cases (issue 29); "
        "a third moved the Netflix 2011 case out of its interval",
        ge=0.0, le=GOODWILL_LIMIT,
    )
    reputation_recovery_days: float = param(
        120.0, "Time constant of reputation's recovery toward neutral (0), days.", gt=0.0, le=DAYS_MAX
    )


class CatalogueConfig(Strict):
    """Titles, their popularity and the copies the business buys."""

    titles: int = param(400, "Number of titles.", ge=1, le=1_000_000)
    zipf_exponent: float = param(0.8, "Popularity of the title of rank j is proportional to j^-s.", ge=0.0,
                                  le=10.0)
    min_copies: int = param(1, "Copies of every title at least.", ge=1, le=1_000)
    cost_per_copy: float = param(
        8.0, "Cost of one copy (late-1990s revenue-sharing deals cut it from about $65).", ge=0.0, le=CHARGE_MAX
    )
    sale_price: float = param(
        14.99, "Price of a copy when a kept rental converts to a sale.",
        "Blockbuster 2005 previously-viewed price (approx.)", ge=0.0, le=CHARGE_MAX,
    )
    ranks_per_title: float = param(
        1.0, "Popularity ranks one title stands for (their Zipf weights summed). 1 for a real catalogue; "
        "a miniature of the business (quick mode) has a quarter of the titles standing for four ranks "
        "each, so copies and demand per title, and stockouts, stay those of the full catalogue.",
        gt=0.0, le=1000.0,
    )
    restock_monthly: bool = param(
        False, "Each business buys copies at each month start to keep copies_per_customer per active customer "
        "(a business that grows keeps its shelves; an entrant opening with few customers needs it). Off: copies "
        "are bought at opening, by price changes and by fixes only.")


class Store(Strict):
    """The store channel used by per-rental pricing."""

    substitute_probability: float = probability(0.4, "Chance to take another title after a stockout.")
    on_time_probability: float = probability(
        0.65, "Chance a customer whose natural keep time exceeds the due date returns on time "
        "when late fees are enforced.", "calibrated: late fees 12-20% of revenue (Blockbuster ~2000)",
    )
    stores: float = param(
        1.0, "Stores in the chain when all are open, in the simulated business's units: a real chain's count "
        "divided by experiment.scale (one simulated household standing for `scale` real ones), so it may be a "
        "fraction. Store overhead and store staff are paid per store open; a plan's `stores_open` is the share "
        "of them open.", "configs/history_blockbuster_netflix.toml sets 0.36: Blockbuster's ~9,000 stores worldwide "
        "at the end of 2004 (Blockbuster 10-K 2004) / 25,000", gt=0.0, le=1e6)
    overhead_per_month: float = param(
        4000.0, "Rent and fixed running costs of one store open, per month.", ge=0.0, le=OVERHEAD_MAX
    )
    merchandise_per_visit: float = param(
        0.0, "Merchandise (snacks, games, previously viewed titles) a store visitor buys on average besides "
        "its rental, booked as revenue `merchandise`; 0: the store sells only rentals.",
        HISTORY.format("2.8", "Blockbuster's 2004 revenue, about $6.05B"), ge=0.0, le=CHARGE_MAX)
    merchandise_cost_share: float = probability(
        0.75, "Share of merchandise revenue paid for the goods sold (cost `merchandise`).")


class Mail(Strict):
    """The mail channel used by subscriptions."""

    delay_days: float = param(2.0, "Days a disc spends in the mail each way.", ge=0.1, le=60.0)
    cost_per_shipment: float = param(
        1.60, "Postage both ways, handling and disc wear per shipment.",
        "approx.: Netflix 2004 cost of subscription ~54% of revenue at ~5 discs a month", ge=0.0,
        le=CHARGE_MAX,
    )
    overhead_per_subscriber_month: float = param(
        3.0, "Distribution centre, customer service and systems per subscriber by mail and month (was a fixed "
        "2,500 a month: about this at the headline's 800 subscribers), so the mail's running costs grow with "
        "its subscribers.", HISTORY.format("7.2", "Netflix's 2004 net income, about $21.6M"), ge=0.0,
        le=CHARGE_MAX
    )
    max_pick_tries: int = param(5, "Titles tried before a shipment waits a day for stock.", ge=1, le=1_000)


class StreamingConfig(Strict):
    """Streaming plans: titles watched at once, paid for by licence rather than copies."""

    catalogue_share: float = probability(
        0.5, "Share of the titles a customer wants that it finds to stream (the 2011 streaming library was "
        "far smaller than the DVD one).")
    licence_per_subscriber_month: float = param(
        2.0, "Content licence cost per streaming subscriber and month.", ge=0.0, le=1000.0)
    content_cost_per_month: float = param(
        1000.0, "Fixed monthly content cost while anyone streams.", ge=0.0, le=1e9)


class PlanChoice(Strict):
    """How a customer picks among a menu's plans: titles it gets a month, worth `title_value` each,
    less the monthly price times its price sensitivity; the best plan it knows of wins. A plan
    launched during the run is learned of month by month; a customer reconsiders now and then and
    moves only for a gain above the migration cost."""

    title_value: float = param(
        3.0, "What one title a month is worth to a customer choosing a plan (in money).", ge=0.0, le=1000.0)
    streaming_convenience: float = param(
        2.0, "What watching at once, without waiting for the mail, is worth a month to a customer (in money), "
        "on top of the titles a streaming plan brings.", NETFLIX_2011_CASE, ge=0.0, le=1000.0)
    mail_turn_days: float = param(
        12.0, "Days one title by mail takes from shipment to the next (keep time plus two mail legs): "
        "a k-title plan brings about k x 30 / this titles a month.", gt=0.0, le=365.0)
    launch_awareness: float = probability(
        0.0, "Share of households who know of a plan when it is launched during the run (plans offered when "
        "the firm opens are known to all; a customer told of a new price for its plan hears of the new menu).")
    awareness_per_month: float = probability(
        0.025, "Share of the households who do not know of a launched plan that the firm's marketing to its own "
        "customers tells each month (word of mouth adds scenario.market.choice.awareness_word_of_mouth times "
        "the plan's share of the market's customers).",
        "calibrated: Blockbuster Online about 0.5M subscribers at the end of 2004, about 100,000 sign-ups a month "
        "from its August 2004 launch (configs/history_blockbuster_netflix.toml sets 0.02: 0.52M, 3 replications)")
    reconsider_probability: float = probability(
        0.083, "Chance that a customer looks at its firm's plans again at a monthly review although it is not "
        "unhappy (0.083: about once a year).")
    migration_cost: float = param(
        1.0, "What moving to another plan of its firm costs a customer, in money a month of the plans' "
        "suitability: it moves only if the other plan suits it better by more than this.", ge=0.0, le=1000.0)


class Upselling(Strict):
    """How customers respond to an upsell attempt (aggressive selling in the store)."""

    success_probability: float = probability(0.25, "Chance an upsell attempt sells something.")
    price: float = param(3.0, "Revenue of one successful upsell (snacks, a previously viewed title).", ge=0.0,
                         le=CHARGE_MAX)
    remorse_probability: float = probability(0.3, "Share of successful upsells that end in buyer's remorse.")
    remorse_delay_days: float = param(3.0, "Days from the sale to the refund and the regret.", ge=0.0, le=365.0)
    remorse_visit_factor: float = param(
        0.8, "Visit rate multiplier while the regret lasts (1: no fewer visits).", gt=0.0, le=1.0
    )
    remorse_days: float = param(30.0, "How long a customer with remorse visits less, days.", ge=0.0, le=3_650.0)


class ExitSurveysConfig(Strict):
    """Who answers an exit survey (only when a variant runs the feedback programme)."""

    churned_response_rate: float = probability(0.25, "Share of churned customers who answer.")
    prospect_response_rate: float = probability(0.10, "Share of prospects who did not join who answer.")


DESIGN_HANDLE = "docs/design.md: complaint calls take 10-20 minutes"
TARP = "calibrated to TARP small-loss loyalty 37/46/70/95% (tests/validation/test_tarp.py)"


class StaffConfig(Strict):
    """Staff at the desk: they serve store checkouts and complaints (in the store or by phone)."""

    on_shift: int = param(1, "Staff on shift in opening hours: the servers of the desk queue.", ge=1, le=1000)
    opening_hour: float = param(10.0, "Hour of the day the desk opens.", ge=0.0, lt=24.0)
    open_hours: float = param(12.0, "Hours open a day; visits and calls arrive within them.", gt=0.0, le=24.0)
    wage_per_hour: float = param(7.50, "Wage of one staff member per shift hour.", ge=0.0, le=CHARGE_MAX)
    checkout_minutes: float = param(3.0, "Mean checkout time, minutes.", gt=0.0, le=240.0)
    checkout_sigma: float = param(0.5, "Lognormal sigma of checkout times.", ge=0.0, le=3.0)
    complaint_minutes: float = param(15.0, "Mean complaint handle time, minutes.", DESIGN_HANDLE, gt=0.0,
                                     le=480.0)
    complaint_sigma: float = param(
        0.27, "Lognormal sigma of complaint handle times (80% of calls within 10-20 minutes).", DESIGN_HANDLE,
        ge=0.0, le=3.0,
    )
    distribution: Literal["lognormal", "exponential"] = param(
        "lognormal", "Handle-time distribution (exponential, with the same means, for queueing checks)."
    )
    wait_tolerance_minutes: float = param(
        10.0, "Mean patience of a customer (exponential per visit or call); a longer wait is a bad experience "
        "(1e9 switches long waits off).", gt=0.0, le=1e9,
    )
    give_up_factor: float = param(
        3.0, "A customer leaves the queue unserved after waiting this many times its patience.", ge=1.0, le=100.0
    )
    hostile_morale_hit: float = probability(
        0.25, "Morale (0-1) a staff member loses per hostile complaint.",
        "docs/design.md: two angry 10-20 minute calls can ruin a day",
    )
    overnight_recovery: float = probability(0.7, "Share of the morale lost during a day that comes back overnight.")
    low_morale: float = probability(0.5, "Morale below which service is unfriendly.")
    slowdown: float = param(0.5, "Extra handle time at zero morale: x (1 + slowdown * (1 - morale)).", ge=0.0,
                             le=10.0)
    quits_per_year: float = param(0.6, "Departures per staff position per year at full morale.", ge=0.0, le=52.0)
    quit_morale_sensitivity: float = param(
        3.0, "Quit hazard multiplier exp(sensitivity * (1 - morale)).", ge=0.0, le=20.0
    )
    hiring_cost: float = param(1000.0, "Cost of replacing a staff member who quits.", ge=0.0, le=ONE_OFF_MAX)
    days_per_shift: float = param(
        1.0, "Days of visits and calls one shift at the desk serves, then its night. 1 for a real desk; a "
        "miniature of the business (quick mode, a quarter of the customers) has a shift every four days, so "
        "each shift meets the full desk's queue and hostile calls, rests one night and is paid one day "
        "(quits_per_year then counts per 365 shifts).",
        gt=0.0, le=1000.0,
    )


class Severity(Strict):
    """How serious each bad experience feels; severity s turns propensity p into 1 - (1 - p)^s."""

    stockout: float = param(0.5, "A wanted title not available.", ge=0.0, le=100.0)
    late_fee: float = param(0.7, "A late fee charged.", ge=0.0, le=100.0)
    sale_conversion: float = param(1.5, "A kept rental converted to a sale.", ge=0.0, le=100.0)
    long_wait: float = param(0.7, "A wait longer than the customer's patience.", ge=0.0, le=100.0)
    billing_error: float = param(2.0, "A charge billed twice.", ge=0.0, le=100.0)
    other: float = param(1.0, "Any other bad experience (e.g. buyer's remorse).", ge=0.0, le=100.0)


class ComplaintsConfig(Strict):
    """How customers complain, what they ask for, and how problems the business caused linger."""

    severity: Severity = Field(default_factory=Severity)
    stake_scale: float = param(10.0, "Money at stake that doubles a bad experience's severity.", gt=0.0,
                               le=ONE_OFF_MAX)
    billing_error_rate: float = probability(0.002, "Chance that a charge is billed twice.")
    learn_granted: float = probability(
        0.1, "A granted complaint moves the propensity to complain this share of the way to 1."
    )
    learn_refused: float = probability(0.1, "A refused complaint moves the propensity this share of the way to 0.")
    apology_credit: float = param(
        1.0, "Credit asked for a bad experience the business caused with no money at stake.", ge=0.0, le=CHARGE_MAX
    )
    demanding_segments: tuple[str, ...] = param(("demanding",), "Segments whose customers may ask for more.")
    overclaim_probability: float = probability(
        0.5, "Chance that a demanding customer also asks for a credit nothing justifies."
    )
    overclaim_credit: float = param(5.0, "The unjustified credit a demanding customer asks for.", ge=0.0,
                                    le=CHARGE_MAX)
    hostile_base: float = probability(0.1, "Chance a complaint is hostile whatever the outcome.")
    hostile_refused: float = probability(0.2, "Added chance of hostility when refused with a reason.")
    hostile_unexplained: float = probability(0.3, "Added chance of hostility when refused without one.")
    escalation_days: float = param(
        7.0, "Days until a complaint not settled at first contact is settled (a second call).", gt=0.0, le=365.0
    )
    problem_kinds: tuple[str, ...] = param(
        ("billing_error",), "Bad experiences that are problems in TARP's sense: a loss the business caused."
    )
    grievance: float = param(3.0, "Lasting goodwill a problem costs until it is put right.", TARP, ge=0.0,
                             le=GOODWILL_LIMIT)
    repair_quick: float = probability(
        1.0, "Share of the grievance a grant at first contact puts right (no recovery-paradox bonus).", TARP
    )
    repair_delay_days: float = param(
        6.0, "A later grant puts right repair_quick * exp(-delay / this).", TARP, gt=0.0, le=3_650.0
    )
    repair_refused_explained: float = probability(0.2, "Share of the grievance a refusal with a reason puts right.")
    repair_refused: float = probability(
        0.1, "Share of the grievance a refusal without a reason puts right (being heard).", TARP
    )


class Scenario(Strict):
    """Everything about the world that a variant does not decide."""

    customers: Customers = Field(default_factory=Customers)
    goodwill: GoodwillConfig = Field(default_factory=GoodwillConfig)
    reference_prices: ReferencePrices = Field(default_factory=ReferencePrices)
    word_of_mouth: WordOfMouth = Field(default_factory=WordOfMouth)
    catalogue: CatalogueConfig = Field(default_factory=CatalogueConfig)
    store: Store = Field(default_factory=Store)
    mail: Mail = Field(default_factory=Mail)
    streaming: StreamingConfig = Field(default_factory=StreamingConfig)
    plan_choice: PlanChoice = Field(default_factory=PlanChoice)
    upselling: Upselling = Field(default_factory=Upselling)
    exit_surveys: ExitSurveysConfig = Field(default_factory=ExitSurveysConfig)
    staff: StaffConfig = Field(default_factory=StaffConfig)
    complaints: ComplaintsConfig = Field(default_factory=ComplaintsConfig)
    market: MarketConfig = Field(default_factory=MarketConfig)
    rivals: dict[Name, Rival] = Field(
        default_factory=dict, max_length=MAX_RIVALS,
        description=f"Rival businesses in the same market, by name, at most {MAX_RIVALS} (sim/config/market.py).")

    @field_validator("rivals")
    @classmethod
    def _names_not_taken(cls, rivals: dict[str, Rival]) -> dict[str, Rival]:
        taken = [n for n in rivals if n in FIRMS_RESERVED]
        if taken:
            raise ValueError(f"a rival may not be called {taken[0]!r}: 'ours' is our business and 'none' is "
                             "renting from no one")
        return rivals
