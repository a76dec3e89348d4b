"""A price typed as "+20%" becomes the new price in cents, against the value in force before it;
a changed variant's description says what changed; the form carries units and when a field applies."""

from __future__ import annotations

import tomllib

from sim.config import parse_experiment
from sim.workshop.form import lever_groups
from sim.workshop.study import Study, edited, relative
from tests.helpers.configs import SMALL


def _study(text: str = SMALL) -> Study:
    loaded = parse_experiment(text, "configs/small.toml")
    return Study("configs/small.toml", loaded, tomllib.loads(text))


def test_relative_values() -> None:
    assert relative("+20%", 19.95) == 23.94
    assert relative("-10%", 19.95) == 17.96  # 17.955 in cents
    assert relative(" + 5 % ", 4) == 4.2
    assert relative("+100%", 3) == 6 and isinstance(relative("+100%", 3), int)
    assert relative("20%", 19.95) == "20%"  # no sign: not a change, the models refuse it by field
    assert relative("+20%", "enforce") == "+20%"


def test_a_lever_raised_by_percent_and_its_description() -> None:
    study = _study(SMALL.replace('model = "subscription"', 'model = "subscription"\n[variants.subscription]\n'
                                 'description = "Netflix at $19.95"'))
    loaded, changes = edited(study, {"variants": {"subscription": {"pricing": {"model": "subscription",
                                                                               "monthly_fee": "+20%"}}}})
    assert loaded.config.variants["subscription"].pricing.monthly_fee == 23.94
    assert changes == ["subscription.pricing.monthly_fee 19.95 -> 23.94"]
    assert loaded.config.variants["subscription"].description == (
        "Netflix at $19.95 (changed in the workshop: pricing.monthly_fee 19.95 -> 23.94)")
    assert loaded.config.variants["late_fees"].description == ""


def test_a_dated_change_by_percent_counts_from_the_price_before_it() -> None:
    later = {"at_month": 6, "set": {"pricing.monthly_fee": "+10%"}}
    first = {"at_month": 3, "set": {"pricing.monthly_fee": "+20%"}}
    loaded, _ = edited(_study(), {"variants": {"subscription": {"changes": [later, first]}}})
    fees = [c.set["pricing.monthly_fee"] for c in loaded.config.variants["subscription"].changes]
    assert fees == [26.33, 23.94]  # 19.95 * 1.2 = 23.94 at month 3, then 23.94 * 1.1 = 26.334 at month 6


def test_fields_carry_units_and_when_they_apply() -> None:
    pricing = next(g for g in lever_groups() if g["name"] == "pricing")
    per_rental = {f["name"]: f for f in pricing["options"]["per_rental"]["fields"]}
    assert per_rental["grace_days"]["when"] == {"field": "enforcement", "is": "convert_to_sale", "many": False}
    assert per_rental["grace_days"]["unit"] == "days"
    assert per_rental["rental_fee"]["unit"] == "$ per title"
    assert per_rental["stores_open"]["scale"] == 100 and per_rental["stores_open"]["unit"] == "%"
    assert pricing["options"]["subscription"]["fields"][0]["unit"] == "$ per month"
