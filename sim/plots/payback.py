"""When a change pays back: the running paired profit against the baseline from the change on, with
its 95% band and the month the mean turns positive for good (sim.analysis.payback)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from matplotlib.lines import Line2D

from sim.analysis.payback import first_change_month, payback
from sim.analysis.results import Results
from sim.analysis.survival import DAYS_PER_MONTH
from sim.plots.selection import shown_variants, study_config
from sim.plots.style import WIDE, figure, money_axis, save
from sim.plots.timeline import change_marks, key_above, mark_panel, mark_strips


def payback_plot(results: Results, colour: dict[str, str], out_dir: Path, point: int = 0) -> list[Path]:
    """Nothing unless some drawn variant has dated changes and the baseline has none."""
    config = study_config(results)
    if config is None or config.variants[results.baseline].changes:
        return []
    months = {v: first_change_month(config.variants[v]) for v in shown_variants(results, point)
              if v in config.variants}
    changed = {v: m for v, m in months.items() if m is not None}
    if not changed:
        return []
    marks = change_marks(config, changed)
    with figure(*WIDE) as fig:
        panel = key_above(fig, marks)
        ax = panel.subplots()
        handles, names = [], []
        for variant, month in changed.items():
            p = payback(results, variant, month, point)
            ax.fill_between(p.months, p.low, p.high, color=colour[variant], alpha=0.15, lw=0)
            ax.plot(p.months, p.mean, color=colour[variant], lw=2.2)
            if p.payback_month is not None:
                ax.plot([p.payback_month], [float(np.interp(p.payback_month, p.months, p.mean))], "o",
                        color=colour[variant], ms=9, mfc="white", mew=2)
            handles.append(Line2D([], [], color=colour[variant], lw=2.2))
            names.append(f"{variant}: " + ("pays back in month " + str(p.payback_month)
                                           if p.payback_month is not None else "not paid back by the horizon"))
        mark_panel(ax, marks)
        ax.axhline(0, color="black", lw=1)
        ax.set_xlim(-0.5, results.horizon_days / DAYS_PER_MONTH)
        ax.set_xlabel("Month since start")
        ax.set_ylabel(f"Cumulative profit minus {results.baseline}'s ($)\nabove 0: the change has paid for itself")
        money_axis(ax)
        panel.legend(handles, names, loc="outside lower center", ncol=2)
        mark_strips([ax], marks)
        fig.suptitle(f"When each change pays back: profit so far minus {results.baseline}'s (95% band)")
        return save(fig, out_dir, "payback")
