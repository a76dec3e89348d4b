"""`policysim params`: the parameter reference (defaults and their sources) as Markdown."""

from __future__ import annotations

import argparse

from sim.config.reference import parameter_reference


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("params", help="print the parameter reference (defaults and sources)")
    p.set_defaults(func=execute)


def execute(args: argparse.Namespace) -> int:
    print(parameter_reference(), end="")
    return 0
