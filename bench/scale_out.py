"""Scale-out benchmark: a Morris design of the headline study serially, on 2 local workers and on a
2-worker local Dask cluster, and the cost of one household-month of the simulated market.

Run as `python bench/scale_out.py [--workers 2] [--trajectories 6] [--replications 2]`.

The design is `policysim sensitivity` of the headline study's five uncertainties (profit of
subscription less late fees, --quick), timed as a whole command: executor start-up, every run,
the analysis and the plots. Efficiency is the serial time over (workers x the parallel time); the
CPU time each used (the workers' included) shows the cost of spreading the work, which other
programs on the machine do not change, and the load average says how busy the machine was. The
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
from sim.executors import default_workers
from sim.runner import Task, execute

ROOT = Path(__file__).resolve().parent.parent
HEADLINE = ROOT / "configs" / "blockbuster_vs_netflix.toml"
RIVALS = "not measured: the rivals feature (a market with rival firms) does not exist yet"


def morris_command(trajectories: int, replications: int, out: Path) -> list[str]:
    return ["sensitivity", str(HEADLINE), "--method", "morris", "--kpi", "profit", "--difference", "subscription",
            "--samples", str(trajectories), "--replications", str(replications), "--quick", "--out", str(out)]


def timed_design(argv: list[str], executor: list[str]) -> dict[str, float]:
    """Wall time of the whole command on one executor, and the CPU time it used (its workers' included)."""
    before, start = os.times(), time.perf_counter()
    with redirect_stdout(io.StringIO()):
        code = policysim([*argv, *executor])
    wall, after = time.perf_counter() - start, os.times()
    if code != 0:
        raise SystemExit(f"the design failed on {' '.join(executor)}")
    cpu = sum(getattr(after, f) - getattr(before, f) for f in ("user", "system", "children_user", "children_system"))
    return {"wall": wall, "cpu": cpu}


def morris(workers: int, trajectories: int, replications: int) -> dict[str, Any]:
    """The design serially, on local processes and on a local Dask cluster; same bytes checked."""
    executors = {"serial": ["--workers", "1"], "processes": ["--workers", str(workers)],
                 "dask": ["--dask-local", str(workers)]}
    with tempfile.TemporaryDirectory() as tmp:
        times = {name: timed_design(morris_command(trajectories, replications, Path(tmp) / name), flags)
                 for name, flags in executors.items()}
        files = {name: {p.name: p.read_bytes() for p in sorted((Path(tmp) / name).iterdir())} for name in executors}
    if not files["serial"] == files["processes"] == files["dask"]:
        raise SystemExit("the three executors wrote different files")
    serial = times["serial"]
    return {"runs": trajectories * (5 + 1) * replications * 2, "trajectories": trajectories,
            "replications": replications, "workers": workers, "times": times, "same_files": True,
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
    load = os.getloadavg()
    design = morris(args.workers, args.trajectories, args.replications)
    t, eff, extra = design["times"], design["efficiency"], design["cpu_overhead"]
    print(f"Morris design, headline study's 5 uncertainties, {design['trajectories']} trajectories x "
          f"{design['replications']} replications, --quick, profit of subscription - late_fees: {design['runs']} runs")
    print(f"  serial:                  {t['serial']['wall']:6.1f} s  (CPU {t['serial']['cpu']:.1f} s)")
    for name, label in (("processes", f"{args.workers} local processes:"), ("dask", f"local Dask, {args.workers} workers:")):
        print(f"  {label:<24} {t[name]['wall']:6.1f} s  efficiency {eff[name]:.0%}  "
              f"(CPU {t[name]['cpu']:.1f} s, {extra[name]:+.0%} on serial)")
    print("  output files byte-identical on all three")
    print(f"  load average (1 min) before and after: {load[0]:.1f}, {os.getloadavg()[0]:.1f} on {default_workers()} cores")
    cost = household_month()
    print(f"household-month, single firm: {cost['single_firm_microseconds']:.1f} us "
          f"({cost['household_months']:,.0f} customer-months, 4 variants x 1 replication, {cost['seconds']:.1f} s)")
    print(f"household-month, one rival:   {RIVALS}")
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"scale_out-{datetime.now(timezone.utc).strftime('%Y%m%d-%H%M%S')}.json"
    path.write_text(json.dumps({"morris": design, "household_month": cost, "load_average": [load[0], os.getloadavg()[0]],
                                "machine": platform.platform(),
                                "cores": default_workers(), "python": platform.python_version()}, indent=2) + "\n")
    print(f"written: {path}")


if __name__ == "__main__":
    main()
