"""Observed series over the simulated band (the baseline, history as run), in real units by date."""

from __future__ import annotations

import csv
import datetime as dt
import math
from pathlib import Path

import numpy as np
from scipy import stats

from sim.analysis.fit import observed_grid
from sim.analysis.results import Results
from sim.analysis.series import column_stats, series_grid
from sim.config import parse_experiment
from sim.config.observed import QUARTERS, RATES, SERIES, is_count, series_of
from sim.counter_names import PLAN_OF
from sim.config.timeline import MONTH
from sim.plots.labels import label
from sim.plots.style import OKABE_ITO, WIDE, count_axis, figure, save


def fit_plots(results: Results, out_dir: Path) -> list[Path]:
    """One panel per observed firm and kpi; nothing when the run had no observed series. Rows with no
    value (figures asked for, not observed) have the band and no point."""
    observed = results.path / "observed.csv"
    if not observed.is_file() or not results.config_text:
        return []
    meta = parse_experiment(results.config_text, str(results.path / "config.toml")).config.experiment
    with observed.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    kpis = list(dict.fromkeys((r["firm"], r["kpi"]) for r in rows))
    cols = min(2, len(kpis))
    with figure(*WIDE) as fig:
        axes = fig.subplots(math.ceil(len(kpis) / cols), cols, squeeze=False).ravel()
        for ax, (firm, kpi) in zip(axes, kpis):
            months, mean, low, high = _band(results, firm, kpi, meta.scale)
            start = meta.start_date
            assert start is not None  # validated: an observed series needs day 0's date
            dates = [start + dt.timedelta(days=m * MONTH) for m in months]
            ax.fill_between(dates, low, high, color=OKABE_ITO[0], alpha=0.25, lw=0, label="simulated, 95% band")
            ax.plot(dates, mean, color=OKABE_ITO[0], lw=1.6)
            points = [(dt.date.fromisoformat(r["date"]), float(r["value"])) for r in rows
                      if (r["firm"], r["kpi"]) == (firm, kpi) and r["value"]]
            if points:
                ax.plot(*zip(*points), "o", color=OKABE_ITO[5], ms=5, label="observed")
            ax.set_title(observed_title(firm, kpi))
            if kpi not in RATES:
                count_axis(ax)
        for ax in axes[len(kpis):]:
            ax.set_visible(False)
        axes[0].legend(loc="best")
        fig.suptitle(f"{results.baseline} against the observed series (real units, scale {meta.scale:g})")
        return save(fig, out_dir, "fit")


def observed_title(firm: str, kpi: str) -> str:
    """'Active customers (netflix)', 'Customers on plan online (ours)', 'Net adds, a quarter (ours)'."""
    name = f"Customers on plan {kpi.removeprefix(PLAN_OF)}" if kpi.startswith(PLAN_OF) else label(SERIES.get(kpi, kpi))
    return f"{name}{', a quarter' if kpi in QUARTERS else ''} ({firm})"


def _band(results: Results, firm: str, kpi: str, scale: float) -> tuple[np.ndarray, ...]:
    """Per month: mean and 95% t band over replications of a firm's kpi in real units."""
    def grid_of(series: str) -> np.ndarray:
        return series_grid(results, series_of(firm, series), results.baseline)

    if kpi in RATES:
        churned, active = grid_of("churned"), grid_of("active_customers")
        grid = np.divide(churned, active, out=np.full(active.shape, np.nan), where=active > 0)
    else:
        grid = observed_grid(kpi, grid_of(SERIES.get(kpi, kpi))) * scale
    n = grid.shape[0]
    _, mean, sd = column_stats(grid)
    half = stats.t.ppf(0.975, max(n - 1, 1)) * sd / math.sqrt(n) if n > 1 else 0 * mean
    low = mean - half
    if is_count(kpi):  # a t band around a small mean would go below zero
        low = np.maximum(low, 0.0)
    return np.arange(grid.shape[1]), mean, low, mean + half
