"""Running `policysim run` quietly, and comparing the files two results folders hold."""

from __future__ import annotations

from pathlib import Path

from sim.cli import main

FILES = ("runs.csv", "summary.csv", "comparisons.csv", "timeseries.csv", "customers.csv.gz")


def run_quietly(*args: str) -> int:
    """`policysim run ARGS` without progress bar or report (the tests compare data files only)."""
    return main(["run", *args, "--no-progress", "--no-report"])


def same_files(a: Path, b: Path) -> None:
    """Every data file of two results folders is the same to the byte."""
    for name in FILES:
        assert (a / name).read_bytes() == (b / name).read_bytes(), name
