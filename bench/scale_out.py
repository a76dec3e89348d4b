"""Scale-out benchmark: a Morris design of the headline study serially, on 2 local workers and on a
2-worker local Dask cluster, and the cost of one household-month of the simulated market.

Run as `python bench/scale_out.py [--workers 2] [--trajectories 6] [--replications 2] [--repeat 3]`.

The design is that of `policysim sensitivity` over the headline study's five uncertainties
(subscription and late fees, --quick); its runs are timed from the executor's start to its
shut-down, and efficiency is the serial time over (workers x the parallel time). The analysis,
plots and report that follow are serial; the whole command is timed once on the local processes.
The CPU time each executor used (its workers' included) shows the cost of spreading the work, and
the load average how busy the machine was: Linux gives each session a fair share of the cores
(autogroup), so on a busy machine more workers do not get more CPU. Each
executor is timed in a fresh interpreter, so none inherits the heap (and the cached pre-histories)
of the one timed before it. The three must give the same KPIs to the bit; the benchmark says so or
stops. The household-month cost is one replication of every headline variant (full size), seconds
over customer-months simulated, and the duel study's baseline with its rival against the same
business alone (bench/market_cost.py).
Figures are printed and written as JSON under bench/results/ (kept out of git).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from market_cost import measure as market_cost

from sim.config import load_experiment
from sim.executors import ExecutorSettings, default_workers, executor_for
from sim.explore import designs, sensitivity
from sim.explore.evaluate import load, run_points
from sim.runner import Task, execute

ROOT = Path(__file__).resolve().parent.parent
HEADLINE = ROOT / "configs" / "blockbuster_vs_netflix.toml"
EXECUTORS = {"serial": lambda n: ExecutorSettings(workers=1), "processes": lambda n: ExecutorSettings(workers=n),
             "dask": lambda n: ExecutorSettings(dask_local=n)}


def morris_command(trajectories: int, replications: int, out: Path) -> list[str]:
    return ["sensitivity", str(HEADLINE), "--method", "morris", "--kpi", "profit", "--difference", "subscription",
            "--samples", str(trajectories), "--replications", str(replications), "--quick", "--out", str(out)]


def cpu_seconds() -> float:
    """CPU time of this process and its finished children (pool and Dask workers are children)."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def timed_runs(settings: ExecutorSettings, trajectories: int, replications: int) -> dict[str, Any]:
    """The design's runs on one executor, its start-up and shut-down included: wall and CPU seconds,
    and a digest of every KPI of every run."""
    loaded = load(str(HEADLINE), quick=True)
    config = loaded.config
    unit = sensitivity.design("morris", trajectories, len(config.uncertainties), config.experiment.seed)
    points = designs.design_points(loaded, designs.values(unit, config.uncertainties))
    cpu, start = cpu_seconds(), time.perf_counter()
    with executor_for(settings) as pool:
        runs = run_points(loaded, points, ["subscription", "late_fees"], range(replications),
                          config.experiment.seed, pool)
    times = {"wall": time.perf_counter() - start, "cpu": cpu_seconds() - cpu}
    digest = hashlib.sha256()
    for variant, table in sorted(runs.values.items()):
        for kpi, values in sorted(table.items()):
            digest.update(f"{variant}/{kpi}".encode() + values.tobytes())
    return {"times": times, "kpis": digest.hexdigest()}


def in_fresh_interpreter(executor: str, workers: int, trajectories: int, replications: int) -> dict[str, Any]:
    """timed_runs in a new Python process (this file with --executor), its JSON read back."""
    argv = [sys.executable, __file__, "--executor", executor, "--workers", str(workers),
            "--trajectories", str(trajectories), "--replications", str(replications)]
    return json.loads(subprocess.run(argv, check=True, capture_output=True, text=True).stdout)


def median_round(rounds: list[dict[str, float]]) -> dict[str, Any]:
    """The round of median wall time, with every round's wall time beside it."""
    middle = sorted(rounds, key=lambda r: r["wall"])[len(rounds) // 2]
    return {**middle, "walls": [r["wall"] for r in rounds]}


def timed_command(argv: list[str]) -> float:
    """Wall time of the whole `policysim sensitivity` command (runs, analysis, plots and report)."""
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "sim.cli", *argv], check=True, capture_output=True)
    return time.perf_counter() - start


def morris(workers: int, trajectories: int, replications: int, repeat: int) -> dict[str, Any]:
    """The design's runs serially, on local processes and on a local Dask cluster (the same KPIs
    checked), `repeat` rounds of the three in turn, so that a slow spell of a shared machine falls
    on all of them; each executor's median round stands. Then the whole command on local processes."""
    rounds = [{name: in_fresh_interpreter(name, workers, trajectories, replications) for name in EXECUTORS}
              for _ in range(repeat)]
    if len({m["kpis"] for measured in rounds for m in measured.values()}) != 1:
        raise SystemExit("the three executors gave different KPIs")
    times = {name: median_round([r[name]["times"] for r in rounds]) for name in EXECUTORS}
    with tempfile.TemporaryDirectory() as tmp:
        command = timed_command([*morris_command(trajectories, replications, Path(tmp) / "study"),
                                 "--workers", str(workers)])
    serial = times["serial"]
    return {"runs": trajectories * (5 + 1) * replications * 2, "trajectories": trajectories,
            "replications": replications, "workers": workers, "rounds": repeat, "times": times, "same_kpis": True,
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
    duel_alone, duel_rival = market_cost(False, 1), market_cost(True, 1)
    return {"single_firm_microseconds": 1e6 * seconds / months, "household_months": months, "seconds": seconds,
            "duel_alone": duel_alone, "duel_with_rival": duel_rival,
            "rival_ratio": duel_rival["microseconds_per_household_month"]
            / duel_alone["microseconds_per_household_month"]}


def walls(times: dict[str, Any]) -> str:
    each = times["walls"]
    return "" if len(each) == 1 else "  rounds: " + ", ".join(f"{w:.1f}" for w in each)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=2, help="local processes and Dask workers (default 2)")
    parser.add_argument("--trajectories", type=int, default=6, help="Morris trajectories (default 6)")
    parser.add_argument("--replications", type=int, default=2, help="replications per design point (default 2)")
    parser.add_argument("--repeat", type=int, default=1, help="rounds of the three executors; medians stand (default 1)")
    parser.add_argument("--executor", choices=EXECUTORS, help=argparse.SUPPRESS)  # one timing, as JSON
    args = parser.parse_args()
    if args.executor:
        print(json.dumps(timed_runs(EXECUTORS[args.executor](args.workers), args.trajectories, args.replications)))
        return
    busy = os.getloadavg()
    design = morris(args.workers, args.trajectories, args.replications, max(1, args.repeat))
    t, eff, extra = design["times"], design["efficiency"], design["cpu_overhead"]
    print(f"Morris design, headline study's 5 uncertainties, {design['trajectories']} trajectories x "
          f"{design['replications']} replications, --quick, subscription and late_fees: {design['runs']} runs "
          f"(executor start-up included; median of {design['rounds']} rounds)")
    print(f"  serial:                  {t['serial']['wall']:6.1f} s  (CPU {t['serial']['cpu']:.1f} s){walls(t['serial'])}")
    for name, label in (("processes", f"{args.workers} local processes:"), ("dask", f"local Dask, {args.workers} workers:")):
        print(f"  {label:<24} {t[name]['wall']:6.1f} s  efficiency {eff[name]:.0%}  "
              f"(CPU {t[name]['cpu']:.1f} s, {extra[name]:+.0%} on serial){walls(t[name])}")
    print("  the same KPIs, to the bit, on all three")
    print(f"  whole command on {args.workers} local processes (runs, analysis, plots, report): "
          f"{design['command_seconds']:.1f} s")
    print(f"  load average (1 min) before and after: {busy[0]:.1f}, {os.getloadavg()[0]:.1f} on {default_workers()} cores")
    cost = household_month()
    print(f"household-month, single firm: {cost['single_firm_microseconds']:.1f} us "
          f"({cost['household_months']:,.0f} customer-months, 4 variants x 1 replication, {cost['seconds']:.1f} s)")
    alone, rival = cost["duel_alone"], cost["duel_with_rival"]
    print(f"household-month, duel baseline alone: {alone['microseconds_per_household_month']:.1f} us, "
          f"with its rival: {rival['microseconds_per_household_month']:.1f} us ({cost['rival_ratio']:.2f}x; "
          f"1 full replication each)")
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"scale_out-{datetime.now(timezone.utc).strftime('%Y%m%d-%H%M%S')}.json"
    path.write_text(json.dumps({"morris": design, "household_month": cost, "load_average": [busy[0], os.getloadavg()[0]],
                                "machine": platform.platform(),
                                "cores": default_workers(), "python": platform.python_version()}, indent=2) + "\n")
    print(f"written: {path}")


if __name__ == "__main__":
    main()
