"""Awareness of a firm's plans: a plan launched during the run is learned of month by month.

The plans a firm offers when it opens are known to every household. A plan launched later is known
to `launch_awareness` of households on the day, and at each month start to a further share of those
who do not know it: the firm's marketing to its own customers (`awareness_per_month`) and word of
mouth in proportion to the plan's share of the market's customers (the same weight as a rival's
word of mouth, scenario.market.choice.awareness_word_of_mouth). A household knows the plan once its
awareness passes the household's own draw for it (a stream keyed by household, firm and plan name),
so awareness only grows and each household's turn is the same in every variant. A customer told of a
new price for its plan hears of the whole new menu with it (the announcement lists it), and a
customer always knows the plan it is on.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Generator, Iterable
from typing import TYPE_CHECKING, Any

from sim.clock import MONTH
from sim.counter_names import AWARE_OF_PLAN

if TYPE_CHECKING:
    from sim.model.firm import Firm
    from sim.model.pricing import Plan


class PlanAwareness:
    """Which of a firm's plans each household knows of."""

    def __init__(self, firm: "Firm", opening: Iterable["Plan"]) -> None:
        self.firm = firm
        self.known_to_all = {p.name for p in opening}
        self.level: dict[str, float] = {}  # share of households aware of each launched plan
        self.told: defaultdict[str, set[int]] = defaultdict(set)  # households told by an announcement
        self.draws: dict[tuple[int, str], float] = {}

    def launch(self, plans: Iterable["Plan"]) -> None:
        """Plans offered from now: those never offered before start at the launch awareness, and the
        monthly growth starts with the first of them."""
        new = [p.name for p in plans if p.name not in self.known_to_all and p.name not in self.level]
        if new and not self.level:
            self.firm.env.process(self.growing())
        for name in new:
            self.level[name] = self.firm.scenario.plan_choice.launch_awareness

    def tell(self, cid: int, plans: Iterable["Plan"]) -> None:
        """A household told of these plans (an announcement of new prices for its own)."""
        for p in plans:
            if p.name not in self.known_to_all:
                self.told[p.name].add(cid)

    def knows(self, cid: int, plan: "Plan") -> bool:
        """Whether the household knows of the plan (its own draw against the plan's awareness)."""
        level = self.level.get(plan.name)
        if level is None or level >= 1.0 or cid in self.told[plan.name]:
            return True
        draw = self.draws.get((cid, plan.name))
        if draw is None:
            rng = self.firm.market.streams.stream(f"household.plan.{self.firm.name}.{plan.name}", cid)
            draw = self.draws[(cid, plan.name)] = float(rng.random())
        return draw < level

    def known(self, cid: int, plans: tuple["Plan", ...]) -> tuple["Plan", ...]:
        """The plans the household knows of (all of them if it knows none: the firm sells something)."""
        if not self.level:
            return plans
        known = tuple(p for p in plans if self.knows(cid, p))
        return known or plans

    def growing(self) -> Generator[Any, Any, None]:
        """At each month start: the awareness of each launched plan (a series), then its growth."""
        firm, market = self.firm, self.firm.market
        per_month = firm.scenario.plan_choice.awareness_per_month
        wom = firm.scenario.market.choice.awareness_word_of_mouth
        first = int(firm.env.now // MONTH) + 1
        for m in range(first, firm.months):
            yield firm.env.timeout(m * MONTH - firm.env.now)
            total = sum(f.active_count for f in market.firms)
            on_plan: defaultdict[str, int] = defaultdict(int)
            for c in firm.recently_active:
                if c.active:
                    on_plan[c.pricing.name] += 1
            for name, level in self.level.items():
                firm.count(AWARE_OF_PLAN + name, level)
                share = on_plan[name] / total if total else 0.0
                self.level[name] = level + (1.0 - level) * min(1.0, per_month + wom * share)
