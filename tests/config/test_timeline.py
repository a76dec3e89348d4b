"""Bad changes get one line naming the file and the key, exit 2, nothing written."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from sim.config import parse_experiment
from sim.config.timeline import regimes

HEAD = """
[experiment]
horizon_days = 365
[variants.v]
baseline = true
pricing = { model = "subscription", monthly_fee = 19.95 }
"""


def changes(*bodies: str) -> str:
    return HEAD + "".join(f"[[variants.v.changes]]\n{body}\n" for body in bodies)


@pytest.mark.parametrize("body, expected", [
    ('at_month = 13\nset = { "pricing.monthly_fee" = 25.0 }', "variants.v.changes.0: takes effect on day"),
    ('at_day = 30\nnotice_days = 40\nset = { "pricing.monthly_fee" = 25.0 }', "notice_days (40) reaches before day 0"),
    ('at_month = 2\nset = { "pricing.monthly_fees" = 25.0 }', "unknown lever 'pricing.monthly_fees'"),
    ('at_month = 2\nset = { "pricing.monthly_fee" = -1.0 }', "changes.0.set.pricing.monthly_fee"),
    ('at_month = 2\nset = { "pricing.titles_at_home" = 0 }', "greater than or equal to 1"),
    ('at_month = 2\nset = { "complaints.policy" = "kind" }', "changes.0.set.complaints.policy"),
    ('at_month = 2\nset = { "pricing.model" = "barter" }', "unknown pricing model 'barter'"),
    ('at_month = 2\nset = { "baseline" = false }', "'baseline' is not a lever"),
    ('at_month = 2\nat_day = 3\nset = { "pricing.monthly_fee" = 25.0 }', "exactly one of at_month or at_day"),
    ('set = { "pricing.monthly_fee" = 25.0 }', "exactly one of at_month or at_day"),
    ('at_month = 2\nset = {}', "changes.0.set"),
    ('at_month = 2\nset = { "pricing.monthly_fee" = 25.0 }\nexisting_customers = "sometimes"', "existing_customers"),
    ('at_month = 2\nset = { "pricing.monthly_fee" = 25.0 }\nexisting_customers = "after_grandfathering"',
     "needs grandfather_months > 0"),
    ('at_month = 2\nset = { "pricing.monthly_fee" = 25.0 }\ngrandfather_months = 3', "grandfather_months needs"),
    ('at_month = 2\nset = { "retention.tactic" = "postcard" }\nexisting_customers = "never"', "applies to prices only"),
    ('at_month = 2\nset = { "pricing.monthly_fee" = 25.0 }\nexisting_customers = "never"\nphase_in_months = 3',
     "phase_in_months needs existing customers who move"),
    ('at_month = 2\nwhen = 3\nset = { "pricing.monthly_fee" = 25.0 }', "changes.0.when: unknown key"),
])
def test_bad_changes(config_error: Callable[..., None], body: str, expected: str) -> None:
    config_error(changes(body), expected, command="check")


def test_two_changes_of_one_path_at_one_time(config_error: Callable[..., None]) -> None:
    config_error(changes('at_month = 2\nset = { "pricing.monthly_fee" = 25.0 }',
                         'at_month = 2\nset = { "pricing.monthly_fee" = 27.0 }'),
                 "changes 0 and 1 both set 'pricing.monthly_fee' on day", command="check")


def test_changes_apply_in_time_order_and_a_new_model_starts_a_fresh_table() -> None:
    text = HEAD.replace('model = "subscription", monthly_fee = 19.95', 'model = "per_rental", rental_fee = 3.99') + """
[[variants.v.changes]]
at_month = 6
set = { pricing = { model = "subscription", monthly_fee = 17.99 } }
[[variants.v.changes]]
at_month = 2
set = { "pricing.enforcement" = "none" }
"""
    variant = parse_experiment(text).config.variants["v"]
    steps = regimes(variant)
    assert [r.change.at_month for r in steps] == [2, 6]
    assert steps[0].levers.pricing.enforcement == "none" and steps[0].levers.pricing.rental_fee == 3.99
    assert steps[1].levers.pricing.model == "subscription" and steps[1].levers.pricing.monthly_fee == 17.99
    assert steps[1].levers.pricing.titles_at_home == 3  # the new model's defaults

