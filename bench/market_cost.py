"""What a rival costs: the duel study's baseline with its rival against the same business alone,
timed per replication and per household-month (a customer active for a month, at any firm).

Run as `python bench/market_cost.py [--replications 3]`. The market with a rival simulates more
households (the rival's marketing brings its own), so the fair comparison is the cost per
household-month; the time per replication is printed beside it. Figures are printed and written as
JSON under bench/results/ (kept out of git).
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import time
from datetime import datetime, timezone
from pathlib import Path

from sim.config import load_experiment
from sim.metrics import kpis
from sim.model.gc_pause import paused_gc
from sim.model.world import RunRecords, RunSpec, simulate

ROOT = Path(__file__).resolve().parent.parent
DUEL = ROOT / "configs" / "duel.toml"


def household_months(records: RunRecords) -> float:
    """Customer-months at every firm of the run."""
    firms = [records, *(records.market.rivals.values() if records.market else ())]
    return sum(kpis(f)["customer_months"] for f in firms)


def timed(spec: RunSpec) -> tuple[float, float]:
    """(seconds, household-months) of one replication."""
    with paused_gc():
        start = time.perf_counter()
        records = simulate(spec)
        seconds = time.perf_counter() - start
    return seconds, household_months(records)


def measure(with_rival: bool, replications: int) -> dict[str, float]:
    cfg = load_experiment(DUEL).config
    scenario = cfg.scenario if with_rival else cfg.scenario.model_copy(update={"rivals": {}})
    variant = cfg.variants[cfg.baseline]
    runs = [timed(RunSpec(scenario, variant, cfg.experiment.seed, r, cfg.experiment.horizon_days))
            for r in range(replications)]
    seconds = statistics.median(s for s, _ in runs)
    months = statistics.median(m for _, m in runs)
    return {"seconds_per_replication": seconds, "household_months": months,
            "microseconds_per_household_month": 1e6 * seconds / months}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replications", type=int, default=3, help="replications of each (the median stands)")
    args = parser.parse_args()
    alone, market = measure(False, args.replications), measure(True, args.replications)
    for name, point in (("our business alone", alone), ("with one rival", market)):
        print(f"{name:>20}: {point['seconds_per_replication']:6.2f} s a replication, "
              f"{point['household_months']:,.0f} household-months, "
              f"{point['microseconds_per_household_month']:.0f} us per household-month")
    ratio = market["microseconds_per_household_month"] / alone["microseconds_per_household_month"]
    print(f"a rival costs {ratio:.2f}x per household-month")
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(timezone.utc).strftime("%Y%m%d-%H%M%S")
    (out / f"market_cost-{stamp}.json").write_text(json.dumps(
        {"alone": alone, "with_rival": market, "ratio": ratio, "machine": platform.platform(),
         "python": platform.python_version()}, indent=2) + "\n")


if __name__ == "__main__":
    main()
