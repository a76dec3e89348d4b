"""Subcommands of the `policysim` CLI; each module has `register(subparsers)`."""

from sim.commands import calibrate, check, params, run, schema

COMMANDS = [run, check, schema, params, calibrate]
