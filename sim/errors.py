"""Errors that are the user's input, not a bug: the CLI prints one line and exits 2."""

from __future__ import annotations

from pathlib import Path
from typing import Any


class ConfigError(Exception):
    """Bad input (a config, a data file, a results folder, a flag): one clear line, exit 2.

    A config's error is ConfigError(source, path, message): it names the file and key path, says
    what is wrong and what is allowed, and shows control characters (a key or name with a newline)
    escaped, so it stays one line. Any other is ConfigError(message). One class, so that
    `except sim.ConfigError` catches every bad input, as the command line's exit 2 does.
    """

    def __init__(self, source: Any, path: str | None = None, message: str | None = None) -> None:
        if path is None or message is None:
            self.source, self.path, self.message = "", "", str(source)
            super().__init__(source)
            return
        self.source, self.path, self.message = source, path, message
        where = f"{source}: {path}: " if path else f"{source}: "
        super().__init__(_one_line(where + message))


UserError = ConfigError  # the name the commands raise it by: any bad input, not only a config's


def _one_line(text: str) -> str:
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def read_input(path: str | Path) -> str:
    """The text of a user's input file, or a UserError that names it."""
    try:
        return Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise UserError(f"{path}: file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise UserError(f"{path}: cannot read file ({exc.__class__.__name__})") from None
