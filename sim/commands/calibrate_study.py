"""`policysim calibrate study CONFIG [--train-until DATE] [--budget RUNS] [--out DIR | --resume DIR]`.

Fits the parameters of the study's [calibration] table to its observed rows and writes the
weighted sample (posterior.csv), the study naming it (calibrated.toml), diagnostics.json and
calibration.md/.html. Each finished run goes to the folder at once, so a killed calibration
resumes with `--resume DIR` and ends with the same posterior.csv, byte for byte.
"""

from __future__ import annotations

import argparse
import datetime as dt
import time
from pathlib import Path
from collections.abc import Callable
from concurrent.futures import Executor
from typing import Any, TypeVar

from sim.calibration import files, study, summary
from sim.commands import executor_options
from sim.config import LoadedExperiment
from sim.errors import UserError
from sim.executors import ExecutorSettings, executor_for, progress_bar
from sim.explore.evaluate import load
from sim.explore.folder import ExploreFolder, open_folder, resumable


def add_parser(models: argparse._SubParsersAction) -> None:
    p = models.add_parser("study", help="fit a study's [calibration] parameters to its observed series")
    p.add_argument("config", metavar="CONFIG", help="experiment file with [observed] and [calibration] tables")
    add_fit_options(p)
    p.add_argument("--out", type=Path, help="folder (default results/<experiment>/calibration-<stamp>)")
    p.add_argument("--resume", type=Path, metavar="DIR", help="finish an interrupted calibration (the same command)")
    p.set_defaults(func=execute)


def add_fit_options(p: argparse.ArgumentParser) -> None:
    """The flags a calibration and a back-test share."""
    p.add_argument("--train-until", metavar="DATE", help="fit the observed rows dated on or before DATE (YYYY-MM-DD)")
    p.add_argument("--budget", type=int, metavar="RUNS", help="runs to spend (default: calibration.budget)")
    p.add_argument("--quick", action="store_true", help="a quarter of the business (parameters stay in full units)")
    executor_options.register(p)


def parse_date(text: str | None, flag: str = "--train-until") -> dt.date | None:
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise UserError(f"{flag}: cannot parse date {text!r} (expected YYYY-MM-DD)") from None


def execute(args: argparse.Namespace) -> int:
    loaded = load(args.config, args.quick)
    train_until = parse_date(args.train_until)
    if args.budget is not None and args.budget < 1:
        raise UserError(f"--budget must be at least 1 (got {args.budget})")
    s = study.setup(loaded, train_until, args.budget, args.quick)
    where = executor_options.settings(args)
    command = command_of(args, s)
    default = Path("results") / loaded.config.experiment.name / f"calibration-{time.strftime('%Y%m%d-%H%M%S')}"
    post, diagnostics, out = fit(loaded, s, command, where, args.out, args.resume, default)
    assert loaded.config.observed is not None
    files.write(post, diagnostics, loaded.text, loaded.source, loaded.config.observed.file, train_until, out)
    print_summary(diagnostics, out)
    return 0


def fit(loaded: LoadedExperiment, s: study.Setup, command: str, where: ExecutorSettings, out: Path | None,
        resume: Path | None, default: Path) -> tuple[study.Posterior, dict[str, Any], Path]:
    """Run the calibration in its folder (created, or reopened to resume); the runs' record is removed at the end."""
    asked = {"command": command, "config_hash": loaded.config_hash}
    folder, found = open_folder(out, resume, default, asked)
    done: study.Done = found  # type: ignore[assignment]  # a run's record is its figures
    before = len(done)
    start = time.perf_counter()
    post = spend(folder, command, where, lambda pool, record, planned: study.calibrate(s, pool, done, record, planned))
    diagnostics = summary.diagnostics(post, time.perf_counter() - start, len(done) - before)
    return post, diagnostics, folder.root


T = TypeVar("T")
Calibrate = Callable[[tuple[Executor | None, int], Callable[[str, list[float]], None], Callable[[int], None]], T]


def spend(folder: ExploreFolder, command: str, where: ExecutorSettings, calibrate: Calibrate[T]) -> T:
    """Run a calibration on the executor with a progress bar, each finished run filed in the folder
    at once (Ctrl-C keeps them and says how to resume); the runs' record is removed at the end."""
    with resumable(folder, command), progress_bar("calibrate") as bar, executor_for(where) as pool:
        def planned(n: int) -> None:
            bar.total += n
            bar.refresh()

        def record(key: str, figures: list[float]) -> None:
            folder.add(key, figures)  # type: ignore[arg-type]
            bar.update(1)

        found = calibrate(pool, record, planned)
    folder.finish()
    return found


def command_of(args: argparse.Namespace, s: study.Setup) -> str:
    """The command that gives these results (where they run and where they go change nothing)."""
    cut = f" --train-until {args.train_until}" if args.train_until else ""
    return (f"policysim calibrate study {args.config}{cut} --budget {s.points * s.replications}"
            f"{' --quick' if args.quick else ''}")


def print_parameters(parameters: dict[str, Any]) -> None:
    """Each parameter's posterior median and 90% interval, a line each."""
    width = max(len(n) for n in parameters)
    print(f"{'parameter':<{width}}  {'median':>10}  {'5%':>10}  {'95%':>10}")
    for name, p in parameters.items():
        print(f"{name:<{width}}  {p['median']:>10.4g}  {p['p05']:>10.4g}  {p['p95']:>10.4g}")


def print_summary(d: dict[str, Any], out: Path) -> None:
    """The parameters' intervals and the trust figures, as a short table."""
    print_parameters(d["parameters"])
    strong = [f"{k} ({v:+.2f})" for k, v in d["correlations"].items() if v is not None and abs(v) >= 0.7]
    if strong:
        print("hard to tell apart (|correlation| >= 0.7): " + "; ".join(strong))
    print(f"\n{d['runs_used']} runs ({d['runs_simulated_this_session']} this session) in {d['wall_time_seconds']:g} s; "
          f"effective sample size {d['effective_sample_size']:.1f}, acceptance {d['acceptance']:.0%}; "
          f"results: {out}/calibration.html")
