"""KPI bars with intervals per variant, and the forest plot of paired differences.

Both put the variants on the vertical axis, so a dozen names read level instead of piling up
under the bars.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
from matplotlib.axes import Axes
from matplotlib.ticker import MaxNLocator

from sim.analysis.comparisons import Comparison, Summary
from sim.plots.labels import is_money, is_share, label, percent, relative_makes_sense, unit_label
from sim.plots.style import GREY, WIDE, figure, money_axis, save

HEADLINE_KPIS = ["profit", "revenue", "customers_active_end", "monthly_churn_rate", "mean_goodwill",
                 "complaints", "stockout_rate", "given_back", "costs"]
FOREST_KPIS = ["profit", "customers_active_end", "monthly_churn_rate", "market_share_end"]


def headline_kpis(available: list[str], limit: int = 6) -> list[str]:
    """The KPIs a workshop looks at first, in a fixed order, among those present."""
    return [k for k in HEADLINE_KPIS if k in available][:limit]


def kpi_bars(summaries: list[Summary], variants: list[str], kpis: list[str], colour: dict[str, str],
             out_dir: Path) -> list[Path]:
    """One small panel per KPI: a bar per variant at its mean, whiskers at the 95% interval."""
    cols = min(3, len(kpis))
    rows = math.ceil(len(kpis) / cols)
    by_key = {(s.variant, s.kpi): s.interval for s in summaries}
    y = np.arange(len(variants))[::-1]
    with figure(*WIDE) as fig:
        axes = np.atleast_1d(fig.subplots(rows, cols, squeeze=False, sharey=True)).ravel()
        for ax, kpi in zip(axes, kpis):
            scale = 100.0 if is_share(kpi) else 1.0
            ivs = [by_key[(v, kpi)] for v in variants]
            means = np.array([iv.mean for iv in ivs]) * scale
            err = np.array([[iv.mean - iv.low, iv.high - iv.mean] for iv in ivs]).T * scale
            ax.barh(y, means, color=[colour[v] for v in variants], height=0.7)
            ax.errorbar(means, y, xerr=np.nan_to_num(err), fmt="none", ecolor="#333333", capsize=3, lw=1.2)
            ax.set_yticks(y, variants)
            ax.set_title(label(kpi))
            ax.set_xlabel(unit_label(kpi))
            ax.xaxis.set_major_locator(MaxNLocator(nbins=4))
            ax.grid(axis="y", visible=False)
            ax.axvline(0, color="black", lw=0.8)
            if is_money(kpi):
                money_axis(ax, "x")
        for ax in axes[len(kpis):]:
            ax.set_visible(False)
        fig.suptitle("Key results per variant (mean over replications, whiskers: 95% CI)")
        return save(fig, out_dir, "kpi_bars")


def forest(comparisons: list[Comparison], variants: list[str], colour: dict[str, str], out_dir: Path) -> list[Path]:
    """Paired differences vs the baseline, one panel per decision KPI in its own units, the change as a
    share of the baseline written beside each. The thick grey bar is the unpaired interval, drawn under
    the paired one so both always show: it says what pairing gains."""
    kpis = [k for k in FOREST_KPIS if any(c.kpi == k for c in comparisons)]
    if not kpis:
        return []
    base = comparisons[0].baseline
    others = [v for v in variants if v != base]
    with figure(*WIDE) as fig:
        axes = fig.subplots(1, len(kpis), squeeze=False, sharey=True).ravel()
        for ax, kpi in zip(axes, kpis):
            row = {c.variant: c for c in comparisons if c.kpi == kpi}
            _forest_panel(ax, kpi, [row[v] for v in others], colour)
        fig.suptitle(f"Difference from {base}: paired 95% CI in colour, unpaired 95% CI as the thick grey bar")
        fig.supxlabel("Right of each panel's rule: the change as % of the baseline's mean (n/a: that mean is zero "
                      "or negative; shares are already in points)", fontsize=11)
        return save(fig, out_dir, "forest")


def _forest_panel(ax: Axes, kpi: str, row: list[Comparison], colour: dict[str, str]) -> None:
    scale = 100.0 if is_share(kpi) else 1.0
    y = np.arange(len(row))[::-1].astype(float)
    for yi, c in zip(y, row):
        ax.plot([c.unpaired.low * scale, c.unpaired.high * scale], [yi, yi], color=GREY, lw=8, alpha=0.35,
                solid_capstyle="butt")
        ax.errorbar(c.paired.mean * scale, yi, xerr=c.paired.half_width * scale,
                    fmt="o", color=colour[c.variant], capsize=3, lw=2.2, ms=6)
    ax.axvline(0, color="black", lw=1)
    ax.xaxis.set_major_locator(MaxNLocator(nbins=4))
    if is_money(kpi):
        money_axis(ax, "x")
    ax.set_ylim(-0.6, len(row) - 0.4)
    ax.set_yticks(y, [c.variant for c in row])
    ax.grid(axis="y", visible=False)
    ax.set_title(label(kpi))
    unit = unit_label(kpi)
    ax.set_xlabel(unit.replace("%", "percentage points") if unit else "difference")
    if relative_makes_sense(kpi) and not is_share(kpi):
        _relative_labels(ax, row, y, scale)


def _relative_labels(ax: Axes, row: list[Comparison], y: np.ndarray, scale: float) -> None:
    """The relative change in a column at the right edge of the panel, with room made for it, set off
    by a faint rule, so it reads as this panel's and not the next one's."""
    low, high = ax.get_xlim()
    ax.set_xlim(low, high + 0.35 * (high - low))
    ax.axvline(high, color="#cccccc", lw=0.8)
    for yi, c in zip(y, row):
        ax.text(0.99, yi, _relative(c), transform=ax.get_yaxis_transform(), ha="right", va="center",
                fontsize=10, color="#333333")


def _relative(c: Comparison) -> str:
    """'+25%' of the baseline mean, or n/a when there is no positive baseline to take a share of."""
    if math.isnan(c.rel_change) or c.baseline_mean <= 0:
        return "n/a"
    return percent(c.rel_mean, True)
