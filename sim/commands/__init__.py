"""Subcommands of the `policysim` CLI; each module has `register(subparsers)`."""

from sim.commands import calibrate, check, params, schema

COMMANDS = [check, schema, params, calibrate]
