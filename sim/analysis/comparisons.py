"""Per-variant KPI summaries and differences against any baseline, paired and unpaired.

Common random numbers make replication r of every variant see the same customers, so the
honest comparison is the paired one; the unpaired (Welch) interval is kept beside it to show
how much pairing narrowed the uncertainty.
"""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass
from pathlib import Path

from sim.analysis.intervals import (
    Interval,
    paired_difference,
    t_interval,
    welch_difference,
)
from sim.analysis.results import Results, ResultsError
from sim.errors import quote

TOLERANCE = 1e-9


@dataclass(frozen=True)
class Summary:
    """A KPI's mean over replications with its 95% t interval, for one variant."""

    variant: str
    kpi: str
    interval: Interval


MAX_RELATIVE = 1.0


@dataclass(frozen=True)
class Comparison:
    """A variant against a baseline on one KPI."""

    variant: str
    baseline: str
    kpi: str
    baseline_mean: float
    paired: Interval
    unpaired: Interval

    @property
    def rel_change(self) -> float:
        """mean difference / baseline mean (nan when the baseline mean is 0), as in comparisons.csv."""
        return _ratio(self.paired.mean, self.baseline_mean)

    @property
    def rel_mean(self) -> float:
        """mean difference / |baseline mean|: keeps the sign of the difference when the baseline is negative."""
        return _ratio(self.paired.mean, abs(self.baseline_mean))

    @property
    def rel_low(self) -> float:
        return _ratio(self.paired.low, abs(self.baseline_mean))

    @property
    def rel_high(self) -> float:
        return _ratio(self.paired.high, abs(self.baseline_mean))

    @property
    def relative_is_informative(self) -> bool:
        """A percentage of the baseline reads well only for a positive baseline and an interval
        within 100% of it; past that it says more about a small baseline than about the change."""
        return self.baseline_mean > 0 and max(abs(self.rel_low), abs(self.rel_high)) <= MAX_RELATIVE

    @property
    def narrowing(self) -> float:
        """Unpaired half-width over paired half-width: how many times narrower pairing made it."""
        return _ratio(self.unpaired.half_width, self.paired.half_width)


def _ratio(a: float, b: float) -> float:
    return a / b if b != 0.0 and not math.isnan(b) else math.nan


def summarise(results: Results, point: int = 0) -> list[Summary]:
    """Mean and 95% t interval of every KPI for every variant at one sweep point."""
    return [
        Summary(variant, kpi, t_interval(results.kpi(kpi, variant, point)))
        for variant in results.variants
        for kpi in results.kpis
    ]


def compare(results: Results, kpi: str, baseline: str | None = None, point: int = 0) -> list[Comparison]:
    """Every other variant against `baseline` (default: the experiment's) on one KPI."""
    base_name = baseline or results.baseline
    if base_name not in results.variants:
        raise ResultsError(f"unknown baseline {quote(base_name)}; variants: {', '.join(results.variants)}")
    if kpi not in results.kpis:
        raise ResultsError(f"unknown KPI {quote(kpi)}; KPIs: {', '.join(results.kpis)}")
    check_point(results, point)
    base = results.kpi(kpi, base_name, point)
    out = []
    for variant in results.variants:
        if variant == base_name:
            continue
        values = results.kpi(kpi, variant, point)
        if values.shape != base.shape:
            raise ResultsError(
                f"{results.path / 'runs.csv'}: corrupt ({variant} has {values.size} replications, "
                f"{base_name} has {base.size}: cannot pair them)"
            )
        out.append(Comparison(variant, base_name, kpi, float(base.mean()),
                              paired_difference(values, base), welch_difference(values, base)))
    return out


def check_point(results: Results, point: int) -> None:
    """A sweep point the folder has, else a ResultsError listing the ones it has."""
    points = results.points
    if point not in points:
        have = f"points 0 to {max(points)}" if points == list(range(len(points))) else f"points {points}"
        have = "point 0 only" if points == [0] else have
        raise ResultsError(f"{results.path}: no sweep point {point}; the folder has {have}")


def compare_all(results: Results, baseline: str | None = None, point: int = 0) -> list[Comparison]:
    """Comparisons on every KPI, variant-major like comparisons.csv."""
    by_kpi = {kpi: compare(results, kpi, baseline, point) for kpi in results.kpis}
    variants = [v for v in results.variants if v != (baseline or results.baseline)]
    return [c for v in variants for kpi in results.kpis for c in by_kpi[kpi] if c.variant == v]


def check_stored_comparisons(results: Results) -> None:
    """If comparisons.csv exists it must agree with what runs.csv gives; raise naming it if not."""
    path = results.path / "comparisons.csv"
    if not path.exists():
        return
    try:
        with path.open(newline="", encoding="utf-8") as handle:
            rows = list(csv.DictReader(handle))
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise ResultsError(f"{path}: corrupt ({exc.__class__.__name__})") from None
    computed = {
        (p, c.variant, c.kpi): c
        for p in results.points
        for c in compare_all(results, results.baseline, p)
    }
    for number, row in enumerate(rows, start=2):
        _check_row(path, number, row, computed)


def _check_row(path: Path, number: int, row: dict[str, str], computed: dict[tuple, Comparison]) -> None:
    try:
        firm = row.get("firm") or "ours"  # a market with rivals: "<rival>:<kpi>" in runs.csv
        key = (int(row.get("point") or 0), row["variant"], row["kpi"] if firm == "ours" else f"{firm}:{row['kpi']}")
        stored = [float(row[k]) if row[k] != "" else math.nan
                  for k in ("mean_diff", "ci_low", "ci_high", "rel_change")]
    except (KeyError, ValueError, TypeError) as exc:
        raise ResultsError(f"{path}: corrupt (line {number}: {exc.__class__.__name__} {exc})") from None
    ours = computed.get(key)
    if ours is None:
        raise ResultsError(f"{path}: line {number}: no such variant/KPI in runs.csv: {key[1]}/{key[2]}")
    expected = [ours.paired.mean, ours.paired.low, ours.paired.high, ours.rel_change]
    for name, a, b in zip(("mean_diff", "ci_low", "ci_high", "rel_change"), stored, expected):
        if not _close(a, b):
            raise ResultsError(
                f"{path}: line {number}: {name} of {key[1]}/{key[2]} is {a!r} but runs.csv gives {b!r}"
            )


def _close(a: float, b: float) -> bool:
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    return math.isclose(a, b, rel_tol=TOLERANCE, abs_tol=TOLERANCE)
