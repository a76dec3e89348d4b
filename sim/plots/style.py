"""One look for every plot: Okabe-Ito colours, readable sizes, PNG and SVG output.

Figures are built with matplotlib's object API on the Agg canvas, so nothing touches pyplot's
global state or needs a display.
"""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator

import matplotlib
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from sim.plots.labels import compact_money, compact_number

if TYPE_CHECKING:
    from matplotlib.typing import RcKeyType

# Okabe & Ito (2008), distinguishable with the common colour-vision deficiencies.
OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
GREY = "#7F7F7F"
BASELINE_COLOUR = "#000000"
# Okabe-Ito without yellow (unreadable on a projector's white), then darker distinct hues, so no
# colour repeats within a plot even with a dozen variants.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00",
           "#8C510A", "#762A83", "#01665E", "#7F7F00", "#1F3A93", "#B2182B", "#4D4D4D"]
DPI = 100  # with the sizes below, a figure is 1280 px wide: a 16:9 slide or a projector at its own size
WIDE = (12.8, 7.2)  # inches: 16:9
MIN_FONT = 10.0
_KEPT: ContextVar[dict[str, Figure] | None] = ContextVar("kept_figures", default=None)
_VECTOR: ContextVar[bool] = ContextVar("vector_copies", default=True)

STYLE: dict[RcKeyType, Any] = {
    "font.size": 12,
    "axes.titlesize": 13,
    "axes.titleweight": "bold",
    "axes.labelsize": 12,
    "xtick.labelsize": 11,
    "ytick.labelsize": 11,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "legend.fontsize": 11,
    "legend.frameon": False,
    "figure.titlesize": 15,
    "figure.titleweight": "bold",
    "svg.fonttype": "none",
    "text.parse_math": False,
    "svg.hashsalt": "policysim",
}


def colours(variants: list[str], baseline: str | None = None) -> dict[str, str]:
    """The same colour for a variant in every plot (config order), black for the baseline, and no
    colour twice among the variants given."""
    others = [v for v in variants if v != baseline]
    out = {v: PALETTE[i % len(PALETTE)] for i, v in enumerate(others)}
    if baseline in variants:
        out[baseline] = BASELINE_COLOUR
    return out


@contextmanager
def figure(width: float, height: float) -> Iterator[Figure]:
    """A figure drawn under the project style."""
    with matplotlib.rc_context(STYLE):
        fig = Figure(figsize=(width, height), layout="constrained")
        FigureCanvasAgg(fig)
        yield fig


def count_axis(ax: Axes, axis: str = "y") -> None:
    """Tick labels like 1.5M and 500k instead of an offset of 1e6."""
    target = ax.yaxis if axis == "y" else ax.xaxis
    target.set_major_formatter(FuncFormatter(lambda v, _: compact_number(v)))


def money_axis(ax: Axes, axis: str = "y") -> None:
    """Tick labels like $350k instead of 350000."""
    target = ax.yaxis if axis == "y" else ax.xaxis
    target.set_major_formatter(FuncFormatter(lambda v, _: compact_money(v)))


@contextmanager
def kept_figures() -> Iterator[dict[str, Figure]]:
    """Inside the block, `save` keeps each figure by name instead of writing it: the Python API
    hands the figures to notebooks, and drawing them without rendering files costs little."""
    kept: dict[str, Figure] = {}
    token = _KEPT.set(kept)
    try:
        yield kept
    finally:
        _KEPT.reset(token)


@contextmanager
def without_vector_copies() -> Iterator[None]:
    """Inside the block, `save` writes the PNG only: the workshop shows PNGs, and drawing each
    figure a second time for its SVG is a third of a report's time."""
    token = _VECTOR.set(False)
    try:
        yield
    finally:
        _VECTOR.reset(token)


def save(fig: Figure, out_dir: Path, name: str) -> list[Path]:
    """Write `name`.png and, unless told otherwise, `name`.svg (metadata stripped so the bytes repeat)."""
    kept = _KEPT.get()
    if kept is not None:
        kept[name] = fig
        return []
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = [out_dir / f"{name}.png"]
    with matplotlib.rc_context(STYLE):
        fig.savefig(paths[0], dpi=DPI, metadata={"Software": None})
        if _VECTOR.get():
            paths.append(out_dir / f"{name}.svg")
            fig.savefig(paths[1], metadata={"Date": None, "Creator": None})
    return paths
