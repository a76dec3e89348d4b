"""The [calibration] table: priors by dotted path, targets from [observed], and one-line errors."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from sim.config import load_experiment
from tests.helpers.calibration_study import OBSERVED, STUDY, write_study


def test_a_valid_table_reads_nested_or_quoted_paths(tmp_path: Path) -> None:
    nested = STUDY.replace('"scenario.goodwill.kappa" = { low = 0.2, high = 3.0 }',
                           'scenario.goodwill.kappa = { low = 0.2, high = 3.0 }')
    for text in (STUDY, nested):
        calibration = load_experiment(write_study(tmp_path, text)).config.calibration
        assert calibration is not None
        assert list(calibration.parameters) == ["scenario.goodwill.kappa",
                                                "scenario.customers.marketing_prospects_per_month"]
        assert calibration.parameters["scenario.customers.marketing_prospects_per_month"].distribution == "loguniform"


def _bad(replace: str, by: str) -> str:
    assert replace in STUDY
    return STUDY.replace(replace, by)


@pytest.mark.parametrize("text, expected", [
    (_bad('"scenario.goodwill.kappa"', '"scenario.goodwill.kapa"'),
     "calibration.parameters.scenario.goodwill.kapa: path does not exist"),
    (_bad("low = 0.2, high = 3.0", "low = 3.0, high = 0.2"), "calibration.parameters.scenario.goodwill.kappa: low (3)"),
    (_bad("low = 0.2, high = 3.0", "low = -1.0, high = 3.0"),
     "calibration.parameters.scenario.goodwill.kappa.low: -1 is outside what the parameter allows"),
    (_bad("low = 2, high = 30, distribution", "low = 0, high = 30, distribution"), "loguniform needs low > 0"),
    (_bad("train_until = 2020-06-30", "train_until = 2020-01-15"),
     "calibration.train_until: no observed row with a value on or before 2020-01-15"),
    (_bad("budget = 40", 'budget = 40\ntargets = { "netflix:customers" = { weight = 2 } }'),
     "calibration.targets.netflix:customers: unknown firm 'netflix'"),
    (_bad("budget = 40", 'budget = 40\ntargets = { "ours:subscribers" = { weight = 2 } }'),
     "calibration.targets.ours:subscribers: unknown kpi 'subscribers'"),
    (_bad("budget = 40", "budget = 40\nfit = 3"), "calibration.fit: unknown key"),
    (_bad("replications = 2", "replications = 1"), "calibration.replications"),
    (_bad('[observed]\nfile = "obs.csv"', ""), "calibration: a [calibration] table fits the study to observed"),
    (_bad('"scenario.goodwill.kappa"', '"scenario.goodwill"'), "path names a table, not a single parameter"),
])
def test_bad_tables_are_one_line_naming_file_and_key(config_error: Callable[..., None], tmp_path: Path,
                                                     text: str, expected: str) -> None:
    (tmp_path / "obs.csv").write_text(OBSERVED, encoding="utf-8")
    config_error(text, expected)
