"""A small study with observed series and a [calibration] table, for the calibration tests."""

from __future__ import annotations

from pathlib import Path

STUDY = """
[experiment]
name = "fit_small"
replications = 3
seed = 11
horizon_days = 360
start_date = 2020-01-01
scale = 100

[observed]
file = "obs.csv"

[scenario.customers]
initial = 60
marketing_prospects_per_month = 8

[scenario.catalogue]
titles = 40

[variants.late_fees]
baseline = true

[calibration]
replications = 2
budget = 40
train_until = 2020-06-30
[calibration.parameters]
"scenario.goodwill.kappa" = { low = 0.2, high = 3.0 }
"scenario.customers.marketing_prospects_per_month" = { low = 2, high = 30, distribution = "loguniform" }
"""

OBSERVED = """date,firm,kpi,value
2020-03-31,ours,customers,6000
2020-06-30,ours,customers,6500
2020-09-30,ours,customers,7000
2020-12-01,ours,customers,
"""


def write_study(folder: Path, text: str = STUDY, observed: str = OBSERVED, name: str = "study") -> Path:
    (folder / "obs.csv").write_text(observed, encoding="utf-8")
    path = folder / f"{name}.toml"
    path.write_text(text, encoding="utf-8")
    return path
