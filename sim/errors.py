"""Errors that are the user's input, not a bug: the CLI prints one line and exits 2."""

from __future__ import annotations

from pathlib import Path


class UserError(Exception):
    """Bad input (a config, a data file, a results folder, a flag): one clear line, exit 2."""


def read_input(path: str | Path) -> str:
    """The text of a user's input file, or a UserError that names it."""
    try:
        return Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise UserError(f"{path}: file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise UserError(f"{path}: cannot read file ({exc.__class__.__name__})") from None
