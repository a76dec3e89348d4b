"""`policysim run CONFIG`: run an experiment, write the results folder, print the key KPIs.

A thin layer over sim.run (sim/api.py): flags in, the key KPI table and the folder out.
"""

from __future__ import annotations

import argparse
import shlex
import sys
from pathlib import Path

import sim
from sim.commands import executor_options
from sim.errors import UserError


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("run", help="run an experiment and write its results folder")
    p.add_argument("config", metavar="CONFIG", help="experiment file (TOML)")
    executor_options.register(p)
    p.add_argument("--replications", type=int, help="override experiment.replications")
    p.add_argument("--seed", type=int, help="override experiment.seed (the root seed)")
    p.add_argument("--out", type=Path, help="results folder (default results/<experiment>/<run id>)")
    p.add_argument("--resume", type=Path, metavar="RESULTS_DIR",
                   help="finish an interrupted run (replications, seed and quick mode come from its manifest)")
    p.add_argument("--quick", action="store_true", help="a quarter of the customers, at most 3 replications")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    p.add_argument("--no-report", action="store_true", help="skip plots and report.html (faster)")
    p.add_argument("--force", action="store_true",
                   help="run a study (or use an observed file) beyond the soft size limits")
    p.add_argument("--posterior", metavar="FILE",
                   help="parameter sets (posterior.csv of `policysim calibrate study`, or `behaviour`: the shipped "
                        "joint fit of the shared behaviour): each replication runs with one drawn from it, so the "
                        "intervals include parameter uncertainty")
    p.set_defaults(func=execute)


def execute(args: argparse.Namespace) -> int:
    where = executor_options.settings(args)
    replications = _positive(args.replications, "--replications") or None
    seed = None if args.seed is None else _seed(args.seed)
    try:
        results = sim.run(args.config, replications=replications, seed=seed, workers=args.workers, quick=args.quick,
                          out=args.out, resume=args.resume, scheduler=where.scheduler, dask_local=where.dask_local,
                          progress=not args.no_progress, report=not args.no_report, force=args.force,
                          posterior=args.posterior,
                          command=["policysim", *sys.argv[1:]])
    except sim.Interrupted as exc:
        print(f"policysim: interrupted; finished replications are kept: "
              f"policysim run {shlex.quote(args.config)} --resume {shlex.quote(str(exc.folder))}", file=sys.stderr)
        return 130
    print(results.kpi_table())
    resumed = f", {results.total - results.ran} of them already on disk" if args.resume else ""
    print(f"\n{results.total} runs ({results.replications} replications{resumed}) in "
          f"{results.seconds:.1f} s; results: {results.folder}")
    return 0


def _positive(value: int | None, flag: str) -> int:
    if value is not None and value < 1:
        raise UserError(f"{flag} must be at least 1 (got {value})")
    return value or 0


def _seed(value: int) -> int:
    if not 0 <= value < 2**63:
        raise UserError(f"--seed must be between 0 and 2^63-1 (got {value})")
    return value
