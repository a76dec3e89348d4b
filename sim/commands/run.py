"""`policysim run CONFIG`: run an experiment, write the results folder, print the key KPIs."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from tqdm import tqdm

from sim.commands import executor_options
from sim.config import LoadedExperiment, load_experiment
from sim.config.quick import quick_version
from sim.errors import UserError
from sim.executors import executor_for
from sim.runner import Task, TaskResult, run_tasks, tasks
from sim.store import ResultsFolder, run_id
from sim.summary_table import key_kpi_table


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("run", help="run an experiment and write its results folder")
    p.add_argument("config", metavar="CONFIG", help="experiment file (TOML)")
    executor_options.register(p)
    p.add_argument("--replications", type=int, help="override experiment.replications")
    p.add_argument("--seed", type=int, help="override experiment.seed (the root seed)")
    p.add_argument("--out", type=Path, help="results folder (default results/<experiment>/<run id>)")
    p.add_argument("--resume", type=Path, metavar="RESULTS_DIR", help="finish an interrupted run")
    p.add_argument("--quick", action="store_true", help="a quarter of the customers, at most 3 replications")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    p.add_argument("--no-report", action="store_true", help="skip plots and report.html (faster)")
    p.set_defaults(func=execute)


def execute(args: argparse.Namespace) -> int:
    loaded = load_experiment(args.config)
    if args.quick:
        loaded = quick_version(loaded)
        print("quick mode: a quarter of the business (customers, overheads, staff) and at most 3 replications; intervals are wider")
    folder = _folder(args, loaded)
    where = executor_options.settings(args)
    start = time.perf_counter()
    everything = tasks(loaded, folder.replications)
    if args.resume:
        folder.reopen()
    else:
        folder.create()
    done = folder.done()
    todo = [t for t in everything if t.key not in done]
    with executor_for(where) as (executor, in_flight):
        _run(loaded, folder, todo, executor, in_flight, show=not args.no_progress)
    cells = folder.merge(everything)
    folder.remove_parts()
    folder.write_manifest(complete=True)
    if not args.no_report:
        _outputs(folder.root)
    print(key_kpi_table(loaded, cells))
    resumed = f", {len(everything) - len(todo)} of them from the interrupted run" if args.resume else ""
    print(f"\n{len(everything)} runs ({folder.replications} replications{resumed}) in "
          f"{time.perf_counter() - start:.1f} s; results: {folder.root}")
    return 0


def _folder(args: argparse.Namespace, loaded: LoadedExperiment) -> ResultsFolder:
    """The results folder to write, from the flags; checks them before anything is created."""
    meta = loaded.config.experiment
    replications = _positive(args.replications, "--replications") or meta.replications
    if args.quick:
        replications = min(replications, meta.replications)
    seed = meta.seed if args.seed is None else _seed(args.seed)
    if args.resume and args.out:
        raise UserError("--resume names the folder to finish; do not give --out with it")
    root = args.resume or args.out or Path("results") / meta.name / run_id(loaded)
    return ResultsFolder(root, loaded, replications, seed, ["policysim", *sys.argv[1:]], quick=args.quick)


def _run(loaded: LoadedExperiment, folder: ResultsFolder, todo: list[Task], executor, in_flight: int,
         show: bool) -> None:
    bar = tqdm(total=len(todo), unit="run", desc=loaded.config.experiment.name, disable=not show)

    def sink(result: TaskResult) -> None:
        folder.add(result)
        bar.update(1)

    try:
        run_tasks(loaded, todo, folder.seed, sink, executor, in_flight)
    except KeyboardInterrupt:
        bar.close()
        raise UserError(f"interrupted; finished replications are kept: "
                        f"policysim run {loaded.source} --resume {folder.root}") from None
    finally:
        bar.close()


def _outputs(root: Path) -> None:
    """Plots and report, when the report package is installed with the project."""
    try:
        from sim.report import write_report
    except ImportError:
        return
    write_report(root)


def _positive(value: int | None, flag: str) -> int:
    if value is not None and value < 1:
        raise UserError(f"{flag} must be at least 1 (got {value})")
    return value or 0


def _seed(value: int) -> int:
    if not 0 <= value < 2**63:
        raise UserError(f"--seed must be between 0 and 2^63-1 (got {value})")
    return value
