"""Subcommands of the `policysim` CLI; each module has `register(subparsers)`."""

from sim.commands import calibrate, check, compare, params, report, run, schema

COMMANDS = [run, check, schema, params, calibrate, report, compare]
