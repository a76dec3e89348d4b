"""Monthly series per variant with 95% bands over replications.

Month 0 often holds one-off stocks (the initial customer base joining, the first purchase of
copies); when it dwarfs the rest the axis is scaled to months 1 on and month 0 is written on
the panel instead of squashing every other month flat.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
from matplotlib.axes import Axes
from matplotlib.lines import Line2D

from sim.analysis.results import Results
from sim.analysis.series import Band, monthly_band, series_names
from sim.analysis.survival import DAYS_PER_MONTH
from sim.plots.labels import FIRM_SEPARATOR, format_value, is_money, is_share, label, unit, unit_label
from sim.plots.selection import shown_variants, study_config, variant_colours
from sim.plots.style import GREY, WIDE, figure, money_axis, save
from sim.plots.timeline import change_marks, key_above, mark_panel, mark_strips

PEOPLE_FIRST = ["active_customers", "joined", "churned", "mean_goodwill", "goodwill", "reputation", "stockouts",
                "complaints", "staff_morale_mean", "staff_morale", "staff_utilization", "wait_mean_minutes"]
TABLED_PREFIXES = ("churn_reason_", "joined_", "market_share")  # in the report's tables or the market plots
MONEY_FIRST = ["profit", "revenue", "costs", "revenue_rental_fees", "revenue_late_fees", "revenue_subscriptions",
               "revenue_sales", "revenue_upsell", "revenue_merchandise", "given_back"]
LEVELS = frozenset({"active_customers", "mean_goodwill", "goodwill", "staff_morale_mean", "staff_morale",
                    "staff_utilization", "stockout_rate", "monthly_churn_rate", "reputation", "wait_mean_minutes",
                    "wait_p95_minutes"})
MAX_PANELS = 6  # per figure: 3 x 2 panels stay legible at 1280 x 720
OUTLIER = 3.0
NON_NEGATIVE_UNITS = frozenset({"customers", "requests", "complaints", "prospects", "minutes"})


def monthly_plots(results: Results, out_dir: Path, point: int = 0) -> list[Path]:
    """Customers and sentiment in figures of up to six panels, money in others; series that are zero
    throughout are left out."""
    names = [n for n in series_names(results)  # a rival's series and the flows: sim.plots.market
             if FIRM_SEPARATOR not in n and _nonzero(results, n, point)]
    money = [n for n in MONEY_FIRST if n in names]
    people = [n for n in PEOPLE_FIRST if n in names]
    people += [n for n in names if n not in MONEY_FIRST + PEOPLE_FIRST and not n.startswith(TABLED_PREFIXES)]
    paths = []
    for stem, title, group in (("monthly_overview", "Customers and service month by month", people),
                               ("monthly_money", "Money month by month", money)):
        for i in range(0, len(group), MAX_PANELS):
            suffix = f"_{i // MAX_PANELS + 1}" if i else ""
            paths += _panels(results, group[i:i + MAX_PANELS], stem + suffix, title, out_dir, point)
    return paths


def _monthly_values(results: Results, series: str, point: int) -> np.ndarray:
    """Every replication's every month of one series at one sweep point."""
    ts = results.timeseries
    return ts["value"][(ts["series"] == series) & (ts["point"] == point)]


def _never_negative(results: Results, series: str, point: int) -> bool:
    """No replication ever had a negative month of it (money given back, costs): its band stops at zero,
    where a t band around a skewed mean would reach below it."""
    values = _monthly_values(results, series, point)
    values = values[~np.isnan(values)]  # undefined months (a rate with no customers) say nothing
    return bool(values.size) and bool(values.min() >= 0)


def _nonzero(results: Results, series: str, point: int) -> bool:
    return bool(np.any(_monthly_values(results, series, point) != 0))


def _panels(results: Results, names: list[str], stem: str, title: str, out_dir: Path, point: int) -> list[Path]:
    cols = min(3, len(names))
    rows = math.ceil(len(names) / cols)
    shown = shown_variants(results, point)
    colour = variant_colours(results, point)
    warmup_months = float(results.manifest.get("warmup_days") or 0.0) / DAYS_PER_MONTH
    marks = change_marks(study_config(results), shown)
    with figure(*WIDE) as fig:
        panels = key_above(fig, marks)
        axes = panels.subplots(rows, cols, squeeze=False, sharex=True).ravel()
        for ax, name in zip(axes, names):
            bands = {v: monthly_band(results, name, v, point) for v in shown}
            _panel(ax, name, bands, colour, _never_negative(results, name, point))
            mark_panel(ax, marks)
            if warmup_months > 0:
                ax.axvspan(-0.5, warmup_months - 0.5, color=GREY, alpha=0.15, lw=0)
        for ax in axes[len(names):]:
            ax.set_visible(False)
        for ax in axes[max(len(names) - cols, 0):len(names)]:  # the lowest panel of each column
            ax.set_xlabel("Month since start")
            ax.tick_params(axis="x", labelbottom=True)
        legend(panels, shown, colour, results)
        mark_strips(axes[:cols], marks)
        note = " (grey: warm-up)" if warmup_months > 0 else ""
        fig.suptitle(f"{title}: mean over replications with 95% band{note}")
        return save(fig, out_dir, stem)


def legend(fig, shown: list[str], colour: dict[str, str], results: Results) -> None:
    """One line per drawn variant below the panels; says how many are left out and where they are."""
    handles = [Line2D([], [], color=colour[v], lw=2.2) for v in shown]
    names = [f"{v} (baseline)" if v == results.baseline else v for v in shown]
    hidden = len(results.variants) - len(shown)
    if hidden:
        handles.append(Line2D([], [], color="none"))
        names.append(f"+{hidden} more: see by_group")
    fig.legend(handles, names, loc="outside lower center", ncol=min(len(handles), 4))


def _panel(ax: Axes, name: str, bands: dict[str, Band], colour: dict[str, str], never_negative: bool) -> None:
    scale = 100.0 if is_share(name) else 1.0
    floor = 0.0 if never_negative or is_share(name) or unit(name) in NON_NEGATIVE_UNITS else -np.inf
    for variant, band in bands.items():
        if band.months.size == 0 or (name.startswith("revenue_") and not np.any(band.mean)):
            continue
        low, high = np.maximum(band.low * scale, floor), np.maximum(band.high * scale, floor)
        ax.fill_between(band.months, low, high, color=colour[variant], alpha=0.15, lw=0)
        ax.plot(band.months, band.mean * scale, color=colour[variant], lw=2.0)
    _clip_month_zero(ax, name, [b for b in bands.values() if b.months.size > 1], scale)
    if floor == 0.0:
        ax.set_ylim(bottom=0.0)
    ax.set_title(label(name))
    ax.set_ylabel(unit_label(name, "" if name in LEVELS else "per month"))
    if is_money(name):
        money_axis(ax)


def _clip_month_zero(ax: Axes, name: str, bands: list[Band], scale: float) -> None:
    """Scale the axis to months 1 on when month 0 lies outside their range (money: any way outside,
    as month 0 holds the one-off purchases); say so on the panel."""
    if not bands:
        return
    rest = np.concatenate([np.concatenate((b.low[1:], b.high[1:])) for b in bands]) * scale
    rest = rest[np.isfinite(rest)]
    if not rest.size:  # undefined from month 1 on (no customers): nothing to scale to
        return
    first = np.array([b.mean[0] for b in bands]) * scale
    if not np.isfinite(rest).any() or not np.isfinite(first).any():
        return
    lo, hi = float(np.nanmin(rest)), float(np.nanmax(rest))
    span = max(hi - lo, 1e-12)
    margin = 0.0 if is_money(name) else OUTLIER * span
    if np.all((first >= lo - margin) & (first <= hi + margin)):
        return
    ax.set_ylim(lo - 0.1 * span, hi + 0.25 * span)
    lowest, highest = float(np.nanmin(first)) / scale, float(np.nanmax(first)) / scale
    shown = format_value(name, lowest) + ("" if lowest == highest else f" to {format_value(name, highest)}")
    ax.text(0.98, 0.97, f"month 0 off scale: {shown}", transform=ax.transAxes, ha="right", va="top",
            fontsize=10, color="#404040")
