"""The price-response curve: share of the base lost against the steady business by the size of the
rise, one panel per delay after the rise, one line (with its paired 95% band) per way of raising."""

from __future__ import annotations

from pathlib import Path

from matplotlib.axes import Axes
from matplotlib.ticker import FuncFormatter

from sim.analysis.price_response import MONTHS_AFTER, Point, curve, posterior_note, stored_rises, ways
from sim.analysis.results import Results
from sim.plots.style import OKABE_ITO, WIDE, figure, save

MARKERS = ["o", "s", "^", "D", "v", "P", "X", "*"]


def price_response_plot(results: Results, out_dir: Path, point: int = 0) -> list[Path]:
    """Nothing unless the study is a price-response study (sim.analysis.price_response)."""
    rises = stored_rises(results)
    if not rises:
        return []
    points = curve(results, rises, MONTHS_AFTER, point)
    names = ways(rises)
    rise = FuncFormatter(lambda v, _: f"{v:+.0f}%" if v else "0%")
    share = FuncFormatter(lambda v, _: f"{v:.0f}%")
    with figure(*WIDE) as fig:
        axes = fig.subplots(1, len(MONTHS_AFTER), sharey=True)
        for ax, months in zip(axes, MONTHS_AFTER):
            for i, way in enumerate(names):
                _line(ax, [p for p in points if p.months == months and p.rise.way == way], way, i)
            ax.axhline(0.0, color="black", lw=0.8)
            ax.set_title(f"{months} months after the rise")
            ax.set_xlabel(f"Size of the rise (monthly fee over {results.baseline}'s)")
            ax.xaxis.set_major_formatter(rise)
            ax.yaxis.set_major_formatter(share)
            ax.set_xlim(0, 105 * max(r.size for r in rises))
        axes[0].set_ylabel(f"Share of {results.baseline}'s active customers lost")
        n = int(results.manifest.get("replications") or 0)
        fig.legend(*axes[0].get_legend_handles_labels(), loc="outside lower center", ncol=len(names),
                   title=f"Way of raising; bands: paired 95% intervals over {n} replications, "
                         f"{posterior_note(results)}")
        fig.suptitle("Price response: share of the base lost against the steady business")
        return save(fig, out_dir, "price_response")


def _line(ax: Axes, points: list[Point], way: str, i: int) -> None:
    """One way of raising: mean share lost with markers, its band shaded."""
    x = [100 * p.rise.size for p in points]
    colour = OKABE_ITO[i % len(OKABE_ITO)]
    ax.fill_between(x, [100 * p.lost.low for p in points], [100 * p.lost.high for p in points],
                    color=colour, alpha=0.18, lw=0)
    ax.plot(x, [100 * p.lost.mean for p in points], color=colour, marker=MARKERS[i % len(MARKERS)], lw=1.8,
            label=way)
