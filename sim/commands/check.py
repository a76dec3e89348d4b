"""`policysim check CONFIG...`: validate experiment files without running them."""

from __future__ import annotations

import argparse

from sim.config import load_experiment
from sim.config.size import check_work


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("check", help="validate experiment files without running")
    p.add_argument("configs", nargs="+", metavar="CONFIG")
    p.add_argument("--force", action="store_true",
                   help="accept a study (or its observed file) beyond the soft size limits")
    p.set_defaults(func=execute)


def execute(args: argparse.Namespace) -> int:
    for path in args.configs:
        loaded = load_experiment(path, force=args.force)
        work = check_work(loaded, force=args.force)
        valid = len(loaded.points)  # expands the sweep, validating every point
        print(f"{path}: ok ({valid:,} valid point(s), baseline {loaded.config.baseline}; {work.describe()})")
    return 0
