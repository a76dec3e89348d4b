"""Monthly series per variant with 95% bands over replications."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
from matplotlib.lines import Line2D

from sim.analysis.results import Results
from sim.analysis.series import monthly_band, series_names
from sim.analysis.survival import DAYS_PER_MONTH
from sim.plots.labels import axis_label, is_share, label
from sim.plots.style import GREY, colours, figure, save

OVERVIEW_FIRST = ["active_customers", "profit", "revenue", "mean_goodwill", "goodwill", "complaints",
                  "staff_morale_mean", "staff_morale"]
LEVELS = frozenset({"active_customers", "mean_goodwill", "goodwill", "staff_morale_mean", "staff_morale",
                    "staff_utilization", "stockout_rate", "monthly_churn_rate"})
MAX_PANELS = 9


def monthly_plots(results: Results, out_dir: Path, point: int = 0) -> list[Path]:
    """An overview figure and a revenue-by-stream figure, for the series that exist (a stream
    that is zero throughout for a variant, such as late fees under a subscription, is left out)."""
    names = series_names(results)
    streams = [n for n in names if n.startswith("revenue_") and _nonzero(results, n, point)]
    overview = [n for n in OVERVIEW_FIRST if n in names]
    overview += [n for n in names if n not in overview and not n.startswith("revenue_")]
    paths = []
    if overview:
        paths += _panels(results, overview[:MAX_PANELS], "monthly_overview", "Month by month", out_dir, point)
    if streams:
        paths += _panels(results, streams, "monthly_revenue", "Revenue by stream, month by month", out_dir, point)
    return paths


def _nonzero(results: Results, series: str, point: int) -> bool:
    ts = results.timeseries
    mask = (ts["series"] == series) & (ts["point"] == point)
    return bool(np.any(ts["value"][mask] != 0))


def _panels(results: Results, names: list[str], stem: str, title: str, out_dir: Path, point: int) -> list[Path]:
    cols = min(3, len(names))
    rows = math.ceil(len(names) / cols)
    colour = colours(results.variants)
    warmup_months = float(results.manifest.get("warmup_days") or 0.0) / DAYS_PER_MONTH
    with figure(4.0 * cols, 2.8 * rows + 0.9) as fig:
        axes = fig.subplots(rows, cols, squeeze=False).ravel()
        for ax, name in zip(axes, names):
            scale = 100.0 if is_share(name) else 1.0
            for variant in results.variants:
                band = monthly_band(results, name, variant, point)
                if band.months.size == 0 or (name.startswith("revenue_") and not np.any(band.mean)):
                    continue
                ax.fill_between(band.months, band.low * scale, band.high * scale, color=colour[variant], alpha=0.2, lw=0)
                ax.plot(band.months, band.mean * scale, color=colour[variant], lw=1.8, label=variant)
            if warmup_months > 0:
                ax.axvspan(-0.5, warmup_months - 0.5, color=GREY, alpha=0.15, lw=0)
            ax.set_title(label(name))
            ax.set_ylabel(axis_label(name, "" if name in LEVELS else "per month"))
            ax.set_xlabel("Month since start")
        for ax in axes[len(names):]:
            ax.set_visible(False)
        handles = [Line2D([], [], color=colour[v], lw=1.8) for v in results.variants]
        fig.legend(handles, results.variants, loc="outside lower center", ncol=len(handles))
        note = " (shaded grey: warm-up)" if warmup_months > 0 else ""
        fig.suptitle(f"{title}: mean over replications with 95% band{note}")
        return save(fig, out_dir, stem)
