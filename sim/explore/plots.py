"""Plots of exploration results (tornado, sign profiles and map, optimised lever curve).

Drawn from computed results only, in the project style (sim.plots.style); nothing here simulates.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from matplotlib.colors import TwoSlopeNorm

from sim.explore.sensitivity import Indices
from sim.explore.thresholds import Profile, SignMap
from sim.plots.labels import is_money
from sim.plots.style import GREY, OKABE_ITO, figure, money_axis, save

INDEX_LABELS = {"morris": ("mu_star", "mu_star_conf", "Morris mu* (bar), sigma (dot)"),
                "sobol": ("ST", "ST_conf", "Sobol' total (bar), first-order (dot)")}


def short(path: str) -> str:
    """A parameter path without the leading 'scenario.' for axis labels."""
    return path.removeprefix("scenario.")


def tornado(indices: Indices, profiles: dict[str, Profile], centre: float, kpi: str, what: str,
            out_dir: Path) -> list[Path]:
    """Left: the output at the low and high end of each parameter around the overall mean, most
    important on top; right: the indices with their bootstrap intervals."""
    names = indices.rank[::-1]
    pos = np.arange(len(names))
    stat, conf, title = INDEX_LABELS[indices.method]
    with figure(10.0, 1.6 + 0.55 * len(names)) as fig:
        left, right = fig.subplots(1, 2, sharey=True, width_ratios=[3, 2])
        for i, name in enumerate(names):
            low, high = profiles[name].swing
            left.barh(i, low - centre, left=centre, color=OKABE_ITO[4], height=0.6,
                      label="low end of range" if i == 0 else None)
            left.barh(i, high - centre, left=centre, color=OKABE_ITO[5], height=0.6, alpha=0.8,
                      label="high end of range" if i == 0 else None)
        left.axvline(centre, color=GREY, lw=1)
        left.axvline(0.0, color="black", lw=1, ls="--")
        left.set_yticks(pos, [short(n) for n in names])
        left.set_xlabel(what)
        left.set_title("Mean output at each end of a range")
        fig.legend(loc="outside lower center", ncol=2)
        if is_money(kpi):
            money_axis(left, "x")
            money_axis(right, "x")
        table = indices.table
        right.barh(pos, [table[n][stat] for n in names], xerr=[table[n][conf] for n in names],
                   color=OKABE_ITO[0], height=0.6, capsize=3)
        second = "sigma" if indices.method == "morris" else "S1"
        right.plot([table[n][second] for n in names], pos, "o", color=OKABE_ITO[1])
        right.set_title(title)
        return save(fig, out_dir, "tornado")


def profiles_plot(profiles: list[Profile], what: str, out_dir: Path) -> list[Path]:
    """Mean output along each top parameter, with zero and the interpolated crossings marked."""
    with figure(3.4 * len(profiles), 3.2) as fig:
        axes = np.atleast_1d(fig.subplots(1, len(profiles), sharey=True))
        for ax, p in zip(axes, profiles):
            ax.plot(p.centres, p.means, "o-", color=OKABE_ITO[0])
            ax.axhline(0.0, color="black", lw=1, ls="--")
            for c in p.crossings:
                ax.axvline(c, color=OKABE_ITO[5], lw=1)
            ax.set_xlabel(short(p.name))
        axes[0].set_ylabel(what)
        return save(fig, out_dir, "thresholds")


def sign_map_plot(m: SignMap, what: str, out_dir: Path) -> list[Path]:
    """Mean output over the top two parameters; blue above zero, orange below."""
    finite = m.means[np.isfinite(m.means)]
    span = float(np.abs(finite).max()) if finite.size else 1.0
    norm = TwoSlopeNorm(0.0, -span or -1.0, span or 1.0)
    with figure(5.6, 4.6) as fig:
        ax = fig.subplots()
        mesh = ax.pcolormesh(m.edges[0], m.edges[1], m.means, cmap="PuOr", norm=norm)
        fig.colorbar(mesh, ax=ax, label=what)
        ax.set_xlabel(short(m.names[0]))
        ax.set_ylabel(short(m.names[1]))
        ax.set_title("Where the sign changes")
        return save(fig, out_dir, "sign_map")


def curve(x: np.ndarray, mean: np.ndarray, low: np.ndarray, high: np.ndarray, best: float,
          interval: tuple[float, float], lever: str, kpi: str, out_dir: Path) -> list[Path]:
    """The KPI over the lever (mean and pointwise band), the optimum and its interval shaded."""
    with figure(7.0, 4.4) as fig:
        ax = fig.subplots()
        ax.axvspan(*interval, color=OKABE_ITO[1], alpha=0.2, lw=0, label="interval of the optimum")
        ax.fill_between(x, low, high, color=OKABE_ITO[0], alpha=0.2, lw=0)
        ax.plot(x, mean, "o-", color=OKABE_ITO[0], ms=3, label=f"{kpi} (mean, 95% band)")
        ax.axvline(best, color=OKABE_ITO[5], lw=1.5, label=f"optimum {best:.4g}")
        ax.set_xlabel(lever)
        ax.set_ylabel(kpi)
        if is_money(kpi):
            money_axis(ax)
        ax.legend(loc="lower center")
        return save(fig, out_dir, "optimum")
