"""`policysim params`: the parameter reference (defaults and their sources), or with --kpis the KPI
glossary, as Markdown (docs/parameters.md and docs/kpis.md are its output)."""

from __future__ import annotations

import argparse

from sim.calibration.behaviour_files import shipped_section
from sim.config.reference import parameter_reference
from sim.kpi_glossary import kpi_glossary


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("params", help="print the parameter reference (defaults and sources), or the KPI glossary")
    p.add_argument("--kpis", action="store_true", help="print the KPI glossary instead (docs/kpis.md)")
    p.set_defaults(func=execute)


def execute(args: argparse.Namespace) -> int:
    print(kpi_glossary() if args.kpis else parameter_reference() + shipped_section(), end="")
    return 0
