"""The workshop page edits a variant's changes over time and a menu's plans: the server shows them,
takes them back, validates them by field, and writes them into the exported experiment."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from sim.workshop.study import edited, open_study
from tests.helpers.configs import SMALL
from tests.helpers.workshop import running_workshop

MENU = SMALL + """
[variants.menu.pricing]
model = "menu"
plans.streaming = { model = "streaming", monthly_fee = 7.99 }
plans.dvd = { model = "subscription", monthly_fee = 9.99, titles_at_home = 1, copies_per_customer = 2.0 }
[[variants.menu.changes]]
at_month = 4
notice_days = 20
set = { "pricing.plans.dvd.monthly_fee" = 12.99 }
label = "dvd +30%"
"""
RAISE = [{"at_month": 3, "at_day": None, "notice_days": 30, "set": {"pricing.monthly_fee": 24.99},
          "existing_customers": "after_grandfathering", "grandfather_months": 2, "label": "rise"}]


@pytest.fixture
def workshop(tmp_path: Path):
    with running_workshop(tmp_path, study=MENU) as pair:
        yield pair


def test_the_page_gets_each_variants_changes_and_a_menus_plans(workshop) -> None:
    _, client = workshop
    status, study = client.answer("GET", "/api/study?ref=configs/small.toml")
    assert status == 200
    menu = study["variants"]["menu"]
    assert menu["changes"][0]["set"] == {"pricing.plans.dvd.monthly_fee": 12.99}
    assert set(menu["values"]["pricing"]["plans"]) == {"streaming", "dvd"}
    assert {f["name"] for f in study["change_fields"]} >= {"at_month", "notice_days", "set", "existing_customers"}
    pricing = next(g for g in study["groups"] if g["name"] == "pricing")
    assert pricing["options"]["menu"]["fields"][0]["kind"] == "plans"


def test_an_added_change_goes_into_the_experiment(workshop) -> None:
    app, client = workshop
    status, answer = client.answer("POST", "/api/check", {
        "study": "configs/small.toml", "variants": {"subscription": {"changes": RAISE}}})
    assert status == 200, answer
    assert any("changes" in line for line in answer["changes"])
    loaded, _ = edited(open_study(app.roots, "configs/small.toml"),
                       {"study": "configs/small.toml", "variants": {"subscription": {"changes": RAISE}}})
    written = tomllib.loads(loaded.text)["variants"]["subscription"]["changes"]
    assert written == [{"at_month": 3, "notice_days": 30, "set": {"pricing.monthly_fee": 24.99},
                        "existing_customers": "after_grandfathering", "grandfather_months": 2, "label": "rise"}]
    change = loaded.config.variants["subscription"].changes[0]
    assert change.grandfathered_until > change.day


def test_removing_every_change_and_editing_plans(workshop) -> None:
    app, _ = workshop
    plans = {"streaming": {"model": "streaming", "monthly_fee": 8.99},
             "dvd": {"model": "subscription", "monthly_fee": 9.99, "titles_at_home": 2, "copies_per_customer": 2.0}}
    levers = {"menu": {"changes": [], "pricing": {"model": "menu", "plans": plans}}}
    submission = {"study": "configs/small.toml", "variants": levers}
    loaded, lines = edited(open_study(app.roots, "configs/small.toml"), submission)
    menu = loaded.config.variants["menu"]
    assert menu.changes == ()
    assert menu.pricing.plans["streaming"].monthly_fee == 8.99 and menu.pricing.plans["dvd"].titles_at_home == 2
    assert lines


@pytest.mark.parametrize("changes, expected", [
    ([{**RAISE[0], "at_month": 99}], "takes effect on day"),
    ([{**RAISE[0], "set": {"pricing.monthly_fees": 3}}], "unknown lever"),
    ({"at_month": 3}, "must be a JSON list of changes"),
    (["x"], "changes.0 must be a JSON object"),
])
def test_bad_changes_are_refused_by_field(workshop, changes, expected: str) -> None:
    _, client = workshop
    status, answer = client.answer("POST", "/api/check", {
        "study": "configs/small.toml", "variants": {"subscription": {"changes": changes}}})
    assert status in (400, 422)
    assert expected in str(answer), answer
