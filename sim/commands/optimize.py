"""`policysim optimize CONFIG --lever PATH --range LOW:HIGH --kpi profit`: the best value of one lever."""

from __future__ import annotations

import argparse
import csv
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from sim.commands import executor_options
from sim.config import ConfigError, LoadedExperiment, SweepPoint
from sim.config.load import check_path, with_values
from sim.config.size import check_replications
from sim.errors import UserError, quote
from sim.executors import executor_for, progress_bar
from sim.explore import plots
from sim.explore.evaluate import (
    RunLog,
    check_kpi,
    check_runs,
    check_variant,
    load,
    positive,
    run_points,
)
from sim.explore.folder import open_folder, resumable
from sim.explore.optimize import Optimum, optimize


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("optimize", help="best value of one numeric lever, with an interval (common random numbers)")
    p.add_argument("config", metavar="CONFIG", help="experiment file (TOML)")
    p.add_argument("--lever", required=True, metavar="PATH",
                   help="dotted path, e.g. variants.subscription.pricing.monthly_fee "
                        "(or pricing.monthly_fee with --variant)")
    p.add_argument("--range", required=True, metavar="LOW:HIGH", help="values to search, e.g. 9.95:29.95")
    p.add_argument("--kpi", required=True, help="KPI to optimise, e.g. profit")
    p.add_argument("--variant", metavar="NAME",
                   help="variant to run (default: the one named in the path, else the baseline)")
    p.add_argument("--minimize", action="store_true", help="smaller is better")
    p.add_argument("--points", type=int, default=9, help="values per grid; a finer grid follows (default 9)")
    p.add_argument("--replications", type=int, default=10, help="replications per value (default 10)")
    p.add_argument("--quick", action="store_true", help="a quarter of the customers")
    p.add_argument("--out", type=Path, help="folder (default results/<experiment>/optimize-<stamp>)")
    p.add_argument("--resume", type=Path, metavar="DIR", help="finish an interrupted search (the same command)")
    executor_options.register(p)
    p.set_defaults(func=execute)


def execute(args: argparse.Namespace) -> int:
    low, high = _range(args.range)
    points = positive(args.points, "--points")
    reps = check_replications(args.replications, args.config)
    check_runs(2 * points * reps, f"--points {points:,} (a coarse and a fine grid) with {reps} replications")
    loaded = load(args.config, args.quick)
    kpi = check_kpi(args.kpi, loaded)
    path, variant = _lever(loaded, args.lever, args.variant)
    current = check_path(loaded.config.model_dump(), path, loaded.source, "lever")
    if isinstance(current, bool) or not isinstance(current, (int, float)):
        raise UserError(f"{loaded.source}: {path}: the lever is not numeric (it is {quote(current)})")
    _check_ends(loaded, path, low, high, type(current))
    where = executor_options.settings(args)
    command = (f"policysim optimize {args.config} --lever {path} --range {low!r}:{high!r} --kpi {kpi} "
               f"--variant {variant}{' --minimize' if args.minimize else ''} --points {points} "
               f"--replications {reps}{' --quick' if args.quick else ''}")
    default = Path("results") / loaded.config.experiment.name / f"optimize-{time.strftime('%Y%m%d-%H%M%S')}"
    folder, done = open_folder(args.out, args.resume, default, {"command": command, "config_hash": loaded.config_hash})
    start = time.perf_counter()
    with resumable(folder, command), progress_bar("optimize") as bar, executor_for(where) as pool:
        evaluate = _evaluator(loaded, path, variant, kpi, pool, RunLog(bar, folder, done))
        best = optimize(evaluate, low, high, max(points, 3), range(reps), isinstance(current, int),
                        not args.minimize, loaded.config.experiment.seed)
    out = folder.root
    _write(best, path, kpi, out)
    folder.finish()
    print(f"{kpi} of {variant} over {path} in [{low:g}, {high:g}] ({reps} replications per value, "
          f"common random numbers)")
    print(f"best value: {best.best:.4g}, 95% bootstrap interval [{best.interval[0]:.4g}, {best.interval[1]:.4g}]; "
          f"values not significantly worse than the best tried: {best.near[0]:.4g} to {best.near[1]:.4g}")
    if best.best in (low, high):
        print(f"warning: the best value is at the {'lower' if best.best == low else 'upper'} end of --range; "
              "widen the range to find the optimum")
    print(f"\n{len(best.x) * reps} runs in {time.perf_counter() - start:.1f} s; results: {out}")
    return 0


def _range(text: str) -> tuple[float, float]:
    try:
        low, high = (float(v) for v in text.split(":"))
    except ValueError:
        raise UserError(f"--range must be LOW:HIGH, e.g. 9.95:29.95 (got {quote(text)})") from None
    if not (np.isfinite(low) and np.isfinite(high)):
        raise UserError(f"--range: LOW and HIGH must be finite numbers (got {quote(text)})")
    if not low < high:
        raise UserError(f"--range: LOW ({low:g}) must be less than HIGH ({high:g})")
    return low, high


def _check_ends(loaded: LoadedExperiment, path: str, low: float, high: float, kind: type) -> None:
    """Both ends of --range are values the lever allows, so the search cannot step outside them."""
    base = loaded.config.model_copy(update={"sweep": {}})
    for name, end in (("LOW", low), ("HIGH", high)):
        try:
            with_values(base, {path: round(end) if kind is int else end}, loaded.source, "lever")
        except ConfigError as exc:
            raise UserError(f"--range: {name} = {end:g} is not a value {path} allows: {exc.message}") from None


def _lever(loaded: LoadedExperiment, path: str, variant: str | None) -> tuple[str, str]:
    """The full dotted path and the variant to run."""
    parts = path.split(".")
    if parts[0] == "variants" and len(parts) > 2:
        named = check_variant(loaded, parts[1])
        if variant and variant != named:
            raise UserError(f"--lever names variant '{named}' but --variant is '{variant}'")
        return path, named
    variant = check_variant(loaded, variant or loaded.config.baseline)
    return (path if parts[0] in ("scenario", "experiment") else f"variants.{variant}.{path}"), variant


def _evaluator(loaded: LoadedExperiment, path: str, variant: str, kpi: str, pool, log: RunLog):
    """KPI per lever value and replication; every value runs with the same replication streams."""
    base = loaded.config.model_copy(update={"sweep": {}})
    seed = loaded.config.experiment.seed
    cast = int if isinstance(check_path(base.model_dump(), path, loaded.source, "lever"), int) else float

    def evaluate(values: np.ndarray, replications: Sequence[int]) -> np.ndarray:
        points = [SweepPoint(i, {path: cast(v)}, with_values(base, {path: cast(v)}, loaded.source, "lever"))
                  for i, v in enumerate(values)]
        return run_points(loaded, points, [variant], replications, seed, pool, log).kpi(kpi, variant)

    return evaluate


def _write(best: Optimum, path: str, kpi: str, out: Path) -> None:
    """curve.csv (value, mean, band) and the plot of the curve around the optimum."""
    out.mkdir(parents=True, exist_ok=True)
    mean, low, high = best.band()
    with (out / "curve.csv").open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow([path, f"{kpi}_mean", f"{kpi}_low", f"{kpi}_high"])
        writer.writerows(zip(best.x, mean, low, high))
    plots.curve(best.x, mean, low, high, best.best, best.interval, path, kpi, out)
