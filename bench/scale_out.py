"""Scale-out benchmark: a Morris design of the headline study serially, on 2 local workers and on a
2-worker local Dask cluster, and the cost of one household-month of the simulated market.

Run as `python bench/scale_out.py [--workers 2] [--trajectories 6] [--replications 2]`.

The design is that of `policysim sensitivity` over the headline study's five uncertainties
(subscription and late fees, --quick); its runs are timed from the executor's start to its
shut-down, and efficiency is the serial time over (workers x the parallel time). The analysis,
plots and report that follow are serial; the whole command is timed once on the local processes.
The CPU time each executor used (its workers' included) shows the cost of spreading the work, and
the load average how busy the machine was: Linux gives each session a fair share of the cores
(autogroup), so on a busy machine more workers do not get more CPU. The
three folders must hold the same bytes; the benchmark says so or stops. The household-month cost is
one replication of every headline variant (full size), seconds over customer-months simulated.
Figures are printed and written as JSON under bench/results/ (kept out of git).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import platform
import tempfile
import time
from contextlib import redirect_stdout
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from sim.cli import main as policysim
from sim.config import load_experiment
from sim.executors import ExecutorSettings, default_workers, executor_for
from sim.explore import designs, sensitivity
from sim.explore.evaluate import Runs, load, run_points
from sim.runner import Task, execute

ROOT = Path(__file__).resolve().parent.parent
HEADLINE = ROOT / "configs" / "blockbuster_vs_netflix.toml"
RIVALS = "not measured: the rivals feature (a market with rival firms) does not exist yet"


def morris_command(trajectories: int, replications: int, out: Path) -> list[str]:
    return ["sensitivity", str(HEADLINE), "--method", "morris", "--kpi", "profit", "--difference", "subscription",
            "--samples", str(trajectories), "--replications", str(replications), "--quick", "--out", str(out)]


def cpu_seconds() -> float:
    """CPU time of this process and its finished children (pool and Dask workers are children)."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def timed_runs(settings: ExecutorSettings, trajectories: int, replications: int) -> tuple[dict[str, float], Runs]:
    """The design's runs on one executor, its start-up and shut-down included: wall and CPU seconds."""
    loaded = load(str(HEADLINE), quick=True)
    config = loaded.config
    unit = sensitivity.design("morris", trajectories, len(config.uncertainties), config.experiment.seed)
    points = designs.design_points(loaded, designs.values(unit, config.uncertainties))
    cpu, start = cpu_seconds(), time.perf_counter()
    with executor_for(settings) as pool:
        runs = run_points(loaded, points, ["subscription", "late_fees"], range(replications),
                          config.experiment.seed, pool)
    return {"wall": time.perf_counter() - start, "cpu": cpu_seconds() - cpu}, runs


def timed_command(argv: list[str]) -> float:
    """Wall time of the whole `policysim sensitivity` command (runs, analysis, plots and report)."""
    start = time.perf_counter()
    with redirect_stdout(io.StringIO()):
        code = policysim(argv)
    if code != 0:
        raise SystemExit(f"policysim {' '.join(argv)} failed")
    return time.perf_counter() - start


def morris(workers: int, trajectories: int, replications: int) -> dict[str, Any]:
    """The design's runs serially, on local processes and on a local Dask cluster (the same KPIs
    checked), then the whole command on the local processes."""
    executors = {"serial": ExecutorSettings(workers=1), "processes": ExecutorSettings(workers=workers),
                 "dask": ExecutorSettings(dask_local=workers)}
    times, kpis = {}, {}
    for name, settings in executors.items():
        times[name], runs = timed_runs(settings, trajectories, replications)
        kpis[name] = {(v, k): a.tobytes() for v, table in runs.values.items() for k, a in table.items()}
    if not kpis["serial"] == kpis["processes"] == kpis["dask"]:
        raise SystemExit("the three executors gave different KPIs")
    with tempfile.TemporaryDirectory() as tmp:
        command = timed_command([*morris_command(trajectories, replications, Path(tmp) / "study"),
                                 "--workers", str(workers)])
    serial = times["serial"]
    return {"runs": trajectories * (5 + 1) * replications * 2, "trajectories": trajectories,
            "replications": replications, "workers": workers, "times": times, "same_kpis": True,
            "command_seconds": command,
            "efficiency": {name: serial["wall"] / (workers * times[name]["wall"]) for name in ("processes", "dask")},
            "cpu_overhead": {name: times[name]["cpu"] / serial["cpu"] - 1 for name in ("processes", "dask")}}


def household_month() -> dict[str, Any]:
    """Seconds per customer-month of the single-firm headline study (one replication of each variant)."""
    exp = load_experiment(HEADLINE).config
    seconds, months = 0.0, 0.0
    for name in exp.variants:
        start = time.perf_counter()
        result = execute(exp, Task(0, 0, name), exp.experiment.seed)
        seconds += time.perf_counter() - start
        months += result.kpis["customer_months"]
    return {"single_firm_microseconds": 1e6 * seconds / months, "household_months": months, "seconds": seconds,
            "one_rival": RIVALS}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=2, help="local processes and Dask workers (default 2)")
    parser.add_argument("--trajectories", type=int, default=6, help="Morris trajectories (default 6)")
    parser.add_argument("--replications", type=int, default=2, help="replications per design point (default 2)")
    args = parser.parse_args()
    busy = os.getloadavg()
    design = morris(args.workers, args.trajectories, args.replications)
    t, eff, extra = design["times"], design["efficiency"], design["cpu_overhead"]
    print(f"Morris design, headline study's 5 uncertainties, {design['trajectories']} trajectories x "
          f"{design['replications']} replications, --quick, subscription and late_fees: {design['runs']} runs "
          f"(executor start-up included)")
    print(f"  serial:                  {t['serial']['wall']:6.1f} s  (CPU {t['serial']['cpu']:.1f} s)")
    for name, label in (("processes", f"{args.workers} local processes:"), ("dask", f"local Dask, {args.workers} workers:")):
        print(f"  {label:<24} {t[name]['wall']:6.1f} s  efficiency {eff[name]:.0%}  "
              f"(CPU {t[name]['cpu']:.1f} s, {extra[name]:+.0%} on serial)")
    print("  the same KPIs, to the bit, on all three")
    print(f"  whole command on {args.workers} local processes (runs, analysis, plots, report): "
          f"{design['command_seconds']:.1f} s")
    print(f"  load average (1 min) before and after: {busy[0]:.1f}, {os.getloadavg()[0]:.1f} on {default_workers()} cores")
    cost = household_month()
    print(f"household-month, single firm: {cost['single_firm_microseconds']:.1f} us "
          f"({cost['household_months']:,.0f} customer-months, 4 variants x 1 replication, {cost['seconds']:.1f} s)")
    print(f"household-month, one rival:   {RIVALS}")
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"scale_out-{datetime.now(timezone.utc).strftime('%Y%m%d-%H%M%S')}.json"
    path.write_text(json.dumps({"morris": design, "household_month": cost, "load_average": [busy[0], os.getloadavg()[0]],
                                "machine": platform.platform(),
                                "cores": default_workers(), "python": platform.python_version()}, indent=2) + "\n")
    print(f"written: {path}")


if __name__ == "__main__":
    main()
