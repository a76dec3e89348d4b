"""A small synthetic results folder that follows docs/results-format.md exactly.

Three variants (late_fees as baseline, no_late_fees, subscription), 5 replications, 6 months,
60 customers per run. A shared per-replication shock plays the part of common random numbers,
so paired differences are much tighter than unpaired ones. summary.csv and comparisons.csv are
computed here with plain numpy, independently of sim.analysis.
"""

from __future__ import annotations

import csv
import gzip
import io
import itertools
import json
from pathlib import Path
from typing import Any

import numpy as np
from scipy import stats

from sim.config import parse_experiment
from sim.rng import generator

KPIS = [
    "revenue", "revenue_rental_fees", "revenue_late_fees", "revenue_subscriptions", "revenue_sales",
    "revenue_upsell", "given_back", "costs", "profit", "customers_joined", "customers_churned",
    "customers_active_end", "monthly_churn_rate", "retention_12m", "stockout_rate", "late_return_rate",
    "complaints", "complaints_granted", "staff_utilization", "staff_morale_mean", "referrals", "mean_goodwill",
]
VARIANTS = ["late_fees", "no_late_fees", "subscription"]
REPLICATIONS = 5
HORIZON = 182.5
MONTHS = 6
CUSTOMERS = 60
SEED = 7
SERIES = ["active_customers", "revenue_rental_fees", "revenue_late_fees", "revenue_subscriptions",
          "revenue_sales", "revenue_upsell", "profit", "mean_goodwill", "complaints", "staff_morale_mean"]
CHURN_REASONS = ["baseline", "late_fee", "stockout", "price"]

CONFIG = """\
[experiment]
name = "fixture"
description = "Synthetic results for the analysis and report tests."
replications = 5
seed = 7
horizon_days = 182.5

[scenario.customers]
initial = 40

[scenario.catalogue]
cost_per_copy = 6.0

[variants.late_fees]
baseline = true
description = "Per-rental fees, late fees enforced."

[variants.no_late_fees]
description = "Per-rental fees, no late fees."
pricing = { enforcement = "none" }

[variants.subscription]
description = "Flat monthly fee, 3 titles at home."
pricing = { model = "subscription", monthly_fee = 17.95 }
"""
FEE = "variants.subscription.pricing.monthly_fee"
ONE_SWEEP = {FEE: [15.0, 20.0]}
TWO_SWEEPS = {FEE: [15.0, 20.0], "scenario.customers.initial": [30, 40]}

# Per-variant level of each synthetic quantity, relative to the baseline.
STREAMS = {
    "late_fees": {"revenue_rental_fees": 9000.0, "revenue_late_fees": 1800.0, "revenue_subscriptions": 0.0,
                  "revenue_sales": 300.0, "revenue_upsell": 200.0, "costs": 8000.0, "given_back": 150.0},
    "no_late_fees": {"revenue_rental_fees": 8800.0, "revenue_late_fees": 0.0, "revenue_subscriptions": 0.0,
                     "revenue_sales": 300.0, "revenue_upsell": 200.0, "costs": 8100.0, "given_back": 0.0},
    "subscription": {"revenue_rental_fees": 0.0, "revenue_late_fees": 0.0, "revenue_subscriptions": 12300.0,
                     "revenue_sales": 250.0, "revenue_upsell": 150.0, "costs": 8600.0, "given_back": 0.0},
}
CHURN_HAZARD = {"late_fees": 1 / 200.0, "no_late_fees": 1 / 170.0, "subscription": 1 / 260.0}


def write_results(folder: Path, sweep: dict[str, list[Any]] | None = None) -> Path:
    """Write the whole folder and return it; `sweep` is {dotted path: values} (ONE_SWEEP, TWO_SWEEPS)."""
    folder.mkdir(parents=True, exist_ok=True)
    sweep = sweep or {}
    points = [dict(zip(sweep, combo)) for combo in itertools.product(*sweep.values())] if sweep else [{}]
    rng = generator(SEED)
    runs, series, customers = [], [], []
    for p, values in enumerate(points):
        for rep in range(REPLICATIONS):
            shock = rng.normal()
            lifetimes = rng.exponential(1.0, CUSTOMERS)
            joins = np.where(np.arange(CUSTOMERS) < 40, 0.0, rng.uniform(0, HORIZON, CUSTOMERS))
            for variant in VARIANTS:
                kpis = _kpis(rng, variant, shock, p)
                runs.append({"point": p, "replication": rep, "variant": variant, "seed": 1000 + rep, **values, **kpis})
                series += _series(rng, p, rep, variant, kpis)
                customers += _customers(rng, p, rep, variant, lifetimes, joins)
    _write_csv(folder / "runs.csv", runs)
    _write_csv(folder / "timeseries.csv", series)
    _write_customers(folder / "customers.csv.gz", customers)
    _write_summaries(folder, runs, len(points))
    table = "".join(f'"{path}" = {values!r}\n' for path, values in sweep.items())
    text = CONFIG + (f"\n[sweep]\n{table}" if sweep else "")
    (folder / "config.toml").write_text(text, encoding="utf-8")
    _write_manifest(folder, points, sweep, parse_experiment(text).config_hash)
    return folder


def _kpis(rng: np.random.Generator, variant: str, shock: float, point: int) -> dict[str, float]:
    scale = 1.0 + 0.08 * shock
    k: dict[str, float] = {}
    for name, level in STREAMS[variant].items():
        bump = 1.0 + 0.04 * point if variant == "subscription" and name == "revenue_subscriptions" else 1.0
        k[name] = level * scale * bump * (1.0 + 0.01 * rng.normal()) if level else 0.0
    k["revenue"] = sum(k[s] for s in KPIS if s.startswith("revenue_"))
    k["profit"] = k["revenue"] - k["costs"]
    k["customers_joined"] = float(round(20 + 3 * shock))
    k["customers_churned"] = float(round(15 * CHURN_HAZARD[variant] * 200 + 2 * shock))
    k["customers_active_end"] = 40 + k["customers_joined"] - k["customers_churned"]
    k["monthly_churn_rate"] = 0.05 * CHURN_HAZARD[variant] * 200 * (1 + 0.05 * rng.normal())
    k["retention_12m"] = 1 - 12 * k["monthly_churn_rate"] / 2
    k["stockout_rate"] = 0.1 + 0.01 * shock + (0.05 if variant == "no_late_fees" else 0.0)
    k["late_return_rate"] = 0.3 if variant == "late_fees" else 0.0
    k["complaints"] = float(round(30 + 5 * shock + 5 * rng.normal()))
    k["complaints_granted"] = float(round(k["complaints"] / 2))
    k["staff_utilization"] = 0.6 + 0.02 * shock
    k["staff_morale_mean"] = 0.8 - 0.02 * shock
    k["referrals"] = float(round(10 + 2 * shock))
    k["mean_goodwill"] = 0.1 * shock + (-0.1 if variant == "late_fees" else 0.05)
    return {name: float(k[name]) for name in KPIS}


def _series(rng: np.random.Generator, p: int, rep: int, variant: str, kpis: dict[str, float]) -> list[dict[str, Any]]:
    rows = []
    for month in range(MONTHS):
        growth = 1.0 - 0.5 * np.exp(-month)
        for name in SERIES:
            total = kpis.get(name, 40.0 if name == "active_customers" else 0.0)
            per_month = total if name in ("active_customers", "mean_goodwill", "staff_morale_mean") else total / MONTHS
            value = per_month * growth * (1.0 + 0.03 * rng.normal())
            rows.append({"point": p, "replication": rep, "variant": variant, "month": month,
                         "series": name, "value": float(value)})
    return rows


def _customers(rng: np.random.Generator, p: int, rep: int, variant: str,
               lifetimes: np.ndarray, joins: np.ndarray) -> list[dict[str, Any]]:
    rows = []
    for cid, (life, join) in enumerate(zip(lifetimes / CHURN_HAZARD[variant], joins)):
        end = join + life
        churned = end < HORIZON
        reason = CHURN_REASONS[int(rng.integers(len(CHURN_REASONS)))] if churned else ""
        rows.append({
            "point": p, "replication": rep, "variant": variant, "customer_id": cid,
            "segment": ["casual", "enthusiast"][cid % 2], "channel": "mail" if variant == "subscription" else "store",
            "join_day": float(join), "end_day": float(min(end, HORIZON)), "churned": int(churned),
            "churn_reason": reason, "rentals": int(rng.integers(0, 20)),
            "spend": float(round(min(end, HORIZON) - join, 2) * 0.6), "goodwill_end": float(rng.normal(0, 0.3)),
        })
    return rows


def _write_summaries(folder: Path, runs: list[dict[str, Any]], n_points: int) -> None:
    summary, comparisons = [], []
    for p in range(n_points):
        def values(variant: str, kpi: str) -> np.ndarray:
            return np.array([r[kpi] for r in runs if r["variant"] == variant and r["point"] == p])  # noqa: B023  (used within the loop pass)
        for variant in VARIANTS:
            for kpi in KPIS:
                m, lo, hi = _t(values(variant, kpi))
                summary.append({"point": p, "variant": variant, "kpi": kpi, "mean": m, "ci_low": lo, "ci_high": hi,
                                "n": REPLICATIONS})
        for variant in VARIANTS[1:]:
            for kpi in KPIS:
                base = values("late_fees", kpi)
                m, lo, hi = _t(values(variant, kpi) - base)
                rel = m / float(base.mean()) if base.mean() != 0 else ""
                comparisons.append({"point": p, "variant": variant, "baseline": "late_fees", "kpi": kpi,
                                    "mean_diff": m, "ci_low": lo, "ci_high": hi, "rel_change": rel,
                                    "n": REPLICATIONS})
    if n_points == 1:
        summary = [{k: v for k, v in r.items() if k != "point"} for r in summary]
        comparisons = [{k: v for k, v in r.items() if k != "point"} for r in comparisons]
    _write_csv(folder / "summary.csv", summary)
    _write_csv(folder / "comparisons.csv", comparisons)


def _t(x: np.ndarray) -> tuple[float, float, float]:
    m = float(x.mean())
    half = float(stats.t.ppf(0.975, x.size - 1) * x.std(ddof=1) / np.sqrt(x.size))
    return m, m - half, m + half


def _write_manifest(folder: Path, points: list[dict[str, Any]], sweep: dict[str, list[Any]],
                    config_hash: str) -> None:
    manifest = {
        "experiment": "fixture", "run_id": f"20240101-000000-{config_hash[:8]}", "config_hash": config_hash,
        "root_seed": SEED, "replications": REPLICATIONS, "horizon_days": HORIZON, "warmup_days": 0.0,
        "baseline": "late_fees", "variants": VARIANTS,
        "sweep": sweep,
        "points": points, "kpis": KPIS, "command": "policysim run configs/fixture.toml",
        "versions": {"policysim": "0.1.0", "python": "3.11", "numpy": np.__version__},
        "created": "2024-01-01T00:00:00Z", "complete": True,
    }
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=2), encoding="utf-8")


def _format(value: Any) -> str:
    return repr(value) if isinstance(value, float) else str(value)


def _write_csv(path: Path, rows: list[dict[str, Any]]) -> None:
    path.write_text(_csv_text(rows), encoding="utf-8")


def _csv_text(rows: list[dict[str, Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(list(rows[0]))
    for row in rows:
        writer.writerow([_format(v) for v in row.values()])
    return out.getvalue()


def _write_customers(path: Path, rows: list[dict[str, Any]]) -> None:
    with open(path, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as gz:
        gz.write(_csv_text(rows).encode("utf-8"))


def stub_market_results(results: Path) -> str:
    """A stored results folder with one plot of the report and the two market plots (stub PNGs that
    name themselves): the page code stands apart from sim.plots.market. Returns its reference."""
    folder = write_results(results / "duel" / "stub")
    (folder / "plots").mkdir()
    for name in ("lost_customers_went", "kpi_bars", "market_share"):
        (folder / "plots" / f"{name}.png").write_bytes(b"\x89PNG\r\n\x1a\n" + name.encode())
    return "results/duel/stub"
