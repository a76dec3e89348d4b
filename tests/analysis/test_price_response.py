"""The price-response curve on a tiny results folder whose answer is known by hand, and the
recognition of a price-response study from its variants' changes."""

from __future__ import annotations

import csv
import json
import math
from pathlib import Path

import pytest
from scipy import stats

from sim.analysis.price_response import curve, posterior_note, price_rises, share_lost, stored_rises
from sim.analysis.results import load_results
from sim.config import parse_experiment

CONFIG = """
[experiment]
name = "tiny"
horizon_days = 200
[variants.steady]
baseline = true
pricing = { model = "subscription", monthly_fee = 20.0 }
[variants.up_10]
extends = "steady"
changes = [{ at_month = 2, set = { "pricing.monthly_fee" = "+10%" }, label = "+10%" }]
[variants.up_50_kept]
extends = "steady"
[[variants.up_50_kept.changes]]
at_month = 2
set = { "pricing.monthly_fee" = 30.0 }
existing_customers = "after_grandfathering"
grandfather_months = 6
notice_days = 30
[variants.cut]
extends = "steady"
changes = [{ at_month = 2, set = { "pricing.monthly_fee" = "-10%" } }]
[variants.more_titles]
extends = "steady"
changes = [{ at_month = 2, set = { "pricing.titles_at_home" = 5 } }]
"""
# active customers at month starts 0..6, per replication (the change takes effect at month 2)
ACTIVE = {
    "steady": [[100] * 7, [200] * 7],
    "up_10": [[100, 100, 100, 95, 92, 90, 90], [200, 200, 200, 180, 160, 140, 140]],
    "up_50_kept": [[100, 100, 100, 100, 99, 98, 97], [200, 200, 200, 200, 200, 190, 190]],
    "cut": [[100] * 7, [200] * 7],
    "more_titles": [[100] * 7, [200] * 7],
}


def write_folder(folder: Path, posterior: bool = False) -> Path:
    """A results folder with just the files the curve reads."""
    folder.mkdir()
    manifest = {"experiment": "tiny", "config_hash": "x", "root_seed": 1, "replications": 2,
                "horizon_days": 200, "warmup_days": 0, "baseline": "steady", "variants": list(ACTIVE), "kpis": []}
    if posterior:
        manifest["posterior"] = {"sets": 40, "file": "posterior.csv"}
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    (folder / "config.toml").write_text(CONFIG, encoding="utf-8")
    with (folder / "runs.csv").open("w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(["point", "replication", "variant", "seed"])
        out.writerows([0, r, v, r] for v in ACTIVE for r in range(2))
    with (folder / "timeseries.csv").open("w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(["point", "replication", "variant", "month", "series", "value"])
        out.writerows([0, r, v, m, "active_customers", x]
                      for v, reps in ACTIVE.items() for r, row in enumerate(reps) for m, x in enumerate(row))
    return folder


def test_a_rise_is_a_single_fee_change_above_the_baseline_and_its_way_is_named() -> None:
    rises = {r.variant: r for r in price_rises(parse_experiment(CONFIG).config)}
    assert set(rises) == {"up_10", "up_50_kept"}  # a cut and a change of another lever are not rises
    assert rises["up_10"].size == pytest.approx(0.10) and rises["up_10"].way == "at once"
    assert rises["up_50_kept"].size == pytest.approx(0.50)
    assert rises["up_50_kept"].way == "grandfathered 6 months, 30 days' notice"
    assert rises["up_10"].month == pytest.approx(2.0)


def test_one_rise_is_not_a_price_response_study() -> None:
    one = CONFIG.split("[variants.up_50_kept]")[0]
    assert price_rises(parse_experiment(one).config) == []


def test_share_lost_is_paired_per_replication(tmp_path: Path) -> None:
    results = load_results(write_folder(tmp_path / "r"))
    rises = {r.variant: r for r in stored_rises(results)}
    lost = share_lost(results, rises["up_10"], 3)  # month 5: 1 - 90/100 = 0.1 and 1 - 140/200 = 0.3
    half = stats.t.ppf(0.975, 1) * 0.1  # sd of (0.1, 0.3) is 0.1414, over sqrt(2)
    assert (lost.mean, lost.low, lost.high) == pytest.approx((0.2, 0.2 - half, 0.2 + half))
    kept = share_lost(results, rises["up_50_kept"], 1)  # month 3: nobody lost yet
    assert (kept.mean, kept.low, kept.high) == pytest.approx((0.0, 0.0, 0.0))
    assert math.isnan(share_lost(results, rises["up_10"], 12).mean)  # past the horizon


def test_the_curve_is_ordered_by_delay_way_and_size_and_says_where_its_bands_come_from(tmp_path: Path) -> None:
    results = load_results(write_folder(tmp_path / "r"))
    points = curve(results, stored_rises(results), (1, 3))
    assert [(p.months, p.rise.variant) for p in points] == [(1, "up_10"), (1, "up_50_kept"),
                                                            (3, "up_10"), (3, "up_50_kept")]
    assert points[3].lost.mean == pytest.approx(1 - (98 / 100 + 190 / 200) / 2)  # month 5
    assert "no --posterior" in posterior_note(results)
    assert "parameter uncertainty" in posterior_note(load_results(write_folder(tmp_path / "p", posterior=True)))
