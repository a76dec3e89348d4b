"""The workshop's lever form comes from the config models; edits become a minimal, valid TOML file."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from sim.config import Variant
from sim.workshop.form import lever_groups, uncertainty_fields
from sim.workshop.paths import Refused, Roots
from sim.workshop.study import Invalid, edited, open_study
from sim.workshop.toml_out import dumps

from tests.helpers.configs import SMALL


def test_every_table_of_a_variant_is_a_lever_group() -> None:
    groups = {g["name"]: g for g in lever_groups()}
    not_levers = ("baseline", "description", "group", "changes")
    tables = {name for name, f in Variant.model_fields.items() if name not in not_levers}
    assert set(groups) == tables
    pricing = groups["pricing"]
    assert pricing["tag"] == "model"
    assert set(pricing["options"]) == {"per_rental", "subscription", "streaming", "hybrid", "menu"}
    kinds = {f["name"]: f["kind"] for f in pricing["options"]["per_rental"]["fields"]}
    assert kinds["enforcement"] == "choice" and kinds["rental_fee"] == "number"
    assert {f["name"]: f["kind"] for f in groups["feedback"]["fields"]}["menu"] == "choices"


@pytest.fixture
def roots(tmp_path: Path) -> Roots:
    (tmp_path / "configs").mkdir()
    (tmp_path / "configs" / "small.toml").write_text(SMALL + '\n[uncertainties]\n'
                                                     '"scenario.customers.segments.1.price_sensitivity" = [0.1, 1]\n')
    return Roots(tmp_path / "configs", tmp_path / "results")


def test_only_what_changed_is_written(roots: Roots) -> None:
    study = open_study(roots, "configs/small.toml")
    values = study.view()["variants"]
    values["subscription"]["values"]["pricing"]["monthly_fee"] = 9.5
    submission = {"variants": {n: v["values"] for n, v in values.items()},
                  "uncertainties": {"scenario.customers.segments.1.price_sensitivity": 0.7}}
    loaded, changes = edited(study, submission)
    raw = tomllib.loads(loaded.text)
    assert raw["variants"]["subscription"]["pricing"] == {"model": "subscription", "monthly_fee": 9.5}
    assert "pricing" not in raw["variants"]["late_fees"]
    assert raw["scenario"]["customers"]["segments"][1]["price_sensitivity"] == 0.7
    assert changes == ["scenario.customers.segments.1.price_sensitivity 0.5 -> 0.7",
                       "subscription.pricing.monthly_fee 19.95 -> 9.5"]


def test_a_new_pricing_model_replaces_the_table(roots: Roots) -> None:
    study = open_study(roots, "configs/small.toml")
    submission = {"variants": {"late_fees": {"pricing": {"model": "subscription", "monthly_fee": 12.0,
                                                         "titles_at_home": 3, "copies_per_customer": 4.0}}}}
    loaded, _ = edited(study, submission)
    assert tomllib.loads(loaded.text)["variants"]["late_fees"]["pricing"] == {"model": "subscription",
                                                                               "monthly_fee": 12.0}


def test_unknown_variants_and_uncertainties_are_refused(roots: Roots) -> None:
    study = open_study(roots, "configs/small.toml")
    with pytest.raises(Invalid):
        edited(study, {"variants": {"nope": {}}})
    with pytest.raises(Invalid):
        edited(study, {"uncertainties": {"experiment.seed": 1}})
    assert [f["name"] for f in uncertainty_fields(study.config)] == [
        "scenario.customers.segments.1.price_sensitivity"]


def test_references_stay_inside_their_root(roots: Roots) -> None:
    assert roots.resolve("configs/small.toml").name == "small.toml"
    for ref in ("configs/../x", "results/../../etc/passwd", "/etc/passwd", "etc/passwd", "configs/\x00"):
        with pytest.raises(Refused):
            roots.resolve(ref)


scalars = st.one_of(st.booleans(), st.integers(-2**63, 2**63 - 1), st.text(max_size=8),
                    st.floats(allow_nan=False))
keys = st.text(min_size=1, max_size=6)
documents = st.recursive(
    st.dictionaries(keys, st.one_of(scalars, st.lists(scalars.filter(lambda v: isinstance(v, int)), max_size=3))),
    lambda inner: st.dictionaries(keys, st.one_of(inner, st.lists(inner, min_size=1, max_size=2))),
    max_leaves=12,
)


@given(documents)
@example({"0\n": False})  # a key ending in a newline once passed as a bare key
def test_toml_round_trip(doc: dict) -> None:
    assert tomllib.loads(dumps(doc)) == doc
