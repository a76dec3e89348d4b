"""`policysim sensitivity CONFIG --method morris|sobol --kpi KPI [--difference VARIANT]`."""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np

from sim.commands import executor_options
from sim.config.size import check_replications
from sim.explore import designs, sensitivity
from sim.explore.evaluate import RunLog, check_kpi, check_runs, check_variant, load, positive, run_points
from sim.explore.folder import open_folder, resumable
from sim.explore.sensitivity_report import SensitivityStudy, write
from sim.explore.salib import salib
from sim.errors import UserError
from sim.executors import executor_for, progress_bar

DEFAULT_SAMPLES = {"morris": 10, "sobol": 32}


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("sensitivity", help="which uncertainties drive a KPI or a paired difference (SALib)")
    p.add_argument("config", metavar="CONFIG", help="experiment file with an [uncertainties] table")
    p.add_argument("--method", choices=sensitivity.METHODS, default="morris", help="default morris")
    p.add_argument("--kpi", required=True, help="KPI name, e.g. profit")
    p.add_argument("--difference", metavar="VARIANT", help="analyse VARIANT minus the baseline (paired)")
    p.add_argument("--variant", metavar="NAME", help="variant whose KPI to analyse (default: the baseline)")
    p.add_argument("--samples", type=int, help="Morris trajectories (default 10) or Sobol' base rows (32)")
    p.add_argument("--replications", type=int, default=3, help="replications per design point (default 3)")
    p.add_argument("--quick", action="store_true", help="a quarter of the customers")
    p.add_argument("--out", type=Path, help="folder (default results/<experiment>/sensitivity-<stamp>)")
    p.add_argument("--resume", type=Path, metavar="DIR", help="finish an interrupted study (the same command)")
    executor_options.register(p)
    p.set_defaults(func=execute)


def execute(args: argparse.Namespace) -> int:
    loaded = load(args.config, args.quick)
    config = loaded.config
    kpi, baseline = check_kpi(args.kpi, loaded), config.baseline
    variant = check_variant(loaded, args.difference or args.variant or baseline)
    if args.difference and variant == baseline:
        raise UserError(f"--difference needs a variant other than the baseline '{baseline}'")
    salib("analyze")
    samples = positive(args.samples or DEFAULT_SAMPLES[args.method], "--samples")
    reps = check_replications(args.replications, args.config)
    where = executor_options.settings(args)
    if not config.uncertainties:
        raise UserError(f"{args.config}: uncertainties: the table is missing or empty; sensitivity varies the "
                        "parameters it lists, each with a range, e.g. [uncertainties] "
                        '"scenario.goodwill.kappa" = [0.7, 1.3]')
    names = list(config.uncertainties)
    variants = [variant, baseline] if args.difference else [variant]
    rows = samples * (len(names) + (1 if args.method == "morris" else 2))  # Morris trajectories, Saltelli rows
    check_runs(rows * reps * len(variants), f"--samples {samples:,} of {len(names)} uncertainties, "
                                           f"{reps} replications and {len(variants)} variant(s)")
    seed = config.experiment.seed
    unit = sensitivity.design(args.method, samples, len(names), seed)
    matrix = designs.values(unit, config.uncertainties)
    points = designs.design_points(loaded, matrix)
    command = _command(args, variant, samples, reps)
    default = Path("results") / config.experiment.name / f"sensitivity-{time.strftime('%Y%m%d-%H%M%S')}"
    folder, done = open_folder(args.out, args.resume, default, {"command": command, "config_hash": loaded.config_hash})
    start = time.perf_counter()
    with resumable(folder, command), progress_bar("sensitivity") as bar, executor_for(where) as pool:
        runs = run_points(loaded, points, variants, range(reps), seed, pool, RunLog(bar, folder, done))
    y = runs.kpi(kpi, variant, baseline if args.difference else None).mean(axis=1)
    indices = sensitivity.analyze(args.method, names, unit, y, seed)
    what = f"{kpi}: {variant} - {baseline}" if args.difference else f"{kpi} of {variant}"
    study = SensitivityStudy(config.experiment.name, what, kpi, f"{variant} ahead" if args.difference else "positive",
                  f"{baseline} ahead" if args.difference else "negative", names, matrix, y, indices, reps, command)
    write(study, folder.root)
    folder.finish()
    _print(study, len(points) * reps * len(variants), time.perf_counter() - start, folder.root)
    return 0


def _command(args: argparse.Namespace, variant: str, samples: int, reps: int) -> str:
    """The command that gives these results (where they ran and where they went change nothing)."""
    chosen = f"--difference {variant}" if args.difference else f"--variant {variant}"
    return (f"policysim sensitivity {args.config} --method {args.method} --kpi {args.kpi} {chosen} "
            f"--samples {samples} --replications {reps}{' --quick' if args.quick else ''}")


def _print(study: SensitivityStudy, runs: int, seconds: float, out: Path) -> None:
    table = study.indices.table
    stats = list(next(iter(table.values())))
    width = max(len(n) for n in table)
    print(f"{study.indices.method} sensitivity of {study.what} (mean over design {np.mean(study.y):,.4g})")
    print(f"{'parameter':<{width}}  " + "  ".join(f"{s:>12}" for s in stats))
    for name in study.indices.rank:
        print(f"{name:<{width}}  " + "  ".join(f"{table[name][s]:>12.4g}" for s in stats))
    print(f"\n{runs} runs in {seconds:.1f} s; results: {out}/sensitivity.html")
