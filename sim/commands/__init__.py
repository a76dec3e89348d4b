"""Subcommands of the `policysim` CLI; each module has `register(subparsers)`."""

from sim.commands import (
    backtest, calibrate, check, compare, optimize, params, report, run, schema, select, sensitivity, validate,
    workshop,
)

COMMANDS = [run, check, schema, params, calibrate, backtest, report, compare, sensitivity, select, optimize, validate,
            workshop]
