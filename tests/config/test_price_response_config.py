"""configs/price_response.toml loads, and each of its variants makes the one rise it is named for."""

from __future__ import annotations

from pathlib import Path

import pytest

from sim.analysis.price_response import price_rises
from sim.config import load_experiment

PATH = Path(__file__).parent.parent.parent / "configs" / "price_response.toml"
SIZES = (5, 10, 20, 40, 60, 100)
WAYS = {"at_once": (0.0, "at_once", 0.0), "notice": (30.0, "at_once", 0.0),
        "grandfathered": (0.0, "after_grandfathering", 6.0)}


def test_every_variant_is_one_rise_of_the_fee_at_month_12_made_one_way() -> None:
    config = load_experiment(PATH).config
    assert list(config.variants) == ["no_change", *(f"raise_{s}_{w}" for s in SIZES for w in WAYS)]
    base = config.variants["no_change"]
    assert base.baseline and not base.changes and base.pricing.model == "subscription"
    for size in SIZES:
        for way, (notice, existing, months) in WAYS.items():
            variant = config.variants[f"raise_{size}_{way}"]
            assert variant.pricing == base.pricing
            (change,) = variant.changes
            assert change.set == {"pricing.monthly_fee": pytest.approx(19.95 * (1 + size / 100))}
            assert (change.at_month, change.notice_days, change.existing_customers, change.grandfather_months) \
                == (12.0, notice, existing, months)


def test_it_is_recognised_as_a_price_response_study_with_three_ways() -> None:
    rises = price_rises(load_experiment(PATH).config)
    assert len(rises) == 18
    assert {r.way for r in rises} == {"at once", "30 days' notice", "grandfathered 6 months"}
    assert sorted({round(100 * r.size) for r in rises}) == list(SIZES)


def test_the_horizon_reaches_12_months_after_the_rise() -> None:
    assert load_experiment(PATH).config.experiment.horizon_days > 24 * 365 / 12
