"""The market's plots, for a study with rivals: market shares over time, and where our lost
customers went (and where the customers we won came from)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from matplotlib.lines import Line2D

from sim.analysis.results import Results
from sim.analysis.series import monthly_band, series_grid, series_names
from sim.plots.labels import FIRM_SEPARATOR
from sim.plots.style import GREY, OKABE_ITO, colours, figure, save

FLOW = "flow" + FIRM_SEPARATOR
NONE = "none"


def rivals(results: Results) -> list[str]:
    """The rivals of a study, from its series (empty for a business alone)."""
    suffix = FIRM_SEPARATOR + "market_share"
    return [s.removesuffix(suffix) for s in series_names(results) if s.endswith(suffix)]


def market_plots(results: Results, out_dir: Path, point: int = 0) -> list[Path]:
    """Both market plots, or none for a business alone."""
    firms = rivals(results)
    if not firms:
        return []
    return [*market_share(results, firms, out_dir, point), *lost_customers_went(results, firms, out_dir, point)]


def market_share(results: Results, firms: list[str], out_dir: Path, point: int) -> list[Path]:
    """Our share of the market's customers month by month, and each rival's, per variant with bands."""
    colour = colours(results.variants)
    panels = [("market_share", "Our market share"),
              *((f"{f}{FIRM_SEPARATOR}market_share", f"{f}'s market share") for f in firms)]
    with figure(4.6 * len(panels), 3.6) as fig:
        for ax, (series, title) in zip(fig.subplots(1, len(panels), squeeze=False).ravel(), panels):
            for variant in results.variants:
                band = monthly_band(results, series, variant, point)
                ax.fill_between(band.months, band.low * 100, band.high * 100, color=colour[variant], alpha=0.2, lw=0)
                ax.plot(band.months, band.mean * 100, color=colour[variant], lw=1.8)
            ax.set_title(title)
            ax.set_ylabel("% of the market's customers")
            ax.set_xlabel("Month since start")
            ax.set_ylim(0, 100)
        handles = [Line2D([], [], color=colour[v], lw=1.8) for v in results.variants]
        fig.legend(handles, results.variants, loc="outside lower center", ncol=len(handles))
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
    shade = {NONE: GREY, **{f: OKABE_ITO[(i + 5) % len(OKABE_ITO)] for i, f in enumerate(firms)}}
    x = np.arange(len(results.variants))
    with figure(max(9.0, 1.6 * len(x) + 2.5), 4.2) as fig:
        lost_ax, won_ax = fig.subplots(1, 2, sharey=True)
        for ax, ours_first in ((lost_ax, True), (won_ax, False)):
            bottom = np.zeros(len(x))
            for place in places:
                pair = ("ours", place) if ours_first else (place, "ours")
                heights = np.array([flow_total(results, *pair, v, point) for v in results.variants])
                ax.bar(x, heights, bottom=bottom, color=shade[place], label=place if ours_first else None)
                bottom += heights
            ax.set_xticks(x, results.variants, rotation=20, ha="right")
            ax.set_title("Our lost customers went to" if ours_first else "Our new customers came from")
        lost_ax.set_ylabel("Households over the horizon (mean)")
        fig.legend(loc="outside lower center", ncol=len(places), title="no one, or a rival")
        fig.suptitle("Switching: where our customers went, and where they came from")
        return save(fig, out_dir, "lost_customers_went")
