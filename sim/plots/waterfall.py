"""Revenue waterfall per variant: revenue streams up, costs down, to profit.

Revenue in this project is already net of refunds, and waived or discounted amounts were never
revenue, so `given_back` is shown as a separate memo bar beside the waterfall, not subtracted.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
from matplotlib.axes import Axes

from sim.analysis.comparisons import Summary
from sim.plots.labels import compact_money, label
from sim.plots.style import GREY, colours, figure, money_axis, save

STREAMS = ["revenue_rental_fees", "revenue_late_fees", "revenue_subscriptions", "revenue_sales", "revenue_upsell"]
UP, DOWN, TOTAL = "#009E73", "#D55E00", "#0072B2"


def waterfall(summaries: list[Summary], variants: list[str], out_dir: Path) -> list[Path]:
    """One panel per variant on a shared scale; the streams shown are those non-zero somewhere."""
    mean = {(s.variant, s.kpi): s.interval.mean for s in summaries}
    if not all((v, k) in mean for v in variants for k in ("costs", "profit")):
        return []
    streams = [k for k in STREAMS if any(abs(mean.get((v, k), 0.0)) > 0 for v in variants)]
    cols = 2 if len(variants) == 4 else min(3, len(variants))
    rows = math.ceil(len(variants) / cols)
    with figure(4.6 * cols, 3.9 * rows + 0.6) as fig:
        axes = fig.subplots(rows, cols, squeeze=False, sharey=True).ravel()
        for ax, variant in zip(axes, variants):
            _panel(ax, variant, streams, mean, colours(variants)[variant])
        for ax in axes[len(variants):]:
            ax.set_visible(False)
        fig.suptitle("Where the profit comes from (means over replications)\n"
                     "hatched: money given back, a memo item already out of revenue", fontsize=11)
        return save(fig, out_dir, "waterfall")


def _panel(ax: Axes, variant: str, streams: list[str], mean: dict, colour: str) -> None:
    values = [mean.get((variant, k), 0.0) for k in streams] + [-mean[(variant, "costs")]]
    names = [label(k) for k in streams] + ["Costs", "Profit"]
    starts = np.concatenate(([0.0], np.cumsum(values)[:-1]))
    x = np.arange(len(names))
    bar_colours = [UP if v >= 0 else DOWN for v in values]
    ax.bar(x[:-1], values, bottom=starts, color=bar_colours, width=0.7)
    profit = mean[(variant, "profit")]
    ax.bar(x[-1], profit, color=TOTAL, width=0.7)
    top = max(np.max(starts + np.maximum(values, 0)), profit)
    for xi, v, s in zip(x, values + [profit], list(starts) + [0.0]):
        if v == 0:
            continue
        ax.annotate(compact_money(v), (xi, s + v if v >= 0 else s), xytext=(0, 2), textcoords="offset points",
                    ha="center", va="bottom", fontsize=7.5)
    given = mean.get((variant, "given_back"), 0.0)
    ax.bar(x[-1] + 1, given, color="white", edgecolor=GREY, hatch="///", width=0.7)
    ax.annotate(compact_money(given), (x[-1] + 1, max(given, 0.0)), xytext=(0, 2),
                textcoords="offset points", ha="center", va="bottom", fontsize=7.5, color="#404040")
    ax.set_xticks(list(x) + [x[-1] + 1], names + ["Given back (memo)"], rotation=40, ha="right")
    ax.set_ylim(top=top * 1.15 if top > 0 else None)
    ax.axhline(0, color="black", lw=0.8)
    ax.grid(axis="x", visible=False)
    ax.set_title(variant, color=colour)
    ax.set_ylabel("Money over the horizon ($)")
    money_axis(ax)

