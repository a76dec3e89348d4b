"""The flags of every command that runs simulations: where they run (defined once, shared).

`register(parser)` adds --workers, --scheduler and --dask-local; `settings(args)` checks them
before the command writes anything and returns sim.executors.ExecutorSettings.
"""

from __future__ import annotations

import argparse

from sim.executors import ExecutorSettings, checked_settings, default_workers


def register(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("where the simulations run (one of)")
    group.add_argument("--workers", type=int, metavar="N",
                       help=f"local processes (default: the cores this process may use, {default_workers()} here)")
    group.add_argument("--scheduler", metavar="tcp://HOST:PORT",
                       help="a Dask cluster's scheduler (pip install 'policysim[distributed]')")
    group.add_argument("--dask-local", type=int, metavar="N", help="start a local Dask cluster of N workers")


def settings(args: argparse.Namespace) -> ExecutorSettings:
    return checked_settings(args.workers, args.scheduler, args.dask_local)
