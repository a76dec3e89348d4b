"""The market: households, how they arrive, which businesses they know, and how they choose.

Households arrive by each firm's marketing (the single-business model) or by a Bass diffusion of
the category. A household chooses by a multinomial logit among the open firms it knows and renting
from no one, whose utilities are written on the firms' stand-alone join probabilities: firm k's
utility is the log-odds of joining it were it the only one (price against the reference price,
reputation), plus the household's taste for k's channel and for k itself (a brand taste, so two
firms on one channel are close but not perfect substitutes); no one's is 0. So a household that knows
one firm joins it exactly as the single-business model says, with the same draw.

One utility over plans and firms: a plan's utility is its price as felt and the firm's reputation
(the log-odds above), what it brings against what the household wants (the titles it falls short
of and streaming's convenience: sim.model.menu's worth in money, over the reference price, which
is what a unit of utility is worth), and the household's taste for its channel and for its firm.
At each firm a household takes the plan it knows of that it values most by that utility (in money:
Market.plan_value; alone in the market, the suitability of sim.model.menu, as before), and it
weighs the firms by the utility of those plans.

At a monthly review a customer weighs staying (the log-odds of not churning, which hold its
goodwill toward its firm), leaving for no one (0), and each rival it knows: the log-odds of
joining the rival at the price it is used to (loss-averse: a price above it counts
`loss_aversion` times), plus the channel and brand tastes' difference, less the switching cost. With no
rival known, it leaves with the single-business hazard, with the same draw.

Awareness: everyone knows our business. A rival is known to `initial_awareness` of households when
it opens and to more each month, by its marketing's reach and by word of mouth in proportion to
its market share; a household knows it once awareness passes the household's own draw, so
awareness only grows and each household's turn is the same in every variant.

Common random numbers: a household's draws (awareness, channel and brand tastes) come from its own stream
keyed by its id; a rival's arrivals and customers draw from the rival's own namespace, never by
variant; and the diffusion's adopters from the market's streams.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Generator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sim.model.calendar import CalendarEnvironment
from sim.clock import DAYS_PER_YEAR, MONTH, month_of, months_in
from sim.model.customer import Customer, Traits, draw_traits
from sim.model.books import RunRecords, months_ticking
from sim.model.firm import Firm
from sim.model.menu import shortfall, suitability
from sim.model.pricing import Plan
from sim.rng import Streams
from sim.counter_names import LOST_TO_RIVALS, PROSPECTS_OF, WON_FROM_RIVALS

if TYPE_CHECKING:
    from sim.model.world import RunSpec

NONE = "none"  # renting from no business
OURS = "ours"
CHANNELS = ("store", "mail", "streaming")
ADOPTER_ID_BASE = 9_000_000_000  # households of the Bass diffusion
SURE = 1.0 - 1e-12  # a join probability of 1 has infinite log-odds: the logit caps it here


@dataclass(frozen=True)
class MarketRecords:
    """What a replication leaves behind of the market: each rival's records, the switching flows
    (from, to) by month, and each firm's customers and awareness at month starts."""

    firms: tuple[str, ...]  # ours first
    rivals: dict[str, RunRecords]
    flows: dict[tuple[str, str], list[float]]
    customers: dict[str, list[float]]
    awareness: dict[str, list[float]]


@dataclass(frozen=True)
class Household:
    """A household's own draws: when it comes to know each rival, its taste for each channel and
    its taste for each firm (its brand taste)."""

    aware_at: dict[str, float]
    taste: dict[str, float]
    brand: dict[str, float]


class Market:
    """The households and firms of one replication, on one clock."""

    def __init__(self, spec: "RunSpec") -> None:
        self.spec = spec
        self.scenario = spec.scenario
        self.env = CalendarEnvironment()
        self.streams = Streams(spec.root_seed, spec.replication, spec.stream_space)
        self.months = months_in(spec.horizon_days)
        segments = self.scenario.customers.segments
        total = sum(s.share for s in segments)
        self.segment_cumulative = [sum(s.share for s in segments[: i + 1]) / total for i in range(len(segments))]
        self.by_diffusion = self.scenario.market.arrivals == "bass"
        self.ours = Firm(self, OURS, spec.variant, 0, self.streams)
        self.rivals = [Firm(self, name, rival, i + 1, Streams(spec.root_seed, spec.replication,
                                                               f"{spec.stream_space}rival{i + 1}"))
                       for i, (name, rival) in enumerate(self.scenario.rivals.items())]
        self.firms = [self.ours, *self.rivals]
        self.by_name = {f.name: f for f in self.firms}
        self.awareness = {r.name: 0.0 for r in self.rivals}
        self.flows: dict[tuple[str, str], list[float]] = {}
        self.customers_at_start: dict[str, list[float]] = {f.name: [] for f in self.firms}
        self.awareness_at_start: dict[str, list[float]] = {r.name: [] for r in self.rivals}
        self.households: dict[int, Household] = {}

    # --- arrivals ------------------------------------------------------------------------------

    def start(self, steady_base: Callable[[Firm], None]) -> None:
        """Day 0: our business opens as the single-business model does; rivals keep their books from
        day 0 and open on their day; then the diffusion and the market's monthly account."""
        self.ours.start(steady_base=steady_base)
        for rival in self.rivals:
            self.env.process(months_ticking(rival))
            self.env.after(rival.entry.enters_month * MONTH, self.open, (rival,))
        if self.by_diffusion:
            self.env.process(self.diffusion())
        if self.rivals:
            self.env.process(self.months_ticking())

    def open(self, rival: Firm) -> None:
        """A rival opens: known to its initial share of households, with its opening customers."""
        self.awareness[rival.name] = max(self.awareness[rival.name], rival.entry.initial_awareness)
        rival.start(ticking=False)

    def diffusion(self) -> Generator[Any, Any, None]:
        """Households adopting the category month by month (Bass), each a prospect who looks at us
        and at the rivals it knows; the month's number is Poisson around the diffusion's."""
        cfg = self.scenario.market.diffusion
        cid = ADOPTER_ID_BASE
        for m in range(self.months):
            start, end = m * MONTH, min((m + 1) * MONTH, self.spec.horizon_days)
            expected = cfg.potential * (adopted(cfg, end / DAYS_PER_YEAR) - adopted(cfg, start / DAYS_PER_YEAR))
            rng = self.streams.stream("market.adopters", m)
            days = sorted(start + rng.random(rng.poisson(max(expected, 0.0))) * (end - start))
            for day in days:
                yield self.env.timeout(day - self.env.now)
                customers = self.scenario.customers
                traits = draw_traits(self.streams.stream("customer", cid), customers.segments,
                                     self.segment_cumulative, customers.price_sensitivity_scale)
                self.prospect(cid, traits, "diffusion", self.ours)
                cid += 1

    def months_ticking(self) -> Generator[Any, Any, None]:
        """At each month start (after the firms' books): customers per firm and awareness; then
        awareness grows by the rivals' reach and word of mouth."""
        wom = self.scenario.market.choice.awareness_word_of_mouth
        for m in range(self.months):
            yield self.env.timeout(m * MONTH - self.env.now)
            total = sum(f.active_count for f in self.firms)
            for f in self.firms:
                self.customers_at_start[f.name].append(float(f.active_count))
            for r in self.rivals:
                self.awareness_at_start[r.name].append(self.awareness[r.name])
                if r.open:
                    share = r.active_count / total if total else 0.0
                    reach = min(1.0, r.entry.awareness_per_month + wom * share)
                    self.awareness[r.name] += (1.0 - self.awareness[r.name]) * reach

    # --- choice --------------------------------------------------------------------------------

    def household(self, cid: int) -> Household:
        """A household's own draws, made when first needed (only in a market with rivals)."""
        h = self.households.get(cid)
        if h is None:
            rng = self.streams.stream("household", cid)
            aware = {r.name: float(rng.random()) for r in self.rivals}
            choice = self.scenario.market.choice
            taste = {ch: float(choice.channel_taste_sd * rng.standard_normal()) for ch in CHANNELS}
            brand = {f.name: float(choice.brand_taste_sd * rng.standard_normal()) for f in self.firms}
            h = self.households[cid] = Household(aware, taste, brand)
        return h

    def taste(self, cid: int, firm: Firm, traits: Traits) -> float:
        """The household's utility, beside price and reputation, of the plan it would take at `firm`:
        the titles it brings short of those wanted (and streaming's convenience), its channel and
        the firm itself (sim.model.menu's money over the reference price: one utility)."""
        plan = firm.plan_for(traits, cid=cid)
        return shortfall(plan, traits, self.scenario) / self.money_per_utility() + self.liking(cid, firm, plan)

    def liking(self, cid: int, firm: Firm, plan: Plan) -> float:
        """The household's taste for the plan's channel (the market's mean and its own) and for the
        firm (its brand taste), in utility."""
        choice = self.scenario.market.choice
        mean = {"mail": choice.mail_convenience, "streaming": choice.streaming_convenience}.get(plan.channel, 0.0)
        h = self.household(cid)
        return mean + h.taste[plan.channel] + h.brand[firm.name]

    def money_per_utility(self) -> float:
        """A unit of utility in money a month: the reference price over which a price sensitivity
        of 1 weighs a price (a join probability falls e-fold when the price rises by it)."""
        return self.scenario.customers.reference_monthly_price

    def plan_value(self, cid: int, firm: Firm, plan: Plan, traits: Traits, price_weight: float = 1.0) -> float:
        """What a plan of `firm` is worth a month to the household, in money: its suitability and,
        in a market with rivals, the household's liking of its channel and firm (one utility with
        the market's choice between firms)."""
        value = suitability(plan, traits, self.scenario, price_weight)
        return value + self.liking(cid, firm, plan) * self.money_per_utility() if self.rivals else value

    def known(self, cid: int, besides: Firm) -> list[Firm]:
        """The open firms other than `besides` that a household knows (everyone knows us)."""
        return [f for f in self.firms if f is not besides and f.open
                and (f is self.ours or self.household(cid).aware_at[f.name] < self.awareness[f.name])]

    def prospect(self, cid: int, traits: Traits, channel: str, via: Firm, boost: float = 1.0) -> None:
        """A prospect `via` a firm (its marketing, a customer's referral, the diffusion) joins one of
        the firms it knows, or none; `via` records one who joins none."""
        via.count(PROSPECTS_OF + channel)
        p_via = via.join_probability(traits, boost, cid)[0]
        others = self.known(cid, via) if self.rivals else []
        if not others:
            if traits.join_draw < p_via:
                self.join(via, cid, traits, channel)
            else:
                via.not_joined(cid, traits, boost)
            return
        options = [(via, odds(p_via) * math.exp(self.taste(cid, via, traits)))]
        options += [(f, odds(f.join_probability(traits, cid=cid)[0]) * math.exp(self.taste(cid, f, traits)))
                    for f in others]
        u = traits.join_draw * (1.0 + sum(w for _, w in options))
        for firm, w in options:
            if u < w:
                self.join(firm, cid, traits, channel)
                return
            u -= w
        via.not_joined(cid, traits, boost)

    def join(self, firm: Firm, cid: int, traits: Traits, channel: str) -> None:
        firm.admit(cid, traits, channel)
        self.flow(NONE, firm.name)

    def review_choice(self, firm: Firm, c: Customer, hazard: float, draw: float) -> str:
        """At a monthly review: "" to stay, NONE to leave for no one, or the rival it switches to."""
        others = self.known(c.id, firm) if self.rivals else []
        if not others:
            return NONE if draw < hazard else ""
        if hazard <= 0.0:
            return ""
        here = shortfall(c.pricing, c.traits, self.scenario) / self.money_per_utility() + \
            self.liking(c.id, firm, c.pricing)  # the plan it is on
        cost = self.scenario.market.choice.switching_cost
        weights = [(f.name, odds(self.join_probability_for(f, c))
                    * math.exp(self.taste(c.id, f, c.traits) - here - cost))
                   for f in others]
        u = draw * ((1.0 - hazard) / hazard + 1.0 + sum(w for _, w in weights))
        if u < 1.0:
            return NONE
        u -= 1.0
        for name, w in weights:
            if u < w:
                return name
            u -= w
        return ""

    def join_probability_for(self, firm: Firm, c: Customer) -> float:
        """A customer's chance of joining `firm` were it the only one, the firm's price felt against
        the price the customer is used to, loss-averse."""
        cust, feel = self.scenario.customers, self.scenario.reference_prices
        gap = firm.plan_for(c.traits, cid=c.id).monthly_price(c.traits) / c.reference_price - 1.0
        felt = gap * feel.loss_aversion if gap > 0 else gap
        price = math.exp(-c.traits.price_sensitivity * felt)
        rep = math.exp(cust.reputation_weight * firm.reputation.at(self.env.now))
        return min(1.0, cust.base_join_probability * price * rep)

    def left(self, firm: Firm, c: Customer, went: str) -> None:
        """A customer has left `firm`: for no one (its household leaves the market), or for a rival,
        which admits it with the price it is used to."""
        self.flow(firm.name, went)
        if went == NONE:
            self.households.pop(c.id, None)
            return
        rival = self.by_name[went]
        firm.count(LOST_TO_RIVALS)
        rival.count(WON_FROM_RIVALS)
        rival.rejoins[c.id] += 1
        rival.admit(c.id, c.traits, "switched", came_from=c)

    def audience(self, firm: Firm) -> int:
        """Whom an unhappy leaver's word of mouth reaches, as a number of customers: the firm's own
        customers alone, or, with rivals, at least an open firm's fair share of the market's (one
        unhappy leaver of an entrant's first ten customers is not a tenth of the market talking),
        counted at the month start so that firms whose customers review at the same moment are
        weighed alike whichever goes first."""
        if not self.rivals:
            return max(firm.active_count, 1)
        counts = {f.name: row[-1] for f in self.firms if f.open and (row := self.customers_at_start[f.name])}
        if firm.name not in counts:  # opened this month
            return max(firm.active_count, 1)
        fair = sum(counts.values()) / len(counts)
        return max(int(counts[firm.name]), math.ceil(fair), 1)

    def flow(self, source: str, target: str) -> None:
        """Count a household moving from one firm (or none) to another this month (rivals only)."""
        if not self.rivals:
            return
        row = self.flows.get((source, target))
        if row is None:
            row = self.flows[(source, target)] = [0.0] * self.months
        row[min(month_of(self.env.now), self.months - 1)] += 1.0

    def records(self) -> MarketRecords | None:
        """The market's records, or None for a business alone."""
        if not self.rivals:
            return None
        return MarketRecords(tuple(f.name for f in self.firms), {r.name: r.finish() for r in self.rivals},
                             dict(sorted(self.flows.items())), self.customers_at_start, self.awareness_at_start)


def odds(p: float) -> float:
    """The odds p / (1 - p) of a join probability (capped below 1)."""
    p = min(p, SURE)
    return p / (1.0 - p)


def adopted(cfg: Any, years: float) -> float:
    """Share of the potential that has adopted by `years` after day 0: the Bass curve through the
    share adopted at day 0 (dF/dt = (p + qF)(1 - F))."""
    p, q, f0 = cfg.innovation, cfg.imitation, cfg.adopted_at_start
    if p == 0.0:  # imitation only: the logistic through f0
        grown = f0 * math.exp(q * years)
        return grown / (1.0 - f0 + grown)
    c = (1.0 - f0) / (1.0 + f0 * q / p) * math.exp(-(p + q) * years)
    return (1.0 - c) / (1.0 + (q / p) * c)
