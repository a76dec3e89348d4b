"""Listening to lost customers: exit surveys, and a fix of the most reported reason each period.

Churned customers answer with their churn reason, prospects who did not join with theirs (price
or reputation). Every review period the business takes the most reported reason that a fix on
its menu addresses and that it has not fixed yet, pays for the fix, and tells every active
customer. Each fix is made at most once: once the late fee is cut or staff are trained, a second
round of the same fix is a different decision, not a response to the same complaint. Answers are
drawn from streams of their own, so surveying never shifts anyone else's draws.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Generator
from typing import TYPE_CHECKING, Any, Callable

from sim.config.levers import Feedback
from sim.counter_names import FIXES_MADE, FIX_OF, SURVEY_ANSWERS, SURVEY_REASON_OF

if TYPE_CHECKING:
    from sim.model.customer import Customer
    from sim.policies.view import FirmView

STAFF_MADE = (
    "long_wait", "unfriendly_visit", "pushy_visit", "buyers_remorse", "complaint_refused", "billing_error",
)
REASON_FIX = {
    "stockout": "more_copies",
    "late_fee": "lower_late_fee",
    "price": "lower_price",
    **{kind: "staff_training" for kind in STAFF_MADE},
}


class NoFeedback:
    """Nobody asks lost customers anything."""

    def __init__(self, cfg: Feedback) -> None:
        self.cfg = cfg

    def start(self, firm: "FirmView") -> None:
        """No reviews to schedule."""

    def customer_lost(self, firm: "FirmView", c: "Customer", reason: str) -> None:
        """No exit survey."""

    def prospect_lost(self, firm: "FirmView", cid: int, reason: str) -> None:
        """No survey of prospects."""


class ExitSurveys(NoFeedback):
    """Exit surveys, a quarterly review, one fix per review, announced to active customers."""

    def __init__(self, cfg: Feedback) -> None:
        super().__init__(cfg)
        self.tally: Counter[str] = Counter()
        self.made: set[str] = set()

    def start(self, firm: "FirmView") -> None:
        firm.env.process(self.reviews(firm))

    def customer_lost(self, firm: "FirmView", c: "Customer", reason: str) -> None:
        if firm.rng_for(c, "survey").random() < firm.scenario.exit_surveys.churned_response_rate:
            self.answer(firm, reason)

    def prospect_lost(self, firm: "FirmView", cid: int, reason: str) -> None:
        if firm.streams.stream("survey.prospect", cid).random() < firm.scenario.exit_surveys.prospect_response_rate:
            self.answer(firm, reason)

    def answer(self, firm: "FirmView", reason: str) -> None:
        firm.spend("surveys", self.cfg.cost_per_answer)
        firm.count(SURVEY_ANSWERS)
        firm.count(SURVEY_REASON_OF + reason)
        self.tally[reason] += 1

    def reviews(self, firm: "FirmView") -> Generator[Any, Any, None]:
        """Every review period until the programme is changed (sim.model.timeline)."""
        while True:
            yield firm.env.timeout(self.cfg.review_days)
            if firm.feedback is not self:
                return
            fix = self.choose(firm)
            self.tally.clear()
            if fix is not None:
                self.make(firm, fix)

    def choose(self, firm: "FirmView") -> str | None:
        """The fix for the most reported reason that can still be fixed (ties: alphabetical)."""
        for reason, _ in sorted(self.tally.items(), key=lambda kv: (-kv[1], kv[0])):
            fix = REASON_FIX.get(reason)
            if fix in self.cfg.menu and fix not in self.made and applicable(firm, fix):
                return fix
        return None

    def make(self, firm: "FirmView", fix: str) -> None:
        """Pay for the fix, change the firm, and tell every active customer."""
        firm.spend("fixes", FIXES[fix](firm, self.cfg))
        self.made.add(fix)
        firm.count(FIXES_MADE)
        firm.count(FIX_OF + fix)
        for c in firm.customers:
            if c.active:
                firm.experience(c, "fix_announced")


def applicable(firm: "FirmView", fix: str) -> bool:
    """A late-fee cut needs late fees to cut, a price cut one price to cut (not a menu's several);
    every other fix always applies."""
    if fix in ("lower_late_fee", "lower_price") and firm.pricing.channel == "menu":
        return False
    if fix != "lower_late_fee":
        return True
    cfg = firm.pricing.cfg
    return getattr(cfg, "late_fee_per_day", 0.0) > 0 and cfg.enforcement in ("enforce", "waive_on_request")


def more_copies(firm: "FirmView", cfg: Feedback) -> float:
    """Buy copies one at a time for the title with the most demand per copy owned."""
    cat = firm.catalogue
    share = [hi - lo for lo, hi in zip([0.0, *cat.cumulative[:-1]], cat.cumulative)]
    for _ in range(cfg.copies_added):
        title = max(range(len(share)), key=lambda j: share[j] / max(cat.owned[j], 1))
        cat.add_copies(title, 1)
    return cfg.copies_added * firm.scenario.catalogue.cost_per_copy + cfg.copies_fix_cost


def lower_late_fee(firm: "FirmView", cfg: Feedback) -> float:
    reprice(firm, "late_fee_per_day", 1.0 - cfg.late_fee_cut)
    return cfg.late_fee_fix_cost


def staff_training(firm: "FirmView", cfg: Feedback) -> float:
    """Trained staff make the bad experiences they cause hurt less."""
    for kind in STAFF_MADE:
        if firm.effects.get(kind, 0.0) < 0:
            firm.effects[kind] *= 1.0 - cfg.training_effect
    return cfg.training_cost


def lower_price(firm: "FirmView", cfg: Feedback) -> float:
    reprice(firm, "rental_fee" if firm.pricing.channel == "store" else "monthly_fee", 1.0 - cfg.price_cut)
    return cfg.price_fix_cost


def reprice(firm: "FirmView", key: str, factor: float) -> None:
    """New terms from now on; rentals already out keep the terms they were rented on."""
    cfg = firm.pricing.cfg
    firm.offer(firm.pricing_for(cfg.model_copy(update={key: getattr(cfg, key) * factor})))


FIXES: dict[str, Callable[["FirmView", Feedback], float]] = {
    "more_copies": more_copies,
    "lower_late_fee": lower_late_fee,
    "staff_training": staff_training,
    "lower_price": lower_price,
}


def feedback_programme(cfg: Feedback) -> NoFeedback:
    """The registry's choice: surveys and fixes when enabled, nothing otherwise."""
    return ExitSurveys(cfg) if cfg.enabled else NoFeedback(cfg)
