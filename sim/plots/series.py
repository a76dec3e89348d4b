"""Monthly series per variant with 95% bands over replications.

Month 0 often holds one-off stocks (the initial customer base joining, the first purchase of
copies); when it dwarfs the rest the axis is scaled to months 1 on and month 0 is written on
the panel instead of squashing every other month flat.
"""

from __future__ import annotations

import math
from functools import lru_cache
from pathlib import Path

import numpy as np
from matplotlib.axes import Axes
from matplotlib.lines import Line2D

from sim.analysis.results import Results
from sim.analysis.series import Band, monthly_band, series_names
from sim.analysis.survival import DAYS_PER_MONTH
from sim.config.load import ConfigError, parse_experiment
from sim.plots.labels import FIRM_SEPARATOR, format_value, is_money, is_share, label, unit_label
from sim.plots.style import GREY, colours, figure, money_axis, save

PEOPLE_FIRST = ["active_customers", "joined", "churned", "mean_goodwill", "goodwill", "reputation", "stockouts",
                "complaints", "staff_morale_mean", "staff_morale", "staff_utilization", "wait_mean_minutes"]
TABLED_PREFIXES = ("churn_reason_", "joined_", "market_share")  # in the report's tables or the market plots
LABELLED = 5  # changes labelled on a monthly panel; later ones are counted (see _mark_changes)
MONEY_FIRST = ["revenue", "revenue_rental_fees", "revenue_late_fees", "revenue_subscriptions", "revenue_sales",
               "revenue_upsell", "given_back", "costs", "profit"]
LEVELS = frozenset({"active_customers", "mean_goodwill", "goodwill", "staff_morale_mean", "staff_morale",
                    "staff_utilization", "stockout_rate", "monthly_churn_rate", "reputation", "wait_mean_minutes",
                    "wait_p95_minutes"})
MAX_PANELS = 9
OUTLIER = 3.0


def monthly_plots(results: Results, out_dir: Path, point: int = 0) -> list[Path]:
    """Customers and sentiment in one figure, money in another; series that are zero throughout are left out."""
    names = [n for n in series_names(results)  # a rival's series and the flows: sim.plots.market
             if FIRM_SEPARATOR not in n and _nonzero(results, n, point)]
    money = [n for n in MONEY_FIRST if n in names]
    people = [n for n in PEOPLE_FIRST if n in names]
    people += [n for n in names if n not in MONEY_FIRST + PEOPLE_FIRST and not n.startswith(TABLED_PREFIXES)]
    paths = []
    if people:
        paths += _panels(results, people[:MAX_PANELS], "monthly_overview", "Customers month by month", out_dir, point)
    if money:
        paths += _panels(results, money[:MAX_PANELS], "monthly_money", "Money month by month", out_dir, point)
    return paths


def _nonzero(results: Results, series: str, point: int) -> bool:
    ts = results.timeseries
    mask = (ts["series"] == series) & (ts["point"] == point)
    return bool(np.any(ts["value"][mask] != 0))


def _panels(results: Results, names: list[str], stem: str, title: str, out_dir: Path, point: int) -> list[Path]:
    cols = min(3, len(names))
    rows = math.ceil(len(names) / cols)
    colour = colours(results.variants)
    warmup_months = float(results.manifest.get("warmup_days") or 0.0) / DAYS_PER_MONTH
    changes = change_marks(results)
    with figure(4.0 * cols, 2.8 * rows + 0.9) as fig:
        axes = fig.subplots(rows, cols, squeeze=False).ravel()
        for ax, name in zip(axes, names):
            bands = {v: monthly_band(results, name, v, point) for v in results.variants}
            _panel(ax, name, bands, colour)
            _mark_changes(ax, changes)
            if warmup_months > 0:
                ax.axvspan(-0.5, warmup_months - 0.5, color=GREY, alpha=0.15, lw=0)
        for ax in axes[len(names):]:
            ax.set_visible(False)
        handles = [Line2D([], [], color=colour[v], lw=1.8) for v in results.variants]
        fig.legend(handles, results.variants, loc="outside lower center", ncol=len(handles))
        note = " (shaded grey: warm-up)" if warmup_months > 0 else ""
        fig.suptitle(f"{title}: mean over replications with 95% band{note}")
        return save(fig, out_dir, stem)


def _panel(ax: Axes, name: str, bands: dict[str, Band], colour: dict[str, str]) -> None:
    scale = 100.0 if is_share(name) else 1.0
    for variant, band in bands.items():
        if band.months.size == 0 or (name.startswith("revenue_") and not np.any(band.mean)):
            continue
        ax.fill_between(band.months, band.low * scale, band.high * scale, color=colour[variant], alpha=0.2, lw=0)
        ax.plot(band.months, band.mean * scale, color=colour[variant], lw=1.8)
    _clip_month_zero(ax, name, [b for b in bands.values() if b.months.size > 1], scale)
    ax.set_title(label(name))
    ax.set_ylabel(unit_label(name, "" if name in LEVELS else "per month"))
    ax.set_xlabel("Month since start")
    if is_money(name):
        money_axis(ax)


def change_marks(results: Results) -> dict[float, str]:
    """Month of each change in any variant's timeline -> its labels (from the stored config)."""
    return dict(_marks(results.config_text)) if results.config_text else {}


@lru_cache(maxsize=2)
def _marks(text: str) -> tuple[tuple[float, str], ...]:
    """change_marks of a stored config, parsed once for every panel (thousands of changes take seconds)."""
    try:
        config = parse_experiment(text, "config.toml").config
    except ConfigError:
        return ()
    marks: dict[float, dict[str, None]] = {}
    for variant in config.variants.values():
        for change in variant.changes:
            marks.setdefault(change.day / DAYS_PER_MONTH, {})[_short(change.describe())] = None
    return tuple((month, _joined(list(labels))) for month, labels in sorted(marks.items()))


def _short(text: str, width: int = 40) -> str:
    return text if len(text) <= width else text[: width - 3] + "..."


def _joined(labels: list[str]) -> str:
    """A day's labels, the first two and how many more (a day may hold hundreds of changes)."""
    more = f" +{len(labels) - 2:,} more" if len(labels) > 2 else ""
    return ", ".join(labels[:2]) + more


def _mark_changes(ax: Axes, marks: dict[float, str]) -> None:
    """A dashed line at each of the first LABELLED changes, labelled at the top of the panel; later
    ones (a timeline may hold thousands) share a dotted line per month and a count, so that a plot's
    size and drawing time stay bounded whatever the number of changes."""
    months = list(marks)
    for month in months[:LABELLED]:
        ax.axvline(month, color="#404040", lw=0.9, ls="--")
        ax.text(month, 0.98, f" {marks[month]}", transform=ax.get_xaxis_transform(), rotation=90, ha="left",
                va="top", fontsize=7, color="#404040", clip_on=True)
    rest = months[LABELLED:]
    if rest:
        ax.vlines(sorted({round(m) for m in rest}), 0, 1, transform=ax.get_xaxis_transform(), color="#404040",
                  lw=0.6, ls=":")
        ax.text(0.99, 0.98, f"+{len(rest):,} more change dates to month {math.ceil(rest[-1])}", ha="right",
                va="top", transform=ax.transAxes, fontsize=7, color="#404040")


def _clip_month_zero(ax: Axes, name: str, bands: list[Band], scale: float) -> None:
    """Scale the axis to months 1 on when month 0 lies far outside their range; say so on the panel."""
    if not bands:
        return
    rest = np.concatenate([np.concatenate((b.low[1:], b.high[1:])) for b in bands]) * scale
    rest = rest[np.isfinite(rest)]
    if not rest.size:  # undefined from month 1 on (no customers): nothing to scale to
        return
    first = np.array([b.mean[0] for b in bands]) * scale
    lo, hi = float(rest.min()), float(rest.max())
    span = max(hi - lo, 1e-12)
    if np.all((first >= lo - OUTLIER * span) & (first <= hi + OUTLIER * span)):
        return
    ax.set_ylim(lo - 0.1 * span, hi + 0.1 * span)
    shown = ", ".join(format_value(name, v / scale) for v in sorted(set(np.round(first, 6))))
    ax.text(0.98, 0.04, f"month 0 off scale: {shown}", transform=ax.transAxes, ha="right", va="bottom",
            fontsize=7.5, color="#404040")
