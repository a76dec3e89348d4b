"""The workshop page edits the rivals (scenario.rivals, apart from our variants) and the market's
parameters: the server shows them, takes edits back, validates them by field, writes them into the
exported experiment, and puts the market's plots in a section of their own."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from sim.workshop.study import edited, open_study
from sim.workshop.views import MARKET_PLOTS
from tests.helpers.configs import DUEL
from tests.helpers.results import stub_market_results
from tests.helpers.workshop import running_workshop

STUDY = "configs/small.toml"
LOWER_FEE = {"pricing": {"model": "subscription", "monthly_fee": 15.0, "titles_at_home": 3, "copies_per_customer": 4.0},
             "entry": {"enters_month": 2, "awareness_per_month": 0.2}}


@pytest.fixture
def workshop(tmp_path: Path):
    with running_workshop(tmp_path, study=DUEL) as pair:
        yield pair


def test_the_page_gets_the_rivals_levers_apart_from_ours(workshop) -> None:
    _, client = workshop
    status, study = client.answer("GET", f"/api/study?ref={STUDY}")
    assert status == 200
    assert set(study["variants"]) == {"late_fees", "subscription"} and set(study["rivals"]) == {"mailco"}
    mailco = study["rivals"]["mailco"]["values"]
    assert mailco["entry"]["enters_month"] == 1 and mailco["entry"]["marketing_prospects_per_month"] == 6
    assert mailco["pricing"] == {"model": "subscription", "monthly_fee": 17.99, "titles_at_home": 3,
                                 "copies_per_customer": 4.0}
    entry, *levers = study["rival_groups"]
    assert entry["own"] and {f["name"] for f in entry["fields"]} >= {
        "enters_month", "marketing_prospects_per_month", "initial_awareness", "awareness_per_month"}
    assert levers == study["groups"]  # the same editors as a variant's
    market = {f["name"]: f["value"] for f in study["market"]}
    assert market["scenario.market.choice.switching_cost"] == 1.0 and market["scenario.market.arrivals"] == "marketing"


def test_a_study_without_rivals_has_no_rival_fields(tmp_path: Path) -> None:
    with running_workshop(tmp_path) as (_, client):
        study = client.answer("GET", f"/api/study?ref={STUDY}")[1]
    assert study["rivals"] == {} and study["market"] == []


def test_edited_rival_and_market_values_go_into_the_experiment(workshop) -> None:
    app, client = workshop
    change = [{"at_month": 4, "notice_days": 0, "set": {"pricing.monthly_fee": 12.99}, "existing_customers": "at_once",
               "grandfather_months": 0, "label": "rival price cut"}]
    body = {"study": STUDY, "rivals": {"mailco": {**LOWER_FEE, "changes": change}},
            "market": {"scenario.market.choice.switching_cost": 2.5}}
    status, answer = client.answer("POST", "/api/check", body)
    assert status == 200, answer
    assert "scenario.rivals.mailco.pricing.monthly_fee 17.99 -> 15" in answer["changes"]
    assert "scenario.market.choice.switching_cost 1 -> 2.5" in answer["changes"]
    loaded, _ = edited(open_study(app.roots, STUDY), body)
    raw = tomllib.loads(loaded.text)
    assert raw["scenario"]["rivals"]["mailco"] == {
        "enters_month": 2, "marketing_prospects_per_month": 6, "awareness_per_month": 0.2,
        "pricing": {"model": "subscription", "monthly_fee": 15.0},
        "changes": [{"at_month": 4, "set": {"pricing.monthly_fee": 12.99}, "label": "rival price cut"}]}
    assert raw["scenario"]["market"] == {"choice": {"switching_cost": 2.5}}
    assert "pricing" not in raw["variants"]["late_fees"]  # our levers untouched
    rival = loaded.config.scenario.rivals["mailco"]
    assert rival.pricing.monthly_fee == 15.0 and rival.changes[0].set == {"pricing.monthly_fee": 12.99}


@pytest.mark.parametrize("rivals, market, field, expected", [
    ({"mailco": {"pricing": {"model": "subscription", "monthly_fee": -1}}}, {},
     "scenario.rivals.mailco.pricing.monthly_fee", "greater than or equal to 0"),
    ({"mailco": {"entry": {"awareness_per_month": 1.5}}}, {},
     "scenario.rivals.mailco.awareness_per_month", "less than or equal to 1"),
    ({"mailco": {"entry": {"enters_month": 9}}}, {},
     "scenario.rivals.mailco.enters_month", "on or after the horizon"),
    ({}, {"scenario.market.choice.switching_cost": -1},
     "scenario.market.choice.switching_cost", "greater than or equal to 0"),
    ({"rivalco": {}}, {}, "", "unknown name 'rivalco' in scenario.rivals; the study has mailco"),
    ({}, {"scenario.customers.initial": 5}, "", "not one of this study's market parameters"),
])
def test_bad_rival_and_market_values_come_back_by_field(workshop, rivals, market, field: str, expected: str) -> None:
    _, client = workshop
    status, answer = client.answer("POST", "/api/check", {"study": STUDY, "rivals": rivals, "market": market})
    assert status == 422
    assert expected in answer["errors"][field], answer


def test_a_rival_not_shaped_like_the_form_is_named(workshop) -> None:
    _, client = workshop
    status, answer = client.answer("POST", "/api/run", {"study": STUDY, "rivals": {"mailco": {"pricing": [1]}}})
    assert status == 400 and "scenario.rivals.mailco.pricing must be a JSON object" in answer["message"]
    assert client.runs_started() == 0



def test_the_market_plots_get_a_section_of_their_own(workshop) -> None:
    app, client = workshop
    ref = stub_market_results(app.roots.results)
    assert client.request("GET", f"/api/study?ref={ref}")[0] == 200  # joins the side list as run 1
    status, run = client.answer("GET", "/api/runs/1")
    assert status == 200, run
    assert [(p["name"], p["section"]) for p in run["plots"]] == [
        ("kpi_bars", "results"), ("market_share", "market"), ("lost_customers_went", "market")]
    shown = next(p for p in run["plots"] if p["name"] == "market_share")
    assert shown["caption"] == MARKET_PLOTS["market_share"]  # not the bare file name
    assert client.request("GET", shown["url"]) == (200, b"\x89PNG\r\n\x1a\nmarket_share")
    assert run["market"] == ""  # the stored study has no rivals: no market text


@pytest.mark.slow
def test_a_run_with_an_edited_rival_writes_it_into_its_config(workshop) -> None:
    app, client = workshop
    status, answer = client.answer("POST", "/api/run", {"study": STUDY, "rivals": {"mailco": LOWER_FEE}})
    assert status == 202, answer
    run = client.wait_for(answer["id"], seconds=120)
    assert run["state"] == "done", run
    assert "scenario.rivals.mailco.pricing.monthly_fee 17.99 -> 15" in run["changes"]
    written = tomllib.loads((app.runner.runs[0].folder / "config.toml").read_text(encoding="utf-8"))
    assert written["scenario"]["rivals"]["mailco"]["pricing"]["monthly_fee"] == 15.0
    market = [p["name"] for p in run["plots"] if p["section"] == "market"]
    assert market == ["market_share", "lost_customers_went"]  # drawn by sim.plots.market
    assert "<code>mailco</code>" in run["market"] and "<table" in run["market"]  # the report's market section
