"""Errors that are the user's input, not a bug: the CLI prints one line and exits 2."""

from __future__ import annotations

from pathlib import Path
from typing import Any

QUOTE_LENGTH = 80        # characters of a user's input that a message quotes
MESSAGE_LENGTH = 1_000   # a whole message, whatever it quotes: a file name and key fit easily


def quote(value: object, limit: int = QUOTE_LENGTH) -> str:
    """repr(value) cut to `limit` characters with an ellipsis: a 10 MB label is not echoed back."""
    text = repr(value)
    return text if len(text) <= limit else f"{text[:limit]}... ({len(text):,} characters)"


def one_line(text: str, limit: int = MESSAGE_LENGTH) -> str:
    """Control characters escaped (a key with a newline stays on one line), the length bounded."""
    text = "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)
    if len(text) <= limit:
        return text
    half = limit // 2
    return f"{text[:half]} ...[{len(text) - 2 * half:,} characters]... {text[-half:]}"


class ConfigError(Exception):
    """Bad input (a config, a data file, a results folder, a flag): one clear line, exit 2.

    A config's error is ConfigError(source, path, message): it names the file and key path, says
    what is wrong and what is allowed. Any other is ConfigError(message). Every message is built
    here, so none can run past one bounded line (control characters escaped), whatever it quotes.
    One class, so that `except sim.ConfigError` catches every bad input, as the command line's
    exit 2 does.
    """

    def __init__(self, source: Any, path: str | None = None, message: str | None = None) -> None:
        if path is None or message is None:
            self.source, self.path, self.message = "", "", str(source)
            super().__init__(one_line(str(source)))
            return
        self.source, self.path, self.message = source, path, message
        where = f"{source}: {path}: " if path else f"{source}: "
        super().__init__(one_line(where + message))


UserError = ConfigError  # the name the commands raise it by: any bad input, not only a config's


def read_input(path: str | Path) -> str:
    """The text of a user's input file, or a UserError that names it."""
    try:
        return Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise UserError(f"{path}: file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise UserError(f"{path}: cannot read file ({exc.__class__.__name__})") from None
