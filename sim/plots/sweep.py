"""A KPI over the swept parameters: lines for one parameter, heat maps for two."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from sim.analysis.intervals import t_interval
from sim.analysis.results import Results
from matplotlib.axes import Axes
from matplotlib.ticker import FuncFormatter

from sim.plots.labels import axis_label, compact_money, is_money, is_share, label
from sim.plots.style import WIDE, colours, figure, money_axis, save

MAX_ANNOTATED = 64


def sweep_plot(results: Results, kpi: str, out_dir: Path) -> list[Path]:
    """Nothing without a sweep; a line per variant over one parameter; else heat maps over the first two."""
    if not results.swept or len(results.points) < 2:
        return []
    if len(results.swept) == 1:
        return _lines(results, kpi, results.swept[0], out_dir)
    return _heatmaps(results, kpi, results.swept[0], results.swept[1], out_dir)


def _lines(results: Results, kpi: str, path: str, out_dir: Path) -> list[Path]:
    scale = 100.0 if is_share(kpi) else 1.0
    colour = colours(results.variants, results.baseline)
    xs = [results.point_values(p)[path] for p in results.points]
    numeric = all(isinstance(x, (int, float, np.floating)) for x in xs)
    pos = np.asarray(xs, dtype=float) if numeric else np.arange(len(xs), dtype=float)
    with figure(*WIDE) as fig:
        ax = fig.subplots()
        for variant in results.variants:
            ivs = [t_interval(results.kpi(kpi, variant, p)) for p in results.points]
            mean = np.array([iv.mean for iv in ivs]) * scale
            ax.fill_between(pos, [iv.low * scale for iv in ivs], [iv.high * scale for iv in ivs],
                            color=colour[variant], alpha=0.2, lw=0)
            ax.plot(pos, mean, "o-", color=colour[variant], label=variant)
        if not numeric:
            ax.set_xticks(pos, [str(x) for x in xs])
        ax.set_xlabel(path)
        ax.set_ylabel(axis_label(kpi))
        if is_money(kpi):
            money_axis(ax)
        ax.set_title(f"{label(kpi)} over the sweep (mean, 95% band)")
        fig.legend(loc="outside lower center", ncol=min(len(results.variants), 4))
        return save(fig, out_dir, f"sweep_{kpi}")


def _heatmaps(results: Results, kpi: str, px: str, py: str, out_dir: Path) -> list[Path]:
    values = [results.point_values(p) for p in results.points]
    xs = sorted({v[px] for v in values})
    ys = sorted({v[py] for v in values})
    scale = 100.0 if is_share(kpi) else 1.0
    n = len(results.variants)
    with figure(*WIDE) as fig:
        axes = fig.subplots(1, n, squeeze=False).ravel()
        grids = [_grid(results, kpi, variant, values, px, py, xs, ys) * scale for variant in results.variants]
        defined = np.concatenate([g.ravel() for g in grids])
        defined = defined[np.isfinite(defined)]
        lo, hi = (defined.min(), defined.max()) if defined.size else (0.0, 1.0)  # all n/a: an empty map
        for ax, variant, grid in zip(axes, results.variants, grids):
            image = ax.imshow(grid, origin="lower", aspect="auto", cmap="cividis", vmin=lo, vmax=hi)
            ax.set_xticks(range(len(xs)), [f"{x:g}" if isinstance(x, float) else str(x) for x in xs])
            ax.set_yticks(range(len(ys)), [f"{y:g}" if isinstance(y, float) else str(y) for y in ys])
            ax.set_xlabel(px.split(".")[-1])
            ax.set_ylabel(py.split(".")[-1])
            ax.set_title(variant)
            ax.grid(False)
            _annotate(ax, grid, kpi, lo, hi)
        bar = fig.colorbar(image, ax=list(axes), label=axis_label(kpi))
        if is_money(kpi):
            bar.ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: compact_money(v)))
        others = f" (averaged over {', '.join(results.swept[2:])})" if len(results.swept) > 2 else ""
        fig.suptitle(f"{label(kpi)} over {px} and {py}{others}")
        return save(fig, out_dir, f"sweep_{kpi}")


def _annotate(ax: Axes, grid: np.ndarray, kpi: str, lo: float, hi: float) -> None:
    """Write each cell's value when the grid is small enough to read."""
    if grid.size > MAX_ANNOTATED:
        return
    middle = (lo + hi) / 2.0
    for (i, j), value in np.ndenumerate(grid):
        if np.isnan(value):
            continue
        text = compact_money(value) if is_money(kpi) else f"{value:.3g}"
        ax.text(j, i, text, ha="center", va="center", fontsize=10, color="black" if value > middle else "white")


def _grid(results: Results, kpi: str, variant: str, values: list[dict], px: str, py: str,
          xs: list, ys: list) -> np.ndarray:
    sums = np.zeros((len(ys), len(xs)))
    counts = np.zeros((len(ys), len(xs)))
    for point, v in zip(results.points, values):
        i, j = ys.index(v[py]), xs.index(v[px])
        sums[i, j] += float(np.mean(results.kpi(kpi, variant, point)))
        counts[i, j] += 1
    with np.errstate(invalid="ignore"):
        return sums / counts
