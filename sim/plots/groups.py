"""Every variant of a study with many, in facets: one column per group of variants (sim.plots.selection),
each with the baseline, so twelve variants read as three or four small comparisons."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from scipy import stats

from sim.analysis.results import Results
from sim.analysis.series import monthly_band, series_grid
from sim.plots.selection import MAX_LINES, Group, study_config, variant_groups
from sim.plots.style import BASELINE_COLOUR, PALETTE, WIDE, figure, money_axis, save
from sim.plots.timeline import change_marks, key_above, mark_panel, mark_strips

MAX_COLUMNS = 4


def by_group(results: Results, colour: dict[str, str], out_dir: Path, point: int = 0) -> list[Path]:
    """Nothing for a study the line plots draw whole; else figures of up to four groups."""
    if len(results.variants) <= MAX_LINES or "profit" not in results.kpis:
        return []
    groups = variant_groups(results)
    paths = []
    for i in range(0, len(groups), MAX_COLUMNS):
        stem = "by_group" + (f"_{i // MAX_COLUMNS + 1}" if i else "")
        paths += _figure(results, groups[i:i + MAX_COLUMNS], colour, out_dir, stem, point)
    return paths


def _figure(results: Results, groups: list[Group], colour: dict[str, str], out_dir: Path, stem: str,
            point: int) -> list[Path]:
    drawn = [results.baseline, *(v for g in groups for v in g.variants)]
    config = study_config(results)
    marks = change_marks(config, drawn)
    with figure(*WIDE) as fig:
        axes = key_above(fig, marks).subplots(2, len(groups), squeeze=False, sharex=True, sharey="row")
        own = [change_marks(config, g.variants) for g in groups]
        for col, group in enumerate(groups):
            top, bottom = axes[0, col], axes[1, col]
            facet = _distinct(colour, [results.baseline, *group.variants])
            for variant in [results.baseline, *group.variants]:
                band = monthly_band(results, "active_customers", variant, point)
                top.fill_between(band.months, np.maximum(band.low, 0), band.high, color=facet[variant],
                                 alpha=0.12, lw=0)
                top.plot(band.months, band.mean, color=facet[variant], lw=2.0, label=variant)
                months, mean, low, high = _cumulative(results, variant, point)
                bottom.fill_between(months, low, high, color=facet[variant], alpha=0.12, lw=0)
                bottom.plot(months, mean, color=facet[variant], lw=2.0)
            for ax in (top, bottom):
                mark_panel(ax, own[col])
            top.set_title(group.title)
            bottom.set_xlabel("Month since start")
            money_axis(bottom)
            bottom.legend(*top.get_legend_handles_labels(), loc="upper center", bbox_to_anchor=(0.5, -0.3),
                          fontsize=10, ncol=2, columnspacing=0.8, handlelength=1.2)
        axes[0, 0].set_ylabel("Active customers")
        axes[1, 0].set_ylabel(f"Profit so far minus\n{results.baseline}'s ($)")
        mark_strips(axes[0], marks, own)
        fig.suptitle("Every variant, by group, against the baseline: mean over replications with 95% band")
        return save(fig, out_dir, stem)


def _distinct(colour: dict[str, str], variants: list[str]) -> dict[str, str]:
    """Each variant's own colour, unless another in the facet has it already: then the first colour of
    the palette none of them has (a study of many variants repeats the palette across the study)."""
    out: dict[str, str] = {}
    for variant in variants:
        taken = set(out.values())
        out[variant] = colour[variant] if colour[variant] not in taken else next(
            c for c in PALETTE if c not in taken and c != BASELINE_COLOUR)
    return out


def _cumulative(results: Results, variant: str, point: int) -> tuple[np.ndarray, ...]:
    """Profit summed from month 0 less the baseline's, paired by replication, per month: mean and 95%
    t band over replications."""
    diff = series_grid(results, "profit", variant, point) - series_grid(results, "profit", results.baseline, point)
    grid = np.cumsum(np.nan_to_num(diff), axis=1)
    n = grid.shape[0]
    mean = grid.mean(axis=0)
    half = (stats.t.ppf(0.975, n - 1) * grid.std(axis=0, ddof=1) / np.sqrt(n)) if n > 1 else np.zeros_like(mean)
    return np.arange(grid.shape[1]), mean, mean - half, mean + half
