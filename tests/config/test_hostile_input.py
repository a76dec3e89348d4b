"""Input that used to pass validation and should not: non-finite and extreme numbers, work that
cannot finish, names that break folders, and sweeps over what a point cannot vary."""

from __future__ import annotations

import copy
import math
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from sim.cli import main
from sim.config import ConfigError, Experiment, parse_experiment
from sim.config import load as load_module
from sim.config.levers import ComplaintHandling, Feedback, PerRental, Retention, Subscription
from sim.config.scenario import Scenario
from sim.config.size import MAX_GRID_POINTS, check_work
from sim.config.uncertainties import Uncertainty
from sim.runner import Task, execute
from sim.workshop.toml_out import dumps

BASE: dict[str, Any] = {
    "experiment": {"horizon_days": 60.0},
    "scenario": {"customers": {"initial": 30, "marketing_prospects_per_month": 5.0}, "catalogue": {"titles": 20}},
    "variants": {"a": {"baseline": True}, "b": {"pricing": {"model": "subscription"}}},
}
OK_VARIANT = "[variants.a]\nbaseline = true\n"
NON_FINITE = (math.nan, math.inf, -math.inf)


def _full_document() -> dict[str, Any]:
    """BASE with every default written out, as a TOML document (segments as an array of tables)."""
    doc = parse_experiment(dumps(BASE)).config.model_dump(mode="json")
    del doc["sweep"], doc["uncertainties"]
    return doc


def _float_paths(node: Any, prefix: str = "") -> list[str]:
    if isinstance(node, dict):
        return [p for k, v in node.items() for p in _float_paths(v, f"{prefix}{k}.")]
    if isinstance(node, list):
        return [p for i, v in enumerate(node) for p in _float_paths(v, f"{prefix}{i}.")]
    return [prefix[:-1]] if isinstance(node, float) else []


FULL = _full_document()
FLOAT_PATHS = _float_paths(FULL)


def _set(doc: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    doc = copy.deepcopy(doc)
    *parents, leaf = path.split(".")
    node: Any = doc
    for part in parents:
        node = node[int(part)] if isinstance(node, list) else node[part]
    node[int(leaf) if isinstance(node, list) else leaf] = value
    return doc


def _error(text: str) -> ConfigError:
    """The ConfigError a document gives, expanding its sweep points as a run would."""
    with pytest.raises(ConfigError) as caught:
        parse_experiment(text, "hostile.toml").points  # noqa: B018  (reading .points expands the sweep)
    return caught.value


def _value_at(doc: dict[str, Any], path: str) -> Any:
    node: Any = doc
    for part in path.split("."):
        node = node[int(part)] if isinstance(node, list) else node[part]
    return node


def test_every_kind_of_float_field_is_covered() -> None:
    """The walk over the document reaches every table of the models that has float fields."""
    tables = {p.rsplit(".", 1)[0] for p in FLOAT_PATHS}
    assert {"experiment", "scenario.goodwill", "scenario.goodwill.effects", "scenario.customers.segments.0",
            "scenario.staff", "variants.a.pricing", "variants.b.pricing", "variants.a.retention",
            "variants.a.feedback", "variants.a.complaints"} <= tables
    assert len(FLOAT_PATHS) > 100


def test_every_float_field_refuses_nan_and_infinity_in_a_file() -> None:
    for path in FLOAT_PATHS:
        for value in NON_FINITE:
            err = _error(dumps(_set(FULL, path, value)))
            assert err.path == path and "finite" in err.message, (path, value, str(err))


@settings(max_examples=150, deadline=None)
@given(path=st.sampled_from(FLOAT_PATHS), value=st.sampled_from(NON_FINITE),
       where=st.sampled_from(["sweep", "low", "high", "mode"]))
def test_non_finite_values_are_refused_in_sweeps_and_uncertainties(path: str, value: float, where: str) -> None:
    doc = copy.deepcopy(BASE)
    if where == "sweep":
        doc["sweep"] = {path: [_value_at(FULL, path), value]}
        expected = f"sweep.{path}"
    else:
        ranges = {"low": 0.0, "high": 1.0, "distribution": "triangular", "mode": 0.5}
        doc["uncertainties"] = {path: {**ranges, where: value}}
        expected = f"uncertainties.{path}.{where}"
    err = _error(dumps(doc))
    assert err.path == expected and "finite" in err.message, str(err)
    assert "\n" not in str(err)


@pytest.mark.parametrize("spelling", ["nan", "+nan", "-nan", "inf", "+inf", "-inf"])
def test_toml_spellings_of_non_finite_numbers(spelling: str, config_error) -> None:
    config_error(f"[scenario.goodwill]\nreference = {spelling}\n" + OK_VARIANT,
                 "scenario.goodwill.reference: Input should be a finite number", "check", "spelling")


@pytest.mark.parametrize("text, where", [
    ("[scenario.catalogue]\ntitles = inf\n", "scenario.catalogue.titles"),
    ("[scenario.customers]\nmarketing_prospects_per_month = inf\n", "scenario.customers.marketing_prospects_per_month"),
    ("[[scenario.customers.segments]]\nshare = inf\n", "scenario.customers.segments.0.share"),
    ("[variants.b.pricing]\nrental_fee = inf\n", "variants.b.pricing.rental_fee"),
])
def test_infinite_values_that_used_to_run(text: str, where: str, config_error) -> None:
    config_error(text + OK_VARIANT, where, "run", "inf")


@pytest.mark.parametrize("text, where", [
    ("[scenario.goodwill]\nkappa = 1e308\n", "scenario.goodwill.kappa: Input should be less than or equal to 20"),
    ("[scenario.goodwill]\nreference = 1e308\n",
     "scenario.goodwill.reference: Input should be less than or equal to 10"),
    ("[scenario.goodwill]\nreference = -1e308\n", "scenario.goodwill.reference: Input should be greater than"),
    ("[variants.a.pricing]\nrental_fee = 1e300\n", "variants.a.pricing.rental_fee: Input should be less than"),
])
def test_extreme_values_are_refused(text: str, where: str, config_error) -> None:
    config_error(OK_VARIANT + text, where, "run", "extreme")


def test_every_numeric_parameter_has_a_range() -> None:
    """Upper as well as lower limits, on every number a config can set."""
    def unbounded(model: type[BaseModel]) -> list[str]:
        out = []
        for name, field in model.model_fields.items():
            if field.annotation in (int, float):
                kinds = {k for m in field.metadata for k in ("ge", "gt", "le", "lt") if getattr(m, k, None) is not None}
                if not kinds & {"ge", "gt"} or not kinds & {"le", "lt"}:
                    out.append(f"{model.__name__}.{name}")
            elif isinstance(field.annotation, type) and issubclass(field.annotation, BaseModel):
                out += unbounded(field.annotation)
        return out

    from sim.config.experiment import Meta
    from sim.config.scenario import Customers, Segment

    models = (Meta, Scenario, Customers, Segment, PerRental, Subscription, Retention, Feedback, ComplaintHandling)
    assert [name for m in models for name in unbounded(m)] == []
    assert "low" in Uncertainty.model_fields  # its ends are checked against the parameter's range:
    err = _error(OK_VARIANT + '[uncertainties]\n"scenario.goodwill.kappa" = [0.5, 1e308]\n')
    assert err.path == "uncertainties.scenario.goodwill.kappa.high" and "less than or equal to 20" in err.message


def test_extremes_of_the_ranges_run_without_overflow() -> None:
    """The largest hazard exponent the ranges allow (kappa 20, goodwill far below the reference)
    runs: the exponent is clipped and the hazard caps at 1 (every review ends in churn)."""
    effects = {k: -10.0 for k in ("stockout", "late_fee", "long_wait", "pushy_visit", "buyers_remorse")}
    doc = _set(_set(BASE, "scenario.goodwill", {"kappa": 20.0, "reference": 10.0, "effects": effects}),
               "scenario.customers.segments", [{"name": "touchy", "price_sensitivity": 20.0}])
    config = parse_experiment(dumps(doc)).config
    for variant in config.variants:
        kpis = execute(config, Task(0, 0, variant), seed=3).kpis
        assert all(math.isfinite(v) for v in kpis.values() if v == v), kpis
        assert kpis["monthly_churn_rate"] > 0.4  # about 0.05 with the defaults


# --- work that cannot finish ----------------------------------------------------------------

def _write(tmp_path: Path, text: str, name: str = "study.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_replications_flag_obeys_the_config_limit(small_config: Path, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["run", str(small_config), "--replications", "1000000000", "--force"]) == 2
    err = capsys.readouterr().err
    assert "experiment.replications: 1,000,000,000 replications asked for; allowed: 1 to 100,000" in err
    assert not (tmp_path / "results").exists()


def test_a_too_big_study_is_refused_without_force(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    path = _write(tmp_path, "[experiment]\nreplications = 100000\n" + OK_VARIANT + "[variants.b]\n")
    for command in (["check"], ["run"]):
        assert main([*command, str(path)]) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1
        assert "study is too big: 200,000 runs (1 point x 100,000 replications x 2 variants)" in err
        assert "200,000 runs > 100,000" in err and "give --force" in err
    assert not (tmp_path / "results").exists()
    assert main(["check", "--force", str(path)]) == 0
    assert "ok" in capsys.readouterr().out


def test_force_lifts_the_soft_limit_for_run(small_config: Path) -> None:
    """`run --force` passes the same check (the study itself is not run here)."""
    loaded = load_module.load_experiment(small_config)
    with pytest.raises(ConfigError, match="too big"):
        check_work(loaded, replications=100_000)
    assert check_work(loaded, replications=100_000, force=True).runs == 200_000


def test_customers_that_grow_without_end_are_refused(config_error) -> None:
    """Referrals that outrun churn compound: the estimate says so before any run starts."""
    config_error("[scenario.word_of_mouth]\nreferrals_per_month = 1.0\nreferral_join_boost = 100\n" + OK_VARIANT,
                 "customers a run > 1,000,000", "check", "referrals")


def test_size_is_checked_before_the_grid_is_expanded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    def never(*args: Any) -> None:
        raise AssertionError("the sweep grid was expanded before its size was checked")

    monkeypatch.setattr(load_module, "expand_sweep", never)
    monkeypatch.chdir(tmp_path)
    values = ", ".join(str(0.1 + i / 1000) for i in range(100))
    soft = _write(tmp_path, OK_VARIANT + "[experiment]\nreplications = 100\n[sweep]\n"
                  f'"scenario.goodwill.kappa" = [{values}]\n"scenario.goodwill.reference" = [{values}]\n', "soft.toml")
    assert main(["check", str(soft)]) == 2
    assert "1,000,000 runs (10,000 points x 100 replications x 1 variant)" in capsys.readouterr().err
    hard = _write(tmp_path, OK_VARIANT + "[sweep]\n" + "".join(
        f'"scenario.goodwill.effects.{k}" = [{values}]\n' for k in ("stockout", "late_fee", "postcard")), "hard.toml")
    for flags in ([], ["--force"]):
        assert main(["check", *flags, str(hard)]) == 2
        err = capsys.readouterr().err
        assert (f"sweep: the grid has 1,000,000 points (100 x 100 x 100); at most {MAX_GRID_POINTS:,}, "
                "even with --force") in err


# --- names ----------------------------------------------------------------------------------

NAME_CASES = {
    "long_variant": (f"[variants.{'v' * 65}]\nbaseline = true\n", "variants: a name is 1 to 64 characters"),
    "newline_variant": ('[variants."a\\n"]\nbaseline = true\n', "(got 'a\\n')"),
    "newline_experiment": ('[experiment]\nname = "study\\n"\n' + OK_VARIANT, "experiment.name: a name is"),
    "long_experiment": (f'[experiment]\nname = "{"e" * 65}"\n' + OK_VARIANT, "experiment.name: a name is"),
    "control_segment": ('[[scenario.customers.segments]]\nname = "a\\u001bb"\n' + OK_VARIANT,
                        "scenario.customers.segments.0.name: a name is"),
    "long_segment": (f'[[scenario.customers.segments]]\nname = "{"s" * 65}"\n' + OK_VARIANT,
                     "scenario.customers.segments.0.name"),
}


@pytest.mark.parametrize("name", sorted(NAME_CASES))
def test_bad_names(name: str, config_error) -> None:
    text, expected = NAME_CASES[name]
    config_error(text, expected, "check", name)


def test_names_of_64_characters_are_fine() -> None:
    name = "n" * 64
    config = parse_experiment(f'[experiment]\nname = "{name}"\n[variants.{name}]\nbaseline = true\n'
                              f'[[scenario.customers.segments]]\nname = "{name}"\n').config
    assert config.experiment.name == config.baseline == config.scenario.customers.segments[0].name == name


# --- what a point cannot vary ---------------------------------------------------------------

@pytest.mark.parametrize("path", ["experiment.replications", "experiment.seed", "experiment.name",
                                  "variants.a.baseline", "variants.a.description"])
def test_sweep_over_what_a_point_cannot_vary(path: str, config_error) -> None:
    values = {"experiment.name": '["x", "y"]', "variants.a.baseline": "[true]",
              "variants.a.description": '["x"]'}.get(path, "[1, 2]")
    config_error(OK_VARIANT + f'[sweep]\n"{path}" = {values}\n', f"sweep.{path}: cannot vary from point to point",
                 "check", "fixed")


def test_uncertainty_over_replications_is_refused(config_error) -> None:
    config_error(OK_VARIANT + '[uncertainties]\n"experiment.replications" = [2, 20]\n',
                 "uncertainties.experiment.replications: cannot vary", "check", "fixed_uncertainty")


def test_sweep_over_the_horizon_still_works() -> None:
    loaded = parse_experiment(OK_VARIANT + '[sweep]\n"experiment.horizon_days" = [100, 200]\n')
    assert [p.experiment.experiment.horizon_days for p in loaded.points] == [100.0, 200.0]
    assert isinstance(loaded.points[0].experiment, Experiment)


@pytest.mark.parametrize("command", [["sensitivity", "--kpi", "profit"],
                                     ["optimize", "--kpi", "profit", "--lever", "pricing.rental_fee",
                                      "--range", "1:5"]])
def test_replications_of_the_explore_commands_obey_the_limit(command: list[str], small_config: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    assert main([command[0], str(small_config), *command[1:], "--replications", "1000000000"]) == 2
    assert "allowed: 1 to 100,000" in capsys.readouterr().err
