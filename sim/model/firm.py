"""One business in the market: its channel, catalogue, staff, ledger, counters, reputation, policies
and timeline, and the rules by which its customers rent, feel, refer and leave.

Households, their arrival and their choice between businesses belong to the market
(sim.model.market); a firm admits the customers who chose it and asks the market, at each monthly
review, whether a customer stays, leaves for no one, or leaves for a rival. Policies act on the firm
they belong to. Our business is the firm of index 0: its random streams are the single-business
model's, so a market with no rivals is today's model draw for draw.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Generator
from typing import TYPE_CHECKING, Any

from sim.config.levers import Variant
from sim.config.market import Rival
from sim.model.books import RunRecords, months_ticking, stores_in_use
from sim.model.catalogue import Catalogue
from sim.clock import MONTH
from sim.model.counters import Counters
from sim.model.customer import (
    WINBACK_LOW, WINBACK_RECOVERED, Customer, Traits, carry_over, draw_traits,
)
from sim.model.ledger import Ledger
from sim.model.prices import change_felt, get_used_to, value_for_money
from sim.model.plans import CHURN, REFERRALS, REVIEW_FIELDS, REVIEWS_PER_PLAN, plan_reviews
from sim.model.reputation import Reputation
from sim.model.staff import Staff
from sim.model import timeline
from sim.policies.complaints import Complaints
from sim.policies.feedback import feedback_programme
from sim.model.awareness import PlanAwareness
from sim.model.menu import PRICING, Pricing, best_of
from sim.model.pricing import Plan, stores_open
from sim.policies.retention import RETENTION
from sim.policies.sales import SALES
from sim.rng import Streams
from sim.counter_names import (
    CHURNED, CHURN_REASON_OF, DAYS_OUT, DOWNGRADES, HOME_SPELLS, JOINED, JOINED_OF, LATE_RETURNS,
    NOT_JOINED_NOT_INTERESTED, NOT_JOINED_OF, REFERRALS_MADE, RETURNS, REVENUE_PLAN_OF, SALE_CONVERSIONS,
    SALE_RETURNS, UNHAPPY_LEAVERS, UPGRADES, WON_BACK, WON_BACK_STAYED,
)

if TYPE_CHECKING:
    from sim.model.market import Market

REFERRAL_ID_BASE = 1_000_000_000  # household ids: our referrals from here, each firm's in its own block
FIRM_ID_BLOCK = 100_000_000
MARKETING_ID_BASE = 3_000_000_000  # a rival's marketing prospects and opening customers, block by firm
LATE = ((LATE_RETURNS, 1.0),)
PRICE_REASONS = frozenset({"price", "price_change"})  # churn reasons of a price leaver (sim.model.goodwill)
HAZARD_EXPONENT_MAX = 700.0  # math.exp overflows past 709.78; theta * e^700 >= 1 for any theta > 1e-304


class Firm:
    """State and rules of one business in one replication; processes are generator functions over it."""

    def __init__(self, market: "Market", name: str, variant: Variant, index: int, streams: Streams) -> None:
        self.market = market
        self.name = name
        self.index = index  # 0: ours
        self.variant = variant  # the firm's levers at day 0 and its timeline (a Variant, or a Rival)
        self.spec = market.spec
        self.scenario = market.scenario
        self.env = market.env
        self.streams = streams
        self.months = market.months
        self.ledger = Ledger(self.months)
        self.counters = Counters(self.months)
        self.snapshots: dict[str, list[float]] = {"mean_goodwill": [], "reputation": [], "copies_out": []}
        self.levers = variant  # in force for new customers; changes replace it (sim.model.timeline)
        self.pricing = self.pricing_for(variant.pricing)
        self.plan_awareness = PlanAwareness(self, self.pricing.plans)
        self.retention = RETENTION[variant.retention.tactic](variant.retention)
        self.sales = SALES[variant.sales.style](variant.sales)
        self.feedback = feedback_programme(variant.feedback)
        self.staff = Staff(self)
        self.complaints = Complaints(self)
        copies = variant.pricing.copies_per_customer * max(self.opening_customers(), 1)
        self.catalogue = Catalogue(self.scenario.catalogue, copies)
        self.depot: Catalogue | None = None  # a by-mail plan's own, when launched beside stores
        self.stores_now = 0.0  # stores open (sim.model.books.stores_in_use), set at opening and monthly
        self.sale_price = self.scenario.catalogue.sale_price
        self.reputation = Reputation(self.scenario.word_of_mouth.reputation_recovery_days)
        self.customers: list[Customer] = []
        self.recently_active: list[Customer] = []  # the active, and those who left since the last snapshot
        self.active_count = 0
        self.effects = self.scenario.goodwill.effects.model_dump()
        self.referrals_made = 0
        self.rejoins: Counter[int] = Counter()  # households back at this firm after a spell elsewhere
        self.open = False

    @property
    def entry(self) -> Rival:
        """A rival's levers with its entry and marketing (the variant of a firm of index > 0)."""
        assert isinstance(self.variant, Rival), "our business is no rival"
        return self.variant

    def opening_customers(self) -> int:
        """Customers the firm has when it opens: our initial base, or a rival's opening cohort."""
        return self.scenario.customers.initial if self.index == 0 else self.entry.initial_customers

    # --- money and experiences -------------------------------------------------------------

    def charge(self, c: Customer, stream: str, amount: float) -> float:
        """Charge a customer; every charge goes through here, so a discount is never revenue.
        Returns what was actually charged."""
        if self.retention.discounts:
            off = self.retention.discount_off(c, amount)
            if off:
                self.ledger.give_back(self.env.now, "discounts", off)
                amount -= off
        self.ledger.earn(self.env.now, stream, amount)
        c.spend += amount
        if c.pricing.name:
            self.count(REVENUE_PLAN_OF + c.pricing.name, amount)
        self.complaints.billing(c, stream, amount)
        return amount

    def waive(self, c: Customer, amount: float) -> None:
        """A fee removed: never revenue, shown under money given back."""
        self.ledger.give_back(self.env.now, "fees_waived", amount)
        self.experience(c, "fee_waived")

    def spend(self, kind: str, amount: float) -> None:
        self.ledger.spend(self.env.now, kind, amount)

    def experience(self, c: Customer, kind: str, scale: float = 1.0) -> None:
        """Move a customer's goodwill by the configured effect of an experience."""
        delta = self.effects[kind] * scale
        if delta:  # experience_delta written out: three experiences in four events pass here
            c.goodwill.apply(self.env.now, kind, delta)

    def experience_delta(self, c: Customer, kind: str, delta: float) -> None:
        """Move a customer's goodwill by `delta` (an experience whose size the caller works out)."""
        if delta:
            c.goodwill.apply(self.env.now, kind, delta)

    def bad_experience(self, c: Customer, kind: str, business_fault: bool, at_stake: float,
                       always_grant: bool = False) -> bool:
        """Maybe a complaint: True if the customer asked and was granted `at_stake` (the caller gives it back)."""
        return self.complaints.bad_experience(c, kind, business_fault, at_stake, always_grant)

    def count(self, name: str, n: float = 1.0) -> None:
        """Add to a monthly counter (inlined month arithmetic: this is the hottest call)."""
        row = self.counters.counts.get(name)
        if row is None:
            row = self.counters.counts[name] = [0.0] * self.months
        m = int(self.env.now / MONTH + 1e-9)
        row[m if m < self.months else self.months - 1] += n

    def after(self, delay: float, action: Callable[..., None], *args: Any) -> None:
        """Run `action(*args)` after `delay` days (a deed on the calendar: cheaper than a process)."""
        self.env.after(delay, action, args)

    # --- plans and copies (the levers that change during the run: sim.model.timeline) -------

    def pricing_for(self, cfg: Any) -> Pricing:
        """The pricing policy of a pricing lever (one plan, or a menu of plans)."""
        return PRICING[cfg.model](cfg)

    def plan_for(self, traits: Traits, price_weight: float = 1.0, cid: int | None = None) -> Plan:
        """The plan of the current offer a customer with these traits takes: of those household
        `cid` knows of, the one it values most (sim.model.market: Market.plan_value), the first
        of equals in the menu's order."""
        plans = self.pricing.plans
        if cid is None or len(plans) == 1:
            return best_of(plans, traits, self.scenario, price_weight)
        return max(self.plan_awareness.known(cid, plans),
                   key=lambda plan: self.market.plan_value(cid, self, plan, traits, price_weight))

    def active_customers(self) -> list[Customer]:
        return [c for c in self.recently_active if c.active]

    def switch_plan(self, c: Customer, new: Plan) -> None:
        """Onto another plan: titles start coming by the new channel; a menu move is an up- or downgrade."""
        old, c.pricing = c.pricing, new
        if new.channel != old.channel or new.titles_at_home > old.titles_at_home:
            new.switch_in(self, c)
        if old.name and new.name and old.name != new.name:
            higher = new.monthly_price(c.traits) > old.monthly_price(c.traits)
            self.count(UPGRADES if higher else DOWNGRADES)

    def offer(self, pricing: Pricing) -> None:
        """New terms for new customers from now on (a tactic's price cut: sim.model.timeline)."""
        timeline.offer(self, pricing)

    @property
    def mail_stock(self) -> Catalogue:
        """The copies the mail ships from: a launched by-mail plan's own depot, else the catalogue."""
        return self.depot if self.depot is not None else self.catalogue

    def open_depot(self) -> None:
        """A by-mail plan launched beside stores gets a depot of its own, stocked for its own
        subscribers (a store customer's copies stay on the store's shelves); it opens with the
        catalogue's least copies of each title, and restocking grows it with the subscribers."""
        self.depot = Catalogue(self.scenario.catalogue, 0.0)
        self.spend("copies", self.depot.copies_owned * self.scenario.catalogue.cost_per_copy)

    def restock(self, plan_of: Callable[[Customer], Plan] | None = None) -> None:
        """Copies bought so that each stock holds each of its customers' plan's copies_per_customer
        (the customers' plans now, or those `plan_of` says they will be on): a plan is stocked for
        its own customers, not at the richest plan's rate for everyone."""
        by_rate: Counter[tuple[bool, float]] = Counter()  # (from the depot, copies per customer) -> customers
        for c in self.active_customers():
            plan = plan_of(c) if plan_of is not None else c.pricing
            by_rate[self.depot is not None and plan.channel == "mail", plan.cfg.copies_per_customer] += 1
        stocks = [(self.catalogue, False)] + ([(self.depot, True)] if self.depot is not None else [])
        for stock, depot in stocks:
            self.stock_up(sum(rate * n for (d, rate), n in by_rate.items() if d == depot), stock)

    def stock_up(self, copies: float, stock: Catalogue | None = None) -> None:
        """Buy copies for `stock` (the catalogue), spread over titles by popularity, until `copies` are owned."""
        stock = stock if stock is not None else self.catalogue
        needed = int(round(copies)) - stock.copies_owned
        if needed > 0:
            stock.buy(needed)
            self.spend("copies", needed * self.scenario.catalogue.cost_per_copy)

    # --- store returns and sales -----------------------------------------------------------

    def late_return(self, title: int, days_kept: float) -> None:
        """A rental comes back to the store late, with a fee to settle (the caller settles it)."""
        self.catalogue.check_in(title)
        self.count_return(self.env.now, days_kept, late=True)

    def lend(self, title: int, days_kept: float, late: bool) -> None:
        """A rental that comes back on its own: out now, back on the shelf after `days_kept`,
        counted now, with no event."""
        back = self.env.now + days_kept
        self.catalogue.lend(title, back)
        self.count_return(back, days_kept, late)

    def count_return(self, day: float, days_out: float, late: bool) -> None:
        """A copy back from a customer's home on `day` (now, or known ahead), counted in that month
        if it is within the horizon; its time at home feeds Little's law."""
        if day < self.spec.horizon_days:
            counts = ((RETURNS, 1.0), (HOME_SPELLS, 1.0), (DAYS_OUT, days_out))
            self.counters.add_all(day, counts + LATE if late else counts)

    def sell_kept_copy(self, c: Customer, title: int, days_kept: float) -> None:
        """A kept rental becomes a sale at the title's price."""
        self.catalogue.sell(title)
        self.count(HOME_SPELLS)  # it leaves home all the same: Little's law counts its days there
        self.count(DAYS_OUT, days_kept)
        self.count(SALE_CONVERSIONS)
        paid = self.charge(c, "sales", self.sale_price)
        self.experience(c, "sale_conversion")
        if self.bad_experience(c, "sale_conversion", business_fault=False, at_stake=paid):
            self.ledger.refund(self.env.now, "sales", paid)
            c.spend -= paid

    def buy_back(self, c: Customer, title: int, credit: float) -> None:
        """A sold copy returned in the window: credited less the restocking fee."""
        self.catalogue.buy_back(title)
        self.count(SALE_RETURNS)
        self.ledger.refund(self.env.now, "sales", credit, kind="credits")
        c.spend -= credit

    # --- customers arriving and leaving ----------------------------------------------------

    def join_probability(self, traits: Traits, boost: float = 1.0,
                         cid: int | None = None) -> tuple[float, float, float]:
        """A prospect's chance of joining this firm were it the only one: (probability, the price
        factor, the reputation factor) of the plan it would take of those it knows of; the market
        weighs firms by it (sim.model.market)."""
        cust = self.scenario.customers
        plan = self.plan_for(traits, cid=cid)
        price = math.exp(-traits.price_sensitivity * (plan.monthly_price(traits) / cust.reference_monthly_price - 1.0))
        rep = math.exp(cust.reputation_weight * self.reputation.at(self.env.now))
        return min(1.0, cust.base_join_probability * boost * price * rep) * stores_open(plan), price, rep

    def not_joined(self, cid: int, traits: Traits, boost: float) -> None:
        """A prospect this firm brought chose no business: why, as it would tell this firm."""
        cust = self.scenario.customers
        if traits.join_draw >= min(1.0, cust.base_join_probability * boost):
            self.count(NOT_JOINED_NOT_INTERESTED)
            return
        _, price, rep = self.join_probability(traits, boost, cid)
        reason = "price" if price <= rep else "reputation"
        self.count(NOT_JOINED_OF + reason)
        self.feedback.prospect_lost(self, cid, reason)

    def admit(self, cid: int, traits: Traits, channel: str, past: Customer | None = None,
              came_from: Customer | None = None, days_ago: float = 0.0) -> Customer:
        """A new customer: its own streams, the pricing model's start, and monthly reviews. A day-0
        customer of a running business brings the history of `past` (sim.model.prehistory) and
        joined before the run, so it is not counted as joining. A household `came_from` a rival
        brings the price it is used to. One of an opening cohort may have joined `days_ago`."""
        now = self.env.now
        spell = self.rejoins[cid] if came_from is not None else 0
        c = Customer(cid, traits, channel, now - days_ago, self.scenario.goodwill.decay_days,
                     behaviour=self.customer_stream("behaviour", cid, spell),
                     churn_rng=self.customer_stream("churn", cid, spell))
        c.spell = spell
        c.pricing = self.plan_for(traits, cid=cid)
        c.reference_price = (came_from.reference_price if came_from is not None
                             else self.scenario.customers.reference_monthly_price)
        c.goodwill.baseline = value_for_money(c, c.pricing.monthly_price(traits), self.scenario.reference_prices)
        self.customers.append(c)
        self.recently_active.append(c)
        self.active_count += 1
        if past is None:
            self.count(JOINED)
            self.count(JOINED_OF + channel)
            if self.index and self.entry.marketing_cost_per_join:
                self.spend("marketing", self.entry.marketing_cost_per_join)
        else:
            carry_over(c, past)
        c.pricing.start(self, c)
        self.retention.start(self, c)
        self.next_review(c)
        return c

    def customer_stream(self, purpose: str, cid: int, spell: int = 0) -> Any:
        """A customer's stream: keyed by household, and by its spell at this firm after the first."""
        return self.streams.stream(f"customer.{purpose}", cid, *((spell,) if spell else ()))

    def rng_for(self, c: Customer, purpose: str) -> Any:
        """A customer's stream for one purpose, made when first needed, so levers that draw
        (upsells, surveys) never shift the draws of another purpose. "service" serves the desk
        (a complaint's wait), complaints and billing errors alike: one stream fewer per customer
        is a fifth of a large run's memory, and none of them moves churn on its own. A customer
        who has left draws what is left of its business (a late return, a parcel still in the
        mail) from fresh streams of its own, never again from the start of its old ones."""
        rng = c.streams.get(purpose)
        if rng is None:
            key = purpose if c.active else purpose + ".after_leaving"
            rng = c.streams[purpose] = self.customer_stream(key, c.id, c.spell)
        return rng

    def next_review(self, c: Customer) -> None:
        """Schedule the customer's next monthly review, counted from the join day."""
        self.env.after(c.join_day + (c.tenure_months + 1) * MONTH - self.env.now, self.monthly, (c,))

    def monthly(self, c: Customer) -> None:
        """A monthly review: churn decision, then referrals, the retention tactic and the month's bill.
        Its draws are the next slot of the customer's review plan (sim.model.plans)."""
        slot = c.tenure_months % REVIEWS_PER_PLAN
        if slot == 0 or not c.review_plan:  # none yet: a day-0 customer carried over mid-block
            assert c.churn_rng is not None  # reviews stop when a customer leaves and its streams go
            c.review_plan = plan_reviews(c.churn_rng, self.scenario.word_of_mouth.referrals_per_month)
        at = slot * REVIEW_FIELDS
        if self.review(c, c.review_plan[at + CHURN]):
            return
        c.tenure_months += 1
        self.refer(c, int(c.review_plan[at + REFERRALS]))
        self.retention.monthly(self, c)
        self.bill(c)
        self.next_review(c)

    def bill(self, c: Customer) -> None:
        """The month's bill; the first at a new price is felt (the customer reacts at its next
        review), and the customer gets a little more used to what it pays."""
        feel = self.scenario.reference_prices
        price = c.pricing.monthly_price(c.traits)
        c.pricing.bill_month(self, c)
        if c.price_news:
            self.experience_delta(c, "price_change", change_felt(c, c.price_news, feel))
            c.price_news = 0.0
        get_used_to(c, price, feel)

    def review(self, c: Customer, draw: float) -> bool:
        """Churn with probability theta * exp(-kappa * (goodwill - reference)), given a uniform
        draw, or, with rivals the customer knows, the market's choice between staying, leaving
        for no one and switching (sim.model.market); True if it left."""
        gw = self.scenario.goodwill
        now = self.env.now
        g = c.goodwill.at(now)
        hazard = min(c.traits.theta * math.exp(min(-gw.kappa * (g - gw.reference), HAZARD_EXPONENT_MAX)), 1.0)
        went = self.market.review_choice(self, c, hazard, draw)
        if not went:
            self.track_dissatisfied(c, g)
            if len(self.pricing.plans) > 1:
                self.reconsider(c, g)
            return False
        worst, damage = c.goodwill.worst(now)
        undamaged = c.traits.theta * math.exp(min(-gw.kappa * (g + damage - gw.reference), HAZARD_EXPONENT_MAX))
        caused = (hazard - min(undamaged, 1.0)) / hazard
        self.leave(c, worst if damage > 0 and caused >= gw.reason_share else "baseline", g, went, worst)
        return True

    def reconsider(self, c: Customer, goodwill: float) -> None:
        """A customer who stays looks at the plans again if it is unhappy (weighing price more) or,
        with a monthly chance, all the same (a draw at every review of a menu's customer, from its
        own stream, so its turns are the same in every variant)."""
        choice = self.scenario.plan_choice
        chance = choice.reconsider_probability > 0 and self.rng_for(c, "reconsider").random() < \
            choice.reconsider_probability
        if goodwill < self.scenario.word_of_mouth.unhappy_threshold:
            self.rechoose(c, 1.0 - goodwill)
        elif chance:
            self.rechoose(c, 1.0)

    def rechoose(self, c: Customer, price_weight: float) -> None:
        """A customer on the plans offered now looks at those it knows of and moves (mostly a
        downgrade when unhappy) only if one suits it better by more than the migration cost. A
        grandfathered customer sits tight until it is moved."""
        if c.pricing in self.pricing.plans:
            new = self.plan_for(c.traits, price_weight, c.id)
            if new is c.pricing:
                return
            value = self.market.plan_value
            gain = value(c.id, self, new, c.traits, price_weight) - value(c.id, self, c.pricing, c.traits, price_weight)
            if gain > self.scenario.plan_choice.migration_cost:
                self.switch_plan(c, new)

    def leave(self, c: Customer, reason: str, goodwill: float, went: str = "none", grievance: str = "") -> None:
        """A customer churns (to no one, or to the rival `went`); an unhappy one tells others, in
        proportion to the customer base, of its worst experience (`grievance`, else its churn
        reason), less loudly if that was the price than the service (a dear offer is no warning
        that the business treats people badly)."""
        c.active = False
        self.active_count -= 1
        c.end_day = self.env.now
        c.churn_reason = reason
        self.count(CHURNED)
        self.count(CHURN_REASON_OF + reason)
        wom = self.scenario.word_of_mouth
        if goodwill < wom.unhappy_threshold:
            self.count(UNHAPPY_LEAVERS)
            share = 100.0 / self.market.audience(self)
            hit = wom.price_reputation_hit if (grievance or reason) in PRICE_REASONS else wom.reputation_hit
            self.reputation.hit(self.env.now, hit * share)
        self.feedback.customer_lost(self, c, reason)
        self.release_streams(c)
        self.market.left(self, c, went)

    def release_streams(self, c: Customer) -> None:
        """A churned customer is reviewed, referred and sold to no more and visits no more: its
        streams go (most of a large run's memory is its former customers). What is left of its
        business draws from rng_for's after-leaving streams."""
        c.churn_rng = None
        c.behaviour = None
        c.streams.clear()
        c.visit_plan = c.review_plan = ()

    def track_dissatisfied(self, c: Customer, goodwill: float) -> None:
        """Win-back: a customer below the unhappy threshold at a review, later above it again."""
        if goodwill < self.scenario.word_of_mouth.unhappy_threshold:
            c.winback = WINBACK_LOW
        elif c.winback == WINBACK_LOW:
            c.winback = WINBACK_RECOVERED
            self.count(WON_BACK)

    def refer(self, c: Customer, n: int) -> None:
        """A happy customer brings the month's `n` prospects, who join more readily."""
        wom = self.scenario.word_of_mouth
        if not n or wom.referrals_per_month <= 0 or c.goodwill.at(self.env.now) <= wom.referral_threshold:
            return
        for k in range(n):
            self.referrals_made += 1
            self.count(REFERRALS_MADE)
            traits = draw_traits(self.streams.stream("referred", c.id, c.tenure_months, k),
                                 self.scenario.customers.segments, self.market.segment_cumulative,
                                 self.scenario.customers.price_sensitivity_scale)
            cid = REFERRAL_ID_BASE + self.index * FIRM_ID_BLOCK + self.referrals_made
            self.market.prospect(cid, traits, "referral", self, wom.referral_join_boost)

    # --- arrivals and bookkeeping processes --------------------------------------------------

    def id_base(self) -> int:
        """First household id of a rival's opening customers and marketing prospects."""
        return MARKETING_ID_BASE + self.index * FIRM_ID_BLOCK

    def marketing_terms(self) -> tuple[float, float, int]:
        """(prospects reached a month, cost per prospect, first prospect's household id)."""
        if self.index == 0:
            cust = self.scenario.customers
            return cust.marketing_prospects_per_month, cust.marketing_cost_per_prospect, cust.initial
        rival = self.entry
        return rival.marketing_prospects_per_month, rival.marketing_cost_per_prospect, \
            self.id_base() + rival.initial_customers

    def marketing(self) -> Generator[Any, Any, None]:
        """Poisson prospects from marketing; ids and traits are the same in every variant. Where
        households come by a Bass diffusion (sim.model.market), the budget is spent month by month
        and spreads awareness only."""
        rate, cost, cid = self.marketing_terms()
        rate /= MONTH
        if rate <= 0:
            return
        if self.market.by_diffusion:
            while True:
                self.spend("marketing", rate * MONTH * cost)
                yield self.env.timeout(MONTH)
        arrivals = self.streams.stream("marketing")
        segments = self.scenario.customers.segments
        while True:
            yield self.env.timeout(arrivals.exponential(1.0 / rate))
            self.spend("marketing", cost)
            traits = draw_traits(self.streams.stream("customer", cid), segments, self.market.segment_cumulative,
                                 self.scenario.customers.price_sensitivity_scale)
            self.market.prospect(cid, traits, "marketing", self)
            cid += 1

    def start(self, ticking: bool = True, steady_base: Callable[[Firm], None] | None = None) -> None:
        """Opening day (day 0 for us): buy the copies, admit the opening customers (our running
        business's, or a fresh cohort), start the firm's processes (the monthly books unless the
        market started them at day 0) and its timeline. Our running business's customers come
        from `steady_base` (the world's pre-history: sim.model.prehistory)."""
        self.open = True
        self.stores_now = stores_in_use(self)
        self.spend("copies", self.catalogue.copies_owned * self.scenario.catalogue.cost_per_copy)
        if self.index == 0 and self.scenario.customers.initial_base == "steady" and self.scenario.customers.initial:
            if steady_base is None:
                raise ValueError("a steady initial base needs the world's pre-history")
            steady_base(self)
        else:
            self.admit_fresh_base()
        self.env.process(self.marketing())
        if ticking:
            self.env.process(months_ticking(self))
        self.feedback.start(self)
        self.staff.start()
        timeline.schedule(self)

    def admit_fresh_base(self) -> None:
        """The opening customers as a cohort: new customers drawn like prospects, all joining now,
        or, for a pre-history's base, each on a uniform day of the month before (so its monthly
        reviews, and the referrals made at them, are spread over the month)."""
        first = 0 if self.index == 0 else self.id_base()
        segments = self.scenario.customers.segments
        phases = self.streams.stream("cohort_phase") if self.spec.cohort_joined_over_month else None
        for cid in range(first, first + self.opening_customers()):
            traits = draw_traits(self.streams.stream("customer", cid), segments, self.market.segment_cumulative,
                                 self.scenario.customers.price_sensitivity_scale)
            self.admit(cid, traits, "initial", days_ago=float(phases.random()) * MONTH if phases else 0.0)
            if self.env.now > 0:  # a rival opening later: its opening customers came from no one
                self.market.flow("none", self.name)

    def finish(self) -> RunRecords:
        """What the run leaves behind, once the clock has reached the horizon."""
        for stock in self.stocks():
            stock.back_by(math.nextafter(self.spec.horizon_days, 0.0))  # due before the end
        stayed = sum(1 for c in self.customers if c.active and c.winback == WINBACK_RECOVERED)
        self.count(WON_BACK_STAYED, stayed)
        return self.records()

    def stocks(self) -> tuple[Catalogue, ...]:
        """Every stock of copies: the catalogue, and a launched by-mail plan's depot; each keeps
        copies out + on the shelf + in the mail = owned on its own."""
        return (self.catalogue,) if self.depot is None else (self.catalogue, self.depot)

    def records(self) -> RunRecords:
        horizon = self.spec.horizon_days
        return RunRecords(
            horizon_days=horizon,
            warmup_days=self.spec.warmup_days,
            months=self.months,
            revenue=self.ledger.revenue,
            given_back=self.ledger.given_back,
            costs=self.ledger.costs,
            counts=self.counters.counts,
            snapshots=self.snapshots,
            customers=[c.record(horizon) for c in self.customers],
            channel=self.pricing.channel,
            copies_consistent=all(stock.consistent() for stock in self.stocks()),
            waits=self.staff.waits,
            change_window=self.spec.change_window,
        )
