"""Calibration benchmark: runs used and wall time of `policysim calibrate study` fitting 2 and 4
parameters of the headline study (configs/blockbuster_vs_netflix.toml, quick mode) to synthetic
targets, on local processes.

The targets are one replication (1000, which no calibration run uses) of the headline's baseline
at its own parameter values (quick mode), read at every quarter's end: our customers and our revenue. The
priors are the headline's [uncertainties] ranges of the first 2 or 4 uncertain parameters, so the
truth lies inside them; the benchmark reports whether each parameter's 90% interval holds it.

Run as `python bench/calibration.py [--workers 2] [--budget2 120] [--budget4 240]`. Figures are
printed and written as JSON under bench/results/ (kept out of git).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from sim.calibration.points import Job, observe
from sim.config.load import parse_experiment
from sim.config.observed import Observation
from sim.config.quick import QUICK_SCALE, shrink

ROOT = Path(__file__).resolve().parents[1]
HEADLINE = ROOT / "configs" / "blockbuster_vs_netflix.toml"
START = dt.date(2020, 1, 1)
QUARTERS = [dt.date(2020 + q // 4, 3 * (q % 4) + 1, 1) - dt.timedelta(days=1) for q in range(1, 13)]
KPIS = ("customers", "revenue")


def study_text(parameters: int, budget: int) -> str:
    """The headline with a calendar, an observed file and a [calibration] of its first uncertainties."""
    text = HEADLINE.read_text(encoding="utf-8")
    config = parse_experiment(text, str(HEADLINE)).config
    chosen = list(config.uncertainties.items())[:parameters]
    priors = "\n".join(f'"{path}" = {{ low = {u.low}, high = {u.high} }}' for path, u in chosen)
    text = text.replace("warmup_days = 0\n", f"warmup_days = 0\nstart_date = {START}\n", 1)
    return (f"{text}\n[observed]\nfile = \"obs.csv\"\n\n[calibration]\nreplications = 2\nbudget = {budget}\n"
            f"tolerance = 0.02\n[calibration.parameters]\n{priors}\n")


def synthetic(text: str) -> str:
    """obs.csv: one replication of the baseline at the config's own values (the truth), in quick mode
    like the calibration's runs (real units either way: quick mode scales `experiment.scale`)."""
    config = shrink(parse_experiment(text).config, QUICK_SCALE)
    rows = tuple(Observation(d, "ours", k, 0.0) for d in QUARTERS for k in KPIS)
    values = observe(config, Job({}, 1000, config.experiment.horizon_days), rows)
    return "date,firm,kpi,value\n" + "".join(f"{o.date},ours,{o.kpi},{v}\n" for o, v in zip(rows, values))


def one(parameters: int, budget: int, workers: int, folder: Path) -> dict[str, object]:
    text = study_text(parameters, budget)
    (folder / "study.toml").write_text(text, encoding="utf-8")
    (folder / "obs.csv").write_text(synthetic(text), encoding="utf-8")
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "sim", "calibrate", "study", str(folder / "study.toml"), "--quick",
                    "--workers", str(workers), "--out", str(folder / "out")], check=True, cwd=ROOT,
                   env={**os.environ, "PYTHONPATH": str(ROOT)}, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    d = json.loads((folder / "out" / "diagnostics.json").read_text())
    truth = parse_experiment(text).config.model_dump()
    covered = {}
    for path, p in d["parameters"].items():
        node = truth
        for part in path.split("."):
            node = node[int(part)] if isinstance(node, (list, tuple)) else node[part]
        covered[path] = {"truth": node, "p05": p["p05"], "p95": p["p95"], "covered": p["p05"] <= node <= p["p95"]}
    return {"parameters": parameters, "runs_used": d["runs_used"], "wall_seconds": round(wall, 1),
            "effective_sample_size": round(d["effective_sample_size"], 1), "load_average": os.getloadavg()[0],
            "intervals": covered}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--budget2", type=int, default=120, help="runs for 2 parameters (default 120)")
    parser.add_argument("--budget4", type=int, default=240, help="runs for 4 parameters (default 240)")
    args = parser.parse_args()
    results = []
    for parameters, budget in ((2, args.budget2), (4, args.budget4)):
        with tempfile.TemporaryDirectory() as tmp:
            results.append(one(parameters, budget, args.workers, Path(tmp)))
        r = results[-1]
        print(f"{parameters} parameters: {r['runs_used']} runs in {r['wall_seconds']} s on {args.workers} "
              f"processes (load {r['load_average']:.1f}); ESS {r['effective_sample_size']}; truth inside the 90% "
              f"interval: {sum(v['covered'] for v in r['intervals'].values())}/{parameters}", flush=True)
    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    (out / f"calibration-{time.strftime('%Y%m%d-%H%M%S')}.json").write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
