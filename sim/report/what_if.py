"""The headline of a back-test with options: what each variant would have done, paired against
history as run (the baseline), in real units (times `experiment.scale`): every firm's customers and
our customers on each plan at the end of the run, and our profit over it."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from sim.analysis.intervals import Interval, paired_difference, t_interval
from sim.analysis.results import Results
from sim.analysis.series import series_grid, series_names
from sim.config import Experiment
from sim.config.observed import OUR_FIRM, series_of
from sim.report.blocks import Block, Heading, Paragraph, Table

Values = Callable[[Results, str], np.ndarray]  # a figure of one variant, replication by replication


def what_if(results: Results, config: Experiment) -> list[Block]:
    """Nothing unless the run is laid over observed series (a back-test) and has options."""
    if config.observed is None or len(results.variants) < 2:
        return []
    scale = config.experiment.scale
    columns = _columns(results, config)
    base = {name: values(results, results.baseline) for name, values in columns.items()}
    rows = [[f"`{results.baseline}` (as run)", *(_level(t_interval(base[c]), scale) for c in columns)]]
    for variant in results.variants:
        if variant != results.baseline:
            rows.append([f"`{variant}` less `{results.baseline}`",
                         *(_level(paired_difference(values(results, variant), base[c]), scale, signed=True)
                           for c, values in columns.items())])
    return [Heading("What if, against history as run"),
            Paragraph(f"Each option beside `{results.baseline}` (history as run) on the same households "
                      f"(common random numbers): the difference, replication by replication, with its paired "
                      f"95% interval, in real units ({scale:g} real households per simulated one). Customers "
                      "are counted at the start of the last month; profit is over the whole run."),
            Table(["", *columns], rows)]


def _columns(results: Results, config: Experiment) -> dict[str, Values]:
    """Each firm's customers at the end, ours per plan at the end, our profit."""
    present = set(series_names(results))
    firms = [OUR_FIRM, *config.scenario.rivals]
    columns: dict[str, Values] = {f"{firm} customers at the end": _at_end(series_of(firm, "active_customers"))
                                  for firm in firms}
    plans = sorted(name for name in present if name.startswith("plan_"))
    columns |= {f"{OUR_FIRM} on {name.removeprefix('plan_')} at the end": _at_end(name) for name in plans}
    columns[f"{OUR_FIRM} profit over the run ($)"] = lambda r, v: r.kpi("profit", v)
    return columns


def _at_end(series: str) -> Values:
    """A monthly series at the last month start (0 where a variant never had it, e.g. a plan it never offered)."""
    def at_end(results: Results, variant: str) -> np.ndarray:
        grid = series_grid(results, series, variant)
        return np.nan_to_num(grid[:, -1]) if grid.size else np.zeros(len(results.kpi("profit", variant)))
    return at_end


def _level(iv: Interval, scale: float, signed: bool = False) -> str:
    return f"{compact(iv.mean * scale, signed)} ({compact(iv.low * scale, signed)} to " \
           f"{compact(iv.high * scale, signed)})"


def compact(value: float, signed: bool) -> str:
    """35.26M, -178k, +3.34B: real units run to billions."""
    sign = "+" if signed and value > 0 else "-" if value < 0 else ""
    size = abs(value)
    for step, suffix in ((1e9, "B"), (1e6, "M"), (1e3, "k")):
        if size >= step:
            return f"{sign}{size / step:.3g}{suffix}"
    return f"{sign}{size:.3g}"
