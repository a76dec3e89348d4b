"""The `policysim` command line: one subcommand per module in sim/commands."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from sim import __version__
from sim.commands import COMMANDS
from sim.errors import UserError


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="policysim",
        description="Simulate pricing and retention policies of a rental and subscription business.",
    )
    parser.add_argument("--version", action="version", version=f"policysim {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module in COMMANDS:
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run a subcommand; input errors (UserError) print one line and return 2."""
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except UserError as exc:
        print(f"policysim: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("policysim: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
