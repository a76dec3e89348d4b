"""Kaplan-Meier retention curves per variant with their 95% bands."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from sim.analysis.survival import DAYS_PER_MONTH, Curve
from sim.plots.style import WIDE, figure, save


def retention_plot(curves: dict[str, Curve], variants: list[str], colour: dict[str, str], horizon_days: float,
                   out_dir: Path) -> list[Path]:
    """Share of customers still active by months since joining, censored at the horizon; the
    variants given (the ones the line plots draw)."""
    drawn = [v for v in variants if v in curves]
    if not drawn:
        return []
    horizon = horizon_days / DAYS_PER_MONTH
    with figure(*WIDE) as fig:
        ax = fig.subplots()
        for variant in drawn:
            curve = curves[variant]
            x = np.concatenate(([0.0], curve.days / DAYS_PER_MONTH, [horizon]))
            y = 100 * np.concatenate(([1.0], curve.survival, curve.survival[-1:]))
            lo = 100 * np.concatenate(([1.0], curve.low, curve.low[-1:]))
            hi = 100 * np.concatenate(([1.0], curve.high, curve.high[-1:]))
            ax.fill_between(x, lo, hi, step="post", color=colour[variant], alpha=0.2, lw=0)
            ax.step(x, y, where="post", color=colour[variant], lw=2.0,
                    label=f"{variant} ({curve.n:,} customers, {curve.events:,} churned)")
        ax.set_xlim(0, horizon)
        ax.set_ylim(0, 102)
        ax.set_xlabel("Months since joining (customers still active at the horizon are censored)")
        ax.set_ylabel("Customers still active (%)")
        fig.suptitle("Customer retention (Kaplan-Meier estimate with 95% band)")
        fig.legend(loc="outside lower center", ncol=min(len(drawn), 2))
        return save(fig, out_dir, "retention")
