"""The contract of a refused input: exit 2, one short line, no traceback, nothing written or changed."""

from __future__ import annotations

import hashlib
import warnings
from collections.abc import Sequence
from pathlib import Path

import pytest

from sim.cli import main

MAX_LINE = 500  # a message names a file and a key and quotes at most 80 characters of input


def snapshot(folder: Path) -> dict[str, str]:
    """Every file under `folder` (hidden ones too) by its relative path and content hash."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def one_line(err: str) -> str:
    """The single error line of a refusal, checked for shape."""
    assert err.count("\n") == 1 and err.startswith("policysim: error: "), err[:2000]
    assert "Traceback" not in err and "Warning" not in err and len(err) <= MAX_LINE, err[:2000]
    return err


def refused(argv: Sequence[str], folder: Path, capsys: pytest.CaptureFixture[str], *expected: str) -> str:
    """Run the CLI in `folder`; assert it refuses with `expected` in its line and changes no file there."""
    before = snapshot(folder)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a refusal prints its line and no warning
        assert main([str(a) for a in argv]) == 2
    err = one_line(capsys.readouterr().err)
    assert all(e in err for e in expected), err
    assert snapshot(folder) == before
    return err
