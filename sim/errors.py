"""Errors that are the user's input, not a bug: the CLI prints one line and exits 2."""


class UserError(Exception):
    """Bad input (a config, a data file, a results folder, a flag): one clear line, exit 2."""
