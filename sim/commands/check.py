"""`policysim check CONFIG...`: validate experiment files without running them."""

from __future__ import annotations

import argparse

from sim.config import load_experiment


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("check", help="validate experiment files without running")
    p.add_argument("configs", nargs="+", metavar="CONFIG")
    p.set_defaults(func=execute)


def execute(args: argparse.Namespace) -> int:
    for path in args.configs:
        loaded = load_experiment(path)
        cfg = loaded.config
        print(
            f"{path}: ok ({len(cfg.variants)} variants, baseline {cfg.baseline}, "
            f"{cfg.experiment.replications} replications, {len(loaded.points)} sweep point(s))"
        )
    return 0
