"""Reading and checking retention curves: percent of a starting cohort still active per period.

Rules (each broken one is a UserError naming the source): at least three points; period 0 is
the whole cohort, so the first value is 100; every value lies in [0, 100]; the curve never rises
(a cohort cannot regain members it lost). Equal consecutive values (no one left) are allowed.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from sim.errors import UserError, read_input

PERIOD_HEADERS = ("period", "year", "month")


@dataclass(frozen=True)
class ObservedCurve:
    """A checked survival curve, and the period unit the file's header named (if any)."""

    percent: np.ndarray
    unit: str | None


def read_curve_csv(path: str | Path) -> ObservedCurve:
    """A CSV of `period,percent_surviving` (the period column may be named year or month)."""
    rows = _read_rows(path)
    header = [h.strip().lower() for h in rows[0]]
    if len(header) != 2 or header[0] not in PERIOD_HEADERS:
        raise UserError(f"{path}: line 1: expected a header 'period,percent_surviving' "
                        f"(or year/month for period), got {','.join(rows[0])!r}")
    values = []
    for line, row in enumerate(rows[1:], start=2):
        period, value = _parse_row(path, line, row)
        if period != line - 2:
            raise UserError(f"{path}: line {line}: periods must be 0, 1, 2, ... in order, got {period}")
        values.append(value)
    unit = header[0] if header[0] != "period" else None
    return ObservedCurve(check_curve(np.array(values), str(path)), unit)


def parse_curve_list(text: str, source: str = "--survival") -> ObservedCurve:
    """A comma-separated list of percentages, e.g. '100,63.1,46.8'."""
    try:
        values = [float(v) for v in text.split(",") if v.strip()]
    except ValueError:
        raise UserError(f"{source}: expected comma-separated numbers, got {text!r}") from None
    return ObservedCurve(check_curve(np.array(values), source), None)


def check_curve(percent: np.ndarray, source: str) -> np.ndarray:
    """Apply the module's rules; returns the curve unchanged."""
    if len(percent) < 3:
        raise UserError(f"{source}: need at least 3 survival values (period 0 and two more), got {len(percent)}")
    if not np.all(np.isfinite(percent)):
        raise UserError(f"{source}: survival values must be finite numbers")
    bad = np.flatnonzero((percent < 0) | (percent > 100))
    if bad.size:
        raise UserError(f"{source}: period {bad[0]}: {percent[bad[0]]:g}% is outside 0-100")
    if percent[0] != 100:
        raise UserError(f"{source}: period 0 must be 100 (the whole cohort), got {percent[0]:g}")
    rise = np.flatnonzero(np.diff(percent) > 0)
    if rise.size:
        k = rise[0] + 1
        raise UserError(f"{source}: survival is not monotone: period {k} ({percent[k]:g}%) "
                        f"is above period {k - 1} ({percent[k - 1]:g}%)")
    return percent


def check_fittable(percent: np.ndarray, source: str) -> None:
    """Refuse a curve the sBG model cannot be fitted to, saying why and what is needed.

    sBG churn slows as the cohort ages (the quick churners leave first) and no customer churns
    for certain, so a curve that never falls, or that falls to 0, has its best fit at the edge.
    """
    if percent[-1] == 100:
        raise UserError(f"{source}: no customer was lost in any period, so churn cannot be estimated; "
                        "a curve that falls below 100 is needed")
    empty = np.flatnonzero(percent == 0)
    if empty.size:
        raise UserError(f"{source}: survival falls to 0 at period {empty[0]}; the sBG model cannot fit a cohort "
                        "that empties (its churn slows with age); a curve with customers left at the end is needed")


def _read_rows(path: str | Path) -> list[list[str]]:
    text = read_input(path)
    rows = [row for row in csv.reader(text.splitlines()) if any(cell.strip() for cell in row)]
    if not rows:
        raise UserError(f"{path}: file is empty")
    return rows


def _parse_row(path: str | Path, line: int, row: list[str]) -> tuple[int, float]:
    try:
        period, value = row
        return int(period), float(value)
    except ValueError:
        raise UserError(f"{path}: line {line}: expected 'period,percent', got {','.join(row)!r}") from None
