"""`policysim validate [--quick] [--case KEY ...] [--out DIR]`: run the validation cases of
docs/design.md (or the ones named), print the table, write validation.html; exit 1 when a case fails."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from tqdm import tqdm

from sim.calibration.posterior import named, read_posterior
from sim.commands import executor_options
from sim.executors import executor_for, progress_bar
from sim.validation.page import validation_page
from sim.validation.runs import shipped_config
from sim.validation.suite import CASES, Case, CaseResult, run_cases
from sim.validation.table import text_table, verdict
from sim.validation.work import Work


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("validate", help="check the model against known results (exit 1 if one fails)")
    p.add_argument("--quick", action="store_true", help="smaller samples and wider intervals (under a minute)")
    p.add_argument("--case", action="append", choices=[c.key for c in CASES], metavar="KEY",
                   help="run only this case (repeatable): " + ", ".join(c.key for c in CASES))
    p.add_argument("--out", type=Path, default=Path("results") / "validation",
                   help="folder for validation.html (default results/validation)")
    p.add_argument("--posterior", metavar="FILE",
                   help="run the cases of documented behaviour (Netflix 2011, 2014, 2016, the calibration targets, "
                        "the history replay) with a parameter set drawn per replication from this sample: "
                        "`behaviour` is the shipped joint fit (policysim calibrate behaviour)")
    executor_options.register(p)
    p.set_defaults(func=execute)


def progress(result: CaseResult) -> None:
    tqdm.write(f"  {result.name}: {verdict(result.passed)} ({result.seconds:.1f} s)", file=sys.stderr)


def chosen(keys: list[str] | None) -> tuple[Case, ...]:
    """The cases named by --case, in the suite's order (all of them when none is named)."""
    return tuple(c for c in CASES if not keys or c.key in keys)


def execute(args: argparse.Namespace) -> int:
    where = executor_options.settings(args)
    start = time.perf_counter()
    behaviour = None if args.posterior is None else read_posterior(
        named(args.posterior), shipped_config("blockbuster_vs_netflix.toml").config)
    with progress_bar("validate") as bar, executor_for(where) as (executor, _):
        results = run_cases(chosen(args.case), args.quick, progress, Work(executor, bar, behaviour))
    seconds = time.perf_counter() - start
    args.out.mkdir(parents=True, exist_ok=True)
    page = args.out / "validation.html"
    page.write_text(validation_page(results, args.quick), encoding="utf-8")
    print(text_table(results))
    failed = sum(c.counts_against for r in results for c in r.checks)
    print(f"\n{'all checks pass' if not failed else f'{failed} check(s) FAIL'} ({seconds:.0f} s); wrote {page}")
    return 1 if failed else 0
