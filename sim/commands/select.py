"""`policysim select CONFIG --kpi profit --delta D --confidence 0.95`: the best variant, with a guarantee."""

from __future__ import annotations

import argparse
import time
from collections.abc import Sequence
from concurrent.futures import Executor

import numpy as np

from sim.commands import executor_options
from sim.config import LoadedExperiment, SweepPoint
from sim.errors import UserError
from sim.executors import executor_for, progress_bar
from sim.explore.evaluate import RunLog, check_kpi, load, positive, run_points
from sim.explore.selection import Selection, kn


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("select", help="name the best variant within an indifference zone (KN, sequential)")
    p.add_argument("config", metavar="CONFIG", help="experiment file (TOML)")
    p.add_argument("--kpi", required=True, help="KPI to rank by, e.g. profit")
    p.add_argument("--delta", type=float, required=True, help="indifference zone: differences smaller do not matter")
    p.add_argument("--confidence", type=float, default=0.95, help="probability of a correct selection (0.95)")
    p.add_argument("--minimize", action="store_true", help="smaller is better (e.g. monthly_churn_rate)")
    p.add_argument("--n0", type=int, default=10, help="first-stage replications (default 10)")
    p.add_argument("--max-replications", type=int, help="stop here even without a winner (loses the guarantee)")
    p.add_argument("--quick", action="store_true", help="a quarter of the customers")
    executor_options.register(p)
    p.set_defaults(func=execute)


def execute(args: argparse.Namespace) -> int:
    if not args.delta > 0:
        raise UserError(f"--delta must be greater than 0 (got {args.delta:g})")
    if not 0.0 < args.confidence < 1.0:
        raise UserError(f"--confidence must be between 0 and 1 (got {args.confidence:g})")
    if args.n0 < 2:
        raise UserError(f"--n0 must be at least 2 (got {args.n0})")
    cap = None if args.max_replications is None else positive(args.max_replications, "--max-replications")
    loaded = load(args.config, args.quick)
    kpi = check_kpi(args.kpi, loaded)
    where = executor_options.settings(args)
    names = list(loaded.config.variants)
    start = time.perf_counter()
    with progress_bar("select") as bar, executor_for(where) as pool:
        log = RunLog(bar)
        sampler = _sampler(loaded, names, kpi, pool, log)
        result = kn(sampler, len(names), args.delta, args.confidence, args.n0, cap, not args.minimize, pool[1])
    print(describe(result, names, kpi, args))
    needed = sum(result.replications)
    print(f"\n{len(log.done)} runs ({len(log.done) - needed} of them taken ahead to keep the workers busy, then "
          f"not needed) in {time.perf_counter() - start:.1f} s")
    return 0


def _sampler(loaded: LoadedExperiment, names: list[str], kpi: str, pool: tuple[Executor | None, int], log: RunLog):
    """Replications of the chosen variants, run with the experiment's streams (common random numbers)."""
    point = SweepPoint(0, {}, loaded.config.model_copy(update={"sweep": {}}))
    seed = loaded.config.experiment.seed

    def sample(replications: Sequence[int], systems: Sequence[int]) -> np.ndarray:
        chosen = [names[i] for i in systems]
        runs = run_points(loaded, [point], chosen, list(replications), seed, pool, log)
        return np.column_stack([runs.kpi(kpi, v)[0] for v in chosen])

    return sample


def describe(result: Selection, names: list[str], kpi: str, args: argparse.Namespace) -> str:
    """The winner, the guarantee, and one line per variant: replications needed and why it left."""
    goal = "smallest" if args.minimize else "largest"
    head = (f"KN selection of the {goal} mean {kpi}: delta = {args.delta:g}, "
            f"confidence {args.confidence:.0%}, n0 = {args.n0}")
    if result.guaranteed:
        verdict = (f"best: {names[result.best]} (with probability >= {args.confidence:.0%} it is the best "
                   f"or within {args.delta:g} of it)")
    else:
        verdict = (f"no guarantee: stopped at --max-replications with several variants left; "
                   f"{names[result.best]} has the best mean so far")
    why = {e.system: e for e in result.eliminated}
    width = max(len(n) for n in names)
    lines = [head, verdict, "", f"{'variant':<{width}}  {'reps':>5}  {'mean':>14}  outcome"]
    for i, name in enumerate(names):
        e = why.get(i)
        outcome = ("selected" if i == result.best else "still in" if e is None else
                   f"eliminated after {e.replication}: {_num(e.gap)} worse than {names[e.by]}, "
                   f"beyond the allowance W = {_num(e.allowance)}")
        lines.append(f"{name:<{width}}  {result.replications[i]:>5}  {_num(result.means[i]):>14}  {outcome}")
    return "\n".join(lines)


def _num(x: float) -> str:
    return f"{x:,.0f}" if abs(x) >= 1000 else f"{x:.4g}"
