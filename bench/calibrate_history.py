"""Calibrate the history replay (configs/history_blockbuster_netflix.toml) by a small grid search.

Each grid point runs the baseline (`history`) to the end of the calibration figures (Q1 2005) for
a few replications on common random numbers, and is scored by the squared log errors of the
figures it is calibrated to (sim/validation/history.py: Netflix subscribers 2000-2004, Netflix
monthly churn 2002-2004, Blockbuster's rental revenue Q1 2005 on Q1 2004); the later years are
never looked at. The best point is printed; its values go into the config by hand, with a comment
naming this script.

    .venv/bin/python bench/calibrate_history.py --reps 2 \\
        scenario.rivals.netflix.awareness_per_month=0.003,0.005 \\
        scenario.market.choice.awareness_word_of_mouth=1,2,4
"""

from __future__ import annotations

import argparse
import itertools
import math
import time
from pathlib import Path

import numpy as np

from sim.config import load_experiment
from sim.config.load import with_values
from sim.validation import history

CONFIG = Path(__file__).resolve().parents[1] / "configs" / history.CONFIG


def score(figures: dict[str, float]) -> float:
    """Squared log errors: subscribers at each date, churn in each window, the rental revenue change."""
    errors = [math.log(figures[history.subscribers_key(d)] / target) for d, target in history.SUBSCRIBERS.items()]
    errors += [math.log(figures[history.churn_key(name)] / target) for name, (_, target, _) in history.CHURN.items()]
    errors.append(math.log((1 + figures["rental_change"]) / (1 + history.RENTAL_CHANGE[0])))
    return float(sum(e * e for e in errors))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("grid", nargs="+", help="PATH=v1,v2,... (dotted config paths)")
    parser.add_argument("--reps", type=int, default=2)
    args = parser.parse_args()
    loaded = load_experiment(CONFIG)
    axes = {path: [float(v) for v in values.split(",")] for path, values in (g.split("=", 1) for g in args.grid)}
    horizon = history.calibration_horizon(loaded.config)
    results = []
    for point in itertools.product(*axes.values()):
        values = dict(zip(axes, point))
        cfg = with_values(loaded.config, values, str(CONFIG))
        start = time.perf_counter()
        runs = [history.replay(cfg, r, horizon) for r in range(args.reps)]
        mean = {k: float(np.mean([run[k] for run in runs])) for k in runs[0]}
        results.append((score(mean), values, mean))
        shown = " ".join(f"{k}={v:.3g}" if abs(v) < 10 else f"{k}={v / 1e3:.0f}k" for k, v in mean.items())
        print(f"score {results[-1][0]:.3f} {values} ({time.perf_counter() - start:.0f} s)\n    {shown}", flush=True)
    best = min(results, key=lambda r: r[0])
    print(f"best: score {best[0]:.3f} at {best[1]}")


if __name__ == "__main__":
    main()
