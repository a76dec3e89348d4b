"""`policysim report RESULTS_DIR`: regenerate plots, report.html and report.md from stored files."""

from __future__ import annotations

import argparse
from pathlib import Path

from sim.report import write_report


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("report", help="write plots and the report of a results folder (no simulation)")
    p.add_argument("results_dir", metavar="RESULTS_DIR", type=Path)
    p.add_argument("--slides", action="store_true",
                   help="also write slides.pptx, a 16:9 deck (needs the extra: pip install 'policysim[slides]')")
    p.set_defaults(func=execute)


def execute(args: argparse.Namespace) -> int:
    paths = write_report(args.results_dir, slides=args.slides)
    for path in paths:
        if path.suffix == ".csv":
            print(f"{path}: not what the run wrote; rebuilt from runs.csv")
    for path in paths:
        if path.suffix in (".html", ".md", ".pptx"):
            print(path)
    print(f"{sum(p.suffix == '.png' for p in paths)} plots in {args.results_dir / 'plots'}")
    return 0
