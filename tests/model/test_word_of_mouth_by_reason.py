"""Word of mouth by reason: a leaver who went over the price lowers the reputation by its own
weight, one who went over the service by the service weight (issue 29, item 4)."""

from __future__ import annotations

import pytest

from sim.config import parse_experiment
from sim.model.world import RunSpec, World

CONFIG = """
[scenario.customers]
initial = 100
initial_base = "fresh"
[scenario.catalogue]
titles = 40
[scenario.word_of_mouth]
reputation_hit = 0.09
price_reputation_hit = 0.02
[variants.a]
baseline = true
[variants.a.pricing]
model = "subscription"
"""


def opened() -> World:
    cfg = parse_experiment(CONFIG).config
    w = World(RunSpec(cfg.scenario, cfg.variants["a"], 5, 0, 60.0))
    w.start()
    return w


@pytest.mark.parametrize(("reason", "weight"), [("price", 0.02), ("price_change", 0.02),
                                                 ("stockout", 0.09), ("baseline", 0.09)])
def test_an_unhappy_leaver_lowers_the_reputation_by_the_weight_of_its_reason(reason: str, weight: float) -> None:
    w = opened()
    firm = w.ours
    firm.leave(firm.customers[0], reason, goodwill=-5.0)
    audience = firm.market.audience(firm)  # the customers who stay hear it
    assert firm.reputation.at(0.0) == pytest.approx(-weight * 100.0 / audience)


def test_a_leaver_counted_for_no_reason_speaks_of_its_worst_experience() -> None:
    w = opened()
    firm = w.ours
    firm.leave(firm.customers[0], "baseline", goodwill=-5.0, grievance="price_change")
    assert firm.reputation.at(0.0) == pytest.approx(-0.02 * 100.0 / firm.market.audience(firm))


def test_a_happy_leaver_says_nothing_whatever_its_reason() -> None:
    w = opened()
    w.ours.leave(w.ours.customers[0], "price_change", goodwill=0.0)
    assert w.ours.reputation.at(0.0) == 0.0
