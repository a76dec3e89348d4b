"""Retention tactics: postcards on birthdays, an exact discount, costs in their own categories,
zero effects change nothing but money, and bad lever input."""

from __future__ import annotations

import math

import pytest

from sim.config import parse_experiment
from sim.config.scenario import Effects
from sim.metrics import kpis
from sim.clock import DAYS_PER_YEAR
from sim.model.ledger import Ledger
from sim.model.world import RunSpec, World

HORIZON = 500.0
ZERO_EFFECTS = "\n".join(f"{name} = 0.0" for name in Effects.model_fields) + "\n[scenario.complaints]\ngrievance = 0.0"

CONFIG = """
[scenario.customers]
initial = 120
initial_base = "fresh"
marketing_prospects_per_month = 20
[scenario.catalogue]
titles = 60
[scenario.goodwill.effects]
{effects}
[variants.none]
baseline = true
[variants.postcard.retention]
tactic = "postcard"
postcard_cost = 1.25
[variants.discount.retention]
tactic = "discount"
discount_percent = 10.0
[variants.targeted_discount.retention]
tactic = "discount"
targeted = true
goodwill_threshold = -0.1
[variants.targeted_postcard.retention]
tactic = "postcard"
targeted = true
"""


def world(variant: str, zero_effects: bool = False, replication: int = 0) -> World:
    text = CONFIG.replace("{effects}", ZERO_EFFECTS if zero_effects else "")
    cfg = parse_experiment(text).config
    w = World(RunSpec(cfg.scenario, cfg.variants[variant], 11, replication, HORIZON))
    w.run()
    return w


def lives(w: World) -> list[tuple[int, float, float, bool]]:
    return [(r.customer_id, r.join_day, r.end_day, r.churned, r.churn_reason) for r in w.ours.records().customers]


def birthdays_while_active(w: World) -> int:
    """Days join <= b + 365k < end (the horizon for customers still active)."""
    total = 0
    for c in w.ours.customers:
        end = c.end_day if not c.active else HORIZON
        first = c.traits.birthday + DAYS_PER_YEAR * math.ceil((c.join_day - c.traits.birthday) / DAYS_PER_YEAR)
        total += sum(1 for k in range(3) if first + k * DAYS_PER_YEAR < end)
    return total


def test_one_postcard_per_active_customer_birthday_costed_under_postcards() -> None:
    w = world("postcard")
    sent = sum(w.ours.counters.series("postcards"))
    assert sent == birthdays_while_active(w) > 50
    assert sum(w.ours.ledger.costs["postcards"]) == pytest.approx(1.25 * sent)
    k = kpis(w.ours.records())
    assert k["postcards"] == sent
    assert k["retention_spend"] == pytest.approx(1.25 * sent)
    assert k["discounts"] == 0.0


def test_targeted_postcards_reach_only_some_customers() -> None:
    sent = sum(world("targeted_postcard").ours.counters.series("postcards"))
    assert 0 < sent < birthdays_while_active(world("postcard"))


def charges(variant: str) -> tuple[list[tuple[float, str, float]], World]:
    """Every positive amount earned (a charge), in order, with the world it came from."""
    text = CONFIG.replace("{effects}", ZERO_EFFECTS)
    cfg = parse_experiment(text).config
    w = World(RunSpec(cfg.scenario, cfg.variants[variant], 11, 0, HORIZON))
    w.ours.ledger = SpyLedger(w.ours.months)
    w.run()
    return w.ours.ledger.seen, w


class SpyLedger(Ledger):
    """A ledger that remembers every charge."""

    __slots__ = ("seen",)

    def __init__(self, months: int) -> None:
        super().__init__(months)
        self.seen: list[tuple[float, str, float]] = []

    def earn(self, t: float, stream: str, amount: float) -> None:
        if amount > 0:
            self.seen.append((t, stream, amount))
        super().earn(t, stream, amount)


def test_discount_takes_exactly_x_percent_off_each_charge() -> None:
    (base, _), (disc, w) = charges("none"), charges("discount")
    assert len(base) == len(disc) > 1000
    for (t0, s0, a0), (t1, s1, a1) in zip(base, disc):
        assert (t0, s0) == (t1, s1) and a1 == pytest.approx(0.9 * a0, rel=1e-12)
    given = sum(w.ours.ledger.given_back["discounts"])
    # a billing error duplicates a charge outside `charge`: its forgone tenth is not given back
    assert given == pytest.approx(sum(a for *_, a in base) - sum(a for *_, a in disc), rel=0.01)


def test_discount_is_given_back_not_cost_and_totals_add_up() -> None:
    w = world("discount")
    k = kpis(w.ours.records())
    assert k["discounts"] > 0
    assert k["discounts"] == pytest.approx(sum(w.ours.ledger.given_back["discounts"]))
    assert k["retention_spend"] == pytest.approx(k["discounts"])
    assert k["revenue"] == pytest.approx(sum(k[f"revenue_{s}"] for s in w.ours.ledger.revenue))
    assert k["costs"] == pytest.approx(sum(map(sum, w.ours.ledger.costs.values())))
    assert k["profit"] == pytest.approx(k["revenue"] - k["costs"])
    assert sum(w.ours.ledger.costs["postcards"]) == 0.0


@pytest.mark.parametrize("variant", ["postcard", "discount", "targeted_discount", "targeted_postcard"])
def test_with_zero_effects_a_tactic_changes_nothing_but_money(variant: str) -> None:
    base, other = world("none", zero_effects=True), world(variant, zero_effects=True)
    assert lives(base) == lives(other)
    assert [c.rentals for c in base.ours.customers] == [c.rentals for c in other.ours.customers]


def test_targeted_discount_reaches_only_unhappy_customers() -> None:
    w = world("targeted_discount")
    enrolled = w.ours.retention.enrolled
    assert 0 < len(enrolled) < len(w.ours.customers)
    assert sum(w.ours.counters.series("discounts_offered")) == len(enrolled)


@pytest.mark.slow
def test_discount_lowers_churn_of_price_sensitive_customers_over_replications() -> None:
    diffs = []
    for r in range(6):
        base, disc = (kpis(world(v, replication=r).ours.records()) for v in ("none", "discount"))
        diffs.append(disc["monthly_churn_rate"] - base["monthly_churn_rate"])
    assert sum(diffs) / len(diffs) < 0


BAD = {
    "unknown_tactic": ("[variants.a.retention]\ntactic = 'flowers'\n", "variants.a.retention.tactic"),
    "discount_100": ("[variants.a.retention]\ntactic = 'discount'\ndiscount_percent = 100\n",
                     "variants.a.retention.discount_percent"),
    "discount_negative": ("[variants.a.retention]\ndiscount_percent = -1\n", "variants.a.retention.discount_percent"),
    "postcard_cost": ("[variants.a.retention]\npostcard_cost = -0.5\n", "variants.a.retention.postcard_cost"),
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_retention_input(name: str, config_error) -> None:
    text, expected = BAD[name]
    config_error("[variants.a]\nbaseline = true\n" + text, expected, name=name)
