"""Subcommands of the `policysim` CLI; each module has `register(subparsers)`."""

from sim.commands import (
    calibrate, check, compare, optimize, params, report, run, schema, select, sensitivity, validate, workshop,
)

COMMANDS = [run, check, schema, params, calibrate, report, compare, sensitivity, select, optimize, validate, workshop]
