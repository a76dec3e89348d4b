"""Calibration and back-test plots: observed points beside the simulated predictive band, prior
against posterior per parameter, and the parameters' correlations. Sized for 1280x720."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from matplotlib.dates import AutoDateLocator
from matplotlib.ticker import MaxNLocator

from sim.config.calibration import Prior
from sim.config.observed import RATES, Observation
from sim.plots.fit import observed_title
from sim.plots.style import GREY, OKABE_ITO, WIDE, count_axis, figure, save



@dataclass(frozen=True)
class Point:
    """One observed row with the predictive quantiles (5, 25, 50, 75, 95%) of its figure."""

    observation: Observation
    quantiles: Sequence[float] | np.ndarray
    held_back: bool = False


def band_plot(points: list[Point], title: str, out: Path, name: str, cutoff: dt.date | None = None) -> list[Path]:
    """One panel per observed series: 90% and 50% predictive bands and median through the rows'
    dates, observed points (held-back ones hollow), the training cut-off as a dashed line."""
    series = list(dict.fromkeys((p.observation.firm, p.observation.kpi) for p in points))
    cols = min(2, len(series))
    rows = math.ceil(len(series) / cols)
    with figure(*WIDE) as fig:
        axes = fig.subplots(rows, cols, squeeze=False).ravel()
        for ax, (firm, kpi) in zip(axes, series):
            mine = sorted((p for p in points if (p.observation.firm, p.observation.kpi) == (firm, kpi)),
                          key=lambda p: p.observation.date)
            dates = [p.observation.date for p in mine]
            q = np.array([p.quantiles for p in mine], dtype=float)
            ax.fill_between(dates, q[:, 0], q[:, 4], color=OKABE_ITO[0], alpha=0.18, lw=0, label="90% predictive")
            ax.fill_between(dates, q[:, 1], q[:, 3], color=OKABE_ITO[0], alpha=0.35, lw=0, label="50% predictive")
            ax.plot(dates, q[:, 2], color=OKABE_ITO[0], lw=1.6, label="median")
            seen = [p for p in mine if not p.observation.asked]
            fitted = [(p.observation.date, p.observation.value) for p in seen if not p.held_back]
            later = [(p.observation.date, p.observation.value) for p in seen if p.held_back]
            if fitted:
                ax.plot(*zip(*fitted), "o", color=OKABE_ITO[5], ms=6, label="observed, fitted")
            if later:
                ax.plot(*zip(*later), "o", mfc="white", mec=OKABE_ITO[5], mew=1.8, ms=7, label="observed, held back")
            if cutoff is not None:
                ax.axvline(cutoff, color=GREY, ls="--", lw=1.2, label=f"cut-off {cutoff}")
            ax.set_title(observed_title(firm, kpi))
            ax.xaxis.set_major_locator(AutoDateLocator(minticks=3, maxticks=7))
            if kpi not in RATES:
                count_axis(ax)
        for ax in axes[len(series):]:
            ax.set_visible(False)
        axes[0].legend(loc="upper left", frameon=True, framealpha=0.92, edgecolor="none")  # over the cut-off line
        fig.suptitle(title)
        return save(fig, out, name)


def parameters_plot(priors: dict[str, Prior], values: np.ndarray, w: np.ndarray, out: Path) -> list[Path]:
    """Per parameter: the prior's flat density against the weighted posterior histogram (a loguniform
    prior's parameter on a log10 axis, where its prior is flat too)."""
    cols = min(3, len(priors))
    rows = math.ceil(len(priors) / cols)
    with figure(*WIDE) as fig:
        axes = fig.subplots(rows, cols, squeeze=False).ravel()
        for i, (ax, (name, prior)) in enumerate(zip(axes, priors.items())):
            log = prior.distribution == "loguniform"
            low, high = (math.log10(prior.low), math.log10(prior.high)) if log else (prior.low, prior.high)
            x = np.log10(values[:, i]) if log else values[:, i]
            ax.hist(x, bins=np.linspace(low, high, 21), weights=w, density=True, color=OKABE_ITO[0], alpha=0.6,
                    label="posterior")
            ax.hlines(1 / (high - low), low, high, color=GREY, lw=2, label="prior")
            short = ".".join(name.split(".")[-2:])
            ax.set_title(f"log10 {short}" if log else short, fontsize=10)
        for ax in axes[len(priors):]:
            ax.set_visible(False)
        axes[0].legend(loc="upper right")
        fig.suptitle("Prior against posterior, per parameter")
        return save(fig, out, "parameters")


def correlation_plot(names: list[str], corr: np.ndarray, out: Path) -> list[Path]:
    """The parameters' posterior correlations: near +-1, the targets cannot tell the two apart."""
    short = [n.rsplit(".", 1)[-1] for n in names]
    with figure(*WIDE) as fig:
        ax = fig.subplots()
        image = ax.imshow(corr, vmin=-1, vmax=1, cmap="RdBu_r")
        ax.set_xticks(range(len(names)), short, rotation=30, ha="right")
        ax.set_yticks(range(len(names)), short)
        ax.grid(False)
        for i in range(len(names)):
            for j in range(len(names)):
                ax.text(j, i, "" if not np.isfinite(corr[i, j]) else f"{corr[i, j]:+.2f}", ha="center", va="center")
        fig.colorbar(image, ax=ax, shrink=0.8)
        ax.set_title("Posterior correlations (prior's scale): near +-1, not identifiable apart")
        return save(fig, out, "correlations")


def documented_plot(labels: list[str], documented: np.ndarray, tolerance: np.ndarray, band: np.ndarray,
                    out: Path) -> list[Path]:
    """Each documented figure of a joint fit on a panel of its own scale, in percent: its value and
    the model error allowed (orange) above the fitted predictive 50% and 90% bands and median (blue)."""
    cols = min(2, len(labels))
    with figure(*WIDE) as fig:
        axes = fig.subplots(math.ceil(len(labels) / cols), cols, squeeze=False).ravel()
        for ax, label, value, tol, q in zip(axes, labels, documented * 100, tolerance, band * 100):
            ax.hlines(0, q[0], q[4], color=OKABE_ITO[0], lw=6, alpha=0.35, label="fitted, 90%")
            ax.hlines(0, q[1], q[3], color=OKABE_ITO[0], lw=12, alpha=0.75, label="fitted, 50%")
            ax.plot([q[2]], [0], "|", color="black", ms=20, mew=2, label="fitted median")
            ax.errorbar([value], [1], xerr=[abs(value * tol)], fmt="o", color=OKABE_ITO[1], capsize=6,
                        label="documented, with the error allowed")
            ax.set_ylim(-0.8, 1.8)
            ax.set_yticks([])
            ax.set_title(label, fontsize=11)
            ax.xaxis.set_major_formatter("{x:g}%")
            ax.xaxis.set_major_locator(MaxNLocator(6))
        for ax in axes[len(labels):]:
            ax.set_visible(False)
        handles, names = axes[0].get_legend_handles_labels()
        fig.legend(handles, names, loc="outside lower center", ncol=4, fontsize=10, frameon=False)
        fig.suptitle("Documented cases (orange) beside the jointly fitted behaviour (blue)")
        return save(fig, out, "documented")
