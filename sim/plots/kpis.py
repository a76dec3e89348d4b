"""KPI bars with intervals per variant, and the forest plot of paired differences."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np

from matplotlib.axes import Axes
from matplotlib.ticker import MaxNLocator

from sim.analysis.comparisons import Comparison, Summary
from sim.plots.labels import is_money, is_share, label, percent, relative_makes_sense, unit_label
from sim.plots.style import GREY, colours, figure, money_axis, save

HEADLINE_KPIS = ["profit", "revenue", "customers_active_end", "monthly_churn_rate", "mean_goodwill",
                 "complaints", "stockout_rate", "given_back", "costs"]


def headline_kpis(available: list[str], limit: int = 6) -> list[str]:
    """The KPIs a workshop looks at first, in a fixed order, among those present."""
    return [k for k in HEADLINE_KPIS if k in available][:limit]


def kpi_bars(summaries: list[Summary], variants: list[str], kpis: list[str], out_dir: Path) -> list[Path]:
    """One small panel per KPI: a bar per variant at its mean, whiskers at the 95% interval."""
    cols = min(3, len(kpis))
    rows = math.ceil(len(kpis) / cols)
    colour = colours(variants)
    by_key = {(s.variant, s.kpi): s.interval for s in summaries}
    with figure(3.6 * cols, 2.9 * rows + 0.6) as fig:
        axes = np.atleast_1d(fig.subplots(rows, cols, squeeze=False)).ravel()
        for ax, kpi in zip(axes, kpis):
            scale = 100.0 if is_share(kpi) else 1.0
            ivs = [by_key[(v, kpi)] for v in variants]
            means = np.array([iv.mean for iv in ivs]) * scale
            err = np.array([[iv.mean - iv.low, iv.high - iv.mean] for iv in ivs]).T * scale
            x = np.arange(len(variants))
            ax.bar(x, means, color=[colour[v] for v in variants], width=0.65)
            ax.errorbar(x, means, yerr=np.nan_to_num(err), fmt="none", ecolor="black", capsize=4, lw=1.2)
            crowded = len(variants) > 3
            ax.set_xticks(x, variants, rotation=20 if crowded else 0, ha="right" if crowded else "center")
            ax.set_title(label(kpi))
            ax.set_ylabel(unit_label(kpi))
            ax.grid(axis="x", visible=False)
            ax.axhline(0, color="black", lw=0.8)
            if is_money(kpi):
                money_axis(ax)
        for ax in axes[len(kpis):]:
            ax.set_visible(False)
        fig.suptitle("Key results per variant (mean over replications, whiskers: 95% CI)")
        return save(fig, out_dir, "kpi_bars")


def forest(comparisons: list[Comparison], variants: list[str], out_dir: Path) -> list[Path]:
    """Paired differences vs the baseline, one panel per KPI in its own units; the relative change
    is written on the right. The grey line is the unpaired interval, to show what pairing gains."""
    if not comparisons:
        return []
    colour = colours(variants)
    base = comparisons[0].baseline
    kpis = list(dict.fromkeys(c.kpi for c in comparisons))
    rows = [[c for c in comparisons if c.kpi == kpi] for kpi in kpis]
    with figure(8.0, 0.9 + sum(0.45 * len(r) + 0.75 for r in rows)) as fig:
        axes = fig.subplots(len(kpis), 1, squeeze=False, height_ratios=[len(r) for r in rows]).ravel()
        for ax, kpi, row in zip(axes, kpis, rows):
            _forest_panel(ax, kpi, row, colour)
        fig.suptitle(f"Difference from {base}: paired 95% CI in colour, unpaired 95% CI in grey")
        return save(fig, out_dir, "forest")


def _forest_panel(ax: Axes, kpi: str, row: list[Comparison], colour: dict[str, str]) -> None:
    scale = 100.0 if is_share(kpi) else 1.0
    y = np.arange(len(row))[::-1].astype(float)
    for yi, c in zip(y, row):
        ax.plot([c.unpaired.low * scale, c.unpaired.high * scale], [yi, yi], color=GREY, lw=1.2, alpha=0.8)
        ax.errorbar(c.paired.mean * scale, yi, xerr=c.paired.half_width * scale,
                    fmt="o", color=colour[c.variant], capsize=3, lw=2.2, ms=5)
    ax.axvline(0, color="black", lw=1)
    ax.xaxis.set_major_locator(MaxNLocator(nbins=6))
    if is_money(kpi):
        money_axis(ax, "x")
    ax.set_ylim(-0.6, len(row) - 0.4)
    ax.set_yticks(y, [c.variant for c in row])
    ax.grid(axis="y", visible=False)
    ax.set_title(label(kpi), loc="left")
    unit = unit_label(kpi)
    ax.set_xlabel(f"difference ({unit.replace('%', 'percentage points')})" if unit else "difference", fontsize=8.5)
    right = ax.twinx()
    right.set_ylim(ax.get_ylim())
    right.set_yticks(y, [_relative(c) for c in row], fontsize=8.5)
    right.grid(False)
    right.spines["right"].set_visible(False)
    right.tick_params(right=False)


def _relative(c: Comparison) -> str:
    """'+25% (+18% to +32%)' of the baseline mean, or blank when a percentage would mislead."""
    if math.isnan(c.rel_change) or not relative_makes_sense(c.kpi) or not c.relative_is_informative:
        return ""
    return f"{percent(c.rel_mean, True)} ({percent(c.rel_low, True)} to {percent(c.rel_high, True)})"
