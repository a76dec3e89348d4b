"""`policysim compare RESULTS_DIR --baseline NAME --kpi profit`: paired differences against any
variant, with the unpaired interval beside them to show what common random numbers buy."""

from __future__ import annotations

import argparse
import math
from pathlib import Path

from sim.analysis.comparisons import Comparison, compare
from sim.analysis.results import load_results


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("compare", help="paired comparison table of a KPI against any baseline")
    p.add_argument("results_dir", metavar="RESULTS_DIR", type=Path)
    p.add_argument("--baseline", help="variant to compare against (default: the experiment's baseline)")
    p.add_argument("--kpi", default="profit", help="KPI to compare (default: profit)")
    p.add_argument("--point", type=int, default=0, help="sweep point (default: 0)")
    p.set_defaults(func=execute)


def execute(args: argparse.Namespace) -> int:
    results = load_results(args.results_dir)
    rows = compare(results, args.kpi, args.baseline, args.point)
    baseline = args.baseline or results.baseline
    print(f"{args.kpi}: difference from {baseline} (95% CI over {rows[0].paired.n if rows else 0} replications)")
    print(table(rows))
    return 0


def table(rows: list[Comparison]) -> str:
    """A fixed-width table: mean difference, paired CI, relative change, paired and unpaired half-widths."""
    header = ["variant", "mean diff", "paired 95% CI", "relative", "paired ±", "unpaired ±", "narrower"]
    body = [[c.variant, _num(c.paired.mean), f"{_num(c.paired.low)} to {_num(c.paired.high)}",
             "" if math.isnan(c.rel_change) else f"{100 * c.rel_change:+.1f}%",
             _num(c.paired.half_width), _num(c.unpaired.half_width),
             "" if math.isnan(c.narrowing) else f"{c.narrowing:.1f}x"] for c in rows]
    widths = [max(len(r[i]) for r in [header, *body]) for i in range(len(header))]
    lines = ["  ".join(cell.ljust(w) if i == 0 else cell.rjust(w) for i, (cell, w) in enumerate(zip(r, widths)))
             for r in [header, *body]]
    return "\n".join([lines[0], "  ".join("-" * w for w in widths), *lines[1:]])


def _num(x: float) -> str:
    if math.isnan(x):
        return "n/a"
    return f"{x:,.0f}" if abs(x) >= 1000 else f"{x:.4g}"
