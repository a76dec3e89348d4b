"""Revenue waterfall per variant: revenue streams up, costs down, to profit.

Revenue in this project is already net of refunds, and waived or discounted amounts were never
revenue, so `given_back` is shown as a separate memo bar beside the waterfall, not subtracted.
Bars run sideways (stream names read level) and each panel has its own scale, fitted to every bar.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
from matplotlib.axes import Axes
from matplotlib.ticker import MaxNLocator

from sim.analysis.comparisons import Summary
from sim.plots.labels import compact_money, label
from sim.plots.style import GREY, WIDE, figure, money_axis, save

STREAMS = ["revenue_rental_fees", "revenue_late_fees", "revenue_subscriptions", "revenue_sales", "revenue_upsell",
           "revenue_merchandise"]
UP, DOWN, TOTAL = "#009E73", "#D55E00", "#0072B2"
ROOM = 0.3  # share of a panel's span kept free beside the bars for their values


def waterfall(summaries: list[Summary], variants: list[str], colour: dict[str, str], out_dir: Path) -> list[Path]:
    """One panel per variant (at most six: the ones the line plots draw); the streams shown are those
    non-zero somewhere."""
    mean = {(s.variant, s.kpi): s.interval.mean for s in summaries}
    if not all((v, k) in mean for v in variants for k in ("costs", "profit")):
        return []
    streams = [k for k in STREAMS if any(abs(mean.get((v, k), 0.0)) > 0 for v in variants)]
    cols = min(3, len(variants))
    rows = math.ceil(len(variants) / cols)
    with figure(*WIDE) as fig:
        axes = fig.subplots(rows, cols, squeeze=False, sharey=True).ravel()
        for ax, variant in zip(axes, variants):
            _panel(ax, variant, streams, mean, colour[variant])
        for ax in axes[len(variants):]:
            ax.set_visible(False)
        fig.suptitle("Where the profit comes from (means over replications; each panel has its own scale)")
        fig.supxlabel("Money over the horizon ($). Hatched: money given back, a memo item already out of revenue",
                      fontsize=11)
        return save(fig, out_dir, "waterfall")


def _panel(ax: Axes, variant: str, streams: list[str], mean: dict, colour: str) -> None:
    values = [mean.get((variant, k), 0.0) for k in streams] + [-mean[(variant, "costs")]]
    names = [label(k) for k in streams] + ["Costs", "Profit", "Given back (memo)"]
    starts = np.concatenate(([0.0], np.cumsum(values)[:-1]))
    profit, given = mean[(variant, "profit")], mean.get((variant, "given_back"), 0.0)
    y = -np.arange(len(names), dtype=float)
    ax.barh(y[:len(values)], values, left=starts, color=[UP if v >= 0 else DOWN for v in values], height=0.7)
    ax.barh(y[-2], profit, color=TOTAL, height=0.7)
    ax.barh(y[-1], given, color="white", edgecolor=GREY, hatch="///", height=0.7)
    ends = np.concatenate((starts, starts + values, [0.0, profit, given]))
    low, high = float(ends.min()), float(ends.max())
    span = max(high - low, 1.0)
    ax.set_xlim(low - (ROOM * span if low < 0 else 0.02 * span), high + ROOM * span)
    for yi, v, s in zip(y, values + [profit, given], list(starts) + [0.0, 0.0]):
        if v != 0:
            ax.annotate(compact_money(v), (max(s, s + v), yi), xytext=(3, 0), textcoords="offset points",
                        ha="left", va="center", fontsize=10)
    ax.set_yticks(y, names)
    ax.axvline(0, color="black", lw=0.8)
    ax.grid(axis="y", visible=False)
    ax.xaxis.set_major_locator(MaxNLocator(nbins=4))
    ax.set_title(variant, color=colour)
    money_axis(ax, "x")
