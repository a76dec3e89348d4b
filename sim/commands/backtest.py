"""`policysim backtest CONFIG --train-until DATE`: calibrate on the past, forecast what came after.

Calibrates the study's [calibration] parameters on the observed rows up to DATE (the folder's
calibration/ holds that calibration's files), runs the study to its horizon with the sample
(one drawn parameter set per replication), and writes backtest.csv for every row after DATE:
scored where it carries a value, a forecast alone where it does not. Prints per series the
coverage of the 50% and 90% intervals and the mean absolute percentage error.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np

from sim.analysis.fit import observations_of
from sim.calibration import backtest, files, study
from sim.calibration.points import observe, run_jobs
from sim.calibration.posterior import read_posterior
from sim.commands import calibrate_study, executor_options
from sim.errors import UserError
from sim.executors import executor_for, progress_bar
from sim.explore.evaluate import load, positive
from sim.plots.calibration import Point, band_plot
from sim.results_folder import atomic_write, csv_bytes

DEFAULT_REPLICATIONS = 40


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("backtest", help="calibrate on observed rows up to a date, score the forecast of later ones")
    p.add_argument("config", metavar="CONFIG", help="experiment file with [observed] and [calibration] tables")
    calibrate_study.add_fit_options(p)
    p.add_argument("--replications", type=int, default=DEFAULT_REPLICATIONS,
                   help=f"forecast replications, each with a drawn parameter set (default {DEFAULT_REPLICATIONS})")
    p.add_argument("--out", type=Path, help="folder (default results/<experiment>/backtest-<stamp>)")
    p.set_defaults(func=execute)


def execute(args: argparse.Namespace) -> int:
    if args.train_until is None:
        raise UserError("backtest: give --train-until DATE (the last date the fit may see)")
    loaded = load(args.config, args.quick)
    cut = calibrate_study.parse_date(args.train_until)
    assert cut is not None
    s = study.setup(loaded, cut, args.budget, args.quick)
    reps = positive(args.replications, "--replications")
    where = executor_options.settings(args)
    out = args.out or Path("results") / loaded.config.experiment.name / f"backtest-{time.strftime('%Y%m%d-%H%M%S')}"
    if out.exists() and any(out.iterdir()):
        raise UserError(f"{out}: folder exists and is not empty; choose another --out")
    command = calibrate_study.command_of(args, s).replace("calibrate study", "backtest", 1)
    post, diagnostics, folder = calibrate_study.fit(loaded, s, command, where, out / "calibration", None, out)
    assert loaded.config.observed is not None
    files.write(post, diagnostics, loaded.text, loaded.source, loaded.config.observed.file, cut, folder)
    observations = observations_of(loaded)
    sample = read_posterior(folder / files.POSTERIOR, s.config)  # what `run --posterior` would read
    jobs = [(str(job.replication), (s.config, job, tuple(observations)))
            for job in backtest.jobs(s.config, sample, reps, s.factor)]
    figures: dict[str, list[float]] = {}
    with progress_bar("backtest", len(jobs)) as bar, executor_for(where) as pool:
        def sink(key: str, values: list[float]) -> None:
            figures[key] = values
            bar.update(1)

        run_jobs(pool, observe, jobs, sink)
    grid = np.array([figures[str(r)] for r in range(reps)], dtype=float)
    rows = backtest.rows(observations, grid)
    later = [r for r in rows if r.observation.date > cut]
    atomic_write(out / "backtest.csv", csv_bytes(backtest.COLUMNS, (r.cells() for r in later)))
    band_plot([Point(r.observation, r.quantiles, r.observation.date > cut) for r in rows],
              f"Back-test: fitted to {cut}, {reps} replications with drawn parameter sets", out, "backtest", cut)
    _print(backtest.scores(later), later, cut, out)
    return 0


def _print(scores: list[backtest.Score], later: list[backtest.Row], cut: object, out: Path) -> None:
    if not scores:
        print(f"no observed value after {cut}: backtest.csv holds forecasts only ({len(later)} rows)")
    else:
        print(f"{'series':<28} {'rows':>5} {'50% covered':>12} {'90% covered':>12} {'MAPE':>8}")
        for sc in scores:
            print(f"{sc.firm + ':' + sc.kpi:<28} {sc.rows:>5} {sc.coverage_50:>12.0%} {sc.coverage_90:>12.0%} "
                  f"{sc.mape:>8.1%}")
    print(f"results: {out}/backtest.csv, {out}/backtest.png")
