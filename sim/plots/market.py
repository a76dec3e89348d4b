"""The market's plots, for a study with rivals: market shares over time, and where our lost
customers went (and where the customers we won came from)."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from sim.analysis.results import Results
from sim.analysis.series import monthly_band, series_grid, series_names
from sim.plots.labels import FIRM_SEPARATOR
from sim.plots.selection import shown_variants, study_config
from sim.plots.series import legend
from sim.plots.style import GREY, PALETTE, WIDE, figure, save
from sim.plots.timeline import change_marks, key_above, mark_panel, mark_strips

FLOW = "flow" + FIRM_SEPARATOR
NONE = "none"


def rivals(results: Results) -> list[str]:
    """The rivals of a study, from its series (empty for a business alone)."""
    suffix = FIRM_SEPARATOR + "market_share"
    return [s.removesuffix(suffix) for s in series_names(results) if s.endswith(suffix)]


def market_plots(results: Results, colour: dict[str, str], out_dir: Path, point: int = 0) -> list[Path]:
    """Both market plots, or none for a business alone."""
    firms = rivals(results)
    if not firms:
        return []
    return [*market_share(results, firms, colour, out_dir, point),
            *lost_customers_went(results, firms, out_dir, point)]


def market_share(results: Results, firms: list[str], colour: dict[str, str], out_dir: Path,
                 point: int) -> list[Path]:
    """Our share of the market's customers month by month, and each rival's, per variant with bands."""
    shown = shown_variants(results, point)
    panels = [("market_share", "Our market share"),
              *((f"{f}{FIRM_SEPARATOR}market_share", f"{f}'s market share") for f in firms)]
    marks = change_marks(study_config(results), shown)
    with figure(*WIDE) as fig:
        below = key_above(fig, marks)
        axes = below.subplots(1, len(panels), squeeze=False, sharey=True).ravel()
        for ax, (series, title) in zip(axes, panels):
            for variant in shown:
                band = monthly_band(results, series, variant, point)
                ax.fill_between(band.months, np.clip(band.low * 100, 0, 100), np.clip(band.high * 100, 0, 100),
                                color=colour[variant], alpha=0.15, lw=0)
                ax.plot(band.months, band.mean * 100, color=colour[variant], lw=2.0)
            mark_panel(ax, marks)
            ax.set_title(title)
            ax.set_xlabel("Month since start")
            ax.set_ylim(0, 100)
        axes[0].set_ylabel("% of the market's customers")
        legend(below, shown, colour, results)
        mark_strips(axes, marks)
        fig.suptitle("Market share at month starts: mean over replications with 95% band")
        return save(fig, out_dir, "market_share")


def flow_total(results: Results, source: str, target: str, variant: str, point: int = 0) -> float:
    """Households from `source` to `target` over the horizon, mean over replications."""
    grid = series_grid(results, f"{FLOW}{source}>{target}", variant, point)
    return float(np.nanmean(np.nansum(grid, axis=1))) if grid.size else 0.0


def lost_customers_went(results: Results, firms: list[str], out_dir: Path, point: int) -> list[Path]:
    """Stacked bars per variant: where the customers we lost went (no one, or each rival), and
    where the customers we gained came from."""
    places = [NONE, *firms]
    shade = {NONE: GREY, **{f: PALETTE[(i + 5) % len(PALETTE)] for i, f in enumerate(firms)}}
    y = np.arange(len(results.variants))[::-1]
    with figure(*WIDE) as fig:
        lost_ax, won_ax = fig.subplots(1, 2, sharey=True)
        for ax, ours_first in ((lost_ax, True), (won_ax, False)):
            left = np.zeros(len(y))
            for place in places:
                pair = ("ours", place) if ours_first else (place, "ours")
                widths = np.array([flow_total(results, *pair, v, point) for v in results.variants])
                ax.barh(y, widths, left=left, color=shade[place], label=place if ours_first else None, height=0.7)
                left += widths
            ax.set_yticks(y, results.variants)
            ax.grid(axis="y", visible=False)
            ax.set_xlabel("Households over the horizon (mean)")
            ax.set_title("Our lost customers went to" if ours_first else "Our new customers came from")
        fig.legend(loc="outside lower center", ncol=len(places), title="no one, or a rival")
        fig.suptitle("Switching: where our customers went, and where they came from")
        return save(fig, out_dir, "lost_customers_went")
