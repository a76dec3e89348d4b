"""The answer to a study, first: for each variant against the baseline, the decision KPIs as paired
differences in business units with a plain verdict, and one sentence on which option is best.

A room decides on a handful of figures (profit, customers kept, churn, market share, when a change
pays back), so those are the tiles; everything else stays in the tables. A verdict claims a
direction only when the paired 95% interval excludes zero, as the headlines do.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from sim.analysis.intervals import Interval, paired_difference
from sim.analysis.payback import first_change_month, payback
from sim.analysis.results import Results
from sim.config import Experiment
from sim.config.timeline import MONTH
from sim.plots.labels import format_value, is_money, is_share

BETTER, WORSE, UNCLEAR, TOO_FEW = "better", "worse", "no clear difference", "too few replications"

# kpi: (tile title, +1 when higher is better / -1 when lower is better, unit word after the number)
DECISION_KPIS = {
    "profit": ("Profit", +1, ""),
    "customers_active_end": ("Customers at the end", +1, ""),
    "monthly_churn_rate": ("Monthly churn rate", -1, ""),
    "market_share_end": ("Market share at the end", +1, ""),
}
PAYBACK = "payback_month"


@dataclass(frozen=True)
class Tile:
    """One decision KPI of one variant against its baseline."""

    kpi: str
    title: str
    difference: Interval  # paired, in the KPI's units (payback: the running profit at the horizon)
    verdict: str
    good: str  # the KPI's direction of good, in words
    value: str  # the headline figure: a signed difference, or the payback month
    span: str  # its 95% interval in words, or what the figure rests on


@dataclass(frozen=True)
class VariantAnswer:
    """One option's tiles against the baseline."""

    variant: str
    baseline: str
    tiles: list[Tile]


@dataclass(frozen=True)
class Answer:
    """The answer panel: every option's tiles and the one-sentence summary."""

    baseline: str
    variants: list[VariantAnswer]
    summary: str


def answer(results: Results, config: Experiment | None = None, baseline: str | None = None,
           point: int = 0) -> Answer:
    """Every variant against `baseline` (default: the study's) at one sweep point; with the config,
    a payback tile for each variant with dated changes when the baseline has none."""
    base = baseline or results.baseline
    kpis = [k for k in DECISION_KPIS if k in results.kpis]
    rows = []
    for variant in results.variants:
        if variant == base:
            continue
        tiles = [tile(k, results.kpi(k, variant, point), results.kpi(k, base, point), results.horizon_days)
                 for k in kpis]
        month = _change_month(config, variant, base)
        if month is not None and base == results.baseline:
            tiles.append(payback_tile(results, variant, month, point))
        rows.append(VariantAnswer(variant, base, tiles))
    return Answer(base, rows, summary(results, base, point))


def tile(kpi: str, values: np.ndarray, base: np.ndarray, horizon_days: float | None = None) -> Tile:
    """The paired difference of one KPI (replication r against replication r) with its verdict.

    Takes the two arrays so a page can compare a variant with the same variant of an earlier run."""
    title, sign, _ = DECISION_KPIS[kpi]
    if kpi == "profit" and horizon_days:
        title = f"Profit over {horizon_words(horizon_days)}"
    diff = paired_difference(values, base)
    return Tile(kpi, title, diff, verdict(diff, sign), "higher is better" if sign > 0 else "lower is better",
                amount(kpi, diff.mean, signed=True), _span(kpi, diff))


def payback_tile(results: Results, variant: str, change_month: int, point: int = 0) -> Tile:
    """When the variant's change has made back what it cost, judged on the running paired profit at the horizon."""
    p = payback(results, variant, change_month, point)
    value = "not within the horizon" if p.payback_month is None else f"month {p.payback_month}"
    span = f"profit minus baseline's by the horizon {amount('profit', p.at_horizon.mean, True)}"
    return Tile(PAYBACK, "Change pays back", p.at_horizon, verdict(p.at_horizon, +1), "sooner is better",
                value, span)


def horizon_words(days: float) -> str:
    """'3 years', '18 months': how long the money of a tile was counted."""
    months = days / MONTH
    if abs(months / 12 - round(months / 12)) < 0.05 and months >= 12:
        years = round(months / 12)
        return f"{years} year{'s' if years > 1 else ''}"
    return f"{months:.0f} months"


def verdict(diff: Interval, sign: int) -> str:
    """better / worse only when the 95% interval excludes zero, with the KPI's direction of good."""
    if math.isnan(diff.low):
        return TOO_FEW
    if not diff.excludes_zero():
        return UNCLEAR
    return BETTER if diff.mean * sign > 0 else WORSE


def amount(kpi: str, value: float, signed: bool = False, with_unit: bool = True) -> str:
    """One unit per KPI: dollars for money, percentage points for shares, whole customers when many."""
    sign = "+" if signed else ""
    if is_share(kpi):
        text, unit = f"{100 * value + 0.0:{sign}.1f}".replace("-0.0", "0.0").replace("+0.0", "0.0"), "pp"
    elif is_money(kpi):
        text, unit = format_value(kpi, value), ""
        text = "+" + text if signed and value > 0 else text
    else:
        text = f"{value:{sign},.0f}" if abs(value) >= 10 else f"{value:{sign}.1f}"
        unit = ""
    unit = " ".join(u for u in (unit, DECISION_KPIS.get(kpi, ("", 1, ""))[2]) if u)
    return f"{text} {unit}" if with_unit and unit else text


def _span(kpi: str, diff: Interval) -> str:
    if math.isnan(diff.low):
        return "no interval (one replication)"
    return f"95% CI {amount(kpi, diff.low, True, with_unit=False)} to {amount(kpi, diff.high, True)}"


def _change_month(config: Experiment | None, variant: str, base: str) -> int | None:
    if config is None or variant not in config.variants or base not in config.variants:
        return None
    if config.variants[base].changes:
        return None
    return first_change_month(config.variants[variant])


def summary(results: Results, base: str, point: int = 0) -> str:
    """One sentence: which option is best for profit, which for customers, and whether one does both."""
    parts = {k: _best_clause(results, k, base, point) for k in ("profit", "customers_active_end")
             if k in results.kpis}
    if not parts:
        return ""
    if len(parts) == 1:
        return "Best " + next(iter(parts.values()))[0] + "."
    (profit_text, profit_best), (customer_text, customer_best) = parts["profit"], parts["customers_active_end"]
    both = (f"`{profit_best}` does both" if profit_best == customer_best
            else "no one option does both")
    return f"Best {profit_text}; best {customer_text}; {both}."


def _best_clause(results: Results, kpi: str, base: str, point: int) -> tuple[str, str]:
    """The variant clearly better than the baseline with the highest mean; the baseline when none is."""
    noun = "for profit" if kpi == "profit" else "for customers"
    diffs = {v: paired_difference(results.kpi(kpi, v, point), results.kpi(kpi, base, point))
             for v in results.variants if v != base}
    clear = [v for v, d in diffs.items() if d.low > 0]
    if not clear:
        return f"{noun}: `{base}`, the baseline (no option is clearly better)", base
    top = max(clear, key=lambda v: diffs[v].mean)
    return f"{noun}: `{top}` ({amount(kpi, diffs[top].mean, signed=True)} against `{base}`)", top
