"""`policysim run CONFIG`: run an experiment, write the results folder, print the key KPIs."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from tqdm import tqdm

from sim.config import LoadedExperiment, load_experiment
from sim.errors import UserError
from sim.runner import run_tasks, tasks
from sim.store import ResultsFolder, run_id
from sim.summary_table import key_kpi_table


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("run", help="run an experiment and write its results folder")
    p.add_argument("config", metavar="CONFIG", help="experiment file (TOML)")
    p.add_argument("--workers", type=int, default=1, help="processes to run replications in (default 1)")
    p.add_argument("--replications", type=int, help="override experiment.replications")
    p.add_argument("--seed", type=int, help="override experiment.seed (the root seed)")
    p.add_argument("--out", type=Path, help="results folder (default results/<experiment>/<run id>)")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    p.add_argument("--no-report", action="store_true", help="skip plots and report.html (faster)")
    p.set_defaults(func=execute)


def execute(args: argparse.Namespace) -> int:
    loaded = load_experiment(args.config)
    meta = loaded.config.experiment
    replications = _positive(args.replications, "--replications") or meta.replications
    seed = meta.seed if args.seed is None else _seed(args.seed)
    workers = _positive(args.workers, "--workers") or 1
    root = args.out or Path("results") / meta.name / run_id(loaded)
    if root.exists() and any(root.iterdir()):
        raise UserError(f"{root}: results folder exists and is not empty; choose another --out")
    folder = ResultsFolder(root, loaded, replications, seed, ["policysim", *sys.argv[1:]])
    start = time.perf_counter()
    todo = tasks(loaded, replications)
    folder.create()
    _run(loaded, folder, todo, seed, workers, show=not args.no_progress)
    cells = folder.merge(todo)
    folder.remove_parts()
    folder.write_manifest(complete=True)
    if not args.no_report:
        _outputs(root)
    print(key_kpi_table(loaded, cells))
    print(f"\n{len(todo)} runs ({replications} replications) in {time.perf_counter() - start:.1f} s "
          f"with {workers} worker(s); results: {root}")
    return 0


def _run(loaded: LoadedExperiment, folder: ResultsFolder, todo: list, seed: int, workers: int, show: bool) -> None:
    bar = tqdm(total=len(todo), unit="run", desc=loaded.config.experiment.name, disable=not show)

    def sink(result) -> None:
        folder.add(result)
        bar.update(1)

    try:
        run_tasks(loaded, todo, seed, workers, sink)
    finally:
        bar.close()


def _outputs(root: Path) -> None:
    """Plots and report, when the report package is installed with the project."""
    try:
        from sim.report import write_report
    except ImportError:
        return
    write_report(root)


def _positive(value: int | None, flag: str) -> int | None:
    if value is not None and value < 1:
        raise UserError(f"{flag} must be at least 1 (got {value})")
    return value


def _seed(value: int) -> int:
    if not 0 <= value < 2**63:
        raise UserError(f"--seed must be between 0 and 2^63-1 (got {value})")
    return value
